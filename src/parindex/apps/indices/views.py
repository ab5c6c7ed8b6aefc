"""Thin views of the indices pages that read: the overview, a unit's indices beside its
PAR INDEX, the province's indices, and the download of every result."""

from __future__ import annotations

import uuid
from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from parindex.apps.accounts import access
from parindex.apps.indices import importing, selectors
from parindex.apps.indices.models import IndexDefinition, IndexValue

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    units = selectors.viewable_units(request.user)
    context = {
        "definitions": IndexDefinition.objects.prefetch_related("components"),
        "groups": [(g, list(us)) for g, us in groupby(units, key=lambda u: u.group)],
        "manages": access.can_manage_indices(request.user),
    }
    return render(request, "indices/home.html", context)


@login_required
@require_GET
def unit(request: HttpRequest, unit_uuid: uuid.UUID) -> HttpResponse:
    found = selectors.unit_for_viewing(request.user, unit_uuid)
    page = selectors.unit_page(request.user, found)
    return render(request, "indices/page.html", {"page": page, "unit": found})


@login_required
@require_GET
def province(request: HttpRequest) -> HttpResponse:
    page = selectors.province_page(request.user)
    return render(request, "indices/page.html", {"page": page, "unit": None})


@login_required
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    if not access.can_manage_indices(request.user):
        raise PermissionDenied
    values = IndexValue.objects.select_related("definition", "unit").prefetch_related(
        "parts__component"
    )
    data = importing.values_export(list(values), fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"chi-so.{fmt}")
    return response
