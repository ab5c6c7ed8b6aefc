"""``parindex compute``: results of a round from files, without a database.

Reads a criteria set, the units and their scores (and optionally last year's results
JSON), computes every unit's points, index, rank and class and every group's
statistics, and writes them as a terminal table, JSON or an Excel workbook. Bad input
prints every problem in Vietnamese on stderr and exits with 2; no output file is left.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from parindex.interchange import load_criteria, load_scores, load_units
from parindex.interchange.errors import ImportFailed, Problem
from parindex.interchange.results import format_table, load_previous, write_json, write_xlsx
from parindex.scoring import (
    CriteriaSet,
    Previous,
    RoundResult,
    ScoringErrors,
    Unit,
    UnitScores,
    compute,
)

HELP = "tính chỉ số CCHC, xếp hạng và thống kê từ tệp bộ tiêu chí, đơn vị và điểm"
FORMATS = ("table", "json", "xlsx")
EXIT_OK = 0
EXIT_WRITE_FAILED = 1
EXIT_BAD_INPUT = 2

XLSX_NEEDS_OUT = "Lỗi: định dạng xlsx cần chỉ ra tệp kết quả bằng --out TỆP.xlsx"
INPUT_FAILED = "Lỗi: không tính được chỉ số vì dữ liệu đầu vào có {count} lỗi:"
SCORING_FAILED = "Lỗi: không tính được chỉ số vì {count} điểm không chấm được:"
WRITE_FAILED = "Lỗi: không ghi được tệp kết quả {path}: {reason}"
WRITTEN = "Đã ghi kết quả vào {path}"

Inputs = tuple[CriteriaSet, list[Unit], dict[str, UnitScores], dict[str, Previous]]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``parindex compute`` to ``parser``."""
    parser.add_argument(
        "--criteria", required=True, type=Path, metavar="TỆP", help="bộ tiêu chí (.yaml, .xlsx)"
    )
    parser.add_argument(
        "--units", required=True, type=Path, metavar="TỆP", help="danh sách đơn vị (.csv, .xlsx)"
    )
    parser.add_argument(
        "--scores", required=True, type=Path, metavar="TỆP", help="bảng điểm (.csv, .xlsx)"
    )
    parser.add_argument(
        "--previous",
        type=Path,
        metavar="TỆP",
        help="kết quả năm trước (tệp JSON do lệnh này ghi) để so sánh chỉ số và hạng",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table: bảng trên màn hình (mặc định); json; xlsx (cần --out)",
    )
    parser.add_argument(
        "--out", type=Path, metavar="TỆP", help="ghi kết quả vào tệp thay vì màn hình"
    )


def _attempt[T](load: Callable[[], T], problems: list[Problem]) -> T | None:
    try:
        return load()
    except ImportFailed as exc:
        problems.extend(exc.problems)
        return None


def load_inputs(*, criteria: Path, units: Path, scores: Path, previous: Path | None) -> Inputs:
    """Every input file read; raises :class:`ImportFailed` with the problems of them all.

    A file whose reading depends on another (scores need the criteria set and units) is
    read only once those are good.
    """
    problems: list[Problem] = []
    criteria_set = _attempt(lambda: load_criteria(criteria), problems)
    unit_list = _attempt(lambda: load_units(units, criteria=criteria_set), problems)
    score_map = None
    if criteria_set is not None and unit_list is not None:
        known_units = unit_list
        score_map = _attempt(
            lambda: load_scores(scores, criteria=criteria_set, units=known_units), problems
        )
    earlier = _attempt(lambda: load_previous(previous), problems) if previous else {}
    if problems or criteria_set is None or unit_list is None or score_map is None:
        raise ImportFailed(problems)
    return criteria_set, list(unit_list), dict(score_map), dict(earlier or {})


def _report(headline: str, lines: Iterable[object]) -> None:
    items = [str(line) for line in lines]
    sys.stderr.write(headline.format(count=len(items)) + "\n")
    sys.stderr.writelines(f"  - {item}\n" for item in items)


def _write_file(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder so no half-written file is left."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".parindex-", suffix=path.suffix)
    os.close(handle)
    try:
        write(Path(temporary))
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_table(result: RoundResult, path: Path) -> None:
    path.write_text(format_table(result), encoding="utf-8")


WRITERS: Mapping[str, Callable[[RoundResult, Path], None]] = {
    "table": _write_table,
    "json": write_json,
    "xlsx": write_xlsx,
}


def write_output(result: RoundResult, *, output_format: str, out: Path | None) -> None:
    """The result in ``output_format``, to ``out`` or (table, json) to standard output."""
    if out is not None:
        _write_file(out, lambda path: WRITERS[output_format](result, path))
        sys.stdout.write(WRITTEN.format(path=out) + "\n")
    elif output_format == "json":
        write_json(result, sys.stdout)
    else:
        sys.stdout.write(format_table(result))


def run(args: argparse.Namespace) -> int:
    """Compute and write the results; 0 on success, 2 on bad input, 1 if writing fails."""
    if args.format == "xlsx" and args.out is None:
        sys.stderr.write(XLSX_NEEDS_OUT + "\n")
        return EXIT_BAD_INPUT
    try:
        criteria, units, scores, previous = load_inputs(
            criteria=args.criteria, units=args.units, scores=args.scores, previous=args.previous
        )
        result = compute(criteria, units, scores, previous)
    except ImportFailed as exc:
        _report(INPUT_FAILED, exc.problems)
        return EXIT_BAD_INPUT
    except ScoringErrors as exc:
        _report(SCORING_FAILED, exc.errors)
        return EXIT_BAD_INPUT
    try:
        write_output(result, output_format=args.format, out=args.out)
    except OSError as exc:
        sys.stderr.write(WRITE_FAILED.format(path=args.out, reason=exc.strerror or exc) + "\n")
        return EXIT_WRITE_FAILED
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """``parindex compute`` on its own (argparse's own errors exit with 2)."""
    parser = argparse.ArgumentParser(prog="parindex compute", description=HELP)
    configure(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
