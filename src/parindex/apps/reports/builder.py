"""Fill :class:`ReportData` from the database: a round, the rounds of earlier years, the
stored scores and appraisal opinions.

Results are computed by the engine from the stored scores of finished rounds (locked or
signed off), one round per year; nothing is cached, so a report always shows the
current figures. Survey figures come from the caller (the surveys app); a round's
survey-derived points are read from its survey leaves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from parindex import scoring
from parindex.apps.assessments.entries import round_results
from parindex.apps.assessments.models import Round, RoundStatus, Score
from parindex.apps.frameworks.models import CodeMapping
from parindex.apps.reports.data import (
    GroupYear,
    HistoryPoint,
    LostPoint,
    ReportData,
    RoundInfo,
    SurveyFigures,
    survey_points,
)
from parindex.apps.reports.losses import find_losses

FINISHED = (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF)


def _date(moment: datetime | None) -> date | None:
    return None if moment is None else timezone.localdate(moment)


def round_info(round_: Round) -> RoundInfo:
    return RoundInfo(
        name=round_.name,
        year=round_.year,
        final=round_.status == RoundStatus.SIGNED_OFF,
        self_assessment_opens=_date(round_.self_assessment_opens),
        self_assessment_deadline=_date(round_.self_assessment_deadline),
        appraisal_deadline=_date(round_.appraisal_deadline),
        signed_off=_date(round_.signed_off_at),
    )


def _preferred(rounds: Iterable[Round]) -> dict[int, Round]:
    """Per year, the signed-off round if there is one, else the latest locked one."""
    chosen: dict[int, Round] = {}
    for candidate in rounds:
        best = chosen.get(candidate.year)
        if best is None or (
            best.status != RoundStatus.SIGNED_OFF and candidate.status == RoundStatus.SIGNED_OFF
        ):
            chosen[candidate.year] = candidate
    return chosen


def _finished() -> QuerySet[Round]:
    return (
        Round.objects.filter(status__in=FINISHED)
        .select_related("criteria_set")
        .order_by("year", "-signed_off_at", "-created_at")
    )


def earlier_rounds(round_: Round) -> list[Round]:
    """The finished round of every earlier year."""
    chosen = _preferred(_finished().filter(year__lt=round_.year))
    return [chosen[year] for year in sorted(chosen)]


def finished_round(year: int) -> Round | None:
    """The round a report of ``year`` is made from: signed off, else locked; else none."""
    return _preferred(_finished().filter(year=year)).get(year)


def as_previous(result: scoring.RoundResult) -> dict[str, scoring.Previous]:
    return {
        u.unit.code: scoring.Previous(index=u.index, rank=u.rank)
        for group in result.groups
        for u in group.units
    }


def _history(
    results: Iterable[scoring.RoundResult],
) -> tuple[dict[str, tuple[HistoryPoint, ...]], dict[str, tuple[GroupYear, ...]]]:
    units: dict[str, list[HistoryPoint]] = defaultdict(list)
    groups: dict[str, list[GroupYear]] = defaultdict(list)
    for result in results:
        year = result.criteria.year
        for group in result.groups:
            size = len(group.units)
            groups[group.group.code].append(
                GroupYear(year, group.average, size, group.highest, group.lowest)
            )
            for u in group.units:
                band = u.band.label if u.band else None
                units[u.unit.code].append(HistoryPoint(year, u.index, u.rank, size, band))
    return (
        {code: tuple(points) for code, points in units.items()},
        {code: tuple(points) for code, points in groups.items()},
    )


def _field_codes(previous: Round | None, round_: Round) -> dict[str, str]:
    """This year's field codes that differ from last year's, mapped to last year's."""
    if previous is None or previous.criteria_set_id == round_.criteria_set_id:
        return {}
    rows = CodeMapping.objects.filter(
        from_set=previous.criteria_set, to_set=round_.criteria_set
    ).values_list("from_code", "to_code")
    return {to_code: from_code for from_code, to_code in rows if to_code != from_code}


def lost_points(
    round_: Round, result: scoring.RoundResult, units: Collection[str]
) -> dict[str, tuple[LostPoint, ...]]:
    """Per unit of ``units``, where it lost points, with the stored appraisal opinions."""
    if not units:
        return {}
    rows = Score.objects.filter(
        Q(participation__round=round_) & Q(participation__unit__code__in=list(units))
    ).values_list("participation__unit__code", "node__code", "opinion")
    opinions = {(unit, node): opinion for unit, node, opinion in rows}
    return find_losses(result, units, opinions)


def report_data(
    round_: Round, *, losses_for: Collection[str] = (), survey: SurveyFigures | None = None
) -> ReportData:
    """Everything the reports of ``round_`` need; the lost points of ``losses_for`` units."""
    earlier = [(r, round_results(r)) for r in earlier_rounds(round_)]
    previous_round, previous = next(
        ((r, res) for r, res in earlier if r.year == round_.year - 1), (None, None)
    )
    result = round_results(round_, as_previous(previous) if previous else None)
    history, group_history = _history([res for _r, res in earlier] + [result])
    return ReportData(
        result=result,
        round=round_info(round_),
        previous=previous,
        history=history,
        group_history=group_history,
        survey=survey,
        survey_points=survey_points(result),
        losses=lost_points(round_, result, losses_for),
        field_codes=_field_codes(previous_round, round_),
    )
