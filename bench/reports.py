"""How long the reports take: the province report (.docx with its charts, .xlsx) and a
unit's report, for the demo province and for a large synthetic province.

Baseline, measured in the same run on the same results: the results workbook of
``parindex compute`` (``interchange.results.write_xlsx``), a plain one-sheet-per-group
export. Each figure is the best of ``--runs``; the exit code is 0 whatever the timings.

    .venv/bin/python -m bench.reports                  # demo province and 118 units
    .venv/bin/python -m bench.reports --units 0 --runs 1   # the demo province only, once
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from parindex.config.runtime import setup_django

DEMO_UNIT = "SNV"
ISSUED = date(2025, 1, 20)


@dataclass(frozen=True, slots=True)
class Timing:
    name: str
    seconds: float
    size: int


def best(runs: int, make: Callable[[], bytes]) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(make())
        times.append(time.perf_counter() - start)
    return min(times), size


def demo_data():
    from parindex.apps.reports.data import GroupYear, ReportData, RoundInfo  # noqa: PLC0415
    from parindex.apps.reports.losses import find_losses  # noqa: PLC0415
    from parindex.demo import demo_results  # noqa: PLC0415

    current, previous = demo_results()
    history = {
        now.group.code: (
            GroupYear(2023, before.average, len(before.units)),
            GroupYear(2024, now.average, len(now.units)),
        )
        for now, before in zip(current.groups, previous.groups, strict=True)
    }
    info = RoundInfo("Đánh giá Chỉ số CCHC năm 2024", 2024, final=True)
    losses = find_losses(current, [DEMO_UNIT], {})
    return ReportData(current, info, previous, group_history=history, losses=losses)


def large_data(units: int):
    from bench.generate import province  # noqa: PLC0415
    from parindex.apps.reports.data import ReportData, RoundInfo  # noqa: PLC0415
    from parindex.apps.reports.losses import find_losses  # noqa: PLC0415
    from parindex.scoring import compute  # noqa: PLC0415

    made = province(seed=2025, number=1, units_per_province=units)
    result = compute(made.criteria, list(made.units), made.scores)
    first = result.groups[0].units[0].unit.code
    info = RoundInfo("Đánh giá Chỉ số CCHC (tổng hợp)", made.criteria.year, final=True)
    return ReportData(result, info, losses=find_losses(result, [first], {})), first


def measure(label: str, data, unit: str, runs: int) -> list[Timing]:
    from parindex.apps.reports.letterhead import province_issuer, unit_issuer  # noqa: PLC0415
    from parindex.apps.reports.province_report import province_docx, province_xlsx  # noqa: PLC0415
    from parindex.apps.reports.unit_report import unit_docx  # noqa: PLC0415
    from parindex.interchange.results import write_xlsx  # noqa: PLC0415

    def baseline() -> bytes:
        buffer = io.BytesIO()
        write_xlsx(data.result, buffer)
        return buffer.getvalue()

    issuer = province_issuer()
    own = unit_issuer(name=data.unit(unit).unit.name, code=unit)
    makers: Sequence[tuple[str, Callable[[], bytes]]] = (
        ("baseline: results workbook", baseline),
        ("province report .docx", lambda: province_docx(data, issuer=issuer, issued=ISSUED)),
        ("province tables .xlsx", lambda: province_xlsx(data)),
        (
            "unit report .docx",
            lambda: unit_docx(data, unit, issuer=own, province=issuer, issued=ISSUED),
        ),
    )
    units = sum(len(g.units) for g in data.result.groups)
    print(f"\n{label}: {units} units")
    timings = []
    for name, make in makers:
        seconds, size = best(runs, make)
        timings.append(Timing(name, seconds, size))
    base = timings[0].seconds
    for timing in timings:
        ratio = timing.seconds / base if base else float("nan")
        print(
            f"  {timing.name:28} {timing.seconds:7.3f} s  {ratio:6.1f} x baseline  "
            f"{timing.size / 1024:8.0f} KiB"
        )
    return timings


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="best of N runs (3)")
    parser.add_argument(
        "--units", type=int, default=118, help="units of the synthetic province (118; 0: none)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    # the reports need Django's settings, not a database: keep its data folder out of ./var
    os.environ.setdefault("PARINDEX_DATA_DIR", str(Path(tempfile.gettempdir()) / "parindex-bench"))
    setup_django()
    measure("demo province", demo_data(), DEMO_UNIT, args.runs)
    if args.units > 0:
        data, unit = large_data(args.units)
        measure("synthetic province", data, unit, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
