"""A task of a plan: what was lost and why, the remediation and who answers for it, its
progress history with evidence, and the forms to edit it and to record progress."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.assessments import evidence as evidence_files
from parindex.apps.plans import selectors_plans, services_plans
from parindex.apps.plans.forms import ProgressForm, TaskForm
from parindex.apps.plans.models import Task
from parindex.apps.plans.refusals import Refused
from parindex.apps.plans.selectors_assign import offices, officials
from parindex.apps.plans.views_plans import user_of


def _task_form(task: Task, user: User, data: Any = None) -> TaskForm:
    unit = task.plan.unit
    return TaskForm(
        data,
        task=task,
        offices=offices(unit, active_only=True),
        officials=officials(unit),
        leader=access.can_manage_unit_plans(user, unit),
    )


def _page(
    request: HttpRequest,
    task: Task,
    *,
    form: TaskForm | None = None,
    progress: ProgressForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = user_of(request)
    reporter = access.can_report_task(user, task)
    context = {
        "task": task,
        "plan": task.plan,
        "updates": selectors_plans.task_updates(task),
        "reporter": reporter,
        "leader": access.can_manage_unit_plans(user, task.plan.unit),
        "form": form or (_task_form(task, user) if reporter else None),
        "progress": progress or (ProgressForm(initial={"percent": task.progress})),
    }
    return render(request, "plans/task.html", context, status=status)


@login_required
@require_GET
def task(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    found = selectors_plans.task_for(user_of(request), task_id)
    return _page(request, found)


def _reportable(request: HttpRequest, task_id: uuid.UUID) -> tuple[User, Task]:
    user = user_of(request)
    found = selectors_plans.task_for(user, task_id)
    if not access.can_report_task(user, found):
        raise PermissionDenied(str(services_plans.NOT_YOUR_TASK))
    return user, found


@login_required
@require_POST
def task_edit(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    user, found = _reportable(request, task_id)
    form = _task_form(found, user, request.POST)
    if not form.is_valid():
        return _page(request, found, form=form, status=422)
    try:
        services_plans.task_update(actor=user, task=found, changes=form.changes())
    except Refused as refused:
        messages.error(request, refused.message)
        return _page(request, found, form=form, status=409)
    messages.success(request, str(services_plans.TASK_SAVED).format(code=found.code))
    return redirect("plans:task", task_id=found.uuid)


@login_required
@require_POST
def progress(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    user, found = _reportable(request, task_id)
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, found, progress=form, status=422)
    data = form.cleaned_data
    try:
        services_plans.progress_record(
            actor=user,
            task=found,
            percent=data["percent"],
            note=data["note"],
            uploads=data["evidence"],
        )
    except evidence_files.EvidenceRefused as refused:
        messages.error(request, refused.message)
        return _page(request, found, progress=form, status=422)
    except Refused as refused:
        messages.error(request, refused.message)
        return _page(request, found, progress=form, status=409)
    done = str(services_plans.PROGRESS_SAVED).format(percent=data["percent"], code=found.code)
    messages.success(request, done)
    return redirect("plans:task", task_id=found.uuid)


@login_required
@require_GET
def evidence(request: HttpRequest, evidence_id: uuid.UUID) -> FileResponse:
    found = selectors_plans.progress_evidence_for(user_of(request), evidence_id)
    stored = found.file
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=evidence_files.download_name(found.name, stored.media_type),
        content_type=stored.media_type,
    )
