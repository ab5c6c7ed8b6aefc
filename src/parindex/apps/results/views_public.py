"""The public results pages (no sign-in): the published ranking of a year per group, a
unit's history across years, and the published files."""

from __future__ import annotations

import io
import logging
import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from parindex import scoring
from parindex.apps.accounts.models import Unit
from parindex.apps.results import charts, selectors
from parindex.apps.results.models import HistoryRow, HistorySource, Result
from parindex.apps.results.tables import (
    ResultTables,
    field_comparison,
    history_lines,
    stored_tables,
)
from parindex.apps.results.views import JSON_TYPE, file_stem
from parindex.interchange.results import write_xlsx

log = logging.getLogger(__name__)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _checked(record: Result) -> ResultTables | None:
    """The tables of a published result, or ``None`` (logged) if its data were altered."""
    try:
        return stored_tables(record, selectors.round_result(record))
    except (selectors.ResultTampered, ValueError):
        log.exception("published result %s does not match its hashes", record.uuid)
        return None


@require_GET
def year_page(request: HttpRequest, year: int | None = None) -> HttpResponse:
    years = selectors.published_years()
    if year is None and years:
        year = years[0]
    if year is not None and year not in years:
        raise Http404
    shown, broken = [], []
    groups: dict[str, scoring.UnitGroup] = {}
    decimals = 2
    for record in selectors.published_results(year) if year is not None else []:
        tables = _checked(record)
        if tables is None:
            broken.append(record)
            continue
        decimals = tables.index_decimals
        year_charts = [
            charts.index_chart(g.group, year=tables.criteria.year, decimals=decimals)
            for g in tables.groups
            if g.group.units
        ]
        shown.append((tables, year_charts))
        groups.update((g.group.group.code, g.group.group) for g in tables.groups)
    averages = None
    if year is not None and groups:
        found = selectors.groups_averages(groups)
        averages = charts.averages_chart(
            list(groups.values()), found, until=year, decimals=decimals
        )
    context = {
        "year": year,
        "years": years,
        "results": shown,
        "broken": broken,
        "averages": averages,
    }
    return render(request, "results/public.html", context)


def _published_unit(unit_code: str, year: int) -> scoring.UnitResult | None:
    row = (
        HistoryRow.objects.filter(unit_code=unit_code, year=year, source=HistorySource.PUBLISHED)
        .select_related("result")
        .first()
    )
    if row is None or row.result is None:
        return None
    try:
        return selectors.round_result(row.result).unit(unit_code)
    except (selectors.ResultTampered, ValueError, KeyError):
        log.exception("published result %s does not match its hashes", row.result.uuid)
        return None


@require_GET
def unit_page(request: HttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("group"), uuid=unit_id)
    lines = history_lines(selectors.unit_history(unit.code))
    published = [line.point.year for line in lines if line.point.source == HistorySource.PUBLISHED]
    fields, field_year = [], None
    if published:
        field_year = published[-1]
        now = _published_unit(unit.code, field_year)
        if now is not None:
            fields = field_comparison(now, _published_unit(unit.code, field_year - 1))
    chart = charts.history_chart(unit.name, [line.point for line in lines])
    context = {
        "unit": unit,
        "lines": lines,
        "fields": fields,
        "field_year": field_year,
        "chart": chart,
    }
    return render(request, "results/public_unit.html", context)


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_GET
def download_json(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    """The published results JSON (``docs/results.md``) exactly as frozen."""
    record = selectors.published_result(result_id)
    if _checked(record) is None:
        raise Http404
    return _download(record.results.encode("utf-8"), JSON_TYPE, f"{file_stem(record)}.json")


@require_GET
def download_xlsx(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    record = selectors.published_result(result_id)
    tables = _checked(record)
    if tables is None:
        raise Http404
    buffer = io.BytesIO()
    write_xlsx(tables.result, buffer)
    return _download(buffer.getvalue(), XLSX_TYPE, f"{file_stem(record)}.xlsx")
