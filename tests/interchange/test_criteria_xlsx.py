"""Criteria sets in XLSX workbooks: four sheets, one row per node of the tree."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from interchange_support import read_xlsx, set_cell, write_xlsx

from parindex.interchange import (
    ImportFailed,
    Problem,
    load_criteria,
)
from parindex.interchange import errors as e
from parindex.interchange._criteria_xlsx import NODE_COLUMNS
from parindex.scoring import (
    Band,
    ChecklistItem,
    ChecklistRule,
    CriteriaSet,
    JudgedRule,
    RatioRule,
    ZeroDenominator,
)

FILE = "criteria.xlsx"
NODES = "Tiêu chí"
INFO = "Thông tin"


def problems(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(ImportFailed) as caught:
        load_criteria(path)
    return caught.value.problems


def node_problem(row: int, column: str | None, message: str) -> Problem:
    return Problem(FILE, NODES, row, column, message)


class TestWorkbookLayout:
    def test_it_writes_the_four_sheets_with_their_headers(
        self, small_xlsx: Path, small_criteria: CriteriaSet
    ):
        sheets = read_xlsx(small_xlsx)
        assert list(sheets) == ["Thông tin", "Nhóm", "Xếp loại", "Tiêu chí"]
        assert sheets["Thông tin"][0] == ["key", "value", "note"]
        assert sheets["Nhóm"][1:] == [["so", "Sở, ban, ngành"], ["xa", "UBND xã, phường"]]
        assert sheets["Xếp loại"][0] == ["minimum", "label", "short"]
        assert tuple(sheets[NODES][0]) == NODE_COLUMNS

    def test_it_writes_one_row_per_node_naming_its_parent(self, small_xlsx: Path):
        rows = read_xlsx(small_xlsx)[NODES][1:]
        assert [(r[0], r[1]) for r in rows] == [
            ("1", None),
            ("1.1", "1"),
            ("1.2", "1"),
            ("1.3", "1"),
            ("1.4", "1"),
            ("2", None),
            ("2.1", "2"),
            ("2.2", "2"),
        ]

    def test_it_writes_lists_as_text_cells(self, small_xlsx: Path):
        rows = {
            r[0]: dict(zip(NODE_COLUMNS, r, strict=True)) for r in read_xlsx(small_xlsx)[NODES][1:]
        }
        assert rows["1.2"]["items"] == "q1=1|Quý I\nq2=1|Quý II"
        assert rows["2.2"]["bands"] == "90:1; 50:0.5"
        assert rows["2"]["groups"] == "xa"


class TestRoundTrip:
    def test_a_written_workbook_loads_back_equal(
        self, small_xlsx: Path, small_criteria: CriteriaSet
    ):
        assert load_criteria(small_xlsx) == small_criteria

    def test_the_yaml_and_xlsx_of_one_set_load_equal(self, small_xlsx: Path, small_yaml: Path):
        assert load_criteria(small_xlsx) == load_criteria(small_yaml)


class TestCells:
    def test_it_reads_numeric_cells_as_the_decimals_shown(self, small_xlsx: Path):
        set_cell(small_xlsx, NODES, "1.1", "step", 0.1)
        set_cell(small_xlsx, NODES, "2.1", "full_at", 0.7)
        nodes = load_criteria(small_xlsx).node_map()
        assert nodes["1.1"].rule == JudgedRule(step=D("0.1"))
        assert nodes["2.1"].rule == RatioRule(
            zero_denominator=ZeroDenominator.FULL, full_at=D("0.7")
        )
        assert str(nodes["2.1"].rule.full_at) == "0.7"  # type: ignore[union-attr]

    def test_it_reads_numbers_typed_as_text(self, small_xlsx: Path):
        set_cell(small_xlsx, NODES, "1.1", "step", "0,25")
        assert load_criteria(small_xlsx).node_map()["1.1"].rule == JudgedRule(step=D("0.25"))

    def test_it_reads_items_on_one_line_separated_by_semicolons(self, small_xlsx: Path):
        set_cell(small_xlsx, NODES, "1.2", "items", "q1=1|Quý I; a; b; q2=1|Quý II")
        rule = load_criteria(small_xlsx).node_map()["1.2"].rule
        assert rule == ChecklistRule(
            items=(ChecklistItem("q1", "Quý I; a; b", D(1)), ChecklistItem("q2", "Quý II", D(1)))
        )

    def test_it_reads_items_without_titles(self, small_xlsx: Path):
        set_cell(small_xlsx, NODES, "1.2", "items", "q1=1; q2=1")
        rule = load_criteria(small_xlsx).node_map()["1.2"].rule
        assert rule == ChecklistRule(
            items=(ChecklistItem("q1", "", D(1)), ChecklistItem("q2", "", D(1)))
        )

    def test_it_reads_groups_separated_by_semicolons_or_commas(self, small_xlsx: Path):
        set_cell(small_xlsx, NODES, "2", "groups", "so, xa")
        assert load_criteria(small_xlsx).node_map()["2"].groups == frozenset({"so", "xa"})

    def test_it_reads_bands_on_several_lines(self, small_xlsx: Path):
        set_cell(small_xlsx, NODES, "2.2", "bands", "90:1\n50:0.5")
        rule = load_criteria(small_xlsx).node_map()["2.2"].rule
        assert rule.bands == (Band(D(90), D(1)), Band(D(50), D("0.5")))  # type: ignore[union-attr]

    def test_it_reads_a_date_cell(self, small_xlsx: Path, small_criteria: CriteriaSet):
        assert load_criteria(small_xlsx).decision_date == small_criteria.decision_date


class TestProblems:
    def test_it_shows_sheet_row_and_column_of_a_bad_number(self, small_xlsx: Path):
        row = set_cell(small_xlsx, NODES, "1.1", "max_points", "abc")
        (problem,) = problems(small_xlsx)
        assert problem == node_problem(row, "max_points", e.NOT_A_NUMBER.format(value="abc"))
        assert str(problem) == (
            "criteria.xlsx, trang Tiêu chí, dòng 3, cột max_points: «abc» không phải là số"
        )

    def test_it_rejects_an_unknown_parent(self, small_xlsx: Path):
        row = set_cell(small_xlsx, NODES, "2.1", "parent_code", "9")
        assert problems(small_xlsx) == (
            node_problem(7, "max_points", e.SUM_MISMATCH.format(max="2", total="1")),
            node_problem(row, "parent_code", e.UNKNOWN_PARENT.format(code="9")),
        )

    def test_it_rejects_nodes_that_are_their_own_ancestors(self, small_xlsx: Path):
        row = set_cell(small_xlsx, NODES, "1", "parent_code", "1.1")
        assert problems(small_xlsx) == (
            node_problem(row, "parent_code", e.CYCLE.format(code="1")),
            node_problem(row + 1, "parent_code", e.CYCLE.format(code="1.1")),
        )

    def test_it_rejects_a_code_used_twice(self, small_xlsx: Path):
        row = set_cell(small_xlsx, NODES, "1.4", "code", "1.3")
        message = e.DUPLICATE_CODE.format(code="1.3", row=row - 1)
        assert problems(small_xlsx) == (node_problem(row, "code", message),)

    def test_it_rejects_a_parameter_of_another_rule(self, small_xlsx: Path):
        row = set_cell(small_xlsx, NODES, "2.1", "items", "a=1")
        message = e.PARAMETER_NOT_FOR_RULE.format(rule="ratio")
        assert problems(small_xlsx) == (node_problem(row, "items", message),)

    def test_it_rejects_an_item_not_written_as_code_points_title(self, small_xlsx: Path):
        row = set_cell(small_xlsx, NODES, "1.2", "items", "q1:1|Quý I\nq2=1|Quý II")
        message = e.BAD_ITEM.format(value="q1:1|Quý I")
        assert problems(small_xlsx) == (node_problem(row, "items", message),)

    def test_it_requires_the_nodes_sheet(self, tmp_path: Path, small_xlsx: Path):
        sheets = read_xlsx(small_xlsx)
        del sheets[NODES]
        path = write_xlsx(tmp_path / FILE, sheets)
        assert problems(path) == (Problem(FILE, NODES, None, None, e.MISSING_SHEET),)

    def test_it_takes_a_missing_classification_sheet_as_no_bands(
        self, tmp_path: Path, small_xlsx: Path
    ):
        sheets = read_xlsx(small_xlsx)
        del sheets["Xếp loại"]
        assert load_criteria(write_xlsx(tmp_path / FILE, sheets)).bands == ()

    def test_it_rejects_an_unknown_column(self, tmp_path: Path, small_xlsx: Path):
        sheets = read_xlsx(small_xlsx)
        sheets["Nhóm"][0].append("ghi chú")
        path = write_xlsx(tmp_path / FILE, sheets)
        message = e.UNKNOWN_COLUMN.format(allowed="code, name")
        assert problems(path) == (Problem(FILE, "Nhóm", 1, "ghi chú", message),)

    def test_it_reports_a_missing_column_and_every_row_missing_its_value(
        self, tmp_path: Path, small_xlsx: Path
    ):
        sheets = read_xlsx(small_xlsx)
        sheets["Nhóm"] = [row[:1] for row in sheets["Nhóm"]]
        path = write_xlsx(tmp_path / FILE, sheets)
        assert problems(path) == (
            Problem(FILE, "Nhóm", 1, "name", e.MISSING_COLUMN),
            Problem(FILE, "Nhóm", 2, "name", e.REQUIRED),
            Problem(FILE, "Nhóm", 3, "name", e.REQUIRED),
        )

    def test_it_rejects_an_unknown_key_in_the_information_sheet(self, small_xlsx: Path):
        row = set_cell(small_xlsx, INFO, "index_cap", "key", "tinh")
        (problem,) = problems(small_xlsx)
        assert (problem.sheet, problem.row, problem.column) == (INFO, row, "key")
        assert problem.message.startswith("khóa không được hỗ trợ")

    def test_it_places_a_bad_setting_on_its_row_and_names_the_key(self, small_xlsx: Path):
        row = set_cell(small_xlsx, INFO, "tie_policy", "value", "random")
        message = e.NOT_A_CHOICE.format(value="random", choices="shared, dense, achieved")
        assert problems(small_xlsx) == (Problem(FILE, INFO, row, "tie_policy", message),)

    def test_it_rejects_a_file_that_is_not_a_workbook(self, tmp_path: Path):
        path = tmp_path / FILE
        path.write_text("code,name\n", encoding="utf-8")
        message = e.FILE_UNREADABLE.format(reason="BadZipFile")
        assert problems(path) == (Problem(FILE, None, None, None, message),)

    def test_it_collects_problems_across_sheets(self, small_xlsx: Path):
        set_cell(small_xlsx, INFO, "year", "value", "abc")
        set_cell(small_xlsx, "Xếp loại", 90, "label", None)
        set_cell(small_xlsx, NODES, "1.1", "rule", "guess")
        assert [(p.sheet, p.row, p.column) for p in problems(small_xlsx)] == [
            (INFO, 4, "year"),
            ("Xếp loại", 2, "label"),
            (NODES, 3, "rule"),
        ]
