"""Reading and writing criteria sets, units and scores (YAML, CSV, XLSX). No Django.

Every loader checks the whole file and raises :class:`ImportFailed` listing every
:class:`Problem` (file, sheet, row, column, Vietnamese message); a file with any problem
imports nothing. The formats are documented in ``docs/formats.md``.
"""

from parindex.interchange.criteria import dump_criteria_xlsx, dump_criteria_yaml, load_criteria
from parindex.interchange.errors import ImportFailed, Problem
from parindex.interchange.scores import dump_scores, load_scores
from parindex.interchange.units import dump_units, load_units

__all__ = [
    "ImportFailed",
    "Problem",
    "dump_criteria_xlsx",
    "dump_criteria_yaml",
    "dump_scores",
    "dump_units",
    "load_criteria",
    "load_scores",
    "load_units",
]
