"""A remediation plan generated from a finished round's lost points: one task per lost
sub-criterion, prefilled; generating again adds only new losses and keeps every edit; the
leader issues it once every task is complete."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from tests.plans.plans_support import OPINION

from page_reader import read
from parindex.apps.assessments.models import RoundStatus, Score
from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks.models import CriteriaNode
from parindex.apps.plans import services_assign, services_plans
from parindex.apps.plans.losses import NOT_FINISHED
from parindex.apps.plans.models import Plan, PlanStatus, Task

pytestmark = pytest.mark.django_db


def tasks_of(plan):
    return {t.code: t for t in plan.tasks.select_related("office", "owner")}


def test_a_plan_has_a_task_per_lost_sub_criterion_for_the_next_year(plan, finished, deadline):
    assert plan.year == 2025
    assert plan.source_round == finished.round
    assert plan.status == PlanStatus.DRAFT
    assert plan.title == (
        "Kế hoạch khắc phục các tiêu chí bị trừ điểm năm 2024, thực hiện năm 2025"
    )
    tasks = tasks_of(plan)
    assert list(tasks) == ["1.3.1", "1.6", "4.5"]
    judged = tasks["1.3.1"]
    assert (judged.max_points, judged.self_points, judged.appraised_points, judged.lost_points) == (
        D("0.5"),
        D("0.5"),
        D("0.25"),
        D("0.25"),
    )
    assert judged.opinion == OPINION
    assert judged.target == "Đạt tối đa 0,5 điểm"
    assert judged.deadline == deadline
    assert tasks["4.5"].target == "Không để xảy ra trường hợp bị trừ điểm"


def test_generating_is_audited_per_task(plan, personas):
    assert AuditEntry.objects.filter(action="plan.create", actor=personas.leader).count() == 1
    created = AuditEntry.objects.filter(action="task.create").order_by("node_code")
    assert [e.node_code for e in created] == ["1.3.1", "1.6", "4.5"]
    assert created[0].new["lost_points"] == "0.2500"


def test_tasks_are_given_to_whoever_answers_for_the_criterion_next_year(
    finished, personas, offices, next_set, deadline
):
    node = CriteriaNode.objects.get(criteria_set=next_set, code="1")
    services_assign.assignments_save(
        actor=personas.leader,
        unit=finished.participation.unit,
        criteria_set=next_set,
        chosen={node: (offices["cchc"], personas.staff)},
    )
    plan = services_plans.plan_generate(
        actor=personas.leader, participation=finished.participation, deadline=deadline
    ).plan
    tasks = tasks_of(plan)
    assert (tasks["1.3.1"].office, tasks["1.3.1"].owner) == (offices["cchc"], personas.staff)
    assert (tasks["4.5"].office, tasks["4.5"].owner) == (None, None)


def test_generating_again_adds_new_losses_and_keeps_every_edit(plan, finished, personas):
    judged = plan.tasks.get(code="1.3.1")
    judged.remediation = "Ban hành kế hoạch kiểm tra trước 31/01."
    judged.save()
    Score.objects.filter(participation=finished.participation, node__code="2.3").update(
        self_score=D("1.5"), appraised_score=D("1.5")
    )
    again = services_plans.plan_generate(
        actor=personas.leader, participation=finished.participation, deadline=None
    )
    assert (again.plan, again.created, again.added) == (plan, False, 1)
    assert list(tasks_of(plan)) == ["1.3.1", "1.6", "2.3", "4.5"]
    assert plan.tasks.get(code="1.3.1").remediation == "Ban hành kế hoạch kiểm tra trước 31/01."
    third = services_plans.plan_generate(
        actor=personas.leader, participation=finished.participation, deadline=None
    )
    assert third.added == 0
    assert Plan.objects.count() == 1


def test_a_round_without_losses_gives_no_plan(finished, personas):
    scores = Score.objects.filter(participation=finished.participation)
    scores.filter(node__code="1.3.1").update(appraised_score=D("0.5"))
    scores.filter(node__code="1.6").update(appraised_score=D(2))
    scores.filter(node__code="4.5").update(appraised_score=D(0))
    with pytest.raises(services_plans.Refused) as refused:
        services_plans.plan_generate(
            actor=personas.leader, participation=finished.participation, deadline=None
        )
    assert refused.value.message == str(services_plans.NO_LOSSES)


def test_only_the_leader_generates(finished, personas):
    for who in (personas.staff, personas.secretariat):
        with pytest.raises(services_plans.Refused):
            services_plans.plan_generate(
                actor=who, participation=finished.participation, deadline=None
            )
    assert not Plan.objects.exists()


def test_issuing_needs_every_task_complete(plan, personas, offices):
    with pytest.raises(services_plans.Refused) as refused:
        services_plans.plan_issue(actor=personas.leader, plan=plan)
    assert refused.value.message == str(services_plans.INCOMPLETE).format(
        count=3, codes="1.3.1, 1.6, 4.5"
    )
    plan.tasks.update(remediation="Khắc phục.", office=offices["vp"])
    plan.tasks.filter(code="4.5").update(deadline=None)
    with pytest.raises(services_plans.Refused) as refused:
        services_plans.plan_issue(actor=personas.leader, plan=plan)
    assert "4.5" in refused.value.message
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_the_leader_issues_a_complete_plan_once(issued, personas):
    assert issued.status == PlanStatus.ISSUED
    assert issued.issued_by == personas.leader
    entry = AuditEntry.objects.get(action="plan.issue")
    assert (entry.old, entry.new["status"]) == ({"status": "draft"}, "issued")
    with pytest.raises(services_plans.Refused) as refused:
        services_plans.plan_issue(actor=personas.leader, plan=issued)
    assert refused.value.message == str(services_plans.ALREADY_ISSUED)


# --- pages ------------------------------------------------------------------------------


def generate_url(finished):
    return reverse("plans:generate", args=[finished.participation.uuid])


def test_the_leader_previews_the_losses_then_generates(client, personas, finished):
    client.force_login(personas.leader)
    response = client.get(generate_url(finished))
    assert response.status_code == 200
    rows = next(t for c, t in read(response).tables if c == "Phụ biểu các tiêu chí cần khắc phục")
    assert rows[0][:6] == ["Mã", "Tiêu chí", "Điểm tối đa", "Tự chấm", "Thẩm định", "Bị trừ"]
    assert rows[1][0] == "1.3.1"
    assert rows[1][2:6] == ["0,50", "0,50", "0,25", "0,25"]
    assert rows[3][5] == "0,50"  # the deduction
    page = response.content.decode()
    assert "Lập kế hoạch" in page
    response = client.post(generate_url(finished), {"deadline": "2025-09-30"})
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans:plan", args=[plan.uuid])
    page = client.get(response.url).content.decode()
    assert str(services_plans.GENERATED).format(count=3) in page
    assert plan.tasks.first().deadline.isoformat() == "2025-09-30"


def test_generating_again_from_the_page_says_nothing_new(client, personas, finished, plan):
    client.force_login(personas.leader)
    response = client.post(generate_url(finished), {"deadline": "2025-09-30"}, follow=True)
    assert str(services_plans.NOTHING_NEW) in response.content.decode()


def test_a_missing_deadline_is_a_form_error(client, personas, finished):
    client.force_login(personas.leader)
    assert client.post(generate_url(finished), {"deadline": ""}).status_code == 422
    assert not Plan.objects.exists()


def test_a_round_not_finished_is_explained(client, personas, finished):
    finished.round.status = RoundStatus.APPRAISAL
    finished.round.save()
    client.force_login(personas.leader)
    page = client.get(generate_url(finished)).content.decode()
    assert str(NOT_FINISHED).format(round=finished.round.name) in page
    assert client.post(generate_url(finished), {"deadline": "2025-09-30"}).status_code == 409


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staff", 200),
        ("secretariat", 200),
        ("council", 200),
        ("appraiser", 404),
        ("other_staff", 404),
    ],
)
def test_who_sees_the_losses(client, personas, finished, who, status):
    client.force_login(getattr(personas, who))
    assert client.get(generate_url(finished)).status_code == status


@pytest.mark.parametrize("who", ["staff", "secretariat", "council"])
def test_only_the_leader_generates_from_the_page(client, personas, finished, who):
    client.force_login(getattr(personas, who))
    assert client.post(generate_url(finished), {"deadline": "2025-09-30"}).status_code == 403
    assert not Plan.objects.exists()


def test_the_plan_page_lists_tasks_and_flags_overdue_ones(client, personas, plan):
    plan.tasks.filter(code="1.6").update(deadline="2020-01-31")
    client.force_login(personas.staff)
    response = client.get(reverse("plans:plan", args=[plan.uuid]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<tr id="nv-1.6" class="overdue">' in page
    assert '<tr id="nv-1.3.1">' in page
    rows = next(t for c, t in read(response).tables if c == "Nhiệm vụ theo tiêu chí bị trừ điểm")
    assert rows[2][0].startswith("1.6")
    assert rows[2][6] == "Chưa thực hiện Quá hạn"
    assert reverse("plans:issue", args=[plan.uuid]) not in page  # staff may not issue


def test_the_leader_issues_from_the_page(client, personas, plan, offices):
    client.force_login(personas.leader)
    issue = reverse("plans:issue", args=[plan.uuid])
    response = client.post(issue, follow=True)
    assert str(services_plans.INCOMPLETE).format(count=3, codes="1.3.1, 1.6, 4.5") in (
        response.content.decode()
    )
    plan.tasks.update(remediation="Khắc phục.", office=offices["vp"])
    response = client.post(issue, follow=True)
    assert str(services_plans.ISSUED) in response.content.decode()
    plan.refresh_from_db()
    assert plan.is_issued


@pytest.mark.parametrize("who", ["staff", "secretariat", "council"])
def test_only_the_leader_issues(client, personas, plan, offices, who):
    plan.tasks.update(remediation="Khắc phục.", office=offices["vp"])
    client.force_login(getattr(personas, who))
    assert client.post(reverse("plans:issue", args=[plan.uuid])).status_code == 403
    plan.refresh_from_db()
    assert not plan.is_issued


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 200),
        ("secretariat", 200),
        ("council", 200),
        ("appraiser", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_a_plan(client, personas, plan, who, status):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("plans:plan", args=[plan.uuid])).status_code == status


def test_plan_pages_refuse_wrong_methods_anonymous_and_tampered_ids(client, personas, plan):
    url = reverse("plans:plan", args=[plan.uuid])
    assert client.get(url).status_code == 302
    client.force_login(personas.leader)
    assert client.post(url).status_code == 405
    assert client.get(reverse("plans:issue", args=[plan.uuid])).status_code == 405
    task = Task.objects.first()
    assert client.get(reverse("plans:plan", args=[task.uuid])).status_code == 404
    assert client.get(reverse("plans:generate", args=[plan.uuid])).status_code == 404


def test_the_index_shows_a_units_finished_rounds_and_the_secretariat_every_plan(
    client, personas, plan
):
    client.force_login(personas.leader)
    page = client.get(reverse("plans:index")).content.decode()
    assert plan.title in page
    assert reverse("plans:offices", args=[plan.unit.uuid]) in page
    plan.tasks.filter(code="1.6").update(deadline="2020-01-31")
    client.force_login(personas.secretariat)
    response = client.get(reverse("plans:index"))
    rows = next(t for c, t in read(response).tables if c == "Kế hoạch của các đơn vị")
    assert rows[1][:7] == ["Sở Nội vụ", "2025", "Dự thảo", "3", "0", "1", "1,25"]


@pytest.mark.parametrize("who", ["appraiser", "outsider"])
def test_people_without_a_unit_or_oversight_have_no_plans_page(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("plans:index")).status_code == 403
    assert client.get(reverse("plans:overdue")).status_code == 403


def test_the_other_units_plans_stay_hidden_from_a_unit(client, personas, plan):
    client.force_login(personas.other_staff)
    page = client.get(reverse("plans:index")).content.decode()
    assert plan.title not in page


def test_the_menu_offers_plans_to_units_and_overseers_only(client, personas):
    for who, shown in (("staff", True), ("secretariat", True), ("appraiser", False)):
        client.force_login(getattr(personas, who))
        page = client.get(reverse("accounts:me")).content.decode()
        assert (f'href="{reverse("plans:index")}"' in page) is shown
        assert (f'href="{reverse("plans:warnings")}"' in page) is shown
