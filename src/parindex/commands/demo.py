"""``parindex demo``: a ready-to-try installation, served locally.

It brings the database up to date, creates the demo accounts (an administrator ``admin``
whose new random password is printed every time) and serves the app. Running it again
keeps the same accounts. :func:`setup_demo` does the data part and works on whatever
database Django is configured with, so tests call it against the test database.
"""

from __future__ import annotations

import argparse
import secrets
import string
import sys
from typing import TextIO

from parindex.commands.serve import add_address_arguments, migrate_database, serve

HELP = "chuẩn bị dữ liệu mẫu và tài khoản quản trị rồi chạy ứng dụng tại http://127.0.0.1:8000/"
ADMIN_USERNAME = "admin"
ADMIN_FULL_NAME = "Quản trị viên hệ thống"
ADMIN_LINE = "Tài khoản quản trị: {username} / {password}"
READY = "Dữ liệu mẫu đã sẵn sàng."
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PASSWORD_LENGTH = 14


def configure(parser: argparse.ArgumentParser) -> None:
    add_address_arguments(parser)
    parser.add_argument(
        "--no-serve",
        action="store_true",
        help="chỉ chuẩn bị cơ sở dữ liệu và tài khoản, không chạy máy chủ",
    )


def new_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def ensure_admin(*, username: str = ADMIN_USERNAME) -> str:
    """Create the administrator, or make it one again; give it a new password and return it."""
    from django.db import transaction  # noqa: PLC0415 - Django loads on demand

    from parindex.apps.accounts.models import User  # noqa: PLC0415 - same

    password = new_password()
    with transaction.atomic():
        user, _ = User.objects.get_or_create(
            username=username, defaults={"full_name": ADMIN_FULL_NAME}
        )
        user.is_active = user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.full_clean()
        user.save()
    return password


def setup_demo(*, out: TextIO) -> str:
    """Migrate the database and create the demo accounts; return the admin's password."""
    migrate_database(out=out)
    password = ensure_admin()
    out.write(READY + "\n")
    return password


def run(args: argparse.Namespace) -> int:
    from parindex.config.runtime import setup_django  # noqa: PLC0415 - Django loads on demand

    setup_django()
    password = setup_demo(out=sys.stdout)
    sys.stdout.write(ADMIN_LINE.format(username=ADMIN_USERNAME, password=password) + "\n")
    if args.no_serve:
        return 0
    return serve(host=args.host, port=args.port, out=sys.stdout)
