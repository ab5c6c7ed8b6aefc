"""Units and unit groups, for the secretariat: list, create, edit."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from parindex.apps.accounts import selectors, services
from parindex.apps.accounts.forms import UnitForm, UnitGroupForm
from parindex.apps.accounts.models import Unit, UnitGroup
from parindex.apps.accounts.views.guards import acting_user, secretariat_only

UNIT_SAVED = _("Đã lưu đơn vị %(name)s.")
GROUP_SAVED = _("Đã lưu nhóm đơn vị %(name)s.")


def _data(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _form_page(request: HttpRequest, form: UnitForm | UnitGroupForm, *, kind: str) -> HttpResponse:
    template = "accounts/unit_form.html" if kind == "unit" else "accounts/group_form.html"
    return render(request, template, {"form": form, "editing": form.instance.pk is not None})


@require_GET
@secretariat_only
def units(request: HttpRequest) -> HttpResponse:
    groups = selectors.units_by_group(actor=request.user)
    return render(request, "accounts/units.html", {"groups": groups})


def _save_unit(request: HttpRequest, form: UnitForm, unit: Unit | None) -> HttpResponse:
    actor = acting_user(request)
    values = {
        key: form.cleaned_data[key] for key in ("code", "name", "group", "parent", "is_active")
    }
    try:
        if unit is None:
            saved = services.unit_create(actor=actor, **values)
        else:
            saved = services.unit_update(actor=actor, unit=unit, **values)
    except ValidationError as error:
        form.add_error(None, error)
        return _form_page(request, form, kind="unit")
    messages.success(request, UNIT_SAVED % {"name": saved.name})
    return redirect("accounts:units")


@require_http_methods(["GET", "POST"])
@secretariat_only
def unit_create(request: HttpRequest) -> HttpResponse:
    form = UnitForm(_data(request))
    if form.is_valid():
        return _save_unit(request, form, None)
    return _form_page(request, form, kind="unit")


@require_http_methods(["GET", "POST"])
@secretariat_only
def unit_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    unit = selectors.unit(actor=request.user, uuid=uuid)
    form = UnitForm(_data(request), instance=unit)
    if form.is_valid():
        return _save_unit(request, form, unit)
    return _form_page(request, form, kind="unit")


def _save_group(request: HttpRequest, form: UnitGroupForm, group: UnitGroup | None) -> HttpResponse:
    actor = acting_user(request)
    values = {key: form.cleaned_data[key] for key in ("code", "name", "position")}
    try:
        if group is None:
            saved = services.unit_group_create(actor=actor, **values)
        else:
            saved = services.unit_group_update(actor=actor, group=group, **values)
    except ValidationError as error:
        form.add_error(None, error)
        return _form_page(request, form, kind="group")
    messages.success(request, GROUP_SAVED % {"name": saved.name})
    return redirect("accounts:units")


@require_http_methods(["GET", "POST"])
@secretariat_only
def group_create(request: HttpRequest) -> HttpResponse:
    form = UnitGroupForm(_data(request))
    if form.is_valid():
        return _save_group(request, form, None)
    return _form_page(request, form, kind="group")


@require_http_methods(["GET", "POST"])
@secretariat_only
def group_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    group = selectors.unit_group(actor=request.user, uuid=uuid)
    form = UnitGroupForm(_data(request), instance=group)
    if form.is_valid():
        return _save_group(request, form, group)
    return _form_page(request, form, kind="group")
