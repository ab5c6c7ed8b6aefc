"""Every refusal of a rule names its message template and values, so that an interface in
another language can show it: the message is always the template filled with the values."""

from decimal import Decimal as D

import pytest

from parindex.scoring import (
    ChecklistItem,
    ChecklistRule,
    CountRule,
    DeductionRule,
    Entry,
    JudgedRule,
    RatioRule,
    ScoreInputError,
    SurveyRule,
    rules,
)
from parindex.scoring.rules import Context

REFUSALS = [
    (JudgedRule(), Entry(), D(1), rules.MISSING, {"what": rules.SCORE_WORD}),
    (JudgedRule(), Entry(score=D("1.5")), D(1), rules.OUT_OF_RANGE,
     {"score": "1,5", "low": "0", "high": "1"}),
    (JudgedRule(step=D("0.5")), Entry(score=D("0.25")), D(1), rules.OFF_STEP,
     {"score": "0,25", "step": "0,5"}),
    (DeductionRule(), Entry(score=D(1)), D(1), rules.NOT_A_DEDUCTION, {"score": "1"}),
    (ChecklistRule(items=(ChecklistItem("a", "A", D(1)),)), Entry(), D(1), rules.NO_ITEMS, {}),
    (ChecklistRule(items=(ChecklistItem("a", "A", D(1)),)), Entry(items=frozenset({"z"})), D(1),
     rules.UNKNOWN_ITEMS, {"items": "z"}),
    (RatioRule(), Entry(numerator=D(5), denominator=D(4)), D(1), rules.NUMERATOR_ABOVE,
     {"numerator": "5", "denominator": "4"}),
    (RatioRule(), Entry(numerator=D(1)), D(1), rules.MISSING, {"what": rules.DENOMINATOR_WORD}),
    (RatioRule(), Entry(numerator=D("-1.5"), denominator=D(4)), D(1), rules.NEGATIVE,
     {"what": rules.NUMERATOR_WORD, "value": "-1,5"}),
    (CountRule(points_each=D(1)), Entry(), D(2), rules.MISSING, {"what": rules.COUNT_WORD}),
    (SurveyRule(), Entry(value=D("100.5")), D(1), rules.PERCENT_ABOVE, {"value": "100,5"}),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "entry", "maximum", "template", "params"), REFUSALS)
def test_a_refusal_carries_its_template_and_values(rule, entry, maximum, template, params):
    with pytest.raises(ScoreInputError) as refused:
        rule.score("1.1", entry, maximum, Context())
    error = refused.value
    assert (error.node, error.template, dict(error.params)) == ("1.1", template, params)
    assert error.message == template.format(**params)
    assert str(error) == f"1.1: {error.message}"


def test_every_template_is_listed_and_every_refusal_above_uses_a_listed_one():
    assert {template for *_, template, _ in REFUSALS} == set(rules.MESSAGES)
    words = {p["what"] for *_, p in REFUSALS if "what" in p}
    assert words <= set(rules.WORDS)
