"""Computed results as a plain-text table for a terminal (Vietnamese numbers)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

# openpyxl ships no type hints; ``unused-ignore`` keeps mypy quiet once types-openpyxl is added
from parindex.interchange.results.figures import places, signed_vn
from parindex.numbers import format_vn
from parindex.scoring import (
    GroupResult,
    RoundingPolicy,
    RoundResult,
    UnitResult,
)

JsonObject = dict[str, Any]

TABLE_HEADERS = (
    "Hạng",
    "Mã",
    "Đơn vị",
    "Điểm đạt",
    "Tối đa áp dụng",
    "Chỉ số",
    "Xếp loại",
    "± chỉ số",
    "± hạng",
)
_RIGHT = frozenset({0, 3, 4, 5, 7, 8})
TABLE_TITLE = "Kết quả Chỉ số CCHC năm {year} - bộ tiêu chí {code}"
TABLE_GROUP = "Nhóm {name}: {count} đơn vị"
TABLE_AVERAGE = "Chỉ số trung bình: {average}; {above}/{count} đơn vị trên trung bình"
TABLE_RANGE = "Cao nhất: {highest}; thấp nhất: {lowest}; khoảng cách: {spread}"
TABLE_RISER = "Tăng chỉ số nhiều nhất: {name} ({change})"
TABLE_FALLER = "Giảm chỉ số nhiều nhất: {name} ({change})"
TABLE_NO_UNITS = "(không có đơn vị)"


def _width(text: str) -> int:
    return sum(1 for c in text if not unicodedata.combining(c))


def _pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def _table_row(unit: UnitResult, rounding: RoundingPolicy) -> list[str]:
    def points(value: Decimal) -> str:
        return format_vn(value, places(value, rounding.score_decimals))

    index = rounding.index_decimals
    return [
        str(unit.rank),
        unit.unit.code,
        unit.unit.name,
        points(unit.appraised.achieved),
        points(unit.appraised.applicable_max),
        format_vn(unit.index, index),
        unit.band.label if unit.band else "",
        signed_vn(unit.index_change, index),
        signed_vn(unit.rank_change, None),
    ]


def _render(rows: Sequence[Sequence[str]]) -> Iterator[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [_pad(text, widths[i], right=i in _RIGHT) for i, text in enumerate(row)]
        yield "  ".join(cells).rstrip()
        if n == 0:
            yield "  ".join("-" * w for w in widths)


def _table_stats(group: GroupResult, decimals: int) -> Iterator[str]:
    def vn(value: Decimal | None) -> str:
        return format_vn(value, decimals, empty="-")

    count = len(group.units)
    yield TABLE_AVERAGE.format(average=vn(group.average), above=group.above_average, count=count)
    yield TABLE_RANGE.format(
        highest=vn(group.highest), lowest=vn(group.lowest), spread=vn(group.spread)
    )
    for template, mover in ((TABLE_RISER, group.riser), (TABLE_FALLER, group.faller)):
        if mover is not None:
            change = signed_vn(mover.index_change, decimals)
            yield template.format(name=mover.unit.name, change=change)


def _group_table(result: RoundResult, group: GroupResult) -> Iterator[str]:
    criteria = result.criteria
    yield TABLE_GROUP.format(name=group.group.name, count=len(group.units))
    rows = [list(TABLE_HEADERS)] + [_table_row(u, criteria.rounding) for u in group.units]
    yield from _render(rows)
    yield ""
    yield from _table_stats(group, criteria.rounding.index_decimals)


def format_table(result: RoundResult) -> str:
    """A plain-text results table per group, numbers in Vietnamese style (94,58)."""
    title = TABLE_TITLE.format(year=result.criteria.year, code=result.criteria.code)
    blocks = ["\n".join(_group_table(result, g)) for g in result.groups] or [TABLE_NO_UNITS]
    return "\n\n".join([title, *blocks]) + "\n"
