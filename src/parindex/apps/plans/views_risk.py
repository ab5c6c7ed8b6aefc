"""Risk warnings: the units' projected year-end points from their operational figures,
each unit's page of projectable sub-criteria, and the figures of one sub-criterion."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit
from parindex.apps.frameworks.uploads import safe_name, stored_upload
from parindex.apps.plans import figures_import, selectors_risk, services_figures
from parindex.apps.plans.forms import FigureForm, FiguresUploadForm
from parindex.apps.plans.models import OperationalFigure
from parindex.apps.plans.refusals import Refused
from parindex.apps.plans.selectors_assign import unit_for
from parindex.apps.plans.selectors_plans import visible_units
from parindex.apps.plans.views_plans import XLSX, user_of
from parindex.interchange.errors import ImportFailed, Problem
from parindex.planning.projection import Frequency

YEAR_PARAMETER = "nam"


def _year(request: HttpRequest) -> int:
    years = selectors_risk.risk_years()
    wanted = request.GET.get(YEAR_PARAMETER, "")
    if not wanted:
        return selectors_risk.default_year(visible_units(user_of(request)))
    if not wanted.isdigit() or int(wanted) not in years:
        raise Http404
    return int(wanted)


@login_required
@require_GET
def warnings(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not access.units_of(user) and not access.can_oversee(user):
        raise PermissionDenied
    year = _year(request)
    context = {
        "year": year,
        "years": selectors_risk.risk_years(),
        "rows": selectors_risk.overview(user, year),
    }
    return render(request, "plans/warnings.html", context)


def _unit_year(request: HttpRequest, unit_id: uuid.UUID, year: int) -> Unit:
    unit = unit_for(user_of(request), unit_id)
    if year not in selectors_risk.risk_years():
        raise Http404
    return unit


@login_required
@require_GET
def risk_latest(request: HttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    unit = unit_for(user_of(request), unit_id)
    year = selectors_risk.default_year([unit])
    return redirect("plans:risk", unit_id=unit.uuid, year=year)


def _risk_page(
    request: HttpRequest,
    unit: Unit,
    year: int,
    *,
    upload: FiguresUploadForm | None = None,
    problems: tuple[Problem, ...] = (),
    status: int = 200,
) -> HttpResponse:
    context = {
        "page": selectors_risk.risk_page(unit, year),
        "unit": unit,
        "year": year,
        "years": selectors_risk.risk_years(),
        "writer": access.can_write_unit_reports(user_of(request), unit),
        "upload": upload or FiguresUploadForm(),
        "problems": problems,
    }
    return render(request, "plans/risk.html", context, status=status)


@login_required
@require_GET
def risk(request: HttpRequest, unit_id: uuid.UUID, year: int) -> HttpResponse:
    return _risk_page(request, _unit_year(request, unit_id, year), year)


@login_required
@require_POST
def figures_upload(request: HttpRequest, unit_id: uuid.UUID, year: int) -> HttpResponse:
    user = user_of(request)
    unit = _unit_year(request, unit_id, year)
    if not access.can_write_unit_reports(user, unit):
        raise PermissionDenied(str(services_figures.NOT_MEMBER))
    form = FiguresUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _risk_page(request, unit, year, upload=form, status=422)
    upload = form.cleaned_data["file"]
    try:
        with stored_upload(upload) as path:
            count = figures_import.figures_import(actor=user, unit=unit, year=year, path=path)
    except ImportFailed as failed:
        return _risk_page(request, unit, year, upload=form, problems=failed.problems, status=422)
    except Refused as refused:
        messages.error(request, refused.message)
        return _risk_page(request, unit, year, upload=form, status=409)
    name = safe_name(upload.name or "", "tep")
    messages.success(request, str(figures_import.IMPORTED).format(count=count, name=name))
    return redirect("plans:risk", unit_id=unit.uuid, year=year)


@login_required
@require_GET
def figures_blank(request: HttpRequest, unit_id: uuid.UUID, year: int) -> HttpResponse:
    unit = _unit_year(request, unit_id, year)
    try:
        follow = services_figures.followed(unit, year)
    except Refused:
        raise Http404 from None
    response = HttpResponse(figures_import.blank_workbook(follow), content_type=XLSX)
    name = f"so-lieu-theo-doi-{unit.code}-{year}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _figures_page(
    request: HttpRequest, unit: Unit, year: int, code: str, *, form: Any = None, status: int = 200
) -> HttpResponse:
    page = selectors_risk.risk_page(unit, year)
    row = next((r for r in page.rows if r.leaf.code == code), None)
    if row is None:
        raise Http404
    if form is None:
        frequency = row.leaf.frequency or Frequency.MONTH
        form = FigureForm(method=row.leaf.method, initial={"frequency": frequency.value})
    context = {
        "page": page,
        "row": row,
        "unit": unit,
        "year": year,
        "form": form,
        "writer": access.can_write_unit_reports(user_of(request), unit),
    }
    return render(request, "plans/figures.html", context, status=status)


def _given(code: str, data: dict[str, Any]) -> services_figures.FigureInput:
    return services_figures.FigureInput(
        code=code,
        frequency=Frequency(data["frequency"]),
        period=data["period"],
        numerator=data.get("numerator"),
        denominator=data.get("denominator"),
        value=data.get("value"),
        count=data.get("count"),
        note=data.get("note") or "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def figures(request: HttpRequest, unit_id: uuid.UUID, year: int, code: str) -> HttpResponse:
    user = user_of(request)
    unit = _unit_year(request, unit_id, year)
    if request.method == "GET":
        return _figures_page(request, unit, year, code)
    if not access.can_write_unit_reports(user, unit):
        raise PermissionDenied(str(services_figures.NOT_MEMBER))
    page = selectors_risk.risk_page(unit, year)
    row = next((r for r in page.rows if r.leaf.code == code), None)
    if row is None:
        raise Http404
    form = FigureForm(request.POST, method=row.leaf.method)
    if not form.is_valid():
        return _figures_page(request, unit, year, code, form=form, status=422)
    given = _given(code, form.cleaned_data)
    try:
        services_figures.figure_save(actor=user, unit=unit, year=year, given=given)
    except Refused as refused:
        form.add_error(None, refused.message)
        return _figures_page(request, unit, year, code, form=form, status=422)
    where = services_figures.period_name(given.frequency, given.period)
    messages.success(request, str(services_figures.SAVED).format(where=where, code=code))
    return redirect("plans:figures", unit_id=unit.uuid, year=year, code=code)


@login_required
@require_POST
def figure_delete(request: HttpRequest, figure_id: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    figure = OperationalFigure.objects.select_related("unit").filter(uuid=figure_id).first()
    if figure is None or not access.can_view_unit_plans(user, figure.unit):
        raise Http404
    if not access.can_write_unit_reports(user, figure.unit):
        raise PermissionDenied(str(services_figures.NOT_MEMBER))
    where = services_figures.period_name(figure.frequency, figure.period)
    code, year, unit = figure.node_code, figure.year, figure.unit
    try:
        services_figures.figure_delete(actor=user, figure=figure)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, str(services_figures.DELETED).format(where=where, code=code))
    return redirect("plans:figures", unit_id=unit.uuid, year=year, code=code)
