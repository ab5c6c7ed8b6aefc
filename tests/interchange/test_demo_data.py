"""The demo province's files load cleanly, use every rule type and can be regenerated."""

from collections import Counter
from decimal import Decimal as D
from importlib import resources
from pathlib import Path

import pytest

from parindex.demo_data import generate
from parindex.interchange import (
    dump_criteria_xlsx,
    dump_criteria_yaml,
    load_criteria,
    load_scores,
    load_units,
)
from parindex.scoring import NOT_APPLICABLE, CriteriaSet, RuleKind, Unit, UnitScores, compute

DEMO = Path(str(resources.files("parindex") / "demo_data"))
YEARS = (2023, 2024)


@pytest.fixture(scope="module")
def criteria() -> CriteriaSet:
    return load_criteria(DEMO / "criteria_2024.yaml")


@pytest.fixture(scope="module")
def units(criteria: CriteriaSet) -> list[Unit]:
    return load_units(DEMO / "units.csv", criteria=criteria)


@pytest.fixture(scope="module")
def scores(criteria: CriteriaSet, units: list[Unit]) -> dict[int, dict[str, UnitScores]]:
    return {
        year: load_scores(DEMO / f"scores_{year}.csv", criteria=criteria, units=units)
        for year in YEARS
    }


class TestCriteria:
    def test_it_uses_every_rule_type(self, criteria: CriteriaSet):
        used = {node.rule.kind for node in criteria.nodes() if node.rule is not None}
        assert used == set(RuleKind)

    def test_it_has_seven_fields_of_100_points_and_a_bonus_field(self, criteria: CriteriaSet):
        titles = [f.title for f in criteria.fields]
        assert len(titles) == 8
        assert titles[-1] == "Điểm thưởng"
        assert sum(f.max_points for f in criteria.fields) == D(100)

    def test_it_has_at_least_forty_leaves(self, criteria: CriteriaSet):
        assert sum(1 for node in criteria.nodes() if node.is_leaf) >= 40

    def test_some_nodes_apply_to_one_group_only(self, criteria: CriteriaSet):
        groups = {node.code: node.groups for node in criteria.nodes() if node.groups}
        assert frozenset({"so"}) in groups.values()
        assert frozenset({"xa"}) in groups.values()

    def test_it_classifies_with_the_provincial_bands(self, criteria: CriteriaSet):
        assert [(b.minimum, b.label, b.short) for b in criteria.bands] == [
            (D(95), "Xuất sắc", "A"),
            (D(85), "Tốt", "B"),
            (D(75), "Khá", "C"),
            (D(70), "Trung bình", "D"),
            (D(0), "Yếu", "E"),
        ]

    def test_it_survives_both_formats(self, tmp_path: Path, criteria: CriteriaSet):
        dump_criteria_yaml(criteria, tmp_path / "c.yaml")
        dump_criteria_xlsx(criteria, tmp_path / "c.xlsx")
        assert load_criteria(tmp_path / "c.yaml") == criteria
        assert load_criteria(tmp_path / "c.xlsx") == criteria


class TestUnitsAndScores:
    def test_it_has_departments_and_communes(self, units: list[Unit]):
        assert Counter(u.group for u in units) == {"so": 8, "xa": 12}

    def test_every_unit_has_scores_in_both_years(self, scores, units: list[Unit]):
        for year in YEARS:
            assert set(scores[year]) == {u.code for u in units}

    def test_the_scores_hold_not_applicable_entries_deductions_and_disagreement(self, scores):
        entries = [
            (us.self_scored.get(code), us.appraised.get(code), code)
            for us in scores[2024].values()
            for code in us.appraised
        ]
        assert any(appraised == NOT_APPLICABLE for _, appraised, _ in entries)
        assert any(a.count and code in {"4.5", "5.6"} for _, a, code in entries if a)
        assert sum(1 for own, appraised, _ in entries if own != appraised) >= 20

    @pytest.mark.parametrize("year", YEARS)
    def test_the_engine_computes_plausible_indices(self, criteria, units, scores, year):
        result = compute(criteria, units, scores[year])
        indices = [u.appraised.index for g in result.groups for u in g.units]
        assert len(indices) == 20
        assert all(D(60) < index <= D(100) for index in indices)


def test_the_generator_rewrites_the_same_files(tmp_path: Path):
    generate.generate(tmp_path)
    for name in ("units.csv", "scores_2023.csv", "scores_2024.csv"):
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), name
