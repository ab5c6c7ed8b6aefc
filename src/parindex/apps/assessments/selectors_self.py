"""Reads of the self-assessment, scoped to the acting user.

The self-scoring page is read in a fixed number of queries whatever the size of the
criteria tree: the nodes, the unit's scores with their current evidence, the criteria
set for the engine, and (when the set has relative rules) the group's measures.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404

from parindex import scoring
from parindex.apps.accounts import access
from parindex.apps.accounts.models import Membership, Role, User
from parindex.apps.assessments.deadlines import (
    Banner,
    participation_banner,
    self_assessment_refusal,
    unit_deadline,
)
from parindex.apps.assessments.entries import side_entry
from parindex.apps.assessments.models import (
    Delegation,
    Evidence,
    Participation,
    Score,
)
from parindex.apps.assessments.rule_inputs import entered
from parindex.apps.frameworks.conversion import to_engine
from parindex.apps.frameworks.models import CriteriaNode
from parindex.apps.frameworks.rule_words import describe
from parindex.numbers import format_vn
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


# --- the self-scoring page ------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """A node of the tree as the page shows it; leaves carry their score and entry."""

    node: CriteriaNode
    depth: int
    points: scoring.NodeScore | None = None
    score: Score | None = None
    rule: Rule | None = None
    method: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    editable: bool = False
    needs_support: bool = False
    entered: list[tuple[str, str]] = field(default_factory=list)
    form: Any = None
    evidence_form: Any = None
    notice: str = ""
    notice_level: str = ""

    @property
    def is_leaf(self) -> bool:
        return self.score is not None

    @property
    def max_text(self) -> str:
        """The maximum as people write it: ``2``, ``0,5`` (not ``2,0000``)."""
        return format_vn(self.node.max_points.normalize())


@dataclass(slots=True)
class SelfPage:
    participation: Participation
    rows: list[Row]
    totals: Totals
    refusal: str | None
    banner: Banner | None
    is_leader: bool
    may_write: bool
    missing: list[Score]

    @property
    def deadline(self) -> Any:
        return unit_deadline(self.participation)

    @property
    def leaves(self) -> list[Row]:
        return [r for r in self.rows if r.is_leaf]

    def leaf(self, score: Score) -> Row:
        return next(r for r in self.rows if r.score is not None and r.score.pk == score.pk)


def self_values(score: Score) -> dict[str, Any]:
    return {
        "score": score.self_score,
        "numerator": score.self_numerator,
        "denominator": score.self_denominator,
        "count": score.self_count,
        "value": score.self_value,
        "items": score.self_items,
    }


def _writable_codes(
    user: AnyUser, participation: Participation, parent_of: dict[str, str | None]
) -> set[str] | None:
    """Leaf codes ``user`` may self-score (``None``: all of them), as
    :func:`access.can_self_score` decides, for the whole tree at once."""
    unit = participation.unit
    if access.is_unit_leader(user, unit):
        return None
    if not access.is_unit_member(user, unit):
        return set()
    delegated = access.delegated_codes(user, participation)
    if delegated is None:
        return None
    allowed = set()
    for code in parent_of:
        current: str | None = code
        while current is not None:
            if current in delegated:
                allowed.add(code)
                break
            current = parent_of[current]
    return allowed


def _tree(nodes: list[CriteriaNode], group: str) -> list[tuple[CriteriaNode, int]]:
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


def self_page(user: AnyUser, participation: Participation) -> SelfPage:
    """Everything the self-scoring page shows, in a fixed number of queries."""
    nodes = list(participation.round.criteria_set.nodes.order_by("position", "id"))
    by_id = {n.pk: n for n in nodes}
    parent_of = {n.code: by_id[n.parent_id].code if n.parent_id else None for n in nodes}
    scores = list(
        participation.scores.select_related("node", "updated_by").prefetch_related(
            active_evidence()
        )
    )
    for score in scores:
        score.participation = participation
        score.node = by_id.get(score.node_id, score.node)
    by_node = {s.node_id: s for s in scores}
    totals = self_totals(participation, scores)
    refusal = self_assessment_refusal(participation)
    writable = _writable_codes(user, participation, parent_of) if refusal is None else set()
    missing = missing_support(participation)
    missing_ids = {s.pk for s in missing}
    rows = []
    for node, depth in _tree(nodes, participation.unit.group.code):
        points = totals.side.node(node.code) if totals.side is not None else None
        row = Row(node=node, depth=depth, points=points)
        found = by_node.get(node.pk)
        if found is not None:
            row.score = found
            row.rule = node_rule(node)
            row.method = describe(row.rule)
            row.entered = entered(row.rule, self_values(found), found.self_not_applicable)
            row.evidence = list(getattr(found, "active_evidence", []))
            row.editable = writable is None or node.code in writable
            row.needs_support = found.pk in missing_ids
        rows.append(row)
    return SelfPage(
        participation=participation,
        rows=rows,
        totals=totals,
        refusal=refusal,
        banner=participation_banner(participation),
        is_leader=access.is_unit_leader(user, participation.unit),
        may_write=any(r.editable for r in rows),
        missing=missing,
    )


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
    shown = [n for n, _depth in _tree(nodes, participation.unit.group.code)]
    delegations = list(
        participation.delegations.select_related("staff", "node", "created_by").order_by(
            "node__position", "staff__username"
        )
    )
    return DelegationPage(staff, shown, delegations)
