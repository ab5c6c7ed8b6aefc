"""Makes the repository's ``bench`` package importable however pytest is started.

``bench/`` sits beside ``src/`` rather than inside the installed package, so the
repository root must be on ``sys.path`` (``python -m pytest`` puts it there, the
``pytest`` script does not).
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.append(ROOT)
