"""Seeded appraised and self-scored entries for one unit, rule by rule.

Each unit has a ``quality`` between 0.55 and 1; its appraised inputs scatter around it and
its self-scoring claims the same or a little more, as units do.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from decimal import Decimal

from bench.synthetic_criteria import quarters
from parindex.scoring import (
    NOT_APPLICABLE,
    BandMeasure,
    BandsRule,
    ChecklistRule,
    Entry,
    Node,
    RuleKind,
    UnitScores,
)

NOT_APPLICABLE_SHARE = 0.004  # entries marked "không áp dụng"
ZERO_DENOMINATOR_SHARE = 0.02  # ratio entries with nothing to measure
SELF_EQUAL_SHARE = 0.8  # self-scores equal to the appraisal

Pair = tuple[Entry | None, Entry | None]


def _rate(quality: float, rng: random.Random) -> float:
    return min(1.0, max(0.0, rng.gauss(quality, 0.12)))


def _claims_more(rng: random.Random) -> bool:
    return rng.random() >= SELF_EQUAL_SHARE


def _judged(node: Node, quality: float, rng: random.Random) -> Pair:
    top = quarters(node.max_points)
    got = round(top * _rate(quality, rng))
    claimed = min(top, got + rng.randint(1, 2)) if _claims_more(rng) else got
    return Entry(score=got * Decimal("0.25")), Entry(score=claimed * Decimal("0.25"))


def _fraction(quality: float, rng: random.Random, *, zero_ok: bool) -> Pair:
    if zero_ok and rng.random() < ZERO_DENOMINATOR_SHARE:
        empty = Entry(numerator=Decimal(0), denominator=Decimal(0))
        return empty, empty
    den = int(10 ** rng.uniform(1, 4.5))
    num = round(den * _rate(quality, rng))
    claimed = min(den, num + rng.randint(1, 1 + den // 10)) if _claims_more(rng) else num
    return (
        Entry(numerator=Decimal(num), denominator=Decimal(den)),
        Entry(numerator=Decimal(claimed), denominator=Decimal(den)),
    )


def _ratio(node: Node, quality: float, rng: random.Random) -> Pair:
    return _fraction(quality, rng, zero_ok=True)


def _checklist(node: Node, quality: float, rng: random.Random) -> Pair:
    assert isinstance(node.rule, ChecklistRule)
    codes = [item.code for item in node.rule.items]
    ticked = frozenset(c for c in codes if rng.random() < quality)
    claimed = frozenset(codes) if _claims_more(rng) else ticked
    return Entry(items=ticked), Entry(items=claimed)


def _bands(node: Node, quality: float, rng: random.Random) -> Pair:
    assert isinstance(node.rule, BandsRule)
    if node.rule.measure_of is BandMeasure.PERCENT:
        return _fraction(quality, rng, zero_ok=False)
    value = Decimal(round(100 * _rate(quality, rng)))
    claimed = min(Decimal(100), value + 10) if _claims_more(rng) else value
    return Entry(value=value), Entry(value=claimed)


def _counted(high: int, rng: random.Random) -> Pair:
    count = Decimal(rng.randint(0, high))
    return Entry(count=count), Entry(count=count)


def _count(node: Node, quality: float, rng: random.Random) -> Pair:
    return _counted(3, rng)  # reform initiatives


def _bonus(node: Node, quality: float, rng: random.Random) -> Pair:
    return _counted(20, rng)  # news articles on reform


def _deduction(node: Node, quality: float, rng: random.Random) -> Pair:
    count = Decimal(0) if rng.random() < 0.9 else Decimal(rng.randint(1, 3))
    return Entry(count=count), Entry(count=Decimal(0))


def _relative(node: Node, quality: float, rng: random.Random) -> Pair:
    value = Decimal(round(5000 * _rate(quality, rng)))
    return Entry(value=value), Entry(value=value)


def _survey(node: Node, quality: float, rng: random.Random) -> Pair:
    value = Decimal(round(1000 * min(1.0, _rate(quality, rng)))) / 10  # 0-100 %, 1 decimal
    return Entry(value=value), Entry(value=value)  # the survey's result, on both sides


def _accuracy(node: Node, quality: float, rng: random.Random) -> Pair:
    return None, None  # computed by the engine from both sides


ENTRIES: Mapping[RuleKind, Callable[[Node, float, random.Random], Pair]] = {
    RuleKind.JUDGED: _judged,
    RuleKind.RATIO: _ratio,
    RuleKind.CHECKLIST: _checklist,
    RuleKind.BANDS: _bands,
    RuleKind.COUNT: _count,
    RuleKind.BONUS: _bonus,
    RuleKind.DEDUCTION: _deduction,
    RuleKind.RELATIVE: _relative,
    RuleKind.ACCURACY: _accuracy,
    RuleKind.SURVEY: _survey,
}
MAY_NOT_APPLY = frozenset(
    {RuleKind.JUDGED, RuleKind.RATIO, RuleKind.CHECKLIST, RuleKind.BANDS, RuleKind.COUNT}
)


def _kind(node: Node) -> RuleKind:
    return node.rule.kind if node.rule is not None else RuleKind.JUDGED


def unit_scores(code: str, leaves: tuple[Node, ...], rng: random.Random) -> UnitScores:
    """Both sides of one unit for the leaves that apply to its group."""
    quality = rng.uniform(0.55, 1.0)
    appraised: dict[str, Entry] = {}
    self_scored: dict[str, Entry] = {}
    for node in leaves:
        kind = _kind(node)
        if kind in MAY_NOT_APPLY and rng.random() < NOT_APPLICABLE_SHARE:
            appraised[node.code] = self_scored[node.code] = NOT_APPLICABLE
            continue
        got, claimed = ENTRIES[kind](node, quality, rng)
        if got is not None and claimed is not None:
            appraised[node.code] = got
            self_scored[node.code] = claimed
    return UnitScores(code, appraised=appraised, self_scored=self_scored)
