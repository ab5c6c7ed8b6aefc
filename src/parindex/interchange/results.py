"""Computed results out (JSON, XLSX, a terminal table) and last year's JSON back in.

The JSON layout is stable and documented in ``docs/results.md``: figures are decimal
strings with a dot (``"93.36"``), counts and ranks are integers, absent values are
``null``. :func:`load_previous` reads a file written by :func:`write_json` a year later.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

# openpyxl ships no type hints; ``unused-ignore`` keeps mypy quiet once types-openpyxl is added
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.worksheet import (  # type: ignore[import-untyped, unused-ignore]
    Worksheet,
)

from parindex.interchange.errors import (
    FILE_NOT_FOUND,
    FILE_UNREADABLE,
    NOT_A_LIST,
    ImportFailed,
    Problem,
)
from parindex.numbers import format_vn
from parindex.scoring import (
    FieldResult,
    GroupResult,
    Previous,
    RoundingPolicy,
    RoundResult,
    UnitResult,
)

JsonObject = dict[str, Any]

# ---------------------------------------------------------------------------------------
# JSON out


def _figure(value: Decimal | None) -> str | None:
    """A Decimal as a plain dot-decimal string (never an exponent, never ``-0``)."""
    if value is None:
        return None
    if value.is_zero():
        value = abs(value)
    return format(value, "f")


def _mover(unit: UnitResult | None) -> JsonObject | None:
    if unit is None:
        return None
    return {
        "code": unit.unit.code,
        "name": unit.unit.name,
        "index_change": _figure(unit.index_change),
    }


def _unit_field(field: FieldResult, self_field: FieldResult) -> JsonObject:
    return {
        "code": field.code,
        "title": field.title,
        "max_points": _figure(field.max_points),
        "achieved": None if field.not_applicable else _figure(field.achieved),
        "applicable_max": _figure(field.applicable_max),
        "index": _figure(field.index),
        "self_achieved": None if self_field.not_applicable else _figure(self_field.achieved),
    }


def _unit_json(unit: UnitResult) -> JsonObject:
    side, own = unit.appraised, unit.self_scored
    return {
        "code": unit.unit.code,
        "name": unit.unit.name,
        "rank": unit.rank,
        "achieved": _figure(side.achieved),
        "applicable_max": _figure(side.applicable_max),
        "index": _figure(side.index),
        "class": unit.band.label if unit.band else None,
        "class_short": (unit.band.short or None) if unit.band else None,
        "index_change": _figure(unit.index_change),
        "rank_change": unit.rank_change,
        "previous_index": _figure(unit.previous_index),
        "previous_rank": unit.previous_rank,
        "self": {
            "achieved": _figure(own.achieved),
            "applicable_max": _figure(own.applicable_max),
            "index": _figure(own.index),
        },
        "fields": [_unit_field(f, s) for f, s in zip(side.fields, own.fields, strict=True)],
    }


def _group_json(group: GroupResult) -> JsonObject:
    return {
        "code": group.group.code,
        "name": group.group.name,
        "average": _figure(group.average),
        "above_average": group.above_average,
        "highest": _figure(group.highest),
        "lowest": _figure(group.lowest),
        "spread": _figure(group.spread),
        "riser": _mover(group.riser),
        "faller": _mover(group.faller),
        "fields": [
            {
                "code": f.code,
                "title": f.title,
                "max_points": _figure(f.max_points),
                "average": _figure(f.average),
                "at_max": f.at_max,
                "units": f.units,
            }
            for f in group.fields
        ],
        "units": [_unit_json(u) for u in group.units],
    }


def results_to_json(result: RoundResult) -> JsonObject:
    """The round's results in the stable layout of ``docs/results.md``."""
    criteria = result.criteria
    return {
        "criteria": {"code": criteria.code, "name": criteria.name, "year": criteria.year},
        "groups": [_group_json(g) for g in result.groups],
    }


def write_json(result: RoundResult, target: str | os.PathLike[str] | IO[str]) -> None:
    """Write :func:`results_to_json` as UTF-8 JSON (indented, Vietnamese kept readable)."""
    text = json.dumps(results_to_json(result), ensure_ascii=False, indent=2) + "\n"
    if isinstance(target, str | os.PathLike):
        Path(target).write_text(text, encoding="utf-8")
    else:
        target.write(text)


# ---------------------------------------------------------------------------------------
# XLSX out

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


def _places(value: Decimal, minimum: int) -> int:
    """Decimals to show: the declared ones, or more when a score was entered with more."""
    exponent = value.as_tuple().exponent
    return max(minimum, -exponent if isinstance(exponent, int) else 0)


class _Formats:
    """Excel number formats for the declared rounding of the criteria set."""

    def __init__(self, rounding: RoundingPolicy) -> None:
        self.score_decimals = rounding.score_decimals
        self.index = _number_format(rounding.index_decimals)
        self.change = _number_format(rounding.index_decimals, signed=True)
        self.rank_change = _number_format(0, signed=True)

    def points(self, value: Decimal | None) -> str:
        decimals = self.score_decimals if value is None else _places(value, self.score_decimals)
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
    return f"{unit.unit.name} ({_signed_vn(unit.index_change, decimals)})"


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


# ---------------------------------------------------------------------------------------
# Text table out

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


def _signed_vn(value: Decimal | int | None, decimals: int | None) -> str:
    if value is None:
        return ""
    text = format_vn(value, decimals)
    return f"+{text}" if value > 0 else text


def _width(text: str) -> int:
    return sum(1 for c in text if not unicodedata.combining(c))


def _pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def _table_row(unit: UnitResult, rounding: RoundingPolicy) -> list[str]:
    def points(value: Decimal) -> str:
        return format_vn(value, _places(value, rounding.score_decimals))

    index = rounding.index_decimals
    return [
        str(unit.rank),
        unit.unit.code,
        unit.unit.name,
        points(unit.appraised.achieved),
        points(unit.appraised.applicable_max),
        format_vn(unit.index, index),
        unit.band.label if unit.band else "",
        _signed_vn(unit.index_change, index),
        _signed_vn(unit.rank_change, None),
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
            change = _signed_vn(mover.index_change, decimals)
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


# ---------------------------------------------------------------------------------------
# Last year's JSON in

PREVIOUS_NOT_JSON = "tệp không phải JSON hợp lệ (dòng {line}, cột {column}): {error}"
PREVIOUS_NOT_OBJECT = "phải là một đối tượng JSON"
PREVIOUS_NOT_LIST = NOT_A_LIST
PREVIOUS_MISSING = "thiếu trường bắt buộc"
PREVIOUS_BAD_CODE = "mã đơn vị phải là một chuỗi không rỗng"
PREVIOUS_BAD_INDEX = "«{value}» không phải là chỉ số; cần một số thập phân không âm, ví dụ «93.36»"
PREVIOUS_BAD_RANK = "«{value}» không phải là hạng; cần một số nguyên dương hoặc null"
PREVIOUS_DUPLICATE = "mã đơn vị «{code}» đã có ở {first}"


class _Reader:
    """Walks the JSON tree, collecting a :class:`Problem` per bad value."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, where: str | None, message: str) -> None:
        problem = Problem(file=self.path, sheet=None, row=None, column=where, message=message)
        self.problems.append(problem)

    def typed(self, value: object, kind: type, where: str, message: str) -> Any:
        if isinstance(value, kind):
            return value
        self.problem(where, message)
        return None


def _shown(value: object) -> str:
    """A JSON value as the user wrote it, for a message."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _parse_index(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        return None
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None


def _parse_rank(value: object) -> tuple[bool, int | None]:
    if value is None:
        return True, None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return True, value
    return False, None


def _read_unit(reader: _Reader, unit: object, where: str) -> tuple[str, Previous] | None:
    entry = reader.typed(unit, dict, where, PREVIOUS_NOT_OBJECT)
    if entry is None:
        return None
    required = [key for key in ("code", "index") if key not in entry]
    for key in required:
        reader.problem(f"{where}.{key}", PREVIOUS_MISSING)
    code, index = entry.get("code"), _parse_index(entry.get("index"))
    ok_rank, rank = _parse_rank(entry.get("rank"))
    if "code" in entry and not (isinstance(code, str) and code.strip()):
        reader.problem(f"{where}.code", PREVIOUS_BAD_CODE)
    if "index" in entry and index is None:
        reader.problem(f"{where}.index", PREVIOUS_BAD_INDEX.format(value=_shown(entry["index"])))
    if not ok_rank:
        reader.problem(f"{where}.rank", PREVIOUS_BAD_RANK.format(value=_shown(entry.get("rank"))))
    if required or index is None or not ok_rank or not isinstance(code, str) or not code.strip():
        return None
    return code.strip(), Previous(index=index, rank=rank)


def _units_of(reader: _Reader, data: object) -> Iterator[tuple[str, object]]:
    """(JSON path, unit object) of every unit in the file."""
    top = reader.typed(data, dict, "$", PREVIOUS_NOT_OBJECT)
    if top is None:
        return
    if "groups" not in top:
        reader.problem("groups", PREVIOUS_MISSING)
        return
    groups = reader.typed(top["groups"], list, "groups", PREVIOUS_NOT_LIST)
    for g, group in enumerate(groups or []):
        where = f"groups[{g}]"
        entry = reader.typed(group, dict, where, PREVIOUS_NOT_OBJECT)
        if entry is None:
            continue
        if "units" not in entry:
            reader.problem(f"{where}.units", PREVIOUS_MISSING)
            continue
        units = reader.typed(entry["units"], list, f"{where}.units", PREVIOUS_NOT_LIST)
        for u, unit in enumerate(units or []):
            yield f"{where}.units[{u}]", unit


def _read_json(reader: _Reader, path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        reader.problem(None, FILE_NOT_FOUND)
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reader.problem(None, FILE_UNREADABLE.format(reason=exc))
        return None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        message = PREVIOUS_NOT_JSON.format(line=exc.lineno, column=exc.colno, error=exc.msg)
        reader.problem(None, message)
        return None


def _collect(reader: _Reader, data: object) -> dict[str, Previous]:
    found: dict[str, Previous] = {}
    first_seen: dict[str, str] = {}
    for where, unit in _units_of(reader, data):
        read = _read_unit(reader, unit, where)
        if read is None:
            continue
        code, previous = read
        if code in found:
            reader.problem(
                f"{where}.code", PREVIOUS_DUPLICATE.format(code=code, first=first_seen[code])
            )
            continue
        found[code], first_seen[code] = previous, where
    return found


def load_previous(path: str | os.PathLike[str]) -> dict[str, Previous]:
    """Index and rank per unit code from a results JSON of an earlier year.

    Raises :class:`ImportFailed` listing every bad value with its JSON path as column
    (``groups[0].units[3].index``); like the other importers, problems name the file
    without its folder.
    """
    reader = _Reader(Path(path).name)
    data = _read_json(reader, Path(path))
    found = _collect(reader, data) if not reader.problems else {}
    if reader.problems:
        raise ImportFailed(reader.problems)
    return found


__all__ = [
    "format_table",
    "load_previous",
    "results_to_json",
    "write_json",
    "write_xlsx",
]
