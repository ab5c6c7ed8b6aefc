"""Survey results as the scoring engine's entries: :func:`survey_entries`.

For every survey leaf (rule ``survey``) of a round's criteria set, each participating
unit gets ``Entry(value=<percentage>)``, the percentage its rule measures, taken from the
surveys of the round's year that are open or closed (a survey being prepared counts for
nothing):

- the surveys are those whose code is the rule's ``survey``, or whose kind is (``sipas``,
  ``sociological``); several of them are pooled. With a ``factor``, only surveys that
  have that factor count, and only its questions.
- ``satisfied``: the share (%) of answers at a satisfied level; ``weighted``: the mean
  weight (%) of the answers. Per factor the answers of its questions are pooled; without
  a ``factor`` the unit's percentage is the mean of its factors' percentages (the way
  SIPAS averages its five factors). Rounded half up to 2 decimals, as published.
- A unit none of these surveys covers gets ``NOT_APPLICABLE``: the leaf leaves its
  applicable maximum (an agency without administrative procedures has no SIPAS survey).
- A covered unit without any answer gets no entry: the engine counts the leaf as
  missing (0 points, flagged), so that the secretariat sees it.
- A leaf no survey of the year feeds gets no entry for any unit; the caller keeps what
  it has (e.g. the value of a score file) or the engine counts it as missing.

Units never score survey leaves: when results are computed, the entry goes on both sides
(:func:`with_survey_entries`); the engine leaves them out of the accuracy of
self-scoring.

Cost: a few queries per survey of the year (its structure, its coverage and one
aggregate over its ballots, :mod:`parindex.apps.surveys.tallies`), whatever the number
of ballots, leaves and units.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from parindex import scoring
from parindex.apps.assessments.models import Round
from parindex.apps.surveys.models import Survey, SurveyStatus
from parindex.apps.surveys.tallies import Structure, Sums, UnitTally, structure, sums, tally
from parindex.scoring.serialize import rule_from_params

PUBLISHED = Decimal("0.01")
HUNDRED = Decimal(100)

type Entries = dict[str, dict[str, scoring.Entry]]


@dataclass(frozen=True, slots=True)
class _Data:
    """What one survey holds, read once: structure, covered unit ids, tallies."""

    structure: Structure
    covered: frozenset[int]
    tallies: Mapping[int, UnitTally]


def survey_entries(round_: Round) -> Entries:
    """``{unit code: {node code: Entry}}`` for the survey leaves of ``round_``."""
    leaves = [
        (node.code, rule_from_params(node.rule, node.parameters))
        for node in round_.criteria_set.nodes.filter(rule=scoring.RuleKind.SURVEY)
    ]
    if not leaves:
        return {}
    units = dict(round_.participations.values_list("unit_id", "unit__code"))
    surveys = Survey.objects.filter(year=round_.year).exclude(status=SurveyStatus.DRAFT)
    data: dict[int, _Data] = {}
    out: Entries = {code: {} for code in units.values()}
    for code, rule in leaves:
        assert isinstance(rule, scoring.SurveyRule)
        chosen = [_read(s, data, units) for s in surveys if rule.survey in (s.code, s.kind)]
        chosen = [d for d in chosen if rule.factor is None or d.structure.factor(rule.factor)]
        if not chosen:
            continue
        for unit_id, unit_code in units.items():
            entry = _entry(rule, chosen, unit_id)
            if entry is not None:
                out[unit_code][code] = entry
    return {unit: entries for unit, entries in out.items() if entries}


def _read(survey: Survey, data: dict[int, _Data], units: Mapping[int, str]) -> _Data:
    if survey.pk not in data:
        found = structure(survey)
        covered = frozenset(survey.coverage.values_list("unit_id", flat=True))
        data[survey.pk] = _Data(found, covered, tally(found, unit_ids=list(units)))
    return data[survey.pk]


def _entry(rule: scoring.SurveyRule, chosen: list[_Data], unit_id: int) -> scoring.Entry | None:
    covering = [d for d in chosen if unit_id in d.covered]
    if not covering:
        return scoring.NOT_APPLICABLE
    pooled: dict[str, Sums] = {}
    for one in covering:
        for factor_code, found in factor_sums(one.structure, one.tallies.get(unit_id)).items():
            if rule.factor is None or factor_code == rule.factor:
                pooled[factor_code] = pooled.get(factor_code, Sums()) + found
    percentages = [percentage(s, rule.measure_of) for s in pooled.values() if s.answers]
    if not percentages:
        return None
    mean = sum(percentages, Decimal(0)) / len(percentages)
    return scoring.Entry(value=mean.quantize(PUBLISHED, ROUND_HALF_UP))


def factor_sums(found: Structure, unit: UnitTally | None) -> dict[str, Sums]:
    """Per factor code, the unit's pooled answers to the factor's questions."""
    if unit is None:
        return {}
    scale = found.scale
    return {f.code: sums(unit.counts(found.questions_of(f)), scale) for f in found.factors}


def percentage(pooled: Sums, measure: scoring.SurveyMeasure) -> Decimal:
    """The share of satisfied answers, or the mean weight, in percent."""
    if measure is scoring.SurveyMeasure.WEIGHTED:
        return pooled.weights / pooled.answers
    return HUNDRED * pooled.satisfied / pooled.answers


def with_survey_entries(
    scores: Mapping[str, scoring.UnitScores], entries: Mapping[str, Mapping[str, scoring.Entry]]
) -> dict[str, scoring.UnitScores]:
    """``scores`` with each survey entry put on both sides of its unit (units do not
    score survey leaves: their own side gets the measured result too)."""
    out = dict(scores)
    for unit, found in entries.items():
        current = out.get(unit) or scoring.UnitScores(unit)
        out[unit] = replace(
            current,
            appraised={**current.appraised, **found},
            self_scored={**current.self_scored, **found},
        )
    return out
