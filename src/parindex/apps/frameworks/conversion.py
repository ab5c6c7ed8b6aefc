"""Between stored criteria sets (rows) and the engine's :class:`parindex.scoring.CriteriaSet`."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from parindex import scoring
from parindex.apps.accounts.models import UnitGroup, User
from parindex.apps.frameworks.models import ClassBand, CriteriaNode, CriteriaSet
from parindex.scoring.serialize import rule_from_params, rule_to_params


def to_engine(criteria_set: CriteriaSet) -> scoring.CriteriaSet:
    """The engine's view of a stored set (two queries for the tree, one for bands/groups)."""
    nodes = list(criteria_set.nodes.order_by("position", "id"))
    children: dict[int | None, list[CriteriaNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)

    def build(node: CriteriaNode) -> scoring.Node:
        return scoring.Node(
            code=node.code,
            title=node.title,
            max_points=node.max_points,
            rule=rule_from_params(node.rule, node.parameters) if node.rule else None,
            children=tuple(build(child) for child in children[node.id]),
            groups=frozenset(node.groups),
        )

    return scoring.CriteriaSet(
        code=criteria_set.code,
        name=criteria_set.name,
        year=criteria_set.year,
        fields=tuple(build(top) for top in children[None]),
        groups=tuple(scoring.UnitGroup(g.code, g.name) for g in criteria_set.groups.all()),
        bands=tuple(
            scoring.ClassBand(b.minimum, b.label, b.short) for b in criteria_set.bands.all()
        ),
        rounding=scoring.RoundingPolicy(
            index_decimals=criteria_set.index_decimals,
            score_decimals=criteria_set.score_decimals,
            mode=scoring.Rounding(criteria_set.rounding),
        ),
        tie_policy=scoring.TiePolicy(criteria_set.tie_policy),
        index_cap=criteria_set.index_cap,
        decision_number=criteria_set.decision_number,
        decision_date=criteria_set.decision_date,
    )


def _store_nodes(criteria_set: CriteriaSet, engine: scoring.CriteriaSet) -> None:
    position = 0

    def store(node: scoring.Node, parent: CriteriaNode | None) -> None:
        nonlocal position
        position += 1
        kind, params = rule_to_params(node.rule) if node.rule else ("", {})
        row = CriteriaNode.objects.create(
            criteria_set=criteria_set,
            parent=parent,
            code=node.code,
            position=position,
            title=node.title,
            max_points=node.max_points,
            rule=kind,
            parameters=params,
            groups=sorted(node.groups),
        )
        for child in node.children:
            store(child, row)

    for top in engine.fields:
        store(top, None)


@transaction.atomic
def from_engine(engine: scoring.CriteriaSet, *, actor: User | None) -> CriteriaSet:
    """Stores ``engine`` as a new draft set; unit groups it names are created if new."""
    criteria_set = CriteriaSet(
        code=engine.code,
        name=engine.name,
        year=engine.year,
        decision_number=engine.decision_number,
        decision_date=engine.decision_date,
        index_decimals=engine.rounding.index_decimals,
        score_decimals=engine.rounding.score_decimals,
        rounding=engine.rounding.mode.value,
        tie_policy=engine.tie_policy.value,
        index_cap=engine.index_cap,
        created_by=actor,
    )
    criteria_set.full_clean()
    criteria_set.save()
    for position, group in enumerate(engine.groups):
        row, _ = UnitGroup.objects.get_or_create(
            code=group.code, defaults={"name": group.name, "position": position}
        )
        criteria_set.groups.add(row)
    ClassBand.objects.bulk_create(
        ClassBand(criteria_set=criteria_set, minimum=b.minimum, label=b.label, short=b.short)
        for b in engine.bands
    )
    _store_nodes(criteria_set, engine)
    return criteria_set
