"""A quarterly progress report as an XLSX workbook: the title, the generated table of
tasks with the unit's summary of each, and the overall summary.

Cells hold numbers and dates (the spreadsheet shows them in the reader's locale); the
labels are those of the page, in the site's language.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# openpyxl ships no type hints; ``unused-ignore`` keeps mypy quiet once types-openpyxl is added
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from parindex.apps.plans.quarters import QuarterView

TITLE = _("Báo cáo tiến độ thực hiện kế hoạch khắc phục — Quý {quarter} năm {year}")
SUBTITLE = _("{unit}. {plan}. Số liệu đến ngày {day}.")
SHEET = _("Quý {quarter}")
HEADERS = (
    _("STT"),
    _("Mã tiêu chí"),
    _("Tiêu chí"),
    _("Điểm bị trừ"),
    _("Giải pháp khắc phục"),
    _("Phòng, ban chủ trì"),
    _("Công chức phụ trách"),
    _("Thời hạn"),
    _("Tiến độ (%)"),
    _("Tình trạng"),
    _("Quá hạn"),
    _("Kết quả trong quý"),
)
WIDTHS = (6, 10, 40, 11, 40, 22, 22, 12, 11, 16, 9, 50)
YES = _("có")
OVERALL = _("Đánh giá chung")
HEADER_ROW = 4


def filename(view: QuarterView) -> str:
    return f"bao-cao-khac-phuc-{view.plan.unit.code}-{view.plan.year}-quy-{view.quarter}.xlsx"


def _row(number: int, row: Any) -> list[Any]:
    task = row.task
    return [
        number,
        task.code,
        task.title,
        task.lost_points,
        task.remediation,
        task.office.name if task.office else "",
        str(task.owner) if task.owner else "",
        task.deadline,
        row.percent,
        str(row.status_label),
        str(YES) if row.overdue else "",
        row.summary,
    ]


def _layout(sheet: Any, last_row: int) -> None:
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for cells in sheet.iter_rows(min_row=HEADER_ROW, max_row=last_row):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for cells in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=last_row, min_col=8, max_col=8):
        for cell in cells:
            cell.number_format = "DD/MM/YYYY"
    for cells in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=last_row, min_col=4, max_col=4):
        for cell in cells:
            cell.number_format = "0.00##"


def quarter_workbook(view: QuarterView) -> bytes:
    """The report of ``view`` as the bytes of an .xlsx file."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build(view)


def _build(view: QuarterView) -> bytes:
    plan = view.plan
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    sheet = workbook.create_sheet(str(SHEET).format(quarter=view.quarter))
    sheet["A1"] = str(TITLE).format(quarter=view.quarter, year=plan.year)
    sheet["A1"].font = Font(bold=True, size=13)
    day = view.as_of.strftime("%d/%m/%Y")
    sheet["A2"] = str(SUBTITLE).format(unit=plan.unit.name, plan=plan.title, day=day)
    sheet.append([])
    sheet.append([str(h) for h in HEADERS])
    for number, row in enumerate(view.rows, start=1):
        sheet.append(_row(number, row))
    last = sheet.max_row
    _layout(sheet, last)
    summary = view.report.summary if view.report else ""
    sheet.append([])
    sheet.append([str(OVERALL), None, summary])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
