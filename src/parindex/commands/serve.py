"""``parindex serve``: bring the database up to date, then serve the app locally.

It uses Django's development server without autoreload: right for a demo or a single
office machine; a production site runs ``parindex.config.wsgi`` under gunicorn or similar.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

HELP = "cập nhật cơ sở dữ liệu rồi chạy ứng dụng web (mặc định http://127.0.0.1:8000/)"
MIGRATING = "Đang cập nhật cơ sở dữ liệu ({database})…"
SERVING = "ParIndex đang chạy tại http://{address}/ — nhấn Ctrl+C để dừng."
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_address_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"địa chỉ lắng nghe (mặc định {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"cổng (mặc định {DEFAULT_PORT})"
    )


def configure(parser: argparse.ArgumentParser) -> None:
    add_address_arguments(parser)


def migrate_database(*, out: TextIO) -> None:
    """Apply every pending migration to the configured database."""
    from django.core.management import call_command  # noqa: PLC0415 - Django loads on demand
    from django.db import connection  # noqa: PLC0415 - same

    out.write(MIGRATING.format(database=connection.settings_dict["NAME"]) + "\n")
    call_command("migrate", interactive=False, verbosity=0)


def address(*, host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def serve(*, host: str, port: int, out: TextIO) -> int:
    """Run Django's server in this process until it is stopped (no autoreload)."""
    from django.core.management import call_command  # noqa: PLC0415 - Django loads on demand

    out.write(SERVING.format(address=address(host=host, port=port)) + "\n")
    out.flush()
    try:
        call_command("runserver", address(host=host, port=port), use_reloader=False)
    except SystemExit as exc:
        return 0 if exc.code in (None, 0) else 1
    return 0


def run(args: argparse.Namespace) -> int:
    from parindex.config.runtime import setup_django  # noqa: PLC0415 - Django loads on demand

    setup_django()
    migrate_database(out=sys.stdout)
    return serve(host=args.host, port=args.port, out=sys.stdout)
