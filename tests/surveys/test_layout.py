"""A survey's layout typed one item per line: what is read and what is refused, line by
line."""

from decimal import Decimal as D

import pytest

from parindex.apps.surveys import layout
from parindex.apps.surveys.layout import (
    FactorLine,
    FormLine,
    LayoutError,
    OptionLine,
    QuestionLine,
    parse_forms,
    parse_options,
    parse_questions,
)


def errors(call, *args):
    with pytest.raises(LayoutError) as caught:
        call(*args)
    return caught.value.messages


def test_factors_and_their_questions_are_read_in_order():
    text = (
        "# 1 | Tiếp cận\n1.1 | Chỗ ngồi\n\n  1.2 | Thiết bị | DB; LD \n"
        "# 2 | Kết quả\n2.1 | Đúng hạn"
    )
    assert parse_questions(text, ("DB", "LD")) == (
        FactorLine(
            "1",
            "Tiếp cận",
            (QuestionLine("1.1", "Chỗ ngồi"), QuestionLine("1.2", "Thiết bị", ("DB", "LD"))),
        ),
        FactorLine("2", "Kết quả", (QuestionLine("2.1", "Đúng hạn"),)),
    )


def test_bad_question_lines_are_refused_with_their_line():
    text = "1.0 | Trước yếu tố\n# 1 | A\n1.1 Không có dấu\n1.2 | B | XX\n1.2 | C\n# 1 | D\nx y | E"
    assert errors(parse_questions, text, ("DB",)) == [
        str(layout.QUESTION_WITHOUT_FACTOR).format(line=1),
        str(layout.BAD_QUESTION).format(line=3, text="1.1 Không có dấu"),
        str(layout.UNKNOWN_FORM).format(line=4, code="XX"),
        str(layout.REPEATED_CODE).format(line=5, code="1.2", first=4),
        str(layout.REPEATED_CODE).format(line=6, code="1", first=2),
        str(layout.BAD_CODE).format(line=7, code="x y"),
    ]


def test_a_factor_needs_a_question_and_a_survey_needs_one():
    assert errors(parse_questions, "# 1 | A\n# 2 | B\n2.1 | C", ()) == [
        str(layout.FACTOR_WITHOUT_QUESTION).format(code="1")
    ]
    assert errors(parse_questions, "", ()) == [str(layout.NO_QUESTIONS)]


def test_the_scale_reads_values_labels_weights_and_satisfied_marks():
    assert parse_options("5 | Rất hài lòng | 100 | *\n1 | Không | 0,5") == (
        OptionLine(1, "Không", D("0.5"), False),
        OptionLine(5, "Rất hài lòng", D(100), True),
    )


def test_bad_scale_lines_are_refused_with_their_line():
    text = "1 | A\n10 | B | 5\n2 | C | 120\n3 | D | 50 | x\n4 | E | 75 | *\n4 | F | 80"
    assert errors(parse_options, text) == [
        str(layout.BAD_OPTION).format(line=1, text="1 | A"),
        str(layout.BAD_VALUE).format(line=2, max=9),
        str(layout.BAD_WEIGHT).format(line=3),
        str(layout.BAD_OPTION).format(line=4, text="3 | D | 50 | x"),
        str(layout.REPEATED_VALUE).format(line=6, value=4, first=5),
    ]


def test_a_scale_needs_two_answers_and_a_satisfied_one():
    assert errors(parse_options, "1 | A | 0 | *") == [str(layout.TOO_FEW_OPTIONS)]
    assert errors(parse_options, "1 | A | 0\n2 | B | 100") == [str(layout.NO_SATISFIED)]


def test_forms_are_code_and_name():
    assert parse_forms("DB | Đại biểu\n") == (FormLine("DB", "Đại biểu"),)
    assert errors(parse_forms, "DB\nDB | X\nDB | Y") == [
        str(layout.BAD_FORM).format(line=1, text="DB"),
        str(layout.REPEATED_CODE).format(line=3, code="DB", first=2),
    ]


def test_what_is_read_writes_back_as_the_same_text():
    questions = "# 1 | A\n1.1 | B | DB; LD\n1.2 | C"
    options = "1 | Kém | 0\n2 | Tốt | 100 | *\n3 | Khá | 60.5 | *"
    assert layout.questions_text(parse_questions(questions, ("DB", "LD"))) == questions
    assert layout.options_text(parse_options(options)) == options
    assert layout.forms_text(parse_forms("DB | X")) == "DB | X"
