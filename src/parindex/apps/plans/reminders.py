"""E-mails to the owners of overdue tasks, at most one a day per person.

:func:`send_overdue_reminders` is what a scheduler calls (``parindex remind`` runs it):
each person gets one e-mail listing their overdue tasks of issued plans. A task without
an owning official goes to the unit's leaders. What was sent, to whom and about which
tasks is recorded (:class:`~parindex.apps.plans.models.ReminderLog`); a person already
reminded that day is skipped, even by a second run at the same time. Mail goes through
Django's e-mail backend (the console by default; SMTP with the ``EMAIL_*`` settings).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Membership, Role, User
from parindex.apps.plans.models import PlanStatus, ReminderLog, Task, TaskStatus

SUBJECT = _("[ParIndex] {count} nhiệm vụ khắc phục quá hạn")
TEMPLATE = "plans/email/overdue.txt"


@dataclass(slots=True)
class ReminderSummary:
    """What a run did: e-mails sent, people skipped (already reminded today, or without
    an e-mail address), e-mails that failed, and the overdue tasks they covered."""

    sent: int = 0
    already: int = 0
    without_email: int = 0
    failed: int = 0
    tasks: int = 0
    recipients: list[str] = field(default_factory=list)


def overdue(today: date) -> list[Task]:
    return list(
        Task.objects.filter(plan__status=PlanStatus.ISSUED, deadline__lt=today)
        .exclude(status=TaskStatus.DONE)
        .select_related("plan__unit", "owner", "office")
        .order_by("plan__unit__code", "deadline", "position")
    )


def _leaders(unit_ids: set[int]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = defaultdict(list)
    rows = Membership.objects.filter(
        unit_id__in=unit_ids, role=Role.UNIT_LEADER, user__is_active=True
    ).select_related("user")
    for row in rows:
        assert row.unit_id is not None  # unit roles always name their unit
        found[row.unit_id].append(row.user)
    return found


def by_recipient(tasks: list[Task]) -> dict[User, list[Task]]:
    """Each person and their overdue tasks: the owner's, else the unit leaders'."""
    leaders = _leaders({t.plan.unit_id for t in tasks if t.owner is None or not t.owner.is_active})
    out: dict[User, list[Task]] = defaultdict(list)
    for task in tasks:
        owner = task.owner
        people = [owner] if owner is not None and owner.is_active else leaders[task.plan.unit_id]
        for person in people:
            out[person].append(task)
    return dict(out)


def _link(task: Task) -> str:
    base = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    return base + reverse("plans:task", args=[task.uuid])


def message(person: User, tasks: list[Task], today: date) -> tuple[str, str]:
    """Subject and body of ``person``'s e-mail, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        rows = [(t, (today - t.deadline).days if t.deadline else 0, _link(t)) for t in tasks]
        body = render_to_string(TEMPLATE, {"person": person, "rows": rows, "today": today})
        return str(SUBJECT).format(count=len(tasks)), body


def _send(person: User, tasks: list[Task], today: date, summary: ReminderSummary) -> None:
    subject, body = message(person, tasks, today)
    try:
        with transaction.atomic():
            log, created = ReminderLog.objects.get_or_create(
                recipient=person,
                day=today,
                defaults={"email": person.email, "subject": subject, "sent_at": timezone.now()},
            )
            if not created:
                summary.already += 1
                return
            log.tasks.set(tasks)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    except Exception:  # one failed address must not stop the others
        summary.failed += 1
        return
    summary.sent += 1
    summary.tasks += len(tasks)
    summary.recipients.append(person.email)


def send_overdue_reminders(*, today: date | None = None, dry_run: bool = False) -> ReminderSummary:
    """E-mails every owner of an overdue task not yet reminded ``today`` (local date)."""
    today = today or timezone.localdate()
    summary = ReminderSummary()
    reminded = set(ReminderLog.objects.filter(day=today).values_list("recipient_id", flat=True))
    for person, tasks in sorted(by_recipient(overdue(today)).items(), key=lambda p: p[0].username):
        if not person.email:
            summary.without_email += 1
        elif person.pk in reminded:
            summary.already += 1
        elif dry_run:
            summary.sent += 1
            summary.tasks += len(tasks)
            summary.recipients.append(person.email)
        else:
            _send(person, tasks, today, summary)
    return summary
