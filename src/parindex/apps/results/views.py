"""Pages of the secretariat (and, read-only, the council) on results: the rounds with their
result's state; compute, review, publish, verify, withdraw; the history import."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.assessments.models import Round, RoundStatus
from parindex.apps.frameworks.uploads import stored_upload
from parindex.apps.results import selectors, services
from parindex.apps.results.forms import HistoryForm, ReviewForm, WithdrawForm
from parindex.apps.results.models import HistoryImport, Result, ResultState
from parindex.apps.results.services_history import history_import
from parindex.apps.results.tables import stored_tables
from parindex.interchange import ImportFailed

COMPUTED = _("Đã tính kết quả; Tổ thư ký rà soát trước khi công bố.")
UNCHANGED = _("Dữ liệu không thay đổi từ lần tính trước; kết quả giữ nguyên.")
REVIEWED = _("Đã ghi nhận rà soát; kết quả có thể công bố.")
PUBLISHED = _("Đã công bố kết quả; trang kết quả công khai đã hiển thị.")
WITHDRAWN = _("Đã rút lại kết quả đã công bố.")
IMPORTED = _("Đã nhập {created} dòng mới, cập nhật {updated} dòng, {unchanged} dòng không đổi.")
TAMPERED = _(
    "Dữ liệu đã lưu của kết quả này không khớp mã băm; hãy kiểm tra lại kết quả và báo "
    "quản trị hệ thống."
)
JSON_TYPE = "application/json; charset=utf-8"


def _user(request: HttpRequest, allowed: Any) -> User:
    user = request.user
    if not isinstance(user, User) or not allowed(user):
        raise PermissionDenied
    return user


@login_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    user = _user(request, access.can_view_results)
    context = {
        "rounds": selectors.rounds_with_results(user),
        "may_manage": access.can_manage_results(user),
    }
    return render(request, "results/manage.html", context)


def _round_context(request: HttpRequest, user: User, round_: Round) -> dict[str, Any]:
    active = selectors.active_result(round_)
    tables, broken = None, False
    if active is not None:
        try:
            tables = stored_tables(active, selectors.round_result(active))
        except (selectors.ResultTampered, ValueError):
            broken = True
    closed = round_.status in (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF)
    may_manage = access.can_manage_results(user)
    state = active.state if active else None
    return {
        "round": round_,
        "result": active,
        "tables": tables,
        "broken": broken,
        "withdrawn": selectors.withdrawn_of(round_),
        "may_compute": may_manage and closed and state != ResultState.PUBLISHED,
        "may_review": may_manage and state == ResultState.COMPUTED,
        "may_publish": may_manage and state == ResultState.REVIEWED,
        "may_withdraw": access.can_withdraw_results(user) and state == ResultState.PUBLISHED,
        "review_form": ReviewForm(),
        "closed": closed,
    }


@login_required
@require_GET
def round_page(request: HttpRequest, round_id: uuid.UUID) -> HttpResponse:
    user = _user(request, access.can_view_results)
    round_ = selectors.round_for(user, round_id)
    if (context := _round_context(request, user, round_))["broken"]:
        messages.error(request, str(TAMPERED))
    return render(request, "results/round.html", context)


def _to_round(round_: Round) -> HttpResponse:
    return redirect("results:round", round_id=round_.uuid)


@login_required
@require_POST
def compute(request: HttpRequest, round_id: uuid.UUID) -> HttpResponse:
    user = _user(request, access.can_manage_results)
    round_ = selectors.round_for(user, round_id)
    try:
        _, changed = services.result_compute(actor=user, round_=round_)
    except services.ResultRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, str(COMPUTED if changed else UNCHANGED))
    return _to_round(round_)


@login_required
@require_POST
def review(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    user = _user(request, access.can_manage_results)
    result = selectors.result_for(user, result_id)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.result_review(actor=user, result=result, note=note)
    except services.ResultRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, str(REVIEWED))
    return _to_round(result.round)


@login_required
@require_POST
def publish(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    user = _user(request, access.can_manage_results)
    result = selectors.result_for(user, result_id)
    try:
        services.result_publish(actor=user, result=result)
    except services.ResultRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, str(PUBLISHED))
    return _to_round(result.round)


@login_required
@require_GET
def verify(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    user = _user(request, access.can_view_results)
    result = selectors.result_for(user, result_id)
    live = result.state != ResultState.WITHDRAWN
    context = {"result": result, "check": selectors.verify(result, live=live)}
    return render(request, "results/verify.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    user = _user(request, access.can_withdraw_results)
    result = selectors.result_for(user, result_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_withdraw(actor=user, result=result, reason=form.cleaned_data["reason"])
        except services.ResultRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, str(WITHDRAWN))
            return _to_round(result.round)
    return render(request, "results/withdraw.html", {"result": result, "form": form})


def _json_file(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type=JSON_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def file_stem(result: Result) -> str:
    return f"ket-qua-chi-so-cchc-{result.year}-{str(result.uuid)[:8]}"


@login_required
@require_GET
def inputs_file(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    """The frozen inputs exactly as stored: their SHA-256 is the one shown."""
    user = _user(request, access.can_view_results)
    result = selectors.result_for(user, result_id)
    return _json_file(result.inputs, f"du-lieu-dau-vao-{result.year}-{str(result.uuid)[:8]}.json")


@login_required
@require_GET
def results_file(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    user = _user(request, access.can_view_results)
    result = selectors.result_for(user, result_id)
    return _json_file(result.results, f"{file_stem(result)}.json")


def _history_page(request: HttpRequest, form: HistoryForm, problems: Any = ()) -> HttpResponse:
    context = {
        "form": form,
        "problems": problems,
        "batches": HistoryImport.objects.select_related("imported_by")[:20],
        "summary": selectors.history_summary(),
    }
    return render(request, "results/history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def history(request: HttpRequest) -> HttpResponse:
    user = _user(request, access.can_manage_results)
    form = HistoryForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _history_page(request, form)
    upload = form.cleaned_data["file"]
    with stored_upload(upload) as path:
        try:
            imported = history_import(actor=user, path=path, file_name=upload.name)
        except ImportFailed as failed:
            return _history_page(request, form, failed.problems)
    counts = {
        "created": imported.created,
        "updated": imported.updated,
        "unchanged": imported.unchanged,
    }
    messages.success(request, str(IMPORTED).format(**counts))
    return redirect("results:history")
