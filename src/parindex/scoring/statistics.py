"""Ranking within a group and the group's published statistics."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from parindex.scoring.model import ZERO, CriteriaSet, TiePolicy, UnitGroup
from parindex.scoring.results import FieldStats, GroupResult, UnitResult


def rank_units(figures: Sequence[tuple[Decimal, Decimal]], policy: TiePolicy) -> list[int]:
    """Ranks (1 = best) of units given as (published index, achieved points).

    The result is in the order of ``figures``. Ties follow ``policy`` (see
    :class:`TiePolicy`); the order of the input never changes a rank.
    """

    def key(i: int) -> tuple[Decimal, ...]:
        index, achieved = figures[i]
        return (index, achieved) if policy is TiePolicy.ACHIEVED else (index,)

    order = sorted(range(len(figures)), key=key, reverse=True)
    ranks = [0] * len(figures)
    previous: tuple[Decimal, ...] | None = None
    rank = 0
    for position, i in enumerate(order, start=1):
        current = key(i)
        if current != previous:
            rank = rank + 1 if policy is TiePolicy.DENSE else position
            previous = current
        ranks[i] = rank
    return ranks


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    return sum(values, ZERO) / len(values) if values else None


def _field_stats(criteria: CriteriaSet, units: Sequence[UnitResult]) -> tuple[FieldStats, ...]:
    out = []
    for position, node in enumerate(criteria.fields):
        applied = [
            u.appraised.fields[position]
            for u in units
            if not u.appraised.fields[position].not_applicable
        ]
        average = _mean([f.achieved for f in applied])
        out.append(
            FieldStats(
                code=node.code,
                title=node.title,
                max_points=node.max_points,
                average=None if average is None else criteria.rounding.score(average),
                at_max=sum(
                    1 for f in applied if f.applicable_max > 0 and f.achieved >= f.applicable_max
                ),
                units=len(applied),
            )
        )
    return tuple(out)


def _extreme(units: Sequence[UnitResult], sign: int) -> UnitResult | None:
    moved = [u for u in units if u.index_change is not None and u.index_change * sign > 0]
    if not moved:
        return None
    # units are in rank order, so max() keeps the better-ranked unit on a tie
    return max(moved, key=lambda u: (u.index_change or ZERO) * sign)


def group_statistics(
    criteria: CriteriaSet, group: UnitGroup, units: tuple[UnitResult, ...]
) -> GroupResult:
    """Average, count above it, highest, lowest, spread, per-field figures, riser, faller.

    Everything is computed from the published (rounded) indices so that the report's
    figures agree with its own table.
    """
    indices = [u.index for u in units]
    mean = _mean(indices)
    average = None if mean is None else criteria.rounding.index(mean)
    highest = max(indices) if indices else None
    lowest = min(indices) if indices else None
    return GroupResult(
        group=group,
        units=units,
        average=average,
        above_average=sum(1 for i in indices if average is not None and i > average),
        highest=highest,
        lowest=lowest,
        spread=None if highest is None or lowest is None else highest - lowest,
        fields=_field_stats(criteria, units),
        riser=_extreme(units, 1),
        faller=_extreme(units, -1),
    )
