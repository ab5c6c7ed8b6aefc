"""Tables in CSV and XLSX files: reading rows as :class:`Record` objects, and writing.

Row numbers are the ones users see: the header is row 1. Blank rows are skipped.
CSV files are UTF-8, with or without a byte-order mark, comma separated (a header line
with semicolons and no comma, as Excel writes under Vietnamese regional settings, is read
with semicolons); they are written with the mark so that Excel shows Vietnamese text
correctly.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from parindex.interchange import errors as e
from parindex.interchange._cells import Collector, Record, as_text, is_blank
from parindex.interchange.errors import ImportFailed, Problem

XLSX_ERRORS = (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError)


@dataclass(frozen=True, slots=True)
class Table:
    """One sheet (or CSV file): its header and its non-blank rows."""

    file: str
    sheet: str | None
    header: tuple[str, ...]
    rows: tuple[Record, ...]

    def problem(self, column: str | None, message: str) -> Problem:
        return Problem(self.file, self.sheet, 1, column, message)


def file_problem(path: Path, message: str) -> ImportFailed:
    return ImportFailed([Problem(path.name, None, None, None, message)])


def unsupported(path: Path, allowed: str) -> ImportFailed:
    suffix = path.suffix or path.name
    return file_problem(path, e.UNSUPPORTED_FORMAT.format(suffix=suffix, allowed=allowed))


def _header_name(value: object) -> str:
    return unicodedata.normalize("NFC", str(value)).strip().lower() if value is not None else ""


def _table(file: str, sheet: str | None, lines: Iterator[Sequence[object]]) -> Table:
    header = tuple(_header_name(v) for v in next(lines, ()))
    rows = []
    for number, line in enumerate(lines, start=2):
        if all(is_blank(v) for v in line):
            continue
        values = {name: line[i] for i, name in enumerate(header) if name and i < len(line)}
        overflow = any(not is_blank(v) for v in line[len(header) :])
        rows.append(Record(file, sheet, number, values, overflow=overflow))
    return Table(file, sheet, header, tuple(rows))


def read_csv(path: Path) -> Table:
    """The CSV file at ``path``; raises :class:`ImportFailed` when it cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise file_problem(path, e.FILE_NOT_FOUND) from None
    except UnicodeDecodeError:
        raise file_problem(path, e.NOT_UTF8) from None
    except OSError as exc:
        raise file_problem(path, e.FILE_UNREADABLE.format(reason=exc.strerror)) from None
    first = text.partition("\n")[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    lines = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table(path.name, None, iter(lines))


def read_xlsx(path: Path) -> dict[str, Table]:
    """Every sheet of the workbook at ``path`` by name (NFC, as written)."""
    if not path.exists():
        raise file_problem(path, e.FILE_NOT_FOUND)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except XLSX_ERRORS as exc:
        raise file_problem(path, e.FILE_UNREADABLE.format(reason=type(exc).__name__)) from None
    try:
        tables = {}
        for sheet in book.worksheets:
            name = unicodedata.normalize("NFC", sheet.title)
            tables[name] = _table(path.name, name, iter(sheet.iter_rows(values_only=True)))
        return tables
    finally:
        book.close()


def pick_sheet(tables: dict[str, Table], preferred: str) -> Table:
    """The sheet named ``preferred``, else the first sheet of the workbook."""
    return tables.get(preferred) or next(iter(tables.values()))


def check_columns(
    table: Table, collector: Collector, *, required: Sequence[str], allowed: Sequence[str]
) -> bool:
    """Reports missing, unknown and repeated columns and extra values; false if any."""
    before = len(collector.problems)
    for name in required:
        if name not in table.header:
            collector.add_problem(table.problem(name, e.MISSING_COLUMN))
    seen: set[str] = set()
    for name in table.header:
        if not name:
            continue
        if name not in allowed:
            message = e.UNKNOWN_COLUMN.format(allowed=", ".join(allowed))
            collector.add_problem(table.problem(name, message))
        elif name in seen:
            collector.add_problem(table.problem(name, e.DUPLICATE_COLUMN))
        seen.add(name)
    for record in table.rows:
        if record.overflow:
            collector.add(record, None, e.EXTRA_VALUES)
    return len(collector.problems) == before


# --- writing --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet to write: its name, header and rows of plain values."""

    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([as_text(value) for value in row] for row in rows)


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    book = Workbook()
    for default in list(book.worksheets):
        book.remove(default)
    for sheet in sheets:
        _write_sheet(book, sheet)
    book.save(path)


def _write_sheet(book: Workbook, sheet: Sheet) -> None:
    ws = book.create_sheet(sheet.name)
    ws.append(list(sheet.header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [len(h) + 2 for h in sheet.header]
    for row in sheet.rows:
        ws.append(list(row))
        for i, value in enumerate(row):
            lines = str(value).splitlines() or [""]
            widths[i] = min(60, max(widths[i], *(len(line) + 2 for line in lines)))
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
