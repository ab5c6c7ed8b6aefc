"""Criteria sets (bộ tiêu chí) in YAML and XLSX files.

:func:`load_criteria` reads either format (by the file's suffix) and checks everything; a
file with any problem raises :class:`~parindex.interchange.errors.ImportFailed` listing
all of them. The writers produce files that load back to an equal criteria set. The
layouts are documented in ``docs/formats.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

from parindex.interchange._criteria_build import build_criteria
from parindex.interchange._criteria_xlsx import read_xlsx_criteria, write_xlsx_criteria
from parindex.interchange._criteria_yaml import read_yaml_criteria, write_yaml_criteria
from parindex.interchange._tables import unsupported
from parindex.scoring.model import CriteriaSet

CRITERIA_FORMATS = ".yaml, .yml hoặc .xlsx"


def load_criteria(path: str | os.PathLike[str]) -> CriteriaSet:
    """The criteria set in the YAML (``.yaml``/``.yml``) or XLSX (``.xlsx``) file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        records, collector = read_yaml_criteria(path)
    elif suffix == ".xlsx":
        records, collector = read_xlsx_criteria(path)
    else:
        raise unsupported(path, CRITERIA_FORMATS)
    return build_criteria(records, collector)


def dump_criteria_yaml(criteria: CriteriaSet, path: str | os.PathLike[str]) -> None:
    """Writes ``criteria`` as YAML (UTF-8)."""
    write_yaml_criteria(criteria, Path(path))


def dump_criteria_xlsx(criteria: CriteriaSet, path: str | os.PathLike[str]) -> None:
    """Writes ``criteria`` as an XLSX workbook."""
    write_xlsx_criteria(criteria, Path(path))
