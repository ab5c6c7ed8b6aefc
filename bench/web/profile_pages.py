"""Where one request of the signed-in frame (the floor of any signed-in page), the
self-scoring page and the appraiser's queue spends its time.

Run from the repository root::

    .venv/bin/python -m bench.web.profile_pages              # PostgreSQL of DATABASE_URL
    .venv/bin/python -m bench.web.profile_pages --database-url sqlite:// --top 40

Builds the data of :mod:`bench.web.dataset` in a new database (as ``latency.py`` does),
signs the two users in, sends each page ``--warm`` requests through the whole Django
stack (middleware, session, authentication, view, templates; the test client, no
server), then profiles ``--runs`` more with cProfile and prints, per page, the mean wall
time of a request, its SQL queries and the functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.web import server

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.web.profile_pages", description=__doc__)
    add = parser.add_argument
    add("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_URL)
    add("--database-name", default="parindex_bench_profile", help="created and dropped")
    add("--units", type=int, default=120)
    add("--fields", type=int, default=2)
    add("--warm", type=int, default=5, help="requests before profiling (5)")
    add("--runs", type=int, default=20, help="profiled requests per page (20)")
    add("--top", type=int, default=25, help="functions listed per page (25)")
    add("--seed", type=int, default=2025)
    return parser.parse_args(argv)


def _profile(client: object, path: str, args: argparse.Namespace) -> str:
    from django.db import connection  # noqa: PLC0415

    get = client.get  # type: ignore[attr-defined]
    for _ in range(args.warm):
        assert get(path).status_code == 200
    queries: list[str] = []

    def count(execute: Any, sql: str, *rest: Any) -> Any:
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(count):  # the test client resets connection.queries
        get(path)
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    for _ in range(args.runs):
        get(path)
    profiler.disable()
    mean = (time.perf_counter() - began) / args.runs
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(args.top)
    return f"{path}: {mean * 1000:.1f} ms per request (profiled), {len(queries)} queries\n" + (
        out.getvalue()
    )


def run(args: argparse.Namespace, scratch: Path) -> None:
    with server.database(args.database_url, args.database_name, scratch) as url:
        os.environ.update(
            {
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "bench.web.settings",
                "PARINDEX_DATA_DIR": str(scratch / "data"),
                "SECRET_KEY": secrets.token_urlsafe(50),
                "DEBUG": "0",
            }
        )
        import django  # noqa: PLC0415

        django.setup()
        from django.core.management import call_command  # noqa: PLC0415
        from django.db import connections  # noqa: PLC0415
        from django.test import Client  # noqa: PLC0415
        from django.urls import reverse  # noqa: PLC0415

        try:
            call_command("migrate", verbosity=0, interactive=False)
            from bench.web import dataset  # noqa: PLC0415
            from bench.web.urls import SIGNED_IN_PATH  # noqa: PLC0415

            built = dataset.build(units=args.units, fields=args.fields, seed=args.seed)
            staff, appraiser = Client(SERVER_NAME=server.HOST), Client(SERVER_NAME=server.HOST)
            staff.force_login(built.staff)
            appraiser.force_login(built.appraiser)
            page = reverse("assessments:self_page", args=[built.self_participation.uuid])
            print(_profile(staff, SIGNED_IN_PATH, args))  # the frame alone: the floor
            print(_profile(staff, page, args))
            print(_profile(appraiser, reverse("assessments:queue"), args))
        finally:
            connections.close_all()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="parindex-profile-") as tmp:
        run(args, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
