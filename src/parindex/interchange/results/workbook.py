"""Computed results as an XLSX workbook: a sheet per group and a sheet of fields."""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, Any

# openpyxl ships no type hints; ``unused-ignore`` keeps mypy quiet once types-openpyxl is added
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.worksheet import (  # type: ignore[import-untyped, unused-ignore]
    Worksheet,
)

from parindex.interchange.results.figures import places, signed_vn
from parindex.scoring import (
    GroupResult,
    RoundingPolicy,
    RoundResult,
    UnitResult,
)

JsonObject = dict[str, Any]

RESULT_HEADERS = (
    "Hạng",
    "Mã",
    "Đơn vị",
    "Điểm đạt",
    "Điểm tối đa áp dụng",
    "Chỉ số",
    "Xếp loại",
    "Tăng/giảm chỉ số",
    "Tăng/giảm hạng",
)
FIELD_SHEET = "Lĩnh vực"
FIELD_HEADERS = (
    "Nhóm",
    "Mã",
    "Lĩnh vực",
    "Điểm tối đa",
    "Điểm trung bình",
    "Số đơn vị đạt tối đa",
    "Số đơn vị áp dụng",
)
SHEET_TITLE = "Kết quả Chỉ số CCHC năm {year}: {group}"
STAT_AVERAGE = "Chỉ số trung bình"
STAT_ABOVE = "Số đơn vị trên trung bình"
STAT_HIGHEST = "Chỉ số cao nhất"
STAT_LOWEST = "Chỉ số thấp nhất"
STAT_SPREAD = "Khoảng cách cao nhất - thấp nhất"
STAT_RISER = "Tăng chỉ số nhiều nhất"
STAT_FALLER = "Giảm chỉ số nhiều nhất"
HEADER_ROW = 3
MIN_WIDTH = 10
MAX_WIDTH = 45
HEADER_WRAP = 16
LINE_HEIGHT = 15
_BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _number_format(decimals: int, *, signed: bool = False) -> str:
    body = "0." + "0" * decimals if decimals > 0 else "0"
    return f"+{body};-{body};{body}" if signed else body


def _sheet_name(name: str, taken: set[str]) -> str:
    base = " ".join(name.translate(_BAD_SHEET_CHARS).split())[:31] or "Nhóm"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


class _Formats:
    """Excel number formats for the declared rounding of the criteria set."""

    def __init__(self, rounding: RoundingPolicy) -> None:
        self.score_decimals = rounding.score_decimals
        self.index = _number_format(rounding.index_decimals)
        self.change = _number_format(rounding.index_decimals, signed=True)
        self.rank_change = _number_format(0, signed=True)

    def points(self, value: Decimal | None) -> str:
        decimals = self.score_decimals if value is None else places(value, self.score_decimals)
        return _number_format(decimals)


CellValue = Decimal | int | str | None


def _put(ws: Worksheet, row: int, column: int, value: CellValue, fmt: str | None = None) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    if fmt is not None and value is not None:
        cell.number_format = fmt


def _header(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=column, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _unit_row(ws: Worksheet, row: int, unit: UnitResult, fmt: _Formats) -> None:
    band = unit.band.label if unit.band else None
    values: list[tuple[CellValue, str | None]] = [
        (unit.rank, None),
        (unit.unit.code, None),
        (unit.unit.name, None),
        (unit.appraised.achieved, fmt.points(unit.appraised.achieved)),
        (unit.appraised.applicable_max, fmt.points(unit.appraised.applicable_max)),
        (unit.index, fmt.index),
        (band, None),
        (unit.index_change, fmt.change),
        (unit.rank_change, fmt.rank_change),
    ]
    values += [
        (None, None) if f.not_applicable else (f.achieved, fmt.points(f.achieved))
        for f in unit.appraised.fields
    ]
    for column, (value, number_format) in enumerate(values, start=1):
        _put(ws, row, column, value, number_format)


def _mover_text(unit: UnitResult | None, decimals: int) -> str | None:
    if unit is None or unit.index_change is None:
        return None
    return f"{unit.unit.name} ({signed_vn(unit.index_change, decimals)})"


def _stat_rows(
    group: GroupResult, fmt: _Formats, decimals: int
) -> list[tuple[str, CellValue, str]]:
    return [
        (STAT_AVERAGE, group.average, fmt.index),
        (STAT_ABOVE, group.above_average, "0"),
        (STAT_HIGHEST, group.highest, fmt.index),
        (STAT_LOWEST, group.lowest, fmt.index),
        (STAT_SPREAD, group.spread, fmt.index),
        (STAT_RISER, _mover_text(group.riser, decimals), "@"),
        (STAT_FALLER, _mover_text(group.faller, decimals), "@"),
    ]


def _group_sheet(ws: Worksheet, result: RoundResult, group: GroupResult) -> None:
    criteria, fmt = result.criteria, _Formats(result.criteria.rounding)
    ws.cell(row=1, column=1, value=SHEET_TITLE.format(year=criteria.year, group=group.group.name))
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    _header(ws, HEADER_ROW, [*RESULT_HEADERS, *(f"{f.code}. {f.title}" for f in criteria.fields)])
    for row, unit in enumerate(group.units, start=HEADER_ROW + 1):
        _unit_row(ws, row, unit, fmt)
    first = HEADER_ROW + len(group.units) + 2
    for row, (label, value, number_format) in enumerate(
        _stat_rows(group, fmt, criteria.rounding.index_decimals), start=first
    ):
        ws.cell(row=row, column=1, value=label).font = Font(bold=True)
        _put(ws, row, 4, value, number_format)
    ws.freeze_panes = f"D{HEADER_ROW + 1}"


def _field_sheet(ws: Worksheet, result: RoundResult) -> None:
    fmt = _Formats(result.criteria.rounding)
    _header(ws, 1, FIELD_HEADERS)
    rows = [(group.group.name, stats) for group in result.groups for stats in group.fields]
    for row, (group_name, stats) in enumerate(rows, start=2):
        values: list[tuple[CellValue, str | None]] = [
            (group_name, None),
            (stats.code, None),
            (stats.title, None),
            (stats.max_points, fmt.points(stats.max_points)),
            (stats.average, fmt.points(stats.average)),
            (stats.at_max, None),
            (stats.units, None),
        ]
        for column, (value, number_format) in enumerate(values, start=1):
            _put(ws, row, column, value, number_format)
    ws.freeze_panes = "A2"


def _fit_columns(ws: Worksheet, *, header_row: int, last_row: int) -> None:
    """Widths from the longest value of the data rows; long headers wrap onto more lines."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=header_row, max_row=max(header_row, last_row)):
        for cell in row:
            if cell.value is not None:
                length = len(str(cell.value))
                if cell.row == header_row:
                    length = min(length, HEADER_WRAP)
                widths[cell.column] = max(widths.get(cell.column, 0), length + 2)
    lines = 1
    for column in range(1, ws.max_column + 1):
        width = min(max(widths.get(column, 0), MIN_WIDTH), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(column)].width = width
        header = ws.cell(row=header_row, column=column).value
        lines = max(lines, -(-len(str(header or "")) // (width - 2)))
    ws.row_dimensions[header_row].height = LINE_HEIGHT * lines


def write_xlsx(result: RoundResult, target: str | os.PathLike[str] | IO[bytes]) -> None:
    """One sheet per group (results table and statistics) and a per-field sheet."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    taken: set[str] = {FIELD_SHEET.lower()}
    for group in result.groups:
        ws = book.create_sheet(_sheet_name(group.group.name, taken))
        _group_sheet(ws, result, group)
        _fit_columns(ws, header_row=HEADER_ROW, last_row=HEADER_ROW + len(group.units))
    fields = book.create_sheet(FIELD_SHEET)
    _field_sheet(fields, result)
    _fit_columns(fields, header_row=1, last_row=fields.max_row)
    book.save(os.fspath(target) if isinstance(target, str | os.PathLike) else target)
