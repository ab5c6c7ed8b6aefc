"""Quarterly progress reports of a plan: the table generated from the tasks' progress as it
stood at the quarter's end (or today, within the quarter), beside the unit's summary of
each task. Progress updates are never edited, so a past quarter's table never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from parindex.apps.plans.models import Plan, ProgressUpdate, QuarterReport, Task, TaskStatus
from parindex.apps.plans.selectors_plans import plan_tasks

QUARTERS = (1, 2, 3, 4)


def quarter_days(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of ``quarter`` of ``year``."""
    first = date(year, 3 * quarter - 2, 1)
    following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, following - timedelta(days=1)


def started(plan: Plan, quarter: int, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return quarter in QUARTERS and quarter_days(plan.year, quarter)[0] <= today


def current_quarter(plan: Plan, today: date | None = None) -> int | None:
    """The latest quarter of the plan's year that has started (``None``: none yet)."""
    today = today or timezone.localdate()
    begun = [q for q in QUARTERS if started(plan, q, today)]
    return begun[-1] if begun else None


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@dataclass(slots=True)
class ReportRow:
    """One task as the quarter's table shows it."""

    task: Task
    percent: int
    status: str
    overdue: bool
    notes: list[ProgressUpdate]
    summary: str

    @property
    def status_label(self) -> Any:
        return TaskStatus(self.status).label


@dataclass(frozen=True, slots=True)
class QuarterView:
    plan: Plan
    quarter: int
    first: date
    last: date
    as_of: date
    report: QuarterReport | None
    rows: list[ReportRow]

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.status == TaskStatus.DONE)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)


def _status(percent: int) -> str:
    if percent >= 100:
        return TaskStatus.DONE
    return TaskStatus.IN_PROGRESS if percent > 0 else TaskStatus.NOT_STARTED


def _prefill(notes: list[ProgressUpdate]) -> str:
    return "\n".join(n.note for n in notes if n.note)


def quarter_view(plan: Plan, quarter: int, today: date | None = None) -> QuarterView:
    """The quarter's table: each task's progress at the end of the quarter (or today)."""
    today = today or timezone.localdate()
    first, last = quarter_days(plan.year, quarter)
    as_of = min(last, today)
    until, since = _end_of(as_of), _end_of(first - timedelta(days=1))
    tasks = plan_tasks(plan)
    updates = ProgressUpdate.objects.filter(task__plan=plan, at__lt=until).order_by("at", "id")
    latest: dict[int, int] = {}
    notes: dict[int, list[ProgressUpdate]] = {}
    for update in updates:
        latest[update.task_id] = update.percent
        if update.at >= since:
            notes.setdefault(update.task_id, []).append(update)
    report = plan.reports.filter(quarter=quarter).first()
    texts = dict(report.lines.values_list("task_id", "summary")) if report else {}
    rows = []
    for task in tasks:
        percent = latest.get(task.pk, 0)
        status = _status(percent)
        late = status != TaskStatus.DONE and task.deadline is not None and task.deadline < as_of
        mine = notes.get(task.pk, [])
        summary = texts[task.pk] if task.pk in texts else _prefill(mine)
        rows.append(ReportRow(task, percent, status, late, mine, summary))
    return QuarterView(plan, quarter, first, last, as_of, report, rows)
