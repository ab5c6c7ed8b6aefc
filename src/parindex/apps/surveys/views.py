"""Thin views of the secretariat's survey pages: the list, a survey's settings, layout,
covered units, opening and closing, and the printable page of links and QR codes.
Imports are in :mod:`.views_import`, figures in :mod:`.views_results`, the public form
in :mod:`.views_public`."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.surveys import selectors, services
from parindex.apps.surveys.figures import required_sample
from parindex.apps.surveys.forms import LayoutForm, SurveyForm, UnitsForm
from parindex.apps.surveys.models import Survey
from parindex.apps.surveys.qr import qr_inline
from parindex.apps.surveys.tallies import coverage

CREATED = _("Đã tạo khảo sát «{code}» với bộ câu hỏi mẫu; hãy xem lại câu hỏi và chọn đơn vị.")
SAVED = _("Đã lưu thay đổi.")
OPENED = _("Khảo sát đã mở nhận phiếu.")
CLOSED = _("Khảo sát đã kết thúc; kết quả không còn thay đổi.")


def actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # every view here requires a signed-in user
    return user


def to_detail(survey: Survey) -> HttpResponse:
    return redirect("surveys:detail", survey_uuid=survey.uuid)


def public_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("surveys_public:ballot", args=[code]))


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.surveys_for(request.user)
    context = {"rows": rows, "may_manage": access.can_manage_surveys(request.user)}
    context["may_oversee"] = access.can_oversee(request.user)
    return render(request, "surveys/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not access.can_manage_surveys(user):
        raise PermissionDenied
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=user, values=form.values())
        except services.SurveyRefused as refused:
            form.add_error("code", refused.message)
        else:
            messages.success(request, str(CREATED).format(code=survey.code))
            return to_detail(survey)
    return render(request, "surveys/form.html", {"form": form, "survey": None})


@login_required
@require_GET
def survey_detail(request: HttpRequest, survey_uuid: uuid.UUID) -> HttpResponse:
    survey = selectors.survey_for_managing(request.user, survey_uuid)
    places = coverage(survey)
    counts = dict(survey.ballots.values_list("unit_id").annotate(n=Count("id")).order_by())
    rows = [
        (
            place,
            counts.get(place.unit_id, 0),
            required_sample(place.population, survey.margin),
            public_url(request, place.code),
        )
        for place in places
    ]
    context: dict[str, Any] = {
        "survey": survey,
        "layout": services.stored_layout(survey),
        "rows": rows,
        "ballots": sum(counts.values()),
        "imports": selectors.recent_imports(survey),
    }
    return render(request, "surveys/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, survey_uuid: uuid.UUID) -> HttpResponse:
    survey = selectors.survey_for_managing(request.user, survey_uuid)
    initial = services.survey_snapshot(survey)
    form = SurveyForm(request.POST or None, initial=initial)
    if not survey.is_draft:
        form.fields["code"].disabled = form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=actor(request), survey=survey, values=form.values())
        except services.SurveyRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, str(SAVED))
            return to_detail(survey)
    return render(request, "surveys/form.html", {"form": form, "survey": survey})


@login_required
@require_http_methods(["GET", "POST"])
def survey_layout(request: HttpRequest, survey_uuid: uuid.UUID) -> HttpResponse:
    survey = selectors.survey_for_managing(request.user, survey_uuid)
    initial = LayoutForm.initial_of(services.stored_layout(survey))
    form = LayoutForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.survey_layout_set(
                    actor=actor(request), survey=survey, layout=form.layout()
                )
            except services.SurveyRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, str(SAVED))
                return to_detail(survey)
        status = 422 if form.errors else 200
    return render(request, "surveys/layout.html", {"form": form, "survey": survey}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def survey_units(request: HttpRequest, survey_uuid: uuid.UUID) -> HttpResponse:
    survey = selectors.survey_for_managing(request.user, survey_uuid)
    units = Unit.objects.filter(is_active=True).select_related("group")
    form = UnitsForm(request.POST or None, units=list(units), covered=coverage(survey))
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_units_set(actor=actor(request), survey=survey, covered=form.covered())
        except services.SurveyRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, str(SAVED))
            return to_detail(survey)
    return render(request, "surveys/units.html", {"form": form, "survey": survey})


@login_required
@require_POST
def survey_open(request: HttpRequest, survey_uuid: uuid.UUID) -> HttpResponse:
    survey = selectors.survey_for_managing(request.user, survey_uuid)
    try:
        services.survey_open(actor=actor(request), survey=survey)
    except services.SurveyRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, str(OPENED))
    return to_detail(survey)


@login_required
@require_POST
def survey_close(request: HttpRequest, survey_uuid: uuid.UUID) -> HttpResponse:
    survey = selectors.survey_for_managing(request.user, survey_uuid)
    try:
        services.survey_close(actor=actor(request), survey=survey)
    except services.SurveyRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, str(CLOSED))
    return to_detail(survey)


@login_required
@require_GET
def survey_links(request: HttpRequest, survey_uuid: uuid.UUID) -> HttpResponse:
    """A printable page: every covered unit's short link and QR code."""
    survey = selectors.survey_for_managing(request.user, survey_uuid)
    cards = []
    for place in coverage(survey):
        url = public_url(request, place.code)
        cards.append((place, url, qr_inline(url, title=place.unit.name)))
    return render(request, "surveys/links.html", {"survey": survey, "cards": cards})
