"""The live inputs of a round, read from the database as the engine needs them.

The criteria set as :func:`~parindex.apps.frameworks.conversion.to_engine` builds it, the
stored entries of both sides as :mod:`parindex.apps.assessments.entries` reads them,
the survey leaves' entries measured by the surveys of the round's year
(:func:`parindex.apps.surveys.points.survey_entries`), and last year's figures of the same
units from the history (published on the system, else imported).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import cast

from django.utils.translation import gettext_lazy as _

from parindex import scoring
from parindex.apps.assessments.entries import SIDES, side_entry
from parindex.apps.assessments.models import Round, Score
from parindex.apps.frameworks.conversion import to_engine
from parindex.apps.results.inputs import ExtraEntries, Inputs, PreviousFigure, RoundInfo
from parindex.apps.results.models import HistoryRow, HistorySource
from parindex.apps.surveys.points import survey_entries

SIDE_COLUMNS = (
    "score",
    "numerator",
    "denominator",
    "count",
    "value",
    "items",
    "not_applicable",
)
EXTRA_UNKNOWN_UNIT = _("Điểm từ khảo sát: đơn vị «{unit}» không tham gia đợt này.")
EXTRA_NOT_A_LEAF = _("Điểm từ khảo sát: «{node}» không phải tiêu chí thành phần của bộ tiêu chí.")


class ExtraEntriesRefused(ValueError):  # noqa: N818 - a refusal shown to people
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def previous_figures(year: int, codes: Iterable[str]) -> dict[str, PreviousFigure]:
    """Each unit's figures of ``year``: published on the system first, else imported."""
    rows = HistoryRow.objects.filter(year=year, unit_code__in=list(codes)).order_by("unit_code")
    found: dict[str, PreviousFigure] = {}
    for row in rows:
        if row.unit_code in found and row.source != HistorySource.PUBLISHED:
            continue
        found[row.unit_code] = PreviousFigure(
            index=row.index, rank=row.rank, year=row.year, source=row.source
        )
    return found


def _check_extra(
    extra: ExtraEntries, criteria: scoring.CriteriaSet, units: Iterable[scoring.Unit]
) -> None:
    codes = {u.code for u in units}
    leaves = {n.code for n in criteria.nodes() if n.is_leaf}
    for unit, entries in extra.items():
        if unit not in codes:
            raise ExtraEntriesRefused(str(EXTRA_UNKNOWN_UNIT).format(unit=unit))
        for node in entries:
            if node not in leaves:
                raise ExtraEntriesRefused(str(EXTRA_NOT_A_LEAF).format(node=node))


class _Row:
    """One score row's recorded columns, read as plain values (no model instance)."""

    def __init__(self, values: Mapping[str, object]) -> None:
        self.__dict__.update(values)


def stored_scores(round_: Round, codes: Mapping[int, str]) -> dict[str, scoring.UnitScores]:
    """Both sides' entries of every participation (by unit code), read in one query as
    :func:`~parindex.apps.assessments.entries.side_entry` reads a score row."""
    columns = [f"{side}_{name}" for side in SIDES for name in SIDE_COLUMNS]
    rows = Score.objects.filter(participation__round=round_).values(
        "participation_id", "node__code", *columns
    )
    sides: dict[str, tuple[dict[str, scoring.Entry], dict[str, scoring.Entry]]] = {
        code: ({}, {}) for code in codes.values()
    }
    for values in rows:
        row = cast(Score, _Row(values))
        appraised, own = sides[codes[values["participation_id"]]]
        if (entry := side_entry(row, "appraised")) is not None:
            appraised[values["node__code"]] = entry
        if (entry := side_entry(row, "self")) is not None:
            own[values["node__code"]] = entry
    return {code: scoring.UnitScores(code, a, s) for code, (a, s) in sides.items()}


def gather_inputs(round_: Round) -> Inputs:
    """Everything the engine needs for ``round_`` now (a handful of queries)."""
    criteria = to_engine(round_.criteria_set)
    participations = list(
        round_.participations.select_related("unit__group").order_by(
            "unit__group__position", "unit__code"
        )
    )
    units = tuple(scoring.Unit(p.unit.code, p.unit.name, p.unit.group.code) for p in participations)
    extra: ExtraEntries = survey_entries(round_)
    _check_extra(extra, criteria, units)
    return Inputs(
        round=RoundInfo(str(round_.uuid), round_.name, round_.year),
        criteria=criteria,
        units=units,
        scores=stored_scores(round_, {p.pk: p.unit.code for p in participations}),
        extra={unit: dict(entries) for unit, entries in extra.items()},
        previous=previous_figures(round_.year - 1, [u.code for u in units]),
    )
