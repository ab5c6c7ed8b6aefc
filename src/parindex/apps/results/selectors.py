"""Reads of results for other apps (reports, plans, dashboards) and for the pages.

Published figures always come from the frozen inputs, recomputed and checked against the
stored hashes (:func:`round_result`): what a report prints is what was published.
"""

from __future__ import annotations

import json
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.http import Http404

from parindex import scoring
from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.assessments.models import Round
from parindex.apps.results.gather import gather_inputs
from parindex.apps.results.inputs import Inputs, compute_frozen, freeze, sha256, thaw
from parindex.apps.results.models import (
    ACTIVE_STATES,
    HistoryRow,
    HistorySource,
    Result,
    ResultState,
)

AnyUser = User | AnonymousUser

TAMPERED = "kết quả {uuid}: dữ liệu đã lưu không khớp mã băm (đầu vào {inputs}, kết quả {results})"


class ResultTampered(ValueError):  # noqa: N818 - names what happened to the stored result
    """The stored inputs or results of a result no longer match their hashes."""


def thaw_result(result: Result) -> Inputs:
    return thaw(result.inputs)


# Recomputed results by the SHA-256 of the stored inputs and results texts: a text that
# changes misses the cache and is checked again from scratch.
_RECOMPUTED: OrderedDict[tuple[str, str], scoring.RoundResult] = OrderedDict()
RECOMPUTED_KEPT = 32


def round_result(result: Result) -> scoring.RoundResult:
    """The result as the engine's :class:`~parindex.scoring.RoundResult`, recomputed from
    its frozen inputs; raises :class:`ResultTampered` unless the stored texts match their
    hashes and the recomputation gives the stored results byte for byte."""
    key = (sha256(result.inputs), sha256(result.results))
    inputs_ok, results_ok = key[0] == result.inputs_sha256, key[1] == result.results_sha256
    found = _RECOMPUTED.get(key) if inputs_ok and results_ok else None
    if found is not None:
        _RECOMPUTED.move_to_end(key)
        return found
    computed = compute_frozen(result.inputs)
    results_ok = results_ok and computed.results_text == result.results
    if not (inputs_ok and results_ok):
        raise ResultTampered(
            TAMPERED.format(uuid=result.uuid, inputs=inputs_ok, results=results_ok)
        )
    _RECOMPUTED[key] = computed.result
    while len(_RECOMPUTED) > RECOMPUTED_KEPT:
        _RECOMPUTED.popitem(last=False)
    return computed.result


def published_round_result(round_: Round) -> scoring.RoundResult | None:
    """The published result of ``round_`` (checked), or ``None`` if it has none."""
    found = Result.objects.filter(round=round_, state=ResultState.PUBLISHED).first()
    return None if found is None else round_result(found)


def active_result(round_: Round) -> Result | None:
    """The round's result that is not withdrawn (computed, reviewed or published)."""
    return round_.results.filter(state__in=ACTIVE_STATES).first()


def published_results(year: int | None = None) -> QuerySet[Result]:
    query = Result.objects.filter(state=ResultState.PUBLISHED).select_related("round")
    if year is not None:
        query = query.filter(year=year)
    return query.order_by("-year", "-published_at", "-id")


def published_years() -> list[int]:
    years = Result.objects.filter(state=ResultState.PUBLISHED).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


def groups_of(result: Result) -> list[str]:
    """The codes of the groups the stored results JSON holds (no recomputation)."""
    return [g["code"] for g in json.loads(result.results)["groups"]]


def latest_published(year: int, group_code: str) -> Result | None:
    """The most recently published result of ``year`` that ranks ``group_code``."""
    for result in published_results(year):
        if group_code in groups_of(result):
            return result
    return None


# --- history ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """A unit's published figures of one year."""

    year: int
    index: Decimal
    index_decimals: int
    rank: int | None
    units_in_group: int | None
    class_label: str
    group_code: str
    group_name: str
    achieved: Decimal | None
    applicable_max: Decimal | None
    source: str
    unit_name: str

    @property
    def source_label(self) -> str:
        return str(HistorySource(self.source).label)


def _point(row: HistoryRow, group_size: int | None) -> HistoryPoint:
    """The row as a point; ``group_size``: the units of its group that year when the row
    does not say (see :func:`_group_size`)."""
    return HistoryPoint(
        year=row.year,
        index=row.index.quantize(Decimal(1).scaleb(-row.index_decimals)),
        index_decimals=row.index_decimals,
        rank=row.rank,
        units_in_group=row.units_in_group or group_size,
        class_label=row.class_label,
        group_code=row.group_code,
        group_name=row.group_name,
        achieved=row.achieved,
        applicable_max=row.applicable_max,
        source=row.source,
        unit_name=row.unit_name,
    )


def _complete(rows: list[HistoryRow]) -> bool:
    """Whether rows of one year, group and source hold every unit of the group: as many
    as the group's declared size, or (size not given) ranked within their own number."""
    sizes = {r.units_in_group for r in rows} - {None}
    if sizes:
        return len(rows) == max(s for s in sizes if s is not None)
    ranks = [r.rank for r in rows]
    return bool(rows) and None not in ranks and max(r or 0 for r in ranks) <= len(rows)


def _group_size(row: HistoryRow) -> int | None:
    """Units of the row's group that year, when the history holds them all."""
    rows = list(
        HistoryRow.objects.filter(year=row.year, group_code=row.group_code, source=row.source)
    )
    return len(rows) if _complete(rows) else None


def _preferred(rows: list[HistoryRow]) -> dict[tuple[int, str], HistoryRow]:
    """Per (year, unit): the published row if there is one, else the imported one."""
    out: dict[tuple[int, str], HistoryRow] = {}
    for row in rows:
        key = (row.year, row.unit_code)
        if key not in out or row.source == HistorySource.PUBLISHED:
            out[key] = row
    return out


def unit_history(unit_code: str) -> list[HistoryPoint]:
    """The unit's index, rank, group size and class of every year, oldest first."""
    rows = list(HistoryRow.objects.filter(unit_code=unit_code).order_by("year", "source"))
    chosen = [row for _, row in sorted(_preferred(rows).items())]
    return [_point(row, None if row.units_in_group else _group_size(row)) for row in chosen]


def units_history(unit_codes: Iterable[str]) -> dict[str, list[HistoryPoint]]:
    """:func:`unit_history` of several units at once (two queries, whatever their number):
    per unit code, its figures of every year, oldest first; units without any are left out."""
    codes = sorted(set(unit_codes))
    rows = list(HistoryRow.objects.filter(unit_code__in=codes).order_by("year", "source"))
    chosen = _preferred(rows)
    unsized = {(r.year, r.group_code, r.source) for r in chosen.values() if not r.units_in_group}
    sizes: dict[tuple[int, str, str], int | None] = {}
    if unsized:
        groups: dict[tuple[int, str, str], list[HistoryRow]] = defaultdict(list)
        query = HistoryRow.objects.filter(
            year__in={y for y, _g, _s in unsized}, group_code__in={g for _y, g, _s in unsized}
        )
        for row in query:
            groups[(row.year, row.group_code, row.source)].append(row)
        for key in unsized:
            members = groups.get(key, [])
            sizes[key] = len(members) if _complete(members) else None
    out: dict[str, list[HistoryPoint]] = defaultdict(list)
    for (_year, code), row in sorted(chosen.items()):
        out[code].append(_point(row, sizes.get((row.year, row.group_code, row.source))))
    return dict(out)


@dataclass(frozen=True, slots=True)
class GroupYear:
    year: int
    average: Decimal
    decimals: int
    units: int


def _published_averages(result: Result) -> dict[str, tuple[Decimal, int, int]]:
    """Per group code, the group's average as published (with its decimals) and its
    number of units."""
    out = {}
    for group in json.loads(result.results)["groups"]:
        if group["average"] is not None:
            average = Decimal(group["average"])
            exponent = average.as_tuple().exponent
            decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            out[group["code"]] = (average, decimals, len(group["units"]))
    return out


def _imported_average(rows: list[HistoryRow]) -> tuple[Decimal, int, int] | None:
    """The mean index of a complete imported group of one year, else ``None``."""
    if not _complete(rows):
        return None
    decimals = max(2, *(r.index_decimals for r in rows))
    mean = sum((r.index for r in rows), Decimal(0)) / len(rows)
    return mean.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP), decimals, len(rows)


def group_averages(group_code: str) -> list[GroupYear]:
    """The group's average index per year: from the published result of the year, else
    from imported figures when they cover every unit of the group."""
    return groups_averages([group_code]).get(group_code, [])


def groups_averages(group_codes: Iterable[str]) -> dict[str, list[GroupYear]]:
    """:func:`group_averages` of several groups at once (two queries): per group code,
    its averages by year, oldest first; groups without any are left out. A published
    result whose results text no longer matches its hash is left out."""
    codes = set(group_codes)
    out: dict[str, dict[int, GroupYear]] = defaultdict(dict)
    imported: dict[tuple[str, int], list[HistoryRow]] = defaultdict(list)
    rows = HistoryRow.objects.filter(group_code__in=codes, source=HistorySource.IMPORTED)
    for row in rows:
        imported[(row.group_code, row.year)].append(row)
    for (code, year), members in imported.items():
        found = _imported_average(members)
        if found is not None:
            out[code][year] = GroupYear(year, found[0], found[1], found[2])
    for result in published_results().order_by("year", "published_at"):
        if sha256(result.results) != result.results_sha256:  # altered: not what was published
            continue
        for code, published in _published_averages(result).items():
            if code in codes:
                out[code][result.year] = GroupYear(result.year, *published)
    return {code: [years[y] for y in sorted(years)] for code, years in out.items()}


# --- the management pages ---------------------------------------------------------------


def rounds_with_results(user: AnyUser) -> list[tuple[Round, Result | None]]:
    """Every round with its result that is not withdrawn (overseers only)."""
    if not access.can_view_results(user):
        return []
    rounds = list(Round.objects.select_related("criteria_set").order_by("-year", "name"))
    active = {
        r.round_id: r
        for r in Result.objects.filter(state__in=ACTIVE_STATES).select_related(
            "computed_by", "reviewed_by", "published_by"
        )
    }
    return [(round_, active.get(round_.pk)) for round_ in rounds]


def round_for(user: AnyUser, round_id: UUID) -> Round:
    if not access.can_view_results(user):
        raise Http404
    found = Round.objects.select_related("criteria_set").filter(uuid=round_id).first()
    if found is None:
        raise Http404
    return found


def result_for(user: AnyUser, result_id: UUID) -> Result:
    """Any result (withdrawn ones too) for the overseers; 404 for anyone else."""
    if not access.can_view_results(user):
        raise Http404
    found = (
        Result.objects.select_related(
            "round", "computed_by", "reviewed_by", "published_by", "withdrawn_by"
        )
        .filter(uuid=result_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def published_result(result_id: UUID) -> Result:
    """A published result, for anyone (the public downloads); 404 otherwise."""
    found = published_results().filter(uuid=result_id).first()
    if found is None:
        raise Http404
    return found


def withdrawn_of(round_: Round) -> list[Result]:
    return list(
        round_.results.filter(state=ResultState.WITHDRAWN)
        .select_related("withdrawn_by")
        .order_by("-withdrawn_at")
    )


# --- verification -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verification:
    """The stored hashes against a recomputation from the frozen inputs, and whether the
    round's live data still give the same inputs."""

    inputs_sha256: str
    recomputed_inputs_sha256: str
    results_sha256: str
    recomputed_results_sha256: str
    results_identical: bool
    live_inputs_sha256: str | None
    error: str = ""

    @property
    def inputs_intact(self) -> bool:
        return self.inputs_sha256 == self.recomputed_inputs_sha256

    @property
    def matches(self) -> bool:
        return not self.error and self.inputs_intact and self.results_identical

    @property
    def live_matches(self) -> bool | None:
        if self.live_inputs_sha256 is None:
            return None
        return self.live_inputs_sha256 == self.inputs_sha256


def verify(result: Result, *, live: bool = True) -> Verification:
    """Recomputes ``result`` from its frozen inputs and compares byte for byte."""
    stored_inputs = sha256(result.inputs)
    try:
        computed = compute_frozen(result.inputs)
    except (ValueError, scoring.ScoringErrors) as exc:
        return Verification(
            result.inputs_sha256, stored_inputs, result.results_sha256, "", False, None, str(exc)
        )
    live_hash = None
    if live:
        live_hash = sha256(freeze(gather_inputs(result.round)))
    return Verification(
        inputs_sha256=result.inputs_sha256,
        recomputed_inputs_sha256=stored_inputs,
        results_sha256=result.results_sha256,
        recomputed_results_sha256=computed.results_sha256,
        results_identical=computed.results_text == result.results,
        live_inputs_sha256=live_hash,
    )


@dataclass(frozen=True, slots=True)
class HistoryYear:
    """How many units of a group the history holds for one year and source."""

    year: int
    group_code: str
    group_name: str
    source: str
    units: int

    @property
    def source_label(self) -> str:
        return str(HistorySource(self.source).label)


def history_summary() -> list[HistoryYear]:
    rows = (
        HistoryRow.objects.values("year", "group_code", "group_name", "source")
        .annotate(units=Count("pk"))
        .order_by("-year", "group_code", "source")
    )
    return [HistoryYear(**row) for row in rows]
