"""What the dashboards show.

The secretariat's: the round's progress per unit and per field as
:func:`~parindex.apps.assessments.selectors_progress.round_progress` counts it, how much
each unit has self-scored, the late units and every item returned for supplement.

A unit's: its index so far (appraised and self-scored, as the engine computes the round's
current entries — or the published figures once published), points lost per field, the
group's average, last year and the history across years.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parindex import scoring
from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.models import (
    Participation,
    Round,
    RoundStatus,
    Score,
    ScoreStatus,
    Side,
    ThreadMessage,
)
from parindex.apps.assessments.selectors_progress import (
    FieldProgress,
    Progress,
    UnitProgress,
    round_progress,
)
from parindex.apps.assessments.selectors_workload import CriteriaTree, Workload, count_work
from parindex.apps.assessments.services_appraisal import COMPUTED_KINDS
from parindex.apps.results import selectors
from parindex.apps.results.gather import gather_inputs
from parindex.apps.results.inputs import compute_inputs
from parindex.apps.results.models import Result
from parindex.apps.results.tables import HistoryLine, history_lines

HUNDRED = Decimal(100)
PUBLISHED_INDEX = _("Chỉ số đã công bố")
APPRAISED_INDEX = _("Theo điểm thẩm định")
SELF_INDEX = _("Theo điểm tự chấm")
OTHERS_BLOCK = _(
    "Một số điểm của các đơn vị khác trong nhóm chưa tính được; kết quả tạm tính sẽ có khi "
    "Tổ thư ký xử lý xong."
)
SELF_ENTERED = (
    Q(self_score__isnull=False)
    | Q(self_numerator__isnull=False)
    | Q(self_denominator__isnull=False)
    | Q(self_count__isnull=False)
    | Q(self_value__isnull=False)
    | Q(self_items__isnull=False)
    | Q(self_not_applicable=True)
)


def percent(part: Decimal | int, whole: Decimal | int) -> int:
    """A share as a whole percentage (0-100) for the width of a bar."""
    if not whole:
        return 0
    share = Decimal(part) * HUNDRED / Decimal(whole)
    return max(0, min(100, int(share.quantize(Decimal(1), ROUND_HALF_UP))))


# --- the secretariat ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitLine:
    progress: UnitProgress
    self_entered: int
    total: int

    @property
    def self_percent(self) -> int:
        return percent(self.self_entered, self.total)

    @property
    def appraised_percent(self) -> int:
        return percent(self.progress.work.done, self.progress.work.total)

    @property
    def missed_self_deadline(self) -> bool:
        """Not submitted although the unit's self-assessment deadline has passed."""
        unit = self.progress
        return not unit.submitted and timezone.now() > unit.self_deadline


@dataclass(frozen=True, slots=True)
class ReturnedItem:
    score: Score
    field: UUID
    deadline: datetime | None

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and timezone.now() > self.deadline


@dataclass(frozen=True, slots=True)
class SecretariatBoard:
    progress: Progress
    units: list[UnitLine]
    returned: list[ReturnedItem]
    result: Result | None

    @property
    def round(self) -> Round:
        return self.progress.round

    @property
    def late(self) -> list[UnitLine]:
        return [line for line in self.units if line.progress.late]

    @property
    def submitted(self) -> int:
        return sum(1 for u in self.progress.units if u.submitted)

    @property
    def appraised_percent(self) -> int:
        return percent(self.progress.total.done, self.progress.total.total)

    @property
    def fields(self) -> list[tuple[FieldProgress, int]]:
        return [(f, percent(f.work.done, f.work.total)) for f in self.progress.fields]


def self_entered(round_: Round) -> dict[int, int]:
    """Per participation: leaves the unit has self-scored (computed leaves left out)."""
    rows = (
        Score.objects.filter(participation__round=round_)
        .filter(SELF_ENTERED)
        .exclude(node__rule__in=COMPUTED_KINDS)
        .values("participation_id")
        .annotate(entered=Count("pk"))
        .order_by()
        .values_list("participation_id", "entered")
    )
    return dict(rows)


def returned_items(round_: Round) -> list[ReturnedItem]:
    """Items waiting for the unit's supplement, with the council's latest deadline."""
    tree = CriteriaTree.of(round_.criteria_set_id)
    council = ThreadMessage.objects.filter(side=Side.COUNCIL).order_by("at", "id")
    scores = (
        Score.objects.filter(participation__round=round_, status=ScoreStatus.RETURNED)
        .select_related("participation__unit", "node")
        .prefetch_related(Prefetch("thread", queryset=council, to_attr="council"))
        .order_by("participation__unit__code", "node__position")
    )
    out = []
    for score in scores:
        messages: list[ThreadMessage] = score.council
        deadlines = [m.supplement_deadline for m in messages if m.supplement_deadline]
        top = tree.nodes[tree.field_of[score.node_id]]
        out.append(ReturnedItem(score, top.uuid, deadlines[-1] if deadlines else None))
    return out


def secretariat_board(round_: Round) -> SecretariatBoard:
    progress = round_progress(round_)
    entered = self_entered(round_)
    units = [UnitLine(u, entered.get(u.participation.pk, 0), u.work.total) for u in progress.units]
    return SecretariatBoard(
        progress, units, returned_items(round_), selectors.active_result(round_)
    )


# --- a unit -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldLine:
    code: str
    title: str
    appraised: scoring.FieldResult
    self_scored: scoring.FieldResult
    work: Workload | None

    @property
    def lost(self) -> Decimal | None:
        if self.appraised.not_applicable or not self.appraised.applicable_max:
            return None
        return self.appraised.applicable_max - self.appraised.achieved

    @property
    def self_lost(self) -> Decimal | None:
        if self.self_scored.not_applicable or not self.self_scored.applicable_max:
            return None
        return self.self_scored.applicable_max - self.self_scored.achieved

    @property
    def share(self) -> int:
        return percent(self.appraised.achieved, self.appraised.applicable_max)

    @property
    def appraisal_started(self) -> bool:
        """False while none of the field's items has been appraised (running results)."""
        return self.work is None or self.work.total == 0 or self.work.done > 0


@dataclass(frozen=True, slots=True)
class Comparison:
    """One index of the unit against its group's average and last year's index."""

    label: Promise
    index: Decimal
    average: Decimal | None
    last_year: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.last_year is None else self.index - self.last_year


@dataclass(slots=True)
class UnitBoard:
    unit: Unit
    round: Round | None
    rounds: list[Round]
    lines: list[HistoryLine]
    published: bool = False
    result: scoring.UnitResult | None = None
    criteria: scoring.CriteriaSet | None = None
    group: scoring.GroupResult | None = None
    self_average: Decimal | None = None
    errors: list[str] = field(default_factory=list)
    fields: list[FieldLine] = field(default_factory=list)
    work: Workload = field(default_factory=Workload)

    @property
    def index_decimals(self) -> int:
        return self.criteria.rounding.index_decimals if self.criteria else 2

    @property
    def score_decimals(self) -> int:
        return self.criteria.rounding.score_decimals if self.criteria else 2

    @property
    def comparisons(self) -> list[Comparison]:
        """The index (published; or appraised and self-scored so far) against the group's
        average and last year's index (published or imported)."""
        if self.result is None or self.group is None:
            return []
        last = self.last_year.point.index if self.last_year else None
        if self.published:
            return [Comparison(PUBLISHED_INDEX, self.result.index, self.group.average, last)]
        return [
            Comparison(APPRAISED_INDEX, self.result.index, self.group.average, last),
            Comparison(SELF_INDEX, self.result.self_scored.index, self.self_average, last),
        ]

    @property
    def last_year(self) -> HistoryLine | None:
        if self.round is None:
            return None
        year = self.round.year - 1
        return next((line for line in self.lines if line.point.year == year), None)


def unit_rounds(unit: Unit) -> list[Round]:
    """The rounds the unit takes part in, once opened, newest first."""
    return list(
        Round.objects.filter(participations__unit=unit)
        .exclude(status=RoundStatus.PREPARING)
        .select_related("criteria_set")
        .order_by("-year", "-created_at")
    )


def _unit_work(round_: Round, unit: Unit) -> dict[str, Workload]:
    """The unit's appraisal progress per field code (counted in SQL)."""
    participation = Participation.objects.get(round=round_, unit=unit)
    tree = CriteriaTree.of(round_.criteria_set_id)
    cells = {
        (participation.pk, top.pk): tree.work_leaves(top.pk, unit.group.code) for top in tree.fields
    }
    counted = count_work(cells)
    return {top.code: counted[(participation.pk, top.pk)] for top in tree.fields}


def _round_result(
    round_: Round, unit_code: str
) -> tuple[scoring.RoundResult | None, bool, list[str]]:
    """The published result of the round, else its running result; or what stops it (the
    unit's own entries in detail, the other units' only as a note)."""
    published = selectors.active_result(round_)
    try:
        if published is not None and published.is_published:
            return selectors.round_result(published), True, []
        return compute_inputs(gather_inputs(round_)).result, False, []
    except scoring.ScoringErrors as exc:
        own = [str(e) for e in exc.errors if e.unit == unit_code]
        return None, False, own or [str(OTHERS_BLOCK)]
    except (selectors.ResultTampered, ValueError) as exc:
        return None, True, [str(exc)]


def _self_average(group: scoring.GroupResult, criteria: scoring.CriteriaSet) -> Decimal | None:
    indices = [u.self_scored.index for u in group.units]
    if not indices:
        return None
    return criteria.rounding.index(sum(indices, Decimal(0)) / len(indices))


def _fill(board: UnitBoard, round_: Round, computed: scoring.RoundResult) -> None:
    unit = board.unit
    group = next(g for g in computed.groups if any(u.unit.code == unit.code for u in g.units))
    result = computed.unit(unit.code)
    work = _unit_work(round_, unit)
    board.result, board.criteria, board.group = result, computed.criteria, group
    board.self_average = _self_average(group, computed.criteria)
    pairs = zip(result.appraised.fields, result.self_scored.fields, strict=True)
    board.fields = [FieldLine(a.code, a.title, a, s, work.get(a.code)) for a, s in pairs]
    for line in board.fields:
        if line.work is not None:
            board.work.merge(line.work)


def unit_board(unit: Unit, wanted: UUID | None) -> UnitBoard:
    rounds = unit_rounds(unit)
    round_ = _pick(rounds, wanted)
    board = UnitBoard(unit, round_, rounds, history_lines(selectors.unit_history(unit.code)))
    if round_ is None:
        return board
    computed, board.published, board.errors = _round_result(round_, unit.code)
    if computed is not None:
        _fill(board, round_, computed)
    return board


def _pick(rounds: Sequence[Round], wanted: UUID | None) -> Round | None:
    if wanted is not None:
        return next((r for r in rounds if r.uuid == wanted), None)
    return rounds[0] if rounds else None
