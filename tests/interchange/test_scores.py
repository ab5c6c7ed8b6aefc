"""Scores in long format: one row per unit × sub-criterion, both sides in one row."""

import dataclasses
from decimal import Decimal as D
from pathlib import Path

import pytest
from interchange_support import read_xlsx, write_xlsx

from parindex.interchange import ImportFailed, Problem, dump_scores, load_scores
from parindex.interchange import errors as e
from parindex.interchange.scores import SCORE_COLUMNS
from parindex.scoring import (
    NOT_APPLICABLE,
    AccuracyRule,
    Band,
    CriteriaSet,
    Entry,
    Node,
    RelativeRule,
    Unit,
    UnitScores,
    compute,
)

FILE = "scores.csv"
HEADER = ",".join(SCORE_COLUMNS) + "\n"


@pytest.fixture
def criteria(small_criteria: CriteriaSet) -> CriteriaSet:
    """The small set plus a field with a relative and an accuracy sub-criterion."""
    extra = Node(
        "3",
        "Khác",
        D(2),
        children=(
            Node("3.1", "Hồ sơ trực tuyến", D(1), RelativeRule()),
            Node("3.2", "Tự chấm chính xác", D(1), AccuracyRule(bands=(Band(D(90), D(1)),))),
        ),
    )
    return dataclasses.replace(small_criteria, fields=(*small_criteria.fields, extra))


def scores_file(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / FILE
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def load(tmp_path: Path, rows: str, criteria: CriteriaSet, units: list[Unit]):
    return load_scores(scores_file(tmp_path, rows), criteria=criteria, units=units)


def problems(tmp_path: Path, rows: str, criteria: CriteriaSet, units: list[Unit]):
    with pytest.raises(ImportFailed) as caught:
        load(tmp_path, rows, criteria, units)
    return caught.value.problems


def at(row: int, column: str | None, message: str) -> Problem:
    return Problem(FILE, None, row, column, message)


class TestSemantics:
    def test_raw_inputs_serve_both_sides(self, tmp_path, criteria, small_units):
        scores = load(tmp_path, "XA1,2.1,,,8,10,,,\n", criteria, small_units)
        raw = Entry(numerator=D(8), denominator=D(10))
        assert scores["XA1"] == UnitScores("XA1", appraised={"2.1": raw}, self_scored={"2.1": raw})

    def test_a_filled_score_column_wins_on_its_side(self, tmp_path, criteria, small_units):
        scores = load(tmp_path, "XA1,2.1,1,,8,10,,,\n", criteria, small_units)
        raw = Entry(numerator=D(8), denominator=D(10))
        assert scores["XA1"].self_scored["2.1"] == dataclasses.replace(raw, score=D(1))
        assert scores["XA1"].appraised["2.1"] == raw

    @pytest.mark.parametrize("word", ["N/A", "n/a", "KAD", "kad", "Không áp dụng"])
    def test_not_applicable_words_mark_one_side(self, tmp_path, criteria, small_units, word):
        scores = load(tmp_path, f"SNV,1.1,0.5,{word},,,,,\n", criteria, small_units)
        assert scores["SNV"].appraised["1.1"] == NOT_APPLICABLE
        assert scores["SNV"].self_scored["1.1"] == Entry(score=D("0.5"))

    def test_a_side_with_nothing_gets_no_entry(self, tmp_path, criteria, small_units):
        scores = load(tmp_path, "SNV,1.1,0.75,,,,,,\nSNV,1.2,,,,,,,\n", criteria, small_units)
        assert scores["SNV"].self_scored == {"1.1": Entry(score=D("0.75"))}
        assert scores["SNV"].appraised == {}

    def test_the_value_column_is_the_raw_judgement(self, tmp_path, criteria, small_units):
        scores = load(tmp_path, "SNV,1.1,,,,,,0.5,\n", criteria, small_units)
        assert scores["SNV"].appraised["1.1"] == Entry(value=D("0.5"))

    def test_items_are_codes_separated_by_semicolons_and_a_dash_is_none(
        self, tmp_path, criteria, small_units
    ):
        rows = "SNV,1.2,,,,,,,q1; q2\nXA1,1.2,,,,,,,-\n"
        scores = load(tmp_path, rows, criteria, small_units)
        assert scores["SNV"].appraised["1.2"] == Entry(items=frozenset({"q1", "q2"}))
        assert scores["XA1"].appraised["1.2"] == Entry(items=frozenset())

    def test_a_zero_denominator_is_left_to_the_rule(self, tmp_path, criteria, small_units):
        scores = load(tmp_path, "XA1,2.1,,,0,0,,,\n", criteria, small_units)
        assert scores["XA1"].appraised["2.1"] == Entry(numerator=D(0), denominator=D(0))

    def test_deductions_are_scored_as_negative_points(self, tmp_path, criteria, small_units):
        scores = load(tmp_path, "SNV,1.3,0,-0.5,,,,,\n", criteria, small_units)
        assert scores["SNV"].appraised["1.3"] == Entry(score=D("-0.5"))

    def test_units_come_in_file_order(self, tmp_path, criteria, small_units):
        scores = load(tmp_path, "XA1,1.1,1,1,,,,,\nSNV,1.1,1,1,,,,,\n", criteria, small_units)
        assert list(scores) == ["XA1", "SNV"]

    def test_loaded_scores_feed_the_engine(self, tmp_path, criteria, small_units):
        rows = "XA1,1.1,1,0.75,,,,,\nXA1,2.1,,,8,10,,,\nXA1,1.3,,,,,1,,\n"
        scores = load(tmp_path, rows, criteria, small_units)
        result = compute(criteria, small_units, scores)
        (xa,) = [u for g in result.groups for u in g.units if u.unit.code == "XA1"]
        assert xa.appraised.node("2.1").achieved == D("0.80")
        assert xa.appraised.node("1.1").achieved == D("0.75")
        assert xa.appraised.node("1.3").achieved == D("-0.50")

    def test_it_reads_numeric_cells_of_a_workbook_exactly(self, tmp_path, criteria, small_units):
        rows = [list(SCORE_COLUMNS), ["XA1", "2.2", None, None, 0.1, 0.3], ["SNV", "1.1", 0.25]]
        path = write_xlsx(tmp_path / "scores.xlsx", {"Điểm": rows})
        scores = load_scores(path, criteria=criteria, units=small_units)
        assert scores["XA1"].appraised["2.2"] == Entry(numerator=D("0.1"), denominator=D("0.3"))
        assert scores["SNV"].self_scored["1.1"] == Entry(score=D("0.25"))


class TestRoundTrip:
    ROWS = (
        "SNV,1.1,1,0.75,,,,,\n"
        "SNV,1.2,2,,,,,,q1\n"
        "SNV,1.3,0,,,,1,,\n"
        "SNV,1.4,,,,,3,,\n"
        "XA1,1.1,N/A,N/A,,,,,\n"
        "XA1,1.2,,,,,,,-\n"
        "XA1,2.1,,,8,10,,,\n"
        "XA1,2.2,1,,9,10,,,\n"
        "XA1,3.1,,,,,,250,\n"
    )

    @pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
    def test_written_scores_load_back_equal(self, tmp_path, criteria, small_units, suffix):
        scores = load(tmp_path, self.ROWS, criteria, small_units)
        path = tmp_path / f"out{suffix}"
        dump_scores(scores, path, criteria=criteria)
        assert load_scores(path, criteria=criteria, units=small_units) == scores

    def test_it_writes_the_rows_it_read(self, tmp_path, criteria, small_units):
        scores = load(tmp_path, self.ROWS, criteria, small_units)
        path = tmp_path / "out.csv"
        dump_scores(scores, path, criteria=criteria)
        assert path.read_text(encoding="utf-8-sig") == HEADER + self.ROWS

    def test_a_workbook_has_one_sheet_named_scores(self, tmp_path, criteria, small_units):
        scores = load(tmp_path, self.ROWS, criteria, small_units)
        dump_scores(scores, tmp_path / "out.xlsx")
        assert list(read_xlsx(tmp_path / "out.xlsx")) == ["Điểm"]

    def test_it_refuses_two_sides_with_different_raw_inputs(self, tmp_path):
        scores = {
            "XA1": UnitScores(
                "XA1",
                appraised={"2.1": Entry(numerator=D(8), denominator=D(10))},
                self_scored={"2.1": Entry(numerator=D(9), denominator=D(10))},
            )
        }
        with pytest.raises(ValueError, match="số liệu của tự chấm và thẩm định khác nhau"):
            dump_scores(scores, tmp_path / "out.csv")


class TestPlaceProblems:
    def test_it_rejects_an_unknown_unit(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "HUYEN,1.1,1,,,,,,\n", criteria, small_units) == (
            at(2, "unit", e.UNKNOWN_UNIT.format(code="HUYEN")),
        )

    def test_it_rejects_an_unknown_node(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,9.9,1,,,,,,\n", criteria, small_units) == (
            at(2, "node", e.UNKNOWN_NODE.format(code="9.9")),
        )

    def test_it_rejects_a_node_with_children(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,1,3,,,,,,\n", criteria, small_units) == (
            at(2, "node", e.NOT_A_LEAF.format(code="1")),
        )

    def test_it_rejects_a_node_that_does_not_apply_to_the_units_group(
        self, tmp_path, criteria, small_units
    ):
        assert problems(tmp_path, "SNV,2.1,,,1,2,,,\n", criteria, small_units) == (
            at(2, "node", e.NODE_NOT_FOR_GROUP.format(code="2.1", group="so")),
        )

    def test_it_accepts_not_applicable_on_a_node_outside_the_units_group(
        self, tmp_path, criteria, small_units
    ):
        scores = load(tmp_path, "SNV,2.1,N/A,N/A,,,,,\n", criteria, small_units)
        assert scores["SNV"].appraised == {"2.1": NOT_APPLICABLE}

    def test_it_rejects_a_unit_and_node_written_twice(self, tmp_path, criteria, small_units):
        rows = "SNV,1.1,1,,,,,,\nSNV,1.2,,,,,,,q1\nSNV,1.1,0.5,,,,,,\n"
        message = e.DUPLICATE_ROW.format(unit="SNV", node="1.1", row=2)
        assert problems(tmp_path, rows, criteria, small_units) == (at(4, "node", message),)

    def test_it_requires_unit_and_node(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, ",1.1,1,,,,,,\nSNV,,1,,,,,,\n", criteria, small_units) == (
            at(2, "unit", e.REQUIRED),
            at(3, "node", e.REQUIRED),
        )

    def test_it_requires_the_unit_and_node_columns(self, tmp_path, criteria, small_units):
        path = tmp_path / FILE
        path.write_text("unit,self_score\nSNV,1\n", encoding="utf-8")
        with pytest.raises(ImportFailed) as caught:
            load_scores(path, criteria=criteria, units=small_units)
        assert caught.value.problems == (at(1, "node", e.MISSING_COLUMN),)

    def test_it_names_the_sheet_of_a_workbook(self, tmp_path, criteria, small_units):
        rows = [list(SCORE_COLUMNS), ["SNV", "1.1", "abc"]]
        path = write_xlsx(tmp_path / "scores.xlsx", {"Điểm": rows})
        with pytest.raises(ImportFailed) as caught:
            load_scores(path, criteria=criteria, units=small_units)
        message = e.NOT_A_NUMBER.format(value="abc")
        assert caught.value.problems == (Problem("scores.xlsx", "Điểm", 2, "self_score", message),)


class TestValueProblems:
    def test_it_rejects_a_score_that_is_not_a_number(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,1.1,abc,,,,,,\n", criteria, small_units) == (
            at(2, "self_score", e.NOT_A_NUMBER.format(value="abc")),
        )

    def test_it_rejects_raw_inputs_that_are_not_numbers(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, 'XA1,2.1,,,"1.208,5",N/A,,,\n', criteria, small_units) == (
            at(2, "numerator", e.NOT_A_NUMBER.format(value="1.208,5")),
            at(2, "denominator", e.NOT_A_NUMBER.format(value="N/A")),
        )

    def test_it_rejects_a_score_above_the_maximum(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,1.1,1.25,,,,,,\n", criteria, small_units) == (
            at(2, "self_score", e.SCORE_ABOVE_MAX.format(score="1,25", max="1")),
        )

    def test_it_rejects_a_negative_score(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,1.1,,-0.25,,,,,\n", criteria, small_units) == (
            at(2, "appraised_score", e.SCORE_NEGATIVE.format(score="-0,25")),
        )

    def test_it_rejects_a_positive_deduction(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,1.3,,0.5,,,,,\n", criteria, small_units) == (
            at(2, "appraised_score", e.DEDUCTION_POSITIVE.format(score="0,5")),
        )

    def test_it_rejects_a_deduction_beyond_its_cap(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,1.3,,-1.5,,,,,\n", criteria, small_units) == (
            at(2, "appraised_score", e.DEDUCTION_BELOW_CAP.format(score="-1,5", cap="1")),
        )

    def test_it_rejects_a_bonus_above_its_cap(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,1.4,1.5,,,,,,\n", criteria, small_units) == (
            at(2, "self_score", e.BONUS_ABOVE_CAP.format(score="1,5", cap="1")),
        )

    def test_it_rejects_a_judged_score_off_the_step(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,1.1,0.3,,,,,,\n", criteria, small_units) == (
            at(2, "self_score", "điểm 0,3 không theo bước 0,25"),
        )

    def test_it_rejects_a_raw_judgement_above_the_maximum(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,1.1,,,,,,1.5,\n", criteria, small_units) == (
            at(2, "value", "điểm 1,5 nằm ngoài khoảng 0 đến 1"),
        )

    def test_it_rejects_raw_inputs_the_rule_does_not_use(self, tmp_path, criteria, small_units):
        message = e.INPUT_NOT_USED.format(rule="ratio", node="2.1")
        assert problems(tmp_path, "XA1,2.1,,,1,2,3,,\n", criteria, small_units) == (
            at(2, "count", message),
        )

    def test_it_rejects_raw_inputs_on_the_accuracy_of_self_scoring(
        self, tmp_path, criteria, small_units
    ):
        message = e.INPUT_NOT_USED.format(rule="accuracy", node="3.2")
        assert problems(tmp_path, "XA1,3.2,,,,,,90,\n", criteria, small_units) == (
            at(2, "value", message),
        )

    def test_it_rejects_a_numerator_above_the_denominator(self, tmp_path, criteria, small_units):
        message = e.NUMERATOR_ABOVE_DENOMINATOR.format(numerator="12", denominator="10")
        assert problems(tmp_path, "XA1,2.1,,,12,10,,,\n", criteria, small_units) == (
            at(2, "numerator", message),
        )

    def test_it_rejects_a_zero_denominator_under_a_positive_numerator(
        self, tmp_path, criteria, small_units
    ):
        message = e.NUMERATOR_ABOVE_DENOMINATOR.format(numerator="3", denominator="0")
        assert problems(tmp_path, "XA1,2.1,,,3,0,,,\n", criteria, small_units) == (
            at(2, "numerator", message),
        )

    def test_it_requires_both_parts_of_a_fraction(self, tmp_path, criteria, small_units):
        message = e.MISSING_INPUT.format(rule="bands")
        assert problems(tmp_path, "XA1,2.2,,,3,,,,\n", criteria, small_units) == (
            at(2, "denominator", message),
        )

    def test_it_rejects_a_negative_count(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,1.3,,,,,-1,,\n", criteria, small_units) == (
            at(2, "count", "số lượng không được âm (-1)"),
        )

    def test_it_rejects_a_negative_relative_measure(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "XA1,3.1,,,,,,-5,\n", criteria, small_units) == (
            at(2, "value", "giá trị không được âm (-5)"),
        )

    def test_it_rejects_an_unknown_checklist_item(self, tmp_path, criteria, small_units):
        message = e.UNKNOWN_ITEM.format(code="q9", node="1.2")
        assert problems(tmp_path, "SNV,1.2,,,,,,,q1; q9\n", criteria, small_units) == (
            at(2, "items", message),
        )

    def test_it_rejects_an_item_code_with_spaces(self, tmp_path, criteria, small_units):
        assert problems(tmp_path, "SNV,1.2,,,,,,,q 1\n", criteria, small_units) == (
            at(2, "items", e.BAD_CODE.format(value="q 1")),
        )


class TestWholeFile:
    def test_one_bad_row_among_many_imports_nothing(self, tmp_path, criteria):
        units = [Unit(f"XA{i}", f"UBND xã số {i}", "xa") for i in range(1, 61)]
        lines = [f"{u.code},{node},1,1,,,,,\n" for u in units for node in ("1.1", "2.1")]
        lines[77] = lines[77].replace(",1,1,", ",1,abc,")
        path = scores_file(tmp_path, "".join(lines))
        with pytest.raises(ImportFailed) as caught:
            load_scores(path, criteria=criteria, units=units)
        assert caught.value.problems == (
            at(79, "appraised_score", e.NOT_A_NUMBER.format(value="abc")),
        )

    def test_it_reports_every_bad_row_in_file_order(self, tmp_path, criteria, small_units):
        rows = "SNV,1.1,9,,,,,,\nSNV,1.2,,,,,,,q7\nHUYEN,1.1,1,,,,,,\n"
        assert [p.row for p in problems(tmp_path, rows, criteria, small_units)] == [2, 3, 4]
