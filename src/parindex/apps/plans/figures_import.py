"""Operational figures imported from a CSV or XLSX file, and the blank file to fill in.

One row per sub-criterion and period, under the header::

    Mã tiêu chí | Kỳ | Tử số | Mẫu số | Giá trị | Số lượng | Ghi chú

``Kỳ`` is a month (``T5``, ``Tháng 5``) or a quarter (``Q2``, ``Quý 2``, ``Quý II``).
Every row is checked first, with the same rules as the figures page; any problem names
its file, sheet, row and column, and nothing is written. Otherwise every row is written,
and audited, in one transaction (a period already recorded is replaced).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# openpyxl ships no type hints; ``unused-ignore`` keeps mypy quiet once types-openpyxl is added
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Font  # type: ignore[import-untyped, unused-ignore]

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.plans import services_figures
from parindex.apps.plans.models import OperationalFigure
from parindex.apps.plans.refusals import Refused
from parindex.apps.plans.services_figures import FigureInput, Followed
from parindex.interchange._cells import Collector, Record, as_text, parse_decimal
from parindex.interchange._tables import Table, check_columns, read_csv, read_xlsx, unsupported
from parindex.interchange.errors import ImportFailed, Problem
from parindex.planning import projection
from parindex.planning.projection import Frequency

CODE, PERIOD, NUMERATOR, DENOMINATOR, VALUE, COUNT, NOTE = (
    "mã tiêu chí",
    "kỳ",
    "tử số",
    "mẫu số",
    "giá trị",
    "số lượng",
    "ghi chú",
)
COLUMNS = (CODE, PERIOD, NUMERATOR, DENOMINATOR, VALUE, COUNT, NOTE)
HEADER = ("Mã tiêu chí", "Kỳ", "Tử số", "Mẫu số", "Giá trị", "Số lượng", "Ghi chú")
NUMBERS = {NUMERATOR: "numerator", DENOMINATOR: "denominator", VALUE: "value", COUNT: "count"}
ALLOWED = ".csv, .xlsx"
SHEET = "Số liệu"

BAD_PERIOD = _("«{value}» không phải kỳ báo cáo; viết T1…T12 (tháng) hoặc Q1…Q4 (quý)")
NOT_A_NUMBER = _("«{value}» không phải là số")
EMPTY_CODE = _("thiếu mã tiêu chí")
TWICE = _("kỳ này của tiêu chí {code} đã có ở dòng {row}")
NO_ROWS = _("tệp không có dòng số liệu nào")
IMPORTED = _("Đã nhập {count} số liệu từ tệp «{name}».")

_MONTH = re.compile(r"^(?:t|tháng)\s*(\d{1,2})$")
_QUARTER = re.compile(r"^(?:q|quý)\s*(\d|i{1,3}|iv)$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def parse_period(value: object) -> tuple[Frequency, int] | None:
    """``"T5"`` → (month, 5); ``"Quý II"`` → (quarter, 2); ``None`` if not a period."""
    text = unicodedata.normalize("NFC", as_text(value)).lower().strip().rstrip(".")
    if found := _MONTH.match(text):
        return Frequency.MONTH, int(found.group(1))
    if found := _QUARTER.match(text):
        number = found.group(1)
        return Frequency.QUARTER, _ROMAN.get(number) or int(number)
    return None


def _tables(path: Path) -> list[Table]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [read_csv(path)]
    if suffix == ".xlsx":
        return list(read_xlsx(path).values())[:1]
    raise unsupported(path, ALLOWED)


@dataclass(frozen=True, slots=True)
class Row:
    record: Record
    given: FigureInput
    values: dict[str, Decimal | None]


class _Reader:
    """Reads and checks every row, collecting every problem."""

    def __init__(self, unit: Unit, year: int, follow: Followed) -> None:
        self.year, self.follow = year, follow
        self.problems = Collector()
        self.seen: dict[tuple[str, str, int], int] = {}
        self.frequency: dict[str, str] = dict(
            OperationalFigure.objects.filter(unit=unit, year=year).values_list(
                "node_code", "frequency"
            )
        )

    def row(self, record: Record) -> Row | None:
        before = len(self.problems.problems)
        code = as_text(record.get(CODE))
        if not code:
            self.problems.add(record, CODE, str(EMPTY_CODE))
        period = parse_period(record.get(PERIOD))
        if period is None:
            shown = as_text(record.get(PERIOD))
            self.problems.add(record, PERIOD, str(BAD_PERIOD).format(value=shown))
        numbers = {name: self._number(record, column) for column, name in NUMBERS.items()}
        if period is None or len(self.problems.problems) > before:
            return None
        note = as_text(record.get(NOTE))
        given = FigureInput(code, period[0], period[1], note=note, **numbers)
        return self._checked(record, given)

    def _number(self, record: Record, column: str) -> Decimal | None:
        raw = record.get(column)
        if as_text(raw) == "":
            return None
        number = parse_decimal(raw)
        if number is None:
            self.problems.add(record, column, str(NOT_A_NUMBER).format(value=as_text(raw)))
        return number

    def _checked(self, record: Record, given: FigureInput) -> Row | None:
        key = (given.code, given.frequency.value, given.period)
        if key in self.seen:
            message = str(TWICE).format(code=given.code, row=self.seen[key])
            self.problems.add(record, PERIOD, message)
            return None
        self.seen[key] = record.row or 0
        try:
            values = services_figures.checked(self.follow, given)
            known = self.frequency.setdefault(given.code, given.frequency.value)
            if known != given.frequency.value:
                raise services_figures.mixed(given.code, self.year, known)
        except Refused as refused:
            self.problems.add(record, None, refused.message)
            return None
        return Row(record, given, values)


def read(unit: Unit, year: int, path: Path) -> list[Row]:
    """Every row of the file at ``path``, checked; :class:`ImportFailed` lists every problem."""
    reader = _Reader(unit, year, services_figures.followed(unit, year))
    rows: list[Row] = []
    for table in _tables(path):
        if not check_columns(table, reader.problems, required=(CODE, PERIOD), allowed=COLUMNS):
            continue
        for record in table.rows:
            if (row := reader.row(record)) is not None:
                rows.append(row)
    reader.problems.raise_if_any()
    if not rows:
        raise ImportFailed([Problem(path.name, None, None, None, str(NO_ROWS))])
    return rows


@transaction.atomic
def figures_import(*, actor: User, unit: Unit, year: int, path: Path) -> int:
    """Imports the figures of the file at ``path``, all or nothing; returns how many.

    Raises :class:`Refused` (not the unit's people, no criteria set in force) or
    :class:`~parindex.interchange.errors.ImportFailed` with every problem of the file.
    """
    if not access.can_write_unit_reports(actor, unit):
        raise Refused(str(services_figures.NOT_MEMBER))
    rows = read(unit, year, path)
    criteria_set = services_figures.followed(unit, year).criteria_set
    for row in rows:
        services_figures.write(
            actor,
            unit=unit,
            year=year,
            criteria_set=criteria_set,
            given=row.given,
            values=row.values,
        )
    return len(rows)


def blank_workbook(follow: Followed) -> bytes:
    """The file to fill in: the header and one example row per sub-criterion to follow,
    with what its method takes in the note."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    sheet = book.create_sheet(SHEET)
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    with translation.override(settings.LANGUAGE_CODE):
        for code, node in follow.leaves.items():
            method = projection.method_of(node)
            assert method is not None  # the followed leaves are projectable
            takes = ", ".join(
                str(services_figures.WORDS[n]) for n in services_figures.INPUTS[method]
            )
            sheet.append([code, "T1", None, None, None, None, f"{node.title} — {takes}"])
    sheet.column_dimensions["G"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
