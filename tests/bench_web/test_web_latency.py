"""The web benchmark (bench/web) runs end to end and measures every page; correctness
only, never timings. On SQLite, or on PostgreSQL when the suite runs there."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.web import server
from bench.web.dataset import LEAVES, engine_set
from bench.web.load import Outcome, Target
from tests.conftest import uses_postgres

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "trivial view",
    "health check",
    "signed-in frame",
    "self-scoring page",
    "appraiser's queue",
]
NO_GUNICORN = "the web benchmark needs gunicorn (pip install -e .[dev])"


def run_bench(*extra):
    if importlib.util.find_spec("gunicorn") is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI=true: {NO_GUNICORN}", pytrace=False)
        pytest.skip(NO_GUNICORN)
    url = os.environ["DATABASE_URL"] if uses_postgres() else "sqlite://"
    command = [sys.executable, "-m", "bench.web.latency", "--database-url", url, *extra]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_web_benchmark_serves_every_page_with_gunicorn_and_reports_their_latency():
    name = f"parindex_bench_test_{os.getpid()}"
    result = run_bench(
        *("--database-name", name, "--requests", "20", "--clients", "2", "--workers", "2"),
        *("--units", "3", "--fields", "2", "--rounds", "2", "--json"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert (report["leaves"], report["queue_rows"], report["clients"]) == (LEAVES, 6, 2)
    assert [page["name"] for page in report["pages"]] == PAGES
    for page in report["pages"]:
        assert (page["requests"], page["errors"]) == (40, 0), page  # 20 in each round
        assert 0 < page["p50_ms"] <= page["p95_ms"], page
        assert len(page["p95_ratio_by_round"]) == 2, page
    assert report["pages"][0]["p95_ratio_by_round"] == [1, 1]
    assert report["pages"][0]["p95_ratio_to_trivial"] == 1
    assert report["evidence"] == LEAVES // 3
    if uses_postgres():
        assert not server.exists(os.environ["DATABASE_URL"], name)


def test_the_bench_refuses_to_time_nothing():
    result = run_bench("--clients", "0")
    assert result.returncode == 2
    assert "must be at least 1" in result.stderr


def test_every_one_of_the_120_sub_criteria_applies_to_every_unit():
    engine = engine_set(2025, seed=2025)
    leaves = [node for node in engine.nodes() if node.is_leaf]
    assert len(leaves) == LEAVES == 120
    assert all(not node.groups for node in engine.nodes())


def test_percentiles_are_nearest_rank():
    outcome = Outcome(Target("x", "/"), clients=1, latencies=[0.5, 0.1, 0.4, 0.2, 0.3] * 4)
    assert outcome.percentile(50) == 0.3
    assert outcome.percentile(95) == 0.5
    assert outcome.percentile(5) == 0.1
    assert outcome.count == 20
