"""Thin views of the what-if planner: the units one may plan for, and a unit's planner
(its gains, and the smallest set of them that meets a target)."""

from __future__ import annotations

import uuid
from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from parindex.apps.accounts import access
from parindex.apps.frameworks.rule_words import KIND_LABELS
from parindex.apps.planner import selectors
from parindex.apps.planner.forms import TargetForm
from parindex.apps.planner.outcome import describe
from parindex.planning.whatif import TargetKind, choose

DEFAULT_TARGET = {"muc_tieu": TargetKind.RISE.value, "gia_tri": "1", "ca_thuong_tru": True}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    units = selectors.plannable_units(request.user)
    if len(units) == 1 and not access.can_oversee(request.user):
        return redirect("planner:unit", unit_uuid=units[0].uuid)
    groups = [(g, list(us)) for g, us in groupby(units, key=lambda u: u.group)]
    return render(request, "planner/home.html", {"groups": groups})


@login_required
@require_GET
def unit(request: HttpRequest, unit_uuid: uuid.UUID) -> HttpResponse:
    found = selectors.unit_for_planning(request.user, unit_uuid)
    page = selectors.planner_page(found)
    size = page.plan.size if page.plan else 1
    asked = "muc_tieu" in request.GET
    form = TargetForm(request.GET if asked else None, size=size, initial=DEFAULT_TARGET)
    choice = summary = None
    if page.plan is not None and asked and form.is_valid():
        choice = choose(page.plan, form.target(), extras=form.extras)
        summary = describe(choice, page.plan)
    context = {
        "page": page,
        "unit": found,
        "form": form,
        "choice": choice,
        "chosen": {g.code for g in choice.gains} if choice else set(),
        "summary": summary,
        "rule_labels": KIND_LABELS,
    }
    return render(request, "planner/unit.html", context, status=400 if form.errors else 200)
