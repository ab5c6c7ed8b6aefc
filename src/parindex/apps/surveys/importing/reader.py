"""Reading a ballot file row by row (CSV or XLSX) without holding it in memory.

CSV files follow the project's conventions (UTF-8 with or without a byte-order mark,
comma separated, or semicolons when the header has semicolons and no comma). In a
workbook the sheet "Phiếu" is read, or else the first sheet; its rows are streamed by
:mod:`.sheet`, which gives the values openpyxl's read-only mode gives, or by openpyxl
itself where that reader is unsure. Row numbers are the ones people see: the header is row 1.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TextIO

from openpyxl import load_workbook

from parindex.apps.surveys.importing.sheet import Book, Sheet, Unsure
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
    """A workbook's ballot sheet. Its rows are read by :mod:`.sheet` (the values
    openpyxl gives, about ten times faster); a workbook that reader is not sure of is
    read by openpyxl's read-only mode, from its start or from the row where the fast
    reader stopped."""

    sheet: str | None

    def __init__(self, path: Path, file: str) -> None:
        self.path, self.file = path, file
        self.book: Any = None
        self.fast_book: Book | None = None
        self.fast: Sheet | None = None
        self.worksheet: Any = None
        try:
            self._open_fast()
        except (Unsure, *XLSX_ERRORS):
            self._close_fast()
            self._open_openpyxl()

    def _open_fast(self) -> None:
        self.fast_book = Book(self.path)
        names = {unicodedata.normalize("NFC", name): m for name, m in self.fast_book.sheets}
        self.sheet = BALLOT_SHEET if BALLOT_SHEET in names else next(iter(names))
        self.fast = self.fast_book.sheet(names[self.sheet])
        first = next(self.fast.rows(max_row=1), ())
        self.header = tuple(header_name(v) for v in first)

    def _close_fast(self) -> None:
        book, self.fast_book, self.fast = self.fast_book, None, None
        if book is not None:
            book.close()

    def _open_openpyxl(self) -> None:
        try:
            self.book = load_workbook(self.path, read_only=True, data_only=True)
        except XLSX_ERRORS as exc:
            reason = type(exc).__name__
            raise _fail(self.file, e.FILE_UNREADABLE.format(reason=reason)) from None
        names = {unicodedata.normalize("NFC", ws.title): ws for ws in self.book.worksheets}
        self.sheet = BALLOT_SHEET if BALLOT_SHEET in names else next(iter(names))
        self.worksheet = names[self.sheet]
        first = next(self.worksheet.iter_rows(max_row=1, values_only=True), ())
        self.header = tuple(header_name(v) for v in first)

    def rows(self) -> Iterator[tuple[int, Row]]:
        number = 2
        if self.fast is not None:
            try:
                for values in self.fast.rows(min_row=2):
                    yield number, values
                    number += 1
                return
            except (Unsure, *XLSX_ERRORS):
                # Every row given so far was read for sure; openpyxl reads the rest.
                self._close_fast()
                self._open_openpyxl()
        lines = self.worksheet.iter_rows(min_row=number, values_only=True)
        yield from enumerate(lines, start=number)

    def estimated_rows(self) -> int:
        table = self.fast if self.fast is not None else self.worksheet
        return max(0, (table.max_row or 1) - 1)

    def close(self) -> None:
        self._close_fast()
        if self.book is not None:
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
