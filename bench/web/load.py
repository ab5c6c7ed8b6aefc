"""Concurrent GET requests against one page and their latency percentiles.

``clients`` threads, each a signed-in user (the session cookie), request the same path
one after the other until ``requests`` answers are in or ``max_seconds`` have passed.
Each request opens its own connection (gunicorn's sync workers close it after every
answer) and is timed from connecting to the last byte read.
"""

from __future__ import annotations

import http.client
import math
import threading
import time
from dataclasses import dataclass, field

OK = 200


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    path: str
    cookie: str = ""  # "sessionid=..." of the signed-in user, empty for anonymous


@dataclass(slots=True)
class Outcome:
    """The timings (seconds) of one target's measured requests."""

    target: Target
    clients: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies)

    def percentile(self, p: float) -> float:
        """The nearest-rank percentile ``p`` (0-100), in seconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1]

    @property
    def throughput(self) -> float:
        return self.count / self.wall_seconds if self.wall_seconds else math.nan


def fetch(host: str, port: int, target: Target, timeout: float = 120.0) -> tuple[int, bytes]:
    """One GET of ``target``: the status and the body."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        headers = {"Cookie": target.cookie} if target.cookie else {}
        connection.request("GET", target.path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class _Run:
    """Shared state of one measurement: how many requests were handed out, the results."""

    def __init__(self, requests: int, max_seconds: float, outcome: Outcome) -> None:
        self.lock = threading.Lock()
        self.left = requests
        self.deadline = time.monotonic() + max_seconds
        self.outcome = outcome

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0 or time.monotonic() >= self.deadline:
                return False
            self.left -= 1
            return True

    def record(self, seconds: float, error: str) -> None:
        with self.lock:
            if error:
                self.outcome.errors.append(error)
            else:
                self.outcome.latencies.append(seconds)


def _client(host: str, port: int, run: _Run, start: threading.Barrier) -> None:
    target = run.outcome.target
    start.wait()
    while run.take():
        began = time.perf_counter()
        try:
            status, _body = fetch(host, port, target)
            error = "" if status == OK else f"HTTP {status}"
        except OSError as exc:
            error = f"{type(exc).__name__}: {exc}"
        run.record(time.perf_counter() - began, error)


def measure(
    host: str, port: int, target: Target, *, clients: int, requests: int, max_seconds: float
) -> Outcome:
    """``requests`` GETs of ``target`` by ``clients`` concurrent users (bounded in time)."""
    outcome = Outcome(target=target, clients=clients)
    run = _Run(requests, max_seconds, outcome)
    start = threading.Barrier(clients + 1)
    threads = [
        threading.Thread(target=_client, args=(host, port, run, start), daemon=True)
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    outcome.wall_seconds = time.perf_counter() - began
    return outcome
