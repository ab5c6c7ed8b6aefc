"""``parindex results``: import earlier years' indices, verify published results.

``parindex results import-history FILE [--user TÊN]`` checks the whole file (CSV, XLSX or
results JSON; see docs/formats.md) and imports it in one transaction, or lists every
problem and imports nothing. ``parindex results verify [--year NĂM]`` recomputes every
published result from its frozen inputs and compares it byte for byte with what was
published; it exits non-zero when any differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

HELP = "kết quả đã công bố: nhập lịch sử chỉ số các năm trước, kiểm tra tính lại"
IMPORT_HELP = "nhập chỉ số, thứ hạng, xếp loại đã công bố của các năm trước từ tệp"
VERIFY_HELP = "tính lại mọi kết quả đã công bố từ dữ liệu đầu vào đã lưu và so sánh"
USER_HELP = "tên đăng nhập của người nhập (ghi vào nhật ký)"
YEAR_HELP = "chỉ kiểm tra kết quả của năm này"
NO_USER = "không có người dùng «{username}»"
IMPORTED = (
    "Đã nhập {file}: {created} dòng mới, {updated} dòng cập nhật, {unchanged} dòng không đổi."
)
NOT_IMPORTED = "Tệp có {count} lỗi nên chưa nhập gì:"
NOTHING_PUBLISHED = "Chưa có kết quả nào được công bố."
VERIFIED = "{mark} {year} {name}: đầu vào {inputs}… kết quả {results}… — {verdict}"
MATCHES = "tính lại khớp từng byte"
DIFFERS = "KHÔNG KHỚP"
LIVE_DIFFERS = "(dữ liệu hiện tại của đợt đã khác dữ liệu đầu vào đã lưu)"
SUMMARY = "{good}/{total} kết quả đã công bố tính lại khớp."


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="<việc>", required=True)
    importing = actions.add_parser("import-history", help=IMPORT_HELP, description=IMPORT_HELP)
    importing.add_argument("file", type=Path, help="tệp .csv, .xlsx hoặc .json")
    importing.add_argument("--user", help=USER_HELP)
    verifying = actions.add_parser("verify", help=VERIFY_HELP, description=VERIFY_HELP)
    verifying.add_argument("--year", type=int, help=YEAR_HELP)


def import_history(path: Path, username: str | None, *, out: TextIO, err: TextIO) -> int:
    from parindex.apps.accounts.models import User  # noqa: PLC0415 - Django loads on demand
    from parindex.apps.results.services_history import history_import  # noqa: PLC0415
    from parindex.interchange import ImportFailed  # noqa: PLC0415

    actor = None
    if username:
        actor = User.objects.filter(username=username).first()
        if actor is None:
            err.write(NO_USER.format(username=username) + "\n")
            return 2
    try:
        done = history_import(actor=actor, path=path)
    except ImportFailed as failed:
        err.write(NOT_IMPORTED.format(count=len(failed.problems)) + "\n")
        err.writelines(f"  {problem}\n" for problem in failed.problems)
        return 1
    counts = {"created": done.created, "updated": done.updated, "unchanged": done.unchanged}
    out.write(IMPORTED.format(file=path.name, **counts) + "\n")
    return 0


def verify(year: int | None, *, out: TextIO) -> int:
    from parindex.apps.results import selectors  # noqa: PLC0415 - Django loads on demand

    results = list(selectors.published_results(year))
    if not results:
        out.write(NOTHING_PUBLISHED + "\n")
        return 0
    good = 0
    for result in results:
        check = selectors.verify(result)
        good += check.matches
        line = VERIFIED.format(
            mark="✓" if check.matches else "✗",
            year=result.year,
            name=result.round.name,
            inputs=result.inputs_sha256[:12],
            results=result.results_sha256[:12],
            verdict=MATCHES if check.matches else f"{DIFFERS} {check.error}".strip(),
        )
        out.write(line + (f" {LIVE_DIFFERS}" if check.live_matches is False else "") + "\n")
    out.write(SUMMARY.format(good=good, total=len(results)) + "\n")
    return 0 if good == len(results) else 1


def run(args: argparse.Namespace) -> int:
    from parindex.config.runtime import setup_django  # noqa: PLC0415 - Django loads on demand

    setup_django()
    if args.action == "import-history":
        return import_history(args.file, args.user, out=sys.stdout, err=sys.stderr)
    return verify(args.year, out=sys.stdout)
