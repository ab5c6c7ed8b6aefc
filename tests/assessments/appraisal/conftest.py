"""The appraisal tests share their fixtures and helpers through appraisal_support."""

import sys
from pathlib import Path

# The suite runs with --import-mode=importlib, which puts no test folder on sys.path.
sys.path.insert(0, str(Path(__file__).parent))

from appraisal_support import (  # noqa: F401
    appraisal,
    item,
    item_url,
    media_in_tmp,
    page_url,
    returned,
)
