"""Who answers for each criterion inside a unit: offices, officials and assignments.

An assignment made on a criterion holds for everything below it unless a node below has
its own. A set in which the unit has assigned nothing yet shows the assignments of the
latest earlier set in which it did, carried through the code mapping (see
:mod:`parindex.apps.plans.years`); the leader's first save makes them the set's own.

:func:`assignments_for` is what the self-scoring page shows beside each sub-criterion.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Membership, Role, Unit, User
from parindex.apps.assessments.models import Participation
from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet
from parindex.apps.plans.models import CriterionAssignment, Office
from parindex.apps.plans.years import code_map, set_in_force

AnyUser = User | AnonymousUser


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who answers for a node: ``assigned_code`` is the node the assignment was made on
    (the node itself or one above it); ``carried_from`` the year of the earlier set it
    comes from, when the unit has not assigned anything in this set yet."""

    node_code: str
    assigned_code: str
    office: str
    official: str
    official_id: uuid.UUID | None
    office_id: uuid.UUID | None
    carried_from: int | None = None

    @property
    def inherited(self) -> bool:
        return self.assigned_code != self.node_code

    def __str__(self) -> str:
        return " — ".join(part for part in (self.office, self.official) if part)


@dataclass(frozen=True, slots=True)
class OwnRow:
    """An assignment made on one node (of this set, or carried from an earlier one)."""

    office: Office | None
    official: User | None


def unit_for(user: AnyUser, unit_id: uuid.UUID) -> Unit:
    """The unit, if ``user`` may see its plans; else 404."""
    unit = Unit.objects.select_related("group").filter(uuid=unit_id).first()
    if unit is None or not access.can_view_unit_plans(user, unit):
        raise Http404
    return unit


def office_for(user: AnyUser, office_id: uuid.UUID) -> Office:
    office = Office.objects.select_related("unit").filter(uuid=office_id).first()
    if office is None or not access.can_view_unit_plans(user, office.unit):
        raise Http404
    return office


def offices(unit: Unit, *, active_only: bool = False) -> list[Office]:
    found = Office.objects.filter(unit=unit)
    if active_only:
        found = found.filter(is_active=True)
    return list(found.order_by("-is_active", "name"))


def officials(unit: Unit) -> list[User]:
    """The unit's staff and leaders (each once), by name."""
    people = User.objects.filter(
        memberships__unit=unit,
        memberships__role__in=[Role.UNIT_STAFF, Role.UNIT_LEADER],
        is_active=True,
    ).distinct()
    return sorted(people, key=lambda u: (str(u).lower(), u.username))


def is_official(unit: Unit, user: User) -> bool:
    return Membership.objects.filter(
        unit=unit, user=user, role__in=[Role.UNIT_STAFF, Role.UNIT_LEADER]
    ).exists()


def _rows(unit: Unit, criteria_set: CriteriaSet) -> dict[str, OwnRow]:
    found = CriterionAssignment.objects.filter(unit=unit, criteria_set=criteria_set)
    return {
        a.node.code: OwnRow(a.office, a.official)
        for a in found.select_related("node", "office", "official")
    }


def _earlier_set(unit: Unit, criteria_set: CriteriaSet) -> CriteriaSet | None:
    """The latest set before ``criteria_set`` in which the unit assigned something."""
    earlier = (
        CriterionAssignment.objects.filter(unit=unit, criteria_set__year__lt=criteria_set.year)
        .order_by("-criteria_set__year", "-criteria_set_id")
        .values_list("criteria_set_id", flat=True)
        .first()
    )
    return None if earlier is None else CriteriaSet.objects.get(pk=earlier)


def own_rows(unit: Unit, criteria_set: CriteriaSet) -> tuple[dict[str, OwnRow], int | None]:
    """The assignments made on nodes of ``criteria_set`` (by code) and, when they are
    carried from an earlier set, that set's year."""
    rows = _rows(unit, criteria_set)
    if rows:
        return rows, None
    earlier = _earlier_set(unit, criteria_set)
    if earlier is None:
        return {}, None
    codes = code_map(earlier, criteria_set)
    carried = {codes[c]: row for c, row in _rows(unit, earlier).items() if c in codes}
    return carried, earlier.year


def _assignment(code: str, at: str, row: OwnRow, year: int | None) -> Assignment:
    return Assignment(
        node_code=code,
        assigned_code=at,
        office=row.office.name if row.office else "",
        official=str(row.official) if row.official else "",
        official_id=row.official.uuid if row.official else None,
        office_id=row.office.uuid if row.office else None,
        carried_from=year,
    )


def _rows_at_once(unit: Unit, criteria_set: CriteriaSet) -> tuple[dict[str, OwnRow], int | None]:
    """:func:`own_rows` in one query (the unit's rows of this set and of earlier years,
    read together) when the rows are the set's own or there are none; rows carried from
    an earlier set also read the code mapping."""
    found = list(
        CriterionAssignment.objects.filter(unit=unit, criteria_set__year__lte=criteria_set.year)
        .select_related("node", "office", "official", "criteria_set")
        .order_by("-criteria_set__year", "-criteria_set_id")
    )
    own = [a for a in found if a.criteria_set_id == criteria_set.pk]
    if own:
        return {a.node.code: OwnRow(a.office, a.official) for a in own}, None
    earlier = next((a.criteria_set for a in found if a.criteria_set.year < criteria_set.year), None)
    if earlier is None:
        return {}, None
    codes = code_map(earlier, criteria_set)
    carried = {
        codes[a.node.code]: OwnRow(a.office, a.official)
        for a in found
        if a.criteria_set_id == earlier.pk and a.node.code in codes
    }
    return carried, earlier.year


def assignments_of_nodes(
    unit: Unit, criteria_set: CriteriaSet, nodes: Sequence[CriteriaNode]
) -> dict[str, Assignment]:
    """:func:`assignments_in` for ``nodes``, the whole tree of ``criteria_set`` already
    read (the self-scoring page): one query, unless carried from an earlier set."""
    rows, year = _rows_at_once(unit, criteria_set)
    if not rows:
        return {}
    ordered = sorted(nodes, key=lambda n: (n.position, n.pk))
    return _spread(rows, year, [(n.pk, n.parent_id, n.code) for n in ordered])


def assignments_in(unit: Unit, criteria_set: CriteriaSet) -> dict[str, Assignment]:
    """Every node of ``criteria_set`` that someone answers for, by code."""
    rows, year = own_rows(unit, criteria_set)
    if not rows:
        return {}
    nodes = list(
        criteria_set.nodes.order_by("position", "id").values_list("id", "parent_id", "code")
    )
    return _spread(rows, year, nodes)


def _spread(
    rows: dict[str, OwnRow], year: int | None, nodes: Sequence[tuple[int, int | None, str]]
) -> dict[str, Assignment]:
    """Each node's assignment: its own, else the nearest one above it."""
    children: dict[int | None, list[tuple[int, str]]] = defaultdict(list)
    for pk, parent, code in nodes:
        children[parent].append((pk, code))
    out: dict[str, Assignment] = {}

    def visit(pk: int, code: str, above: tuple[str, OwnRow] | None) -> None:
        here = (code, rows[code]) if code in rows else above
        if here is not None:
            out[code] = _assignment(code, here[0], here[1], year)
        for child, child_code in children[pk]:
            visit(child, child_code, here)

    for pk, code in children[None]:
        visit(pk, code, None)
    return out


def assignments_for(participation: Participation) -> dict[str, Assignment]:
    """Who answers for each node of the participation's criteria set inside its unit
    (keyed by node code; a node nobody answers for is absent)."""
    return assignments_in(participation.unit, participation.round.criteria_set)


@dataclass(frozen=True, slots=True)
class TreeRow:
    """A node of the assignment page: its own assignment and the effective one."""

    node: CriteriaNode
    depth: int
    own: OwnRow | None
    effective: Assignment | None


def assignment_tree(unit: Unit, criteria_set: CriteriaSet) -> tuple[list[TreeRow], int | None]:
    """The nodes of ``criteria_set`` that apply to the unit's group, in order, with their
    assignments; and the year they are carried from, if they are."""
    rows, year = own_rows(unit, criteria_set)
    effective = assignments_in(unit, criteria_set)
    nodes = list(criteria_set.nodes.order_by("position", "id"))
    by_id = {n.pk: n for n in nodes}
    group = unit.group.code
    out: list[TreeRow] = []
    for node in nodes:
        depth, applies = 0, True
        current: CriteriaNode | None = node
        while current is not None:
            applies = applies and (not current.groups or group in current.groups)
            current = by_id.get(current.parent_id) if current.parent_id else None
            depth += 1 if current is not None else 0
        if applies:
            out.append(TreeRow(node, depth, rows.get(node.code), effective.get(node.code)))
    return out, year


def assignments_by_source_code(unit: Unit, source: CriteriaSet, year: int) -> dict[str, Assignment]:
    """Who answers in ``year`` for each node of ``source`` (an earlier year's set), by the
    node's code in ``source``: the assignments of the set in force in ``year``, carried
    back through the code mapping."""
    target = set_in_force(unit, year) or source
    assigned = assignments_in(unit, target)
    if not assigned or target.pk == source.pk:
        return assigned
    carried = code_map(source, target)
    return {old: assigned[new] for old, new in carried.items() if new in assigned}
