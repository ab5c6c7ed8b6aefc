"""Reads of remediation plans, scoped to the acting user: a unit's people see their unit's
plans; the secretariat and the council see every unit's. Anything else is a 404."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments.models import Participation
from parindex.apps.plans.losses import FINISHED
from parindex.apps.plans.models import (
    Plan,
    ProgressEvidence,
    ProgressUpdate,
    ReminderLog,
    Task,
    TaskStatus,
)

AnyUser = User | AnonymousUser


def visible_units(user: AnyUser) -> QuerySet[Unit]:
    """The units whose plans ``user`` sees."""
    if access.can_oversee(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=[u.pk for u in access.units_of(user)])


def plan_for(user: AnyUser, plan_id: uuid.UUID) -> Plan:
    plan = Plan.objects.select_related("unit__group", "source_round__criteria_set", "issued_by")
    found = plan.filter(uuid=plan_id).first()
    if found is None or not access.can_view_unit_plans(user, found.unit):
        raise Http404
    return found


def task_for(user: AnyUser, task_id: uuid.UUID) -> Task:
    found = (
        Task.objects.select_related("plan__unit", "plan__source_round", "office", "owner", "node")
        .filter(uuid=task_id)
        .first()
    )
    if found is None or not access.can_view_unit_plans(user, found.plan.unit):
        raise Http404
    return found


def progress_evidence_for(user: AnyUser, evidence_id: uuid.UUID) -> ProgressEvidence:
    found = (
        ProgressEvidence.objects.select_related("file", "update__task__plan__unit")
        .filter(uuid=evidence_id)
        .first()
    )
    if found is None or not access.can_view_unit_plans(user, found.update.task.plan.unit):
        raise Http404
    return found


def participation_for(user: AnyUser, participation_id: uuid.UUID) -> Participation:
    """A unit's participation in a round, if ``user`` may see the unit's plans."""
    found = (
        Participation.objects.select_related("round__criteria_set", "unit__group")
        .filter(uuid=participation_id)
        .first()
    )
    if found is None or not access.can_view_unit_plans(user, found.unit):
        raise Http404
    return found


def _counted(plans: QuerySet[Plan], today: date) -> QuerySet[Plan]:
    late = Q(tasks__deadline__lt=today) & ~Q(tasks__status=TaskStatus.DONE)
    return plans.annotate(
        task_count=Count("tasks", distinct=True),
        done_count=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE), distinct=True),
        overdue_count=Count("tasks", filter=late, distinct=True),
        lost_total=Sum("tasks__lost_points"),
    )


def plans_of(user: AnyUser, *, unit: Unit | None = None) -> list[Plan]:
    """Plans ``user`` sees (of one unit, if given), with their task counts."""
    plans = Plan.objects.filter(unit__in=visible_units(user))
    if unit is not None:
        plans = plans.filter(unit=unit)
    plans = plans.select_related("unit__group", "source_round")
    return list(_counted(plans, timezone.localdate()).order_by("-year", "unit__code"))


@dataclass(frozen=True, slots=True)
class FinishedRound:
    """A finished round a unit took part in, and its plan if one was made."""

    participation: Participation
    plan: Plan | None


def finished_rounds(unit: Unit) -> list[FinishedRound]:
    found = Participation.objects.filter(unit=unit, round__status__in=FINISHED).select_related(
        "round", "unit"
    )
    plans = {p.source_round_id: p for p in Plan.objects.filter(unit=unit)}
    rows = [FinishedRound(p, plans.get(p.round_id)) for p in found]
    return sorted(rows, key=lambda r: -r.participation.round.year)


@dataclass(frozen=True, slots=True)
class PlanSummary:
    tasks: int
    done: int
    in_progress: int
    overdue: int
    lost: Decimal


def plan_tasks(plan: Plan) -> list[Task]:
    return list(plan.tasks.select_related("office", "owner").order_by("position", "id"))


def summary(tasks: list[Task], today: date | None = None) -> PlanSummary:
    today = today or timezone.localdate()
    return PlanSummary(
        tasks=len(tasks),
        done=sum(1 for t in tasks if t.status == TaskStatus.DONE),
        in_progress=sum(1 for t in tasks if t.status == TaskStatus.IN_PROGRESS),
        overdue=sum(1 for t in tasks if t.is_overdue(today)),
        lost=sum((t.lost_points for t in tasks), Decimal(0)),
    )


def task_updates(task: Task) -> list[ProgressUpdate]:
    evidence = Prefetch("evidence", queryset=ProgressEvidence.objects.select_related("file"))
    return list(
        task.updates.select_related("author").prefetch_related(evidence).order_by("-at", "-id")
    )


def overdue_tasks(user: AnyUser, today: date | None = None) -> list[Task]:
    """Tasks past their deadline and not done, of the plans ``user`` sees, the oldest
    deadline first, each with ``last_reminder`` (the latest e-mail that listed it)."""
    today = today or timezone.localdate()
    reminders = Prefetch("reminders", queryset=ReminderLog.objects.order_by("-sent_at"))
    tasks = list(
        Task.objects.filter(plan__unit__in=visible_units(user), deadline__lt=today)
        .exclude(status=TaskStatus.DONE)
        .select_related("plan__unit", "office", "owner")
        .prefetch_related(reminders)
        .order_by("deadline", "plan__unit__code", "position")
    )
    for task in tasks:
        sent = list(task.reminders.all())
        task.last_reminder = sent[0] if sent else None  # type: ignore[attr-defined]
    return tasks
