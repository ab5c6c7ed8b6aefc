"""Thin views of the secretariat: index definitions and their components, and the import
of results from a CSV or XLSX file."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.frameworks.uploads import stored_upload
from parindex.apps.indices import importing, services
from parindex.apps.indices.forms import ComponentForm, DefinitionForm, ImportForm
from parindex.apps.indices.models import IndexComponent, IndexDefinition
from parindex.apps.indices.views_record import put_errors
from parindex.interchange import ImportFailed

DEFINITION_SAVED = _("Đã lưu chỉ số {code}.")
COMPONENT_SAVED = _("Đã lưu thành phần «{name}» của chỉ số {code}.")
IMPORTED = _("Đã nhập {count} kết quả từ tệp {name}.")


def _manager(request: HttpRequest) -> User:
    user = request.user
    if not access.can_manage_indices(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def _fields(form: Any) -> dict[str, Any]:
    """The model fields of a valid form (a disabled field keeps its stored value)."""
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@login_required
@require_GET
def definitions(request: HttpRequest) -> HttpResponse:
    _manager(request)
    found = IndexDefinition.objects.prefetch_related("components")
    return render(request, "indices/definitions.html", {"definitions": found})


@login_required
@require_http_methods(["GET", "POST"])
def definition_create(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    form = DefinitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.definition_create(actor=user, **_fields(form))
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, str(DEFINITION_SAVED).format(code=created.code))
            return redirect("indices:definition", definition_uuid=created.uuid)
    status = 400 if form.is_bound else 200
    return render(request, "indices/definition_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def definition(request: HttpRequest, definition_uuid: uuid.UUID) -> HttpResponse:
    user = _manager(request)
    found = get_object_or_404(IndexDefinition, uuid=definition_uuid)
    form = DefinitionForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.definition_update(actor=user, definition=found, **_fields(form))
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, str(DEFINITION_SAVED).format(code=found.code))
            return redirect("indices:definition", definition_uuid=found.uuid)
    context = {
        "definition": found,
        "form": form,
        "components": found.components.all(),
        "component_form": ComponentForm(definition=found),
    }
    status = 400 if form.is_bound else 200
    return render(request, "indices/definition_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def component_create(request: HttpRequest, definition_uuid: uuid.UUID) -> HttpResponse:
    user = _manager(request)
    parent = get_object_or_404(IndexDefinition, uuid=definition_uuid)
    form = ComponentForm(request.POST or None, definition=parent)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.component_create(actor=user, definition=parent, **_fields(form))
        except ValidationError as error:
            put_errors(form, error)
        else:
            text = str(COMPONENT_SAVED).format(name=made.name, code=parent.code)
            messages.success(request, text)
            return redirect("indices:definition", definition_uuid=parent.uuid)
    context = {"definition": parent, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "indices/component_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def component(request: HttpRequest, component_uuid: uuid.UUID) -> HttpResponse:
    user = _manager(request)
    found = get_object_or_404(
        IndexComponent.objects.select_related("definition"), uuid=component_uuid
    )
    parent = found.definition
    form = ComponentForm(request.POST or None, instance=found, definition=parent)
    if request.method == "POST" and form.is_valid():
        try:
            services.component_update(actor=user, component=found, **_fields(form))
        except ValidationError as error:
            put_errors(form, error)
        else:
            text = str(COMPONENT_SAVED).format(name=found.name, code=parent.code)
            messages.success(request, text)
            return redirect("indices:definition", definition_uuid=parent.uuid)
    context = {"definition": parent, "form": form, "component": found}
    status = 400 if form.is_bound else 200
    return render(request, "indices/component_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_values(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with stored_upload(upload) as path:
                count = importing.values_import(actor=user, path=path)
        except ImportFailed as failed:
            problems = list(failed.problems)
        else:
            messages.success(request, str(IMPORTED).format(count=count, name=path.name))
            return redirect("indices:home")
    context = {"form": form, "problems": problems, "columns": importing.COLUMNS}
    status = 400 if form.is_bound else 200
    return render(request, "indices/import.html", context, status=status)
