"""Pages of remediation plans: the list, generating a plan from a finished round's lost
points, the plan with its tasks, issuing it, its quarterly reports, the overdue tasks."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.assessments.models import Participation
from parindex.apps.plans import export, losses, quarters, selectors_plans, services_plans
from parindex.apps.plans.forms import GenerateForm, QuarterForm
from parindex.apps.plans.refusals import Refused
from parindex.apps.plans.selectors_assign import assignments_by_source_code
from parindex.apps.plans.services_reports import REPORT_SAVED, quarter_report_save

DEFAULT_DEADLINE = (9, 30)  # 30 September: before the next self-assessment opens
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def user_of(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    units = access.units_of(user)
    overseer = access.can_oversee(user)
    if not units and not overseer:
        raise PermissionDenied
    mine = [
        {
            "unit": unit,
            "rounds": selectors_plans.finished_rounds(unit),
            "leader": access.can_manage_unit_plans(user, unit),
        }
        for unit in units
    ]
    context = {
        "mine": mine,
        "overseer": overseer,
        "plans": selectors_plans.plans_of(user) if overseer else [],
    }
    return render(request, "plans/index.html", context)


@login_required
@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not access.units_of(user) and not access.can_oversee(user):
        raise PermissionDenied
    tasks = selectors_plans.overdue_tasks(user)
    return render(request, "plans/overdue.html", {"tasks": tasks, "today": timezone.localdate()})


def default_deadline(year: int, today: date | None = None) -> date:
    today = today or timezone.localdate()
    proposed = date(year, *DEFAULT_DEADLINE)
    return proposed if proposed > today else today + timedelta(days=90)


def _losses_with_people(
    participation: Participation,
) -> tuple[list[dict[str, Any]], losses.UnitLosses]:
    """The lost points, each with who would answer for it in the plan's year, and where
    they come from."""
    found = losses.losses_of(participation)
    round_ = participation.round
    assigned = assignments_by_source_code(participation.unit, round_.criteria_set, round_.year + 1)
    rows = [{"loss": loss, "assignment": assigned.get(loss.code)} for loss in found.items]
    return rows, found


def _generate_page(
    request: HttpRequest, participation: Participation, form: GenerateForm, status: int = 200
) -> HttpResponse:
    user = user_of(request)
    plan = participation.unit.plans.filter(source_round=participation.round).first()
    have = set(plan.tasks.values_list("node_id", flat=True)) if plan else set()
    context: dict[str, Any] = {
        "participation": participation,
        "plan": plan,
        "form": form,
        "leader": access.can_manage_unit_plans(user, participation.unit),
        "have": have,
    }
    try:
        context["rows"], context["source"] = _losses_with_people(participation)
    except losses.LossesUnavailable as unavailable:
        context["rows"], context["unavailable"] = [], unavailable.message
    context["lost"] = sum((r["loss"].lost for r in context["rows"]), 0)
    context["new"] = sum(1 for r in context["rows"] if r["loss"].node.pk not in have)
    return render(request, "plans/generate.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def generate(request: HttpRequest, participation_id: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    participation = selectors_plans.participation_for(user, participation_id)
    year = participation.round.year + 1
    if request.method == "GET":
        form = GenerateForm(initial={"deadline": default_deadline(year)})
        return _generate_page(request, participation, form)
    if not access.can_manage_unit_plans(user, participation.unit):
        raise PermissionDenied
    form = GenerateForm(request.POST)
    if not form.is_valid():
        return _generate_page(request, participation, form, status=422)
    try:
        done = services_plans.plan_generate(
            actor=user, participation=participation, deadline=form.cleaned_data["deadline"]
        )
    except (Refused, losses.LossesUnavailable) as refused:
        messages.error(request, refused.message)
        return _generate_page(request, participation, form, status=409)
    if done.created:
        notice = str(services_plans.GENERATED).format(count=done.added)
    elif done.added:
        notice = str(services_plans.REGENERATED).format(count=done.added)
    else:
        notice = str(services_plans.NOTHING_NEW)
    messages.success(request, notice)
    return redirect("plans:plan", plan_id=done.plan.uuid)


@login_required
@require_GET
def plan(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = selectors_plans.plan_for(user, plan_id)
    tasks = selectors_plans.plan_tasks(found)
    leader = access.can_manage_unit_plans(user, found.unit)
    context = {
        "plan": found,
        "tasks": tasks,
        "summary": selectors_plans.summary(tasks),
        "leader": leader,
        "missing": services_plans.missing_for_issue(found)
        if leader and not found.is_issued
        else [],
        "quarters": [q for q in quarters.QUARTERS if quarters.started(found, q)],
        "participation": found.unit.participations.filter(round=found.source_round).first(),
    }
    return render(request, "plans/plan.html", context)


@login_required
@require_POST
def issue(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    found = selectors_plans.plan_for(user, plan_id)
    if not access.can_manage_unit_plans(user, found.unit):
        raise PermissionDenied
    try:
        services_plans.plan_issue(actor=user, plan=found)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, str(services_plans.ISSUED))
    return redirect("plans:plan", plan_id=found.uuid)


def _quarter_of(request: HttpRequest, plan_id: uuid.UUID, quarter: int) -> Any:
    user = user_of(request)
    found = selectors_plans.plan_for(user, plan_id)
    if quarter not in quarters.QUARTERS:
        raise Http404
    return user, found


@login_required
@require_http_methods(["GET", "POST"])
def quarter(request: HttpRequest, plan_id: uuid.UUID, quarter: int) -> HttpResponse:
    user, found = _quarter_of(request, plan_id, quarter)
    view = quarters.quarter_view(found, quarter)
    tasks = [row.task for row in view.rows]
    initial = {"summary": view.report.summary if view.report else ""}
    initial.update({f"line-{row.task.uuid}": row.summary for row in view.rows})
    form = QuarterForm(request.POST or None, tasks=tasks, initial=initial)
    writer = access.can_write_unit_reports(user, found.unit)
    status = 200
    if request.method == "POST":
        if not writer:
            raise PermissionDenied
        if form.is_valid():
            try:
                quarter_report_save(
                    actor=user,
                    plan=found,
                    quarter=quarter,
                    summary=form.cleaned_data["summary"],
                    lines=form.lines(),
                )
            except Refused as refused:
                messages.error(request, refused.message)
                status = 409
            else:
                messages.success(request, str(REPORT_SAVED).format(quarter=quarter))
                return redirect("plans:quarter", plan_id=found.uuid, quarter=quarter)
        else:
            status = 422
    context = {
        "plan": found,
        "view": view,
        "form": form,
        "rows": [(row, form[f"line-{row.task.uuid}"]) for row in view.rows],
        "writer": writer and found.is_issued and quarters.started(found, quarter),
        "started": quarters.started(found, quarter),
        "quarters": quarters.QUARTERS,
    }
    return render(request, "plans/quarter.html", context, status=status)


@login_required
@require_GET
def quarter_xlsx(request: HttpRequest, plan_id: uuid.UUID, quarter: int) -> HttpResponse:
    _user, found = _quarter_of(request, plan_id, quarter)
    view = quarters.quarter_view(found, quarter)
    response = HttpResponse(export.quarter_workbook(view), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(view)}"'
    return response
