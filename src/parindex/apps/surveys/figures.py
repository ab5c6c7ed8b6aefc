"""Survey figures from answer counts: plain Python and ``Decimal``, no Django.

For a question, a factor or a unit the counts say how many answers chose each option
value. From them: the share of satisfied answers (%), the mean answer value, the weighted
score (the mean of the options' weights, in %) and 95 % confidence intervals.

The interval of a share is Wilson's score interval, good near 100 % where satisfaction
usually sits. For a single question its ``n`` is the number of answers. For figures that
pool several questions of one ballot (a factor, a unit) the answers of one respondent are
not independent, so ``n`` is the number of ballots: the interval is wider, never
falsely narrow.

The sample warning uses the size a simple random sample needs for a margin of error
``e`` at 95 %: n = N / (1 + N·e²) (Yamane), N being the unit's population.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

Z95 = Decimal("1.96")
HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE = Decimal(1)

type Counts = Mapping[int, int]  # option value → number of answers


@dataclass(frozen=True, slots=True)
class Scale:
    """A survey's answers: each option value's weight (0-100) and the satisfied values."""

    weights: Mapping[int, Decimal]
    satisfied: frozenset[int]


@dataclass(frozen=True, slots=True)
class Interval:
    low: Decimal
    high: Decimal


@dataclass(frozen=True, slots=True)
class Figures:
    """What the counts say. ``answers``: answers counted; ``sample``: the ``n`` of the
    intervals (answers of one question, or ballots for pooled figures). Every figure is
    ``None`` without answers."""

    answers: int
    sample: int
    satisfied: Decimal | None = None
    satisfied_ci: Interval | None = None
    mean: Decimal | None = None
    mean_ci: Interval | None = None
    weighted: Decimal | None = None


def add(counts: Iterable[Counts]) -> Counter[int]:
    """The counts added up (answers pooled)."""
    out: Counter[int] = Counter()
    for one in counts:
        out.update(one)
    return out


def figures(counts: Counts, scale: Scale, *, sample: int | None = None) -> Figures:
    """The figures of ``counts``; ``sample`` defaults to the number of answers."""
    answers = sum(counts.values())
    n = answers if sample is None else min(sample, answers)
    if answers == 0:
        return Figures(answers=0, sample=n)
    total = Decimal(answers)
    satisfied = sum(c for v, c in counts.items() if v in scale.satisfied)
    mean = sum(Decimal(v * c) for v, c in counts.items()) / total
    weighted = sum(scale.weights.get(v, ZERO) * c for v, c in counts.items()) / total
    return Figures(
        answers=answers,
        sample=n,
        satisfied=HUNDRED * satisfied / total,
        satisfied_ci=wilson(Decimal(satisfied) / total, n),
        mean=mean,
        mean_ci=mean_interval(counts, mean, n),
        weighted=weighted,
    )


def wilson(share: Decimal, n: int) -> Interval | None:
    """Wilson's 95 % interval of a share (0-1) measured on ``n``, in percent."""
    if n <= 0:
        return None
    size = Decimal(n)
    z2 = Z95 * Z95
    denominator = ONE + z2 / size
    centre = (share + z2 / (2 * size)) / denominator
    spread = Z95 * (share * (ONE - share) / size + z2 / (4 * size * size)).sqrt() / denominator
    return Interval(max(ZERO, centre - spread) * HUNDRED, min(ONE, centre + spread) * HUNDRED)


def mean_interval(counts: Counts, mean: Decimal, n: int) -> Interval | None:
    """mean ± 1.96 · s / √n, s the standard deviation of the answers."""
    answers = sum(counts.values())
    if answers < 2 or n <= 0:
        return None
    squares = sum((c * (Decimal(v) - mean) ** 2 for v, c in counts.items()), ZERO)
    deviation = (squares / (answers - 1)).sqrt()
    half = Z95 * deviation / Decimal(n).sqrt()
    return Interval(mean - half, mean + half)


def required_sample(population: int | None, margin_percent: Decimal) -> int | None:
    """Ballots needed for a unit of ``population`` at a margin of error of
    ``margin_percent`` (5 → 5 %): N / (1 + N·e²) rounded up; ``None`` without N."""
    if not population:
        return None
    e = margin_percent / HUNDRED
    size = Decimal(population) / (ONE + population * e * e)
    return int(size.to_integral_value(ROUND_CEILING))


def average(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the values that exist (``None`` when none does)."""
    present = [v for v in values if v is not None]
    return sum(present, ZERO) / len(present) if present else None
