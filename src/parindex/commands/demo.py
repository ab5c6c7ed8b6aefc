"""``parindex demo``: a ready-to-try installation with a whole demo province, served locally.

It brings the database up to date, loads the demo province (units, the 2023 and 2024
criteria sets and rounds, scores, appraisals, evidence files and an account for every
role; see :mod:`parindex.demo_province`), prints the accounts and serves the app.
Running it again creates nothing new and keeps every account's password, the
administrator's included; ``--reset-passwords`` gives every demo account a new one.
:func:`setup_demo` does the data part on whatever database Django is configured with, so
tests call it against the test database.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from parindex.commands.serve import add_address_arguments, migrate_database, serve

if TYPE_CHECKING:
    from parindex.demo_province import DemoSummary

HELP = (
    "nạp dữ liệu mẫu của một tỉnh (đơn vị, bộ tiêu chí, hai đợt đánh giá, tài khoản mọi vai "
    "trò) rồi chạy ứng dụng tại http://127.0.0.1:8000/"
)
DESCRIPTION = (
    HELP + ". Mật khẩu ngẫu nhiên của các tài khoản mẫu (kể cả quản trị `admin`) được in ra khi "
    "tài khoản được tạo lần đầu; chạy lại lệnh không tạo thêm dữ liệu và giữ nguyên mật khẩu, "
    "trừ khi dùng --reset-passwords."
)
READY = "Dữ liệu mẫu đã sẵn sàng."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = DESCRIPTION
    add_address_arguments(parser)
    parser.add_argument(
        "--no-serve",
        action="store_true",
        help="chỉ chuẩn bị cơ sở dữ liệu và tài khoản, không chạy máy chủ",
    )
    parser.add_argument(
        "--reset-passwords",
        action="store_true",
        help="đặt mật khẩu ngẫu nhiên mới cho mọi tài khoản mẫu (kể cả admin) và in ra",
    )


def setup_demo(*, out: TextIO, reset_passwords: bool = False) -> DemoSummary:
    """Migrate the database, load what is missing of the demo province, print the accounts."""
    from parindex.demo_province import (  # noqa: PLC0415 - Django loads on demand
        load_demo_province,
        write_accounts,
    )

    migrate_database(out=out)
    summary = load_demo_province(out=out, reset_passwords=reset_passwords)
    out.write(READY + "\n")
    write_accounts(summary.accounts, out)
    return summary


def run(args: argparse.Namespace) -> int:
    from parindex.config.runtime import setup_django  # noqa: PLC0415 - Django loads on demand

    setup_django()
    setup_demo(out=sys.stdout, reset_passwords=args.reset_passwords)
    if args.no_serve:
        return 0
    return serve(host=args.host, port=args.port, out=sys.stdout)
