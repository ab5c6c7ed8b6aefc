"""Reading a ballot file row by row (CSV or XLSX) without holding it in memory.

CSV files follow the project's conventions (UTF-8 with or without a byte-order mark,
comma separated, or semicolons when the header has semicolons and no comma). In a
workbook the sheet "Phiếu" is read, or else the first sheet; openpyxl's read-only mode
streams its rows. Row numbers are the ones people see: the header is row 1.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TextIO

from openpyxl import load_workbook

from parindex.interchange import errors as e
from parindex.interchange._tables import XLSX_ERRORS
from parindex.interchange.errors import ImportFailed, Problem

BALLOT_SHEET = "Phiếu"
SUFFIXES = (".csv", ".xlsx")
CHUNK = 1 << 20

type Row = Sequence[object]


class Table(Protocol):
    """A file's header and its rows, streamed."""

    file: str
    sheet: str | None
    header: tuple[str, ...]

    def rows(self) -> Iterator[tuple[int, Row]]: ...

    def estimated_rows(self) -> int: ...


def header_name(value: object) -> str:
    return unicodedata.normalize("NFC", str(value)).strip().lower() if value is not None else ""


def _fail(file: str, message: str) -> ImportFailed:
    return ImportFailed([Problem(file, None, None, None, message)])


class CsvTable:
    sheet: str | None = None

    def __init__(self, path: Path, file: str) -> None:
        self.path, self.file = path, file
        with self._open() as handle:
            first = self._line(handle)
        self.delimiter = ";" if ";" in first and "," not in first else ","
        names = next(csv.reader([first], delimiter=self.delimiter), [])
        self.header = tuple(header_name(v) for v in names)

    def _open(self) -> TextIO:
        return self.path.open(encoding="utf-8-sig", newline="")

    def _line(self, handle: TextIO) -> str:
        try:
            return handle.readline()
        except UnicodeDecodeError:
            raise _fail(self.file, e.NOT_UTF8) from None

    def rows(self) -> Iterator[tuple[int, Row]]:
        with self._open() as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            try:
                next(reader, None)
                yield from enumerate(reader, start=2)
            except UnicodeDecodeError:
                raise _fail(self.file, e.NOT_UTF8) from None

    def estimated_rows(self) -> int:
        lines = 0
        with self.path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                lines += chunk.count(b"\n")
        return max(0, lines - 1)


class XlsxTable:
    sheet: str | None

    def __init__(self, path: Path, file: str) -> None:
        self.path, self.file = path, file
        try:
            self.book = load_workbook(path, read_only=True, data_only=True)
        except XLSX_ERRORS as exc:
            raise _fail(file, e.FILE_UNREADABLE.format(reason=type(exc).__name__)) from None
        names = {unicodedata.normalize("NFC", ws.title): ws for ws in self.book.worksheets}
        self.sheet = BALLOT_SHEET if BALLOT_SHEET in names else next(iter(names))
        self.worksheet = names[self.sheet]
        first = next(self.worksheet.iter_rows(max_row=1, values_only=True), ())
        self.header = tuple(header_name(v) for v in first)

    def rows(self) -> Iterator[tuple[int, Row]]:
        lines = self.worksheet.iter_rows(min_row=2, values_only=True)
        yield from enumerate(lines, start=2)

    def estimated_rows(self) -> int:
        return max(0, (self.worksheet.max_row or 1) - 1)

    def close(self) -> None:
        self.book.close()


@contextmanager
def open_table(path: Path, file: str) -> Iterator[Table]:
    """The table of the file at ``path`` (``file``: its name as uploaded)."""
    suffix = Path(file).suffix.lower()
    if suffix not in SUFFIXES:
        message = e.UNSUPPORTED_FORMAT.format(suffix=suffix or file, allowed=", ".join(SUFFIXES))
        raise _fail(file, message)
    if not path.exists():
        raise _fail(file, e.FILE_NOT_FOUND)
    if suffix == ".csv":
        yield CsvTable(path, file)
        return
    table = XlsxTable(path, file)
    try:
        yield table
    finally:
        table.close()
