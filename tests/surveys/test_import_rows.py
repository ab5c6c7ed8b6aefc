"""The quick reading of usual rows agrees with the full, cell-by-cell checks.

``RowReader.read`` first tries ``_usual`` (plain rows: ASCII codes, values of the scale);
whatever it accepts must be exactly what the full checks give, without any problem.
Rows are drawn from cells that are good, blank, spaced, non-ASCII, numeric (as in a
workbook), out of the scale or of the wrong type, so that both readings are exercised.
No database: the plan is built by hand.
"""

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.apps.surveys.importing.check import (
    Columns,
    Parsed,
    Plan,
    Problems,
    QuestionColumn,
    RowReader,
)

SIPAS = Plan(
    covered={"SNV": 1, "STP": 2, "Sở-Á": 3},
    known=frozenset({"SNV", "STP", "Sở-Á", "SYT"}),
    forms={},
    questions={"1.1": QuestionColumn(0, frozenset()), "1.2": QuestionColumn(1, frozenset())},
    values=frozenset("12345"),
    width=3,  # slot 2 has no column in these files
)
SOCIOLOGICAL = Plan(
    covered={"SNV": 1},
    known=frozenset({"SNV"}),
    forms={"DB": 7, "LD": 8},
    questions={
        "a": QuestionColumn(0, frozenset()),
        "b": QuestionColumn(1, frozenset({"LD"})),  # only the LD form asks it
    },
    values=frozenset("12345"),
    width=2,
)

ANSWERS = st.sampled_from(["4", "5", "1", "", None, " 3 ", "6", "x", 4, 4.0, 2.5, True, 12, "０"])
IDS = st.sampled_from(["P-1", " P-2 ", "", None, "Phiếu-3", "P" * 64, "P" * 65, 17, "Ａ1"])
UNITS = st.sampled_from(["SNV", " STP ", "Sở-Á", "So\u031b-A\u0301", "SYT", "KHONG", "", None])
FORMS = st.sampled_from(["DB", "LD", " LD ", "XX", "", None])
DAYS = st.sampled_from(
    [
        "",
        None,
        "12/11/2024",
        " 2024-11-13 ",
        "31/02/2024",
        "hôm qua",
        datetime(2024, 11, 14, 9),
        date(2024, 11, 15),
    ]
)


def readings(plan, header, line):
    """The quick reading, and the full one (its ballot and problem count)."""
    columns = Columns(header, plan, "phieu.csv", None)
    assert columns.problems == []
    quick = RowReader(columns, Problems())._usual(line)
    problems = Problems()
    full = RowReader(columns, problems)
    full._usual = lambda line: None  # cell by cell only
    return quick, full.read(2, line), problems.count


@settings(max_examples=400)
@given(line=st.tuples(IDS, UNITS, DAYS, ANSWERS, ANSWERS), cut=st.booleans())
def test_a_quickly_read_row_is_what_the_full_checks_read(line, cut):
    header = ("ballot", "unit", "date", "1.2", "1.1")
    line = list(line[:4] if cut else line)  # cut: a short row, its last cell left out
    quick, full, problems = readings(SIPAS, header, line)
    if quick is not None:
        assert problems == 0
        assert quick == full


@settings(max_examples=300)
@given(form=FORMS, first=ANSWERS, second=ANSWERS)
def test_forms_and_the_questions_they_ask_are_read_alike(form, first, second):
    quick, full, problems = readings(
        SOCIOLOGICAL, ("ballot", "unit", "form", "a", "b"), ["D-1", "SNV", form, first, second]
    )
    if quick is not None:
        assert problems == 0
        assert quick == full


def test_the_usual_rows_are_read_quickly():
    header = ("ballot", "unit", "date", "1.2", "1.1")
    for line, expected in [
        (["P-1", "SNV", "12/11/2024", "4", "5"], Parsed("P-1", 1, None, "540", date(2024, 11, 12))),
        ([" P-2", "STP ", "", 3, 2.0], Parsed("P-2", 2, None, "230", None)),
        (
            ["P-3", "SNV", datetime(2024, 11, 14, 9), "1", "1"],
            Parsed("P-3", 1, None, "110", date(2024, 11, 14)),
        ),
    ]:
        quick, full, problems = readings(SIPAS, header, line)
        assert quick == full == expected
        assert problems == 0
    quick, full, _ = readings(
        SOCIOLOGICAL, ("ballot", "unit", "form", "a", "b"), ["D-1", "SNV", "LD", "4", "2"]
    )
    assert quick == full == Parsed("D-1", 1, 8, "42", None)


def test_other_rows_are_left_to_the_full_checks():
    header = ("ballot", "unit", "date", "1.2", "1.1")
    for line in [
        ["P-1", "SNV", "", "4", ""],  # a blank answer
        ["P-1", "Sở-Á", "", "4", "5"],  # a non-ASCII code (read after NFC)
        ["P-1", "SNV", "31/02/2024", "4", "5"],  # not a day
        ["P-1", "SNV", "", "4", True],  # a workbook's TRUE is no answer
        ["P-1", "SYT", "", "4", "5"],  # not covered
    ]:
        assert readings(SIPAS, header, line)[0] is None
    # the DB form does not ask b: only the full checks can say so
    quick, _, problems = readings(
        SOCIOLOGICAL, ("ballot", "unit", "form", "a", "b"), ["D-1", "SNV", "DB", "4", "2"]
    )
    assert quick is None
    assert problems == 1
