"""The what-if planner: where a unit can still gain points, and what each gain would bring.

Given a computed :class:`parindex.scoring.RoundResult` and one unit, :func:`what_if` lists
every sub-criterion (leaf) where the unit's appraised points are below what the leaf can
give, with the unit's index and rank if it gained just that, the other units of its group
unchanged. :func:`choose` turns a target ("rise 3 places", "reach rank 5", "reach index
90") into the smallest set of such gains that meets it, or says why none does.

What counts as a gain
    * an ordinary sub-criterion: its applicable maximum minus the appraised points;
    * a bonus (điểm thưởng): the bonus cap minus the bonus earned (it adds to the points
      achieved, never to the maximum);
    * a deduction (điểm trừ): the points deducted, gained back by avoiding it next time.
    Bonuses and deductions are listed as such and may be left out of a target's search.
    Accuracy of self-scoring is left out: it follows from the appraisal of every other
    sub-criterion, not from work of its own; it is held as it is.
    Not-applicable sub-criteria give nothing. The applicable maximum never changes.

How a gain turns into an index and a rank
    The engine's own figures: the index is the set's formula (points / applicable
    maximum x 100, floored at 0, capped by ``index_cap``, rounded by the set's
    :class:`~parindex.scoring.RoundingPolicy`) and the rank comes from
    :func:`parindex.scoring.statistics.rank_units` with the set's tie policy, over the
    group's published figures with the unit's replaced.

The smallest set of gains
    Adding points never lowers the index nor worsens the rank, so whether a total of
    added points meets a target is monotone in that total. The chosen set is, in order:

    1. the fewest sub-criteria. The ``k`` largest gains give the largest total any ``k``
       gains can give, so the smallest ``k`` whose largest gains meet the target is the
       fewest possible (greedy, largest first);
    2. among sets of that size, the least total of points (the target's threshold is
       found by bisection; a dynamic programme over the gains, bounded by ``k`` items,
       holds as bit sets which totals each number of items can reach);
    3. then the easiest: the least sum of each gain's difficulty (:data:`DIFFICULTY`:
       a judged or checklist item is work the unit controls; counts and thresholds need
       more of it; ratios depend on a year of operations; a relative score, a survey's
       satisfaction or a bonus on what others or outsiders do; a deduction on avoiding an
       incident);
    4. then the earliest sub-criteria in the order given, so the answer is reproducible.

Everything is :class:`~decimal.Decimal`; nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from parindex.planning.subsets import fewest
from parindex.scoring.model import HUNDRED, ZERO, ClassBand, CriteriaSet, Node
from parindex.scoring.results import GroupResult, NodeScore, RoundResult, UnitResult
from parindex.scoring.rules import BonusRule, DeductionRule, JudgedRule, Rule, RuleKind
from parindex.scoring.statistics import rank_units


class GainKind(StrEnum):
    CRITERION = "criterion"  # points below a sub-criterion's maximum
    BONUS = "bonus"  # bonus points not earned yet
    DEDUCTION = "deduction"  # a deduction that would be avoided


DIFFICULTY: Mapping[RuleKind, int] = {
    RuleKind.JUDGED: 1,
    RuleKind.CHECKLIST: 1,
    RuleKind.COUNT: 2,
    RuleKind.BANDS: 2,
    RuleKind.RATIO: 3,
    RuleKind.RELATIVE: 4,
    RuleKind.BONUS: 4,
    RuleKind.SURVEY: 4,
    RuleKind.DEDUCTION: 5,
}
LEFT_OUT = frozenset({RuleKind.ACCURACY})


@dataclass(frozen=True, slots=True)
class Standing:
    """A unit's figures in its group: points achieved, index, rank and class."""

    achieved: Decimal
    index: Decimal
    rank: int
    band: ClassBand | None


@dataclass(frozen=True, slots=True)
class Gain:
    """Points a unit can still gain on one sub-criterion, and where that alone takes it.

    ``ceiling``: the most the sub-criterion gives (its applicable maximum, a bonus's cap,
    0 for a deduction). ``self_scored``: the unit's own score, when it entered one.
    ``missing``: nothing was entered, so the points count as 0.
    """

    code: str
    title: str
    field: str
    kind: GainKind
    rule: RuleKind
    ceiling: Decimal
    achieved: Decimal
    self_scored: Decimal | None
    points: Decimal
    missing: bool
    difficulty: int
    standing: Standing

    @property
    def index(self) -> Decimal:
        return self.standing.index

    @property
    def rank(self) -> int:
        return self.standing.rank

    @property
    def is_extra(self) -> bool:
        """A bonus or a deduction rather than an ordinary sub-criterion."""
        return self.kind is not GainKind.CRITERION


def published_index(criteria: CriteriaSet, achieved: Decimal, applicable_max: Decimal) -> Decimal:
    """The index the engine publishes for these points (``scoring.engine``'s formula)."""
    if applicable_max == 0:
        return criteria.rounding.index(ZERO)
    value = max(ZERO, HUNDRED * achieved / applicable_max)
    if criteria.index_cap is not None:
        value = min(value, criteria.index_cap)
    return criteria.rounding.index(value)


@dataclass(frozen=True, slots=True)
class WhatIf:
    """One unit's gains within its group; :meth:`standing` gives the unit's figures with
    any number of points added, the other units unchanged."""

    criteria: CriteriaSet
    group: GroupResult
    unit: UnitResult
    gains: tuple[Gain, ...] = ()
    position: int = field(default=0, repr=False)

    @property
    def size(self) -> int:
        """How many units the group ranks."""
        return len(self.group.units)

    @property
    def current(self) -> Standing:
        unit = self.unit
        return Standing(unit.appraised.achieved, unit.index, unit.rank, unit.band)

    def standing(self, added: Decimal) -> Standing:
        achieved = self.unit.appraised.achieved + added
        index = published_index(self.criteria, achieved, self.unit.appraised.applicable_max)
        figures = [(other.index, other.appraised.achieved) for other in self.group.units]
        figures[self.position] = (index, achieved)
        rank = rank_units(figures, self.criteria.tie_policy)[self.position]
        return Standing(achieved, index, rank, self.criteria.classify(index))


def what_if(result: RoundResult, unit_code: str) -> WhatIf:
    """Every gain of ``unit_code`` in ``result``, most points first (then in the order of
    the criteria). Raises ``KeyError`` when the unit is not in the result."""
    group, position = _find(result, unit_code)
    base = WhatIf(result.criteria, group, group.units[position], position=position)
    gains = [gain for top in result.criteria.fields for gain in _leaf_gains(base, top)]
    gains.sort(key=lambda g: -g.points)  # stable: criteria order among equals
    return WhatIf(result.criteria, group, base.unit, tuple(gains), position)


def _find(result: RoundResult, unit_code: str) -> tuple[GroupResult, int]:
    for group in result.groups:
        for position, unit in enumerate(group.units):
            if unit.unit.code == unit_code:
                return group, position
    raise KeyError(unit_code)


def _leaf_gains(base: WhatIf, top: Node) -> list[Gain]:
    unit = base.unit
    out = []
    for node in top.walk():
        if not node.is_leaf:
            continue
        rule = node.rule or JudgedRule()
        score = unit.appraised.node(node.code)
        if rule.kind in LEFT_OUT or score.not_applicable:
            continue
        kind, ceiling = _ceiling(rule, score)
        if kind is None or ceiling <= score.achieved:
            continue
        own = unit.self_scored.node(node.code)
        points = ceiling - score.achieved
        out.append(
            Gain(
                code=node.code,
                title=node.title,
                field=top.code,
                kind=kind,
                rule=rule.kind,
                ceiling=ceiling,
                achieved=score.achieved,
                self_scored=None if own.not_applicable or own.missing else own.achieved,
                points=points,
                missing=score.missing,
                difficulty=DIFFICULTY.get(rule.kind, max(DIFFICULTY.values())),
                standing=base.standing(points),
            )
        )
    return out


def _ceiling(rule: Rule, score: NodeScore) -> tuple[GainKind | None, Decimal]:
    if isinstance(rule, BonusRule):
        return GainKind.BONUS, rule.cap
    if isinstance(rule, DeductionRule):
        return GainKind.DEDUCTION, ZERO
    if rule.counts_in_max:
        return GainKind.CRITERION, score.applicable_max
    return None, ZERO


# --- targets ---------------------------------------------------------------------------------


class TargetKind(StrEnum):
    RISE = "rise"  # rise at least N places
    RANK = "rank"  # reach rank N or better
    INDEX = "index"  # reach an index of at least X


class Outcome(StrEnum):
    ALREADY = "already"  # the unit meets the target as it is
    REACHED = "reached"  # the chosen gains meet it
    UNREACHABLE = "unreachable"  # every gain together falls short
    IMPOSSIBLE = "impossible"  # no rank above the first: the unit cannot rise that far


@dataclass(frozen=True, slots=True)
class Target:
    kind: TargetKind
    value: Decimal

    def wanted_rank(self, current: int) -> int | None:
        """The rank to reach (``None`` for an index target)."""
        if self.kind is TargetKind.RISE:
            return current - int(self.value)
        if self.kind is TargetKind.RANK:
            return int(self.value)
        return None

    def met(self, standing: Standing, wanted_rank: int | None) -> bool:
        if wanted_rank is None:
            return standing.index >= self.value
        return standing.rank <= wanted_rank


@dataclass(frozen=True, slots=True)
class Choice:
    """The answer to a target.

    ``gains``: the chosen set (most points first); ``points``: their total; ``needed``:
    the fewest points that meet the target (``None`` when nothing does); ``standing``: the
    unit's figures with the chosen gains, or with every gain when the target is out of
    reach; ``wanted_rank``: the rank the target asks for (rank and rise targets).
    """

    target: Target
    outcome: Outcome
    gains: tuple[Gain, ...]
    points: Decimal
    needed: Decimal | None
    standing: Standing
    wanted_rank: int | None

    @property
    def met(self) -> bool:
        return self.outcome in (Outcome.ALREADY, Outcome.REACHED)


def choose(plan: WhatIf, target: Target, *, extras: bool = True) -> Choice:
    """The smallest set of ``plan``'s gains that meets ``target`` (see the module's notes).

    ``extras``: whether bonuses and avoided deductions may be part of the set.
    """
    wanted = target.wanted_rank(plan.unit.rank)
    if wanted is not None and wanted < 1:
        return Choice(target, Outcome.IMPOSSIBLE, (), ZERO, None, plan.current, wanted)
    usable = [g for g in plan.gains if extras or not g.is_extra]

    def meets(added: Decimal) -> bool:
        return target.met(plan.standing(added), wanted)

    if meets(ZERO):
        return Choice(target, Outcome.ALREADY, (), ZERO, ZERO, plan.current, wanted)
    found = fewest([g.points for g in usable], meets, [g.difficulty for g in usable])
    if found is None:
        every = sum((g.points for g in usable), ZERO)
        return Choice(target, Outcome.UNREACHABLE, (), every, None, plan.standing(every), wanted)
    chosen = tuple(usable[i] for i in found.positions)
    total = sum((g.points for g in chosen), ZERO)
    after = plan.standing(total)
    return Choice(target, Outcome.REACHED, chosen, total, found.needed, after, wanted)
