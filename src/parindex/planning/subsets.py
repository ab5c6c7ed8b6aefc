"""The smallest set of gains meeting a target: fewest items, then least total, then least
difficulty, then earliest positions (see :mod:`parindex.planning.whatif`).

``meets`` is monotone in the total of the chosen points. The k largest points give the
largest total any k of them give, so the fewest items is the smallest k whose k largest
meet (greedy). The least total that meets is found by bisection over whole multiples of
the points' decimals; bit sets of the totals that each number of items (up to k) can
reach from each position on give the least reachable total at or above it; a last pass
keeps, for each (items, total) that can still be completed, the least difficult and
earliest set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from math import gcd

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Found:
    """Positions (ascending) of the chosen gains, and the fewest points that meet."""

    positions: tuple[int, ...]
    needed: Decimal


def fewest(
    points: Sequence[Decimal], meets: Callable[[Decimal], bool], difficulty: Sequence[int]
) -> Found | None:
    """The set of ``points`` (by position) with the fewest items, then the least total,
    then the least total ``difficulty``, then the earliest positions, whose total
    ``meets``; ``None`` when even all of them together do not.

    ``meets`` must be monotone: once a total meets, every larger total meets. Points must
    be positive. ``needed`` in the answer is the least total that meets, to the decimals
    of the points.
    """
    if meets(ZERO):
        return Found((), ZERO)
    count = _fewest_count(points, meets)
    if count is None:
        return None
    places = max((max(0, -int(p.as_tuple().exponent)) for p in points), default=0)
    scaled = [int(p.scaleb(places)) for p in points]
    needed = _threshold(sum(sorted(scaled, reverse=True)[:count]), lambda t: meets(_at(t, places)))
    step = _common_step(scaled)
    weights = [value // step for value in scaled]
    top = sum(sorted(weights, reverse=True)[:count])
    threshold = -(-needed // step)  # the least multiple of the step at or above it
    suffix = _suffix_sums(weights, count, top)
    reachable = suffix[0][count] >> threshold
    best = threshold + (reachable & -reachable).bit_length() - 1
    positions = _cheapest(weights, difficulty, suffix, count, best)
    return Found(positions, _at(needed, places))


def _at(whole: int, places: int) -> Decimal:
    return Decimal(whole).scaleb(-places)


def _common_step(values: Sequence[int]) -> int:
    step = 0
    for value in values:
        step = gcd(step, value)
    return step or 1


def _fewest_count(points: Sequence[Decimal], meets: Callable[[Decimal], bool]) -> int | None:
    total = ZERO
    for count, value in enumerate(sorted(points, reverse=True), start=1):
        total += value
        if meets(total):
            return count
    return None


def _threshold(top: int, meets: Callable[[int], bool]) -> int:
    """The least whole total in (0, top] that meets (``top`` does, 0 does not)."""
    low, high = 0, top
    while high - low > 1:
        middle = (low + high) // 2
        if meets(middle):
            high = middle
        else:
            low = middle
    return high


def _suffix_sums(weights: Sequence[int], count: int, top: int) -> list[list[int]]:
    """``out[i][j]``: bit ``s`` set when ``j`` of the weights from position ``i`` on add up
    to ``s`` (totals above ``top`` are dropped)."""
    mask = (1 << (top + 1)) - 1
    n = len(weights)
    out = [[0] * (count + 1) for _ in range(n + 1)]
    out[n][0] = 1
    for i in range(n - 1, -1, -1):
        after, here, weight = out[i + 1], out[i], weights[i]
        here[0] = 1
        for j in range(1, count + 1):
            here[j] = after[j] | ((after[j - 1] << weight) & mask)
    return out


def _cheapest(
    weights: Sequence[int],
    difficulty: Sequence[int],
    suffix: Sequence[Sequence[int]],
    count: int,
    total: int,
) -> tuple[int, ...]:
    """Of the sets of ``count`` weights adding up to ``total``, the least difficult (then
    earliest positions): a pass over the weights keeping, for each (items, sum) that can
    still be completed, the best set so far."""
    states: dict[tuple[int, int], tuple[int, tuple[int, ...]]] = {(0, 0): (0, ())}
    for i, weight in enumerate(weights):
        after = suffix[i + 1]
        nxt: dict[tuple[int, int], tuple[int, tuple[int, ...]]] = {}
        for (j, s), (cost, chosen) in states.items():
            if after[count - j] >> (total - s) & 1:
                _keep(nxt, (j, s), (cost, chosen))
            taken = s + weight
            if j < count and taken <= total and after[count - j - 1] >> (total - taken) & 1:
                _keep(nxt, (j + 1, taken), (cost + difficulty[i], (*chosen, i)))
        states = nxt
    return states[(count, total)][1]


def _keep(
    states: dict[tuple[int, int], tuple[int, tuple[int, ...]]],
    key: tuple[int, int],
    value: tuple[int, tuple[int, ...]],
) -> None:
    if key not in states or value < states[key]:
        states[key] = value
