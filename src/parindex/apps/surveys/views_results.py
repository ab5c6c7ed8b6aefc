"""Thin views of a survey's figures: every unit (the overseers), one unit (also the unit's
own people) and the Excel export."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from parindex.apps.accounts import access
from parindex.apps.surveys import selectors
from parindex.apps.surveys.export import report_xlsx
from parindex.apps.surveys.report import survey_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def results(request: HttpRequest, survey_uuid: uuid.UUID) -> HttpResponse:
    survey = selectors.survey_for_results(request.user, survey_uuid)
    context = {
        "survey": survey,
        "report": survey_report(survey),
        "may_manage": access.can_manage_surveys(request.user),
    }
    return render(request, "surveys/results.html", context)


@login_required
@require_GET
def results_export(request: HttpRequest, survey_uuid: uuid.UUID) -> HttpResponse:
    survey = selectors.survey_for_results(request.user, survey_uuid)
    response = HttpResponse(report_xlsx(survey_report(survey)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ket-qua-{survey.code}.xlsx"'
    return response


@login_required
@require_GET
def unit_results(
    request: HttpRequest, survey_uuid: uuid.UUID, unit_uuid: uuid.UUID
) -> HttpResponse:
    place = selectors.place_for_results(request.user, survey_uuid, unit_uuid)
    report = survey_report(place.survey, units=[place.unit])
    context = {
        "survey": place.survey,
        "row": report.units[0],
        "may_oversee": access.can_oversee(request.user),
    }
    return render(request, "surveys/unit_results.html", context)
