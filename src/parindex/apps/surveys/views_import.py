"""Thin views of ballot imports: the upload, the blank file to fill in, and the progress
page of an import (it reloads itself while the import runs)."""

from __future__ import annotations

import csv
import io
import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from parindex.apps.surveys import selectors
from parindex.apps.surveys.forms import ImportForm
from parindex.apps.surveys.importing.check import BALLOT, DATE, FORM, UNIT
from parindex.apps.surveys.importing.job import written_so_far
from parindex.apps.surveys.importing.start import ImportRefused, import_start
from parindex.apps.surveys.models import ImportStatus
from parindex.apps.surveys.views import actor

REFRESH_SECONDS = 2


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, survey_uuid: uuid.UUID) -> HttpResponse:
    survey = selectors.survey_for_managing(request.user, survey_uuid)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_start(
                actor=actor(request),
                survey=survey,
                upload=form.cleaned_data["file"],
                source=form.cleaned_data["source"],
            )
        except ImportRefused as refused:
            form.add_error("file", refused.message)
        else:
            return redirect("surveys:import_progress", job_uuid=job.uuid)
    context = {"form": form, "survey": survey, "imports": selectors.recent_imports(survey)}
    return render(request, "surveys/import.html", context)


@login_required
@require_GET
def import_template(request: HttpRequest, survey_uuid: uuid.UUID) -> HttpResponse:
    """A CSV with the columns a ballot file of this survey needs, and one example row."""
    survey = selectors.survey_for_managing(request.user, survey_uuid)
    questions = list(survey.questions.all())
    forms = list(survey.forms.all())
    header = [BALLOT, UNIT, *([FORM] if forms else []), DATE, *(q.code for q in questions)]
    place = survey.coverage.select_related("unit").first()
    top = survey.options.order_by("-value").first()
    example = [
        "P-000001",
        place.unit.code if place else "",
        *([forms[0].code] if forms else []),
        "",
        *(str(top.value) if top else "" for _ in questions),
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([header, example])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="phieu-{survey.code}.csv"'
    return response


@login_required
@require_GET
def import_progress(request: HttpRequest, job_uuid: uuid.UUID) -> HttpResponse:
    job = selectors.job_for(request.user, job_uuid)
    written = written_so_far(job)
    context = {
        "job": job,
        "survey": job.survey,
        "written": written,
        "checking": job.status == ImportStatus.CHECKING,
        "writing": job.status == ImportStatus.WRITING,
        "refresh": REFRESH_SECONDS if job.is_running else None,
    }
    return render(request, "surveys/import_progress.html", context)
