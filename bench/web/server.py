"""The benchmark's database (created and dropped) and its gunicorn server (started and
stopped), each a context manager that cleans up even when the run fails."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.web.load import OK, Target, fetch

if TYPE_CHECKING:
    import psycopg

HOST = "127.0.0.1"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")
MAINTENANCE_DATABASES = ("postgres", "template1")
STARTUP_SECONDS = 60.0
STOP_SECONDS = 15.0


def is_postgres(url: str) -> bool:
    return urllib.parse.urlsplit(url).scheme in POSTGRES_SCHEMES


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` on the same server."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _libpq(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(scheme="postgresql"))


def _admin(url: str) -> psycopg.Connection[Any]:
    """An autocommit connection to a maintenance database of the server of ``url``."""
    import psycopg  # noqa: PLC0415  (only PostgreSQL runs need it)

    error: Exception | None = None
    for name in MAINTENANCE_DATABASES:
        try:
            return psycopg.connect(
                _libpq(with_database(url, name)), autocommit=True, connect_timeout=10
            )
        except psycopg.OperationalError as exc:
            error = exc
    raise RuntimeError(f"cannot reach PostgreSQL at {url}: {error}")


def exists(url: str, name: str) -> bool:
    """Whether the PostgreSQL server of ``url`` has a database ``name``."""
    with _admin(url) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


def _drop(url: str, name: str) -> None:
    from psycopg import sql  # noqa: PLC0415

    with _admin(url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextmanager
def database(url: str, name: str, scratch: Path) -> Iterator[str]:
    """A new, empty database for the run (dropped afterwards); yields its URL.

    PostgreSQL: ``name`` on the server of ``url`` (dropped first if a previous run left
    it). Anything else: an SQLite file in ``scratch``.
    """
    if not is_postgres(url):
        path = scratch / f"{name}.sqlite3"
        yield f"sqlite:///{path}"
        path.unlink(missing_ok=True)
        return
    from psycopg import sql  # noqa: PLC0415

    _drop(url, name)
    with _admin(url) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(url, name)
    finally:
        _drop(url, name)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    probe = Target("health", "/suc-khoe/")
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if fetch(HOST, port, probe, timeout=5)[0] == OK:
                return
        except OSError:
            pass
        time.sleep(0.2)
    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    raise RuntimeError(f"gunicorn did not answer on port {port}:\n{tail}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown of its workers
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def gunicorn(*, root: Path, env: Mapping[str, str], workers: int, log: Path) -> Iterator[int]:
    """gunicorn serving the application with the bench settings; yields its port."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "parindex.config.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--backlog=2048",
        "--timeout=120",
        "--log-level=warning",
        f"--chdir={root}",
    ]
    path = os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)
    environment = {**os.environ, **env, "PYTHONPATH": path}
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=environment, stdout=output, stderr=output)
        try:
            _wait_until_up(process, port, log)
            yield port
        finally:
            _stop(process)
