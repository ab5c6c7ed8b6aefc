"""bench/demo_load.py runs end to end: it times a real demo load and checks that a second
load creates nothing (timings are printed, never asserted)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_load_benchmark_reports_both_loads_and_what_was_created():
    done = subprocess.run(
        [sys.executable, "-m", "bench.demo_load", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["created"]["rounds"] == 2
    assert report["created"]["users"] > 10
    assert report["load_seconds"] > 0
    assert report["migrate_seconds"] > 0
