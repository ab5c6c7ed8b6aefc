"""The reports' charts, drawn with matplotlib's Agg renderer: PNG for .docx, SVG for pages.

Each ``*_chart`` function builds a figure from plain data; :func:`png` and :func:`svg`
render the same figure. Figures are made without pyplot (no global state, safe in web
threads). Text uses DejaVu Sans, which matplotlib ships and which has every Vietnamese
letter; numbers on the charts are written the Vietnamese way (94,58). Floats appear only
inside the drawing: every figure shown as text comes from the ``Decimal`` values.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from parindex.apps.reports.data import GroupYear, HistoryPoint, ReportData, SurveyFigures
from parindex.numbers import format_vn
from parindex.scoring import FieldResult, FieldStats, GroupResult

INDEX_TITLE = _("Chỉ số CCHC năm {year}: {group}")
INDEX_AXIS = _("Chỉ số")
AVERAGE_LABEL = _("Trung bình: {value}")
AVERAGES_TITLE = _("Chỉ số trung bình của các nhóm qua các năm")
YEAR_AXIS = _("Năm")
SURVEY_TITLE = _("Tỷ lệ hài lòng theo yếu tố (%)")
SURVEY_AXIS = _("Tỷ lệ hài lòng (%)")
HISTORY_TITLE = _("Chỉ số CCHC qua các năm: {unit}")
FIELDS_TITLE = _("Tỷ lệ điểm đạt theo lĩnh vực năm {year} (% điểm tối đa)")
FIELDS_UNIT = _("Đơn vị")
FIELDS_GROUP = _("Trung bình nhóm")
PERCENT_AXIS = _("% điểm tối đa")

RC: dict[Any, Any] = {  # matplotlib types its keys as literals
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",  # text stays text in SVG: smaller, selectable, readable aloud
    "svg.hashsalt": "parindex",  # the same chart gives the same SVG
}
PALETTE = ("#16467f", "#c8102e", "#1a7a3a", "#c98a00", "#6b4c9a", "#0f7c8c", "#5a6678")
ABOVE = "#16467f"
BELOW = "#8fb0d9"
WIDTH = 7.2  # inches: the text width of an A4 page with 3 + 2 cm margins is about 6.3
PNG_DPI = 160  # about 190 dpi once the picture is 15,5 cm wide in the document
HUNDRED = Decimal(100)
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6}
_PROLOG = re.compile(r"^.*?(?=<svg)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart ready to show: its figure and a sentence saying what it shows."""

    key: str
    label: str
    figure: Figure


def _number(value: float, _position: object = None) -> str:
    return format_vn(Decimal(f"{value:.10g}").normalize() if value else Decimal(0))


def _figure(height: float) -> tuple[Figure, Axes]:
    with rc_context(RC):
        figure = Figure(figsize=(WIDTH, height), layout="constrained")
        axes = figure.add_subplot()
    return figure, axes


def png(chart: Chart) -> bytes:
    buffer = io.BytesIO()
    with rc_context(RC):
        chart.figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def svg(chart: Chart) -> bytes:
    buffer = io.BytesIO()
    with rc_context(RC):
        chart.figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def svg_markup(chart: Chart) -> SafeString:
    """The SVG to put inside a page: no XML prolog, labelled for screen readers."""
    text = _PROLOG.sub("", svg(chart).decode("utf-8"), count=1)
    label = escape(chart.label)
    text = text.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return mark_safe(text)  # matplotlib's own SVG; the label is escaped


def _bar_labels(
    axes: Axes, bars: Any, values: Sequence[Decimal | None], decimals: int | None
) -> None:
    labels = [format_vn(v, decimals) for v in values]
    axes.bar_label(bars, labels=labels, padding=3, fontsize=8, bbox=LABEL_BOX, zorder=4)


def _legend(figure: Figure, columns: int) -> None:
    figure.legend(loc="outside lower center", ncols=columns, fontsize=8, frameon=False)


def index_chart(group: GroupResult, *, year: int, decimals: int) -> Chart:
    """Index of every unit of a group, best first, with the group average."""
    units = list(group.units)
    figure, axes = _figure(1.3 + 0.32 * max(len(units), 3))
    names = [u.unit.name for u in units]
    values = [u.index for u in units]
    average = group.average
    colours = [ABOVE if average is None or u.index > average else BELOW for u in units]
    bars = axes.barh(names, [float(v) for v in values], color=colours, height=0.65, zorder=2)
    axes.invert_yaxis()
    _bar_labels(axes, bars, values, decimals)
    top = max([HUNDRED, *values])
    axes.set_xlim(0, float(top) * 1.12)
    if average is not None:
        text = str(AVERAGE_LABEL).format(value=format_vn(average, decimals))
        axes.axvline(
            float(average), color="#c8102e", linestyle="--", linewidth=1.2, zorder=3, label=text
        )
        _legend(figure, 1)
    axes.set_xlabel(str(INDEX_AXIS))
    axes.xaxis.set_major_formatter(FuncFormatter(_number))
    title = str(INDEX_TITLE).format(year=year, group=group.group.name)
    axes.set_title(title)
    return Chart(f"index-{group.group.code}", title, figure)


def averages_chart(
    history: Mapping[str, Sequence[GroupYear]], names: Mapping[str, str], *, decimals: int
) -> Chart:
    """The average index of each group, year by year."""
    figure, axes = _figure(3.6)
    years: set[int] = set()
    for position, (code, points) in enumerate(history.items()):
        shown = [p for p in points if p.average is not None]
        xs = [p.year for p in shown]
        ys = [p.average for p in shown if p.average is not None]
        years.update(xs)
        colour = PALETTE[position % len(PALETTE)]
        axes.plot(xs, [float(y) for y in ys], marker="o", color=colour, label=names.get(code, code))
        for x, y in zip(xs, ys, strict=True):
            axes.annotate(
                format_vn(y, decimals),
                (x, float(y)),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontsize=8,
                color=colour,
                bbox=LABEL_BOX,
            )
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if years:
        axes.set_xlim(min(years) - 0.5, max(years) + 0.5)
    axes.set_xlabel(str(YEAR_AXIS))
    axes.set_ylabel(str(INDEX_AXIS))
    axes.yaxis.set_major_formatter(FuncFormatter(_number))
    axes.margins(y=0.2)
    _legend(figure, max(len(history), 1))
    axes.grid(axis="y", alpha=0.3)
    title = str(AVERAGES_TITLE)
    axes.set_title(title)
    return Chart("averages", title, figure)


def survey_chart(survey: SurveyFigures, names: Mapping[str, str]) -> Chart:
    """Per factor, the share of satisfied answers in each group."""
    factors = survey.factors()
    figure, axes = _figure(1.6 + 0.55 * max(len(factors), 3))
    count = max(len(survey.groups), 1)
    height = 0.8 / count
    for position, group in enumerate(survey.groups):
        by_code = {f.code: f.satisfied_percent for f in group.factors}
        values = [by_code.get(code) for code, _title in factors]
        ys = [i + position * height for i in range(len(factors))]
        colour = PALETTE[position % len(PALETTE)]
        shown = [float(v) if v is not None else 0.0 for v in values]
        label = names.get(group.group, group.group)
        bars = axes.barh(ys, shown, height=height, color=colour, label=label)
        _bar_labels(axes, bars, values, 2)
    axes.set_yticks(
        [i + height * (count - 1) / 2 for i in range(len(factors))],
        labels=[_wrap(title) for _code, title in factors],
    )
    axes.invert_yaxis()
    axes.set_xlim(0, 110)
    axes.set_xlabel(str(SURVEY_AXIS))
    axes.xaxis.set_major_formatter(FuncFormatter(_number))
    _legend(figure, count)
    title = str(SURVEY_TITLE)
    axes.set_title(title)
    return Chart("survey", title, figure)


def history_chart(unit: str, history: Sequence[HistoryPoint]) -> Chart:
    """A unit's index year by year (as published), with its rank beside each point."""
    figure, axes = _figure(3.4)
    xs = [p.year for p in history]
    axes.plot(xs, [float(p.index) for p in history], marker="o", color=ABOVE)
    for point in history:
        rank = f" ({point.rank}/{point.units})" if point.rank and point.units else ""
        axes.annotate(
            format_vn(point.index) + rank,
            (point.year, float(point.index)),
            textcoords="offset points",
            xytext=(0, 8),
            ha="center",
            fontsize=8,
            bbox=LABEL_BOX,
        )
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if xs:
        axes.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    axes.set_xlabel(str(YEAR_AXIS))
    axes.set_ylabel(str(INDEX_AXIS))
    axes.yaxis.set_major_formatter(FuncFormatter(_number))
    axes.margins(y=0.25)
    axes.grid(axis="y", alpha=0.3)
    title = str(HISTORY_TITLE).format(unit=unit)
    axes.set_title(title)
    return Chart("history", title, figure)


def _percent(achieved: Decimal | None, maximum: Decimal) -> Decimal | None:
    if achieved is None or maximum <= 0:
        return None
    return achieved / maximum * HUNDRED


def fields_chart(fields: Sequence[FieldResult], group: Sequence[FieldStats], *, year: int) -> Chart:
    """A unit's points per field as a share of the field's maximum, beside its group's."""
    stats = {s.code: s for s in group}
    shown = [f for f in fields if not f.not_applicable and f.applicable_max > 0]
    figure, axes = _figure(1.4 + 0.5 * max(len(shown), 3))
    ys = list(range(len(shown)))
    unit_values = [_percent(f.achieved, f.applicable_max) for f in shown]
    group_values = [
        _percent(stats[f.code].average, stats[f.code].max_points) if f.code in stats else None
        for f in shown
    ]
    for offset, values, colour, label in (
        (0.0, unit_values, ABOVE, FIELDS_UNIT),
        (0.4, group_values, "#c98a00", FIELDS_GROUP),
    ):
        bars = axes.barh(
            [y + offset for y in ys],
            [float(v) if v is not None else 0.0 for v in values],
            height=0.4,
            color=colour,
            label=str(label),
        )
        _bar_labels(axes, bars, values, 1)
    axes.set_yticks([y + 0.2 for y in ys], labels=[_wrap(f"{f.code}. {f.title}") for f in shown])
    axes.invert_yaxis()
    axes.set_xlim(0, 110)
    axes.set_xlabel(str(PERCENT_AXIS))
    axes.xaxis.set_major_formatter(FuncFormatter(_number))
    _legend(figure, 2)
    title = str(FIELDS_TITLE).format(year=year)
    axes.set_title(title)
    return Chart("fields", title, figure)


def _wrap(text: str, width: int = 34) -> str:
    """Long tick labels on several lines."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines[:3]) + ("…" if len(lines) > 3 else "")


# --- the charts of each report ---------------------------------------------------------


def province_charts(data: ReportData) -> list[Chart]:
    """Index per unit for each group, group averages over the years, survey by factor."""
    decimals = data.criteria.rounding.index_decimals
    names = {g.code: g.name for g in data.criteria.groups}
    found = [
        index_chart(g, year=data.year, decimals=decimals) for g in data.result.groups if g.units
    ]
    years = {p.year for points in data.group_history.values() for p in points}
    if len(years) > 1:
        found.append(averages_chart(data.group_history, names, decimals=decimals))
    if data.survey is not None:
        found.append(survey_chart(data.survey, names))
    return found


def unit_charts(data: ReportData, code: str) -> list[Chart]:
    """A unit's index over the years (when there are several) and its fields this year."""
    unit = data.unit(code)
    found = []
    history = data.history_of(code)
    if len(history) > 1:
        found.append(history_chart(unit.unit.name, history))
    group = data.group_of(code)
    found.append(fields_chart(unit.appraised.fields, group.fields, year=data.year))
    return found


def chart_named(charts: Sequence[Chart], key: str) -> Chart | None:
    return next((chart for chart in charts if chart.key == key), None)
