"""A finished round's figures for the apps that build on them (indices, planner, plans).

The published result when the round has one: its frozen figures, recomputed from the
stored inputs and checked against their hashes, whatever happened to the stored scores
since. Otherwise the round's live data computed exactly as the results app would compute
them for publication (the surveys of the year and last year's figures included), marked
as not published.
"""

from __future__ import annotations

from dataclasses import dataclass

from parindex import scoring
from parindex.apps.assessments.models import Round
from parindex.apps.results.gather import gather_inputs
from parindex.apps.results.models import Result, ResultState
from parindex.apps.results.selectors import round_result


@dataclass(frozen=True, slots=True)
class RoundFigures:
    """``published``: the published result the figures come from, ``None`` when they are
    computed from the round's live data (not published)."""

    round: Round
    result: scoring.RoundResult
    published: Result | None

    @property
    def is_published(self) -> bool:
        return self.published is not None


def round_figures(round_: Round) -> RoundFigures:
    """The published figures of ``round_``, else its live ones. Raises
    :class:`parindex.scoring.ScoringErrors` when live entries cannot be scored,
    :class:`~parindex.apps.results.gather.ExtraEntriesRefused` when survey points do not
    fit the round and :class:`~parindex.apps.results.selectors.ResultTampered` when a
    published result no longer matches its hashes."""
    published = (
        Result.objects.filter(round=round_, state=ResultState.PUBLISHED)
        .order_by("-published_at", "-id")
        .first()
    )
    if published is not None:
        return RoundFigures(round_, round_result(published), published)
    return RoundFigures(round_, gather_inputs(round_).compute(), None)
