"""Reads of the self-assessment, scoped to the acting user: the participations one may
open, a score or evidence row reached through them, the running totals, the leaves that
still need support, and delegation. The self-scoring page itself is read by
:mod:`selectors_self_page`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404

from parindex import scoring
from parindex.apps.accounts import access
from parindex.apps.accounts.models import Membership, Role, User
from parindex.apps.assessments.deadlines import Banner, participation_banner, unit_deadline
from parindex.apps.assessments.entries import side_entry
from parindex.apps.assessments.models import (
    Delegation,
    Evidence,
    Participation,
    Score,
)
from parindex.apps.frameworks.conversion import to_engine
from parindex.apps.frameworks.models import CriteriaNode
from parindex.scoring import JudgedRule, Rule, RuleKind
from parindex.scoring.serialize import rule_from_params

AnyUser = User | AnonymousUser
TOTALS_FAILED = "Chưa tính được tổng điểm: {errors}"


def node_rule(node: CriteriaNode) -> Rule:
    return rule_from_params(node.rule, node.parameters) if node.rule else JudgedRule()


def can_open_self_page(user: AnyUser, participation: Participation) -> bool:
    """The unit's own people, and those who oversee every unit (read only)."""
    return access.is_unit_member(user, participation.unit) or access.can_oversee(user)


def participation_for(user: AnyUser, participation_id: uuid.UUID) -> Participation:
    """The participation, if ``user`` may open its self-assessment page; else 404."""
    found = (
        Participation.objects.select_related("round__criteria_set", "unit__group", "submitted_by")
        .filter(uuid=participation_id)
        .first()
    )
    if found is None or not can_open_self_page(user, found):
        raise Http404
    return found


def score_of(participation: Participation, score_id: uuid.UUID) -> Score:
    """A score of ``participation`` (never another unit's); else 404."""
    found = (
        Score.objects.select_related("node__parent")
        .filter(uuid=score_id, participation=participation)
        .first()
    )
    if found is None:
        raise Http404
    found.participation = participation
    return found


def evidence_for(user: AnyUser, evidence_id: uuid.UUID) -> Evidence:
    """An evidence row whose score ``user`` may view; else 404."""
    found = (
        Evidence.objects.select_related(
            "file", "score__node", "score__participation__round", "score__participation__unit"
        )
        .filter(uuid=evidence_id)
        .first()
    )
    if found is None or not access.can_view_score(user, found.score):
        raise Http404
    return found


@dataclass(slots=True)
class UnitRow:
    participation: Participation
    deadline: Any
    banner: Banner | None


def my_participations(user: AnyUser) -> list[UnitRow]:
    """The participations of the units where ``user`` is staff or leader, newest first."""
    units = access.units_of(user)
    found = Participation.objects.filter(unit__in=units).select_related("round", "unit__group")
    rows = [UnitRow(p, unit_deadline(p), participation_banner(p)) for p in found]
    rows.sort(key=lambda r: (-r.participation.round.year, r.participation.unit.code))
    return rows


def active_evidence() -> Prefetch[Any]:
    return Prefetch(
        "evidence",
        queryset=Evidence.objects.filter(superseded_at__isnull=True).select_related("file"),
        to_attr="active_evidence",
    )


def missing_support(participation: Participation) -> list[Score]:
    """Scored leaves (an entry other than "not applicable") with neither current evidence
    nor an explanation: they block the submission."""
    has_evidence = Evidence.objects.filter(score=OuterRef("pk"), superseded_at__isnull=True)
    candidates = (
        participation.scores.filter(explanation="", self_not_applicable=False)
        .filter(~Exists(has_evidence))
        .filter(
            Q(self_score__isnull=False)
            | Q(self_numerator__isnull=False)
            | Q(self_denominator__isnull=False)
            | Q(self_count__isnull=False)
            | Q(self_value__isnull=False)
            | Q(self_items__isnull=False)
        )
        .select_related("node")
        .order_by("node__position")
    )
    return [s for s in candidates if side_entry(s, "self") is not None]


# --- running totals -------------------------------------------------------------------


@dataclass(slots=True)
class Totals:
    """The unit's self-scored result (``side``), or why it could not be computed."""

    side: scoring.SideResult | None
    unscored: int = 0
    error: str = ""


def _relative_measures(participation: Participation) -> list[Score]:
    """Other units' self entries of the group's relative leaves (their best counts)."""
    return list(
        Score.objects.filter(
            participation__round_id=participation.round_id,
            participation__unit__group_id=participation.unit.group_id,
            node__rule=RuleKind.RELATIVE.value,
        )
        .exclude(participation=participation)
        .select_related("node", "participation__unit")
    )


def self_totals(participation: Participation, scores: list[Score] | None = None) -> Totals:
    """The unit's self-scored points, applicable maximum and index, per field and in
    total, computed by the engine within the unit's group."""
    if scores is None:
        scores = list(participation.scores.select_related("node"))
    engine = to_engine(participation.round.criteria_set)
    unit = participation.unit
    group = engine.group(unit.group.code) or scoring.UnitGroup(unit.group.code, unit.group.name)
    entries: dict[str, dict[str, scoring.Entry]] = {unit.code: {}}
    units = {unit.code: scoring.Unit(unit.code, unit.name, group.code)}
    has_relative = any(s.node.rule == RuleKind.RELATIVE.value for s in scores)
    others = _relative_measures(participation) if has_relative else []
    for score in [*scores, *others]:
        other = score.participation.unit
        units.setdefault(other.code, scoring.Unit(other.code, other.name, group.code))
        if (entry := side_entry(score, "self")) is not None:
            entries.setdefault(other.code, {})[score.node.code] = entry
    unit_scores = {
        code: scoring.UnitScores(code, self_scored=found) for code, found in entries.items()
    }
    try:
        result = scoring.compute_group(
            scoring.Plan(engine), group, list(units.values()), unit_scores
        )
    except scoring.ScoringErrors as failed:
        errors = "; ".join(e.message for e in failed.errors if e.unit == unit.code)
        return Totals(None, error=TOTALS_FAILED.format(errors=errors or failed))
    side = next(r for r in result.units if r.unit.code == unit.code).self_scored
    leaves = {s.node.code for s in scores}
    return Totals(side, unscored=sum(1 for code in side.missing if code in leaves))


def tree(nodes: list[CriteriaNode], group: str) -> list[tuple[CriteriaNode, int]]:
    """The nodes that apply to ``group``, depth first, with their depth (0: a field)."""
    children: dict[int | None, list[CriteriaNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    out: list[tuple[CriteriaNode, int]] = []

    def visit(node: CriteriaNode, depth: int) -> None:
        if node.groups and group not in node.groups:
            return
        out.append((node, depth))
        for child in children.get(node.pk, []):
            visit(child, depth + 1)

    for top in children.get(None, []):
        visit(top, 0)
    return out


# --- delegation -------------------------------------------------------------------------


@dataclass(slots=True)
class DelegationPage:
    staff: list[User]
    nodes: list[CriteriaNode]
    delegations: list[Delegation]


def delegation_page(participation: Participation) -> DelegationPage:
    """The unit's staff, the nodes that can be given, and what has been given."""
    staff = [
        m.user
        for m in Membership.objects.filter(
            unit=participation.unit, role=Role.UNIT_STAFF
        ).select_related("user")
    ]
    staff.sort(key=str)
    nodes = list(participation.round.criteria_set.nodes.order_by("position", "id"))
    shown = [n for n, _depth in tree(nodes, participation.unit.group.code)]
    delegations = list(
        participation.delegations.select_related("staff", "node", "created_by").order_by(
            "node__position", "staff__username"
        )
    )
    return DelegationPage(staff, shown, delegations)
