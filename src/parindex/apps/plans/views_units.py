"""A unit's offices and who answers for each criterion (managed by the unit's leader; read
by its people, the secretariat and the council)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit
from parindex.apps.frameworks.models import CriteriaSet
from parindex.apps.plans import selectors_assign, services_assign
from parindex.apps.plans.forms import AssignmentsForm, OfficeEditForm, OfficeForm
from parindex.apps.plans.refusals import Refused
from parindex.apps.plans.views_plans import user_of
from parindex.apps.plans.years import sets_for

SET_PARAMETER = "bo"


def _offices_page(
    request: HttpRequest, unit: Unit, form: OfficeForm, status: int = 200
) -> HttpResponse:
    user = user_of(request)
    rows = [
        (office, OfficeEditForm(initial={"name": office.name, "is_active": office.is_active}))
        for office in selectors_assign.offices(unit)
    ]
    context = {
        "unit": unit,
        "rows": rows,
        "form": form,
        "leader": access.can_manage_unit_plans(user, unit),
        "officials": selectors_assign.officials(unit),
    }
    return render(request, "plans/offices.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def offices(request: HttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    unit = selectors_assign.unit_for(user, unit_id)
    if request.method == "GET":
        return _offices_page(request, unit, OfficeForm())
    if not access.can_manage_unit_plans(user, unit):
        raise PermissionDenied(str(services_assign.NOT_LEADER))
    form = OfficeForm(request.POST)
    if not form.is_valid():
        return _offices_page(request, unit, form, status=422)
    try:
        office = services_assign.office_create(
            actor=user, unit=unit, name=form.cleaned_data["name"]
        )
    except Refused as refused:
        form.add_error("name", refused.message)
        return _offices_page(request, unit, form, status=409)
    messages.success(request, str(services_assign.OFFICE_CREATED).format(name=office.name))
    return redirect("plans:offices", unit_id=unit.uuid)


@login_required
@require_POST
def office_edit(request: HttpRequest, office_id: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    office = selectors_assign.office_for(user, office_id)
    if not access.can_manage_unit_plans(user, office.unit):
        raise PermissionDenied(str(services_assign.NOT_LEADER))
    form = OfficeEditForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(services_assign.OFFICE_NAME_EMPTY))
        return redirect("plans:offices", unit_id=office.unit.uuid)
    data = form.cleaned_data
    try:
        services_assign.office_update(
            actor=user, office=office, name=data["name"], is_active=data["is_active"]
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, str(services_assign.OFFICE_UPDATED).format(name=office.name))
    return redirect("plans:offices", unit_id=office.unit.uuid)


def _chosen_set(request: HttpRequest, unit: Unit) -> tuple[CriteriaSet, list[CriteriaSet]]:
    sets = sets_for(unit)
    if not sets:
        raise Http404
    wanted = request.GET.get(SET_PARAMETER, "")
    if not wanted:
        return sets[0], sets
    found = next((s for s in sets if str(s.uuid) == wanted), None)
    if found is None:
        raise Http404
    return found, sets


def _assignment_form(unit: Unit, criteria_set: CriteriaSet, data: Any = None) -> Any:
    tree, year = selectors_assign.assignment_tree(unit, criteria_set)
    initial: dict[str, str] = {}
    for row in tree:
        if row.own is not None:
            office, official = row.own.office, row.own.official
            initial[f"office-{row.node.uuid}"] = str(office.uuid) if office else ""
            initial[f"official-{row.node.uuid}"] = str(official.uuid) if official else ""
    form = AssignmentsForm(
        data,
        nodes=[row.node for row in tree],
        offices=selectors_assign.offices(unit, active_only=True),
        officials=selectors_assign.officials(unit),
        initial=initial,
    )
    return tree, year, form


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request: HttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    user = user_of(request)
    unit = selectors_assign.unit_for(user, unit_id)
    criteria_set, sets = _chosen_set(request, unit)
    leader = access.can_manage_unit_plans(user, unit)
    tree, year, form = _assignment_form(unit, criteria_set, request.POST or None)
    status = 200
    if request.method == "POST":
        if not leader:
            raise PermissionDenied(str(services_assign.NOT_LEADER))
        if form.is_valid():
            try:
                count = services_assign.assignments_save(
                    actor=user, unit=unit, criteria_set=criteria_set, chosen=form.chosen()
                )
            except Refused as refused:
                messages.error(request, refused.message)
                status = 409
            else:
                done = (
                    services_assign.ASSIGNMENTS_SAVED if count else services_assign.NOTHING_CHANGED
                )
                messages.success(request, str(done).format(count=count))
                url = f"{request.path}?{SET_PARAMETER}={criteria_set.uuid}"
                return redirect(url)
        else:
            status = 422
    context = {
        "unit": unit,
        "criteria_set": criteria_set,
        "sets": sets,
        "rows": [
            (row, form[f"office-{row.node.uuid}"], form[f"official-{row.node.uuid}"])
            for row in tree
        ],
        "carried_from": year,
        "leader": leader,
        "form": form,
        "has_offices": bool(selectors_assign.offices(unit, active_only=True)),
    }
    return render(request, "plans/assignments.html", context, status=status)
