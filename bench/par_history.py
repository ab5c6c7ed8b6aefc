"""How long a unit's PAR INDEX history takes (the indices page), against the computation
the page used to do, in the same run on the demo province.

Run from the repository root::

    .venv/bin/python -m bench.par_history             # a temporary SQLite database
    .venv/bin/python -m bench.par_history --runs 5 --json

In a temporary data folder it migrates, loads the demo province (history imported for
2014-2022, the 2023 round published, 2024 in appraisal), then for every unit of the demo
that took part in a finished round times, best of ``--runs``:

* baseline: what ``par_history`` did before it read the results app — every finished
  round of the unit recomputed from the stored scores
  (``assessments.entries.round_results``);
* ``par_history(unit)`` now: published and imported years from the history rows;
* the fallback of a finished year not published: ``round_figures(round)`` of the 2023
  round with its result set aside (the round computed as a publication would: the year's
  survey points and last year's figures included).

It prints seconds and queries per unit, the ratios to the baseline, and how many units'
2023 index the old computation gave differently from the published one (survey points it
left out). Exit code 0 whatever the timings; 1 when ``par_history`` disagrees with the
published result recomputed from its frozen inputs.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.sqlite_django import setup_sqlite


@dataclass(frozen=True, slots=True)
class Measure:
    seconds: float  # best of the runs, per unit
    queries: float  # per unit


@dataclass(frozen=True, slots=True)
class Report:
    units: int
    baseline: Measure
    history: Measure
    fallback: Measure
    differing_2023: int
    disagreements: list[str]


def _timed(runs: int, count: int, work: Callable[[], object]) -> Measure:
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return Measure(min(times) / count, queries / count)


def measure(folder: Path, runs: int) -> Report:
    setup_sqlite(folder)
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415

    from parindex.apps.accounts.models import Unit  # noqa: PLC0415
    from parindex.apps.assessments.entries import round_results  # noqa: PLC0415
    from parindex.apps.indices.history import finished_rounds, par_history  # noqa: PLC0415
    from parindex.apps.results.figures import round_figures  # noqa: PLC0415
    from parindex.apps.results.models import Result, ResultState  # noqa: PLC0415
    from parindex.apps.results.selectors import published_round_result  # noqa: PLC0415
    from parindex.demo_province import load_demo_province  # noqa: PLC0415

    call_command("migrate", verbosity=0, interactive=False)
    load_demo_province(out=io.StringIO())
    units = [u for u in Unit.objects.order_by("code") if finished_rounds(u)]
    rounds = {u.code: finished_rounds(u) for u in units}

    def old() -> None:
        for unit in units:
            for round_ in rounds[unit.code]:
                round_results(round_)

    def new() -> None:
        for unit in units:
            par_history(unit)

    baseline = _timed(runs, len(units), old)
    history = _timed(runs, len(units), new)

    published = Result.objects.get(state=ResultState.PUBLISHED, year=2023)
    frozen = published_round_result(published.round)
    assert frozen is not None
    figures = {u.unit.code: u.index for g in frozen.groups for u in g.units}
    before = {u.unit.code: u.index for g in round_results(published.round).groups for u in g.units}
    differing = sum(1 for code, index in figures.items() if before.get(code) != index)
    disagreements = []
    for unit in units:
        shown = {y.year: y.index for y in par_history(unit)}
        if unit.code in figures and shown.get(2023) != figures[unit.code]:
            disagreements.append(f"{unit.code}: {shown.get(2023)} ≠ {figures[unit.code]}")

    with transaction.atomic():  # the 2023 result set aside, then put back
        Result.objects.filter(pk=published.pk).update(state=ResultState.WITHDRAWN)
        fallback = _timed(runs, 1, lambda: round_figures(published.round))
        transaction.set_rollback(True)
    return Report(len(units), baseline, history, fallback, differing, disagreements)


def table(r: Report) -> str:
    def line(name: str, m: Measure) -> str:
        ratio = m.seconds / r.baseline.seconds
        return f"  {name:<34} {m.seconds * 1000:9.2f} ms {m.queries:7.1f} q   {ratio:6.2f} x"

    return "\n".join(
        [
            f"PAR INDEX history of {r.units} demo units (SQLite; per unit, best of the runs)",
            line("baseline: recompute finished rounds", r.baseline),
            line("par_history (results app)", r.history),
            line("a finished year not published", r.fallback),
            f"  units whose 2023 index the old computation gave otherwise: {r.differing_2023}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.par_history", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="best of N (3)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="parindex-bench-history-") as tmp:
        report = measure(Path(tmp), max(1, args.runs))
    if args.json:
        data: dict[str, Any] = asdict(report)
        data["ratio_history"] = report.history.seconds / report.baseline.seconds
        data["ratio_fallback"] = report.fallback.seconds / report.baseline.seconds
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(table(report))
    for problem in report.disagreements:
        print(f"SAI: {problem}", file=sys.stderr)
    return 1 if report.disagreements else 0


if __name__ == "__main__":
    raise SystemExit(main())
