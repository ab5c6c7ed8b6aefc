"""The results the planner starts from: the unit's latest round.

While that round is in progress (self-assessment or appraisal) the running results are
used, every sub-criterion not appraised yet counted at the unit's own score (the best
guess of what the appraisal will give) and survey sub-criteria at what the year's surveys
measured so far; once it is finished (locked, or signed off by the council) its published
result when there is one (the frozen figures, whatever became of the stored scores
since), else its appraised results computed as the results app would publish them
(:func:`parindex.apps.results.figures.round_figures`). The page says which, and as of when.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from parindex import scoring
from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.entries import unit_scores
from parindex.apps.assessments.models import Round, RoundStatus, Score
from parindex.apps.frameworks.conversion import to_engine
from parindex.apps.results.figures import round_figures
from parindex.apps.surveys.points import survey_entries, with_survey_entries

FINISHED = (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF)


@dataclass(frozen=True, slots=True)
class Baseline:
    """``running``: the round is in progress; ``published``: the figures are the round's
    published result; ``as_of``: when the figures were computed (running), published, or
    the round was finished; ``updated_at``: the last change of a score of the round (not
    given for a published result, whose figures no later change touches);
    ``projected``: the unit's sub-criteria counted at its own score."""

    round: Round
    result: scoring.RoundResult
    running: bool
    as_of: datetime
    updated_at: datetime | None
    projected: frozenset[str]
    published: bool = False


def latest_round(unit: Unit) -> Round | None:
    """The newest round the unit takes part in that has opened."""
    rounds = Round.objects.filter(participations__unit=unit).exclude(status=RoundStatus.PREPARING)
    return rounds.order_by("-year", "-created_at").first()


def baseline(unit: Unit) -> Baseline | None:
    """The unit's latest round's results (``None`` without any); raises
    :class:`parindex.scoring.ScoringErrors` when stored entries cannot be scored."""
    round_ = latest_round(unit)
    if round_ is None:
        return None
    if round_.status in FINISHED:
        figures = round_figures(round_)
        if figures.published is not None and figures.published.published_at is not None:
            at = figures.published.published_at
            return Baseline(round_, figures.result, False, at, None, frozenset(), True)
        finished = round_.signed_off_at or round_.locked_at or timezone.now()
        return Baseline(round_, figures.result, False, finished, _updated(round_), frozenset())
    result, projected = running_results(round_, unit)
    return Baseline(round_, result, True, timezone.now(), _updated(round_), projected)


def _updated(round_: Round) -> datetime | None:
    found = Score.objects.filter(participation__round=round_).aggregate(at=Max("updated_at"))
    at: datetime | None = found["at"]
    return at


def running_results(round_: Round, unit: Unit) -> tuple[scoring.RoundResult, frozenset[str]]:
    """Every unit's results so far, a sub-criterion not appraised yet at the unit's own
    score and a survey sub-criterion at what the year's surveys measured; and the codes
    of ``unit``'s sub-criteria counted at its own score."""
    participations = list(round_.participations.select_related("unit__group"))
    by_participation: dict[int, list[Score]] = defaultdict(list)
    for score in Score.objects.filter(participation__round=round_).select_related("node"):
        by_participation[score.participation_id].append(score)
    units, scores = [], {}
    projected: frozenset[str] = frozenset()
    for p in participations:
        own = unit_scores(p, by_participation[p.id])
        merged = {**own.self_scored, **own.appraised}
        scores[p.unit.code] = scoring.UnitScores(p.unit.code, merged, own.self_scored)
        units.append(scoring.Unit(p.unit.code, p.unit.name, p.unit.group.code))
        if p.unit_id == unit.pk:
            projected = frozenset(own.self_scored.keys() - own.appraised.keys())
    scores = with_survey_entries(scores, survey_entries(round_))
    return scoring.compute(to_engine(round_.criteria_set), units, scores), projected
