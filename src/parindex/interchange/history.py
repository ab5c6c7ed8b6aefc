"""Published indices of earlier years (lịch sử Chỉ số CCHC), read from a file.

Two kinds of file (see ``docs/formats.md``):

- a table (``.csv``, or the sheet "Lịch sử" — else the first sheet — of an ``.xlsx``),
  one row per unit and year: ``year``, ``unit``, ``group``, ``index`` (required),
  ``rank``, ``class``, ``name``, ``group_name``, ``units``, ``achieved``, ``max``;
  a row whose first cell starts with ``#`` is a comment;
- the results JSON that ``parindex compute`` writes (``docs/results.md``): the year is
  ``criteria.year``, each group's units give the rows.

Every problem of the file is collected (file, sheet, row, column, Vietnamese message) and
raised at once as :class:`ImportFailed`; nothing of a file with a problem is returned.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.interchange import errors as e
from parindex.interchange._cells import Cells, Collector, Record, as_text, parse_decimal, show
from parindex.interchange._tables import (
    Table,
    check_columns,
    file_problem,
    pick_sheet,
    read_csv,
    read_xlsx,
    unsupported,
)
from parindex.interchange.errors import ImportFailed, Problem

HISTORY_SHEET = "Lịch sử"
REQUIRED_COLUMNS = ("year", "unit", "group", "index")
HISTORY_COLUMNS = (
    *REQUIRED_COLUMNS,
    "rank",
    "class",
    "name",
    "group_name",
    "units",
    "achieved",
    "max",
)
HISTORY_FORMATS = ".csv, .xlsx hoặc .json"
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_INDEX = 150
COMMENT = "#"

DUPLICATE_UNIT_YEAR = "đơn vị «{unit}» năm {year} đã có ở {where}"
RANK_ABOVE_UNITS = "hạng {rank} lớn hơn số đơn vị của nhóm ({units})"
GROUP_SIZE_DIFFERS = "nhóm «{group}» năm {year} có số đơn vị {units}, khác {where} ({first})"
GROUP_NAME_DIFFERS = "nhóm «{group}» năm {year} có tên «{name}», khác {where} («{first}»)"
JSON_NOT_VALID = "tệp không phải JSON hợp lệ (dòng {line}, cột {column}): {error}"
JSON_MISSING = "thiếu trường bắt buộc"
JSON_NOT_OBJECT = "phải là một đối tượng JSON"
JSON_NOT_TEXT = "phải là một chuỗi không rỗng"
JSON_BAD_YEAR = "«{value}» không phải là năm (số nguyên từ {low} đến {high})"
JSON_BAD_INDEX = "«{value}» không phải là chỉ số (số thập phân từ 0 đến {high}, ví dụ «93.36»)"
JSON_BAD_NUMBER = "«{value}» không phải là số không âm"
JSON_BAD_RANK = "«{value}» không phải là hạng; cần một số nguyên dương hoặc null"


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    """One unit's published figures of one year, and where the file holds them.

    ``index`` keeps the decimals it was written with (``74``, ``81.25``).
    """

    year: int
    unit: str
    group: str
    index: Decimal
    rank: int | None = None
    class_label: str = ""
    name: str = ""
    group_name: str = ""
    units: int | None = None
    achieved: Decimal | None = None
    max_points: Decimal | None = None
    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column_prefix: str = ""

    @property
    def index_decimals(self) -> int:
        exponent = self.index.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0

    def problem(self, column: str | None, message: str) -> Problem:
        """A problem about this record's ``column`` (a JSON key under its path)."""
        if self.column_prefix:
            where = f"{self.column_prefix}.{column}" if column else self.column_prefix
            return Problem(self.file, None, None, where, message)
        return Problem(self.file, self.sheet, self.row, column, message)


def load_history(path: str | os.PathLike[str]) -> list[HistoryRecord]:
    """The records of a history table or results JSON, in file order."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        records = _json_records(path)
    elif suffix in (".csv", ".xlsx"):
        records = _table_records(path)
    else:
        raise unsupported(path, HISTORY_FORMATS)
    _check_consistency(records)
    return records


# --- tables -----------------------------------------------------------------------------


def _table(path: Path) -> Table:
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    return pick_sheet(read_xlsx(path), HISTORY_SHEET)


def _is_comment(record: Record, header: Sequence[str]) -> bool:
    first = record.get(header[0]) if header else None
    return as_text(first).startswith(COMMENT)


def _table_records(path: Path) -> list[HistoryRecord]:
    table = _table(path)
    collector = Collector([table.sheet] if table.sheet else [])
    rows = [r for r in table.rows if not _is_comment(r, table.header)]
    records: list[HistoryRecord] = []
    if check_columns(table, collector, required=REQUIRED_COLUMNS, allowed=HISTORY_COLUMNS):
        cells = Cells(collector)
        records = [rec for row in rows if (rec := _table_record(cells, row)) is not None]
        if not rows:
            collector.add_problem(table.problem(None, e.NO_ROWS))
    collector.raise_if_any()
    return records


def _index(cells: Cells, record: Record) -> Decimal | None:
    number = cells.non_negative(record, "index", required=True)
    if number is not None and number > MAX_INDEX:
        cells.fail(
            record, "index", e.OUT_OF_RANGE.format(value=show(number), low=0, high=MAX_INDEX)
        )
        return None
    return number


def _table_record(cells: Cells, record: Record) -> HistoryRecord | None:
    year = cells.integer(record, "year", low=FIRST_YEAR, high=LAST_YEAR, required=True)
    unit = cells.code(record, "unit", required=True)
    group = cells.code(record, "group", required=True)
    index = _index(cells, record)
    rank = cells.integer(record, "rank", low=1, high=100_000)
    units = cells.integer(record, "units", low=1, high=100_000)
    achieved = cells.non_negative(record, "achieved")
    max_points = cells.positive(record, "max")
    if rank is not None and units is not None and rank > units:
        cells.fail(record, "rank", RANK_ABOVE_UNITS.format(rank=rank, units=units))
    if year is None or unit is None or group is None or index is None:
        return None
    return HistoryRecord(
        year=year,
        unit=unit,
        group=group,
        index=index,
        rank=rank,
        class_label=cells.text(record, "class") or "",
        name=cells.text(record, "name") or "",
        group_name=cells.text(record, "group_name") or "",
        units=units,
        achieved=achieved,
        max_points=max_points,
        file=record.file,
        sheet=record.sheet,
        row=record.row,
    )


# --- the results JSON -------------------------------------------------------------------


class _Json:
    """Walks a results JSON, collecting a problem (with the JSON path) per bad value."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def fail(self, where: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, None, None, where, message))

    def obj(self, value: object, where: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.fail(where, JSON_NOT_OBJECT)
        return None

    def items(self, owner: dict[str, Any], key: str, where: str) -> list[Any]:
        if key not in owner:
            self.fail(f"{where}.{key}" if where else key, JSON_MISSING)
            return []
        value = owner[key]
        if not isinstance(value, list):
            self.fail(f"{where}.{key}" if where else key, e.NOT_A_LIST)
            return []
        return value

    def text(self, owner: dict[str, Any], key: str, where: str, *, required: bool) -> str:
        value = owner.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{where}.{key}", JSON_MISSING if key not in owner else JSON_NOT_TEXT)
            return ""
        return value.strip()


def _shown(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _json_number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        return None
    number = parse_decimal(value.strip() if isinstance(value, str) else value)
    return number if number is not None and number >= 0 else None


def _json_year(reader: _Json, data: dict[str, Any]) -> int | None:
    criteria = reader.obj(data.get("criteria"), "criteria")
    if criteria is None:
        return None
    year = criteria.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        message = JSON_BAD_YEAR.format(value=_shown(year), low=FIRST_YEAR, high=LAST_YEAR)
        reader.fail("criteria.year", message)
        return None
    return year


def _json_rank(reader: _Json, value: object, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    reader.fail(where, JSON_BAD_RANK.format(value=_shown(value)))
    return None


def _json_figure(reader: _Json, unit: dict[str, Any], key: str, where: str) -> Decimal | None:
    value = unit.get(key)
    if value is None:
        return None
    number = _json_number(value)
    if number is None:
        reader.fail(f"{where}.{key}", JSON_BAD_NUMBER.format(value=_shown(value)))
    return number


def _json_unit(
    reader: _Json, unit: dict[str, Any], where: str, group: tuple[str, str, int], year: int
) -> HistoryRecord | None:
    code = reader.text(unit, "code", where, required=True)
    index = _json_number(unit.get("index"))
    if "index" not in unit:
        reader.fail(f"{where}.index", JSON_MISSING)
    elif index is None or index > MAX_INDEX:
        message = JSON_BAD_INDEX.format(value=_shown(unit["index"]), high=MAX_INDEX)
        reader.fail(f"{where}.index", message)
        index = None
    rank = _json_rank(reader, unit.get("rank"), f"{where}.rank")
    achieved = _json_figure(reader, unit, "achieved", where)
    max_points = _json_figure(reader, unit, "applicable_max", where)
    if not code or index is None:
        return None
    group_code, group_name, size = group
    return HistoryRecord(
        year=year,
        unit=code,
        group=group_code,
        index=index,
        rank=rank,
        class_label=reader.text(unit, "class", where, required=False),
        name=reader.text(unit, "name", where, required=False),
        group_name=group_name,
        units=size,
        achieved=achieved,
        max_points=max_points or None,
        file=reader.file,
        column_prefix=where,
    )


def _json_groups(reader: _Json, data: dict[str, Any], year: int) -> Iterator[HistoryRecord]:
    for g, raw in enumerate(reader.items(data, "groups", "")):
        where = f"groups[{g}]"
        group = reader.obj(raw, where)
        if group is None:
            continue
        code = reader.text(group, "code", where, required=True)
        name = reader.text(group, "name", where, required=False)
        units = reader.items(group, "units", where)
        for u, raw_unit in enumerate(units):
            unit_where = f"{where}.units[{u}]"
            unit = reader.obj(raw_unit, unit_where)
            if unit is not None and code:
                found = _json_unit(reader, unit, unit_where, (code, name, len(units)), year)
                if found is not None:
                    yield found


def _json_records(path: Path) -> list[HistoryRecord]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise file_problem(path, e.FILE_NOT_FOUND) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise file_problem(path, e.FILE_UNREADABLE.format(reason=exc)) from None
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        message = JSON_NOT_VALID.format(line=exc.lineno, column=exc.colno, error=exc.msg)
        raise file_problem(path, message) from None
    reader = _Json(path.name)
    top = reader.obj(data, "$")
    year = _json_year(reader, top) if top is not None else None
    records = list(_json_groups(reader, top, year)) if top is not None and year else []
    if reader.problems:
        raise ImportFailed(reader.problems)
    return records


# --- across rows ------------------------------------------------------------------------


def _check_consistency(records: Sequence[HistoryRecord]) -> None:
    """The same unit twice in a year, or one group of a year with two sizes or names."""
    problems: list[Problem] = []
    seen: dict[tuple[int, str], HistoryRecord] = {}
    groups: dict[tuple[int, str], HistoryRecord] = {}
    for record in records:
        first = seen.setdefault((record.year, record.unit), record)
        if first is not record:
            message = DUPLICATE_UNIT_YEAR.format(
                unit=record.unit, year=record.year, where=_where(first)
            )
            problems.append(record.problem("unit", message))
        problems.extend(_group_problems(groups, record))
    if problems:
        raise ImportFailed(problems)


def _group_problems(
    groups: dict[tuple[int, str], HistoryRecord], record: HistoryRecord
) -> list[Problem]:
    first = groups.setdefault((record.year, record.group), record)
    out = []
    values = {"group": record.group, "year": record.year, "where": _where(first)}
    if record.units and first.units and record.units != first.units:
        message = GROUP_SIZE_DIFFERS.format(units=record.units, first=first.units, **values)
        out.append(record.problem("units", message))
    if record.group_name and first.group_name and record.group_name != first.group_name:
        message = GROUP_NAME_DIFFERS.format(
            name=record.group_name, first=first.group_name, **values
        )
        out.append(record.problem("group_name", message))
    return out


def _where(record: HistoryRecord) -> str:
    return record.column_prefix or f"dòng {record.row}"
