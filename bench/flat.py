"""The dataset as flat rows in SQLite and DuckDB, and the one GROUP BY that sums them.

A row is one applicable leaf of one unit with the appraised points the engine gave it, in
integer thousandths so that SQL sums are exact: (province, unit, unit_group, node, field,
points_milli).
"""

from __future__ import annotations

import csv
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from bench.generate import Province
    from parindex.scoring import RoundResult

Row = tuple[str, str, str, str, str, int]
FieldKey = tuple[str, str, str]  # province, unit, field
UnitKey = tuple[str, str]  # province, unit

CREATE = """
CREATE TABLE leaf_points (
    province TEXT NOT NULL,
    unit TEXT NOT NULL,
    unit_group TEXT NOT NULL,
    node TEXT NOT NULL,
    field TEXT NOT NULL,
    points_milli INTEGER NOT NULL
)
"""
# The covering index a production table keyed by unit would have; SQLite uses it to group
# without sorting. DuckDB needs none.
SQLITE_INDEX = "CREATE INDEX leaf_points_unit ON leaf_points (province, unit, field, points_milli)"
# One GROUP BY: points per unit and field, and per unit through a window over the groups.
GROUP_BY = """
SELECT province, unit, field,
       SUM(points_milli) AS field_points,
       SUM(SUM(points_milli)) OVER (PARTITION BY province, unit) AS unit_points
FROM leaf_points
GROUP BY province, unit, field
"""


def milli(value: Decimal) -> int:
    """``value`` in integer thousandths; refuses a value that would need rounding."""
    scaled = value.scaleb(3)
    whole = scaled.to_integral_value()
    if scaled != whole:
        raise ValueError(f"{value} has more than 3 decimals")
    return int(whole)


def leaf_rows(province: Province, result: RoundResult) -> Iterator[Row]:
    """The applicable leaves of every unit with their appraised points."""
    for group in result.groups:
        for unit in group.units:
            side = unit.appraised
            for node, field in province.field_of.items():
                i = side.position[node]
                if not side.node_na[i]:
                    yield (
                        province.code,
                        unit.unit.code,
                        unit.unit.group,
                        node,
                        field,
                        milli(side.node_achieved[i]),
                    )


def engine_totals(code: str, result: RoundResult) -> tuple[dict[FieldKey, int], dict[UnitKey, int]]:
    """Appraised points per unit and field, and per unit, as the engine reports them."""
    fields: dict[FieldKey, int] = {}
    units: dict[UnitKey, int] = {}
    for group in result.groups:
        for unit in group.units:
            units[code, unit.unit.code] = milli(unit.appraised.achieved)
            for f in unit.appraised.fields:
                fields[code, unit.unit.code, f.code] = milli(f.achieved)
    return fields, units


def sql_totals(rows: Iterable[Sequence[Any]]) -> tuple[dict[FieldKey, int], dict[UnitKey, int]]:
    """The GROUP BY's result as the same two mappings as :func:`engine_totals`."""
    fields: dict[FieldKey, int] = {}
    units: dict[UnitKey, int] = {}
    for province, unit, field, field_points, unit_points in rows:
        fields[province, unit, field] = int(field_points)
        units[province, unit] = int(unit_points)
    return fields, units


def write_sqlite(path: Path, rows: Sequence[Row]) -> None:
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute(CREATE)
        conn.executemany("INSERT INTO leaf_points VALUES (?, ?, ?, ?, ?, ?)", rows)
        conn.execute(SQLITE_INDEX)
        conn.execute("ANALYZE")
    conn.close()


def write_duckdb(path: Path, rows: Sequence[Row]) -> None:
    """Loads through a CSV file: DuckDB's executemany inserts row by row."""
    path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "leaf_points.csv"
        with staged.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows(rows)
        with duckdb.connect(str(path)) as conn:
            conn.execute(CREATE)
            conn.execute(f"COPY leaf_points FROM '{staged}' (HEADER false)")
