"""Thin views of the criteria-set pages: the list, a set's tree, import, publication,
copies, code mappings and downloads. Node editing is in :mod:`.views_nodes`."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from parindex.apps.accounts.models import User
from parindex.apps.frameworks import selectors, services
from parindex.apps.frameworks.conversion import to_engine
from parindex.apps.frameworks.forms import (
    BandsForm,
    CopyForm,
    CriteriaImportForm,
    MappingForm,
    SetForm,
    UnitsImportForm,
)
from parindex.apps.frameworks.models import CriteriaSet
from parindex.apps.frameworks.uploads import CONTENT_TYPES, criteria_download, stored_upload
from parindex.interchange import ImportFailed, Problem

IMPORTED = _("Đã nhập bộ tiêu chí «{code}» ({count} tiêu chí) dưới dạng dự thảo.")
SAVED = _("Đã lưu thay đổi.")
PUBLISHED = _("Đã ban hành bộ tiêu chí «{code}»; từ nay bộ tiêu chí chỉ được xem.")
COPIED = _("Đã sao chép thành bộ tiêu chí dự thảo «{code}» năm {year}.")
DELETED = _("Đã xóa bộ tiêu chí dự thảo «{code}».")

View = Callable[..., HttpResponse]


def actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # every view here requires a signed-in user
    return user


def refuses_read_only(view: View) -> View:
    """Answers 403 with an explanation when a view is asked to change a published set."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except services.SetReadOnly as refused:
            context = {"criteria_set": refused.criteria_set, "message": services.READ_ONLY}
            return render(request, "frameworks/read_only.html", context, status=403)

    return wrapper


def draft_for_managing(request: HttpRequest, set_uuid: uuid.UUID) -> CriteriaSet:
    criteria_set = selectors.set_for_managing(request.user, set_uuid)
    if criteria_set.is_published:
        raise services.SetReadOnly(criteria_set)
    return criteria_set


def put_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's errors next to the form's fields (others above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def to_detail(criteria_set: CriteriaSet) -> HttpResponse:
    return redirect("frameworks:detail", set_uuid=criteria_set.uuid)


# --- list, tree, downloads ------------------------------------------------------------


@login_required
@require_GET
def set_list(request: HttpRequest) -> HttpResponse:
    sets = selectors.criteria_sets_for(request.user)
    return render(request, "frameworks/list.html", {"sets": sets})


@login_required
@require_GET
def set_detail(request: HttpRequest, set_uuid: uuid.UUID) -> HttpResponse:
    criteria_set = selectors.set_for_viewing(request.user, set_uuid)
    manages = selectors.may_manage(request.user)
    rows = selectors.tree_rows(criteria_set)
    context = {
        "criteria_set": criteria_set,
        "rows": rows,
        "total": selectors.tree_total(rows),
        "groups": list(criteria_set.groups.all()),
        "bands": list(criteria_set.bands.all()),
        "manages": manages,
        "editable": manages and not criteria_set.is_published,
        "partners": selectors.mapping_partners(criteria_set) if manages else [],
        "others": selectors.other_sets(criteria_set) if manages else [],
    }
    return render(request, "frameworks/detail.html", context)


@login_required
@require_GET
def set_export(request: HttpRequest, set_uuid: uuid.UUID, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    criteria_set = selectors.set_for_viewing(request.user, set_uuid)
    return criteria_download(to_engine(criteria_set), fmt)


# --- import ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def set_import(request: HttpRequest) -> HttpResponse:
    if not selectors.may_manage(request.user):
        raise PermissionDenied
    form = CriteriaImportForm(request.POST or None, request.FILES or None)
    problems: tuple[Problem, ...] = ()
    if request.method == "POST" and form.is_valid():
        try:
            with stored_upload(form.cleaned_data["file"]) as path:
                criteria_set = services.criteria_set_import(actor=actor(request), path=path)
        except ImportFailed as failed:
            problems = failed.problems
        else:
            count = criteria_set.nodes.count()
            messages.success(request, str(IMPORTED).format(code=criteria_set.code, count=count))
            return to_detail(criteria_set)
    return render(request, "frameworks/import.html", {"form": form, "problems": problems})


@login_required
@require_http_methods(["GET", "POST"])
def units_import(request: HttpRequest) -> HttpResponse:
    if not selectors.may_manage(request.user):
        raise PermissionDenied
    form = UnitsImportForm(request.POST or None, request.FILES or None)
    problems: tuple[Problem, ...] = ()
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            with stored_upload(form.cleaned_data["file"]) as path:
                result = services.units_import(
                    actor=actor(request), path=path, criteria_set=form.cleaned_data["criteria_set"]
                )
        except ImportFailed as failed:
            problems = failed.problems
        else:
            form = UnitsImportForm()
    context = {"form": form, "problems": problems, "result": result}
    return render(request, "frameworks/import_units.html", context)


# --- set metadata, bands, publication, deletion ---------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@refuses_read_only
def set_edit(request: HttpRequest, set_uuid: uuid.UUID) -> HttpResponse:
    criteria_set = draft_for_managing(request, set_uuid)
    form = SetForm(request.POST or None, initial=SetForm.initial_of(criteria_set))
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_set_update(
                actor=actor(request), criteria_set=criteria_set, values=form.values()
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, str(SAVED))
            return to_detail(criteria_set)
    return render(request, "frameworks/set_form.html", {"form": form, "criteria_set": criteria_set})


@login_required
@require_http_methods(["GET", "POST"])
@refuses_read_only
def set_bands(request: HttpRequest, set_uuid: uuid.UUID) -> HttpResponse:
    criteria_set = draft_for_managing(request, set_uuid)
    form = BandsForm(request.POST or None, initial={"bands": BandsForm.text_of(criteria_set)})
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_set_bands_update(
                actor=actor(request), criteria_set=criteria_set, bands=form.cleaned_data["bands"]
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, str(SAVED))
            return to_detail(criteria_set)
    return render(request, "frameworks/bands.html", {"form": form, "criteria_set": criteria_set})


@login_required
@require_http_methods(["GET", "POST"])
@refuses_read_only
def set_publish(request: HttpRequest, set_uuid: uuid.UUID) -> HttpResponse:
    criteria_set = draft_for_managing(request, set_uuid)
    if request.method == "POST":
        try:
            services.criteria_set_publish(actor=actor(request), criteria_set=criteria_set)
        except services.PublishRefused as refused:
            problems = list(refused.problems)
        else:
            messages.success(request, str(PUBLISHED).format(code=criteria_set.code))
            return to_detail(criteria_set)
    else:
        problems = selectors.publish_problems(criteria_set)
    context = {"criteria_set": criteria_set, "problems": problems}
    return render(request, "frameworks/publish.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refuses_read_only
def set_delete(request: HttpRequest, set_uuid: uuid.UUID) -> HttpResponse:
    criteria_set = draft_for_managing(request, set_uuid)
    error = None
    if request.method == "POST":
        try:
            services.criteria_set_delete(actor=actor(request), criteria_set=criteria_set)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, str(DELETED).format(code=criteria_set.code))
            return redirect("frameworks:list")
    context = {"criteria_set": criteria_set, "error": error}
    return render(request, "frameworks/delete.html", context)


# --- copies and code mappings ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def set_copy(request: HttpRequest, set_uuid: uuid.UUID) -> HttpResponse:
    source = selectors.set_for_managing(request.user, set_uuid)
    form = CopyForm(request.POST or None, initial=CopyForm.initial_of(source))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copy = services.criteria_set_copy(
                actor=actor(request),
                source=source,
                code=data["code"].strip(),
                name=data["name"].strip(),
                year=data["year"],
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, str(COPIED).format(code=copy.code, year=copy.year))
            return to_detail(copy)
    return render(request, "frameworks/copy.html", {"form": form, "source": source})


@login_required
@require_http_methods(["GET", "POST"])
@refuses_read_only
def mapping_edit(request: HttpRequest, set_uuid: uuid.UUID, from_uuid: uuid.UUID) -> HttpResponse:
    """The codes of ``from_uuid``'s set matched to the codes of ``set_uuid``'s set."""
    to_set = selectors.set_for_managing(request.user, set_uuid)
    from_set = selectors.set_for_managing(request.user, from_uuid)
    if from_set.pk == to_set.pk:
        raise Http404
    rows = selectors.mapping_rows(from_set, to_set)
    form = MappingForm(request.POST or None, rows=rows)
    if request.method == "POST":
        if to_set.is_published:
            raise services.SetReadOnly(to_set)
        if form.is_valid():
            try:
                services.code_mapping_update(
                    actor=actor(request), from_set=from_set, to_set=to_set, pairs=form.pairs()
                )
            except ValidationError as error:
                form.put_errors(error.message_dict)
            else:
                messages.success(request, str(SAVED))
                return redirect("frameworks:mapping", set_uuid=set_uuid, from_uuid=from_uuid)
    context = {
        "form": form,
        "rows": [(row, form.bound(row.node.code)) for row in rows],
        "from_set": from_set,
        "to_set": to_set,
        "to_codes": list(to_set.nodes.order_by("position").values_list("code", flat=True)),
    }
    return render(request, "frameworks/mapping.html", context)
