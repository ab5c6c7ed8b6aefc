"""Writes of remediation plans: generating a plan from a finished round's lost points,
issuing it, editing its tasks and recording their progress with evidence.

Each write is checked, done in one transaction and audited in it (one audit row per
task changed, keyed by the unit and the criterion).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.assessments import evidence as evidence_files
from parindex.apps.assessments.models import Participation
from parindex.apps.audit.services import audit_record
from parindex.apps.plans import losses
from parindex.apps.plans.models import (
    Office,
    Plan,
    PlanStatus,
    ProgressEvidence,
    ProgressUpdate,
    Task,
    TaskStatus,
)
from parindex.apps.plans.refusals import Refused
from parindex.apps.plans.selectors_assign import (
    assignments_by_source_code,
    is_official,
    officials,
)
from parindex.apps.plans.services_assign import require_leader
from parindex.numbers import format_vn

TITLE = _("Kế hoạch khắc phục các tiêu chí bị trừ điểm năm {source}, thực hiện năm {year}")
TARGET = _("Đạt tối đa {points} điểm")
TARGET_DEDUCTION = _("Không để xảy ra trường hợp bị trừ điểm")
GENERATED = _("Đã lập kế hoạch với {count} nhiệm vụ.")
REGENERATED = _("Đã bổ sung {count} nhiệm vụ cho các tiêu chí mới bị trừ điểm.")
NOTHING_NEW = _("Kế hoạch đã có nhiệm vụ cho mọi tiêu chí bị trừ điểm; không thêm gì.")
NO_LOSSES = _("Đơn vị không bị trừ điểm tiêu chí nào trong đợt này: không có gì phải khắc phục.")
ALREADY_ISSUED = _("Kế hoạch đã được ban hành.")
INCOMPLETE = _(
    "Chưa ban hành được: {count} nhiệm vụ còn thiếu giải pháp khắc phục, đơn vị hoặc người "
    "phụ trách, hoặc thời hạn ({codes})."
)
ISSUED = _("Đã ban hành kế hoạch.")
TASK_SAVED = _("Đã lưu nhiệm vụ {code}.")
ONLY_LEADER_FIELDS = _(
    "Chỉ lãnh đạo đơn vị mới được đổi đơn vị, người phụ trách hay thời hạn của nhiệm vụ."
)
NOT_YOUR_TASK = _("Bạn không phụ trách nhiệm vụ này.")
NOT_ISSUED = _("Kế hoạch chưa được ban hành: chưa ghi nhận tiến độ.")
BAD_PERCENT = _("Tiến độ phải từ 0 đến 100%.")
NOTHING_REPORTED = _("Hãy nhập kết quả thực hiện, đổi tiến độ hoặc đính kèm tệp.")
PROGRESS_SAVED = _("Đã ghi nhận tiến độ {percent}% của nhiệm vụ {code}.")
OFFICE_NOT_OF_UNIT = _("Phòng, ban «{name}» không thuộc đơn vị hoặc đã ngừng hoạt động.")
NOT_OF_UNIT = _("{who} không phải cán bộ, lãnh đạo của đơn vị.")

PLAN_CREATE = "plan.create"
PLAN_ISSUE = "plan.issue"
TASK_CREATE = "task.create"
TASK_UPDATE = "task.update"
TASK_PROGRESS = "task.progress"

RELATED = ("plan", "node", "office", "owner", "updated_by")
LEADER_FIELDS = ("office", "owner", "deadline")


@dataclass(frozen=True, slots=True)
class Generated:
    plan: Plan
    created: bool
    added: int


def _text(message: Any, **values: object) -> str:
    """A stored text, in the site's language whatever the reader's."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message).format(**values)


Who = tuple[Office | None, User | None]


def _people(
    found: Sequence[losses.Loss], participation: Participation, year: int
) -> dict[str, Who]:
    """Who answers for each lost criterion in the plan's year (codes of the round's set):
    the assignment's office if still active, its official if still of the unit."""
    unit = participation.unit
    assigned = assignments_by_source_code(unit, participation.round.criteria_set, year)
    if not assigned:
        return {}
    offices = {o.uuid: o for o in Office.objects.filter(unit=unit, is_active=True)}
    people = {u.uuid: u for u in officials(unit)}
    out = {}
    for loss in found:
        assignment = assigned.get(loss.code)
        if assignment is not None:
            office = offices.get(assignment.office_id) if assignment.office_id else None
            owner = people.get(assignment.official_id) if assignment.official_id else None
            out[loss.code] = (office, owner)
    return out


def _task(plan: Plan, loss: losses.Loss, deadline: date | None, who: Who) -> Task:
    target = (
        _text(TARGET_DEDUCTION)
        if loss.is_deduction
        else _text(TARGET, points=format_vn(loss.max_points.normalize()))
    )
    return Task(
        plan=plan,
        node=loss.node,
        code=loss.node.code,
        title=loss.node.title,
        position=loss.node.position,
        max_points=loss.max_points,
        self_points=loss.self_points,
        appraised_points=loss.appraised_points,
        lost_points=loss.lost,
        opinion=loss.opinion,
        target=target,
        office=who[0],
        owner=who[1],
        deadline=deadline,
    )


def _plan(actor: User, participation: Participation) -> tuple[Plan, bool]:
    round_ = participation.round
    found = (
        Plan.objects.select_for_update()
        .filter(unit=participation.unit, source_round=round_)
        .first()
    )
    if found is not None:
        return found, False
    year = round_.year + 1
    plan = Plan(
        unit=participation.unit,
        source_round=round_,
        year=year,
        title=_text(TITLE, source=round_.year, year=year),
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    new = {"title": plan.title, "year": plan.year, "source_round": round_.name}
    audit_record(
        actor=actor,
        action=PLAN_CREATE,
        target=plan,
        new=new,
        round_id=round_.uuid,
        unit_code=plan.unit.code,
    )
    return plan, True


def task_snapshot(task: Task) -> dict[str, Any]:
    return {
        "remediation": task.remediation,
        "target": task.target,
        "office": task.office.name if task.office else None,
        "owner": str(task.owner) if task.owner else None,
        "deadline": task.deadline,
    }


@transaction.atomic
def plan_generate(*, actor: User, participation: Participation, deadline: date | None) -> Generated:
    """The unit's plan for the year after ``participation``'s finished round: created with
    one task per lost sub-criterion, or, when it exists, given tasks for the losses it has
    none for yet (nothing already there is changed)."""
    require_leader(actor, participation.unit)
    found = losses.unit_losses(participation)
    if not found:
        raise Refused(str(NO_LOSSES))
    plan, created = _plan(actor, participation)
    have = set(plan.tasks.values_list("node_id", flat=True))
    new = [loss for loss in found if loss.node.pk not in have]
    people = _people(new, participation, plan.year)
    tasks = [_task(plan, loss, deadline, people.get(loss.code, (None, None))) for loss in new]
    for task in tasks:  # the related rows were just read: only the values need checking
        task.full_clean(exclude=RELATED, validate_unique=False)
    Task.objects.bulk_create(tasks)
    for task in tasks:
        _audit_task(
            actor, TASK_CREATE, task, new={"lost_points": task.lost_points, **task_snapshot(task)}
        )
    return Generated(plan, created, len(new))


def _audit_task(actor: User, action: str, task: Task, **values: Any) -> None:
    plan = task.plan
    audit_record(
        actor=actor,
        action=action,
        target=task,
        round_id=plan.source_round.uuid,
        unit_code=plan.unit.code,
        node_code=task.code,
        **values,
    )


def missing_for_issue(plan: Plan) -> list[Task]:
    """Tasks without a remediation, someone to answer for them, or a deadline."""
    return [
        t
        for t in plan.tasks.all()
        if not t.remediation.strip()
        or t.deadline is None
        or (t.office_id is None and t.owner_id is None)
    ]


@transaction.atomic
def plan_issue(*, actor: User, plan: Plan) -> Plan:
    """The leader issues the plan (dự thảo → đã ban hành) once every task is complete."""
    require_leader(actor, plan.unit)
    locked = Plan.objects.select_for_update().select_related("unit", "source_round").get(pk=plan.pk)
    if locked.is_issued:
        raise Refused(str(ALREADY_ISSUED))
    missing = missing_for_issue(locked)
    if missing:
        codes = ", ".join(t.code for t in missing)
        raise Refused(str(INCOMPLETE).format(count=len(missing), codes=codes))
    locked.status = PlanStatus.ISSUED
    locked.issued_at = timezone.now()
    locked.issued_by = actor
    locked.full_clean()
    locked.save(update_fields=["status", "issued_at", "issued_by"])
    audit_record(
        actor=actor,
        action=PLAN_ISSUE,
        target=locked,
        old={"status": PlanStatus.DRAFT.value},
        new={"status": locked.status, "issued_at": locked.issued_at},
        round_id=locked.source_round.uuid,
        unit_code=locked.unit.code,
    )
    return locked


@dataclass(frozen=True, slots=True)
class TaskChanges:
    remediation: str
    target: str
    office: Office | None
    owner: User | None
    deadline: date | None


def _lock_task(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("plan__unit", "plan__source_round", "office", "owner")
        .get(pk=task.pk)
    )


def _check_people(task: Task, changes: TaskChanges) -> None:
    unit = task.plan.unit
    office = changes.office
    moved = office is not None and office.pk != task.office_id
    if office is not None and moved and (office.unit_id != unit.pk or not office.is_active):
        raise Refused(str(OFFICE_NOT_OF_UNIT).format(name=office.name))
    owner = changes.owner
    if owner is not None and owner.pk != task.owner_id and not is_official(unit, owner):
        raise Refused(str(NOT_OF_UNIT).format(who=owner))


@transaction.atomic
def task_update(*, actor: User, task: Task, changes: TaskChanges) -> Task:
    """The leader edits any field; the task's owner its remediation and target."""
    locked = _lock_task(task)
    if not access.can_report_task(actor, locked):
        raise Refused(str(NOT_YOUR_TASK))
    is_leader = access.can_manage_unit_plans(actor, locked.plan.unit)
    old = task_snapshot(locked)
    wanted = {
        "remediation": changes.remediation.strip(),
        "target": changes.target.strip(),
        "office": changes.office,
        "owner": changes.owner,
        "deadline": changes.deadline,
    }
    moved = [f for f in LEADER_FIELDS if getattr(locked, f) != wanted[f]]
    if moved and not is_leader:
        raise Refused(str(ONLY_LEADER_FIELDS))
    _check_people(locked, changes)
    for name, value in wanted.items():
        setattr(locked, name, value)
    new = task_snapshot(locked)
    if new == old:
        return locked
    locked.updated_by = actor
    locked.full_clean()
    locked.save()
    changed = [k for k in new if new[k] != old[k]]
    _audit_task(
        actor,
        TASK_UPDATE,
        locked,
        old={k: old[k] for k in changed},
        new={k: new[k] for k in changed},
    )
    return locked


def status_for(percent: int) -> TaskStatus:
    if percent >= 100:
        return TaskStatus.DONE
    return TaskStatus.IN_PROGRESS if percent > 0 else TaskStatus.NOT_STARTED


def _check_progress(actor: User, task: Task, percent: int) -> None:
    if not task.plan.is_issued:
        raise Refused(str(NOT_ISSUED))
    if not access.can_report_task(actor, task):
        raise Refused(str(NOT_YOUR_TASK))
    if not 0 <= percent <= 100:
        raise Refused(str(BAD_PERCENT))


@transaction.atomic
def progress_record(
    *,
    actor: User,
    task: Task,
    percent: int,
    note: str,
    uploads: Sequence[UploadedFile[Any]] = (),
) -> ProgressUpdate:
    """Records what was done on a task, how far it has got and the evidence, once the
    plan is issued. Every file is checked before anything is written.

    Raises :class:`Refused`, or :class:`~parindex.apps.assessments.evidence.EvidenceRefused`
    for a file that cannot be accepted.
    """
    locked = _lock_task(task)
    _check_progress(actor, locked, percent)
    note = note.strip()
    if not note and not uploads and percent == locked.progress:
        raise Refused(str(NOTHING_REPORTED))
    checked = [(upload, evidence_files.inspect(upload)) for upload in uploads]
    update = ProgressUpdate(task=locked, percent=percent, note=note, author=actor)
    update.full_clean()
    update.save()
    names = [_attach(actor, update, upload, inspected) for upload, inspected in checked]
    old = {"progress": locked.progress, "status": locked.status}
    locked.progress, locked.status = percent, status_for(percent)
    done = locked.status == TaskStatus.DONE
    locked.completed_at = (locked.completed_at or timezone.now()) if done else None
    locked.updated_by = actor
    locked.full_clean()
    locked.save()
    new = {"progress": percent, "status": locked.status, "note": note, "evidence": names}
    _audit_task(actor, TASK_PROGRESS, locked, old=old, new=new)
    return update


def _attach(actor: User, update: ProgressUpdate, upload: UploadedFile[Any], inspected: Any) -> str:
    stored = evidence_files.evidence_file_store(actor=actor, upload=upload, inspected=inspected)
    row = ProgressEvidence(update=update, file=stored, name=inspected.name, uploaded_by=actor)
    row.full_clean()
    row.save()
    return row.name
