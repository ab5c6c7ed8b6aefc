"""The unit answers a returned item before its deadline: an explanation, a proposed
score and maybe one more evidence file; the item then waits for a second appraisal."""

from decimal import Decimal as D

import pytest
from appraisal_support import answer_data, table
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parindex.apps.assessments.models import Delegation, Score, ScoreStatus, Side
from parindex.apps.assessments.services_appraisal import (
    ACTION_ANSWER,
    NOT_RETURNED,
)
from parindex.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PAGE = reverse("assessments:supplements")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def answer_url(score):
    return reverse("assessments:answer", args=[score.uuid])


def unchanged(score):
    fresh = Score.objects.get(pk=score.pk)
    return (fresh.status, fresh.version, fresh.thread.count()) == (
        score.status,
        score.version,
        score.thread.count(),
    )


def test_unit_members_see_their_returned_items_with_deadlines(client, personas, returned):
    score = returned("1.3.1", days=3)
    returned("1.3.1", unit="STP")
    client.force_login(personas.staff)
    response = client.get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="muc-{score.uuid}"' in page
    assert "Đề nghị bổ sung quyết định ban hành." in page
    deadline = timezone.localtime(score.thread.get().supplement_deadline)
    assert f"hạn bổ sung <strong>{deadline:%H:%M %d/%m/%Y}</strong>" in page
    assert page.count('class="appraisal-item') == 1  # not STP's
    assert 'class="stacked answer-form"' in page


def test_the_page_says_when_nothing_was_returned(client, personas, appraisal):
    client.force_login(personas.leader)
    assert "Không có tiêu chí nào được yêu cầu bổ sung." in client.get(PAGE).content.decode()


@pytest.mark.parametrize("who", ["outsider", "appraiser", "secretariat"])
def test_the_page_is_only_for_unit_members(client, personas, appraisal, who):
    client.force_login(getattr(personas, who))
    assert client.get(PAGE).status_code == 403


def test_the_page_takes_only_get(client, personas, appraisal):
    client.force_login(personas.staff)
    assert client.post(PAGE).status_code == 405


def test_the_page_sends_anonymous_visitors_to_sign_in(client, appraisal):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_unit_answers_with_an_explanation_and_a_proposed_score(client, personas, returned):
    score = returned("1.3.1")
    client.force_login(personas.staff)
    response = client.post(answer_url(score), answer_data(score, proposed="0,5"))
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.status == ScoreStatus.SUPPLEMENTED
    assert score.version == 3
    answer = score.thread.get(side=Side.UNIT)
    assert answer.text == "Đơn vị bổ sung quyết định số 15/QĐ-SNV."
    assert answer.score_value == D("0.5")
    assert answer.author == personas.staff
    entry = AuditEntry.objects.get(action=ACTION_ANSWER)
    assert entry.old == {"status": "returned"}
    assert entry.new["status"] == "supplemented"
    assert entry.new["proposed_score"] == "0.5"
    assert (entry.unit_code, entry.node_code) == ("SNV", "1.3.1")


def test_the_answer_may_attach_one_more_evidence_file(client, personas, returned):
    score = returned("1.3.1")
    client.force_login(personas.leader)
    upload = SimpleUploadedFile("quyet-dinh-15.pdf", PDF, content_type="application/pdf")
    response = client.post(answer_url(score), answer_data(score, file=upload))
    assert response.status_code == 302
    assert [e.name for e in score.evidence.all()] == ["quyet-dinh-15.pdf"]
    assert AuditEntry.objects.filter(action="evidence.attach", node_code="1.3.1").exists()


def test_a_disguised_file_in_an_answer_is_refused_and_changes_nothing(client, personas, returned):
    score = returned("1.3.1")
    client.force_login(personas.leader)
    upload = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(answer_url(score), answer_data(score, file=upload))
    assert response.status_code == 400
    assert "Tệp «bao-cao.pdf» không được nhận" in response.content.decode()
    assert unchanged(score)
    assert not score.evidence.exists()


def test_an_answer_after_the_deadline_is_refused_and_changes_nothing(client, personas, returned):
    score = returned("1.3.1", days=-1)
    client.force_login(personas.staff)
    response = client.post(answer_url(score), answer_data(score))
    assert response.status_code == 400
    assert "Đã quá hạn bổ sung" in response.content.decode()
    assert unchanged(score)
    assert not AuditEntry.objects.exists()


def test_past_the_deadline_the_page_offers_no_answer_form(client, personas, returned):
    returned("1.3.1", days=-1)
    client.force_login(personas.staff)
    page = client.get(PAGE).content.decode()
    assert "đã quá hạn" in page
    assert "answer-form" not in page


def test_a_proposed_score_above_the_maximum_is_refused(client, personas, returned):
    score = returned("1.3.1")
    client.force_login(personas.staff)
    response = client.post(answer_url(score), answer_data(score, proposed="2"))
    assert response.status_code == 400
    assert "điểm 2 nằm ngoài khoảng 0 đến 0,5" in response.content.decode()
    assert unchanged(score)


def test_an_answer_needs_an_explanation(client, personas, returned):
    score = returned("1.3.1")
    client.force_login(personas.staff)
    assert client.post(answer_url(score), answer_data(score, text="")).status_code == 400
    assert unchanged(score)


def test_an_item_that_was_not_returned_cannot_be_answered(client, personas, item):
    score = item("1.3.1")
    client.force_login(personas.staff)
    response = client.post(answer_url(score), answer_data(score))
    assert response.status_code == 400
    assert str(NOT_RETURNED) in response.content.decode()
    assert unchanged(score)


@pytest.mark.parametrize("who", ["other_staff", "appraiser", "outsider", "secretariat"])
def test_nobody_outside_the_unit_may_answer(client, personas, returned, who):
    score = returned("1.3.1")
    client.force_login(getattr(personas, who))
    assert client.post(answer_url(score), answer_data(score)).status_code == 404
    assert unchanged(score)


def test_staff_given_other_criteria_may_not_answer_this_one(client, personas, returned):
    score = returned("1.3.1")
    participation = score.participation
    node = participation.round.criteria_set.nodes.get(code="2.1")
    Delegation.objects.create(
        participation=participation, staff=personas.staff, node=node, created_by=personas.leader
    )
    client.force_login(personas.staff)
    assert "answer-form" not in client.get(PAGE).content.decode()
    assert client.post(answer_url(score), answer_data(score)).status_code == 403
    assert unchanged(score)


def test_answering_takes_only_post(client, personas, returned):
    client.force_login(personas.staff)
    assert client.get(answer_url(returned("1.3.1"))).status_code == 405


def test_answering_sends_anonymous_visitors_to_sign_in(client, returned):
    score = returned("1.3.1")
    assert client.post(answer_url(score), answer_data(score)).status_code == 302
    assert unchanged(score)


def test_the_thread_is_kept_after_the_item_is_closed(client, personas, returned):
    score = returned("1.3.1")
    client.force_login(personas.staff)
    client.post(answer_url(score), answer_data(score, proposed="0,5"))
    Score.objects.filter(pk=score.pk).update(status=ScoreStatus.CLOSED)
    rows = table(client.get(PAGE), "Trao đổi giữa đơn vị và Hội đồng thẩm định")
    assert "Đề nghị bổ sung quyết định ban hành." in rows[1][1]
    assert "Đơn vị bổ sung quyết định số 15/QĐ-SNV." in rows[2][0]
    assert "Điểm đề nghị: 0,50" in rows[2][0]
