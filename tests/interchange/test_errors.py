"""Problems say where they are, in the words users read."""

import pytest

from parindex.interchange import ImportFailed, Problem
from parindex.interchange.errors import NOT_A_NUMBER


def test_a_problem_names_file_sheet_row_and_column():
    problem = Problem(
        "criteria.xlsx", "Tiêu chí", 7, "max_points", NOT_A_NUMBER.format(value="abc")
    )
    assert str(problem) == (
        "criteria.xlsx, trang Tiêu chí, dòng 7, cột max_points: «abc» không phải là số"
    )


def test_a_problem_leaves_out_what_it_does_not_know():
    assert str(Problem("units.csv", None, 3, None, "sai")) == "units.csv, dòng 3: sai"
    assert str(Problem("units.csv", None, None, None, "sai")) == "units.csv: sai"


def test_import_failed_carries_every_problem_and_lists_them_in_its_message():
    problems = [Problem("a.csv", None, 2, "code", "x"), Problem("a.csv", None, 5, "name", "y")]
    error = ImportFailed(problems)
    assert error.problems == tuple(problems)
    assert str(error) == "a.csv, dòng 2, cột code: x\na.csv, dòng 5, cột name: y"


def test_import_failed_is_a_value_error():
    with pytest.raises(ValueError, match="dòng 2"):
        raise ImportFailed([Problem("a.csv", None, 2, None, "x")])
