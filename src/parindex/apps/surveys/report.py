"""A survey's figures for pages, exports and reports: per unit, per unit group and for
the whole survey, each with its figures per factor and per question (answers, % satisfied,
mean, weighted score, 95 % intervals), the sample size a unit needs and its ballots by
source. Built from one aggregate query over the ballots (:mod:`.tallies`).

Pooled figures (a factor, a unit, a group) use the number of ballots as the ``n`` of
their intervals; a unit's overall percentage is the mean of its factors' (as SIPAS
averages its factors, and as :func:`parindex.apps.surveys.points.survey_entries` scores).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from parindex.apps.accounts.models import Unit, UnitGroup
from parindex.apps.surveys.figures import Counts, Figures, add, average, figures, required_sample
from parindex.apps.surveys.models import BallotSource, Factor, Question, Survey, SurveyUnit
from parindex.apps.surveys.tallies import (
    Structure,
    UnitTally,
    ballots_by_source,
    coverage,
    structure,
    tally,
)


@dataclass(frozen=True, slots=True)
class QuestionFigures:
    question: Question
    figures: Figures


@dataclass(frozen=True, slots=True)
class FactorFigures:
    factor: Factor
    figures: Figures
    questions: tuple[QuestionFigures, ...]


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Figures of some ballots: overall, per factor and per question."""

    ballots: int
    figures: Figures  # every answer pooled
    satisfied: Decimal | None  # mean of the factors' satisfied %
    weighted: Decimal | None  # mean of the factors' weighted score %
    factors: tuple[FactorFigures, ...]


@dataclass(frozen=True, slots=True)
class UnitFigures:
    place: SurveyUnit
    breakdown: Breakdown
    by_source: dict[str, int]
    required: int | None  # ballots needed for the margin of error (None: N unknown)

    @property
    def unit(self) -> Unit:
        return self.place.unit

    @property
    def short_of_sample(self) -> bool:
        """Fewer ballots than the unit's sample size needs (the warning)."""
        return self.required is not None and self.breakdown.ballots < self.required


@dataclass(frozen=True, slots=True)
class GroupFigures:
    group: UnitGroup
    units: int
    breakdown: Breakdown


@dataclass(frozen=True, slots=True)
class SurveyReport:
    survey: Survey
    structure: Structure
    units: tuple[UnitFigures, ...]
    groups: tuple[GroupFigures, ...]
    total: Breakdown
    by_source: dict[str, int]

    @property
    def warnings(self) -> int:
        return sum(1 for u in self.units if u.short_of_sample)


def breakdown(found: Structure, tallies: Sequence[UnitTally]) -> Breakdown:
    """The figures of the ballots of ``tallies`` (one unit, or several pooled)."""
    scale = found.scale
    ballots = sum(t.ballots for t in tallies)
    per_question: dict[int, Counts] = {
        q.slot: add(t.answers.get(q.slot, Counter()) for t in tallies) for q in found.questions
    }
    factors = []
    for factor in found.factors:
        questions = found.questions_of(factor)
        rows = tuple(QuestionFigures(q, figures(per_question[q.slot], scale)) for q in questions)
        pooled = add(per_question[q.slot] for q in questions)
        factors.append(FactorFigures(factor, figures(pooled, scale, sample=ballots), rows))
    everything = add(per_question.values())
    return Breakdown(
        ballots=ballots,
        figures=figures(everything, scale, sample=ballots),
        satisfied=average(f.figures.satisfied for f in factors),
        weighted=average(f.figures.weighted for f in factors),
        factors=tuple(factors),
    )


def _sources(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    out = dict.fromkeys(BallotSource.values, 0)
    for one in counts:
        for source, n in one.items():
            out[source] = out.get(source, 0) + n
    return out


def survey_report(survey: Survey, *, units: Sequence[Unit] | None = None) -> SurveyReport:
    """The survey's figures for every covered unit (or only ``units``), their groups and
    the whole survey (about eight queries)."""
    found = structure(survey)
    places = coverage(survey)
    if units is not None:
        wanted = {u.pk for u in units}
        places = [p for p in places if p.unit_id in wanted]
    tallies = tally(found, unit_ids=[p.unit_id for p in places])
    sources = ballots_by_source(survey)
    rows = tuple(
        UnitFigures(
            place=place,
            breakdown=breakdown(found, [tallies.get(place.unit_id, UnitTally())]),
            by_source=_sources([sources.get(place.unit_id, {})]),
            required=required_sample(place.population, survey.margin),
        )
        for place in places
    )
    return SurveyReport(
        survey=survey,
        structure=found,
        units=rows,
        groups=_groups(found, places, tallies),
        total=breakdown(found, list(tallies.values())),
        by_source=_sources(sources.get(p.unit_id, {}) for p in places),
    )


def _groups(
    found: Structure, places: Sequence[SurveyUnit], tallies: dict[int, UnitTally]
) -> tuple[GroupFigures, ...]:
    groups: dict[int, tuple[UnitGroup, list[SurveyUnit]]] = {}
    for place in places:
        group = place.unit.group
        groups.setdefault(group.pk, (group, []))[1].append(place)
    return tuple(
        GroupFigures(
            group,
            len(members),
            breakdown(found, [tallies[p.unit_id] for p in members if p.unit_id in tallies]),
        )
        for group, members in groups.values()
    )
