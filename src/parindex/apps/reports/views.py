"""Thin views of the reports pages: the list, a round's province page, a unit's page, the
.docx/.xlsx downloads and the charts as SVG. Every file is made on request from the
current figures (nothing is cached)."""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.reports import charts, selectors
from parindex.apps.reports.builder import report_data
from parindex.apps.reports.letterhead import Issuer, province_issuer, unit_issuer
from parindex.apps.reports.province_report import province_docx, province_xlsx
from parindex.apps.reports.surveys import survey_figures
from parindex.apps.reports.unit_report import unit_docx, unit_xlsx
from parindex.apps.results.selectors import ResultTampered

log = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SVG = "image/svg+xml"
PROVINCE_DOCX_NAME = "bao-cao-chi-so-cchc-{year}.docx"
PROVINCE_XLSX_NAME = "bang-so-lieu-chi-so-cchc-{year}.xlsx"
UNIT_DOCX_NAME = "bao-cao-phan-tich-chi-so-cchc-{year}-{unit}.docx"
UNIT_XLSX_NAME = "bang-so-lieu-phan-tich-chi-so-cchc-{year}-{unit}.xlsx"


def _published_intact[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """A round whose published result no longer matches its hashes gets no report (409,
    logged): neither the altered figures nor a draft in place of what was published."""

    @functools.wraps(view)
    def checked(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except ResultTampered:
            log.exception("a published result does not match its hashes")
            request = args[0]
            assert isinstance(request, HttpRequest)
            return render(request, "reports/broken.html", status=409)

    return checked


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _issuer_of(unit: Unit) -> Issuer:
    parent = unit.parent.name if unit.parent else None
    return unit_issuer(name=unit.name, code=unit.code, parent=parent)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_read_reports(user):
        raise PermissionDenied
    return render(request, "reports/index.html", {"rows": selectors.reports_for(user)})


@login_required
@require_GET
@_published_intact
def round_page(request: HttpRequest, round_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    round_ = selectors.province_round(user, round_id)
    data = report_data(round_, survey=survey_figures(round_))
    names = {g.code: g.name for g in data.criteria.groups}
    context = {
        "round": round_,
        "data": data,
        "charts": [(c, charts.svg_markup(c)) for c in charts.province_charts(data)],
        "units": selectors.report_units(user, round_),
        "survey_groups": [(names.get(g.group, g.group), g.responses) for g in data.survey.groups]
        if data.survey
        else [],
    }
    return render(request, "reports/round.html", context)


@login_required
@require_GET
@never_cache
@_published_intact
def province_file(request: HttpRequest, round_id: uuid.UUID, fmt: str) -> HttpResponse:
    round_ = selectors.province_round(_user(request), round_id)
    data = report_data(round_, survey=survey_figures(round_))
    if fmt == "docx":
        content = province_docx(data, issuer=province_issuer(), issued=timezone.localdate())
        return _file(content, DOCX, PROVINCE_DOCX_NAME.format(year=round_.year))
    return _file(province_xlsx(data), XLSX, PROVINCE_XLSX_NAME.format(year=round_.year))


@login_required
@require_GET
@never_cache
@_published_intact
def province_chart(request: HttpRequest, round_id: uuid.UUID, key: str) -> HttpResponse:
    round_ = selectors.province_round(_user(request), round_id)
    data = report_data(round_, survey=survey_figures(round_))
    chart = charts.chart_named(charts.province_charts(data), key)
    if chart is None:
        raise Http404
    return HttpResponse(charts.svg(chart), content_type=SVG)


@login_required
@require_GET
@_published_intact
def unit_page(request: HttpRequest, round_id: uuid.UUID, unit_id: uuid.UUID) -> HttpResponse:
    round_, unit = selectors.unit_report(_user(request), round_id, unit_id)
    data = report_data(round_, losses_for=[unit.code])
    context = {
        "round": round_,
        "unit": unit,
        "data": data,
        "result": data.unit(unit.code),
        "group": data.group_of(unit.code),
        "history": data.history_of(unit.code),
        "losses": data.losses.get(unit.code, ()),
        "charts": [(c, charts.svg_markup(c)) for c in charts.unit_charts(data, unit.code)],
    }
    return render(request, "reports/unit.html", context)


@login_required
@require_GET
@never_cache
@_published_intact
def unit_file(
    request: HttpRequest, round_id: uuid.UUID, unit_id: uuid.UUID, fmt: str
) -> HttpResponse:
    round_, unit = selectors.unit_report(_user(request), round_id, unit_id)
    data = report_data(round_, losses_for=[unit.code])
    if fmt == "docx":
        content = unit_docx(
            data,
            unit.code,
            issuer=_issuer_of(unit),
            province=province_issuer(),
            issued=timezone.localdate(),
        )
        return _file(content, DOCX, UNIT_DOCX_NAME.format(year=round_.year, unit=unit.code))
    name = UNIT_XLSX_NAME.format(year=round_.year, unit=unit.code)
    return _file(unit_xlsx(data, unit.code), XLSX, name)


@login_required
@require_GET
@never_cache
@_published_intact
def unit_chart(
    request: HttpRequest, round_id: uuid.UUID, unit_id: uuid.UUID, key: str
) -> HttpResponse:
    round_, unit = selectors.unit_report(_user(request), round_id, unit_id)
    data = report_data(round_)
    chart = charts.chart_named(charts.unit_charts(data, unit.code), key)
    if chart is None:
        raise Http404
    return HttpResponse(charts.svg(chart), content_type=SVG)
