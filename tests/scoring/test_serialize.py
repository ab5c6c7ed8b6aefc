"""Rules survive a trip through plain JSON data."""

import json
from decimal import Decimal as D

import pytest

from parindex.scoring import (
    AccuracyRule,
    Band,
    BandMeasure,
    BandsRule,
    BonusRule,
    ChecklistItem,
    ChecklistRule,
    CountRule,
    DeductionRule,
    JudgedRule,
    RatioRule,
    RelativeRule,
    ZeroDenominator,
)
from parindex.scoring.serialize import RuleParameterError, rule_from_params, rule_to_params

RULES = [
    JudgedRule(),
    JudgedRule(step=D("0.25")),
    ChecklistRule(items=(ChecklistItem("a", "Kế hoạch", D("0.5")), ChecklistItem("b", "", D(1)))),
    RatioRule(zero_denominator=ZeroDenominator.NOT_APPLICABLE, full_at=D("0.9")),
    RelativeRule(),
    BandsRule(bands=(Band(D(90), D(1)), Band(D(75), D("0.5"))), measure_of=BandMeasure.PERCENT),
    CountRule(points_each=D("0.5"), cap=D(2)),
    DeductionRule(points_each=D("1.5")),
    BonusRule(cap=D(1), minimum=D(11)),
    AccuracyRule(bands=(Band(D(90), D(1)),)),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.kind.value)
def test_a_rule_comes_back_equal_through_json(rule):
    kind, params = rule_to_params(rule)
    assert rule_from_params(kind, json.loads(json.dumps(params))) == rule


def test_decimals_are_stored_as_exact_strings():
    assert rule_to_params(JudgedRule(step=D("0.25"))) == ("judged", {"step": "0.25"})


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("guess", {}, "cách chấm «guess» không có"),
        ("judged", {"cap": "1"}, "cách chấm «judged» không có tham số «cap»"),
        ("judged", {"step": "abc"}, "tham số «step»: «abc» không phải là số"),
        ("ratio", {"zero_denominator": "maybe"}, "tham số «zero_denominator»: «maybe»"),
        ("bands", {"bands": "90:1"}, "tham số «bands» phải là một danh sách"),
    ],
)
def test_bad_stored_parameters_are_refused_with_a_message(kind, params, message):
    with pytest.raises(RuleParameterError, match=message):
        rule_from_params(kind, params)
