"""How fast and how lean a ballot import is: 100,000 SIPAS ballots from one CSV file.

    python -m bench.surveys_import                     # SQLite in a temporary folder
    python -m bench.surveys_import --ballots 20000 --xlsx
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_surveys python -m bench.surveys_import

The import is the application's own code (``import_start`` then ``run_import``: every row
checked, then all written in one transaction). Measured in the same run on the same file:

- **csv only**: reading the file with the ``csv`` module, nothing else (a floor);
- **check only**: the import's own reading and checking of every row, spooling the good
  ones as the import does, with nothing written to the database (what the import spends
  beyond it is, roughly, the write);
- **raw executemany**: reading it with ``csv`` and inserting the same rows, already in
  the table's form, with one ``executemany`` per batch into a table shaped like the
  ballots table (no checks, no duplicates, no model objects): the database's own cost.

It prints the times, the ratio of the import to each baseline, how much the process's
peak memory (``ru_maxrss``) grew during the import and, with ``--trace-memory``, Python's
peak allocations during a second, untimed import under ``tracemalloc`` (which slows it
several times). The exit code is 1
only when the import did not store every ballot; timings never fail it. With
``DATABASE_URL`` the tables are created in that database: give it a scratch one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.surveys_data import Measures

TARGET_SECONDS = 20


def setup_django(folder: Path) -> None:
    """Settings for a standalone run: a fresh SQLite file unless DATABASE_URL is set."""
    os.environ.setdefault("PARINDEX_DATA_DIR", str(folder))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parindex.config.settings")
    import django  # noqa: PLC0415 - the settings need the data folder set just above
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    django.setup()
    settings.SURVEY_IMPORT_INLINE = True
    call_command("migrate", verbosity=0)


def report(m: Measures) -> str:
    verdict = "ĐẠT" if m.import_s < TARGET_SECONDS else "CHƯA ĐẠT"
    lines = [
        f"Nhập {m.ballots:,} phiếu ({m.file_mb} MB CSV) vào {m.database}: {m.import_s} s "
        f"[{verdict} mục tiêu < {TARGET_SECONDS} s]",
        f"  chỉ đọc CSV:             {m.csv_only_s} s  → nhập phiếu chậm hơn {m.vs_csv_only}×",
        f"  chỉ đọc và kiểm tra:     {m.check_only_s} s  → phần ghi vào cơ sở dữ liệu "
        f"≈ {round(m.import_s - m.check_only_s, 3)} s",
        f"  executemany thô:         {m.raw_executemany_s} s  → nhập phiếu chậm hơn "
        f"{m.vs_raw_executemany}×",
        f"  bộ nhớ: ru_maxrss tăng {m.rss_growth_mb} MB trong lúc nhập "
        f"(cả tiến trình: {m.max_rss_mb} MB)",
        f"  phiếu đã ghi: {m.created:,}",
    ]
    if m.peak_python_mb is not None:
        lines.append(
            f"  bộ nhớ Python cao nhất (tracemalloc, lần nhập thứ hai): {m.peak_python_mb} MB"
        )
    if m.xlsx_ballots:
        verdict = "ĐẠT" if m.xlsx_import_s < TARGET_SECONDS else "CHƯA ĐẠT"
        lines += [
            f"  XLSX: {m.xlsx_ballots:,} phiếu ({m.xlsx_mb} MB) trong {m.xlsx_import_s} s "
            f"[{verdict} mục tiêu < {TARGET_SECONDS} s], phiếu đã ghi: {m.xlsx_created:,}",
            f"    chỉ đọc các dòng (importing/sheet.py): {m.xlsx_read_s} s; openpyxl (chế độ "
            f"read-only) đọc cùng tệp: {m.xlsx_openpyxl_s} s → nhanh hơn "
            f"{m.xlsx_read_vs_openpyxl}×",
            f"    bộ nhớ: ru_maxrss tăng {m.xlsx_rss_growth_mb} MB trong lúc nhập",
        ]
        if m.xlsx_peak_python_mb is not None:
            lines.append(f"    bộ nhớ Python cao nhất (tracemalloc): {m.xlsx_peak_python_mb} MB")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, *, configure: bool = True) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--xlsx", action="store_true", help="also import the same ballots as XLSX")
    parser.add_argument(
        "--trace-memory", action="store_true", help="Python's peak allocations (tracemalloc)"
    )
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    if configure:
        setup_django(Path(tempfile.mkdtemp(prefix="bench-surveys-data-")))
    from bench.surveys_data import measure  # noqa: PLC0415 - after django.setup()

    m = measure(
        options.ballots,
        seed=options.seed,
        units=options.units,
        xlsx=options.xlsx,
        trace=options.trace_memory,
    )
    print(json.dumps(asdict(m), ensure_ascii=False) if options.json else report(m))
    stored = m.created == options.ballots and m.xlsx_created == m.xlsx_ballots
    return 0 if stored else 1


if __name__ == "__main__":
    sys.exit(main())
