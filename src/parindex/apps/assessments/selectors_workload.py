"""What is left to appraise, counted in SQL: the criteria tree of a set read once, and the
items of each (participation, field) by appraisal status, for the appraiser's queue
(:mod:`selectors_appraisal`) and the secretariat's progress (:mod:`selectors_progress`).

The database returns one row per participation and field with a count per status, so a
page's time does not grow with the number of score rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Value, When

from parindex.apps.assessments.models import Score, ScoreStatus
from parindex.apps.assessments.services_appraisal import is_computed
from parindex.apps.frameworks.models import CriteriaNode


class CriteriaTree:
    """A criteria set's nodes read once: fields, their leaves, and which groups they fit."""

    def __init__(self, nodes: Iterable[CriteriaNode]) -> None:
        self.nodes = {n.pk: n for n in sorted(nodes, key=lambda n: (n.position, n.pk))}
        self.children: dict[int | None, list[CriteriaNode]] = defaultdict(list)
        for node in self.nodes.values():
            self.children[node.parent_id].append(node)
        self.fields = self.children[None]
        self.field_of: dict[int, int] = {}
        self.leaves: dict[int, list[CriteriaNode]] = {}
        for top in self.fields:
            self.leaves[top.pk] = [n for n in self._walk(top) if not self.children[n.pk]]
            for node in self._walk(top):
                self.field_of[node.pk] = top.pk
        self._work: dict[tuple[int, str], list[CriteriaNode]] = {}

    @classmethod
    def of(cls, criteria_set_id: int) -> CriteriaTree:
        return cls(CriteriaNode.objects.filter(criteria_set_id=criteria_set_id))

    def _walk(self, node: CriteriaNode) -> Iterable[CriteriaNode]:
        yield node
        for child in self.children[node.pk]:
            yield from self._walk(child)

    def ancestors(self, node: CriteriaNode) -> list[CriteriaNode]:
        """From the field down to the node's parent."""
        out: list[CriteriaNode] = []
        current = self.nodes.get(node.parent_id) if node.parent_id else None
        while current is not None:
            out.insert(0, current)
            current = self.nodes.get(current.parent_id) if current.parent_id else None
        return out

    def applies(self, node: CriteriaNode, group: str) -> bool:
        return all(not n.groups or group in n.groups for n in (*self.ancestors(node), node))

    def work_leaves(self, field_id: int, group: str) -> list[CriteriaNode]:
        """The leaves of a field an appraiser scores for a unit of ``group`` (worked out
        once per field and group)."""
        key = (field_id, group)
        if key not in self._work:
            self._work[key] = [
                n
                for n in self.leaves.get(field_id, [])
                if not is_computed(n) and self.applies(n, group)
            ]
        return self._work[key]


@dataclass(slots=True)
class Workload:
    """Items of a unit (or a field, or a whole round) by appraisal status."""

    total: int = 0
    open: int = 0
    appraised: int = 0
    returned: int = 0
    supplemented: int = 0
    closed: int = 0

    @property
    def left(self) -> int:
        """What waits for the council: never appraised, or answered by the unit."""
        return self.open + self.supplemented

    @property
    def done(self) -> int:
        return self.appraised + self.closed

    def merge(self, other: Workload) -> None:
        for name in ("total", "open", "appraised", "returned", "supplemented", "closed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


# The statuses counted in SQL; what is neither of them (status "open", or no score row
# at all) is open.
COUNTED = {
    ScoreStatus.APPRAISED: "appraised",
    ScoreStatus.RETURNED: "returned",
    ScoreStatus.SUPPLEMENTED: "supplemented",
    ScoreStatus.CLOSED: "closed",
}

Cell = tuple[int, int]  # (participation pk, field pk)


def count_work(cells: Mapping[Cell, list[CriteriaNode]]) -> dict[Cell, Workload]:
    """The workload of each (participation, field) over the given leaves, in one query
    grouped by participation and field."""
    out = {cell: Workload(total=len(leaves), open=len(leaves)) for cell, leaves in cells.items()}
    scope, field_of = _scope(cells)
    if not field_of:
        return out
    for cell, numbers in _counts(scope, field_of):
        work = out.get(cell)
        if work is None:
            continue
        for name, number in numbers.items():
            setattr(work, name, number)
        work.open = work.total - work.appraised - work.returned - work.supplemented - work.closed
    return out


def _scope(cells: Mapping[Cell, list[CriteriaNode]]) -> tuple[Q, dict[int, int]]:
    """The score rows to count (participations sharing the same leaves together) and the
    field of each of those leaves."""
    leaves_of: dict[int, set[int]] = defaultdict(set)
    field_of: dict[int, int] = {}
    for (participation_id, field_id), leaves in cells.items():
        for leaf in leaves:
            leaves_of[participation_id].add(leaf.pk)
            field_of[leaf.pk] = field_id
    by_leaves: dict[frozenset[int], list[int]] = defaultdict(list)
    for participation_id, own in leaves_of.items():
        by_leaves[frozenset(own)].append(participation_id)
    scope = Q(pk__in=[])
    for shared, participation_ids in by_leaves.items():
        scope |= Q(participation_id__in=participation_ids, node_id__in=sorted(shared))
    return scope, field_of


def _counts(scope: Q, field_of: dict[int, int]) -> Iterable[tuple[Cell, dict[str, int]]]:
    """((participation, field), count per status name) for each pair with score rows."""
    nodes_of: dict[int, list[int]] = defaultdict(list)
    for node_id, field_id in field_of.items():
        nodes_of[field_id].append(node_id)
    top = Case(
        *(When(node_id__in=sorted(ids), then=Value(f)) for f, ids in nodes_of.items()),
        output_field=IntegerField(),
    )
    counts = {name: Count("pk", filter=Q(status=status)) for status, name in COUNTED.items()}
    rows = (
        Score.objects.filter(scope)
        .annotate(top=top)
        .values("participation_id", "top")
        .annotate(**counts)
        .order_by()
        .values_list("participation_id", "top", *counts)
    )
    for participation_id, field_id, *numbers in rows:
        yield (participation_id, field_id), dict(zip(counts, numbers, strict=True))
