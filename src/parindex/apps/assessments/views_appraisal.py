"""Appraisal pages: the appraiser's queue and one unit's field, the unit's answers to
returned items, and the secretariat's progress with lock, sign-off and reopening.

Views stay thin: permissions come from ``access`` and the ``access_*`` selectors, reads
from :mod:`selectors_appraisal`, writes from :mod:`services_appraisal`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.assessments import page_cache, selectors_progress
from parindex.apps.assessments import selectors_appraisal as sel
from parindex.apps.assessments import services_appraisal as svc
from parindex.apps.assessments.forms_appraisal import (
    AnswerForm,
    AppraiseForm,
    ReopenForm,
    ReturnForm,
    appraise_initial,
    default_supplement_deadline,
)
from parindex.apps.assessments.models import Participation, Round, Score
from parindex.apps.frameworks.models import CriteriaNode

SAVED = _("Đã lưu kết quả thẩm định mục {code}.")
RETURNED = _("Đã trả lại mục {code} để đơn vị bổ sung.")
ANSWERED = _("Đã gửi giải trình, bổ sung cho mục {code}.")
LOCKED = _("Đã khóa đợt đánh giá.")
SIGNED_OFF = _("Hội đồng đã thông qua kết quả đợt đánh giá.")
REOPENED = _("Đã mở lại đợt đánh giá để thẩm định.")
NOT_AN_APPRAISER = "Chỉ thành viên Tổ thư ký/Tổ giúp việc được giao lĩnh vực mới xem hàng chờ."
CONFLICT = 409
QUEUE_BODY = "assessments/appraisal/_queue_body.html"  # the queue's heavy part, cached
QUEUE_ROWS_PER_PAGE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --- the appraiser's queue ----------------------------------------------------------------


class QueueFilterForm(forms.Form):
    dot = forms.UUIDField(required=False)
    linh_vuc = forms.CharField(required=False, max_length=40)
    nhom = forms.CharField(required=False, max_length=40)
    trang_thai = forms.ChoiceField(
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("can-xu-ly", _("Còn mục cần thẩm định")),
            ("da-bo-sung", _("Có mục đơn vị đã bổ sung")),
            ("dang-tra-lai", _("Có mục đang chờ đơn vị bổ sung")),
            ("xong", _("Đã thẩm định xong")),
        ],
    )
    don_vi = forms.CharField(required=False, max_length=100)

    def filters(self) -> sel.QueueFilters:
        if not self.is_valid():
            return sel.QueueFilters()
        data = self.cleaned_data
        return sel.QueueFilters(
            round=data["dot"],
            field=data["linh_vuc"],
            group=data["nhom"],
            state=data["trang_thai"],
            unit=data["don_vi"].strip(),
        )


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not access.is_appraiser(request.user):
        raise PermissionDenied(NOT_AN_APPRAISER)
    user = _user(request)
    form = QueueFilterForm(request.GET)

    def body() -> str:
        assignments = sel.appraiser_assignments(user)
        rows = sel.appraisal_queue(user, assignments, form.filters())
        groups = {r.participation.unit.group for r in rows}
        page = Paginator(rows, QUEUE_ROWS_PER_PAGE).get_page(request.GET.get("trang"))
        kept = [(k, v) for k in sorted(QueueFilterForm.base_fields) for v in request.GET.getlist(k)]
        context = {
            "assignments": assignments,
            "rows": page.object_list,
            "page": page,
            "pager_query": urlencode(kept),
            "later": len(rows) - page.end_index(),
            "form": form,
            "rounds": {a.round for a in assignments},
            "fields": sorted({a.field for a in assignments}, key=lambda f: f.position),
            "groups": sorted(groups, key=lambda g: g.position),
        }
        return render_to_string(QUEUE_BODY, context)

    names = sorted([*QueueFilterForm.base_fields, "trang"])
    asked = tuple((name, request.GET.getlist(name)) for name in names)
    parts = (user.uuid, sel.queue_revisions(user), asked)
    # Browsing (filters chosen from lists, a page number) is kept; a typed unit name or an
    # odd page number is rendered for this request only.
    page_no = request.GET.get("trang", "")
    keep = not request.GET.get("don_vi") and (
        page_no == "" or (page_no.isdigit() and len(page_no) <= 3)
    )

    def whole(shown: SafeString, extra: dict[str, Any]) -> HttpResponse:
        return render(request, "assessments/appraisal/queue.html", {"body": shown, **extra})

    return page_cache.page(request, "queue", parts, body, whole, keep=keep, asked=names)


# --- one unit's field ---------------------------------------------------------------------


def _forms(
    page: sel.FieldPage, bound: dict[int, forms.Form] | None = None
) -> list[tuple[sel.Item, forms.Form | None, forms.Form | None]]:
    """Each item with its appraisal form and its return form (when the user may write)."""
    bound = bound or {}
    writable = page.may_appraise and svc.round_is_open_for_appraisal(page.round)
    out: list[tuple[sel.Item, forms.Form | None, forms.Form | None]] = []
    for item in page.items:
        score = item.score
        if not writable or score is None:
            out.append((item, None, None))
            continue
        node = item.node
        appraise = bound.get(score.pk) if isinstance(bound.get(score.pk), AppraiseForm) else None
        back = bound.get(score.pk) if isinstance(bound.get(score.pk), ReturnForm) else None
        appraise = appraise or AppraiseForm(node=node, initial=appraise_initial(score))
        initial = {"version": score.version, "deadline": default_supplement_deadline()}
        back = back or ReturnForm(node=node, initial=initial)
        out.append((item, appraise, back))
    return out


def _field_page(
    request: HttpRequest,
    participation: Participation,
    top: CriteriaNode,
    *,
    bound: dict[int, forms.Form] | None = None,
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    page = sel.field_page(request.user, participation, top)
    context: dict[str, Any] = {
        "page": page,
        "rows": _forms(page, bound),
        "open": svc.round_is_open_for_appraisal(page.round),
        "refusal": refusal,
    }
    return render(request, "assessments/appraisal/field.html", context, status=status)


@require_GET
@login_required
def field(request: HttpRequest, participation_id: UUID, field_id: UUID) -> HttpResponse:
    found, top = sel.access_field(request.user, participation_id, field_id)
    return _field_page(request, found, top)


def _back_to(score: Score, participation: Participation, top: CriteriaNode) -> HttpResponseRedirect:
    url = reverse("assessments:appraise", args=[participation.uuid, top.uuid])
    return redirect(f"{url}#muc-{score.node.code}")


def _refused(
    request: HttpRequest,
    *,
    participation: Participation,
    top: CriteriaNode,
    score: Score,
    form: forms.Form,
    exc: svc.AppraisalRefused,
) -> HttpResponse:
    form.add_error(None, exc.message)
    status = CONFLICT if isinstance(exc, svc.StaleVersion) else 400
    if isinstance(exc, svc.StaleVersion):
        form.data = form.data.copy()  # type: ignore[attr-defined]
        form.data[form.add_prefix("version")] = str(exc.current.version)  # type: ignore[index]
    bound = {score.pk: form}
    return _field_page(request, participation, top, bound=bound, status=status, refusal=exc.message)


@require_POST
@login_required
def appraise_item(
    request: HttpRequest, participation_id: UUID, field_id: UUID, score_id: UUID
) -> HttpResponse:
    found, top = sel.access_field(request.user, participation_id, field_id)
    item = sel.access_item(found, top, score_id)
    if not access.can_appraise(request.user, found.round, top):
        raise PermissionDenied
    form = AppraiseForm(request.POST, node=item.node)
    if not form.is_valid():
        return _field_page(request, found, top, bound={item.pk: form}, status=400)
    try:
        svc.score_appraise(
            actor=_user(request),
            score=item,
            expected_version=form.cleaned_data["version"],
            entry=form.entry(),
            opinion=form.cleaned_data.get("opinion", ""),
        )
    except svc.AppraisalRefused as exc:
        return _refused(request, participation=found, top=top, score=item, form=form, exc=exc)
    messages.success(request, str(SAVED).format(code=item.node.code))
    return _back_to(item, found, top)


@require_POST
@login_required
def return_item(
    request: HttpRequest, participation_id: UUID, field_id: UUID, score_id: UUID
) -> HttpResponse:
    found, top = sel.access_field(request.user, participation_id, field_id)
    item = sel.access_item(found, top, score_id)
    if not access.can_appraise(request.user, found.round, top):
        raise PermissionDenied
    form = ReturnForm(request.POST, node=item.node)
    if not form.is_valid():
        return _field_page(request, found, top, bound={item.pk: form}, status=400)
    data = form.cleaned_data
    try:
        svc.score_return(
            actor=_user(request),
            score=item,
            expected_version=data["version"],
            text=data["text"],
            deadline=data["deadline"],
        )
    except svc.AppraisalRefused as exc:
        return _refused(request, participation=found, top=top, score=item, form=form, exc=exc)
    messages.success(request, str(RETURNED).format(code=item.node.code))
    return _back_to(item, found, top)


# --- the unit's answers -------------------------------------------------------------------


def _supplements_page(
    request: HttpRequest,
    bound: dict[int, AnswerForm] | None = None,
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    bound = bound or {}
    rows = [
        (
            item,
            bound.get(item.score.pk)
            or AnswerForm(node=item.score.node, initial={"version": item.score.version}),
        )
        for item in sel.unit_supplements(request.user)
    ]
    context = {"rows": rows, "refusal": refusal}
    return render(request, "assessments/appraisal/supplements.html", context, status=status)


@require_GET
@login_required
def supplements(request: HttpRequest) -> HttpResponse:
    if not access.units_of(request.user):
        raise PermissionDenied
    return _supplements_page(request)


@require_POST
@login_required
def answer(request: HttpRequest, score_id: UUID) -> HttpResponse:
    item = sel.access_supplement(request.user, score_id)
    form = AnswerForm(request.POST, request.FILES, node=item.node)
    if not form.is_valid():
        return _supplements_page(request, {item.pk: form}, status=400)
    try:
        svc.score_answer(
            actor=_user(request),
            score=item,
            expected_version=form.cleaned_data["version"],
            answer=svc.Answer(
                form.cleaned_data["text"], form.proposed_score, form.cleaned_data.get("file")
            ),
        )
    except svc.AppraisalRefused as exc:
        form.add_error(None, exc.message)
        status = CONFLICT if isinstance(exc, svc.StaleVersion) else 400
        return _supplements_page(request, {item.pk: form}, status=status, refusal=exc.message)
    messages.success(request, str(ANSWERED).format(code=item.node.code))
    return redirect(reverse("assessments:supplements") + f"#muc-{item.uuid}")


# --- progress, lock, sign-off, reopen -----------------------------------------------------


def _overseer(request: HttpRequest) -> None:
    if not access.can_oversee(request.user):
        raise PermissionDenied


@require_GET
@login_required
def progress(request: HttpRequest) -> HttpResponse:
    _overseer(request)
    rounds = selectors_progress.progress_rounds()
    wanted = forms.UUIDField(required=False).clean(request.GET.get("dot") or None)
    chosen = selectors_progress.pick_round(rounds, wanted)
    context = {
        "rounds": rounds,
        "progress": selectors_progress.round_progress(chosen) if chosen else None,
        "reopen_form": ReopenForm(),
        "may_lock": access.is_secretariat(request.user),
        "may_sign_off": access.is_secretariat(request.user) or access.is_council(request.user),
    }
    return render(request, "assessments/appraisal/progress.html", context)


@require_GET
@login_required
def results(request: HttpRequest, round_id: UUID) -> HttpResponse:
    _overseer(request)
    found = get_object_or_404(Round.objects.select_related("criteria_set"), uuid=round_id)
    groups, errors = selectors_progress.running_results(found)
    context = {"round": found, "groups": groups, "errors": errors}
    return render(request, "assessments/appraisal/results.html", context)


def _progress_of(round_: Round) -> HttpResponseRedirect:
    return redirect(reverse("assessments:progress") + f"?dot={round_.uuid}")


def _transition(request: HttpRequest, round_id: UUID, action: Any, done: Any) -> HttpResponse:
    found = get_object_or_404(Round, uuid=round_id)
    try:
        action(actor=_user(request), round_=found)
    except svc.AppraisalRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done))
    return _progress_of(found)


@require_POST
@login_required
def lock(request: HttpRequest, round_id: UUID) -> HttpResponse:
    if not access.is_secretariat(request.user):
        raise PermissionDenied
    return _transition(request, round_id, svc.round_lock, LOCKED)


@require_POST
@login_required
def sign_off(request: HttpRequest, round_id: UUID) -> HttpResponse:
    if not (access.is_secretariat(request.user) or access.is_council(request.user)):
        raise PermissionDenied
    return _transition(request, round_id, svc.round_sign_off, SIGNED_OFF)


@require_POST
@login_required
def reopen(request: HttpRequest, round_id: UUID) -> HttpResponse:
    if not access.is_secretariat(request.user):
        raise PermissionDenied
    found = get_object_or_404(Round, uuid=round_id)
    form = ReopenForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        svc.round_reopen(actor=_user(request), round_=found, reason=reason)
    except svc.AppraisalRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(REOPENED))
    return _progress_of(found)
