"""The demo's offices, assignments, remediation plan and figures (demo_province/plans.py)."""

from django.utils import timezone

from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments.models import Participation
from parindex.apps.plans.losses import losses_of
from parindex.apps.plans.models import (
    CriterionAssignment,
    Office,
    OperationalFigure,
    Plan,
    ProgressEvidence,
    QuarterReport,
    TaskStatus,
)
from parindex.apps.plans.reminders import by_recipient, overdue
from parindex.apps.plans.selectors_assign import assignments_for
from parindex.apps.plans.selectors_risk import risk_page
from parindex.demo_province.plans import ASSIGNMENTS, OFFICES


def test_each_demo_unit_with_people_has_its_offices_and_assignments(loaded):
    for code, names in OFFICES.items():
        unit = Unit.objects.get(code=code)
        assert set(Office.objects.filter(unit=unit).values_list("name", flat=True)) == set(names)
        assert CriterionAssignment.objects.filter(unit=unit).count() == len(ASSIGNMENTS[code])


def test_the_2024_self_scoring_shows_the_assignments_carried_from_2023(loaded):
    participation = Participation.objects.get(unit__code="SNV", round__year=2024)
    found = assignments_for(participation)
    assert found["1.1.1"].office == "Phòng Cải cách hành chính"
    assert found["1.1.1"].official == "Lê Thị Bình"
    assert found["1.1.1"].carried_from == 2023
    assert found["5.2"].office == "Phòng Công chức, viên chức"


def test_snv_has_an_issued_2024_plan_with_progress_and_overdue_tasks(loaded):
    plan = Plan.objects.get(unit__code="SNV")
    assert (plan.year, plan.source_round.year, plan.is_issued) == (2024, 2023, True)
    tasks = list(plan.tasks.all())
    assert len(tasks) > 10
    assert all(t.remediation and t.owner and t.deadline for t in tasks)
    statuses = [t.status for t in tasks]
    assert statuses.count(TaskStatus.IN_PROGRESS) == 4
    assert sum(1 for t in tasks if t.overdue) == 2
    assert ProgressEvidence.objects.filter(update__task__plan=plan).exists()
    assert set(QuarterReport.objects.filter(plan=plan).values_list("quarter", flat=True)) == {1, 2}
    assert not Plan.objects.filter(unit__code="P-DONGHA").exists()  # left for its leader


def test_the_overdue_tasks_would_be_emailed_to_the_staff_member(loaded):
    found = by_recipient(overdue(timezone.localdate()))
    staff = User.objects.get(username="canbo.snv")
    assert len(found[staff]) == 2
    assert staff.email == "canbo.snv@parindex.example"


def test_the_figures_warn_of_points_at_risk_in_2025(loaded):
    snv = Unit.objects.get(code="SNV")
    page = risk_page(snv, 2025)
    assert page.criteria_set.year == 2024  # 2025's set is not issued in the demo
    assert {"3.3.2", "6.1", "7.2.2"} <= {r.leaf.code for r in page.warnings}
    assert page.result.leaf("7.2.1").points == 1
    dongha = risk_page(Unit.objects.get(code="P-DONGHA"), 2025)
    assert dongha.result.leaf("6.2").frequency.value == "quarter"
    assert dongha.warnings
    assert OperationalFigure.objects.filter(year=2024).exists()


def test_the_demo_plan_is_generated_from_the_published_2023_result(loaded):
    plan = Plan.objects.get(unit__code="SNV")
    participation = Participation.objects.get(unit__code="SNV", round=plan.source_round)
    found = losses_of(participation)
    assert found.published is not None
    assert found.published.round == plan.source_round
    tasks = {t.node.code: t.lost_points for t in plan.tasks.select_related("node")}
    assert tasks == {loss.code: loss.lost for loss in found.items}
