"""Writing a plan's quarterly progress report (the unit's staff and leader), audited."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.audit.services import audit_record
from parindex.apps.plans.models import Plan, QuarterLine, QuarterReport, Task
from parindex.apps.plans.quarters import started
from parindex.apps.plans.refusals import Refused

NOT_MEMBER = _("Chỉ cán bộ, lãnh đạo của đơn vị mới được viết báo cáo tiến độ.")
NOT_ISSUED = _("Kế hoạch chưa được ban hành: chưa có gì để báo cáo.")
NOT_STARTED = _("Quý {quarter} năm {year} chưa bắt đầu.")
REPORT_SAVED = _("Đã lưu báo cáo tiến độ quý {quarter}.")
REPORT_SAVE = "quarter_report.save"


def _check(actor: User, plan: Plan, quarter: int) -> None:
    if not access.can_write_unit_reports(actor, plan.unit):
        raise Refused(str(NOT_MEMBER))
    if not plan.is_issued:
        raise Refused(str(NOT_ISSUED))
    if not started(plan, quarter):
        raise Refused(str(NOT_STARTED).format(quarter=quarter, year=plan.year))


@transaction.atomic
def quarter_report_save(
    *, actor: User, plan: Plan, quarter: int, summary: str, lines: Mapping[Task, str]
) -> QuarterReport:
    """Saves the report's overall summary and the summary of each task in ``lines``."""
    _check(actor, plan, quarter)
    report = QuarterReport.objects.select_for_update().filter(plan=plan, quarter=quarter).first()
    before = report.summary if report else ""
    kept = dict(report.lines.values_list("task_id", "summary")) if report else {}
    if report is None:
        report = QuarterReport(plan=plan, quarter=quarter, updated_by=actor)
    report.summary, report.updated_by = summary.strip(), actor
    report.full_clean()
    report.save()
    old_lines: dict[str, str] = {}
    new_lines: dict[str, str] = {}
    for task, given in lines.items():
        text = given.strip()
        if task.plan_id != plan.pk or kept.get(task.pk, "") == text:
            continue
        QuarterLine.objects.update_or_create(report=report, task=task, defaults={"summary": text})
        old_lines[task.code], new_lines[task.code] = kept.get(task.pk, ""), text
    if before != report.summary:
        old_lines["summary"], new_lines["summary"] = before, report.summary
    if new_lines:
        audit_record(
            actor=actor,
            action=REPORT_SAVE,
            target=report,
            old=old_lines,
            new={"quarter": quarter, **new_lines},
            round_id=plan.source_round.uuid,
            unit_code=plan.unit.code,
        )
    return report
