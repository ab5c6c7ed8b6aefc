"""Assessed units (đơn vị được đánh giá) in CSV and XLSX: columns ``code``, ``name``,
``group``. In a workbook the sheet "Đơn vị" is read, or else the first sheet."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from parindex.interchange import errors as e
from parindex.interchange._cells import Cells, Collector, Record
from parindex.interchange._tables import (
    Sheet,
    Table,
    check_columns,
    pick_sheet,
    read_csv,
    read_xlsx,
    unsupported,
    write_csv,
    write_xlsx,
)
from parindex.scoring.model import CriteriaSet, Unit

UNIT_COLUMNS = ("code", "name", "group")
UNITS_SHEET = "Đơn vị"
TABLE_FORMATS = ".csv hoặc .xlsx"


def read_table(path: Path, sheet: str) -> Table:
    """The CSV file, or the named (else first) sheet of the workbook, at ``path``."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".xlsx":
        return pick_sheet(read_xlsx(path), sheet)
    raise unsupported(path, TABLE_FORMATS)


def load_units(path: str | os.PathLike[str], *, criteria: CriteriaSet | None = None) -> list[Unit]:
    """The units in the file, in file order.

    With ``criteria``, every unit's group must be one of the set's groups.
    """
    table = read_table(Path(path), UNITS_SHEET)
    collector = Collector()
    units: list[Unit] = []
    if check_columns(table, collector, required=UNIT_COLUMNS, allowed=UNIT_COLUMNS):
        groups = {g.code for g in criteria.groups} if criteria is not None else None
        units = _units(table.rows, Cells(collector), groups)
        if not table.rows:
            collector.add_problem(table.problem(None, e.NO_ROWS))
    collector.raise_if_any()
    return units


def _units(records: Sequence[Record], cells: Cells, groups: set[str] | None) -> list[Unit]:
    units: list[Unit] = []
    first: dict[str, int | None] = {}
    for record in records:
        code = cells.code(record, "code", required=True)
        name = cells.text(record, "name", required=True)
        group = cells.code(record, "group", required=True)
        if group is not None and groups is not None and group not in groups:
            cells.fail(record, "group", e.UNKNOWN_GROUP.format(code=group))
        if code is not None and code in first:
            cells.fail(record, "code", e.DUPLICATE_UNIT.format(code=code, row=first[code]))
        elif code is not None and name is not None and group is not None:
            first[code] = record.row
            units.append(Unit(code=code, name=name, group=group))
    return units


def dump_units(units: Sequence[Unit], path: str | os.PathLike[str]) -> None:
    """Writes ``units`` as CSV (UTF-8 with BOM) or XLSX, by the file's suffix."""
    path = Path(path)
    rows = [(u.code, u.name, u.group) for u in units]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(path, UNIT_COLUMNS, rows)
    elif suffix == ".xlsx":
        write_xlsx(path, [Sheet(UNITS_SHEET, UNIT_COLUMNS, rows)])
    else:
        raise ValueError(e.UNSUPPORTED_FORMAT.format(suffix=path.suffix, allowed=TABLE_FORMATS))
