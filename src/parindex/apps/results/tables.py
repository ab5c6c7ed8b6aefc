"""What the results pages show of a :class:`~parindex.scoring.RoundResult`: per group the
ranking (appraised and survey points apart when the result holds survey points), the
group's statistics and the per-field figures; per unit its history across years."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from parindex import scoring
from parindex.apps.accounts.models import Unit
from parindex.apps.results.inputs import Inputs
from parindex.apps.results.models import Result
from parindex.apps.results.selectors import (
    GroupYear,
    HistoryPoint,
    groups_averages,
    thaw_result,
)

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class RankRow:
    unit: scoring.UnitResult
    unit_id: UUID | None
    appraised_points: Decimal
    survey_points: Decimal | None

    @property
    def fields(self) -> tuple[scoring.FieldResult, ...]:
        return self.unit.appraised.fields


@dataclass(frozen=True, slots=True)
class GroupTable:
    group: scoring.GroupResult
    rows: tuple[RankRow, ...]
    has_survey: bool

    @property
    def fields(self) -> tuple[scoring.FieldStats, ...]:
        return self.group.fields


@dataclass(frozen=True, slots=True)
class ResultTables:
    """One result's tables; ``record`` is the stored result they come from."""

    record: Result | None
    result: scoring.RoundResult
    groups: tuple[GroupTable, ...]

    @property
    def criteria(self) -> scoring.CriteriaSet:
        return self.result.criteria

    @property
    def index_decimals(self) -> int:
        return self.criteria.rounding.index_decimals

    @property
    def score_decimals(self) -> int:
        return self.criteria.rounding.score_decimals


def survey_points(unit: scoring.UnitResult, codes: Iterable[str]) -> Decimal | None:
    """Points of the survey-derived leaves (the extra entries) on the appraised side."""
    found = [unit.appraised.node(code) for code in codes if code in unit.appraised.position]
    applied = [node.achieved for node in found if not node.not_applicable]
    return sum(applied, ZERO) if applied else None


def unit_ids(codes: Iterable[str]) -> dict[str, UUID]:
    return dict(Unit.objects.filter(code__in=list(codes)).values_list("code", "uuid"))


def result_tables(
    result: scoring.RoundResult, inputs: Inputs | None = None, record: Result | None = None
) -> ResultTables:
    extra: Mapping[str, Mapping[str, scoring.Entry]] = inputs.extra if inputs else {}
    ids = unit_ids(u.unit.code for g in result.groups for u in g.units)
    groups = []
    for group in result.groups:
        rows = []
        for unit in group.units:
            survey = survey_points(unit, extra.get(unit.unit.code, {}))
            appraised = unit.appraised.achieved - (survey or ZERO)
            rows.append(RankRow(unit, ids.get(unit.unit.code), appraised, survey))
        has_survey = any(r.survey_points is not None for r in rows)
        groups.append(GroupTable(group, tuple(rows), has_survey))
    return ResultTables(record, result, tuple(groups))


def stored_tables(record: Result, result: scoring.RoundResult) -> ResultTables:
    """The tables of a stored result already recomputed (see ``selectors.round_result``)."""
    return result_tables(result, thaw_result(record), record)


# --- a unit's history ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryLine:
    point: HistoryPoint
    average: GroupYear | None

    @property
    def above_average(self) -> bool | None:
        if self.average is None:
            return None
        return self.point.index > self.average.average


def history_lines(points: list[HistoryPoint]) -> list[HistoryLine]:
    """Each year of the unit's history with its group's average that year (if known)."""
    averages: dict[tuple[str, int], GroupYear] = {}
    for group, years in groups_averages({p.group_code for p in points}).items():
        for year in years:
            averages[(group, year.year)] = year
    return [HistoryLine(p, averages.get((p.group_code, p.year))) for p in points]


@dataclass(frozen=True, slots=True)
class FieldComparison:
    """One field of a unit this year against the year before (published on the system)."""

    code: str
    title: str
    now: scoring.FieldResult
    before: scoring.FieldResult | None

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.now.not_applicable or self.before.not_applicable:
            return None
        return self.now.achieved - self.before.achieved


def field_comparison(
    now: scoring.UnitResult, before: scoring.UnitResult | None
) -> list[FieldComparison]:
    earlier = {f.code: f for f in before.appraised.fields} if before else {}
    return [FieldComparison(f.code, f.title, f, earlier.get(f.code)) for f in now.appraised.fields]
