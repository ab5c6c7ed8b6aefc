"""Reads of the indices pages, scoped by who asks: a unit's indices beside its PAR INDEX,
the province's indices, each year with its targets and whether they were met."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.indices.history import ParYear, par_history
from parindex.apps.indices.models import (
    ComponentValue,
    IndexComponent,
    IndexDefinition,
    IndexTarget,
    IndexValue,
    Scope,
)
from parindex.planning.targets import Goal, Position, Status, evaluate, places_risen

Viewer = User | AnonymousUser


@dataclass(frozen=True, slots=True)
class TargetView:
    target: IndexTarget
    status: Status
    may_delete: bool


@dataclass(slots=True)
class YearFigures:
    """One year of one index: the result (if any), its components, the change of rank
    against the year before, and the year's targets with their status."""

    year: int
    position: Position | None = None
    value: IndexValue | None = None
    par: ParYear | None = None
    parts: dict[int, ComponentValue] = field(default_factory=dict)
    risen: int | None = None
    targets: list[TargetView] = field(default_factory=list)

    @property
    def has_result(self) -> bool:
        return self.position is not None

    def part(self, component: IndexComponent) -> ComponentValue | None:
        return self.parts.get(component.pk)


@dataclass(slots=True)
class IndexHistory:
    """An index year by year for a unit or the province."""

    definition: IndexDefinition
    components: list[IndexComponent]
    years: dict[int, YearFigures]
    may_record: bool
    may_set_targets: bool

    def at(self, year: int) -> YearFigures:
        return self.years.get(year) or YearFigures(year)

    @property
    def recorded(self) -> list[YearFigures]:
        return [self.years[y] for y in sorted(self.years)]

    @property
    def has_parts(self) -> bool:
        return any(f.parts for f in self.years.values())

    @property
    def targets(self) -> list[tuple[int, TargetView]]:
        return [(f.year, t) for f in self.recorded for t in f.targets]


@dataclass(frozen=True, slots=True)
class IndicesPage:
    """Every index of a unit (``unit`` set) or of the province, over the same years."""

    unit: Unit | None
    years: list[int]
    histories: list[IndexHistory]

    def rows(self) -> list[tuple[int, list[YearFigures]]]:
        """Year by year (oldest first), each index's figures in the order of ``histories``."""
        return [(year, [h.at(year) for h in self.histories]) for year in self.years]


# --- access ----------------------------------------------------------------------------


def unit_for_viewing(user: Viewer, unit_uuid: uuid.UUID) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("group"), uuid=unit_uuid)
    if not access.can_view_unit_indices(user, unit):
        raise PermissionDenied
    return unit


def viewable_units(user: Viewer) -> list[Unit]:
    """The units whose indices the user may open: every active unit for the overseers."""
    if access.can_oversee(user):
        return list(Unit.objects.filter(is_active=True).select_related("group"))
    return sorted(access.units_of(user), key=lambda u: (u.group.position, u.code))


def definitions(scope: Iterable[str]) -> list[IndexDefinition]:
    queryset = IndexDefinition.objects.filter(is_active=True, scope__in=list(scope))
    return list(queryset.prefetch_related("components"))


def active_components(definition: IndexDefinition) -> list[IndexComponent]:
    return [c for c in definition.components.all() if c.is_active]


# --- building the pages ------------------------------------------------------------------


def unit_page(user: Viewer, unit: Unit) -> IndicesPage:
    defs = definitions((Scope.UNIT, Scope.BOTH))
    values = IndexValue.objects.filter(unit=unit)
    targets = IndexTarget.objects.filter(unit=unit)
    par = par_history(unit) if any(d.computed for d in defs) else []
    return _page(user, unit=unit, defs=defs, values=values, targets=targets, par=par)


def province_page(user: Viewer) -> IndicesPage:
    defs = [d for d in definitions((Scope.PROVINCE, Scope.BOTH)) if not d.computed]
    values = IndexValue.objects.filter(unit=None)
    targets = IndexTarget.objects.filter(unit=None)
    return _page(user, unit=None, defs=defs, values=values, targets=targets, par=[])


def _page(
    user: Viewer,
    *,
    unit: Unit | None,
    defs: Sequence[IndexDefinition],
    values: QuerySet[IndexValue],
    targets: QuerySet[IndexTarget],
    par: Sequence[ParYear],
) -> IndicesPage:
    by_definition: dict[int, list[IndexValue]] = defaultdict(list)
    for value in values.prefetch_related("parts__component"):
        by_definition[value.definition_id].append(value)
    goals: dict[int, list[IndexTarget]] = defaultdict(list)
    for target in targets.select_related("component", "definition"):
        goals[target.definition_id].append(target)
    may_set = access.can_set_index_target(user, unit)
    histories = [
        _history(
            user,
            unit=unit,
            definition=d,
            values=by_definition[d.pk],
            targets=goals[d.pk],
            par=par,
            may_set=may_set,
        )
        for d in defs
    ]
    years = sorted({year for h in histories for year in h.years})
    return IndicesPage(unit, years, histories)


def _history(
    user: Viewer,
    *,
    unit: Unit | None,
    definition: IndexDefinition,
    values: Sequence[IndexValue],
    targets: Sequence[IndexTarget],
    par: Sequence[ParYear],
    may_set: bool,
) -> IndexHistory:
    years: dict[int, YearFigures] = {}
    if definition.computed:
        for found in par:
            years[found.year] = YearFigures(
                found.year, Position(found.index, found.rank, found.of), par=found
            )
    for value in values:
        years[value.year] = YearFigures(
            value.year,
            Position(value.score, value.rank, value.rank_of),
            value=value,
            parts={p.component_id: p for p in value.parts.all()},
        )
    for target in targets:
        years.setdefault(target.year, YearFigures(target.year))
    for figures in years.values():
        previous = years.get(figures.year - 1)
        figures.risen = places_risen(figures.position, previous.position if previous else None)
    for target in targets:
        status = _status(target, years)
        years[target.year].targets.append(TargetView(target, status, may_set))
    may_record = access.can_record_index(user, definition, unit)
    return IndexHistory(definition, active_components(definition), years, may_record, may_set)


def _status(target: IndexTarget, years: dict[int, YearFigures]) -> Status:
    def position(year: int) -> Position | None:
        figures = years.get(year)
        if figures is None or figures.position is None:
            return None
        if target.component is None:
            return figures.position
        part = figures.parts.get(target.component.pk)
        if part is None:
            return None
        return Position(part.score, part.rank, figures.position.of)

    goal = Goal(target.goal)
    return evaluate(goal, target.amount, position(target.year), position(target.year - 1))
