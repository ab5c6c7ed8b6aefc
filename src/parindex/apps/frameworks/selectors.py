"""Reads of criteria sets, scoped to the acting user.

The secretariat and administrators manage every set; anyone else who holds a role may
view a published set (its tree, read-only). Drafts are invisible to them (404).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from parindex.apps.accounts import access
from parindex.apps.frameworks.checks import SetProblem, set_problems
from parindex.apps.frameworks.models import CodeMapping, CriteriaNode, CriteriaSet
from parindex.apps.frameworks.rule_words import describe, kind_label
from parindex.scoring.rules import ChecklistItem, ChecklistRule
from parindex.scoring.serialize import RuleParameterError, rule_from_params

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parindex.apps.accounts.models import User

    Actor = User | AnonymousUser


def may_manage(user: Actor) -> bool:
    """Imports, edits, publishes and copies sets: the secretariat and administrators."""
    return access.is_secretariat(user)


def may_view_published(user: Actor) -> bool:
    """Anyone signed in who holds a role (or manages sets)."""
    return may_manage(user) or bool(access.memberships(user))


def criteria_sets_for(user: Actor) -> QuerySet[CriteriaSet]:
    """Every set, newest year first, with its groups and number of nodes."""
    if not may_manage(user):
        raise PermissionDenied
    return (
        CriteriaSet.objects.annotate(node_count=Count("nodes"))
        .prefetch_related("groups")
        .order_by("-year", "code")
    )


def set_for_viewing(user: Actor, set_uuid: uuid.UUID) -> CriteriaSet:
    if not may_view_published(user):
        raise PermissionDenied
    criteria_set = CriteriaSet.objects.select_related("copied_from").filter(uuid=set_uuid).first()
    if criteria_set is None or not (criteria_set.is_published or may_manage(user)):
        raise Http404
    return criteria_set


def set_for_managing(user: Actor, set_uuid: uuid.UUID) -> CriteriaSet:
    """The set, for the secretariat; refused before the set is even looked up."""
    if not may_manage(user):
        raise PermissionDenied
    criteria_set = CriteriaSet.objects.filter(uuid=set_uuid).first()
    if criteria_set is None:
        raise Http404
    return criteria_set


def node_for_managing(user: Actor, node_uuid: uuid.UUID) -> CriteriaNode:
    if not may_manage(user):
        raise PermissionDenied
    node = (
        CriteriaNode.objects.select_related("criteria_set", "parent").filter(uuid=node_uuid).first()
    )
    if node is None:
        raise Http404
    return node


def publish_problems(criteria_set: CriteriaSet) -> list[SetProblem]:
    """What keeps the set from being published (empty: it may be published)."""
    return set_problems(criteria_set)


# --- the tree ---------------------------------------------------------------------------


@dataclass(slots=True)
class TreeRow:
    """One node as the tree page shows it."""

    node: CriteriaNode
    depth: int
    kind: str = ""
    rule_text: str = ""
    items: Sequence[ChecklistItem] = ()
    group_names: Sequence[str] = ()
    has_children: bool = False
    first: bool = False
    last: bool = False
    counted: bool = True
    problem: str = ""


def _describe(row: TreeRow) -> None:
    node = row.node
    if row.has_children:
        return
    row.kind = kind_label(node.rule) if node.rule else ""
    try:
        rule = rule_from_params(node.rule, node.parameters) if node.rule else None
    except RuleParameterError as error:
        row.problem = str(error)
        return
    row.rule_text = describe(rule)
    if isinstance(rule, ChecklistRule):
        row.items = rule.items
    row.counted = rule is None or rule.counts_in_max


def tree_rows(criteria_set: CriteriaSet) -> list[TreeRow]:
    """Every node in tree order with its depth and rule in words (one query for the
    nodes, one for the set's groups)."""
    group_names = {g.code: g.name for g in criteria_set.groups.all()}
    nodes = list(criteria_set.nodes.order_by("position", "id"))
    children: dict[int | None, list[CriteriaNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    out: list[TreeRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        siblings = children[parent_id]
        for index, node in enumerate(siblings):
            row = TreeRow(
                node=node,
                depth=depth,
                group_names=[group_names.get(code, code) for code in node.groups],
                has_children=bool(children[node.pk]),
                first=index == 0,
                last=index == len(siblings) - 1,
            )
            _describe(row)
            out.append(row)
            walk(node.pk, depth + 1)

    walk(None, 0)
    return out


def subtree_rows(node: CriteriaNode) -> list[TreeRow]:
    """The node's row and the rows of everything below it."""
    rows = tree_rows(node.criteria_set)
    start = next(i for i, row in enumerate(rows) if row.node.pk == node.pk)
    out = [rows[start]]
    for row in rows[start + 1 :]:
        if row.depth <= rows[start].depth:
            break
        out.append(row)
    return out


def tree_total(rows: Sequence[TreeRow]) -> Decimal:
    """The set's maximum: its fields' maxima added up."""
    return sum((r.node.max_points for r in rows if r.depth == 0 and r.counted), Decimal(0))


# --- code mappings ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MappingPartner:
    """Another set this one has a code mapping with; ``older``: the mapping goes from the
    partner to this set."""

    criteria_set: CriteriaSet
    older: bool
    count: int


def mapping_partners(criteria_set: CriteriaSet) -> list[MappingPartner]:
    pairs = (
        CodeMapping.objects.filter(Q(from_set=criteria_set) | Q(to_set=criteria_set))
        .values("from_set", "to_set")
        .annotate(count=Count("id"))
    )
    counts = {(p["from_set"], p["to_set"]): p["count"] for p in pairs}
    others = {pk for pair in counts for pk in pair if pk != criteria_set.pk}
    sets = {s.pk: s for s in CriteriaSet.objects.filter(pk__in=others)} if others else {}
    out = []
    for (source, target), count in counts.items():
        older = target == criteria_set.pk
        out.append(MappingPartner(sets[source if older else target], older, count))
    return sorted(out, key=lambda p: (-p.criteria_set.year, p.criteria_set.code))


def other_sets(criteria_set: CriteriaSet) -> list[CriteriaSet]:
    return list(CriteriaSet.objects.exclude(pk=criteria_set.pk).order_by("-year", "code"))


@dataclass(frozen=True, slots=True)
class MappingRow:
    """A node of the older set and the code it maps to in the newer one (``""``: none)."""

    node: CriteriaNode
    depth: int
    to_code: str


def mapping_rows(from_set: CriteriaSet, to_set: CriteriaSet) -> list[MappingRow]:
    current = dict(
        CodeMapping.objects.filter(from_set=from_set, to_set=to_set).values_list(
            "from_code", "to_code"
        )
    )
    return [
        MappingRow(row.node, row.depth, current.get(row.node.code, ""))
        for row in tree_rows(from_set)
    ]
