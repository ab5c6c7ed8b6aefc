"""A survey's figures as an Excel workbook: one sheet per level (units, groups, factors,
questions). Figures are numeric cells rounded to 2 decimals (shown with the decimal sign of
the reader's Excel); labels are Vietnamese."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from parindex.apps.surveys.figures import Figures
from parindex.apps.surveys.models import BallotSource
from parindex.apps.surveys.report import Breakdown, SurveyReport

TWO = Decimal("0.01")
FIGURE_FORMAT = "0.00"
YES = "Có"

SHEET_UNITS = "Đơn vị"
SHEET_GROUPS = "Nhóm đơn vị"
SHEET_FACTORS = "Yếu tố"
SHEET_QUESTIONS = "Câu hỏi"
SOURCE_HEADERS = {
    BallotSource.WEB.value: "Phiếu trực tuyến",
    BallotSource.PAPER.value: "Phiếu giấy",
    BallotSource.POST.value: "Phiếu qua bưu điện",
}
FIGURE_HEADERS = (
    "Số câu trả lời",
    "Tỷ lệ hài lòng (%)",
    "KTC 95% - cận dưới",
    "KTC 95% - cận trên",
    "Điểm trung bình",
    "Điểm theo trọng số (%)",
)
UNIT_HEADERS = (
    "Nhóm",
    "Mã đơn vị",
    "Đơn vị",
    "Quy mô tổng thể (N)",
    "Cỡ mẫu cần",
    "Số phiếu",
    *SOURCE_HEADERS.values(),
    "Chưa đủ cỡ mẫu",
    "Tỷ lệ hài lòng (%)",
    "Điểm theo trọng số (%)",
    *FIGURE_HEADERS,
)
GROUP_HEADERS = ("Nhóm", "Số đơn vị", "Số phiếu", "Tỷ lệ hài lòng (%)", *FIGURE_HEADERS)
FACTOR_HEADERS = ("Mã đơn vị", "Đơn vị", "Mã yếu tố", "Yếu tố", *FIGURE_HEADERS)
QUESTION_HEADERS = ("Mã đơn vị", "Đơn vị", "Mã câu hỏi", "Câu hỏi", *FIGURE_HEADERS)
TOTAL = "Toàn bộ khảo sát"


def _figure(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TWO, ROUND_HALF_UP)


def _figures(f: Figures) -> list[object]:
    low = f.satisfied_ci.low if f.satisfied_ci else None
    high = f.satisfied_ci.high if f.satisfied_ci else None
    return [
        f.answers,
        _figure(f.satisfied),
        _figure(low),
        _figure(high),
        _figure(f.mean),
        _figure(f.weighted),
    ]


def _sheet(book: Workbook, title: str, header: Sequence[str], rows: Iterable[list[object]]) -> None:
    ws: Worksheet = book.create_sheet(title)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [min(40, len(h) + 2) for h in header]
    for row in rows:
        ws.append(row)
        for i, value in enumerate(row):
            widths[i] = min(60, max(widths[i], len(str(value or "")) + 2))
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, Decimal):
                cell.number_format = FIGURE_FORMAT
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"


def _unit_rows(report: SurveyReport) -> Iterable[list[object]]:
    for row in report.units:
        unit, b = row.unit, row.breakdown
        yield [
            unit.group.name,
            unit.code,
            unit.name,
            row.place.population,
            row.required,
            b.ballots,
            *(row.by_source.get(source, 0) for source in SOURCE_HEADERS),
            YES if row.short_of_sample else None,
            _figure(b.satisfied),
            _figure(b.weighted),
            *_figures(b.figures),
        ]


def _detail_rows(report: SurveyReport, *, questions: bool) -> Iterable[list[object]]:
    places: list[tuple[str, str, Breakdown]] = [
        (row.unit.code, row.unit.name, row.breakdown) for row in report.units
    ]
    places.append(("", TOTAL, report.total))
    for code, name, b in places:
        for factor in b.factors:
            if not questions:
                yield [
                    code,
                    name,
                    factor.factor.code,
                    factor.factor.title,
                    *_figures(factor.figures),
                ]
                continue
            for q in factor.questions:
                yield [code, name, q.question.code, q.question.text, *_figures(q.figures)]


def _group_rows(report: SurveyReport) -> Iterable[list[object]]:
    for g in report.groups:
        b = g.breakdown
        yield [g.group.name, g.units, b.ballots, _figure(b.satisfied), *_figures(b.figures)]
    b = report.total
    yield [TOTAL, len(report.units), b.ballots, _figure(b.satisfied), *_figures(b.figures)]


def report_xlsx(report: SurveyReport) -> bytes:
    """The workbook of ``report``."""
    book = Workbook()
    for default in list(book.worksheets):
        book.remove(default)
    _sheet(book, SHEET_UNITS, UNIT_HEADERS, _unit_rows(report))
    _sheet(book, SHEET_GROUPS, GROUP_HEADERS, _group_rows(report))
    _sheet(book, SHEET_FACTORS, FACTOR_HEADERS, _detail_rows(report, questions=False))
    _sheet(book, SHEET_QUESTIONS, QUESTION_HEADERS, _detail_rows(report, questions=True))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
