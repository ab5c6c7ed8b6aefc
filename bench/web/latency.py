"""Latency of the self-scoring page and the appraiser's queue under concurrent users.

Run from the repository root::

    .venv/bin/python -m bench.web.latency                 # PostgreSQL, 50 clients
    .venv/bin/python -m bench.web.latency --json
    DATABASE_URL=sqlite:// .venv/bin/python -m bench.web.latency --requests 20 --clients 2

On the PostgreSQL server of ``DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/test``) it creates the database ``parindex_bench``,
migrates it, loads the data of :mod:`bench.web.dataset`, starts gunicorn on a free port
of 127.0.0.1 and measures, with ``--clients`` concurrent signed-in users, the p50/p95
latency of a trivial Django view, the health check, the self-scoring page of a unit with
120 sub-criteria and the appraiser's queue page. It prints p95(page) / p95(trivial view)
against the target of at most 4x. gunicorn is stopped and the database dropped at the
end, also after an error. A ``sqlite://`` URL runs the same on a temporary SQLite file.

Exit code 0 whatever the timings (a benchmark informs), 1 when a page answers wrongly
(not 200, or not the expected number of sub-criteria or queue rows).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.web import server
from bench.web.load import OK, Outcome, Target, fetch, measure

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"
DATABASE_NAME = "parindex_bench"
TARGET_RATIO = 4.0
ALONE_REQUESTS = 10  # one client, one request after the other: the pages' own time
LEAF_MARK = b"data-leaf"
QUEUE_ROW = re.compile(rb'href="/danh-gia/tham-dinh/[0-9a-f-]{36}/[0-9a-f-]{36}/"')


class WrongAnswerError(Exception):
    """A page did not answer as it should: the timings would mean nothing."""


@dataclass(frozen=True, slots=True)
class Measured:
    """One page: its own time (one client), and its load runs, one per round."""

    target: Target
    alone_p50: float
    rounds: tuple[Outcome, ...]

    @property
    def count(self) -> int:
        return sum(o.count for o in self.rounds)

    @property
    def errors(self) -> list[str]:
        return [e for o in self.rounds for e in o.errors]

    def median(self, value: Callable[[Outcome], float]) -> float:
        return statistics.median(value(o) for o in self.rounds)

    @property
    def p95(self) -> float:
        return self.median(lambda o: o.percentile(95))

    @property
    def slowest(self) -> float:
        return max((max(o.latencies, default=0.0) for o in self.rounds), default=0.0)


@dataclass(frozen=True, slots=True)
class Report:
    database: str
    python: str
    cpus: int
    workers: int
    clients: int
    leaves: int
    evidence: int
    units: int
    fields: int
    queue_rows: int
    measured: tuple[Measured, ...]

    @property
    def baseline(self) -> Measured:
        return self.measured[0]

    def ratios(self, m: Measured) -> list[float]:
        """p95(page) / p95(trivial view) in each round: measured minutes apart, so under
        about the same load."""
        pairs = zip(m.rounds, self.baseline.rounds, strict=True)
        return [o.percentile(95) / base.percentile(95) for o, base in pairs]

    def ratio(self, m: Measured) -> float:
        """The median of the rounds' ratios."""
        return statistics.median(self.ratios(m))

    @property
    def errors(self) -> int:
        return sum(len(m.errors) for m in self.measured)


def default_workers() -> int:
    return min(4, max(2, os.cpu_count() or 2))


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.web.latency", description=__doc__)
    add = parser.add_argument
    add("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_URL)
    add("--database-name", default=DATABASE_NAME, help="created and dropped (PostgreSQL)")
    add("--clients", type=int, default=50, help="concurrent signed-in users (50)")
    add("--requests", type=int, default=500, help="measured requests per page and round (500)")
    add(
        "--rounds",
        type=int,
        default=3,
        help="times every page is measured, one after the other (3): the ratios are "
        "taken within a round, and their median is reported",
    )
    add("--max-seconds", type=float, default=60.0, help="time limit per page (60)")
    add("--workers", type=int, default=default_workers(), help="gunicorn sync workers (2-4)")
    add("--units", type=int, default=120, help="units in the appraiser's queue (120)")
    add("--fields", type=int, default=2, help="fields assigned to the appraiser (2)")
    add("--conn-max-age", type=int, default=60, help="CONN_MAX_AGE of the server (60 s)")
    add("--seed", type=int, default=2025)
    add(
        "--cache-url",
        default="",
        help="CACHE_URL of the server, e.g. redis://127.0.0.1:6379/9 (default: none, each "
        "process's own memory)",
    )
    add("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if min(args.clients, args.requests, args.units, args.fields, args.rounds) < 1:
        parser.error("--clients, --requests, --rounds, --units and --fields must be at least 1")
    return args


def _setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django  # noqa: PLC0415  (settings come from the environment set just above)

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0, interactive=False)


def _cookie(user: object) -> str:
    from django.conf import settings  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def _database_version() -> str:
    from django.db import connection  # noqa: PLC0415

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    return f"{connection.vendor} {connection.Database.sqlite_version}"  # type: ignore[attr-defined]


def _check(port: int, targets: list[Target], *, leaves: int, queue_rows: int) -> None:
    """Each page answers 200 with what it must show, before anything is timed."""
    trivial, health, frame, self_page, queue = targets
    bodies = {}
    for target in targets:
        status, body = fetch(server.HOST, port, target)
        if status != OK:
            raise WrongAnswerError(f"{target.name} ({target.path}) answered HTTP {status}")
        bodies[target.name] = body
    if bodies[trivial.name] != b"ok":
        raise WrongAnswerError(f"{trivial.name} did not answer 'ok'")
    shown = bodies[self_page.name].count(LEAF_MARK)
    if shown != leaves:
        raise WrongAnswerError(f"{self_page.name} shows {shown} sub-criteria, not {leaves}")
    rows = _queue_rows(port, queue, bodies[queue.name])
    if rows != queue_rows:
        raise WrongAnswerError(f"{queue.name} shows {rows} rows over its pages, not {queue_rows}")
    del health, frame


def _queue_rows(port: int, queue: Target, first: bytes) -> int:
    """The rows of the queue over all its pages (50 a page), following its "next" links."""
    rows, body, number = 0, first, 1
    while True:
        rows += len(QUEUE_ROW.findall(body))
        number += 1
        if f"trang={number}".encode() not in body:
            return rows
        page = Target(queue.name, f"{queue.path}?trang={number}", queue.cookie)
        status, body = fetch(server.HOST, port, page)
        if status != OK:
            raise WrongAnswerError(f"{page.name} ({page.path}) answered HTTP {status}")


def _alone(port: int, target: Target) -> float:
    one = measure(server.HOST, port, target, clients=1, requests=ALONE_REQUESTS, max_seconds=60)
    return one.percentile(50)


def _measure_all(port: int, targets: list[Target], args: argparse.Namespace) -> list[Measured]:
    alone = [_alone(port, target) for target in targets]  # also warms the workers up
    rounds: list[list[Outcome]] = [[] for _ in targets]
    for _round in range(args.rounds):
        for runs, target in zip(rounds, targets, strict=True):
            loaded = measure(
                server.HOST,
                port,
                target,
                clients=args.clients,
                requests=args.requests,
                max_seconds=args.max_seconds,
            )
            runs.append(loaded)
    return [
        Measured(target, own, tuple(runs))
        for target, own, runs in zip(targets, alone, rounds, strict=True)
    ]


def run(args: argparse.Namespace, scratch: Path) -> Report:
    with server.database(args.database_url, args.database_name, scratch) as url:
        env = {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bench.web.settings",
            "PARINDEX_DATA_DIR": str(scratch / "data"),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "CONN_MAX_AGE": str(args.conn_max_age),
            "DEBUG": "0",
            "CACHE_URL": args.cache_url,
        }
        _setup_django(env)
        try:
            return _run_server(args, scratch, env)
        finally:
            from django.db import connections  # noqa: PLC0415

            connections.close_all()  # so that the database can be dropped


def _run_server(args: argparse.Namespace, scratch: Path, env: dict[str, str]) -> Report:
    from django.urls import reverse  # noqa: PLC0415

    from bench.web import dataset  # noqa: PLC0415  (needs Django set up)
    from bench.web.urls import SIGNED_IN_PATH, TRIVIAL_PATH  # noqa: PLC0415
    from parindex.apps.assessments.models import Evidence  # noqa: PLC0415

    built = dataset.build(units=args.units, fields=args.fields, seed=args.seed)
    staff, appraiser = _cookie(built.staff), _cookie(built.appraiser)
    page = reverse("assessments:self_page", args=[built.self_participation.uuid])
    targets = [
        Target("trivial view", TRIVIAL_PATH, staff),
        Target("health check", reverse("health"), staff),
        Target("signed-in frame", SIGNED_IN_PATH, staff),
        Target("self-scoring page", page, staff),
        Target("appraiser's queue", reverse("assessments:queue"), appraiser),
    ]
    log = scratch / "gunicorn.log"
    with server.gunicorn(root=ROOT, env=env, workers=args.workers, log=log) as port:
        _check(port, targets, leaves=built.leaves, queue_rows=built.queue_rows)
        measured = _measure_all(port, targets, args)
    return Report(
        database=_database_version(),
        python=platform.python_version(),
        cpus=os.cpu_count() or 0,
        workers=args.workers,
        clients=args.clients,
        leaves=built.leaves,
        evidence=Evidence.objects.filter(score__participation=built.self_participation).count(),
        units=args.units,
        fields=args.fields,
        queue_rows=built.queue_rows,
        measured=tuple(measured),
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f}"


def table(report: Report) -> str:
    r = report
    lines = [
        f"Web latency benchmark: gunicorn {r.workers} sync workers, {r.clients} concurrent "
        f"signed-in clients, {r.database} (Python {r.python}, {r.cpus} CPUs)",
        f"  self-scoring page: one unit, {r.leaves} sub-criteria, {r.evidence} with evidence; "
        f"queue: {r.queue_rows} rows ({r.units} units x {r.fields} fields)",
        f"  {len(r.baseline.rounds)} rounds, each measuring every page in turn; req/s, p50 "
        "and p95: medians of the rounds; the ratio: median of the rounds' ratios",
        f"  {'page':<20} {'path':<58} {'alone p50':>9} {'requests':>8} {'errors':>6} "
        f"{'req/s':>7} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'p95 / trivial':>13}"
        "  by round",
    ]
    for m in r.measured:
        by_round = " ".join(f"{x:.1f}" for x in r.ratios(m))
        lines.append(
            f"  {m.target.name:<20} {m.target.path:<58} {_ms(m.alone_p50)} {m.count:>8} "
            f"{len(m.errors):>6} {m.median(lambda o: o.throughput):>7.1f} "
            f"{_ms(m.median(lambda o: o.percentile(50)))} {_ms(m.p95)} {_ms(m.slowest)} "
            f"{r.ratio(m):>11.1f} x  {by_round}"
        )
    for m in r.measured[3:]:
        verdict = "met" if r.ratio(m) <= TARGET_RATIO else "NOT met"
        lines.append(
            f"  target p95({m.target.name}) <= {TARGET_RATIO:.0f} x p95(trivial view): "
            f"{r.ratio(m):.1f} x, {verdict}"
        )
    for m in r.measured:
        lines += [f"  !! {m.target.name}: {error}" for error in sorted(set(m.errors))]
    return "\n".join(lines)


def as_json(report: Report) -> str:
    r = report
    pages = [
        {
            "name": m.target.name,
            "path": m.target.path,
            "alone_p50_ms": m.alone_p50 * 1000,
            "requests": m.count,
            "errors": len(m.errors),
            "requests_per_second": m.median(lambda o: o.throughput),
            "p50_ms": m.median(lambda o: o.percentile(50)) * 1000,
            "p95_ms": m.p95 * 1000,
            "p95_ratio_to_trivial": r.ratio(m),
            "p95_ratio_by_round": r.ratios(m),
        }
        for m in r.measured
    ]
    data = {
        "database": r.database,
        "python": r.python,
        "cpus": r.cpus,
        "workers": r.workers,
        "clients": r.clients,
        "leaves": r.leaves,
        "evidence": r.evidence,
        "queue_rows": r.queue_rows,
        "target_ratio": TARGET_RATIO,
        "pages": pages,
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="parindex-bench-web-") as tmp:
        try:
            report = run(args, Path(tmp))
        except WrongAnswerError as exc:
            print(f"SAI: {exc}", file=sys.stderr)
            return 1
    print(as_json(report) if args.json else table(report))
    return 1 if report.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
