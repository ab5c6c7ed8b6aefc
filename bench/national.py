"""National benchmark: the scoring engine against SQL on the same synthetic data.

Run from the repository root::

    .venv/bin/python -m bench.national [--provinces 34] [--units-per-province 118]
                                       [--runs 3] [--seed 2025] [--json] [--out DIR]

Two SQL baselines, each timed in SQLite and DuckDB (query and fetch, best of N; loading
timed apart):

- **raw** (the target's baseline): one statement that scores the raw entries, the same
  inputs the engine gets, and adds them up per unit, side and field (:mod:`bench.raw_sql`);
- **leaf sum** (informational): one GROUP BY that adds up the appraised leaf points the
  engine itself produced (:mod:`bench.flat`); a lower bound, not the same work.

It exits 0 whatever the timings (benchmarks inform, they do not fail CI) and 1 only when
the engine's totals differ from any SQL totals.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from bench.flat import (
    GROUP_BY,
    Row,
    engine_totals,
    leaf_rows,
    sql_totals,
    write_duckdb,
    write_sqlite,
)
from bench.generate import PROVINCES, SEED, UNITS_PER_PROVINCE, Dataset, generate
from bench.raw import (
    EntryRow,
    LeafRow,
    engine_side_totals,
    raw_sql_totals,
    raw_tables,
    write_raw_duckdb,
    write_raw_sqlite,
)
from bench.raw_sql import DUCKDB, SQLITE, raw_query
from parindex.scoring import RoundResult, compute

TARGET_SECONDS = 5.0
TARGET_RATIO = 5.0
TARGET_MEMORY_MB = 1024.0
RATIO_BASELINE = "sqlite"  # the project's embedded default database
MISMATCH = "SAI LỆCH: tổng điểm của engine khác tổng điểm SQL ({engine} / {sql})"
MISMATCHES_SHOWN = 10
RAW = "raw entries"
LEAF_SUM = "leaf sum"

Totals = tuple[dict[Any, int], dict[Any, int]]


@dataclass(frozen=True, slots=True)
class Report:
    provinces: int
    units: int
    entries: int
    raw_rows: int
    raw_leaves: int
    leaf_rows: int
    runs: int
    generate_seconds: float
    engine_seconds: float
    raw_sqlite_seconds: float
    raw_duckdb_seconds: float
    leaf_sqlite_seconds: float
    leaf_duckdb_seconds: float
    flatten_seconds: float
    raw_sqlite_load_seconds: float
    raw_duckdb_load_seconds: float
    leaf_sqlite_load_seconds: float
    leaf_duckdb_load_seconds: float
    engine_peak_mb: float
    dataset_maxrss_mb: float
    maxrss_mb: float
    maxrss_end_mb: float
    checked_units: int
    checked_fields: int
    checked_unit_sides: int
    checked_field_sides: int
    python: str
    sqlite: str
    duckdb: str
    cpus: int

    @property
    def ratio_sqlite(self) -> float:
        """Engine / the raw-data statement in SQLite: the target's ratio."""
        return self.engine_seconds / self.raw_sqlite_seconds

    @property
    def ratio_duckdb(self) -> float:
        return self.engine_seconds / self.raw_duckdb_seconds

    @property
    def ratio_leaf_sqlite(self) -> float:
        return self.engine_seconds / self.leaf_sqlite_seconds

    @property
    def ratio_leaf_duckdb(self) -> float:
        return self.engine_seconds / self.leaf_duckdb_seconds

    def targets(self) -> dict[str, bool]:
        ratio = self.ratio_sqlite if RATIO_BASELINE == "sqlite" else self.ratio_duckdb
        return {
            f"national computation < {TARGET_SECONDS:g} s": self.engine_seconds < TARGET_SECONDS,
            f"within {TARGET_RATIO:g}x of one SQL statement on the raw entries "
            f"({RATIO_BASELINE}: {ratio:.1f}x; duckdb: {self.ratio_duckdb:.1f}x)": ratio
            < TARGET_RATIO,
            f"memory < {TARGET_MEMORY_MB:g} MB (ru_maxrss after the engine)": self.maxrss_mb
            < TARGET_MEMORY_MB,
        }


class TotalsMismatchError(AssertionError):
    """The engine's totals and the SQL totals differ."""


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The shortest wall time of ``runs`` calls of ``work``."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def run_engine(data: Dataset) -> list[RoundResult]:
    """The national computation: every province, every group."""
    return [compute(p.criteria, p.units, p.scores) for p in data.provinces]


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def traced_engine(data: Dataset) -> tuple[list[RoundResult], float]:
    """One more national computation under tracemalloc: its results and peak in MB."""
    tracemalloc.start()
    try:
        results = run_engine(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return results, peak / 2**20


def _differences(engine: Mapping[Any, int], sql: Mapping[Any, int]) -> list[str]:
    """Keys whose totals differ; a key missing on one side counts as 0 there."""
    return [
        f"{key}: engine {engine.get(key, 0)}, SQL {sql.get(key, 0)}"
        for key in sorted(engine.keys() | sql.keys())
        if engine.get(key, 0) != sql.get(key, 0)
    ]


def check_totals(engine: Totals, sql: Totals, *, baseline: str) -> None:
    """Raises :class:`TotalsMismatchError` listing the first differences, if any."""
    differences = _differences(engine[0], sql[0]) + _differences(engine[1], sql[1])
    if differences:
        shown = "\n".join(differences[:MISMATCHES_SHOWN])
        head = MISMATCH.format(engine="engine", sql=baseline)
        raise TotalsMismatchError(f"{head}: {len(differences)} khác biệt\n{shown}")


def merged_totals(
    data: Dataset, results: Sequence[RoundResult], totals: Callable[[str, RoundResult], Totals]
) -> Totals:
    """``totals`` of every province in one pair of mappings."""
    fields: dict[Any, int] = {}
    units: dict[Any, int] = {}
    for province, result in zip(data.provinces, results, strict=True):
        f, u = totals(province.code, result)
        fields.update(f)
        units.update(u)
    return fields, units


@dataclass(frozen=True, slots=True)
class SqlRun:
    load_seconds: float
    query_seconds: float
    totals: Totals


Convert = Callable[[Any], Totals]
Load = Callable[[], None]


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _query(
    execute: Callable[[str], Any], sql: str, convert: Convert, runs: int, loaded: float
) -> SqlRun:
    seconds = best_of(runs, lambda: execute(sql).fetchall())
    return SqlRun(loaded, seconds, convert(execute(sql).fetchall()))


def in_sqlite(path: Path, *, load: Load, sql: str, convert: Convert, runs: int) -> SqlRun:
    """Loads the database file (timed apart), then times ``sql`` in SQLite."""
    loaded = _timed(load)
    conn = sqlite3.connect(path)
    try:
        return _query(conn.execute, sql, convert, runs, loaded)
    finally:
        conn.close()


def in_duckdb(path: Path, *, load: Load, sql: str, convert: Convert, runs: int) -> SqlRun:
    """Loads the database file (timed apart), then times ``sql`` in DuckDB."""
    loaded = _timed(load)
    with duckdb.connect(str(path), read_only=True) as conn:
        return _query(conn.execute, sql, convert, runs, loaded)


def run_raw(
    out: Path, tables: tuple[Sequence[LeafRow], Sequence[EntryRow]], runs: int
) -> tuple[SqlRun, SqlRun]:
    """The raw-data statement in SQLite and in DuckDB."""
    lite, duck = out / "raw.sqlite", out / "raw.duckdb"
    return (
        in_sqlite(
            lite,
            load=lambda: write_raw_sqlite(lite, *tables),
            sql=raw_query(SQLITE),
            convert=raw_sql_totals,
            runs=runs,
        ),
        in_duckdb(
            duck,
            load=lambda: write_raw_duckdb(duck, *tables),
            sql=raw_query(DUCKDB),
            convert=raw_sql_totals,
            runs=runs,
        ),
    )


def run_leaf_sum(out: Path, rows: Sequence[Row], runs: int) -> tuple[SqlRun, SqlRun]:
    """The informational sum of the engine's own leaf points in SQLite and in DuckDB."""
    lite, duck = out / "leaf_points.sqlite", out / "leaf_points.duckdb"
    return (
        in_sqlite(
            lite, load=lambda: write_sqlite(lite, rows), sql=GROUP_BY, convert=sql_totals, runs=runs
        ),
        in_duckdb(
            duck, load=lambda: write_duckdb(duck, rows), sql=GROUP_BY, convert=sql_totals, runs=runs
        ),
    )


@dataclass(frozen=True, slots=True)
class EngineRun:
    seconds: float
    peak_mb: float
    maxrss_mb: float
    sides: Totals  # both sides, per unit and per unit field
    appraised: Totals
    leaf_rows: list[Row]


def run_national_engine(data: Dataset, runs: int) -> EngineRun:
    """Times the engine, then one traced run whose results give the totals to check."""
    seconds = best_of(runs, lambda: run_engine(data))
    rss = maxrss_mb()  # before tracemalloc, whose own bookkeeping would inflate it
    results, peak = traced_engine(data)
    return EngineRun(
        seconds=seconds,
        peak_mb=peak,
        maxrss_mb=rss,
        sides=merged_totals(data, results, engine_side_totals),
        appraised=merged_totals(data, results, engine_totals),
        leaf_rows=[
            row for p, r in zip(data.provinces, results, strict=True) for row in leaf_rows(p, r)
        ],
    )


def measure(
    data: Dataset, *, runs: int, out: Path, generate_seconds: float, dataset_mb: float
) -> Report:
    """Times the engine and both baselines and checks that all their totals agree."""
    engine = run_national_engine(data, runs)
    start = time.perf_counter()
    tables = raw_tables(data.provinces)
    flatten = time.perf_counter() - start
    raw_lite, raw_duck = run_raw(out, tables, runs)
    check_totals(engine.sides, raw_lite.totals, baseline=f"SQLite, {RAW}")
    check_totals(engine.sides, raw_duck.totals, baseline=f"DuckDB, {RAW}")
    leaf_lite, leaf_duck = run_leaf_sum(out, engine.leaf_rows, runs)
    check_totals(engine.appraised, leaf_lite.totals, baseline=f"SQLite, {LEAF_SUM}")
    check_totals(engine.appraised, leaf_duck.totals, baseline=f"DuckDB, {LEAF_SUM}")
    return Report(
        provinces=len(data.provinces),
        units=data.units,
        entries=data.entries,
        raw_rows=len(tables[1]),
        raw_leaves=len(tables[0]),
        leaf_rows=len(engine.leaf_rows),
        runs=runs,
        generate_seconds=generate_seconds,
        engine_seconds=engine.seconds,
        raw_sqlite_seconds=raw_lite.query_seconds,
        raw_duckdb_seconds=raw_duck.query_seconds,
        leaf_sqlite_seconds=leaf_lite.query_seconds,
        leaf_duckdb_seconds=leaf_duck.query_seconds,
        flatten_seconds=flatten,
        raw_sqlite_load_seconds=raw_lite.load_seconds,
        raw_duckdb_load_seconds=raw_duck.load_seconds,
        leaf_sqlite_load_seconds=leaf_lite.load_seconds,
        leaf_duckdb_load_seconds=leaf_duck.load_seconds,
        engine_peak_mb=engine.peak_mb,
        dataset_maxrss_mb=dataset_mb,
        maxrss_mb=engine.maxrss_mb,
        maxrss_end_mb=maxrss_mb(),
        checked_units=len(engine.appraised[1]),
        checked_fields=len(engine.appraised[0]),
        checked_unit_sides=len(engine.sides[1]),
        checked_field_sides=len(engine.sides[0]),
        python=platform.python_version(),
        sqlite=sqlite3.sqlite_version,
        duckdb=duckdb.__version__,
        cpus=os.cpu_count() or 0,
    )


def table(report: Report) -> str:
    r = report
    lines = [
        f"National benchmark: {r.provinces} provinces, {r.units:,} units, best of {r.runs} "
        f"(Python {r.python}, {r.cpus} CPUs, SQLite {r.sqlite}, DuckDB {r.duckdb})",
        f"  entries scored by the engine (both sides)    {r.entries:>12,}",
        f"  engine compute, all provinces                {r.engine_seconds:>12.3f} s",
        "  SQL on the raw entries (the target's baseline: same inputs, both sides):",
        f"    rows: unit x applicable leaf x side        {r.raw_rows:>12,}"
        f"   (+ {r.raw_leaves:,} leaf rules)",
        f"    SQLite, one statement                      {r.raw_sqlite_seconds:>12.3f} s"
        f"   engine / SQLite {r.ratio_sqlite:>5.1f} x",
        f"    DuckDB, one statement                      {r.raw_duckdb_seconds:>12.3f} s"
        f"   engine / DuckDB {r.ratio_duckdb:>5.1f} x",
        "  SQL summing the engine's own appraised leaf points (informational, not the same work):",
        f"    rows: applicable appraised leaves          {r.leaf_rows:>12,}",
        f"    SQLite, one GROUP BY                       {r.leaf_sqlite_seconds:>12.3f} s"
        f"   engine / SQLite {r.ratio_leaf_sqlite:>5.1f} x",
        f"    DuckDB, one GROUP BY                       {r.leaf_duckdb_seconds:>12.3f} s"
        f"   engine / DuckDB {r.ratio_leaf_duckdb:>5.1f} x",
        f"  engine peak, tracemalloc                     {r.engine_peak_mb:>12.1f} MB",
        f"  process peak after engine, maxrss            {r.maxrss_mb:>12.1f} MB",
        f"  (dataset alone: maxrss {r.dataset_maxrss_mb:.0f} MB, built in "
        f"{r.generate_seconds:.2f} s; raw rows flattened in {r.flatten_seconds:.2f} s, loaded "
        f"in SQLite {r.raw_sqlite_load_seconds:.2f} s, DuckDB {r.raw_duckdb_load_seconds:.2f} s;"
        f" leaf rows loaded in SQLite {r.leaf_sqlite_load_seconds:.2f} s, DuckDB "
        f"{r.leaf_duckdb_load_seconds:.2f} s; maxrss at end {r.maxrss_end_mb:.0f} MB)",
        f"  totals equal SQL: raw, both sides ({r.checked_unit_sides:,} unit sides, "
        f"{r.checked_field_sides:,} field sides) PASS; leaf sum, appraised "
        f"({r.checked_units:,} units, {r.checked_fields:,} fields) PASS",
    ]
    lines += [f"  {name:<86} {'PASS' if ok else 'FAIL'}" for name, ok in r.targets().items()]
    return "\n".join(lines)


def as_json(report: Report) -> str:
    data: dict[str, object] = asdict(report)
    data |= {
        "ratio_sqlite": report.ratio_sqlite,
        "ratio_duckdb": report.ratio_duckdb,
        "ratio_leaf_sqlite": report.ratio_leaf_sqlite,
        "ratio_leaf_duckdb": report.ratio_leaf_duckdb,
        "ratio_baseline": RATIO_BASELINE,
        "totals_equal": True,
        "targets": report.targets(),
    }
    return json.dumps(data, indent=2)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=PROVINCES)
    parser.add_argument("--units-per-province", type=int, default=UNITS_PER_PROVINCE)
    parser.add_argument("--runs", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--out", type=Path, help="keep the database files here")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, out: Path) -> Report:
    start = time.perf_counter()
    data = generate(
        seed=args.seed, provinces=args.provinces, units_per_province=args.units_per_province
    )
    seconds = time.perf_counter() - start
    return measure(data, runs=args.runs, out=out, generate_seconds=seconds, dataset_mb=maxrss_mb())


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    try:
        if args.out is not None:
            args.out.mkdir(parents=True, exist_ok=True)
            report = run(args, args.out)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                report = run(args, Path(tmp))
    except TotalsMismatchError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(as_json(report) if args.json else table(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
