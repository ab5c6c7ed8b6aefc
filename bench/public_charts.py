"""What the charts of the public results pages cost: drawing them (cold) and serving them
again from the charts kept in the process (warm), for the demo province's published
figures (no database).

Baseline, measured in the same run on the same result: the results workbook of
``parindex compute`` (``interchange.results.write_xlsx``), the same baseline as
``bench.reports``. The year page's charts are each group's index chart and the groups'
averages over the years; the unit page's is the unit's index over the years. Each figure
is the best of ``--runs``; the exit code is 0 whatever the timings.

    .venv/bin/python -m bench.public_charts            # best of 3
    .venv/bin/python -m bench.public_charts --runs 1   # once
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from parindex.config.runtime import setup_django

DEMO_UNIT = "SNV"
YEARS = range(2014, 2025)  # imported history from 2014, as in the demo province


def best(runs: int, make: Callable[[], object], before: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        make()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="best of N runs (3)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PARINDEX_DATA_DIR", str(Path(tempfile.gettempdir()) / "parindex-bench"))
    setup_django()
    from parindex.apps.results import charts  # noqa: PLC0415 - Django first
    from parindex.apps.results.selectors import GroupYear, HistoryPoint  # noqa: PLC0415
    from parindex.demo import demo_results  # noqa: PLC0415
    from parindex.interchange.results import write_xlsx  # noqa: PLC0415

    current, _previous = demo_results()
    year, decimals = current.criteria.year, current.criteria.rounding.index_decimals
    groups = [g.group for g in current.groups]
    # invented but plausible years before: the averages and one unit's history
    averages = {
        g.group.code: [
            GroupYear(y, (g.average or Decimal(0)) - (year - y), 2, len(g.units)) for y in YEARS
        ]
        for g in current.groups
    }
    unit = current.unit(DEMO_UNIT)
    history = [
        HistoryPoint(
            y, unit.index - (year - y), 2, unit.rank, 8, "Khá", "so", "", None, None, "imported", ""
        )
        for y in YEARS
    ]

    def baseline() -> bytes:
        buffer = io.BytesIO()
        write_xlsx(current, buffer)
        return buffer.getvalue()

    def year_page() -> list[object]:
        drawn: list[object] = [
            charts.index_chart(g, year=year, decimals=decimals) for g in current.groups
        ]
        drawn.append(charts.averages_chart(groups, averages, until=year, decimals=decimals))
        return drawn

    def unit_page() -> object:
        return charts.history_chart(unit.unit.name, history)

    def forget() -> None:
        charts._DRAWN.clear()  # a cold start on purpose

    def keep() -> None:
        year_page()
        unit_page()

    timings = [
        ("baseline: results workbook", best(args.runs, baseline, lambda: None)),
        ("year page charts, cold", best(args.runs, year_page, forget)),
        ("year page charts, warm", best(args.runs, year_page, keep)),
        ("unit page chart, cold", best(args.runs, unit_page, forget)),
        ("unit page chart, warm", best(args.runs, unit_page, keep)),
    ]
    units = sum(len(g.units) for g in current.groups)
    print(f"demo province: {units} units, {len(current.groups)} groups, years {YEARS[0]}-{year}")
    base = timings[0][1]
    for name, seconds in timings:
        ratio = seconds / base if base else float("nan")
        print(f"  {name:28} {seconds * 1000:9.2f} ms  {ratio:10.4f} x baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
