"""A unit's PAR INDEX year by year, as the indices pages show it beside the other indices.

:func:`par_history` is the one read of it. The figures come from the results app: the
published results of the system and the figures of earlier years imported there
(:func:`parindex.apps.results.selectors.unit_history`, so a unit's history may start in
2014). A year without published figures whose round the unit took part in is finished
(locked, or signed off by the council) is computed from that round's data as the results
app would publish it, and marked as not published yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from parindex import scoring
from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.models import Round, RoundStatus
from parindex.apps.results.figures import round_figures
from parindex.apps.results.gather import ExtraEntriesRefused
from parindex.apps.results.models import HistorySource, Result, ResultState
from parindex.apps.results.selectors import unit_history

FINISHED = (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF)

PUBLISHED_SOURCE = _("Công bố trên hệ thống: {round}")
UNPUBLISHED_SOURCE = _("Chưa công bố: tính từ kết quả thẩm định của «{round}»")


@dataclass(frozen=True, slots=True)
class ParYear:
    """The unit's figures of one year: index, rank among ``of`` units of its group (either
    may be unknown for imported years), class, where they come from and whether they are
    published (``False``: computed from a finished round not published yet)."""

    year: int
    index: Decimal
    rank: int | None
    of: int | None
    band: str
    source: str
    finished_at: datetime | None
    published: bool = True


def finished_rounds(unit: Unit) -> list[Round]:
    """The finished rounds the unit took part in, one per year (the latest of a year)."""
    rounds = Round.objects.filter(status__in=FINISHED, participations__unit=unit)
    latest: dict[int, Round] = {}
    for round_ in rounds.order_by("year", "created_at"):
        latest[round_.year] = round_
    return [latest[year] for year in sorted(latest)]


def _published_rounds(unit: Unit) -> dict[int, Result]:
    """The published results whose figures of ``unit`` are in the history, by year."""
    results = Result.objects.filter(
        state=ResultState.PUBLISHED,
        history__unit_code=unit.code,
        history__source=HistorySource.PUBLISHED,
    ).select_related("round")
    return {r.year: r for r in results.order_by("published_at", "id")}


def _unpublished(unit: Unit, round_: Round) -> ParYear | None:
    """The unit's figures of a finished round without published figures, or ``None``
    when the round cannot be computed or does not rank the unit."""
    try:
        result = round_figures(round_).result
    except (scoring.ScoringErrors, ExtraEntriesRefused):
        return None
    for group in result.groups:
        found = next((u for u in group.units if u.unit.code == unit.code), None)
        if found is None:
            continue
        return ParYear(
            year=round_.year,
            index=found.index,
            rank=found.rank,
            of=len(group.units),
            band=found.band.label if found.band else "",
            source=str(UNPUBLISHED_SOURCE).format(round=round_.name),
            finished_at=round_.signed_off_at or round_.locked_at,
            published=False,
        )
    return None


def par_history(unit: Unit) -> list[ParYear]:
    """The unit's PAR INDEX of every year, oldest first: published or imported figures,
    else a finished round's figures not published yet."""
    rounds = _published_rounds(unit)
    out: dict[int, ParYear] = {}
    for point in unit_history(unit.code):
        result = rounds.get(point.year) if point.source == HistorySource.PUBLISHED else None
        out[point.year] = ParYear(
            year=point.year,
            index=point.index,
            rank=point.rank,
            of=point.units_in_group,
            band=point.class_label,
            source=(
                str(PUBLISHED_SOURCE).format(round=result.round.name)
                if result is not None
                else point.source_label
            ),
            finished_at=result.published_at if result is not None else None,
        )
    for round_ in finished_rounds(unit):
        if round_.year not in out and (found := _unpublished(unit, round_)) is not None:
            out[round_.year] = found
    return [out[year] for year in sorted(out)]
