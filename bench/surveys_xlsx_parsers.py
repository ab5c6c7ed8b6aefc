"""Ways of reading a ballot workbook's sheet, timed on the same file in the same run.

    python -m bench.surveys_xlsx_parsers                  # 20,000 ballots
    python -m bench.surveys_xlsx_parsers --ballots 100000

The workbook is the one ``bench.surveys_import --xlsx`` imports (openpyxl's write-only
mode: inline strings, answers as number cells, the collection day as a date cell, no
``<dimension>``). Timed, each reading every row: openpyxl's read-only mode (the baseline:
the import's reader before importing/sheet.py), importing/sheet.py (regular expressions
over chunks of whole rows), and the standard library's expat with minimal callbacks
(enough for this workbook only: a measure of the other way the issue suggested, not a
reader). Prints each time and its ratio to openpyxl's; every way must give the same rows.
``--libreoffice`` first has LibreOffice save the workbook again (shared strings, a style
on every cell, a ``<dimension>``) and times openpyxl and importing/sheet.py on that.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.parsers import expat

from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

from parindex.apps.surveys.importing.sheet import Book

QUESTIONS = 20


def write_book(path: Path, ballots: int, seed: int) -> None:
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Phiếu")
    sheet.append(["ballot", "unit", "date", *(f"{i // 5 + 1}.{i % 5 + 1}" for i in range(20))])
    day = datetime(2024, 11, 15)
    for i in range(ballots):
        answers = (int(rng.choice("1234455555")) for _ in range(QUESTIONS))
        sheet.append([f"P-{i:07d}", f"U{i % 20}", day, *answers])
    book.save(path)


def by_openpyxl(path: Path) -> list[tuple[object, ...]]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def by_sheet_reader(path: Path) -> list[tuple[object, ...]]:
    book = Book(path)
    try:
        return [tuple(row) for row in book.sheet(book.sheets[0][1]).rows()]
    finally:
        book.close()


def by_expat(path: Path) -> list[tuple[object, ...]]:
    """Inline strings, numbers and dates by style only; no gaps, no shared strings."""
    book = Book(path)
    dates, epoch = book.date_formats, book.epoch
    member = book.sheets[0][1]
    rows: list[tuple[object, ...]] = []
    row: list[object] = []
    cell: dict[str, Any] = {}
    text: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "c":
            cell.update(attrs)
            text.clear()
        elif name == "row":
            row.clear()

    def end(name: str) -> None:
        if name == "c":
            raw = "".join(text)
            column = column_index_from_string(cell["r"].rstrip("0123456789"))
            value: object = None
            if cell.get("t") == "inlineStr":
                value = raw
            elif raw:
                number = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
                style = int(cell.get("s", 0))
                value = from_excel(number, epoch) if style in dates else number
            row.extend([None] * (column - len(row) - 1))
            row.append(value)
            cell.clear()
        elif name == "row":
            rows.append(tuple(row))

    def data(chunk: str) -> None:
        text.append(chunk)

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    try:
        with book.archive.open(member) as source:
            parser.ParseFile(source)
    finally:
        book.close()
    return rows


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def resave_with_libreoffice(path: Path) -> Path:
    """The workbook as LibreOffice saves it (shared strings, styles on every cell)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        raise SystemExit("LibreOffice is not installed")
    out = path.parent / "libreoffice"
    profile = path.parent / "profile"
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return out / path.name


def measure(ballots: int, seed: int, *, libreoffice: bool = False) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-xlsx-"))
    path = folder / "phieu.xlsx"
    write_book(path, ballots, seed)
    ways: list[tuple[str, Callable[[Path], list[tuple[object, ...]]]]] = [
        ("sheet_reader", by_sheet_reader)
    ]
    if libreoffice:
        path = resave_with_libreoffice(path)
    else:
        ways.append(("expat", by_expat))
    base_s, expected = _timed(lambda: by_openpyxl(path))
    result: dict[str, Any] = {
        "ballots": ballots,
        "writer": "LibreOffice" if libreoffice else "openpyxl",
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "openpyxl_s": round(base_s, 3),
    }
    for name, way in ways:
        seconds, rows = _timed(lambda way=way: way(path))
        assert rows == expected, f"{name} read other rows"
        result[f"{name}_s"] = round(seconds, 3)
        result[f"openpyxl_vs_{name}"] = round(base_s / seconds, 1)
    shutil.rmtree(folder)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--libreoffice", action="store_true", help="the workbook as LibreOffice saves it"
    )
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    m = measure(options.ballots, options.seed, libreoffice=options.libreoffice)
    if options.json:
        print(json.dumps(m))
    else:
        print(f"Đọc {m['ballots']:,} phiếu ({m['file_mb']} MB XLSX, {m['writer']}), mọi dòng:")
        print(f"  openpyxl (read-only):  {m['openpyxl_s']} s")
        print(
            f"  importing/sheet.py:    {m['sheet_reader_s']} s → nhanh hơn openpyxl "
            f"{m['openpyxl_vs_sheet_reader']}×"
        )
        if "expat_s" in m:
            ratio = m["openpyxl_vs_expat"]
            print(f"  expat (tối thiểu):     {m['expat_s']} s → nhanh hơn {ratio}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
