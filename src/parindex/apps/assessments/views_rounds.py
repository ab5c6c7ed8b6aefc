"""Rounds pages of the secretariat: list, create, dates, extensions, opening, appraisal."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.assessments import selectors_rounds, services_rounds
from parindex.apps.assessments.deadlines import round_banner, show_datetime, unit_deadline
from parindex.apps.assessments.forms_rounds import ExtensionForm, RoundDatesForm, RoundForm
from parindex.apps.assessments.models import Round, RoundStatus

CREATED = _("Đã tạo đợt đánh giá «{name}» với {count} đơn vị.")
DATES_SAVED = _("Đã lưu thời hạn của đợt đánh giá.")
OPENED = _("Đã mở tự đánh giá; các đơn vị đã có thể chấm điểm.")
APPRAISAL_STARTED = _("Đã bắt đầu thẩm định; các đơn vị không thể sửa hay rút lại nữa.")
EXTENDED = _("Đã gia hạn tự đánh giá cho {unit} đến {date}.")
EXTENSION_REMOVED = _("Đã bỏ gia hạn của {unit}.")


def _secretariat(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not access.is_secretariat(user):
        raise PermissionDenied
    return user


@login_required
@require_GET
def rounds(request: HttpRequest) -> HttpResponse:
    user = _secretariat(request)
    return render(
        request, "assessments/rounds/list.html", {"rounds": selectors_rounds.rounds_for(user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    user = _secretariat(request)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services_rounds.round_create(
                actor=user,
                name=data["name"],
                year=data["year"],
                criteria_set=data["criteria_set"],
                self_assessment_opens=data["self_assessment_opens"],
                self_assessment_deadline=data["self_assessment_deadline"],
                appraisal_deadline=data["appraisal_deadline"],
                units=data["units"],
            )
        except services_rounds.RoundRefused as refused:
            form.add_error(None, refused.message)
        else:
            count = round_.participations.count()
            messages.success(request, str(CREATED).format(name=round_.name, count=count))
            return redirect("assessments:round_detail", round_id=round_.uuid)
    return render(request, "assessments/rounds/create.html", {"form": form})


def _detail(request: HttpRequest, round_: Round, dates_form: RoundDatesForm) -> HttpResponse:
    participations = selectors_rounds.participations_of(round_)
    context: dict[str, Any] = {
        "round": round_,
        "participations": [(p, unit_deadline(p)) for p in participations],
        "dates_form": dates_form,
        "banner": round_banner(round_),
        "can_open": round_.status == RoundStatus.PREPARING,
        "can_start_appraisal": round_.status == RoundStatus.SELF_ASSESSMENT,
        "can_extend": round_.status in (RoundStatus.PREPARING, RoundStatus.SELF_ASSESSMENT),
    }
    return render(request, "assessments/rounds/detail.html", context)


def _dates_form(round_: Round) -> RoundDatesForm:
    return RoundDatesForm(
        initial={
            "self_assessment_opens": round_.self_assessment_opens,
            "self_assessment_deadline": round_.self_assessment_deadline,
            "appraisal_deadline": round_.appraisal_deadline,
        }
    )


@login_required
@require_GET
def round_detail(request: HttpRequest, round_id: uuid.UUID) -> HttpResponse:
    user = _secretariat(request)
    round_ = selectors_rounds.round_for(user, round_id)
    return _detail(request, round_, _dates_form(round_))


@login_required
@require_POST
def round_dates(request: HttpRequest, round_id: uuid.UUID) -> HttpResponse:
    user = _secretariat(request)
    round_ = selectors_rounds.round_for(user, round_id)
    form = RoundDatesForm(request.POST)
    if not form.is_valid():
        return _detail(request, round_, form)
    data = form.cleaned_data
    try:
        services_rounds.round_update_dates(
            actor=user,
            round_=round_,
            self_assessment_opens=data["self_assessment_opens"],
            self_assessment_deadline=data["self_assessment_deadline"],
            appraisal_deadline=data["appraisal_deadline"],
            reason=data["reason"],
        )
    except services_rounds.RoundRefused as refused:
        form.add_error(None, refused.message)
        return _detail(request, round_, form)
    messages.success(request, str(DATES_SAVED))
    return redirect("assessments:round_detail", round_id=round_.uuid)


def _transition(request: HttpRequest, round_id: uuid.UUID, *, opening: bool) -> HttpResponse:
    user = _secretariat(request)
    round_ = selectors_rounds.round_for(user, round_id)
    try:
        if opening:
            services_rounds.round_open_self_assessment(actor=user, round_=round_)
        else:
            services_rounds.round_start_appraisal(actor=user, round_=round_)
    except services_rounds.RoundRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, str(OPENED if opening else APPRAISAL_STARTED))
    return redirect("assessments:round_detail", round_id=round_.uuid)


@login_required
@require_POST
def round_open(request: HttpRequest, round_id: uuid.UUID) -> HttpResponse:
    return _transition(request, round_id, opening=True)


@login_required
@require_POST
def round_start_appraisal(request: HttpRequest, round_id: uuid.UUID) -> HttpResponse:
    return _transition(request, round_id, opening=False)


@login_required
@require_http_methods(["GET", "POST"])
def round_extension(
    request: HttpRequest, round_id: uuid.UUID, participation_id: uuid.UUID
) -> HttpResponse:
    user = _secretariat(request)
    round_ = selectors_rounds.round_for(user, round_id)
    participation = selectors_rounds.participation_of(round_, participation_id)
    initial = {"until": participation.deadline_extension}
    form = ExtensionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        until = form.cleaned_data["until"]
        try:
            services_rounds.participation_extend(
                actor=user,
                participation=participation,
                until=until,
                reason=form.cleaned_data["reason"],
            )
        except services_rounds.RoundRefused as refused:
            form.add_error(None, refused.message)
        else:
            unit = participation.unit.name
            if until is None:
                messages.success(request, str(EXTENSION_REMOVED).format(unit=unit))
            else:
                shown = show_datetime(until)
                messages.success(request, str(EXTENDED).format(unit=unit, date=shown))
            return redirect("assessments:round_detail", round_id=round_.uuid)
    context = {"round": round_, "participation": participation, "form": form}
    return render(request, "assessments/rounds/extension.html", context)
