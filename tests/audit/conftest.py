"""The audit pages are read after appraisal actions: they reuse the appraisal fixtures."""

import sys
from pathlib import Path

# The suite runs with --import-mode=importlib, which puts no test folder on sys.path:
# the appraisal fixtures, and source_names (read by test_labels.py) from this folder.
sys.path.insert(0, str(Path(__file__).parents[1] / "assessments" / "appraisal"))
sys.path.insert(0, str(Path(__file__).parent))

from appraisal_support import (  # noqa: F401
    appraisal,
    item,
    media_in_tmp,
    returned,
)
