"""What the reports are made of, as plain frozen data (no Django, no database).

:class:`ReportData` holds everything the province report, the unit reports, their
spreadsheets and their charts show. :mod:`parindex.apps.reports.builder` fills it from the
database; tests and other callers may build it by hand. Every figure is a ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from parindex.scoring import (
    CriteriaSet,
    FieldResult,
    GroupResult,
    Node,
    RoundResult,
    UnitResult,
)

SURVEY_RULE = "survey"  # the rule kind of a survey-derived leaf (points come from a survey)


@dataclass(frozen=True, slots=True)
class RoundInfo:
    """The assessment round a report is about.

    ``final``: the council has signed the round off; otherwise the report is a draft
    (dự thảo) of results that may still change.
    """

    name: str
    year: int
    final: bool
    self_assessment_opens: date | None = None
    self_assessment_deadline: date | None = None
    appraisal_deadline: date | None = None
    signed_off: date | None = None


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """A unit's published figures of one year: index, rank among ``units`` units, class."""

    year: int
    index: Decimal
    rank: int | None = None
    units: int | None = None
    band: str | None = None


@dataclass(frozen=True, slots=True)
class GroupYear:
    """A unit group's figures of one year."""

    year: int
    average: Decimal | None
    units: int
    highest: Decimal | None = None
    lowest: Decimal | None = None


@dataclass(frozen=True, slots=True)
class FactorFigure:
    """One factor of a satisfaction survey (SIPAS) in one group: ballots, % satisfied."""

    code: str
    title: str
    responses: int
    satisfied_percent: Decimal


@dataclass(frozen=True, slots=True)
class GroupSurvey:
    group: str  # unit group code
    responses: int
    factors: tuple[FactorFigure, ...]


@dataclass(frozen=True, slots=True)
class SurveyFigures:
    """A year's satisfaction survey as the reports show it."""

    name: str
    groups: tuple[GroupSurvey, ...]

    @property
    def responses(self) -> int:
        return sum(g.responses for g in self.groups)

    def factors(self) -> tuple[tuple[str, str], ...]:
        """(code, title) of every factor, in the order they first appear."""
        seen: dict[str, str] = {}
        for group in self.groups:
            for factor in group.factors:
                seen.setdefault(factor.code, factor.title)
        return tuple(seen.items())

    def by_factor(self) -> tuple[tuple[str, str, tuple[Decimal | None, ...]], ...]:
        """(code, title, % satisfied in each group, in the order of ``groups``) per factor."""
        shares = [{f.code: f.satisfied_percent for f in g.factors} for g in self.groups]
        return tuple(
            (code, title, tuple(share.get(code) for share in shares))
            for code, title in self.factors()
        )


@dataclass(frozen=True, slots=True)
class LostPoint:
    """A sub-criterion where the unit lost points: appraised below its applicable maximum."""

    field_code: str
    code: str
    title: str
    max_points: Decimal
    self_score: Decimal | None
    appraised: Decimal
    opinion: str

    @property
    def lost(self) -> Decimal:
        return self.max_points - self.appraised


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the reports of one round show.

    ``previous``: last year's result (per-field comparison); ``history``: per unit code,
    its figures by year (ascending, this year included); ``group_history``: per group
    code, the group's figures by year; ``survey_points``: per unit code, the points that
    came from surveys (included in the unit's achieved points); ``losses``: per unit code,
    the sub-criteria where it lost points (filled for the units a report needs);
    ``field_codes``: this year's field codes that were renumbered since last year, mapped
    to last year's code.
    """

    result: RoundResult
    round: RoundInfo
    previous: RoundResult | None = None
    history: Mapping[str, tuple[HistoryPoint, ...]] = field(default_factory=dict)
    group_history: Mapping[str, tuple[GroupYear, ...]] = field(default_factory=dict)
    survey: SurveyFigures | None = None
    survey_points: Mapping[str, Decimal] = field(default_factory=dict)
    losses: Mapping[str, tuple[LostPoint, ...]] = field(default_factory=dict)
    field_codes: Mapping[str, str] = field(default_factory=dict)

    @property
    def criteria(self) -> CriteriaSet:
        return self.result.criteria

    @property
    def year(self) -> int:
        return self.result.criteria.year

    def unit(self, code: str) -> UnitResult:
        return self.result.unit(code)

    def previous_unit(self, code: str) -> UnitResult | None:
        if self.previous is None:
            return None
        try:
            return self.previous.unit(code)
        except KeyError:
            return None

    def previous_field(self, unit_code: str, field_code: str) -> FieldResult | None:
        """Last year's result of a unit in the field that is ``field_code`` this year."""
        unit = self.previous_unit(unit_code)
        if unit is None:
            return None
        wanted = self.field_codes.get(field_code, field_code)
        return next((f for f in unit.appraised.fields if f.code == wanted), None)

    def group_of(self, unit_code: str) -> GroupResult:
        for group in self.result.groups:
            if any(u.unit.code == unit_code for u in group.units):
                return group
        raise KeyError(unit_code)

    def history_of(self, unit_code: str) -> tuple[HistoryPoint, ...]:
        """The unit's figures by year; this year's from the result when not given."""
        points = {p.year: p for p in self.history.get(unit_code, ())}
        if self.year not in points:
            unit = self.unit(unit_code)
            size = len(self.group_of(unit_code).units)
            band = unit.band.label if unit.band else None
            points[self.year] = HistoryPoint(self.year, unit.index, unit.rank, size, band)
        return tuple(points[year] for year in sorted(points))


def is_survey_leaf(node: Node) -> bool:
    return node.rule is not None and str(node.rule.kind) == SURVEY_RULE


def survey_points(result: RoundResult) -> dict[str, Decimal]:
    """Per unit code, the appraised points of the survey-derived leaves (none: no entry)."""
    codes = [node.code for node in result.criteria.nodes() if is_survey_leaf(node)]
    points: dict[str, Decimal] = {}
    if not codes:
        return points
    for group in result.groups:
        for unit in group.units:
            scores = [unit.appraised.node(code) for code in codes]
            applied = [s.achieved for s in scores if not s.not_applicable]
            if applied:
                points[unit.unit.code] = sum(applied, Decimal(0))
    return points
