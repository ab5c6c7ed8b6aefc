"""The dataset's raw inputs, flattened for SQL: the same data the engine is given.

Two tables, every number in integer thousandths ("milli") so that SQL can stay exact:

``leaves``: one row per leaf of each province's criteria set with its rule and the
rule's parameters (a small table: about 120 rows per province).

``entries``: one row per unit x applicable leaf x side (0 appraised, 1 self-scored) with
the unit's province and group, the leaf's id and field, and what that side entered: a
direct score, numerator, denominator, count, value, the ticked checklist items as a bit
mask over the leaf's items, and the "không áp dụng" flag. A leaf that applies to the
unit's group but has no entry (the accuracy leaf, which the engine computes) still has a
row, with no inputs.

Which leaves apply to a group is read from the criteria tree here, once per province and
group, as the engine does once per group; every score is left to SQL.
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

from bench.flat import milli
from parindex.scoring import (
    AccuracyRule,
    Band,
    BandMeasure,
    BandsRule,
    BonusRule,
    ChecklistRule,
    CountRule,
    CriteriaSet,
    DeductionRule,
    Entry,
    Node,
    RatioRule,
    Rounding,
    Rule,
    RuleKind,
    SurveyRule,
)

if TYPE_CHECKING:
    from bench.generate import Province
    from parindex.scoring import RoundResult

APPRAISED = 0
SELF = 1
SIDES = (APPRAISED, SELF)
CHECKLIST_ITEMS = 4  # item1..item4 in the leaves table
BAND_SLOTS = 2  # band1 (lower minimum) and band2 (higher minimum)
UNSUPPORTED = "{leaf}: {what} (the SQL baseline handles {limit})"

LeafRow = tuple[object, ...]
EntryRow = tuple[object, ...]

LEAF_COLUMNS = (
    ("id", "INTEGER PRIMARY KEY"),
    ("province", "TEXT NOT NULL"),
    ("leaf", "TEXT NOT NULL"),
    ("field", "TEXT NOT NULL"),
    ("kind", "TEXT NOT NULL"),  # RuleKind value
    ("compared", "BIGINT NOT NULL"),  # 1: counts in the accuracy of self-scoring
    ("quantum", "BIGINT NOT NULL"),  # the set's score rounding step, in milli (10 = 0.01)
    ("max_points", "BIGINT NOT NULL"),
    ("zero_den", "TEXT"),  # ratio: full / zero / not_applicable
    ("full_at", "BIGINT"),  # ratio: 1000 = 100 %
    ("percent", "BIGINT"),  # bands: 1 measured as 100 x num / den, 0 as the value
    ("band1_min", "BIGINT"),
    ("band1_points", "BIGINT"),
    ("band2_min", "BIGINT"),
    ("band2_points", "BIGINT"),
    ("points_each", "BIGINT"),  # count, deduction, bonus
    ("cap", "BIGINT"),  # count, deduction, bonus (NULL: none)
    ("minimum", "BIGINT"),  # bonus: the count that earns the cap
    ("item1", "BIGINT NOT NULL"),  # checklist item points (0 when absent)
    ("item2", "BIGINT NOT NULL"),
    ("item3", "BIGINT NOT NULL"),
    ("item4", "BIGINT NOT NULL"),
)
ENTRY_COLUMNS = (
    ("province", "TEXT NOT NULL"),
    ("unit", "TEXT NOT NULL"),
    ("unit_group", "TEXT NOT NULL"),
    ("side", "BIGINT NOT NULL"),
    ("field", "TEXT NOT NULL"),
    ("leaf_id", "BIGINT NOT NULL"),
    ("na", "BIGINT NOT NULL"),  # 1: "không áp dụng"
    ("score", "BIGINT"),  # a direct score, kept as entered
    ("num", "BIGINT"),
    ("den", "BIGINT"),
    ("cnt", "BIGINT"),
    ("val", "BIGINT"),
    ("items", "BIGINT"),  # bit k set: item k+1 of the leaf is ticked
)


def _create(table: str, columns: Sequence[tuple[str, str]], *, clustered: str = "") -> str:
    body = ",\n    ".join(f"{name} {kind}" for name, kind in columns)
    if clustered:
        key = f"PRIMARY KEY ({clustered})"
        return f"CREATE TABLE {table} (\n    {body},\n    {key}\n) WITHOUT ROWID"
    return f"CREATE TABLE {table} (\n    {body}\n)"


CREATE_LEAVES = _create("leaves", LEAF_COLUMNS)
CREATE_ENTRIES = _create("entries", ENTRY_COLUMNS)
# SQLite: the rows of a unit stored together, field by field, leaf by leaf, side by side,
# so that the query's big GROUP BY (unit x field) reads them in order without sorting and
# finds a leaf's self-scored row by key; and an index to find the relative and accuracy
# rows by leaf. DuckDB hashes its joins and GROUP BYs and needs neither.
CREATE_ENTRIES_SQLITE = _create(
    "entries", ENTRY_COLUMNS, clustered="province, unit, field, leaf_id, side"
)
SQLITE_LEAF_INDEX = "CREATE INDEX entries_leaf ON entries (leaf_id)"


class UnsupportedRuleError(ValueError):
    """A rule parameter the flat SQL tables cannot hold exactly."""


def _m(value: Decimal | None) -> int | None:
    return None if value is None else milli(value)


def _sorted_bands(leaf: str, bands: Sequence[Band]) -> list[Band]:
    ordered = sorted(bands, key=lambda b: b.minimum)
    if len(ordered) > BAND_SLOTS or len({b.minimum for b in ordered}) < len(ordered):
        what = f"{len(ordered)} bands"
        raise UnsupportedRuleError(
            UNSUPPORTED.format(leaf=leaf, what=what, limit="2 distinct bands")
        )
    return ordered


def _band_columns(leaf: str, bands: Sequence[Band]) -> list[int | None]:
    """band1_min, band1_points, band2_min, band2_points (band2: the higher minimum)."""
    out: list[int | None] = [None] * (2 * BAND_SLOTS)
    for k, band in enumerate(_sorted_bands(leaf, bands)):
        out[2 * k : 2 * k + 2] = [milli(band.minimum), milli(band.points)]
    return out


def _item_columns(leaf: str, rule: Rule) -> list[int]:
    if not isinstance(rule, ChecklistRule):
        return [0] * CHECKLIST_ITEMS
    if len(rule.items) > CHECKLIST_ITEMS:
        what = f"{len(rule.items)} checklist items"
        raise UnsupportedRuleError(UNSUPPORTED.format(leaf=leaf, what=what, limit="4"))
    points = [milli(item.points) for item in rule.items]
    return points + [0] * (CHECKLIST_ITEMS - len(points))


def _rule_columns(leaf: str, rule: Rule) -> list[object]:
    """zero_den .. minimum of the leaves table for ``rule``."""
    ratio = rule if isinstance(rule, RatioRule) else None
    bands: Sequence[Band] = (
        rule.bands if isinstance(rule, BandsRule | AccuracyRule | SurveyRule) else ()
    )
    percent = int(rule.measure_of is BandMeasure.PERCENT) if isinstance(rule, BandsRule) else None
    if isinstance(rule, SurveyRule):
        percent = 0  # a banded survey result scores as bands on its value
    counted = rule if isinstance(rule, CountRule | DeductionRule | BonusRule) else None
    return [
        ratio.zero_denominator.value if ratio else None,
        milli(ratio.full_at) if ratio else None,
        percent,
        *_band_columns(leaf, bands),
        milli(counted.points_each) if counted else None,
        _m(counted.cap) if counted else None,
        _m(rule.minimum) if isinstance(rule, BonusRule) else None,
    ]


def _quantum(criteria: CriteriaSet) -> int:
    policy = criteria.rounding
    if policy.mode is not Rounding.HALF_UP or not 0 <= policy.score_decimals <= 3:
        what = f"rounding {policy.mode.value} to {policy.score_decimals} decimals"
        raise UnsupportedRuleError(
            UNSUPPORTED.format(leaf=criteria.code, what=what, limit="half_up to 0-3 decimals")
        )
    return (1000, 100, 10, 1)[policy.score_decimals]  # the quantum in thousandths


def _kind(leaf: str, rule: Rule) -> str:
    """The kind the statement computes: a banded survey result is computed as bands."""
    if isinstance(rule, SurveyRule):
        if not rule.bands:
            what = "a survey rule without bands"
            raise UnsupportedRuleError(UNSUPPORTED.format(leaf=leaf, what=what, limit="bands"))
        return RuleKind.BANDS.value
    return rule.kind.value


def leaf_ids(province: Province, first_id: int) -> dict[str, int]:
    """The id of every leaf of ``province`` in the leaves table, from ``first_id`` on."""
    return {leaf: first_id + k for k, leaf in enumerate(province.field_of)}


def leaf_rows(province: Province, ids: dict[str, int]) -> list[LeafRow]:
    """The leaves table rows of ``province``."""
    quantum = _quantum(province.criteria)
    nodes = province.criteria.node_map()
    rows: list[LeafRow] = []
    for leaf, field in province.field_of.items():
        node = nodes[leaf]
        rule = node.rule
        assert rule is not None, f"{leaf} has no rule"
        compared = rule.counts_in_max and rule.self_scored and not rule.needs_accuracy
        rows.append(
            (
                ids[leaf],
                province.code,
                leaf,
                field,
                _kind(leaf, rule),
                int(compared),
                quantum,
                milli(node.max_points),
                *_rule_columns(leaf, rule),
                *_item_columns(leaf, rule),
            )
        )
    return rows


def _items_mask(node: Node, ticked: frozenset[str] | None) -> int | None:
    if ticked is None:
        return None
    assert isinstance(node.rule, ChecklistRule)
    codes = [item.code for item in node.rule.items]
    return sum(1 << codes.index(code) for code in ticked)


def _inputs(node: Node, entry: Entry | None) -> tuple[object, ...]:
    """na, score, num, den, cnt, val, items of one side's entry (no entry: no inputs)."""
    if entry is None:
        return (0, None, None, None, None, None, None)
    return (
        int(entry.not_applicable),
        _m(entry.score),
        _m(entry.numerator),
        _m(entry.denominator),
        _m(entry.count),
        _m(entry.value),
        _items_mask(node, entry.items),
    )


def entry_rows(province: Province, leaf_ids: dict[str, int]) -> Iterator[EntryRow]:
    """One row per unit x applicable leaf x side of ``province``."""
    for unit in province.units:
        scores = province.scores[unit.code]
        for node in province.applying[unit.group]:
            leaf_id, field = leaf_ids[node.code], province.field_of[node.code]
            for side, entries in ((APPRAISED, scores.appraised), (SELF, scores.self_scored)):
                inputs = _inputs(node, entries.get(node.code))
                yield (province.code, unit.code, unit.group, side, field, leaf_id, *inputs)


def raw_tables(provinces: Sequence[Province]) -> tuple[list[LeafRow], list[EntryRow]]:
    """The leaves and entries rows of every province."""
    leaves: list[LeafRow] = []
    entries: list[EntryRow] = []
    for province in provinces:
        ids = leaf_ids(province, len(leaves) + 1)
        leaves += leaf_rows(province, ids)
        entries.extend(entry_rows(province, ids))
    return leaves, entries


def _placeholders(columns: Sequence[object]) -> str:
    return ", ".join("?" for _ in columns)


def write_raw_sqlite(path: Path, leaves: Sequence[LeafRow], entries: Sequence[EntryRow]) -> None:
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute(CREATE_LEAVES)
        conn.execute(CREATE_ENTRIES_SQLITE)
        conn.executemany(f"INSERT INTO leaves VALUES ({_placeholders(LEAF_COLUMNS)})", leaves)
        conn.executemany(f"INSERT INTO entries VALUES ({_placeholders(ENTRY_COLUMNS)})", entries)
        conn.execute(SQLITE_LEAF_INDEX)
        conn.execute("ANALYZE")
    conn.close()


def _copy_csv(
    conn: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[object]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / f"{table}.csv"
        with staged.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows(rows)
        conn.execute(f"COPY {table} FROM '{staged}' (HEADER false)")


def write_raw_duckdb(path: Path, leaves: Sequence[LeafRow], entries: Sequence[EntryRow]) -> None:
    """Loads through CSV files (an empty field is NULL); executemany inserts row by row."""
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as conn:
        conn.execute(CREATE_LEAVES)
        conn.execute(CREATE_ENTRIES)
        _copy_csv(conn, "leaves", leaves)
        _copy_csv(conn, "entries", entries)


SideFieldKey = tuple[str, str, int, str]  # province, unit, side, field
SideUnitKey = tuple[str, str, int]  # province, unit, side
SideTotals = tuple[dict[SideFieldKey, int], dict[SideUnitKey, int]]


def engine_side_totals(code: str, result: RoundResult) -> SideTotals:
    """Points per unit, side and field, and per unit and side, as the engine reports them."""
    fields: dict[SideFieldKey, int] = {}
    units: dict[SideUnitKey, int] = {}
    for group in result.groups:
        for unit in group.units:
            for side, totals in ((APPRAISED, unit.appraised), (SELF, unit.self_scored)):
                units[code, unit.unit.code, side] = milli(totals.achieved)
                for f in totals.fields:
                    fields[code, unit.unit.code, side, f.code] = milli(f.achieved)
    return fields, units


def raw_sql_totals(rows: Iterable[Sequence[Any]]) -> SideTotals:
    """The raw-data query's result as the same two mappings as :func:`engine_side_totals`."""
    fields: dict[SideFieldKey, int] = {}
    units: dict[SideUnitKey, int] = {}
    for province, unit, side, field, field_points, unit_points in rows:
        fields[province, unit, int(side), field] = int(field_points)
        units[province, unit, int(side)] = int(unit_points)
    return fields, units
