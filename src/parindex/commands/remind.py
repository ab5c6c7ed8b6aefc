"""``parindex remind``: e-mail the owners of overdue remediation tasks (at most once a day
per person). Meant to run from a scheduler (cron, a systemd timer) every morning; running
it again the same day sends nothing twice. Mail goes through the configured e-mail
backend (the console by default; see the EMAIL_* settings in README.md).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TextIO

HELP = "gửi thư nhắc các nhiệm vụ khắc phục quá hạn (mỗi người nhiều nhất một thư mỗi ngày)"
DONE = (
    "Đã gửi {sent} thư nhắc ({tasks} nhiệm vụ quá hạn); {already} người đã được nhắc hôm nay; "
    "{without} người chưa có địa chỉ thư; {failed} thư gửi không được."
)
DRY_RUN = "Chạy thử, không gửi: sẽ gửi {sent} thư ({tasks} nhiệm vụ quá hạn) tới: {recipients}"
BAD_DATE = "ngày «{value}» không hợp lệ; dùng dạng YYYY-MM-DD"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help="chỉ liệt kê những thư sẽ gửi, không gửi"
    )
    parser.add_argument(
        "--date", type=_day, default=None, help="ngày xét quá hạn (mặc định: hôm nay), YYYY-MM-DD"
    )


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(BAD_DATE.format(value=value)) from None


def remind(*, out: TextIO, today: date | None = None, dry_run: bool = False) -> int:
    from parindex.apps.plans.reminders import send_overdue_reminders  # noqa: PLC0415 - Django loads on demand

    summary = send_overdue_reminders(today=today, dry_run=dry_run)
    if dry_run:
        recipients = ", ".join(summary.recipients) or "—"
        out.write(DRY_RUN.format(sent=summary.sent, tasks=summary.tasks, recipients=recipients))
    else:
        out.write(
            DONE.format(
                sent=summary.sent,
                tasks=summary.tasks,
                already=summary.already,
                without=summary.without_email,
                failed=summary.failed,
            )
        )
    out.write("\n")
    return 1 if summary.failed else 0


def run(args: argparse.Namespace) -> int:
    from parindex.config.runtime import setup_django  # noqa: PLC0415 - Django loads on demand

    setup_django()
    return remind(out=sys.stdout, today=args.date, dry_run=args.dry_run)
