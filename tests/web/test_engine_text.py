"""The scoring engine's refusals reach English pages in English: every engine message and
input word is repeated, marked for translation, in ``core/engine_text.py``."""

import ast
import inspect
from decimal import Decimal as D

import pytest
from django.utils import translation

from parindex.apps.core import engine_text
from parindex.apps.core.engine_text import engine_message
from parindex.scoring import Entry, JudgedRule, RatioRule, ScoreInputError, rules
from parindex.scoring.rules import Context


def refusal(rule, entry):
    with pytest.raises(ScoreInputError) as refused:
        rule.score("1.1", entry, D(1), Context())
    return refused.value


def test_every_engine_message_and_word_is_marked_for_translation_as_written():
    assert list(engine_text.MESSAGES) == list(rules.MESSAGES)
    assert list(engine_text.WORDS) == list(rules.WORDS)
    for table in (engine_text.MESSAGES, engine_text.WORDS):
        assert all(key == literal for key, literal in table.items())
    # makemessages only sees literals: each value is written out in the source.
    literals = {
        node.args[0].value
        for node in ast.walk(ast.parse(inspect.getsource(engine_text)))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "gettext_noop"
    }
    assert literals == set(rules.MESSAGES) | set(rules.WORDS)


def test_in_vietnamese_the_engine_message_is_unchanged():
    error = refusal(RatioRule(), Entry(numerator=D(5), denominator=D("4.5")))
    with translation.override("vi"):
        assert engine_message(error) == error.message == "tử số 5 lớn hơn mẫu số 4,5"


def test_in_english_the_template_and_the_input_word_are_translated():
    with translation.override("en"):
        above = engine_message(refusal(RatioRule(), Entry(numerator=D(5), denominator=D(4))))
        missing = engine_message(refusal(RatioRule(), Entry(numerator=D(1))))
        step = engine_message(refusal(JudgedRule(step=D("0.5")), Entry(score=D("0.25"))))
    assert above == "numerator 5 is greater than denominator 4"
    assert missing == "denominator missing"
    assert step == "score 0,25 is not a multiple of 0,5"


def test_an_error_with_an_unknown_template_keeps_its_own_message():
    error = ScoreInputError("1.1", "thông báo khác {x}", {"x": "1"})
    with translation.override("en"):
        assert engine_message(error) == "thông báo khác 1"
