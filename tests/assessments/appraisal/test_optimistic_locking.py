"""Two people saving the same item never silently overwrite each other: a save made
from a stale version is refused with the current value shown."""

import threading
from datetime import timedelta
from decimal import Decimal as D

import pytest
from appraisal_support import appraise_data
from django.db import connection
from django.utils import timezone

from parindex import scoring
from parindex.apps.accounts.models import Membership, Role
from parindex.apps.assessments.models import FieldAssignment, Score, ScoreStatus
from parindex.apps.assessments.services_appraisal import (
    ACTION_APPRAISE,
    Answer,
    StaleVersion,
    score_answer,
    score_appraise,
    score_return,
)
from parindex.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_appraiser(appraisal, personas, django_user_model):
    """Another member of the council's staff, also assigned field 1."""
    user = django_user_model.objects.create_user(username="thamdinh2", full_name="Trần Văn Bình")
    Membership.objects.create(user=user, role=Role.APPRAISER)
    field = appraisal.criteria_set.nodes.get(code="1", parent=None)
    FieldAssignment.objects.create(round=appraisal.round, appraiser=user, field=field)
    return user


def appraise(actor, score, value, version=1, opinion=""):
    return score_appraise(
        actor=actor,
        score=score,
        expected_version=version,
        entry=scoring.Entry(score=D(value)),
        opinion=opinion,
    )


def test_a_save_from_a_stale_version_is_refused_with_the_current_value(
    personas, second_appraiser, item
):
    score = item("1.3.1")
    appraise(personas.appraiser, score, "0.25", opinion="Kế hoạch ban hành chậm.")
    with pytest.raises(StaleVersion) as refused:
        appraise(second_appraiser, score, "0.5", opinion="Đạt.")
    message = refused.value.message
    assert "Mục 1.3.1 vừa được Thamdinh lưu lúc" in message
    assert "điểm thẩm định 0,25" in message
    assert "ý kiến «Kế hoạch ban hành chậm.»" in message
    assert refused.value.current.version == 2
    score.refresh_from_db()
    assert (score.appraised_score, score.opinion, score.version) == (
        D("0.25"),
        "Kế hoạch ban hành chậm.",
        2,
    )
    assert AuditEntry.objects.filter(action=ACTION_APPRAISE).count() == 1


def test_the_current_version_saves(personas, second_appraiser, item):
    score = item("1.3.1")
    appraise(personas.appraiser, score, "0.25")
    appraise(second_appraiser, score, "0.5", version=2)
    score.refresh_from_db()
    assert (score.appraised_score, score.version, score.updated_by) == (
        D("0.5"),
        3,
        second_appraiser,
    )


def test_the_page_answers_a_stale_save_with_a_conflict_showing_the_current_value(
    client, personas, second_appraiser, item, item_url
):
    score = item("1.3.1")
    client.force_login(second_appraiser)
    stale = appraise_data(score, score="0,5", opinion="Đạt.")
    appraise(personas.appraiser, score, "0.25", opinion="Trừ 0,25.")
    response = client.post(item_url(score), stale)
    page = response.content.decode()
    assert response.status_code == 409
    assert "vừa được Thamdinh lưu lúc" in page
    assert "điểm thẩm định 0,25" in page
    # The form keeps what was typed, now against the current version, to save knowingly.
    assert 'name="m1_3_1-version" value="2"' in page
    assert 'name="m1_3_1-score" value="0,5"' in page
    score.refresh_from_db()
    assert score.appraised_score == D("0.25")
    resent = appraise_data(score, score="0,5", opinion="Đạt.")
    assert client.post(item_url(score), resent).status_code == 302
    score.refresh_from_db()
    assert score.appraised_score == D("0.5")


def test_a_return_from_a_stale_version_is_refused(personas, second_appraiser, item):
    score = item("1.3.1")
    appraise(personas.appraiser, score, "0.25")
    with pytest.raises(StaleVersion):
        score_return(
            actor=second_appraiser,
            score=score,
            expected_version=1,
            text="Bổ sung.",
            deadline=timezone.now() + timedelta(days=3),
        )
    score.refresh_from_db()
    assert score.status == ScoreStatus.APPRAISED
    assert not score.thread.filter(supplement_deadline__isnull=False).exists()


def test_an_answer_from_a_stale_version_is_refused(personas, returned):
    score = returned("1.3.1")
    score_answer(
        actor=personas.staff, score=score, expected_version=2, answer=Answer("Đã bổ sung.")
    )
    with pytest.raises(StaleVersion):
        score_answer(
            actor=personas.leader, score=score, expected_version=2, answer=Answer("Bổ sung thêm.")
        )
    assert score.thread.filter(side="unit").count() == 1


# --- a real race on PostgreSQL: two connections, two threads --------------------------------------


def race(actors, score, values):
    """Both actors save ``score`` from version 1 at the same moment; what each got."""
    barrier = threading.Barrier(len(actors))
    outcomes = {}

    def save(actor, value):
        try:
            barrier.wait(timeout=10)
            appraise(actor, Score.objects.get(pk=score.pk), value)
            outcomes[value] = "saved"
        except StaleVersion:
            outcomes[value] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(a, v)) for a, v in zip(actors, values, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_appraisers_racing_on_postgresql_one_wins_and_one_is_refused(
    personas, second_appraiser, item
):
    score = item("1.3.1")
    for _ in range(5):
        Score.objects.filter(pk=score.pk).update(version=1, appraised_score=None)
        before = AuditEntry.objects.count()
        outcomes = race([personas.appraiser, second_appraiser], score, ["0.25", "0.5"])
        assert sorted(outcomes.values()) == ["refused", "saved"]
        winner = next(value for value, outcome in outcomes.items() if outcome == "saved")
        score.refresh_from_db()
        assert (score.appraised_score, score.version) == (D(winner), 2)
        assert AuditEntry.objects.count() == before + 1
