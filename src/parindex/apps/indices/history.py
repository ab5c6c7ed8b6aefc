"""A unit's PAR INDEX year by year, as the indices pages show it beside the other indices.

:func:`par_history` is the one read of it: today it computes every finished round (locked,
or signed off by the council) the unit took part in with the scoring engine; once
published results are kept by the results app, only this function changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.entries import round_results
from parindex.apps.assessments.models import Round, RoundStatus

FINISHED = (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF)


@dataclass(frozen=True, slots=True)
class ParYear:
    """The unit's published figures of one year: index, rank among ``of`` units of its
    group, class, and the round they come from."""

    year: int
    index: Decimal
    rank: int
    of: int
    band: str
    source: str
    finished_at: datetime | None


def finished_rounds(unit: Unit) -> list[Round]:
    """The finished rounds the unit took part in, one per year (the latest of a year)."""
    rounds = Round.objects.filter(status__in=FINISHED, participations__unit=unit)
    latest: dict[int, Round] = {}
    for round_ in rounds.order_by("year", "created_at"):
        latest[round_.year] = round_
    return [latest[year] for year in sorted(latest)]


def par_history(unit: Unit) -> list[ParYear]:
    """The unit's PAR INDEX of every year with a finished round, oldest first."""
    out = []
    for round_ in finished_rounds(unit):
        result = round_results(round_)
        for group in result.groups:
            found = next((u for u in group.units if u.unit.code == unit.code), None)
            if found is None:
                continue
            out.append(
                ParYear(
                    year=round_.year,
                    index=found.index,
                    rank=found.rank,
                    of=len(group.units),
                    band=found.band.label if found.band else "",
                    source=round_.name,
                    finished_at=round_.signed_off_at or round_.locked_at,
                )
            )
    return out
