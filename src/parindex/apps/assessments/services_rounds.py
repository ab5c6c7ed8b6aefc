"""Writes of the secretariat on rounds: create, dates, extensions, opening, appraisal.

Every change is validated (``full_clean``), made in one transaction and audited in it.
:func:`participation_ensure_scores` creates the score rows of a unit (one per leaf that
applies to its group); any part of the app may call it, it is idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments import banner, revisions
from parindex.apps.assessments.deadlines import show_datetime
from parindex.apps.assessments.models import (
    Participation,
    ParticipationStatus,
    Round,
    RoundStatus,
    Score,
)
from parindex.apps.audit.services import audit_record
from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet

SET_NOT_PUBLISHED = _("Chỉ tạo đợt đánh giá với bộ tiêu chí đã ban hành.")
DATES_OUT_OF_ORDER = _(
    "Ngày bắt đầu tự đánh giá phải trước hạn tự đánh giá, và hạn tự đánh giá phải trước "
    "hạn thẩm định."
)
UNIT_OUTSIDE_SET = _("Đơn vị {unit} không thuộc nhóm nào của bộ tiêu chí.")
NO_UNITS = _("Bộ tiêu chí chưa có đơn vị nào đang hoạt động để tham gia.")
ROUND_CLOSED = _("Đợt đánh giá đã khóa; không thể đổi thời hạn.")
EXTENSION_TOO_EARLY = _("Ngày gia hạn phải sau hạn tự đánh giá chung ({date}).")
EXTENSION_CLOSED = _("Chỉ gia hạn khi đợt đánh giá đang chuẩn bị hoặc đang tự đánh giá.")
CANNOT_OPEN = _("Chỉ mở tự đánh giá cho đợt đang chuẩn bị.")
CANNOT_START_APPRAISAL = _("Chỉ bắt đầu thẩm định khi đợt đang tự đánh giá.")


# Checks other apps add (from their AppConfig.ready) to refuse reopening a round, e.g. the
# results app while the round has a published result; each returns a message or None.
REOPEN_GUARDS: list[Callable[[Round], str | None]] = []


def reopen_refusal(round_: Round) -> str | None:
    """Why ``round_`` may not be reopened, or ``None`` when nothing stands in the way."""
    return next((message for guard in REOPEN_GUARDS if (message := guard(round_))), None)


class RoundRefused(ValueError):  # noqa: N818 - a refusal shown to people, not a bug
    """A round change that is not allowed now; ``message`` is shown to people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _applies(node: CriteriaNode, group: str, by_id: dict[int, CriteriaNode]) -> bool:
    current: CriteriaNode | None = node
    while current is not None:
        if current.groups and group not in current.groups:
            return False
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return True


def applicable_leaves(nodes: Sequence[CriteriaNode], group: str) -> list[CriteriaNode]:
    """The leaves of a set's tree that apply to ``group`` (the leaf and its ancestors)."""
    by_id = {node.pk: node for node in nodes}
    parents = {node.parent_id for node in nodes}
    return [n for n in nodes if n.pk not in parents and _applies(n, group, by_id)]


def _ensure(participations: Sequence[Participation], nodes: Sequence[CriteriaNode]) -> int:
    existing = set(
        Score.objects.filter(participation__in=participations).values_list(
            "participation_id", "node_id"
        )
    )
    leaves_by_group: dict[str, list[CriteriaNode]] = {}
    missing: list[Score] = []
    for participation in participations:
        group = participation.unit.group.code
        if group not in leaves_by_group:
            leaves_by_group[group] = applicable_leaves(nodes, group)
        missing.extend(
            Score(participation=participation, node=node)
            for node in leaves_by_group[group]
            if (participation.pk, node.pk) not in existing
        )
    Score.objects.bulk_create(missing, ignore_conflicts=True)
    revisions.bump_participations(*{score.participation for score in missing})
    return len(missing)


def participation_ensure_scores(participation: Participation) -> int:
    """Create the missing score rows of ``participation``; returns how many were made."""
    nodes = list(participation.round.criteria_set.nodes.all())
    return _ensure([participation], nodes)


def round_ensure_scores(round_: Round) -> int:
    participations = list(round_.participations.select_related("unit__group"))
    return _ensure(participations, list(round_.criteria_set.nodes.all()))


def _dates(round_: Round) -> dict[str, datetime]:
    return {
        "self_assessment_opens": round_.self_assessment_opens,
        "self_assessment_deadline": round_.self_assessment_deadline,
        "appraisal_deadline": round_.appraisal_deadline,
    }


def _check_dates(opens: datetime, deadline: datetime, appraisal: datetime) -> None:
    if not opens < deadline < appraisal:
        raise RoundRefused(str(DATES_OUT_OF_ORDER))


def default_units(criteria_set: CriteriaSet) -> list[Unit]:
    """Every active unit of the set's groups."""
    return list(
        Unit.objects.filter(is_active=True, group__in=criteria_set.groups.all()).select_related(
            "group"
        )
    )


def _check_units(criteria_set: CriteriaSet, units: Iterable[Unit]) -> list[Unit]:
    groups = set(criteria_set.groups.values_list("pk", flat=True))
    chosen = list(units) or default_units(criteria_set)
    if not chosen:
        raise RoundRefused(str(NO_UNITS))
    for unit in chosen:
        if unit.group_id not in groups:
            raise RoundRefused(str(UNIT_OUTSIDE_SET).format(unit=unit.name))
    return chosen


@transaction.atomic
def round_create(
    *,
    actor: User,
    name: str,
    year: int,
    criteria_set: CriteriaSet,
    self_assessment_opens: datetime,
    self_assessment_deadline: datetime,
    appraisal_deadline: datetime,
    units: Iterable[Unit] = (),
) -> Round:
    """A new round, preparing, with a participation for each unit (default: all active
    units of the set's groups)."""
    if not criteria_set.is_published:
        raise RoundRefused(str(SET_NOT_PUBLISHED))
    _check_dates(self_assessment_opens, self_assessment_deadline, appraisal_deadline)
    chosen = _check_units(criteria_set, units)
    round_ = Round(
        name=name,
        year=year,
        criteria_set=criteria_set,
        self_assessment_opens=self_assessment_opens,
        self_assessment_deadline=self_assessment_deadline,
        appraisal_deadline=appraisal_deadline,
    )
    round_.full_clean()
    round_.save()
    Participation.objects.bulk_create(Participation(round=round_, unit=u) for u in chosen)
    banner.round_changed(Round, round_)  # no signal from bulk_create: the units' banners
    audit_record(
        actor=actor,
        action="round.create",
        target=round_,
        new={
            "name": name,
            "year": year,
            "criteria_set": criteria_set.code,
            **_dates(round_),
            "units": sorted(u.code for u in chosen),
        },
        round_id=round_.uuid,
    )
    return round_


@transaction.atomic
def round_update_dates(
    *,
    actor: User,
    round_: Round,
    self_assessment_opens: datetime,
    self_assessment_deadline: datetime,
    appraisal_deadline: datetime,
    reason: str = "",
) -> Round:
    if round_.status in (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF):
        raise RoundRefused(str(ROUND_CLOSED))
    _check_dates(self_assessment_opens, self_assessment_deadline, appraisal_deadline)
    old = _dates(round_)
    round_.self_assessment_opens = self_assessment_opens
    round_.self_assessment_deadline = self_assessment_deadline
    round_.appraisal_deadline = appraisal_deadline
    round_.full_clean()
    round_.save(update_fields=list(old))
    revisions.bump_round(round_)
    audit_record(
        actor=actor,
        action="round.dates",
        target=round_,
        old=old,
        new=_dates(round_),
        reason=reason,
        round_id=round_.uuid,
    )
    return round_


@transaction.atomic
def participation_extend(
    *, actor: User, participation: Participation, until: datetime | None, reason: str = ""
) -> Participation:
    """Give one unit a later self-assessment deadline (``None`` removes the extension)."""
    round_ = participation.round
    if round_.status not in (RoundStatus.PREPARING, RoundStatus.SELF_ASSESSMENT):
        raise RoundRefused(str(EXTENSION_CLOSED))
    if until is not None and until <= round_.self_assessment_deadline:
        raise RoundRefused(
            str(EXTENSION_TOO_EARLY).format(date=show_datetime(round_.self_assessment_deadline))
        )
    old = participation.deadline_extension
    participation.deadline_extension = until
    participation.full_clean()
    participation.save(update_fields=["deadline_extension"])
    revisions.bump_participations(participation)
    audit_record(
        actor=actor,
        action="participation.extend",
        target=participation,
        old={"deadline_extension": old},
        new={"deadline_extension": until},
        reason=reason,
        round_id=round_.uuid,
        unit_code=participation.unit.code,
    )
    return participation


def _set_status(*, actor: User, round_: Round, status: RoundStatus, action: str) -> None:
    old = round_.status
    round_.status = status
    round_.full_clean()
    round_.save(update_fields=["status"])
    revisions.bump_round(round_)
    audit_record(
        actor=actor,
        action=action,
        target=round_,
        old={"status": old},
        new={"status": status.value},
        round_id=round_.uuid,
    )


@transaction.atomic
def round_open_self_assessment(*, actor: User, round_: Round) -> Round:
    """Preparing → self-assessment; every unit gets its score rows."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.PREPARING:
        raise RoundRefused(str(CANNOT_OPEN))
    _set_status(actor=actor, round_=round_, status=RoundStatus.SELF_ASSESSMENT, action="round.open")
    round_ensure_scores(round_)
    return round_


@transaction.atomic
def round_start_appraisal(*, actor: User, round_: Round) -> Round:
    """Self-assessment → appraisal. Units can no longer change or withdraw; those that
    submitted move to "in appraisal", the others stay as they were (not submitted)."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.SELF_ASSESSMENT:
        raise RoundRefused(str(CANNOT_START_APPRAISAL))
    _set_status(
        actor=actor, round_=round_, status=RoundStatus.APPRAISAL, action="round.start_appraisal"
    )
    round_ensure_scores(round_)
    submitted = list(
        round_.participations.filter(status=ParticipationStatus.SUBMITTED).select_related("unit")
    )
    for participation in submitted:
        participation.status = ParticipationStatus.IN_APPRAISAL
        participation.save(update_fields=["status"])
        revisions.bump_participations(participation)
        audit_record(
            actor=actor,
            action="participation.status",
            target=participation,
            old={"status": ParticipationStatus.SUBMITTED.value},
            new={"status": ParticipationStatus.IN_APPRAISAL.value},
            round_id=round_.uuid,
            unit_code=participation.unit.code,
        )
    return round_
