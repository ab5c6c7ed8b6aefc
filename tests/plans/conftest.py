"""Fixtures of the plans tests.

``finished`` turns the province's round (tests/conftest.py) into a round the council has
signed off, in which SNV scored full points everywhere except three sub-criteria: 1.3.1
(judged, 0.25 of 0.5, with an opinion), 1.6 (ratio, 1.5 of 2, opinion in the thread) and
4.5 (a deduction of 0.5 points). Self-scores stay at the maximum, so the accuracy of
self-scoring (1.7) loses 0.5 too. ``plan`` is SNV's plan generated from it by the leader.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone
from tests.conftest import PASSWORD

from parindex.apps.accounts.models import Membership, Role
from parindex.apps.assessments.models import RoundStatus, Score, Side, ThreadMessage
from parindex.apps.assessments.services_rounds import participation_ensure_scores
from parindex.apps.frameworks.models import CriteriaSetStatus
from parindex.apps.frameworks.services.sets import criteria_set_copy
from parindex.apps.plans import services_plans
from parindex.apps.plans.models import Office
from parindex.scoring import RuleKind

OPINION = "Kế hoạch kiểm tra ban hành chậm so với quy định; trừ 0,25 điểm."
THREAD_OPINION = "Có 4/19 nhiệm vụ hoàn thành chậm so với thời hạn được giao."
LOSSES = {"1.3.1": D("0.25"), "1.6": D("1.5"), "4.5": D("-0.5")}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def full_points(score):
    """Both sides at the rule's best: the maximum, no deduction, no bonus."""
    kind = score.node.rule
    if kind == RuleKind.ACCURACY:
        return
    value = D(0) if kind in (RuleKind.DEDUCTION, RuleKind.BONUS) else score.node.max_points
    score.self_score = score.appraised_score = value


@dataclass
class Finished:
    round: object
    participation: object
    criteria_set: object


@pytest.fixture
def finished(province, personas):
    participation = province.participations["SNV"]
    participation_ensure_scores(participation)
    scores = list(Score.objects.filter(participation=participation).select_related("node"))
    for score in scores:
        full_points(score)
        if score.node.code in LOSSES:
            score.appraised_score = LOSSES[score.node.code]
        if score.node.code == "1.3.1":
            score.opinion = OPINION
    Score.objects.bulk_update(scores, ["self_score", "appraised_score", "opinion"])
    ThreadMessage.objects.create(
        score=next(s for s in scores if s.node.code == "1.6"),
        side=Side.COUNCIL,
        author=personas.appraiser,
        text=THREAD_OPINION,
    )
    round_ = province.round
    round_.status = RoundStatus.SIGNED_OFF
    round_.signed_off_at = timezone.now()
    round_.save()
    participation.round = round_
    return Finished(round_, participation, province.criteria_set)


@pytest.fixture
def next_set(province):
    """The 2025 criteria set, copied from 2024 (a code mapping for every node), published."""
    copy = criteria_set_copy(
        actor=None,
        source=province.criteria_set,
        code="CCHC-2025",
        name="Bộ chỉ số CCHC năm 2025",
        year=2025,
    )
    copy.status = CriteriaSetStatus.PUBLISHED
    copy.published_at = timezone.now()
    copy.save()
    return copy


@pytest.fixture
def offices(province):
    snv = province.units["SNV"]
    return {
        "vp": Office.objects.create(unit=snv, name="Văn phòng Sở"),
        "cchc": Office.objects.create(unit=snv, name="Phòng Cải cách hành chính"),
    }


@pytest.fixture
def deadline():
    return timezone.localdate() + timedelta(days=60)


@pytest.fixture
def plan(finished, personas, deadline):
    return services_plans.plan_generate(
        actor=personas.leader, participation=finished.participation, deadline=deadline
    ).plan


@pytest.fixture
def issued(plan, personas, offices):
    """The plan with every task complete (owner, remediation, deadline) and issued."""
    for task in plan.tasks.all():
        task.remediation = f"Khắc phục tiêu chí {task.code}."
        task.office = offices["cchc"]
        task.owner = personas.staff
        task.save()
    return services_plans.plan_issue(actor=personas.leader, plan=plan)


@pytest.fixture
def second_staff(province, django_user_model):
    user = django_user_model.objects.create_user(
        username="canbo2", password=PASSWORD, full_name="Canbo2", email="canbo2@example.vn"
    )
    Membership.objects.create(user=user, role=Role.UNIT_STAFF, unit=province.units["SNV"])
    return user
