"""Thin views that write results and targets: record (or correct) a yearly result with its
components, delete one, set and delete targets."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.indices import services
from parindex.apps.indices.forms import TargetForm, ValueForm, value_initial
from parindex.apps.indices.models import (
    IndexDefinition,
    IndexTarget,
    IndexValue,
    Scope,
)
from parindex.apps.indices.selectors import active_components

RECORDED = _("Đã ghi kết quả {code} năm {year} ({where}).")
DELETED = _("Đã xóa kết quả {code} năm {year} ({where}).")
TARGET_SET = _("Đã đặt mục tiêu {code} năm {year} ({where}).")
TARGET_DELETED = _("Đã xóa mục tiêu {code} năm {year} ({where}).")
PROVINCE = _("cấp tỉnh")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _where(unit: Unit | None) -> str:
    return unit.name if unit is not None else str(PROVINCE)


def _page_of(unit: Unit | None) -> str:
    if unit is None:
        return reverse("indices:province")
    return reverse("indices:unit", args=[unit.uuid])


def _back(unit: Unit | None) -> HttpResponse:
    return redirect(_page_of(unit))


def put_errors(form: Any, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# --- results -----------------------------------------------------------------------------


def recordable_units(user: User, definition: IndexDefinition) -> QuerySet[Unit]:
    """The units whose results of ``definition`` the user may record."""
    if not definition.for_units:
        return Unit.objects.none()
    if access.is_secretariat(user):
        return Unit.objects.filter(is_active=True).select_related("group")
    if not definition.unit_may_record:
        return Unit.objects.none()
    led = [u.pk for u in access.units_of(user) if access.is_unit_leader(user, u)]
    return Unit.objects.filter(pk__in=led)


def _initial(request: HttpRequest, definition: IndexDefinition, components: Any) -> Any:
    """What the form starts with: ``?nam=`` and ``?don_vi=``, or the stored result."""
    year = request.GET.get("nam", "")
    unit_id = request.GET.get("don_vi", "")
    initial: dict[str, Any] = {"year": year} if year.isdigit() else {}
    try:
        unit = Unit.objects.filter(uuid=uuid.UUID(unit_id)).first() if unit_id else None
    except ValueError:
        unit = None
    if unit is not None:
        initial["unit"] = unit.uuid
    if year.isdigit():
        stored = IndexValue.objects.filter(definition=definition, year=int(year), unit=unit)
        found = stored.prefetch_related("parts").first()
        if found is not None:
            return value_initial(found, components), found
    return initial, None


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, definition_uuid: uuid.UUID) -> HttpResponse:
    definition = get_object_or_404(IndexDefinition, uuid=definition_uuid, is_active=True)
    if definition.computed:
        raise Http404
    user = _user(request)
    units = recordable_units(user, definition)
    province_allowed = definition.for_province and access.is_secretariat(user)
    if not province_allowed and not units.exists():
        raise PermissionDenied
    components = active_components(definition)

    def make(data: Any = None, initial: Any = None) -> ValueForm:
        return ValueForm(
            data,
            initial=initial,
            definition=definition,
            units=units,
            components=components,
            province_allowed=province_allowed,
        )

    stored = None
    if request.method == "POST":
        form = make(request.POST)
        if form.is_valid():
            saved = _save_value(request, form)
            if saved is not None:
                return saved
    else:
        initial, stored = _initial(request, definition, components)
        form = make(initial=initial)
    context = {"definition": definition, "form": form, "stored": stored}
    status = 400 if form.is_bound else 200
    return render(request, "indices/record.html", context, status=status)


def _save_value(request: HttpRequest, form: ValueForm) -> HttpResponse | None:
    data = form.cleaned_data
    unit = data.get("unit")
    try:
        services.value_record(
            actor=_user(request),
            definition=form.definition,
            year=data["year"],
            unit=unit,
            score=data["score"],
            rank=data["rank"],
            rank_of=data["rank_of"],
            note=data["note"],
            parts=form.parts(),
        )
    except ValidationError as error:
        put_errors(form, error)
        return None
    text = str(RECORDED).format(code=form.definition.code, year=data["year"], where=_where(unit))
    messages.success(request, text)
    return _back(unit)


@login_required
@require_http_methods(["GET", "POST"])
def value_delete(request: HttpRequest, value_uuid: uuid.UUID) -> HttpResponse:
    """GET asks to confirm (what is deleted, shown in full); POST deletes."""
    value = get_object_or_404(
        IndexValue.objects.select_related("definition", "unit"), uuid=value_uuid
    )
    user = _user(request)
    if not access.can_record_index(user, value.definition, value.unit):
        raise PermissionDenied
    if request.method == "GET":
        context = {"value": value, "where": _where(value.unit), "back": _page_of(value.unit)}
        return render(request, "indices/value_delete.html", context)
    services.value_delete(actor=user, value=value)
    text = str(DELETED).format(
        code=value.definition.code, year=value.year, where=_where(value.unit)
    )
    messages.success(request, text)
    return _back(value.unit)


# --- targets -----------------------------------------------------------------------------


def target_definitions(unit: Unit | None) -> QuerySet[IndexDefinition]:
    if unit is None:
        scopes = [Scope.PROVINCE, Scope.BOTH]
        return IndexDefinition.objects.filter(is_active=True, scope__in=scopes, computed=False)
    return IndexDefinition.objects.filter(is_active=True, scope__in=[Scope.UNIT, Scope.BOTH])


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request: HttpRequest, unit_uuid: uuid.UUID | None = None) -> HttpResponse:
    unit = get_object_or_404(Unit, uuid=unit_uuid) if unit_uuid is not None else None
    user = _user(request)
    if not access.can_set_index_target(user, unit):
        raise PermissionDenied
    definitions = target_definitions(unit)
    if request.method == "POST":
        form = TargetForm(request.POST, definitions=definitions)
        if form.is_valid():
            saved = _save_target(request, form, unit)
            if saved is not None:
                return saved
    else:
        initial = {
            k: request.GET[v]
            for k, v in (("definition", "chi_so"), ("year", "nam"))
            if request.GET.get(v)
        }
        form = TargetForm(initial=initial, definitions=definitions)
    context = {"form": form, "unit": unit}
    return render(request, "indices/target.html", context, status=400 if form.is_bound else 200)


def _save_target(request: HttpRequest, form: TargetForm, unit: Unit | None) -> HttpResponse | None:
    data = form.cleaned_data
    try:
        services.target_create(
            actor=_user(request),
            definition=data["definition"],
            year=data["year"],
            unit=unit,
            goal=data["goal"],
            amount=data["amount"],
            component=data["component"],
            note=data["note"],
        )
    except ValidationError as error:
        put_errors(form, error)
        return None
    code = data["definition"].code
    messages.success(
        request, str(TARGET_SET).format(code=code, year=data["year"], where=_where(unit))
    )
    return _back(unit)


@login_required
@require_POST
def target_delete(request: HttpRequest, target_uuid: uuid.UUID) -> HttpResponse:
    target = get_object_or_404(
        IndexTarget.objects.select_related("definition", "unit"), uuid=target_uuid
    )
    user = _user(request)
    if not access.can_set_index_target(user, target.unit):
        raise PermissionDenied
    services.target_delete(actor=user, target=target)
    text = str(TARGET_DELETED).format(
        code=target.definition.code, year=target.year, where=_where(target.unit)
    )
    messages.success(request, text)
    return _back(target.unit)
