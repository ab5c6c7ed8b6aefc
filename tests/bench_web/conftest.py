"""Makes the repository's ``bench`` package importable however pytest is started (as in
tests/bench/conftest.py: ``bench/`` sits beside ``src/``, not inside the package)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.append(ROOT)
