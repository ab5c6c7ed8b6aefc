"""The secretariat's reads: progress of a round per unit and per field, late units, and
the running results of the appraisal as the engine computes them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from django.utils import timezone

from parindex import scoring
from parindex.apps.accounts.models import User
from parindex.apps.assessments.entries import round_results
from parindex.apps.assessments.models import (
    Participation,
    ParticipationStatus,
    Round,
    RoundStatus,
    ScoreStatus,
    Side,
    ThreadMessage,
)
from parindex.apps.assessments.selectors_appraisal import side_points
from parindex.apps.assessments.selectors_workload import (
    Cell,
    CriteriaTree,
    Workload,
    count_work,
)
from parindex.apps.frameworks.models import CriteriaNode

# --- the secretariat's progress -----------------------------------------------------------


@dataclass(slots=True)
class UnitProgress:
    participation: Participation
    work: Workload
    overdue_returns: int = 0

    @property
    def submitted(self) -> bool:
        p = self.participation
        return p.status != ParticipationStatus.DRAFT or p.submitted_at is not None

    @property
    def self_deadline(self) -> datetime:
        p = self.participation
        return p.deadline_extension or p.round.self_assessment_deadline

    @property
    def late(self) -> bool:
        return (not self.submitted and timezone.now() > self.self_deadline) or bool(
            self.overdue_returns
        )


@dataclass(slots=True)
class FieldProgress:
    field: CriteriaNode
    work: Workload
    appraisers: list[User]


@dataclass(slots=True)
class Progress:
    round: Round
    units: list[UnitProgress]
    fields: list[FieldProgress]
    total: Workload

    @property
    def late_units(self) -> list[UnitProgress]:
        return [u for u in self.units if u.late]


def progress_rounds() -> list[Round]:
    return list(Round.objects.exclude(status=RoundStatus.PREPARING).order_by("-year", "name"))


def pick_round(rounds: list[Round], wanted: UUID | None) -> Round | None:
    """The round asked for, else the first in appraisal, else the newest."""
    if wanted is not None:
        return next((r for r in rounds if r.uuid == wanted), None)
    in_appraisal = [r for r in rounds if r.status == RoundStatus.APPRAISAL]
    candidates = in_appraisal or rounds
    return candidates[0] if candidates else None


def round_progress(round_: Round) -> Progress:
    tree = CriteriaTree.of(round_.criteria_set_id)
    participations = list(round_.participations.select_related("unit__group", "round"))
    cells: dict[Cell, list[CriteriaNode]] = {
        (p.pk, top.pk): tree.work_leaves(top.pk, p.unit.group.code)
        for p in participations
        for top in tree.fields
    }
    counted = count_work(cells)
    overdue = _overdue_returns(round_)
    units, by_field = [], {top.pk: Workload() for top in tree.fields}
    for p in participations:
        unit = UnitProgress(p, Workload(), overdue.get(p.pk, 0))
        for top in tree.fields:
            work = counted[(p.pk, top.pk)]
            unit.work.merge(work)
            by_field[top.pk].merge(work)
        units.append(unit)
    appraisers = _appraisers(round_)
    fields = [FieldProgress(t, by_field[t.pk], appraisers.get(t.pk, [])) for t in tree.fields]
    total = Workload()
    for unit in units:
        total.merge(unit.work)
    return Progress(round_, units, fields, total)


def _overdue_returns(round_: Round) -> dict[int, int]:
    """Per participation: returned items whose latest supplement deadline has passed."""
    rows = (
        ThreadMessage.objects.filter(
            score__participation__round=round_,
            score__status=ScoreStatus.RETURNED,
            side=Side.COUNCIL,
            supplement_deadline__isnull=False,
        )
        .order_by("at", "id")
        .values_list("score_id", "score__participation_id", "supplement_deadline")
    )
    latest: dict[int, tuple[int, datetime]] = {}
    for score_id, participation_id, deadline in rows:
        if deadline is not None:
            latest[score_id] = (participation_id, deadline)
    now = timezone.now()
    out: dict[int, int] = defaultdict(int)
    for participation_id, deadline in latest.values():
        if now > deadline:
            out[participation_id] += 1
    return out


def _appraisers(round_: Round) -> dict[int, list[User]]:
    out: dict[int, list[User]] = defaultdict(list)
    for a in round_.assignments.select_related("appraiser").order_by("appraiser__username"):
        out[a.field_id].append(a.appraiser)
    return out


# --- the running results ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResultRow:
    unit: scoring.UnitResult
    accuracy: list[tuple[str, Decimal | None]]

    @property
    def difference(self) -> Decimal:
        return self.unit.appraised.achieved - self.unit.self_scored.achieved


def running_results(round_: Round) -> tuple[list[tuple[str, list[ResultRow]]], list[str]]:
    """Per group: each unit's self-scored and appraised points and index so far, and the
    points of the accuracy nodes the engine computed; or the engine's complaints."""
    try:
        result = round_results(round_)
    except scoring.ScoringErrors as exc:
        return [], [str(e) for e in exc.errors]
    accuracy_codes = [
        n.code
        for n in round_.criteria_set.nodes.filter(rule=scoring.RuleKind.ACCURACY).order_by(
            "position"
        )
    ]
    groups = []
    for group in result.groups:
        rows = [
            ResultRow(u, [(c, side_points(u.appraised, c)) for c in accuracy_codes])
            for u in group.units
        ]
        groups.append((group.group.name, rows))
    return groups, []
