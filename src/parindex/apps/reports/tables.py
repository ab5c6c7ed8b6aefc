"""A report's tables as plain data, written the same way into .docx and .xlsx.

Every table of a report is a :class:`ReportTable`: its columns say how each value is
shown (text, points, index, signed change...). The .docx writer shows numbers the
Vietnamese way (94,58); the .xlsx writer stores them as numbers with a number format of
the same decimals, so that both files hold exactly the same tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from parindex.numbers import format_vn


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"  # counts and ranks: 17.831
    YEAR = "year"  # 2024
    POINTS = "points"  # the declared decimals, or more when a score has more (19,446)
    FIXED = "fixed"  # exactly ``decimals`` decimals (indices, averages, percentages)
    SIGNED = "signed"  # a change with its sign: +3,85 / -1,20
    SIGNED_INTEGER = "signed_integer"  # places gained: +2 / -1
    PAIR = "pair"  # achieved / maximum: 17,45/19,5 (two cells in a spreadsheet)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    decimals: int = 0
    width: float = 2.0  # in centimetres, for the .docx table
    pair_headers: tuple[str, str] = ("", "")  # the two spreadsheet headers of a PAIR column

    @property
    def numeric(self) -> bool:
        return self.kind is not Kind.TEXT


Value = Decimal | int | str | tuple[Decimal | None, Decimal | None] | None


@dataclass(frozen=True, slots=True)
class Band:
    """A row spanning the whole table: the title of the rows below it (a field...)."""

    text: str


Row = tuple[Value, ...] | Band


@dataclass(frozen=True, slots=True)
class ReportTable:
    """``sheet``: the spreadsheet name (≤ 31 characters); ``title``: the table's caption."""

    sheet: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str = ""

    def __post_init__(self) -> None:
        for row in self.rows:
            if not isinstance(row, Band) and len(row) != len(self.columns):
                raise ValueError(f"{self.sheet}: a row has {len(row)} values, not {len(self)}")

    def __len__(self) -> int:
        return len(self.columns)

    def data_rows(self) -> list[tuple[Value, ...]]:
        return [row for row in self.rows if not isinstance(row, Band)]


def places(value: Decimal, minimum: int) -> int:
    """Decimals to show: the declared ones, or more when a score was entered with more
    (trailing zeros of a stored value do not count: 13.0000 has none, 19.446 three)."""
    exponent = value.normalize().as_tuple().exponent
    return max(minimum, -exponent if isinstance(exponent, int) else 0)


SIGNED_KINDS = frozenset({Kind.SIGNED, Kind.SIGNED_INTEGER})


def decimals_of(value: Decimal | int, column: Column) -> int:
    """Decimals a number is shown with in ``column``."""
    if column.kind is Kind.POINTS:
        return places(Decimal(value), column.decimals)
    if column.kind in (Kind.FIXED, Kind.SIGNED):
        return column.decimals
    return 0


def _signed(text: str, value: Decimal | int) -> str:
    if text.strip("0,.-") == "":
        return text.removeprefix("-")
    return f"+{text}" if value > 0 else text


def show(value: Value, column: Column) -> str:
    """``value`` as the .docx shows it; an empty cell for ``None``."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        point = Column(column.header, Kind.POINTS, column.decimals)
        first, second = (show(part, point) for part in value)
        return f"{first or '—'}/{second}" if second else first
    if isinstance(value, str):
        return value
    if column.kind is Kind.YEAR:
        return str(value)
    text = format_vn(value, decimals_of(value, column))
    return _signed(text, value) if column.kind in SIGNED_KINDS else text


def text_row(table: ReportTable, row: Sequence[Value]) -> list[str]:
    return [show(value, column) for value, column in zip(row, table.columns, strict=True)]
