"""Stored scores as the engine's entries, and a round's results computed by the engine."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from parindex import scoring
from parindex.apps.assessments.models import Participation, Round, Score
from parindex.apps.frameworks.conversion import to_engine

SIDES = ("self", "appraised")


def plain(value: Decimal | None) -> Decimal | None:
    """A stored value without the column's trailing zeros: 60.0000 → 60, 0.7500 → 0.75."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def side_entry(score: Score, side: str) -> scoring.Entry | None:
    """What ``side`` (``"self"`` or ``"appraised"``) recorded, or ``None`` if nothing."""
    if getattr(score, f"{side}_not_applicable"):
        return scoring.NOT_APPLICABLE
    items = getattr(score, f"{side}_items")
    entry = scoring.Entry(
        score=plain(getattr(score, f"{side}_score")),
        numerator=plain(getattr(score, f"{side}_numerator")),
        denominator=plain(getattr(score, f"{side}_denominator")),
        count=plain(getattr(score, f"{side}_count")),
        value=plain(getattr(score, f"{side}_value")),
        items=None if items is None else frozenset(items),
    )
    return entry if entry.score is not None or entry.has_raw() else None


def unit_scores(participation: Participation, scores: list[Score]) -> scoring.UnitScores:
    appraised: dict[str, scoring.Entry] = {}
    self_scored: dict[str, scoring.Entry] = {}
    for score in scores:
        code = score.node.code
        if (entry := side_entry(score, "appraised")) is not None:
            appraised[code] = entry
        if (entry := side_entry(score, "self")) is not None:
            self_scored[code] = entry
    return scoring.UnitScores(participation.unit.code, appraised, self_scored)


def round_results(
    round_: Round, previous: dict[str, scoring.Previous] | None = None
) -> scoring.RoundResult:
    """Every participating unit's result so far (two queries plus the criteria tree)."""
    participations = list(round_.participations.select_related("unit__group"))
    by_participation: dict[int, list[Score]] = defaultdict(list)
    for score in Score.objects.filter(participation__round=round_).select_related("node"):
        by_participation[score.participation_id].append(score)
    units = [scoring.Unit(p.unit.code, p.unit.name, p.unit.group.code) for p in participations]
    scores = {p.unit.code: unit_scores(p, by_participation[p.id]) for p in participations}
    return scoring.compute(to_engine(round_.criteria_set), units, scores, previous)
