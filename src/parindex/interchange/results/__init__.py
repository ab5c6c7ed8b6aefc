"""Computed results out (JSON, XLSX, a terminal table) and last year's JSON back in.

The JSON layout is stable and documented in ``docs/results.md``: figures are decimal
strings with a dot (``"93.36"``), counts and ranks are integers, absent values are
``null``. :func:`load_previous` reads a file written by :func:`write_json` a year later.
"""

from parindex.interchange.results.as_json import results_to_json, write_json
from parindex.interchange.results.previous import load_previous
from parindex.interchange.results.table import format_table
from parindex.interchange.results.workbook import write_xlsx

__all__ = [
    "format_table",
    "load_previous",
    "results_to_json",
    "write_json",
    "write_xlsx",
]
