"""The leader submits the unit's self-assessment once every scored criterion carries
evidence or an explanation; the unit may withdraw it until appraisal starts."""

from decimal import Decimal

import pytest
from self_support import PDF, upload

from parindex.apps.assessments.models import ParticipationStatus, RoundStatus, Score
from parindex.apps.audit.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_media")]


def give(score, **values):
    Score.objects.filter(pk=score.pk).update(**values)


@pytest.fixture
def scored(scores):
    """SNV has scored 2.3 (with an explanation), 1.1.2 (with a file to come) and 4.1
    (with neither); 1.6 is marked not applicable."""
    snv = scores("SNV")
    give(snv["2.3"], self_score=Decimal(2), explanation="Đã thực hiện đầy đủ")
    give(snv["1.1.2"], self_numerator=Decimal(9), self_denominator=Decimal(10))
    give(snv["4.1"], self_score=Decimal(3))
    give(snv["1.6"], self_not_applicable=True)
    return snv


def status_of(participation):
    participation.refresh_from_db()
    return participation.status


def test_the_check_lists_scored_criteria_without_evidence_or_explanation(
    client, personas, urls, scored
):
    client.force_login(personas.staff)
    response = client.get(urls.named("self_submit"))
    assert response.status_code == 200
    page = response.content.decode()
    missing = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "<td>1.1.2</td>" in missing
    assert "Mức độ hoàn thành kế hoạch CCHC" in missing
    assert f"{urls.page()}#tc-4.1" in missing
    assert "<td>2.3</td>" not in missing  # explained
    assert "<td>1.6</td>" not in missing  # not applicable
    assert "Chỉ lãnh đạo đơn vị gửi kết quả tự đánh giá." in page


def test_the_leader_cannot_submit_while_something_is_missing(
    client, personas, urls, scored, province
):
    client.force_login(personas.leader)
    response = client.post(urls.named("self_submit"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Chưa gửi được: 2 tiêu chí đã chấm điểm" in page
    assert f"{urls.page()}#tc-1.1.2" in page
    assert status_of(province.participations["SNV"]) == ParticipationStatus.DRAFT


def complete(client, personas, urls, scored):
    client.force_login(personas.staff)
    client.post(urls.upload(scored["1.1.2"]), {"file": upload("ke-hoach.pdf", PDF)})
    give(scored["4.1"], explanation="Theo báo cáo số 12/BC")


def test_the_leader_submits_once_everything_is_supported(client, personas, urls, scored, province):
    complete(client, personas, urls, scored)
    client.force_login(personas.leader)
    response = client.post(urls.named("self_submit"))
    assert response.status_code == 302
    snv = province.participations["SNV"]
    snv.refresh_from_db()
    assert snv.status == ParticipationStatus.SUBMITTED
    assert snv.submitted_by == personas.leader
    assert snv.submitted_at is not None
    entry = AuditEntry.objects.get(action="participation.submit")
    assert entry.new["status"] == "submitted"
    page = client.get(urls.page()).content.decode()
    assert "Đã gửi kết quả tự đánh giá của Sở Nội vụ." in page


@pytest.mark.parametrize("who", ["staff", "secretariat"])
def test_only_the_leader_submits(client, personas, urls, scored, who):
    complete(client, personas, urls, scored)
    client.force_login(getattr(personas, who))
    assert client.post(urls.named("self_submit")).status_code == 403
    assert status_of(scored["2.3"].participation) == ParticipationStatus.DRAFT


@pytest.mark.parametrize("who", ["outsider", "other_staff", "appraiser"])
def test_others_cannot_see_or_submit(client, personas, urls, province, who):
    client.force_login(getattr(personas, who))
    assert client.get(urls.named("self_submit")).status_code == 404
    assert client.post(urls.named("self_submit")).status_code == 404
    assert status_of(province.participations["SNV"]) == ParticipationStatus.DRAFT


def test_submitting_after_the_deadline_is_refused(client, personas, urls, scored, past_deadline):
    complete(client, personas, urls, scored)
    past_deadline()
    client.force_login(personas.leader)
    response = client.post(urls.named("self_submit"))
    assert response.status_code == 409
    assert "Đã hết hạn tự đánh giá" in response.content.decode()
    assert status_of(scored["2.3"].participation) == ParticipationStatus.DRAFT


def test_the_submission_page_takes_get_and_post_only(client, personas, urls):
    client.force_login(personas.leader)
    assert client.put(urls.named("self_submit")).status_code == 405


def test_the_submission_page_sends_anonymous_visitors_to_sign_in(client, urls):
    assert client.get(urls.named("self_submit")).status_code == 302


# --- withdrawing ----------------------------------------------------------------------


@pytest.fixture
def submitted(province):
    snv = province.participations["SNV"]
    snv.status = ParticipationStatus.SUBMITTED
    snv.save()
    return snv


def test_the_leader_withdraws_a_submission_back_to_draft(
    client, personas, urls, submitted, province
):
    client.force_login(personas.leader)
    response = client.post(urls.named("self_withdraw"))
    assert response.status_code == 302
    assert status_of(province.participations["SNV"]) == ParticipationStatus.DRAFT
    assert AuditEntry.objects.get(action="participation.withdraw").old["status"] == "submitted"


def test_staff_cannot_withdraw(client, personas, urls, submitted, province):
    client.force_login(personas.staff)
    assert client.post(urls.named("self_withdraw")).status_code == 403
    assert status_of(province.participations["SNV"]) == ParticipationStatus.SUBMITTED


def test_nothing_can_be_withdrawn_once_appraisal_has_started(
    client, personas, urls, submitted, province
):
    province.round.status = RoundStatus.APPRAISAL
    province.round.save()
    client.force_login(personas.leader)
    response = client.post(urls.named("self_withdraw"), follow=True)
    assert "Không thể rút lại" in response.content.decode()
    assert status_of(province.participations["SNV"]) == ParticipationStatus.SUBMITTED


def test_a_draft_has_nothing_to_withdraw(client, personas, urls, province):
    client.force_login(personas.leader)
    response = client.post(urls.named("self_withdraw"), follow=True)
    assert "không có gì để rút lại" in response.content.decode()


def test_withdrawing_takes_only_post(client, personas, urls, submitted):
    client.force_login(personas.leader)
    assert client.get(urls.named("self_withdraw")).status_code == 405


@pytest.mark.parametrize("who", ["outsider", "other_staff"])
def test_others_cannot_withdraw(client, personas, urls, submitted, who):
    client.force_login(getattr(personas, who))
    assert client.post(urls.named("self_withdraw")).status_code == 404
    assert status_of(submitted) == ParticipationStatus.SUBMITTED
