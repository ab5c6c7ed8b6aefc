"""A report's tables as an .xlsx workbook: one sheet per table, numbers kept as numbers.

Numeric cells hold the exact ``Decimal`` value with a number format of the published
decimals (``0.00``), never text, so officials can compute with them; Excel shows them
with the reader's own decimal separator.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from parindex.apps.reports.tables import (
    SIGNED_KINDS,
    Band,
    Column,
    Kind,
    ReportTable,
    Value,
    decimals_of,
)

TITLE_ROW = 1
NOTE_ROW = 2
HEADER_ROW = 3
MIN_WIDTH = 8
MAX_WIDTH = 60
HEADER_WRAP = 18
LINE_HEIGHT = 15
THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
BAND_FILL = PatternFill("solid", fgColor="F2F2F2")
_BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def number_format(decimals: int, *, signed: bool = False) -> str:
    body = "0." + "0" * decimals if decimals > 0 else "0"
    return f"+{body};-{body};{body}" if signed else body


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of ``[]:*?/\\``)."""
    base = " ".join(name.translate(_BAD_SHEET_CHARS).split())[:31] or "Bảng"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def headers(table: ReportTable) -> list[str]:
    out: list[str] = []
    for column in table.columns:
        out.extend(column.pair_headers if column.kind is Kind.PAIR else (column.header,))
    return out


def cells(value: Value, column: Column) -> list[tuple[Decimal | int | str | None, str | None]]:
    """The spreadsheet cells of one value: (value, number format) — two for a pair."""
    if column.kind is Kind.PAIR:
        if not isinstance(value, tuple):
            return [(value if isinstance(value, str) else None, None), (None, None)]
        point = Column(column.header, Kind.POINTS, column.decimals)
        return [cells(part, point)[0] for part in value]
    if value is None or isinstance(value, str | tuple):
        return [(None if isinstance(value, tuple) else value, None)]
    signed = column.kind in SIGNED_KINDS
    return [(value, number_format(decimals_of(value, column), signed=signed))]


def _header(ws: Worksheet, names: Sequence[str]) -> None:
    for number, text in enumerate(names, start=1):
        cell = ws.cell(row=HEADER_ROW, column=number, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = GRID
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _row(ws: Worksheet, number: int, table: ReportTable, row: tuple[Value, ...]) -> None:
    column_number = 1
    for value, column in zip(row, table.columns, strict=True):
        for cell_value, fmt in cells(value, column):
            cell = ws.cell(row=number, column=column_number, value=cell_value)
            cell.border = GRID
            cell.alignment = Alignment(wrap_text=not column.numeric, vertical="top")
            if fmt is not None:
                cell.number_format = fmt
            column_number += 1


def _band(ws: Worksheet, number: int, band: Band, width: int) -> None:
    cell = ws.cell(row=number, column=1, value=band.text)
    cell.font = Font(bold=True)
    for column in range(1, width + 1):
        ws.cell(row=number, column=column).fill = BAND_FILL
        ws.cell(row=number, column=column).border = GRID
    if width > 1:
        ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)


def _fit(ws: Worksheet, width: int, bands: set[int]) -> None:
    """Column widths from the longest value (band rows span the table and do not count)."""
    longest: dict[int, int] = {}
    for row in ws.iter_rows(min_row=HEADER_ROW, max_row=ws.max_row):
        for cell in row:
            if cell.value is None or cell.row in bands:
                continue
            length = len(str(cell.value))
            if cell.row == HEADER_ROW:
                length = min(length, HEADER_WRAP)
            longest[cell.column] = max(longest.get(cell.column, 0), length + 2)
    lines = 1
    for column in range(1, width + 1):
        size = min(max(longest.get(column, 0), MIN_WIDTH), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(column)].width = size
        header = str(ws.cell(row=HEADER_ROW, column=column).value or "")
        lines = max(lines, -(-len(header) // max(size - 2, 1)))
    ws.row_dimensions[HEADER_ROW].height = LINE_HEIGHT * lines


def write_table(ws: Worksheet, table: ReportTable) -> None:
    names = headers(table)
    ws.cell(row=TITLE_ROW, column=1, value=table.title).font = Font(bold=True, size=13)
    if table.note:
        ws.cell(row=NOTE_ROW, column=1, value=table.note).font = Font(italic=True)
    _header(ws, names)
    bands: set[int] = set()
    for number, row in enumerate(table.rows, start=HEADER_ROW + 1):
        if isinstance(row, Band):
            _band(ws, number, row, len(names))
            bands.add(number)
        else:
            _row(ws, number, table, row)
    _fit(ws, len(names), bands)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if len(names) > 6 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def workbook_bytes(tables: Sequence[ReportTable]) -> bytes:
    """Every table on a sheet of its own, in order."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    taken: set[str] = set()
    for table in tables:
        write_table(book.create_sheet(sheet_name(table.sheet, taken)), table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
