"""Records (one row, or one YAML mapping, with its place in the file) and typed reading of
their cells, collecting every problem instead of stopping at the first."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from parindex.interchange import errors as e
from parindex.interchange.errors import ImportFailed, Problem
from parindex.numbers import format_vn

CODE_PATTERN = re.compile(r"[^\s;,|=:]+")
_DATE_VN = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True, slots=True)
class Record:
    """Values of one row (or YAML mapping) keyed by column, and where they came from.

    ``rows`` gives a different row per column where it differs from ``row`` (YAML keys on
    their own lines; the key/value sheet). ``overflow``: the row had values beyond the
    header's last column.
    """

    file: str
    sheet: str | None
    row: int | None
    values: Mapping[str, object]
    rows: Mapping[str, int] = field(default_factory=dict)
    overflow: bool = False

    def get(self, column: str) -> object:
        return self.values.get(column)

    def has(self, column: str) -> bool:
        return not is_blank(self.values.get(column))

    def problem(self, column: str | None, message: str) -> Problem:
        row = self.rows.get(column, self.row) if column else self.row
        return Problem(self.file, self.sheet, row, column, message)


class Collector:
    """Every problem of one file; :meth:`raise_if_any` ends the import if there is one.

    ``sheets``: the order of the workbook's sheets, for listing problems in file order.
    """

    def __init__(self, sheets: Sequence[str] = ()) -> None:
        self.problems: list[Problem] = []
        self.sheets = tuple(sheets)

    def add(self, record: Record, column: str | None, message: str) -> None:
        self.problems.append(record.problem(column, message))

    def add_problem(self, problem: Problem) -> None:
        self.problems.append(problem)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ImportFailed(sort_problems(self.problems, self.sheets))


def sort_problems(problems: Iterable[Problem], sheets: Sequence[str] = ()) -> list[Problem]:
    """Problems in the order of the file: sheet by sheet, row by row (a problem of a whole
    sheet first). Sheets not in ``sheets`` follow, in the order first seen."""
    problems = list(problems)
    order: dict[str | None, int] = {name: i for i, name in enumerate(sheets)}
    for p in problems:
        order.setdefault(p.sheet, len(order))
    return sorted(problems, key=lambda p: (order[p.sheet], p.row or 0))


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: object) -> str:
    """A cell as trimmed NFC text; numbers as typed (no float noise), dates ISO."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(str(value)))
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def parse_decimal(value: object) -> Decimal | None:
    """A number from a cell or YAML scalar; ``None`` when it is not one.

    Accepts a decimal comma (``0,5``) when the text has no dot. Floats from spreadsheet
    cells go through ``str`` so that 0.1 stays 0.1.
    """
    number: Decimal | None
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    elif isinstance(value, str):
        number = _decimal_from_text(value)
    else:
        return None
    return number if number is not None and number.is_finite() else None


def _decimal_from_text(text: str) -> Decimal | None:
    text = text.strip()
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already rules these out
        return None


def show(value: Decimal) -> str:
    """A number as people read it in a message (``0,5``)."""
    return format_vn(value.normalize() if value == value.to_integral_value() else value)


def choices(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


class Cells:
    """Reads typed values from records; every problem goes to the collector.

    Each reader returns ``None`` when the cell is blank (and not required) or wrong.
    """

    def __init__(self, collector: Collector) -> None:
        self.collector = collector

    def fail(self, record: Record, column: str | None, message: str) -> None:
        self.collector.add(record, column, message)

    def raw(self, record: Record, column: str, *, required: bool = False) -> object:
        value = record.get(column)
        if is_blank(value):
            if required:
                self.fail(record, column, e.REQUIRED)
            return None
        return value

    def text(self, record: Record, column: str, *, required: bool = False) -> str | None:
        value = self.raw(record, column, required=required)
        if value is None:
            return None
        if isinstance(value, list | dict):
            self.fail(record, column, e.NOT_TEXT)
            return None
        return as_text(value)

    def code(self, record: Record, column: str, *, required: bool = False) -> str | None:
        value = self.text(record, column, required=required)
        if value is not None and not CODE_PATTERN.fullmatch(value):
            self.fail(record, column, e.BAD_CODE.format(value=value))
            return None
        return value

    def decimal(self, record: Record, column: str, *, required: bool = False) -> Decimal | None:
        value = self.raw(record, column, required=required)
        if value is None:
            return None
        number = parse_decimal(value)
        if number is None:
            self.fail(record, column, e.NOT_A_NUMBER.format(value=as_text(value)))
        return number

    def non_negative(
        self, record: Record, column: str, *, required: bool = False
    ) -> Decimal | None:
        number = self.decimal(record, column, required=required)
        if number is not None and number < 0:
            self.fail(record, column, e.NEGATIVE.format(value=show(number)))
            return None
        return number

    def positive(self, record: Record, column: str, *, required: bool = False) -> Decimal | None:
        number = self.decimal(record, column, required=required)
        if number is not None and number <= 0:
            self.fail(record, column, e.NOT_POSITIVE.format(value=show(number)))
            return None
        return number

    def integer(
        self, record: Record, column: str, *, low: int, high: int, required: bool = False
    ) -> int | None:
        value = self.raw(record, column, required=required)
        if value is None:
            return None
        number = parse_decimal(value)
        if number is None or number != number.to_integral_value():
            self.fail(record, column, e.NOT_AN_INTEGER.format(value=as_text(value)))
            return None
        if not low <= number <= high:
            message = e.OUT_OF_RANGE.format(value=show(number), low=low, high=high)
            self.fail(record, column, message)
            return None
        return int(number)

    def choice[E: StrEnum](self, record: Record, column: str, enum: type[E]) -> E | None:
        value = self.text(record, column)
        if value is None:
            return None
        try:
            return enum(value.lower())
        except ValueError:
            self.fail(record, column, e.NOT_A_CHOICE.format(value=value, choices=choices(enum)))
            return None

    def date(self, record: Record, column: str) -> date | None:
        value = self.raw(record, column)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        parsed = parse_date(as_text(value))
        if parsed is None:
            self.fail(record, column, e.NOT_A_DATE.format(value=as_text(value)))
        return parsed

    def codes(self, record: Record, column: str) -> frozenset[str]:
        """A list of codes: a YAML list, or text separated by ``;`` or ``,``."""
        value = self.raw(record, column)
        if value is None:
            return frozenset()
        parts = value if isinstance(value, list) else split_list(as_text(value))
        out = set()
        for part in parts:
            text = as_text(part)
            if not CODE_PATTERN.fullmatch(text):
                self.fail(record, column, e.BAD_CODE.format(value=text))
                continue
            out.add(text)
        return frozenset(out)


def split_list(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,\n]", text) if p.strip()]


def parse_date(text: str) -> date | None:
    match = _DATE_VN.fullmatch(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None
