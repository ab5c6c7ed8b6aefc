"""The charts of the public results pages: the reports' charts (:mod:`parindex.apps.reports
.charts`, matplotlib drawn on the server) as inline SVG, each with its figures as text.

- the year page: each group's index per unit (from the published result) and the groups'
  average index over the years up to that year (published results, else imported
  figures that cover the whole group: :func:`~parindex.apps.results.selectors
  .groups_averages`, read by the view);
- a unit's page: its index over the years (published or imported:
  :func:`~parindex.apps.results.selectors.unit_history`).

Only published figures reach these functions. A chart is a pure function of its figures
and of the language, so drawn charts are kept under those, a few dozen in the process and
all of them in the Django cache (shared by the workers when ``CACHE_URL`` is set): a page
seen again, by any worker, is not drawn again.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from parindex import scoring
from parindex.apps.assessments import page_cache
from parindex.apps.reports import charts as drawing
from parindex.apps.reports.data import GroupYear as ChartYear
from parindex.apps.reports.data import HistoryPoint as ChartPoint
from parindex.apps.results.selectors import GroupYear, HistoryPoint
from parindex.numbers import format_vn

RANK = _("Hạng")
UNIT = _("Đơn vị")
INDEX = _("Chỉ số")
YEAR = _("Năm")
CLASS = _("Xếp loại")
DASH = "—"
KEPT = 64
SHARED_SECONDS = 30 * 24 * 3600  # in the shared cache (Redis with CACHE_URL)


@dataclass(frozen=True, slots=True)
class PublicChart:
    """A chart ready for a page: its title, its SVG and its figures as a table."""

    key: str
    title: str
    svg: SafeString
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


_DRAWN: OrderedDict[Hashable, PublicChart] = OrderedDict()
_LOCK = threading.Lock()


def _kept(key: Hashable, make: Callable[[], PublicChart]) -> PublicChart:
    """The chart of ``key`` in the active language: kept in the process, then in the
    Django cache (shared by every worker when ``CACHE_URL`` is set), else drawn."""
    full = (translation.get_language(), page_cache.code_digest(), key)
    with _LOCK:
        found = _DRAWN.get(full)
        if found is not None:
            _DRAWN.move_to_end(full)
            return found
    shared = "public-chart:" + hashlib.sha256(repr(full).encode()).hexdigest()
    chart = page_cache.cache_get(cache, shared)
    if not isinstance(chart, PublicChart):
        chart = make()
        page_cache.cache_set(cache, shared, chart, SHARED_SECONDS)
    with _LOCK:
        _DRAWN[full] = chart
        while len(_DRAWN) > KEPT:
            _DRAWN.popitem(last=False)
    return chart


def _public(
    chart: drawing.Chart, head: Sequence[object], rows: Sequence[Sequence[str]]
) -> PublicChart:
    svg = drawing.svg_markup(chart)
    chart.figure.clear()
    return PublicChart(
        chart.key, chart.label, svg, tuple(str(h) for h in head), tuple(map(tuple, rows))
    )


def index_chart(group: scoring.GroupResult, *, year: int, decimals: int) -> PublicChart:
    """The index of every unit of a group in a published result, best first."""
    key = (
        "index",
        year,
        decimals,
        group.group.code,
        group.group.name,
        group.average,
        tuple((u.unit.code, u.unit.name, u.index, u.rank) for u in group.units),
    )

    def make() -> PublicChart:
        chart = drawing.index_chart(group, year=year, decimals=decimals)
        rows = [
            (str(u.rank) if u.rank is not None else DASH, u.unit.name, format_vn(u.index, decimals))
            for u in group.units
        ]
        return _public(chart, (RANK, UNIT, INDEX), rows)

    return _kept(key, make)


def averages_chart(
    groups: Sequence[scoring.UnitGroup],
    averages: Mapping[str, Sequence[GroupYear]],
    *,
    until: int,
    decimals: int,
) -> PublicChart | None:
    """The average index of ``groups`` in every year up to ``until`` (none with one year);
    ``averages``: per group code, as :func:`~parindex.apps.results.selectors
    .groups_averages` gives them."""
    found: dict[str, list[GroupYear]] = {
        g.code: shown
        for g in groups
        if (shown := [y for y in averages.get(g.code, []) if y.year <= until])
    }
    years = sorted({y.year for points in found.values() for y in points})
    if len(years) < 2:
        return None
    names = {g.code: g.name for g in groups}
    key = (
        "averages",
        decimals,
        tuple(names.items()),
        tuple((c, tuple(p)) for c, p in found.items()),
    )

    def make() -> PublicChart:
        history = {
            code: [ChartYear(y.year, y.average, y.units) for y in points]
            for code, points in found.items()
        }
        chart = drawing.averages_chart(history, names, decimals=decimals)
        by_year = {code: {y.year: y for y in points} for code, points in found.items()}
        rows = [
            (
                str(year),
                *(
                    format_vn(by_year[code][year].average, by_year[code][year].decimals)
                    if year in by_year[code]
                    else DASH
                    for code in found
                ),
            )
            for year in years
        ]
        return _public(chart, (YEAR, *(names[code] for code in found)), rows)

    return _kept(key, make)


def history_chart(unit_name: str, points: Sequence[HistoryPoint]) -> PublicChart | None:
    """A unit's published index year by year, with its rank (none with fewer than two)."""
    if len(points) < 2:
        return None
    key = ("history", unit_name, tuple(points))

    def make() -> PublicChart:
        shown = [
            ChartPoint(p.year, p.index, p.rank, p.units_in_group, p.class_label or None)
            for p in points
        ]
        chart = drawing.history_chart(unit_name, shown)
        rows = [
            (
                str(p.year),
                format_vn(p.index, p.index_decimals),
                _rank(p),
                p.class_label or DASH,
            )
            for p in points
        ]
        return _public(chart, (YEAR, INDEX, RANK, CLASS), rows)

    return _kept(key, make)


def _rank(point: HistoryPoint) -> str:
    if point.rank is None:
        return DASH
    return f"{point.rank}/{point.units_in_group}" if point.units_in_group else str(point.rank)
