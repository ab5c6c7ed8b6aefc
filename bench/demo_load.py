"""How long `parindex demo` takes to load the demo province, against migrating the same
empty database in the same run.

Run from the repository root::

    .venv/bin/python -m bench.demo_load            # a temporary SQLite database
    .venv/bin/python -m bench.demo_load --json

In a temporary data folder (SQLite, local files) it times ``migrate`` of the empty
database (the baseline: work every first start does anyway), then one load of the demo
province with the production password hasher (Argon2), then a second load (which must
create nothing). It prints the seconds, the ratio of the load to the baseline, and what
the load created. Exit code 0 whatever the timings; 1 when the second load created
anything (the load would not be idempotent).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.sqlite_django import setup_sqlite


@dataclass(frozen=True, slots=True)
class Timing:
    migrate_seconds: float
    load_seconds: float
    reload_seconds: float
    created: dict[str, int]
    created_again: bool

    @property
    def ratio(self) -> float:
        return self.load_seconds / self.migrate_seconds


def measure(folder: Path) -> Timing:
    setup_sqlite(folder)
    from django.core.management import call_command  # noqa: PLC0415

    from parindex.demo_province import load_demo_province  # noqa: PLC0415

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    summary = load_demo_province(out=io.StringIO())
    loaded = time.perf_counter()
    again = load_demo_province(out=io.StringIO())
    reloaded = time.perf_counter()
    created = {
        "units": summary.units,
        "criteria_sets": summary.criteria_sets,
        "rounds": summary.rounds,
        "scores": summary.scores,
        "evidence_files": summary.evidence_files,
        "users": summary.users,
    }
    return Timing(
        migrate_seconds=migrated - started,
        load_seconds=loaded - migrated,
        reload_seconds=reloaded - loaded,
        created=created,
        created_again=again.created_anything,
    )


def table(t: Timing) -> str:
    made = ", ".join(f"{k} {v}" for k, v in t.created.items())
    return "\n".join(
        [
            "Demo province load (SQLite, Argon2 passwords)",
            f"  migrate (baseline)   {t.migrate_seconds:8.2f} s",
            f"  first load           {t.load_seconds:8.2f} s   {t.ratio:5.1f} x migrate",
            f"  second load          {t.reload_seconds:8.2f} s   (creates nothing)",
            f"  created: {made}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.demo_load", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="parindex-bench-demo-") as tmp:
        timing = measure(Path(tmp))
    if args.json:
        data = {
            "migrate_seconds": timing.migrate_seconds,
            "load_seconds": timing.load_seconds,
            "reload_seconds": timing.reload_seconds,
            "ratio_to_migrate": timing.ratio,
            "created": timing.created,
        }
        print(json.dumps(data, indent=2))
    else:
        print(table(timing))
    if timing.created_again:
        print("SAI: lần nạp thứ hai vẫn tạo thêm dữ liệu", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
