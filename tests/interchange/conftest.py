"""Fixtures of the interchange tests: a small criteria set in both formats, its units."""

from pathlib import Path

import pytest
from interchange_support import SMALL_YAML

from parindex.interchange import dump_criteria_xlsx, load_criteria
from parindex.scoring import CriteriaSet, Unit


@pytest.fixture
def small_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "criteria.yaml"
    path.write_text(SMALL_YAML, encoding="utf-8")
    return path


@pytest.fixture
def small_criteria(small_yaml: Path) -> CriteriaSet:
    return load_criteria(small_yaml)


@pytest.fixture
def small_xlsx(tmp_path: Path, small_criteria: CriteriaSet) -> Path:
    path = tmp_path / "criteria.xlsx"
    dump_criteria_xlsx(small_criteria, path)
    return path


@pytest.fixture
def small_units() -> list[Unit]:
    return [Unit("SNV", "Sở Nội vụ", "so"), Unit("XA1", "UBND xã Cam Lộ", "xa")]
