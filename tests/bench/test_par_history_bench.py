"""bench/par_history.py runs end to end on the demo province and finds the history in
agreement with the published result (timings are printed, never asserted)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_par_history_benchmark_measures_both_ways_and_agrees_with_the_published():
    done = subprocess.run(
        [sys.executable, "-m", "bench.par_history", "--runs", "1", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["units"] > 10
    assert report["disagreements"] == []
    assert report["history"]["queries"] < report["baseline"]["queries"]
    assert report["baseline"]["seconds"] > 0
