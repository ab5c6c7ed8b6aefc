"""Fill :class:`ReportData` from the database: a round, the years before it, the stored
appraisal opinions.

A round's figures are its **published result** (frozen with the hash of its inputs,
:func:`parindex.apps.results.selectors.published_round_result`) when it has one: the
report is final and prints exactly what was published. A finished round (locked or
signed off) not yet published is computed now from the same inputs a publication would
freeze (:func:`parindex.apps.results.gather.gather_inputs`: stored scores, survey points,
last year's published figures) and the report is a draft (dự thảo).

Earlier years come from the results app: the published or imported figures of every
unit (:func:`~parindex.apps.results.selectors.units_history`, from 2014 where the
province imported them) and each group's average
(:func:`~parindex.apps.results.selectors.groups_averages`); a year the results app does
not hold is taken from that year's finished round, computed. Last year's result (the
per-field comparison) is last year's published result, else its finished round computed.
Survey figures come from the caller (:mod:`parindex.apps.reports.surveys`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
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
from parindex.apps.results import selectors as results
from parindex.apps.results.gather import gather_inputs
from parindex.apps.results.inputs import PreviousFigure

FINISHED = (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF)


def _date(moment: datetime | None) -> date | None:
    return None if moment is None else timezone.localdate(moment)


COMPUTED_SOURCE = "computed"  # a previous figure taken from a finished, unpublished round


def round_info(round_: Round, *, published: bool) -> RoundInfo:
    """``published``: the figures are the round's published result (the report is final)."""
    return RoundInfo(
        name=round_.name,
        year=round_.year,
        final=published and round_.status == RoundStatus.SIGNED_OFF,
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


def figures_of(round_: Round) -> scoring.RoundResult:
    """An earlier year's round: its published result, else computed from its scores."""
    return results.published_round_result(round_) or round_results(round_)


def round_figures(
    round_: Round, previous: scoring.RoundResult | None
) -> tuple[scoring.RoundResult, bool]:
    """The round's result and whether it is the published one. Unpublished: computed from
    the inputs a publication would freeze now; units that last year's published figures
    leave out are compared with ``previous`` (last year's finished round, unpublished)."""
    published = results.published_round_result(round_)
    if published is not None:
        return published, True
    inputs = gather_inputs(round_)
    if previous is not None:
        computed = {
            code: PreviousFigure(p.index, p.rank, round_.year - 1, COMPUTED_SOURCE)
            for code, p in as_previous(previous).items()
            if p.index is not None
        }
        inputs = replace(inputs, previous={**computed, **inputs.previous})
    return inputs.compute(), False


def _point(point: results.HistoryPoint) -> HistoryPoint:
    return HistoryPoint(
        point.year,
        point.index,
        point.rank,
        point.units_in_group,
        point.class_label or None,
    )


def _history(
    computed: Iterable[scoring.RoundResult], result: scoring.RoundResult
) -> tuple[dict[str, tuple[HistoryPoint, ...]], dict[str, tuple[GroupYear, ...]]]:
    """Per unit and per group of ``result``, the figures of every year: the results app's
    (published or imported) before this year, else the ``computed`` earlier rounds'; this
    year's from ``result``."""
    year = result.criteria.year
    units: dict[str, dict[int, HistoryPoint]] = defaultdict(dict)
    groups: dict[str, dict[int, GroupYear]] = defaultdict(dict)
    for earlier in computed:
        _add(earlier, units, groups)
    codes = [u.unit.code for g in result.groups for u in g.units]
    for code, points in results.units_history(codes).items():
        units[code].update((p.year, _point(p)) for p in points if p.year < year)
    averages = results.groups_averages(g.group.code for g in result.groups)
    for code, found in averages.items():
        groups[code].update(
            (g.year, GroupYear(g.year, g.average, g.units)) for g in found if g.year < year
        )
    _add(result, units, groups)
    return _sorted(units), _sorted(groups)


def _add(
    result: scoring.RoundResult,
    units: dict[str, dict[int, HistoryPoint]],
    groups: dict[str, dict[int, GroupYear]],
) -> None:
    year = result.criteria.year
    for group in result.groups:
        size = len(group.units)
        groups[group.group.code][year] = GroupYear(
            year, group.average, size, group.highest, group.lowest
        )
        for u in group.units:
            band = u.band.label if u.band else None
            units[u.unit.code][year] = HistoryPoint(year, u.index, u.rank, size, band)


def _sorted[T](by_code: Mapping[str, dict[int, T]]) -> dict[str, tuple[T, ...]]:
    return {code: tuple(found[y] for y in sorted(found)) for code, found in by_code.items()}


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
    earlier = [(r, figures_of(r)) for r in earlier_rounds(round_)]
    previous_round, previous = next(
        ((r, res) for r, res in earlier if r.year == round_.year - 1), (None, None)
    )
    result, published = round_figures(round_, previous)
    history, group_history = _history([res for _r, res in earlier], result)
    return ReportData(
        result=result,
        round=round_info(round_, published=published),
        previous=previous,
        history=history,
        group_history=group_history,
        survey=survey,
        survey_points=survey_points(result),
        losses=lost_points(round_, result, losses_for),
        field_codes=_field_codes(previous_round, round_),
    )
