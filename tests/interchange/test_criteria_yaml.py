"""Criteria sets in YAML: what loads, what is refused and where the problem is shown."""

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from interchange_support import SMALL_YAML, line_of, replaced

from parindex.interchange import (
    ImportFailed,
    Problem,
    dump_criteria_yaml,
    load_criteria,
)
from parindex.interchange import errors as e
from parindex.scoring import (
    Band,
    BandMeasure,
    BandsRule,
    BonusRule,
    ChecklistItem,
    ChecklistRule,
    ClassBand,
    CriteriaSet,
    DeductionRule,
    JudgedRule,
    RatioRule,
    Rounding,
    TiePolicy,
    UnitGroup,
    ZeroDenominator,
)

FILE = "criteria.yaml"


def problems(tmp_path: Path, text: str) -> tuple[Problem, ...]:
    path = tmp_path / FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        load_criteria(path)
    return caught.value.problems


def at(text: str, snippet: str, column: str | None, message: str, occurrence: int = 1) -> Problem:
    return Problem(FILE, None, line_of(text, snippet, occurrence), column, message)


class TestLoading:
    def test_it_reads_the_set_metadata(self, small_criteria: CriteriaSet):
        assert small_criteria.code == "TEST-2024"
        assert small_criteria.name == "Bộ tiêu chí thử"
        assert small_criteria.year == 2024
        assert small_criteria.decision_number == "12/QĐ-UBND"
        assert small_criteria.decision_date == date(2024, 1, 9)
        assert small_criteria.groups == (
            UnitGroup("so", "Sở, ban, ngành"),
            UnitGroup("xa", "UBND xã, phường"),
        )
        assert small_criteria.bands == (ClassBand(D(90), "Tốt", "A"), ClassBand(D(0), "Khá", "B"))

    def test_it_uses_the_documented_defaults_for_rounding_and_ties(
        self, small_criteria: CriteriaSet
    ):
        assert small_criteria.rounding.index_decimals == 2
        assert small_criteria.rounding.score_decimals == 2
        assert small_criteria.rounding.mode is Rounding.HALF_UP
        assert small_criteria.tie_policy is TiePolicy.SHARED
        assert small_criteria.index_cap is None

    def test_it_builds_the_tree_in_file_order(self, small_criteria: CriteriaSet):
        assert [f.code for f in small_criteria.fields] == ["1", "2"]
        assert [c.code for c in small_criteria.fields[0].children] == ["1.1", "1.2", "1.3", "1.4"]
        assert small_criteria.fields[1].groups == frozenset({"xa"})

    def test_it_builds_each_rule_with_its_parameters(self, small_criteria: CriteriaSet):
        nodes = small_criteria.node_map()
        assert nodes["1.1"].rule == JudgedRule(step=D("0.25"))
        assert nodes["1.2"].rule == ChecklistRule(
            items=(ChecklistItem("q1", "Quý I", D(1)), ChecklistItem("q2", "Quý II", D(1)))
        )
        assert nodes["1.3"].rule == DeductionRule(points_each=D("0.5"), cap=D(1))
        assert nodes["1.4"].rule == BonusRule(points_each=D("0.5"), cap=D(1))
        assert nodes["2.1"].rule == RatioRule(zero_denominator=ZeroDenominator.FULL)
        assert nodes["2.2"].rule == BandsRule(
            bands=(Band(D(90), D(1)), Band(D(50), D("0.5"))), measure_of=BandMeasure.PERCENT
        )

    def test_it_keeps_decimals_exact_and_as_decimal(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "step: 0.25", "step: 0.1")
        path = tmp_path / FILE
        path.write_text(text, encoding="utf-8")
        step = load_criteria(path).node_map()["1.1"].rule.step  # type: ignore[union-attr]
        assert isinstance(step, D)
        assert str(step) == "0.1"

    def test_it_keeps_codes_as_written(self, tmp_path: Path):
        text = replaced(SMALL_YAML, 'code: "1.1"', "code: 01.10")
        path = tmp_path / FILE
        path.write_text(text, encoding="utf-8")
        assert "01.10" in load_criteria(path).node_map()

    def test_it_accepts_a_vietnamese_date_and_a_decimal_comma(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "decision_date: 2024-01-09", 'decision_date: "09/01/2024"')
        text = replaced(text, "step: 0.25", 'step: "0,25"')
        path = tmp_path / FILE
        path.write_text(text, encoding="utf-8")
        criteria = load_criteria(path)
        assert criteria.decision_date == date(2024, 1, 9)
        assert criteria.node_map()["1.1"].rule == JudgedRule(step=D("0.25"))

    def test_it_accepts_bands_and_items_as_lists_or_text(self, tmp_path: Path):
        text = replaced(SMALL_YAML, 'bands: "90:1; 50:0.5"', "bands: [{min: 90, points: 1}]")
        text = replaced(
            text,
            "items:\n          - {code: q1, points: 1, title: Quý I}\n"
            "          - {code: q2, points: 1, title: Quý II}",
            'items: "q1=1|Quý I; q2=1|Quý II"',
        )
        path = tmp_path / FILE
        path.write_text(text, encoding="utf-8")
        nodes = load_criteria(path).node_map()
        assert nodes["2.2"].rule.bands == (Band(D(90), D(1)),)  # type: ignore[union-attr]
        assert nodes["1.2"].rule.items == (  # type: ignore[union-attr]
            ChecklistItem("q1", "Quý I", D(1)),
            ChecklistItem("q2", "Quý II", D(1)),
        )

    def test_it_reads_rounding_ties_and_cap(self, tmp_path: Path):
        extra = "index_decimals: 3\nscore_decimals: 3\nrounding: half_even\n"
        extra += "tie_policy: dense\nindex_cap: 100\n"
        path = tmp_path / FILE
        path.write_text(extra + SMALL_YAML, encoding="utf-8")
        criteria = load_criteria(path)
        assert criteria.rounding.index_decimals == 3
        assert criteria.rounding.mode is Rounding.HALF_EVEN
        assert criteria.tie_policy is TiePolicy.DENSE
        assert criteria.index_cap == D(100)


class TestRoundTrip:
    def test_a_written_file_loads_back_equal(self, tmp_path: Path, small_criteria: CriteriaSet):
        path = tmp_path / "again.yaml"
        dump_criteria_yaml(small_criteria, path)
        assert load_criteria(path) == small_criteria

    def test_it_writes_numbers_as_plain_yaml_numbers(
        self, tmp_path: Path, small_criteria: CriteriaSet
    ):
        path = tmp_path / "again.yaml"
        dump_criteria_yaml(small_criteria, path)
        text = path.read_text(encoding="utf-8")
        assert "step: 0.25" in text
        assert "title: Chỉ đạo điều hành" in text  # Vietnamese stays readable


class TestFileProblems:
    def test_it_reports_a_yaml_syntax_error_with_its_line(self, tmp_path: Path):
        text = "code: A\nname: [unclosed\nyear: 2024\n"
        (problem,) = problems(tmp_path, text)
        assert problem.file == FILE
        assert problem.row == 3
        assert problem.message.startswith("lỗi cú pháp YAML: ")

    def test_it_refuses_a_document_that_is_not_a_mapping(self, tmp_path: Path):
        assert problems(tmp_path, "- a\n- b\n") == (Problem(FILE, None, 1, None, e.NOT_A_MAPPING),)

    def test_it_reports_a_missing_file(self, tmp_path: Path):
        with pytest.raises(ImportFailed) as caught:
            load_criteria(tmp_path / "none.yaml")
        assert caught.value.problems == (Problem("none.yaml", None, None, None, e.FILE_NOT_FOUND),)

    def test_it_refuses_an_unknown_format(self, tmp_path: Path):
        with pytest.raises(ImportFailed) as caught:
            load_criteria(tmp_path / "criteria.json")
        message = e.UNSUPPORTED_FORMAT.format(suffix=".json", allowed=".yaml, .yml hoặc .xlsx")
        assert caught.value.problems == (Problem("criteria.json", None, None, None, message),)


class TestSetProblems:
    def test_it_requires_the_year(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "year: 2024\n", "")
        assert problems(tmp_path, text) == (Problem(FILE, None, 1, "year", e.REQUIRED),)

    def test_it_rejects_a_year_that_is_not_a_whole_number(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "year: 2024", "year: 2024.5")
        message = e.NOT_AN_INTEGER.format(value="2024.5")
        assert problems(tmp_path, text) == (at(text, "year:", "year", message),)

    def test_it_rejects_a_bad_decision_date(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "decision_date: 2024-01-09", "decision_date: 31/02/2024")
        message = e.NOT_A_DATE.format(value="31/02/2024")
        assert problems(tmp_path, text) == (at(text, "decision_date", "decision_date", message),)

    def test_it_rejects_an_unknown_rounding_mode(self, tmp_path: Path):
        text = "rounding: up\n" + SMALL_YAML
        message = e.NOT_A_CHOICE.format(value="up", choices="half_up, half_even")
        assert problems(tmp_path, text) == (at(text, "rounding", "rounding", message),)

    def test_it_rejects_an_unknown_key(self, tmp_path: Path):
        text = "province: Quảng Trị\n" + SMALL_YAML
        (problem,) = problems(tmp_path, text)
        assert problem == at(text, "province", "province", problem.message)
        assert problem.message.startswith("khóa không được hỗ trợ; các khóa hợp lệ: code, name")

    def test_it_rejects_a_key_written_twice(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "year: 2024\n", "year: 2024\nyear: 2025\n")
        message = e.DUPLICATE_KEY.format(row=3)
        assert problems(tmp_path, text) == (Problem(FILE, None, 4, "year", message),)

    def test_it_requires_at_least_one_group(self, tmp_path: Path):
        text = replaced(
            SMALL_YAML,
            '  - {code: so, name: "Sở, ban, ngành"}\n  - {code: xa, name: "UBND xã, phường"}\n',
            "  []\n",
        )
        text = replaced(text, "    groups: [xa]\n", "")
        assert problems(tmp_path, text) == (at(text, "groups:", "groups", e.NO_GROUPS),)

    def test_it_rejects_a_group_code_used_twice(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "{code: xa, name:", "{code: so, name:")
        text = replaced(text, "groups: [xa]", "groups: [so]")
        message = e.DUPLICATE_GROUP.format(code="so", row=7)
        assert problems(tmp_path, text) == (Problem(FILE, None, 8, "code", message),)

    def test_it_rejects_a_classification_band_without_label(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "{minimum: 0, label: Khá, short: B}", "{minimum: 0, short: B}")
        assert problems(tmp_path, text) == (at(text, "{minimum: 0", "label", e.REQUIRED),)

    def test_it_rejects_two_classification_bands_with_one_minimum(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "{minimum: 0, label: Khá", "{minimum: 90, label: Khá")
        message = e.DUPLICATE_BAND.format(minimum="90", row=10)
        assert problems(tmp_path, text) == (Problem(FILE, None, 11, "minimum", message),)

    def test_it_requires_fields(self, tmp_path: Path):
        text = SMALL_YAML[: SMALL_YAML.index("fields:")] + "fields: []\n"
        assert problems(tmp_path, text) == (at(text, "fields:", "fields", e.NO_FIELDS),)

    def test_it_rejects_fields_that_are_not_a_list(self, tmp_path: Path):
        text = SMALL_YAML[: SMALL_YAML.index("fields:")] + "fields: 12\n"
        assert problems(tmp_path, text) == (
            at(text, "fields:", "fields", e.NOT_A_LIST),
            at(text, "fields:", "fields", e.NO_FIELDS),
        )


class TestNodeProblems:
    def test_it_rejects_a_maximum_that_is_not_a_number(self, tmp_path: Path):
        text = replaced(
            SMALL_YAML,
            "max_points: 1\n        rule: judged",
            "max_points: abc\n        rule: judged",
        )
        message = e.NOT_A_NUMBER.format(value="abc")
        assert problems(tmp_path, text) == (at(text, "max_points: abc", "max_points", message),)

    def test_it_rejects_a_negative_maximum(self, tmp_path: Path):
        text = replaced(
            SMALL_YAML,
            "max_points: 1\n        rule: judged",
            "max_points: -1\n        rule: judged",
        )
        message = e.NEGATIVE.format(value="-1")
        assert problems(tmp_path, text) == (at(text, "max_points: -1", "max_points", message),)

    def test_it_requires_a_title(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "        title: Kế hoạch\n", "")
        assert problems(tmp_path, text) == (at(text, 'code: "1.1"', "title", e.REQUIRED),)

    def test_it_rejects_an_unknown_rule_type(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "rule: judged", "rule: guess")
        message = e.UNKNOWN_RULE.format(
            value="guess",
            choices=(
                "judged, checklist, ratio, relative, bands, count, deduction, bonus, accuracy, "
                "survey"
            ),
        )
        assert problems(tmp_path, text) == (at(text, "rule: guess", "rule", message),)

    def test_it_requires_a_rule_on_a_leaf(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "        rule: judged\n        step: 0.25\n", "")
        assert problems(tmp_path, text) == (at(text, 'code: "1.1"', "rule", e.RULE_REQUIRED),)

    def test_it_rejects_a_rule_on_a_node_with_children(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "    max_points: 3\n", "    max_points: 3\n    rule: judged\n")
        assert problems(tmp_path, text) == (at(text, "    rule: judged", "rule", e.RULE_ON_PARENT),)

    def test_it_rejects_a_parameter_that_does_not_belong_to_the_rule(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "step: 0.25\n", "step: 0.25\n        cap: 1\n")
        message = e.PARAMETER_NOT_FOR_RULE.format(rule="judged")
        assert problems(tmp_path, text) == (at(text, "cap: 1", "cap", message),)

    def test_it_rejects_a_step_that_does_not_divide_the_maximum(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "step: 0.25", "step: 0.3")
        message = e.STEP_NOT_DIVIDING.format(step="0,3", max="1")
        assert problems(tmp_path, text) == (at(text, "step: 0.3", "step", message),)

    def test_it_rejects_a_parent_whose_maximum_is_not_the_sum_of_its_children(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "max_points: 3", "max_points: 4")
        message = e.SUM_MISMATCH.format(max="4", total="3")
        assert problems(tmp_path, text) == (at(text, "max_points: 4", "max_points", message),)

    def test_it_counts_bonus_and_deduction_children_as_zero_in_the_sum(self, tmp_path: Path):
        text = replaced(
            SMALL_YAML, "max_points: 0\n        rule: bonus", "max_points: 5\n        rule: bonus"
        )
        path = tmp_path / FILE
        path.write_text(text, encoding="utf-8")
        assert load_criteria(path).node_map()["1.4"].max_points == D(5)

    def test_it_rejects_a_code_used_twice(self, tmp_path: Path):
        text = replaced(SMALL_YAML, 'code: "1.2"', 'code: "1.1"')
        message = e.DUPLICATE_CODE.format(code="1.1", row=line_of(text, 'code: "1.1"'))
        assert problems(tmp_path, text) == (at(text, 'code: "1.1"', "code", message, 2),)

    def test_it_rejects_an_unknown_group_in_a_node(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "groups: [xa]", "groups: [xa, huyen]")
        message = e.UNKNOWN_GROUP.format(code="huyen")
        assert problems(tmp_path, text) == (at(text, "groups: [xa, huyen]", "groups", message),)

    def test_it_rejects_an_unknown_key_in_a_node(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "step: 0.25\n", "step: 0.25\n        weight: 2\n")
        (problem,) = problems(tmp_path, text)
        assert problem == at(text, "weight: 2", "weight", problem.message)

    def test_it_rejects_a_band_that_is_not_threshold_and_points(self, tmp_path: Path):
        text = replaced(SMALL_YAML, '"90:1; 50:0.5"', '"90:1; 50"')
        message = e.BAD_BAND.format(value="50")
        assert problems(tmp_path, text) == (at(text, "bands:", "bands", message),)

    def test_it_rejects_band_points_above_the_maximum(self, tmp_path: Path):
        text = replaced(SMALL_YAML, '"90:1; 50:0.5"', '"90:2; 50:0.5"')
        message = e.BAND_ABOVE_MAX.format(minimum="90", points="2", max="1")
        assert problems(tmp_path, text) == (at(text, "bands:", "bands", message),)

    def test_it_requires_bands_on_a_bands_rule(self, tmp_path: Path):
        text = replaced(SMALL_YAML, '        bands: "90:1; 50:0.5"\n', "")
        message = e.PARAMETER_REQUIRED.format(rule="bands")
        assert problems(tmp_path, text) == (at(text, 'code: "2.2"', "bands", message),)

    def test_it_rejects_an_unknown_zero_denominator_policy(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "zero_denominator: full", "zero_denominator: max")
        message = e.NOT_A_CHOICE.format(value="max", choices="full, zero, not_applicable")
        assert problems(tmp_path, text) == (
            at(text, "zero_denominator", "zero_denominator", message),
        )

    def test_it_rejects_full_at_above_one(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "zero_denominator: full", "full_at: 1.5")
        message = e.FULL_AT_RANGE.format(value="1,5")
        assert problems(tmp_path, text) == (at(text, "full_at", "full_at", message),)

    def test_it_rejects_a_checklist_item_without_points(self, tmp_path: Path):
        text = replaced(
            SMALL_YAML, "{code: q2, points: 1, title: Quý II}", "{code: q2, title: Quý II}"
        )
        message = e.BAD_ITEM.format(value="code: q2, title: Quý II")
        assert problems(tmp_path, text) == (at(text, "items:", "items", message),)

    def test_it_rejects_a_checklist_item_code_used_twice(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "{code: q2, points: 1", "{code: q1, points: 1")
        message = e.DUPLICATE_ITEM.format(code="q1")
        assert problems(tmp_path, text) == (at(text, "items:", "items", message),)

    def test_it_rejects_checklist_items_that_cannot_reach_the_maximum(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "{code: q2, points: 1", "{code: q2, points: 0.5")
        message = e.ITEMS_BELOW_MAX.format(total="1,5", max="2")
        assert problems(tmp_path, text) == (at(text, "items:", "items", message),)

    def test_it_reports_every_problem_of_the_file_in_line_order(self, tmp_path: Path):
        text = replaced(SMALL_YAML, "step: 0.25", "step: 0.3")
        text = replaced(text, "year: 2024", "year: năm nay")
        text = replaced(text, "zero_denominator: full", "zero_denominator: max")
        rows = [p.row for p in problems(tmp_path, text)]
        assert rows == [
            line_of(text, "year:"),
            line_of(text, "step: 0.3"),
            line_of(text, "zero_denominator"),
        ]
