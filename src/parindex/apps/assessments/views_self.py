"""Self-assessment pages of a unit: its rounds, the criteria tree with entries and
evidence, the running totals, submission and withdrawal, and delegation.

Saves answer in two ways: a browser without JavaScript gets a redirect back to the leaf
(or the page again with the message); the page's script (``X-Requested-With: fetch``)
gets the leaf's fragment and then fetches the totals fragment.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.assessments import evidence as evidence_files
from parindex.apps.assessments import (
    page_cache,
    rule_inputs,
    selectors_self,
    selectors_self_page,
    services_self,
)
from parindex.apps.assessments.deadlines import self_assessment_refusal
from parindex.apps.assessments.forms_self import (
    DelegationForm,
    EvidenceForm,
    SelfScoreForm,
    stored_entry,
)
from parindex.apps.assessments.models import Participation, Score
from parindex.apps.assessments.services_rounds import participation_ensure_scores

FRAGMENT_HEADER = "X-ParIndex-Fragment"
PAGE_TEMPLATE = "assessments/self/page.html"
BODY_TEMPLATE = "assessments/self/_body.html"  # the page's heavy part, cached
LEAF_TEMPLATE = f"{BODY_TEMPLATE}#leaf"  # the page's partial of one leaf
NO_UNITS = _("Bạn chưa thuộc đơn vị nào.")
CHOOSE_FILE = _("Hãy chọn một tệp để tải lên.")
FIX_INPUT = _("Tiêu chí {code}: hãy sửa các ô được đánh dấu.")


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _wants_fragment(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _leaf_url(participation: Participation, score: Score) -> str:
    page = reverse("assessments:self_page", kwargs={"participation_id": participation.uuid})
    return f"{page}#tc-{score.node.code}"


def _attach_entries(page: selectors_self_page.SelfPage) -> None:
    """The entry form (filled from the stored score) of every leaf the user may write."""
    for row in page.leaves:
        if row.score is None or row.rule is None or not rule_inputs.inputs(row.rule):
            continue  # accuracy: computed at appraisal, nothing to enter
        if row.editable:
            row.entry = stored_entry(row.score, row.rule)


def _page_context(page: selectors_self_page.SelfPage) -> dict[str, Any]:
    return {
        "page": page,
        "participation": page.participation,
        "totals": page.totals,
        "words": selectors_self_page.leaf_words(),
    }


@login_required
@require_GET
def my_units(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.units_of(user):
        raise PermissionDenied(str(NO_UNITS))
    rows = selectors_self.my_participations(user)
    return render(request, "assessments/self/my_units.html", {"rows": rows})


@login_required
@require_GET
def self_page(request: HttpRequest, participation_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    # What the key of the cached page needs, in one row (revisions, delegations, the
    # group's revisions); the whole participation is read only to render.
    keyed = selectors_self_page.participation_keyed(user, participation_id)
    who = selectors_self_page.viewer(user, keyed)
    read: list[Participation] = []

    def participation() -> Participation:
        if not read:
            read.append(selectors_self.participation_for(user, participation_id))
        return read[0]

    def body() -> str:
        page = selectors_self_page.self_page(user, participation(), who)
        if not page.complete:  # the first visit: create the leaves' score rows, read again
            participation_ensure_scores(participation())
            page = selectors_self_page.self_page(user, participation(), who)
        _attach_entries(page)
        context = {**_page_context(page), "csrf_token": page_cache.CSRF_MARK}
        return render_to_string(BODY_TEMPLATE, context)

    def whole(shown: SafeString, extra: dict[str, Any]) -> HttpResponse:
        context = {"participation": participation(), "body": shown, **extra}
        return render(request, PAGE_TEMPLATE, context)

    parts = selectors_self_page.fragment_parts(keyed, who)
    return page_cache.page(request, "self", parts, body, whole)


@login_required
@require_GET
def self_totals(request: HttpRequest, participation_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    participation = selectors_self.participation_for(user, participation_id)
    totals = selectors_self.self_totals(participation)
    context = {"totals": totals, "participation": participation}
    response = render(request, "assessments/self/_totals.html", context)
    response[FRAGMENT_HEADER] = "totals"
    return response


@dataclass(frozen=True, slots=True)
class _LeafAnswer:
    """How a write on one leaf answers: the leaf's fragment for the page's script; for a
    plain form post, a redirect back to the leaf on success, else the whole page again."""

    request: HttpRequest
    participation: Participation
    score: Score

    def again(
        self, notice: str, *, status: int, level: str = "error", form: SelfScoreForm | None = None
    ) -> HttpResponse:
        page = selectors_self_page.self_page(_user(self.request), self.participation)
        _attach_entries(page)
        row = page.leaf(self.score)
        if form is not None and row.entry is not None:
            row.entry = form.entry()  # what was typed, with the errors
        row.notice, row.notice_level = notice, level
        if _wants_fragment(self.request):
            context = {"row": row, **_page_context(page)}
            response = render(self.request, LEAF_TEMPLATE, context, status=status)
            response[FRAGMENT_HEADER] = "leaf"
            return response
        shown = render_to_string(BODY_TEMPLATE, _page_context(page), request=self.request)
        context = {"participation": self.participation, "body": shown}
        return render(self.request, PAGE_TEMPLATE, context, status=status)

    def done(self, notice: str) -> HttpResponse:
        if _wants_fragment(self.request):
            return self.again(notice, status=200, level="success")
        messages.success(self.request, notice)
        return redirect(_leaf_url(self.participation, self.score))


def _writable_score(
    request: HttpRequest, participation_id: uuid.UUID, score_id: uuid.UUID
) -> tuple[User, _LeafAnswer]:
    """The acting user and the leaf, if they may self-score it (else 404/403)."""
    user = _user(request)
    participation = selectors_self.participation_for(user, participation_id)
    score = selectors_self.score_of(participation, score_id)
    if not access.can_self_score(user, participation, score.node):
        raise PermissionDenied
    return user, _LeafAnswer(request, participation, score)


def _given(form: SelfScoreForm) -> services_self.SelfInput:
    data = form.cleaned_data
    values: dict[str, Any] = {name: data.get(name) for name in form.inputs}
    if values.get("items") is not None:
        values["items"] = tuple(values["items"])
    return services_self.SelfInput(
        **values,
        not_applicable=bool(data.get("not_applicable")),
        explanation=data.get("explanation") or "",
    )


@login_required
@require_POST
def self_score(
    request: HttpRequest, participation_id: uuid.UUID, score_id: uuid.UUID
) -> HttpResponse:
    user, leaf = _writable_score(request, participation_id, score_id)
    score = leaf.score
    form = SelfScoreForm(request.POST, score=score, rule=selectors_self.node_rule(score.node))
    if not form.is_valid():
        return leaf.again(str(FIX_INPUT).format(code=score.node.code), status=422, form=form)
    try:
        services_self.self_score_save(
            actor=user, score=score, given=_given(form), version=form.cleaned_data["version"]
        )
    except services_self.InvalidEntry as invalid:
        return leaf.again(invalid.message, status=422, form=form)
    except services_self.SelfAssessmentRefused as refused:
        return leaf.again(refused.message, status=409)
    return leaf.done(str(services_self.SAVED).format(code=score.node.code))


@login_required
@require_POST
def self_evidence_upload(
    request: HttpRequest, participation_id: uuid.UUID, score_id: uuid.UUID
) -> HttpResponse:
    user, leaf = _writable_score(request, participation_id, score_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return leaf.again(str(CHOOSE_FILE), status=422)
    upload = form.cleaned_data["file"]
    try:
        services_self.self_evidence_attach(actor=user, score=leaf.score, upload=upload)
    except evidence_files.EvidenceRefused as refused:
        return leaf.again(refused.message, status=422)
    except services_self.SelfAssessmentRefused as refused:
        return leaf.again(refused.message, status=409)
    name = evidence_files.clean_name(upload.name or "")
    return leaf.done(str(evidence_files.ATTACHED).format(name=name))


@login_required
@require_POST
def self_evidence_remove(
    request: HttpRequest, participation_id: uuid.UUID, evidence_id: uuid.UUID
) -> HttpResponse:
    user = _user(request)
    participation = selectors_self.participation_for(user, participation_id)
    evidence = selectors_self.evidence_for(user, evidence_id)
    score = evidence.score
    if score.participation_id != participation.pk:
        raise Http404
    score.participation = participation
    if not access.can_self_score(user, participation, score.node):
        raise PermissionDenied
    leaf = _LeafAnswer(request, participation, score)
    try:
        services_self.self_evidence_remove(actor=user, evidence=evidence)
    except services_self.SelfAssessmentRefused as refused:
        return leaf.again(refused.message, status=409)
    return leaf.done(str(evidence_files.REMOVED).format(name=evidence.name))


@login_required
@require_GET
def evidence_download(request: HttpRequest, evidence_id: uuid.UUID) -> FileResponse:
    evidence = selectors_self.evidence_for(_user(request), evidence_id)
    stored = evidence.file
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=evidence_files.download_name(evidence.name, stored.media_type),
        content_type=stored.media_type,
    )


def _submit_page(
    request: HttpRequest, participation: Participation, status: int = 200
) -> HttpResponse:
    user = _user(request)
    context = {
        "participation": participation,
        "missing": selectors_self.missing_support(participation),
        "totals": selectors_self.self_totals(participation),
        "refusal": self_assessment_refusal(participation),
        "is_leader": access.is_unit_leader(user, participation.unit),
    }
    return render(request, "assessments/self/submit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def self_submit(request: HttpRequest, participation_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    participation = selectors_self.participation_for(user, participation_id)
    if request.method == "GET":
        return _submit_page(request, participation)
    if not access.is_unit_leader(user, participation.unit):
        raise PermissionDenied(str(services_self.NOT_LEADER))
    try:
        services_self.self_assessment_submit(actor=user, participation=participation)
    except services_self.SubmissionIncomplete as incomplete:
        messages.error(request, incomplete.message)
        return _submit_page(request, participation, status=409)
    except services_self.SelfAssessmentRefused as refused:
        messages.error(request, refused.message)
        return _submit_page(request, participation, status=409)
    unit = participation.unit.name
    messages.success(request, str(services_self.SUBMITTED).format(unit=unit))
    return redirect("assessments:self_page", participation_id=participation.uuid)


@login_required
@require_POST
def self_withdraw(request: HttpRequest, participation_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    participation = selectors_self.participation_for(user, participation_id)
    if not access.is_unit_leader(user, participation.unit):
        raise PermissionDenied(str(services_self.NOT_LEADER))
    try:
        services_self.self_assessment_withdraw(actor=user, participation=participation)
    except services_self.SelfAssessmentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, str(services_self.WITHDRAWN))
    return redirect("assessments:self_page", participation_id=participation.uuid)


def _leader_participation(request: HttpRequest, participation_id: uuid.UUID) -> Participation:
    user = _user(request)
    participation = selectors_self.participation_for(user, participation_id)
    if not access.is_unit_leader(user, participation.unit):
        raise PermissionDenied(str(services_self.NOT_LEADER))
    return participation


def _delegation_form(
    participation: Participation, data: Any = None
) -> tuple[selectors_self.DelegationPage, DelegationForm]:
    page = selectors_self.delegation_page(participation)
    return page, DelegationForm(data, staff=page.staff, nodes=page.nodes)


@login_required
@require_http_methods(["GET", "POST"])
def self_delegations(request: HttpRequest, participation_id: uuid.UUID) -> HttpResponse:
    participation = _leader_participation(request, participation_id)
    page, form = _delegation_form(participation, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            staff, node = form.chosen()
            try:
                services_self.delegation_grant(
                    actor=_user(request), participation=participation, staff=staff, node=node
                )
            except services_self.SelfAssessmentRefused as refused:
                form.add_error(None, refused.message)
            else:
                done = str(services_self.DELEGATED).format(code=node.code, who=staff)
                messages.success(request, done)
                return redirect("assessments:self_delegations", participation_id=participation_id)
        status = 422
    context = {"participation": participation, "page": page, "form": form}
    return render(request, "assessments/self/delegations.html", context, status=status)


@login_required
@require_POST
def self_delegation_revoke(request: HttpRequest, participation_id: uuid.UUID) -> HttpResponse:
    participation = _leader_participation(request, participation_id)
    _page, form = _delegation_form(participation, request.POST)
    if form.is_valid():
        staff, node = form.chosen()
        try:
            services_self.delegation_revoke(
                actor=_user(request), participation=participation, staff=staff, node=node
            )
        except services_self.SelfAssessmentRefused as refused:
            messages.error(request, refused.message)
        else:
            done = str(services_self.REVOKED).format(code=node.code, who=staff)
            messages.success(request, done)
    else:
        messages.error(request, str(services_self.NO_SUCH_DELEGATION))
    return redirect("assessments:self_delegations", participation_id=participation_id)
