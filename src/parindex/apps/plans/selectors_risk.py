"""Risk warnings: a unit's figures of a year projected to the year's end by the criteria
set in force (:mod:`parindex.planning.projection` does the arithmetic; this module feeds it
the stored figures, carried to that set's codes)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from parindex import scoring
from parindex.apps.accounts.models import Unit, User
from parindex.apps.frameworks.conversion import to_engine
from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet, CriteriaSetStatus
from parindex.apps.plans import risk_words
from parindex.apps.plans.models import OperationalFigure
from parindex.apps.plans.selectors_plans import visible_units
from parindex.apps.plans.years import code_map, set_in_force
from parindex.planning import projection
from parindex.planning.projection import Figure, Frequency, Projection, Series

AnyUser = User | AnonymousUser
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class RiskRow:
    leaf: projection.LeafProjection
    node: CriteriaNode
    figures: list[OperationalFigure]

    @property
    def method(self) -> Any:
        return risk_words.METHODS[self.leaf.method]

    @property
    def explained(self) -> Any:
        return risk_words.EXPLAINED[self.leaf.method]

    @property
    def outcome(self) -> Any:
        return risk_words.OUTCOMES[self.leaf.outcome]

    @property
    def covered(self) -> str:
        """The part of the year the figures cover: ``6/12 tháng``, ``2/4 quý``."""
        frequency = self.leaf.frequency
        if frequency is None:
            return ""
        word = risk_words.FREQUENCIES[frequency]
        return f"{self.leaf.elapsed}/{frequency.periods} {word}"


@dataclass(slots=True)
class RiskPage:
    """A unit's projection for ``year`` against ``criteria_set`` (``None``: no set)."""

    unit: Unit
    year: int
    criteria_set: CriteriaSet | None
    engine: scoring.CriteriaSet | None = None
    result: Projection = field(default_factory=Projection)
    rows: list[RiskRow] = field(default_factory=list)

    @property
    def borrowed(self) -> bool:
        """The set is an earlier year's: this year's is not issued yet."""
        return self.criteria_set is not None and self.criteria_set.year != self.year

    @property
    def warnings(self) -> list[RiskRow]:
        return [r for r in self.rows if r.leaf.outcome is projection.Outcome.AT_RISK]

    @property
    def followed(self) -> list[RiskRow]:
        """The leaves with figures this year."""
        return [r for r in self.rows if r.leaf.outcome is not projection.Outcome.NO_FIGURES]

    @property
    def waiting(self) -> list[RiskRow]:
        """The leaves that could be followed but have no figures yet."""
        return [r for r in self.rows if r.leaf.outcome is projection.Outcome.NO_FIGURES]


def _figure(row: OperationalFigure) -> Figure:
    return Figure(row.period, row.numerator, row.denominator, row.value, row.count)


def figures_by_code(
    unit: Unit, year: int, criteria_set: CriteriaSet, rows: list[OperationalFigure] | None = None
) -> dict[str, list[OperationalFigure]]:
    """The unit's figures of ``year`` keyed by the codes of ``criteria_set``."""
    if rows is None:
        rows = list(OperationalFigure.objects.filter(unit=unit, year=year))
    maps: dict[int, dict[str, str]] = {}
    out: dict[str, list[OperationalFigure]] = defaultdict(list)
    for row in rows:
        if row.criteria_set_id not in maps:
            source = CriteriaSet.objects.get(pk=row.criteria_set_id)
            maps[row.criteria_set_id] = code_map(source, criteria_set)
        code = maps[row.criteria_set_id].get(row.node_code)
        if code is not None:
            out[code].append(row)
    return dict(out)


def series_of(rows: list[OperationalFigure]) -> Series:
    """One leaf's figures as a series (at the frequency most of them use)."""
    frequency = Counter(r.frequency for r in rows).most_common(1)[0][0]
    kept = sorted((r for r in rows if r.frequency == frequency), key=lambda r: r.period)
    return Series(Frequency(frequency), tuple(_figure(r) for r in kept))


class _Engines:
    """Each criteria set converted for the engine (and its nodes read) once per request."""

    def __init__(self) -> None:
        self.found: dict[int, scoring.CriteriaSet] = {}
        self.node_rows: dict[int, dict[str, CriteriaNode]] = {}

    def get(self, criteria_set: CriteriaSet) -> scoring.CriteriaSet:
        if criteria_set.pk not in self.found:
            self.found[criteria_set.pk] = to_engine(criteria_set)
        return self.found[criteria_set.pk]

    def nodes(self, criteria_set: CriteriaSet) -> dict[str, CriteriaNode]:
        if criteria_set.pk not in self.node_rows:
            self.node_rows[criteria_set.pk] = {n.code: n for n in criteria_set.nodes.all()}
        return self.node_rows[criteria_set.pk]


def risk_page(
    unit: Unit,
    year: int,
    *,
    engines: _Engines | None = None,
    rows: list[OperationalFigure] | None = None,
) -> RiskPage:
    criteria_set = set_in_force(unit, year)
    page = RiskPage(unit, year, criteria_set)
    if criteria_set is None:
        return page
    engines = engines or _Engines()
    page.engine = engines.get(criteria_set)
    figures = figures_by_code(unit, year, criteria_set, rows)
    series = {code: series_of(found) for code, found in figures.items() if found}
    page.result = projection.project(page.engine, unit.group.code, series)
    nodes = engines.nodes(criteria_set)
    page.rows = [
        RiskRow(leaf, nodes[leaf.code], sorted(figures.get(leaf.code, []), key=_order))
        for leaf in page.result.leaves
    ]
    return page


def _order(row: OperationalFigure) -> tuple[str, int]:
    return row.frequency, row.period


def projectable_codes(unit: Unit, criteria_set: CriteriaSet) -> set[str]:
    engine = to_engine(criteria_set)
    return {n.code for n in projection.projectable_leaves(engine, unit.group.code)}


@dataclass(frozen=True, slots=True)
class UnitRisk:
    """A unit's line on the overview: how many leaves are at risk and how many points."""

    unit: Unit
    criteria_set: CriteriaSet | None
    warnings: int
    points_at_risk: Decimal
    figures: int


def overview(user: AnyUser, year: int) -> list[UnitRisk]:
    """Every unit ``user`` sees, with its warnings for ``year``, most points at risk first."""
    units = list(visible_units(user).filter(is_active=True).select_related("group"))
    rows: dict[int, list[OperationalFigure]] = defaultdict(list)
    for row in OperationalFigure.objects.filter(unit__in=units, year=year):
        rows[row.unit_id].append(row)
    engines = _Engines()
    out = []
    for unit in units:
        page = risk_page(unit, year, engines=engines, rows=rows[unit.pk])
        result = page.result
        out.append(
            UnitRisk(
                unit,
                page.criteria_set,
                len(result.warnings),
                result.points_at_risk,
                len(rows[unit.pk]),
            )
        )
    return sorted(out, key=lambda r: (-r.points_at_risk, -r.warnings, r.unit.code))


def risk_years() -> list[int]:
    """The years one may look at: from the first published set to next year."""
    first = (
        CriteriaSet.objects.filter(status=CriteriaSetStatus.PUBLISHED)
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )
    this_year = timezone.localdate().year
    start = first if first is not None else this_year
    return list(range(this_year + 1, min(start, this_year) - 1, -1))


def default_year(units: QuerySet[Unit] | list[Unit]) -> int:
    """The year warnings are first shown for: the latest year for which ``units`` entered
    figures (not after next year), else this year."""
    years = risk_years()
    latest = (
        OperationalFigure.objects.filter(unit__in=units, year__lte=years[0])
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest if latest is not None else timezone.localdate().year
