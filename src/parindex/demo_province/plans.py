"""The demo's remediation plan, offices, criterion assignments and operational figures.

For the three demo units with people (SNV, P-DONGHA, X-CAMLO): offices, and the fields and
a few criteria of the 2023 set given to offices and officials (the 2024 set shows them
carried forward). SNV has a plan for 2024 generated from the signed-off 2023 round and
issued, with its progress through 2024: most tasks done, two in progress with their
deadline extended, two overdue; it reported its first two quarters. P-DONGHA's leader can
still generate theirs. SNV (monthly) and P-DONGHA (quarterly) entered 2024 and 2025
figures of ratio and bands sub-criteria, several of which the projection warns about.

Offices, assignments, the plan, its issue and the quarterly reports go through the plans
services, as the unit's people; the year's task edits, progress and figures are written
at once (with their audit rows) to keep the demo quick to load. Each part is made only
when the unit has none of it yet, so a second load creates nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments.models import EvidenceFile, Participation, RoundStatus
from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet
from parindex.apps.plans import services_assign, services_figures, services_plans
from parindex.apps.plans.models import (
    CriterionAssignment,
    Office,
    OperationalFigure,
    Plan,
    ProgressEvidence,
    ProgressUpdate,
    Task,
)
from parindex.apps.plans.services_figures import FIGURE_SAVE
from parindex.apps.plans.services_plans import TASK_PROGRESS, TASK_UPDATE
from parindex.apps.plans.services_reports import quarter_report_save
from parindex.apps.plans.years import set_in_force
from parindex.demo_province import accounts
from parindex.demo_province.evidence import PLAN_SNV, REPORT_SNV, FileStore
from parindex.demo_province.rounds import AuditBatch
from parindex.planning.projection import Frequency

EMAIL_DOMAIN = "parindex.example"
SOURCE_YEAR = 2023

OFFICES: Mapping[str, tuple[str, ...]] = {
    "SNV": (
        "Văn phòng Sở",
        "Phòng Cải cách hành chính",
        "Phòng Tổ chức, biên chế",
        "Phòng Công chức, viên chức",
    ),
    "P-DONGHA": ("Văn phòng HĐND và UBND phường", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    "X-CAMLO": ("Văn phòng HĐND và UBND xã", "Bộ phận Một cửa"),
}
# unit → node code of the 2023 set → (office, the unit's staff member answers too)
ASSIGNMENTS: Mapping[str, Mapping[str, tuple[str, bool]]] = {
    "SNV": {
        "1": ("Phòng Cải cách hành chính", True),
        "2": ("Văn phòng Sở", False),
        "3": ("Văn phòng Sở", False),
        "4": ("Phòng Tổ chức, biên chế", False),
        "5": ("Phòng Công chức, viên chức", False),
        "6": ("Văn phòng Sở", False),
        "7": ("Văn phòng Sở", True),
        "8": ("Phòng Cải cách hành chính", False),
    },
    "P-DONGHA": {
        "1": ("Văn phòng HĐND và UBND phường", True),
        "3": ("Văn phòng HĐND và UBND phường", True),
        "6": ("Phòng Kinh tế, Hạ tầng và Đô thị", False),
        "7": ("Phòng Kinh tế, Hạ tầng và Đô thị", False),
    },
    "X-CAMLO": {
        "1": ("Văn phòng HĐND và UBND xã", False),
        "3": ("Bộ phận Một cửa", True),
    },
}
PLAN_UNIT = "SNV"

REMEDIATION = {
    "ratio": "Rà soát, theo dõi số liệu hằng tháng; đôn đốc các bộ phận để tỷ lệ đạt 100%.",
    "bands": "Theo dõi tỷ lệ hằng quý, xác định nguyên nhân và giải pháp để đạt mức cao nhất.",
    "judged": "Hoàn thiện hồ sơ, tài liệu kiểm chứng có chữ ký số; ban hành văn bản đúng hạn.",
    "checklist": "Thực hiện đầy đủ các nội dung theo hướng dẫn chấm điểm; lưu đủ tài liệu.",
    "count": "Đăng ký và triển khai thêm nội dung trong năm; lưu quyết định công nhận.",
    "relative": "Tăng số hồ sơ tiếp nhận trực tuyến; hướng dẫn người dân nộp hồ sơ qua Cổng.",
    "accuracy": "Tự chấm điểm sát với hướng dẫn; rà soát chéo trước khi gửi.",
    "deduction": "Quán triệt kỷ luật, kỷ cương hành chính; không để xảy ra vi phạm.",
}
ISSUED_ON = date(2024, 1, 15)
STARTED = "Đã giao các phòng, ban rà soát và cập nhật số liệu."
FINISHED = "Đã hoàn thành; báo cáo kết quả và tài liệu kiểm chứng đính kèm."
QUARTER_ENDS = {
    1: date(2024, 3, 20),
    2: date(2024, 6, 18),
    3: date(2024, 9, 25),
    4: date(2024, 11, 28),
}


@dataclass(frozen=True, slots=True)
class Step:
    """A progress update of 2024: percent, what was done, when; done ones carry the
    quarter's progress report as evidence."""

    percent: int
    note: str
    day: date
    quarter: int = 0


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9, 30))


def _steps(position: int) -> tuple[tuple[Step, ...], date | None]:
    """How far the task at ``position`` got in 2024 and, for an extended one, its new
    deadline: the first two done in the first half year, the next two still in progress
    with their deadline extended, two overdue, the rest done in the second half year."""
    if position in (0, 1):
        quarter = position + 1
        day = QUARTER_ENDS[quarter]
        return (
            Step(50, STARTED, day - timedelta(days=40)),
            Step(100, FINISHED, day, quarter),
        ), None
    if position in (2, 3):
        extended = timezone.localdate() + timedelta(days=60 + position)
        return (Step(40, STARTED, date(2024, 5, 10)),), extended
    if position in (4, 5):
        return (Step(20, STARTED, date(2024, 7, 8)),), None
    quarter = 3 if position % 2 else 4
    return (Step(100, FINISHED, QUARTER_ENDS[quarter], quarter),), None


def _leader(users: Mapping[str, User], unit: str) -> User:
    return users[accounts.leader_of(unit) or ""]


def _staff(users: Mapping[str, User], unit: str) -> User:
    return users[accounts.staff_of(unit) or ""]


def ensure_plans(*, users: Mapping[str, User], units: Mapping[str, Unit], store: FileStore) -> None:
    """Creates what is missing of the demo's plans data (nothing on a second load)."""
    audit = AuditBatch()
    for code in OFFICES:
        _emails(users, code)
        _offices(users, units[code])
        _assignments(users, units[code])
    _plan(users, units[PLAN_UNIT], store, audit)
    _figures(users, units, audit)
    audit.write()


def _emails(users: Mapping[str, User], unit: str) -> None:
    """The unit's people get an e-mail address, so ``parindex remind`` has somewhere to write."""
    for person in (_leader(users, unit), _staff(users, unit)):
        if not person.email:
            person.email = f"{person.username}@{EMAIL_DOMAIN}"
            person.save(update_fields=["email"])


def _offices(users: Mapping[str, User], unit: Unit) -> None:
    if Office.objects.filter(unit=unit).exists():
        return
    for name in OFFICES[unit.code]:
        services_assign.office_create(actor=_leader(users, unit.code), unit=unit, name=name)


def _assignments(users: Mapping[str, User], unit: Unit) -> None:
    if CriterionAssignment.objects.filter(unit=unit).exists():
        return
    criteria_set = CriteriaSet.objects.get(year=SOURCE_YEAR, rounds__participations__unit=unit)
    offices = {o.name: o for o in Office.objects.filter(unit=unit)}
    nodes = {n.code: n for n in CriteriaNode.objects.filter(criteria_set=criteria_set)}
    staff = _staff(users, unit.code)
    chosen: dict[CriteriaNode, tuple[Office | None, User | None]] = {
        nodes[code]: (offices[office], staff if with_staff else None)
        for code, (office, with_staff) in ASSIGNMENTS[unit.code].items()
    }
    services_assign.assignments_save(
        actor=_leader(users, unit.code), unit=unit, criteria_set=criteria_set, chosen=chosen
    )


def _plan(users: Mapping[str, User], unit: Unit, store: FileStore, audit: AuditBatch) -> None:
    """Generated and issued through the services; the year's progress written at once."""
    participation = (
        Participation.objects.filter(
            unit=unit, round__year=SOURCE_YEAR, round__status=RoundStatus.SIGNED_OFF
        )
        .select_related("round__criteria_set", "unit")
        .first()
    )
    if participation is None or Plan.objects.filter(unit=unit).exists():
        return
    leader, staff = _leader(users, unit.code), _staff(users, unit.code)
    plan = services_plans.plan_generate(
        actor=leader, participation=participation, deadline=date(2024, 9, 30)
    ).plan
    tasks = list(plan.tasks.select_related("node", "office", "owner").order_by("position", "id"))
    _complete(leader, staff, tasks, audit)
    plan = services_plans.plan_issue(actor=leader, plan=plan)
    Plan.objects.filter(pk=plan.pk).update(issued_at=_at(ISSUED_ON))  # in the plan's story
    _progress(staff, tasks, ProgressFiles(staff, store), audit)
    for quarter in (1, 2):
        summary = f"Quý {quarter}/2024: các phòng, ban đã triển khai kế hoạch khắc phục."
        quarter_report_save(actor=staff, plan=plan, quarter=quarter, summary=summary, lines={})


def _audit_task(audit: AuditBatch, actor: User, action: str, task: Task, **values: Any) -> None:
    audit.add(
        actor=actor,
        action=action,
        target=task,
        round_=task.plan.source_round,
        unit=task.plan.unit.code,
        node=task.code,
        **values,
    )


def _complete(leader: User, staff: User, tasks: list[Task], audit: AuditBatch) -> None:
    """The leader writes each remediation, sets the deadlines and gives the unowned tasks
    to the unit's staff member."""
    for position, task in enumerate(tasks):
        old = services_plans.task_snapshot(task)
        task.remediation = REMEDIATION.get(task.node.rule or "judged", REMEDIATION["judged"])
        task.owner = task.owner or staff
        if position < 6:
            task.deadline = date(2024, 3, 31) if position == 0 else date(2024, 6, 30)
        task.updated_by = leader
        new = services_plans.task_snapshot(task)
        changed = [k for k in new if new[k] != old[k]]
        _audit_task(
            audit,
            leader,
            TASK_UPDATE,
            task,
            old={k: old[k] for k in changed},
            new={k: new[k] for k in changed},
        )
    Task.objects.bulk_update(tasks, ["remediation", "owner", "deadline", "updated_by"])


class ProgressFiles:
    """The evidence of the year's progress: the unit's 2024 CCHC plan for the first half
    year and its 2024 CCHC report for the second, the files its 2024 self-assessment
    already stored (one stored file, used again)."""

    def __init__(self, staff: User, store: FileStore) -> None:
        self.staff, self.store = staff, store

    def get(self, quarter: int) -> tuple[str, EvidenceFile]:
        document = PLAN_SNV if quarter <= 2 else REPORT_SNV
        return document.name, self.store.get(document, uploader=self.staff)


def _progress(staff: User, tasks: list[Task], stored: ProgressFiles, audit: AuditBatch) -> None:
    updates: list[ProgressUpdate] = []
    attached: list[ProgressEvidence] = []
    for position, task in enumerate(tasks):
        steps, extended = _steps(position)
        for step in steps:
            update = ProgressUpdate(
                task=task, percent=step.percent, note=step.note, author=staff, at=_at(step.day)
            )
            updates.append(update)
            names = []
            if step.quarter:
                name, file = stored.get(step.quarter)
                attached.append(
                    ProgressEvidence(update=update, file=file, name=name, uploaded_by=staff)
                )
                names.append(name)
            old = {"progress": task.progress, "status": task.status}
            task.progress, task.status = step.percent, services_plans.status_for(step.percent)
            task.completed_at = _at(step.day) if step.percent == 100 else None
            new = {"progress": task.progress, "status": task.status, "note": step.note}
            _audit_task(audit, staff, TASK_PROGRESS, task, old=old, new={**new, "evidence": names})
        if extended is not None:
            task.deadline = extended
    ProgressUpdate.objects.bulk_create(updates)
    ProgressEvidence.objects.bulk_create(attached)
    Task.objects.bulk_update(tasks, ["progress", "status", "completed_at", "deadline"])


# unit → year → leaf code → figures per period (numerator, denominator) or a value.
RATIOS: Mapping[str, Mapping[int, Mapping[str, tuple[tuple[int, int], ...]]]] = {
    "SNV": {
        2024: {
            "3.3.2": ((3, 9), (4, 10), (5, 9), (4, 10), (5, 10), (6, 10)),
            "7.2.1": ((610, 640), (655, 690), (702, 730)),
        },
        2025: {
            "3.3.1": ((1520, 1610), (1490, 1600), (1705, 1790), (1630, 1700)),
            "3.3.2": ((4, 10), (5, 10), (5, 11), (6, 11)),
            "7.2.1": ((650, 650), (710, 710), (700, 700), (736, 736)),
            "7.2.2": ((520, 650), (555, 710), (560, 700), (600, 736)),
            "6.1": ((12, 100), (25, 100), (31, 100), (38, 100)),
        },
    },
    "P-DONGHA": {
        2025: {
            "3.2.3": ((1820, 2010), (1995, 2140)),
            "3.3.2": ((41, 60), (52, 64)),
            "7.2.1": ((1210, 1215), (1302, 1302)),
        },
    },
}
VALUES: Mapping[str, Mapping[int, Mapping[str, tuple[str, ...]]]] = {
    "SNV": {2025: {"3.6": ("91.2", "92.5")}},
    "P-DONGHA": {2025: {"6.2": ("41.5", "63.0"), "3.6": ("88.4",)}},
}
FREQUENCIES = {"SNV": Frequency.MONTH, "P-DONGHA": Frequency.QUARTER}


def _figure(unit: Unit, year: int, leaf: str, period: int, **values: Decimal) -> OperationalFigure:
    return OperationalFigure(unit=unit, year=year, node_code=leaf, period=period, **values)


def _figures(users: Mapping[str, User], units: Mapping[str, Unit], audit: AuditBatch) -> None:
    rows: list[OperationalFigure] = []
    for code in RATIOS:
        unit, staff = units[code], _staff(users, code)
        for year in sorted({*RATIOS[code], *VALUES.get(code, {})}):
            criteria_set = set_in_force(unit, year)
            if (
                criteria_set is None
                or OperationalFigure.objects.filter(unit=unit, year=year).exists()
            ):
                continue
            made = [
                _figure(unit, year, leaf, period, numerator=Decimal(n), denominator=Decimal(d))
                for leaf, pairs in RATIOS[code].get(year, {}).items()
                for period, (n, d) in enumerate(pairs, start=1)
            ] + [
                _figure(unit, year, leaf, period, value=Decimal(value))
                for leaf, values in VALUES.get(code, {}).get(year, {}).items()
                for period, value in enumerate(values, start=1)
            ]
            for row in made:
                row.criteria_set, row.frequency, row.entered_by = (
                    criteria_set,
                    FREQUENCIES[code],
                    staff,
                )
                audit.add(
                    actor=staff,
                    action=FIGURE_SAVE,
                    target=row,
                    new=services_figures.snapshot(row),
                    unit=code,
                    node=row.node_code,
                )
            rows.extend(made)
    OperationalFigure.objects.bulk_create(rows)
