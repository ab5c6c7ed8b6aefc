"""Locking the round stops every change; the council signs off; only an audited reopen
with a reason brings the round back to appraisal."""

import re
from datetime import timedelta
from decimal import Decimal as D

import pytest
from appraisal_support import answer_data, appraise_data, return_data
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from parindex import scoring
from parindex.apps.assessments.models import Round, RoundStatus, Score
from parindex.apps.assessments.services_appraisal import (
    ACTION_LOCK,
    ACTION_REOPEN,
    ACTION_SIGN_OFF,
    LOCK_NEEDS_APPRAISAL,
    REOPEN_NEEDS_REASON,
    ROUND_CLOSED,
    SIGN_OFF_NEEDS_LOCK,
    Answer,
    AppraisalRefused,
    round_is_open_for_appraisal,
    round_lock,
    round_reopen,
    round_sign_off,
    score_answer,
    score_appraise,
    score_return,
)
from parindex.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def url(name, round_):
    return reverse(f"assessments:{name}", args=[round_.uuid])


def status_of(round_):
    return Round.objects.get(pk=round_.pk).status


def set_status(round_, status):
    round_.status = status
    round_.save()


# --- the open-for-appraisal check ---------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "is_open"),
    [
        (RoundStatus.PREPARING, False),
        (RoundStatus.SELF_ASSESSMENT, False),
        (RoundStatus.APPRAISAL, True),
        (RoundStatus.LOCKED, False),
        (RoundStatus.SIGNED_OFF, False),
    ],
)
def test_only_a_round_in_appraisal_is_open_for_appraisal(appraisal, status, is_open):
    appraisal.round.status = status
    assert round_is_open_for_appraisal(appraisal.round) is is_open


# --- locking ------------------------------------------------------------------------------


def test_the_secretariat_locks_the_round(client, personas, appraisal):
    client.force_login(personas.secretariat)
    response = client.post(url("lock", appraisal.round))
    assert response.status_code == 302
    assert response.url == reverse("assessments:progress") + f"?dot={appraisal.round.uuid}"
    round_ = Round.objects.get(pk=appraisal.round.pk)
    assert round_.status == RoundStatus.LOCKED
    assert round_.locked_by == personas.secretariat
    assert round_.locked_at is not None
    entry = AuditEntry.objects.get(action=ACTION_LOCK)
    assert (entry.old, entry.new) == ({"status": "appraisal"}, {"status": "locked"})
    assert entry.round_id == round_.uuid
    assert "Đã khóa đợt đánh giá." in client.get(response.url).content.decode()


def test_a_round_not_in_appraisal_cannot_be_locked(client, personas, appraisal):
    set_status(appraisal.round, RoundStatus.SELF_ASSESSMENT)
    client.force_login(personas.secretariat)
    response = client.post(url("lock", appraisal.round), follow=True)
    assert str(LOCK_NEEDS_APPRAISAL) in response.content.decode()
    assert status_of(appraisal.round) == RoundStatus.SELF_ASSESSMENT
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("who", ["appraiser", "council", "staff", "leader", "outsider"])
def test_nobody_but_the_secretariat_may_lock(client, personas, appraisal, who):
    client.force_login(getattr(personas, who))
    assert client.post(url("lock", appraisal.round)).status_code == 403
    assert status_of(appraisal.round) == RoundStatus.APPRAISAL


def test_locking_takes_only_post(client, personas, appraisal):
    client.force_login(personas.secretariat)
    assert client.get(url("lock", appraisal.round)).status_code == 405


def test_locking_sends_anonymous_visitors_to_sign_in(client, appraisal):
    assert client.post(url("lock", appraisal.round)).status_code == 302
    assert status_of(appraisal.round) == RoundStatus.APPRAISAL


def test_the_lock_service_refuses_anyone_but_the_secretariat(personas, appraisal):
    with pytest.raises(PermissionDenied):
        round_lock(actor=personas.appraiser, round_=appraisal.round)


# --- after the lock nothing changes -------------------------------------------------------


@pytest.fixture
def locked(appraisal, personas):
    round_lock(actor=personas.secretariat, round_=appraisal.round)
    return appraisal


def snapshot():
    return list(Score.objects.order_by("pk").values_list("version", "status", "appraised_score"))


def test_the_lock_refuses_appraising(locked, personas, item):
    before = snapshot()
    with pytest.raises(AppraisalRefused, match=re.escape(str(ROUND_CLOSED))):
        score_appraise(
            actor=personas.appraiser,
            score=item("1.3.1"),
            expected_version=1,
            entry=scoring.Entry(score=D("0.25")),
            opinion="",
        )
    assert snapshot() == before


def test_the_lock_refuses_returning(locked, personas, item):
    before = snapshot()
    with pytest.raises(AppraisalRefused, match=re.escape(str(ROUND_CLOSED))):
        score_return(
            actor=personas.appraiser,
            score=item("1.3.1"),
            expected_version=1,
            text="Bổ sung.",
            deadline=timezone.now() + timedelta(days=3),
        )
    assert snapshot() == before


def test_the_lock_refuses_answers(appraisal, personas, returned):
    score = returned("1.3.1")
    round_lock(actor=personas.secretariat, round_=appraisal.round)
    before = snapshot()
    with pytest.raises(AppraisalRefused, match=re.escape(str(ROUND_CLOSED))):
        score_answer(
            actor=personas.staff, score=score, expected_version=2, answer=Answer("Bổ sung.")
        )
    assert snapshot() == before


def test_after_the_lock_the_write_pages_refuse_with_a_message(
    client, personas, appraisal, returned, item_url
):
    score = returned("1.3.1")
    round_lock(actor=personas.secretariat, round_=appraisal.round)
    before = snapshot()
    client.force_login(personas.appraiser)
    for response in (
        client.post(item_url(score), appraise_data(score, score="0,25")),
        client.post(item_url(score, "return_item"), return_data(score)),
    ):
        assert response.status_code == 400
        assert str(ROUND_CLOSED) in response.content.decode()
    client.force_login(personas.staff)
    answer = reverse("assessments:answer", args=[score.uuid])
    response = client.post(answer, answer_data(score))
    assert response.status_code == 400
    assert str(ROUND_CLOSED) in response.content.decode()
    assert snapshot() == before
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {ACTION_LOCK}


def test_after_the_lock_the_appraisal_page_is_read_only(client, personas, locked, page_url):
    client.force_login(personas.appraiser)
    page = client.get(page_url("1")).content.decode()
    assert "trang này chỉ để xem" in page
    assert "appraise-form" not in page


# --- signing off --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["council", "secretariat"])
def test_the_council_or_the_secretariat_signs_off_a_locked_round(client, personas, locked, who):
    client.force_login(getattr(personas, who))
    assert client.post(url("sign_off", locked.round)).status_code == 302
    round_ = Round.objects.get(pk=locked.round.pk)
    assert round_.status == RoundStatus.SIGNED_OFF
    assert round_.signed_off_by == getattr(personas, who)
    entry = AuditEntry.objects.get(action=ACTION_SIGN_OFF)
    assert (entry.old, entry.new) == ({"status": "locked"}, {"status": "signed_off"})


def test_a_round_still_in_appraisal_cannot_be_signed_off(client, personas, appraisal):
    client.force_login(personas.council)
    response = client.post(url("sign_off", appraisal.round), follow=True)
    assert str(SIGN_OFF_NEEDS_LOCK) in response.content.decode()
    assert status_of(appraisal.round) == RoundStatus.APPRAISAL


@pytest.mark.parametrize("who", ["appraiser", "staff", "leader", "outsider"])
def test_nobody_else_may_sign_off(client, personas, locked, who):
    client.force_login(getattr(personas, who))
    assert client.post(url("sign_off", locked.round)).status_code == 403
    assert status_of(locked.round) == RoundStatus.LOCKED


def test_signing_off_takes_only_post(client, personas, locked):
    client.force_login(personas.council)
    assert client.get(url("sign_off", locked.round)).status_code == 405


def test_signing_off_sends_anonymous_visitors_to_sign_in(client, locked):
    assert client.post(url("sign_off", locked.round)).status_code == 302
    assert status_of(locked.round) == RoundStatus.LOCKED


def test_the_sign_off_service_refuses_an_appraiser(personas, locked):
    with pytest.raises(PermissionDenied):
        round_sign_off(actor=personas.appraiser, round_=locked.round)


# --- reopening ----------------------------------------------------------------------------


def test_reopening_needs_a_reason(client, personas, locked):
    client.force_login(personas.secretariat)
    response = client.post(url("reopen", locked.round), {"reason": "  "}, follow=True)
    assert str(REOPEN_NEEDS_REASON) in response.content.decode()
    assert status_of(locked.round) == RoundStatus.LOCKED
    assert not AuditEntry.objects.filter(action=ACTION_REOPEN).exists()


@pytest.mark.parametrize("first", [RoundStatus.LOCKED, RoundStatus.SIGNED_OFF])
def test_the_secretariat_reopens_with_a_reason_that_is_audited(client, personas, locked, first):
    set_status(locked.round, first)
    client.force_login(personas.secretariat)
    reason = "Đơn vị STP khiếu nại điểm tiêu chí 1.3.1; Hội đồng thống nhất thẩm định lại."
    assert client.post(url("reopen", locked.round), {"reason": reason}).status_code == 302
    round_ = Round.objects.get(pk=locked.round.pk)
    assert round_.status == RoundStatus.APPRAISAL
    assert (round_.locked_at, round_.signed_off_at) == (None, None)
    entry = AuditEntry.objects.get(action=ACTION_REOPEN)
    assert entry.reason == reason
    assert (entry.old, entry.new) == ({"status": first.value}, {"status": "appraisal"})


def test_after_reopening_appraisal_writes_are_accepted_again(personas, locked, item):
    round_reopen(actor=personas.secretariat, round_=locked.round, reason="Thẩm định lại 1.3.1.")
    score = score_appraise(
        actor=personas.appraiser,
        score=item("1.3.1"),
        expected_version=1,
        entry=scoring.Entry(score=D("0.25")),
        opinion="",
    )
    assert score.appraised_score == D("0.25")


def test_a_round_in_appraisal_cannot_be_reopened(personas, appraisal):
    with pytest.raises(AppraisalRefused):
        round_reopen(actor=personas.secretariat, round_=appraisal.round, reason="Thử.")


@pytest.mark.parametrize("who", ["council", "appraiser", "staff", "outsider"])
def test_nobody_but_the_secretariat_may_reopen(client, personas, locked, who):
    client.force_login(getattr(personas, who))
    assert client.post(url("reopen", locked.round), {"reason": "Thử."}).status_code == 403
    assert status_of(locked.round) == RoundStatus.LOCKED


def test_reopening_takes_only_post(client, personas, locked):
    client.force_login(personas.secretariat)
    assert client.get(url("reopen", locked.round)).status_code == 405


def test_reopening_sends_anonymous_visitors_to_sign_in(client, locked):
    assert client.post(url("reopen", locked.round), {"reason": "Thử."}).status_code == 302
    assert status_of(locked.round) == RoundStatus.LOCKED


def test_the_progress_page_offers_the_next_step_of_the_round(client, personas, appraisal):
    client.force_login(personas.secretariat)
    assert "Khóa đợt đánh giá" in client.get(reverse("assessments:progress")).content.decode()
    round_lock(actor=personas.secretariat, round_=appraisal.round)
    page = client.get(reverse("assessments:progress")).content.decode()
    assert "Hội đồng thông qua" in page
    assert "Mở lại để thẩm định" in page
    client.force_login(personas.council)
    page = client.get(reverse("assessments:progress")).content.decode()
    assert "Hội đồng thông qua" in page
    assert "Mở lại để thẩm định" not in page
