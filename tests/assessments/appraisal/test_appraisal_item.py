"""One unit's field on the appraiser's page: each sub-criterion with the unit's entry,
explanation and evidence, and the forms to appraise it or return it for supplement."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from appraisal_support import appraise_data, return_data, table
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parindex.apps.assessments.evidence import evidence_attach
from parindex.apps.assessments.models import Score, ScoreStatus, Side, ThreadMessage
from parindex.apps.assessments.services_appraisal import (
    ACTION_APPRAISE,
    ACTION_RETURN,
    COMPUTED,
    DEADLINE_NOT_FUTURE,
    NOTHING_ENTERED,
)
from parindex.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def unchanged(score):
    fresh = Score.objects.get(pk=score.pk)
    return (
        fresh.version == score.version
        and fresh.status == score.status
        and fresh.appraised_score == score.appraised_score
        and fresh.opinion == score.opinion
    )


# --- the page -----------------------------------------------------------------------------


def test_the_page_shows_each_sub_criterion_with_the_units_entry_and_a_form(
    client, personas, page_url
):
    client.force_login(personas.appraiser)
    response = client.get(page_url("1"))
    page = response.content.decode()
    assert response.status_code == 200
    for code in ("1.1.1", "1.1.2", "1.2", "1.3.1", "1.6", "1.7"):
        assert f'id="muc-{code}"' in page
    assert "Đã ban hành kế hoạch kiểm tra số 12/KH-SNV." in page
    assert "tử số 45; mẫu số 50 → <strong>1,80</strong>" in page
    assert page.count('class="stacked appraise-form"') == 11


def test_the_form_starts_from_the_units_own_entry(client, personas, page_url):
    client.force_login(personas.appraiser)
    page = client.get(page_url("1")).content.decode()
    assert 'name="m1_6-numerator" value="45"' in page
    assert 'name="m1_6-denominator" value="50"' in page


def test_the_accuracy_item_is_computed_and_has_no_score_input(client, personas, page_url):
    client.force_login(personas.appraiser)
    page = client.get(page_url("1")).content.decode()
    assert "Hệ thống tính theo tỷ lệ tiêu chí tự chấm đúng điểm thẩm định" in page
    assert 'name="m1_7-score"' not in page
    assert 'name="m1_7-opinion"' in page


def test_the_page_lists_evidence_with_links_that_download_it(client, personas, page_url, item):
    score = item("1.3.1")
    upload = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    evidence = evidence_attach(actor=personas.staff, score=score, upload=upload)
    client.force_login(personas.appraiser)
    page = client.get(page_url("1")).content.decode()
    url = reverse("assessments:evidence_download", args=[evidence.uuid])
    assert f'href="{url}">ke-hoach.pdf</a>' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("who", ["other_staff", "outsider"])
def test_evidence_is_hidden_from_other_units_and_outsiders(client, personas, item, who):
    upload = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    evidence = evidence_attach(actor=personas.staff, score=item("1.3.1"), upload=upload)
    client.force_login(getattr(personas, who))
    url = reverse("assessments:evidence_download", args=[evidence.uuid])
    assert client.get(url).status_code == 404


def test_the_page_shows_the_units_running_appraised_result(client, personas, page_url, item):
    score = item("1.3.1")
    Score.objects.filter(pk=score.pk).update(
        appraised_score=D("0.25"), status=ScoreStatus.APPRAISED
    )
    client.force_login(personas.appraiser)
    response = client.get(page_url("1"))
    page = response.content.decode()
    assert "Điểm thẩm định của lĩnh vực (đến nay)" in page
    assert "<dd>1,25</dd>" in page  # 0,25 appraised + 1 computed for accuracy


def test_the_secretariat_and_the_council_may_read_the_page_without_forms(
    client, personas, page_url
):
    for who in (personas.secretariat, personas.council):
        client.force_login(who)
        response = client.get(page_url("1"))
        assert response.status_code == 200
        assert "appraise-form" not in response.content.decode()


@pytest.mark.parametrize("who", ["other_appraiser", "staff", "leader", "other_staff", "outsider"])
def test_the_page_is_hidden_from_everyone_else(client, personas, page_url, who):
    client.force_login(getattr(personas, who))
    assert client.get(page_url("1")).status_code == 404


def test_the_page_sends_anonymous_visitors_to_sign_in(client, page_url):
    response = client.get(page_url("1"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_page_takes_only_get(client, personas, page_url):
    client.force_login(personas.appraiser)
    assert client.post(page_url("1")).status_code == 405


def test_the_page_does_not_exist_before_appraisal_starts(client, personas, page_url, appraisal):
    appraisal.round.status = "self_assessment"
    appraisal.round.save()
    client.force_login(personas.appraiser)
    assert client.get(page_url("1")).status_code == 404


def test_a_field_of_another_criteria_set_or_a_criterion_is_not_a_page(client, personas, appraisal):
    client.force_login(personas.appraiser)
    participation = appraisal.participations["SNV"]
    criterion = appraisal.criteria_set.nodes.get(code="1.1")
    url = reverse("assessments:appraise", args=[participation.uuid, criterion.uuid])
    assert client.get(url).status_code == 404


def test_the_page_reads_a_bounded_number_of_queries(
    client, personas, page_url, django_assert_max_num_queries
):
    client.force_login(personas.appraiser)
    with django_assert_max_num_queries(22):
        assert client.get(page_url("1")).status_code == 200


# --- appraising ---------------------------------------------------------------------------


def test_an_appraiser_sets_the_appraised_score_and_opinion(client, personas, item, item_url):
    score = item("1.3.1")
    client.force_login(personas.appraiser)
    data = appraise_data(score, score="0,25", opinion="Kế hoạch ban hành chậm; trừ 0,25.")
    response = client.post(item_url(score), data)
    assert response.status_code == 302
    assert response.url.endswith("#muc-1.3.1")
    score.refresh_from_db()
    assert score.appraised_score == D("0.25")
    assert score.opinion == "Kế hoạch ban hành chậm; trừ 0,25."
    assert score.status == ScoreStatus.APPRAISED
    assert score.version == 2
    assert score.updated_by == personas.appraiser
    message = score.thread.get()
    assert (message.side, message.score_value) == (Side.COUNCIL, D("0.25"))
    page = client.get(response.url).content.decode()
    assert "Đã lưu kết quả thẩm định mục 1.3.1." in page


def test_appraising_is_audited_with_the_old_and_new_values(client, personas, item, item_url):
    score = item("1.3.1")
    client.force_login(personas.appraiser)
    client.post(item_url(score), appraise_data(score, score="0,25", opinion="Trừ 0,25."))
    entry = AuditEntry.objects.get(action=ACTION_APPRAISE)
    assert entry.actor == personas.appraiser
    assert (entry.unit_code, entry.node_code) == ("SNV", "1.3.1")
    assert entry.round_id == score.participation.round.uuid
    assert entry.old["appraised_score"] is None
    assert entry.old["status"] == "open"
    assert entry.new["appraised_score"] == "0.25"
    assert entry.new["opinion"] == "Trừ 0,25."
    assert entry.new["status"] == "appraised"


def test_raw_inputs_are_appraised_and_scored_by_the_rule(client, personas, item, item_url):
    score = item("1.6")
    client.force_login(personas.appraiser)
    data = appraise_data(score, numerator="40", denominator="50", opinion="Số liệu đúng là 40.")
    assert client.post(item_url(score), data).status_code == 302
    score.refresh_from_db()
    assert (score.appraised_numerator, score.appraised_denominator) == (D(40), D(50))
    assert score.appraised_score is None
    assert score.thread.get().score_value == D("1.6")


def test_checklist_items_are_appraised_by_ticking_them(client, personas, item, item_url):
    score = item("1.2")
    client.force_login(personas.appraiser)
    data = appraise_data(score, items=["quy1", "nam"])
    assert client.post(item_url(score), data).status_code == 302
    score.refresh_from_db()
    assert score.appraised_items == ["nam", "quy1"]


def test_an_item_can_be_appraised_as_not_applicable(client, personas, item, item_url):
    score = item("1.5")
    client.force_login(personas.appraiser)
    assert (
        client.post(item_url(score), appraise_data(score, not_applicable="on")).status_code == 302
    )
    score.refresh_from_db()
    assert score.appraised_not_applicable is True


@pytest.mark.parametrize(
    "case",
    [
        ("1.3.1", {"score": "0,75"}, "điểm 0,75 nằm ngoài khoảng 0 đến 0,5"),
        ("1.3.1", {"score": "-1"}, "điểm -1 nằm ngoài khoảng 0 đến 0,5"),
        ("1.3.1", {"score": "0,3"}, "điểm 0,3 không theo bước 0,25"),
        ("1.6", {"numerator": "60", "denominator": "50"}, "tử số 60 lớn hơn mẫu số 50"),
        ("1.6", {"numerator": "10"}, "thiếu mẫu số"),
        ("1.3.1", {"opinion": "Chưa rõ."}, str(NOTHING_ENTERED)),
    ],
)
def test_an_entry_the_rule_refuses_is_shown_and_changes_nothing(
    client, personas, item, item_url, case
):
    code, values, message = case
    score = item(code)
    client.force_login(personas.appraiser)
    response = client.post(item_url(score), appraise_data(score, **values))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert unchanged(score)
    assert not AuditEntry.objects.exists()


def test_an_unknown_checklist_item_is_refused(client, personas, item, item_url):
    score = item("1.2")
    client.force_login(personas.appraiser)
    response = client.post(item_url(score), appraise_data(score, items=["quy1", "gia-mao"]))
    assert response.status_code == 400
    assert unchanged(score)


def test_the_accuracy_item_cannot_be_given_a_score(client, personas, item, item_url):
    score = item("1.7")
    client.force_login(personas.appraiser)
    response = client.post(item_url(score), appraise_data(score, score="1", opinion="Đạt."))
    assert response.status_code == 400
    assert str(COMPUTED) in response.content.decode()
    assert unchanged(score)


def test_a_score_of_another_field_sent_through_a_field_1_address_is_not_found(
    client, personas, item, item_url
):
    score = item("2.3")
    client.force_login(personas.appraiser)
    response = client.post(item_url(score, field="1"), appraise_data(score, score="1"))
    assert response.status_code == 404
    assert unchanged(score)


def test_another_units_score_sent_through_snvs_address_is_not_found(
    client, personas, item, item_url
):
    score = item("1.3.1", unit="STP")
    client.force_login(personas.appraiser)
    response = client.post(item_url(score, unit="SNV"), appraise_data(score, score="0,5"))
    assert response.status_code == 404
    assert unchanged(score)


@pytest.mark.parametrize("who", ["other_appraiser", "staff", "leader", "outsider"])
def test_nobody_but_the_fields_appraiser_may_appraise_it(client, personas, item, item_url, who):
    score = item("1.3.1")
    client.force_login(getattr(personas, who))
    response = client.post(item_url(score), appraise_data(score, score="0"))
    assert response.status_code == 404
    assert unchanged(score)


@pytest.mark.parametrize("who", ["secretariat", "council"])
def test_overseers_read_the_page_but_may_not_appraise(client, personas, item, item_url, who):
    score = item("1.3.1")
    client.force_login(getattr(personas, who))
    response = client.post(item_url(score), appraise_data(score, score="0"))
    assert response.status_code == 403
    assert unchanged(score)


def test_the_other_fields_appraiser_may_not_appraise_field_1_through_field_2s_address(
    client, personas, item, item_url
):
    score = item("1.3.1")
    client.force_login(personas.other_appraiser)
    response = client.post(item_url(score, field="2"), appraise_data(score, score="0"))
    assert response.status_code == 404
    assert unchanged(score)


def test_appraising_takes_only_post(client, personas, item, item_url):
    client.force_login(personas.appraiser)
    assert client.get(item_url(item("1.3.1"))).status_code == 405


def test_appraising_sends_anonymous_visitors_to_sign_in(client, item, item_url):
    score = item("1.3.1")
    response = client.post(item_url(score), appraise_data(score, score="0"))
    assert response.status_code == 302
    assert unchanged(score)


# --- returning for supplement -------------------------------------------------------------


def test_an_appraiser_returns_an_item_for_supplement_until_a_deadline(
    client, personas, item, item_url
):
    score = item("1.3.1")
    client.force_login(personas.appraiser)
    response = client.post(item_url(score, "return_item"), return_data(score, days=5))
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.status == ScoreStatus.RETURNED
    message = score.thread.get()
    assert message.side == Side.COUNCIL
    assert message.text == "Bổ sung quyết định ban hành kế hoạch."
    expected = timezone.now() + timedelta(days=5)
    assert abs(message.supplement_deadline - expected) < timedelta(minutes=2)
    entry = AuditEntry.objects.get(action=ACTION_RETURN)
    assert (entry.old, entry.new["status"]) == ({"status": "open"}, "returned")
    assert entry.new["request"] == "Bổ sung quyết định ban hành kế hoạch."


def test_a_return_with_a_past_deadline_is_refused(client, personas, item, item_url):
    score = item("1.3.1")
    client.force_login(personas.appraiser)
    response = client.post(item_url(score, "return_item"), return_data(score, days=-1))
    assert response.status_code == 400
    assert str(DEADLINE_NOT_FUTURE) in response.content.decode()
    assert unchanged(score)
    assert not ThreadMessage.objects.exists()


def test_a_return_without_a_request_is_refused(client, personas, item, item_url):
    score = item("1.3.1")
    client.force_login(personas.appraiser)
    response = client.post(item_url(score, "return_item"), return_data(score, text=""))
    assert response.status_code == 400
    assert unchanged(score)


@pytest.mark.parametrize("who", ["other_appraiser", "staff", "outsider"])
def test_nobody_but_the_fields_appraiser_may_return_it(client, personas, item, item_url, who):
    score = item("1.3.1")
    client.force_login(getattr(personas, who))
    response = client.post(item_url(score, "return_item"), return_data(score))
    assert response.status_code == 404
    assert unchanged(score)


def test_a_score_of_another_field_cannot_be_returned_through_a_field_1_address(
    client, personas, item, item_url
):
    score = item("2.3")
    client.force_login(personas.appraiser)
    response = client.post(item_url(score, "return_item", field="1"), return_data(score))
    assert response.status_code == 404
    assert unchanged(score)


def test_returning_takes_only_post(client, personas, item, item_url):
    client.force_login(personas.appraiser)
    assert client.get(item_url(item("1.3.1"), "return_item")).status_code == 405


def test_returning_sends_anonymous_visitors_to_sign_in(client, item, item_url):
    score = item("1.3.1")
    assert client.post(item_url(score, "return_item"), return_data(score)).status_code == 302
    assert unchanged(score)


def test_a_second_appraisal_of_an_answered_item_closes_it(client, personas, returned, item_url):
    score = returned("1.3.1")
    Score.objects.filter(pk=score.pk).update(status=ScoreStatus.SUPPLEMENTED, version=3)
    score.refresh_from_db()
    client.force_login(personas.appraiser)
    data = appraise_data(score, score="0,5", opinion="Đã bổ sung đủ; giữ điểm.")
    assert client.post(item_url(score), data).status_code == 302
    score.refresh_from_db()
    assert score.status == ScoreStatus.CLOSED


def test_the_page_shows_the_thread_in_two_columns(client, personas, returned, page_url):
    score = returned("1.3.1")
    ThreadMessage.objects.create(
        score=score, side=Side.UNIT, author=personas.staff, text="Đã bổ sung QĐ 15.", score_value=1
    )
    client.force_login(personas.appraiser)
    rows = table(client.get(page_url("1")), "Trao đổi giữa đơn vị và Hội đồng thẩm định")
    assert rows[0] == ["Đơn vị giải trình", "Ý kiến thẩm định"]
    assert rows[1][0] == ""
    assert "Đề nghị bổ sung quyết định ban hành." in rows[1][1]
    assert "Đã bổ sung QĐ 15." in rows[2][0]
    assert rows[2][1] == ""
