"""National benchmark: the scoring engine against one SQL GROUP BY, on synthetic data.

Run from the repository root::

    .venv/bin/python -m bench.national [--provinces 34] [--units-per-province 118]
                                       [--runs 3] [--seed 2025] [--json] [--out DIR]

It exits 0 whatever the timings (benchmarks inform, they do not fail CI) and 1 only when
the engine's totals differ from the SQL totals.
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
    FieldKey,
    Row,
    UnitKey,
    engine_totals,
    leaf_rows,
    sql_totals,
    write_duckdb,
    write_sqlite,
)
from bench.generate import PROVINCES, SEED, UNITS_PER_PROVINCE, Dataset, generate
from parindex.scoring import RoundResult, compute

TARGET_SECONDS = 5.0
TARGET_RATIO = 5.0
TARGET_MEMORY_MB = 1024.0
RATIO_BASELINE = "sqlite"  # the project's embedded default database
MISMATCH = "SAI LỆCH: tổng điểm của engine khác tổng điểm SQL ({engine} / {sql})"
MISMATCHES_SHOWN = 10

Totals = tuple[dict[FieldKey, int], dict[UnitKey, int]]


@dataclass(frozen=True, slots=True)
class Report:
    provinces: int
    units: int
    entries: int
    rows: int
    runs: int
    generate_seconds: float
    engine_seconds: float
    sqlite_seconds: float
    duckdb_seconds: float
    sqlite_load_seconds: float
    duckdb_load_seconds: float
    engine_peak_mb: float
    dataset_maxrss_mb: float
    maxrss_mb: float
    maxrss_end_mb: float
    checked_units: int
    checked_fields: int
    python: str
    sqlite: str
    duckdb: str
    cpus: int

    @property
    def ratio_sqlite(self) -> float:
        return self.engine_seconds / self.sqlite_seconds

    @property
    def ratio_duckdb(self) -> float:
        return self.engine_seconds / self.duckdb_seconds

    def targets(self) -> dict[str, bool]:
        ratio = self.ratio_sqlite if RATIO_BASELINE == "sqlite" else self.ratio_duckdb
        return {
            f"national computation < {TARGET_SECONDS:g} s": self.engine_seconds < TARGET_SECONDS,
            f"within {TARGET_RATIO:g}x of one SQL GROUP BY ({RATIO_BASELINE})": ratio
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


def merged_engine_totals(data: Dataset, results: Sequence[RoundResult]) -> Totals:
    fields: dict[FieldKey, int] = {}
    units: dict[UnitKey, int] = {}
    for province, result in zip(data.provinces, results, strict=True):
        f, u = engine_totals(province.code, result)
        fields.update(f)
        units.update(u)
    return fields, units


@dataclass(frozen=True, slots=True)
class SqlRun:
    load_seconds: float
    query_seconds: float
    totals: Totals


def _query(execute: Callable[[str], Any]) -> Callable[[], list[Any]]:
    return lambda: execute(GROUP_BY).fetchall()


def run_sqlite(path: Path, rows: Sequence[Row], runs: int) -> SqlRun:
    start = time.perf_counter()
    write_sqlite(path, rows)
    load = time.perf_counter() - start
    conn = sqlite3.connect(path)
    try:
        query = _query(conn.execute)
        seconds = best_of(runs, query)
        totals = sql_totals(query())
    finally:
        conn.close()
    return SqlRun(load, seconds, totals)


def run_duckdb(path: Path, rows: Sequence[Row], runs: int) -> SqlRun:
    start = time.perf_counter()
    write_duckdb(path, rows)
    load = time.perf_counter() - start
    with duckdb.connect(str(path), read_only=True) as conn:
        query = _query(conn.execute)
        seconds = best_of(runs, query)
        totals = sql_totals(query())
    return SqlRun(load, seconds, totals)


def measure(
    data: Dataset, *, runs: int, out: Path, generate_seconds: float, dataset_mb: float
) -> Report:
    """Times the engine and both baselines and checks their totals agree."""
    engine_seconds = best_of(runs, lambda: run_engine(data))
    rss = maxrss_mb()  # before tracemalloc, whose own bookkeeping would inflate it
    results, peak = traced_engine(data)
    engine = merged_engine_totals(data, results)
    rows = [row for p, r in zip(data.provinces, results, strict=True) for row in leaf_rows(p, r)]
    del results
    lite = run_sqlite(out / "national.sqlite", rows, runs)
    check_totals(engine, lite.totals, baseline="SQLite")
    duck = run_duckdb(out / "national.duckdb", rows, runs)
    check_totals(engine, duck.totals, baseline="DuckDB")
    return Report(
        provinces=len(data.provinces),
        units=data.units,
        entries=data.entries,
        rows=len(rows),
        runs=runs,
        generate_seconds=generate_seconds,
        engine_seconds=engine_seconds,
        sqlite_seconds=lite.query_seconds,
        duckdb_seconds=duck.query_seconds,
        sqlite_load_seconds=lite.load_seconds,
        duckdb_load_seconds=duck.load_seconds,
        engine_peak_mb=peak,
        dataset_maxrss_mb=dataset_mb,
        maxrss_mb=rss,
        maxrss_end_mb=maxrss_mb(),
        checked_units=len(engine[1]),
        checked_fields=len(engine[0]),
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
        f"  rows (applicable appraised leaves)   {r.rows:>12,}",
        f"  entries scored (both sides)          {r.entries:>12,}",
        f"  engine compute, all provinces        {r.engine_seconds:>12.3f} s",
        f"  SQLite GROUP BY                      {r.sqlite_seconds:>12.3f} s",
        f"  DuckDB GROUP BY                      {r.duckdb_seconds:>12.3f} s",
        f"  engine / SQLite                      {r.ratio_sqlite:>12.1f} x",
        f"  engine / DuckDB                      {r.ratio_duckdb:>12.1f} x",
        f"  engine peak, tracemalloc             {r.engine_peak_mb:>12.1f} MB",
        f"  process peak after engine, maxrss    {r.maxrss_mb:>12.1f} MB",
        f"  (dataset alone: maxrss {r.dataset_maxrss_mb:.0f} MB, built in "
        f"{r.generate_seconds:.2f} s; load SQLite {r.sqlite_load_seconds:.2f} s, "
        f"DuckDB {r.duckdb_load_seconds:.2f} s; maxrss at end {r.maxrss_end_mb:.0f} MB)",
        f"  totals equal SQL ({r.checked_units:,} units, {r.checked_fields:,} unit fields)  PASS",
    ]
    lines += [f"  {name:<58} {'PASS' if ok else 'FAIL'}" for name, ok in r.targets().items()]
    return "\n".join(lines)


def as_json(report: Report) -> str:
    data: dict[str, object] = asdict(report)
    data |= {
        "ratio_sqlite": report.ratio_sqlite,
        "ratio_duckdb": report.ratio_duckdb,
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
