"""Compute every unit's points, index, rank and class, and each group's statistics.

The computation runs in passes over flat arrays (one slot per node, children before
parents) so that a national dataset of thousands of units stays fast:

1. leaves whose rule needs only the unit's own entry;
2. ``relative`` leaves, once the best measure of the group is known;
3. ``accuracy`` leaves, once self-scores and appraised scores are both known;
4. parents add up their applicable children; fields and totals give the index.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from parindex.scoring.model import (
    HUNDRED,
    ZERO,
    CriteriaSet,
    Entry,
    Node,
    Unit,
    UnitGroup,
    UnitScores,
)
from parindex.scoring.results import (
    FieldResult,
    GroupResult,
    Previous,
    RoundResult,
    SideResult,
    UnitResult,
)
from parindex.scoring.rules import (
    EMPTY_CONTEXT,
    Context,
    JudgedRule,
    NotApplicable,
    Rule,
    ScoreInputError,
)
from parindex.scoring.statistics import group_statistics, rank_units

APPRAISED = 0
SELF = 1


@dataclass(frozen=True, slots=True)
class UnitError:
    """An entry that could not be scored: which unit, which node, what is wrong."""

    unit: str
    node: str
    side: str
    message: str

    def __str__(self) -> str:
        return f"đơn vị {self.unit}, tiêu chí {self.node} ({self.side}): {self.message}"


class ScoringErrors(ValueError):  # noqa: N818 - a collection of errors, named as such
    """Every entry of the computation that could not be scored."""

    def __init__(self, errors: Sequence[UnitError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = tuple(errors)


SIDE_NAMES = ("thẩm định", "tự chấm")
NO_ENTRY = Entry()


class Plan:
    """The criteria tree flattened for fast evaluation (children before parents)."""

    def __init__(self, criteria: CriteriaSet) -> None:
        self.criteria = criteria
        order: list[Node] = []
        parent_of: dict[str, str | None] = {}

        def visit(node: Node, parent: str | None) -> None:
            parent_of[node.code] = parent
            for child in node.children:
                visit(child, node.code)
            order.append(node)

        for top in criteria.fields:
            visit(top, None)
        self.nodes = order
        self.codes = tuple(n.code for n in order)
        self.position = {code: i for i, code in enumerate(self.codes)}
        self.rules: list[Rule] = [n.rule or JudgedRule() for n in order]
        self.leaf_max = [
            n.max_points if (n.is_leaf and self.rules[i].counts_in_max) else ZERO
            for i, n in enumerate(order)
        ]
        leaves = [i for i, n in enumerate(order) if n.is_leaf]
        self.basic = [
            i for i in leaves if not (self.rules[i].needs_group or self.rules[i].needs_accuracy)
        ]
        self.relative = [i for i in leaves if self.rules[i].needs_group]
        self.accuracy = [i for i in leaves if self.rules[i].needs_accuracy]
        self.compared = [
            i
            for i in self.basic + self.relative
            if self.rules[i].counts_in_max and self.rules[i].self_scored
        ]
        self.fields = [self.position[f.code] for f in criteria.fields]
        self.max_points = [n.max_points for n in order]
        self.is_parent = [bool(n.children) for n in order]
        self.parent_slot = [
            -1 if (parent := parent_of[n.code]) is None else self.position[parent] for n in order
        ]
        self._parent_of = parent_of
        self._excluded: dict[str, frozenset[int]] = {}

    def excluded(self, group: str) -> frozenset[int]:
        """Slots of the nodes that do not apply to ``group`` (the node or an ancestor)."""
        if group not in self._excluded:
            out = set()
            for i, node in enumerate(self.nodes):
                code: str | None = node.code
                while code is not None:
                    if not self.nodes[self.position[code]].applies_to(group):
                        out.add(i)
                        break
                    code = self._parent_of[code]
            self._excluded[group] = frozenset(out)
        return self._excluded[group]


@dataclass(slots=True)
class _Side:
    """Mutable arrays for one side of one unit while it is computed."""

    entries: Mapping[str, Entry]
    achieved: list[Decimal]
    amax: list[Decimal]
    na: list[bool]
    missing: list[bool]
    measures: dict[int, Decimal] = field(default_factory=dict)


class _Computation:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.errors: list[UnitError] = []
        self.rounding = plan.criteria.rounding
        self.quantum = Decimal(1).scaleb(-self.rounding.score_decimals)
        self.mode = self.rounding.mode.decimal_mode

    def new_side(self, entries: Mapping[str, Entry], excluded: frozenset[int]) -> _Side:
        n = len(self.plan.nodes)
        side = _Side(entries, [ZERO] * n, list(self.plan.leaf_max), [False] * n, [False] * n)
        for i in excluded:
            side.na[i] = True
            side.amax[i] = ZERO
        return side

    def leaves(
        self, unit: str, side_no: int, side: _Side, slots: Sequence[int], ctx: Context
    ) -> None:
        """Score the leaves at ``slots`` (the hot loop: lookups are hoisted out of it)."""
        plan = self.plan
        codes, rules, maxima = plan.codes, plan.rules, plan.max_points
        entries, na, achieved, missing = side.entries, side.na, side.achieved, side.missing
        quantum, mode = self.quantum, self.mode
        for i in slots:
            if na[i]:
                continue
            code, rule = codes[i], rules[i]
            entry = entries.get(code)
            if entry is None:
                if not rule.needs_accuracy:
                    missing[i] = True
                    continue
                entry = NO_ENTRY
            if entry.not_applicable:
                self.mark_na(side, i)
                continue
            try:
                value = rule.score(code, entry, maxima[i], ctx)
            except NotApplicable:
                self.mark_na(side, i)
                continue
            except ScoreInputError as exc:
                self.errors.append(UnitError(unit, code, SIDE_NAMES[side_no], exc.message))
                continue
            computed = entry.score is None and rule.computes
            achieved[i] = value.quantize(quantum, mode) if computed else value

    @staticmethod
    def mark_na(side: _Side, i: int) -> None:
        side.na[i] = True
        side.amax[i] = ZERO

    def measure(self, unit: str, side_no: int, side: _Side, i: int) -> None:
        if side.na[i]:
            return
        code = self.plan.codes[i]
        entry = side.entries.get(code)
        if entry is None or entry.not_applicable:
            return
        try:
            value = self.plan.rules[i].measure(code, entry)
        except ScoreInputError as exc:
            self.errors.append(UnitError(unit, code, SIDE_NAMES[side_no], exc.message))
            return
        if value is not None:
            side.measures[i] = value

    def accuracy(self, appraised: _Side, self_scored: _Side) -> Decimal | None:
        eligible = [i for i in self.plan.compared if not appraised.na[i]]
        if not eligible:
            return None
        equal = sum(
            1
            for i in eligible
            if not self_scored.na[i] and self_scored.achieved[i] == appraised.achieved[i]
        )
        return HUNDRED * equal / len(eligible)

    def aggregate(self, side: _Side) -> None:
        """One pass in plan order (children before parents): each applicable node adds
        itself to its parent; a parent that received nothing is not applicable."""
        achieved, amax, na, missing = side.achieved, side.amax, side.na, side.missing
        live = [False] * len(achieved)
        is_parent = self.plan.is_parent
        for i, p in enumerate(self.plan.parent_slot):
            if is_parent[i] and not live[i]:
                na[i] = True
                amax[i] = ZERO
            if p < 0:
                continue
            if missing[i]:
                missing[p] = True
            if not na[i]:
                live[p] = True
                achieved[p] += achieved[i]
                amax[p] += amax[i]

    def index(self, achieved: Decimal, amax: Decimal) -> Decimal:
        if amax == 0:
            return self.rounding.index(ZERO)
        value = max(ZERO, HUNDRED * achieved / amax)
        cap = self.plan.criteria.index_cap
        if cap is not None:
            value = min(value, cap)
        return self.rounding.index(value)

    def result(self, side: _Side) -> SideResult:
        fields = []
        for i in self.plan.fields:
            node = self.plan.nodes[i]
            applies = not side.na[i]
            fields.append(
                FieldResult(
                    code=node.code,
                    title=node.title,
                    max_points=node.max_points,
                    achieved=side.achieved[i] if applies else ZERO,
                    applicable_max=side.amax[i] if applies else ZERO,
                    index=self.index(side.achieved[i], side.amax[i])
                    if applies and side.amax[i] > 0
                    else None,
                    not_applicable=not applies,
                )
            )
        achieved = sum((f.achieved for f in fields), ZERO)
        amax = sum((f.applicable_max for f in fields), ZERO)
        return SideResult(
            achieved=achieved,
            applicable_max=amax,
            index=self.index(achieved, amax),
            fields=tuple(fields),
            codes=self.plan.codes,
            position=self.plan.position,
            node_achieved=tuple(side.achieved),
            node_max=tuple(side.amax),
            node_na=tuple(side.na),
            node_missing=tuple(side.missing),
        )


def _best(sides: Sequence[_Side], i: int) -> Decimal | None:
    values = [s.measures[i] for s in sides if i in s.measures]
    return max(values) if values else None


def _compute_sides(
    comp: _Computation, units: Sequence[Unit], scores: Mapping[str, UnitScores], group: str
) -> list[tuple[SideResult, SideResult]]:
    plan = comp.plan
    excluded = plan.excluded(group)
    pairs: list[tuple[_Side, _Side]] = []
    for unit in units:
        us = scores.get(unit.code) or UnitScores(unit.code)
        pair = (comp.new_side(us.appraised, excluded), comp.new_side(us.self_scored, excluded))
        for side_no, side in enumerate(pair):
            comp.leaves(unit.code, side_no, side, plan.basic, EMPTY_CONTEXT)
            for i in plan.relative:
                comp.measure(unit.code, side_no, side, i)
        pairs.append(pair)
    for side_no in (APPRAISED, SELF):
        sides = [pair[side_no] for pair in pairs]
        for i in plan.relative:
            ctx = Context(best=_best(sides, i))
            for unit, side in zip(units, sides, strict=True):
                comp.leaves(unit.code, side_no, side, (i,), ctx)
    out = []
    for unit, (appraised, self_scored) in zip(units, pairs, strict=True):
        if plan.accuracy:
            ctx = Context(accuracy=comp.accuracy(appraised, self_scored))
            comp.leaves(unit.code, APPRAISED, appraised, plan.accuracy, ctx)
            comp.leaves(unit.code, SELF, self_scored, plan.accuracy, EMPTY_CONTEXT)
        comp.aggregate(appraised)
        comp.aggregate(self_scored)
        out.append((comp.result(appraised), comp.result(self_scored)))
    return out


def compute_group(
    plan: Plan,
    group: UnitGroup,
    units: Sequence[Unit],
    scores: Mapping[str, UnitScores],
    previous: Mapping[str, Previous] | None = None,
) -> GroupResult:
    """Results of one group's units; raises :class:`ScoringErrors` on bad entries."""
    comp = _Computation(plan)
    sides = _compute_sides(comp, units, scores, group.code)
    if comp.errors:
        raise ScoringErrors(comp.errors)
    return _group_result(plan.criteria, group, units, sides, previous or {})


def _group_result(
    criteria: CriteriaSet,
    group: UnitGroup,
    units: Sequence[Unit],
    sides: Sequence[tuple[SideResult, SideResult]],
    previous: Mapping[str, Previous],
) -> GroupResult:
    ranks = rank_units([(s[0].index, s[0].achieved) for s in sides], criteria.tie_policy)
    results = []
    for unit, (appraised, self_scored), rank in zip(units, sides, ranks, strict=True):
        prev = previous.get(unit.code)
        results.append(
            UnitResult(
                unit=unit,
                appraised=appraised,
                self_scored=self_scored,
                rank=rank,
                band=criteria.classify(appraised.index),
                previous_index=prev.index if prev else None,
                previous_rank=prev.rank if prev else None,
            )
        )
    results.sort(key=lambda r: (r.rank, r.unit.code))
    return group_statistics(criteria, group, tuple(results))


def compute(
    criteria: CriteriaSet,
    units: Sequence[Unit],
    scores: Mapping[str, UnitScores],
    previous: Mapping[str, Previous] | None = None,
) -> RoundResult:
    """Results of every group of ``criteria`` that has units.

    Units whose group the criteria set does not declare are an error, as is any entry
    that its rule cannot score; every such problem is reported at once.
    """
    plan = Plan(criteria)
    declared = {g.code for g in criteria.groups}
    errors = [
        UnitError(u.code, "", "", f"nhóm {u.group!r} không có trong bộ tiêu chí")
        for u in units
        if u.group not in declared
    ]
    comp = _Computation(plan)
    computed = []
    for group in criteria.groups:
        members = [u for u in units if u.group == group.code]
        if members:
            computed.append((group, members, _compute_sides(comp, members, scores, group.code)))
    errors.extend(comp.errors)
    if errors:
        raise ScoringErrors(errors)
    return RoundResult(
        criteria=criteria,
        groups=tuple(
            _group_result(criteria, group, members, sides, previous or {})
            for group, members, sides in computed
        ),
    )
