"""Year-end points projected from monthly or quarterly figures, by each leaf's own rule."""

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.planning.projection import (
    Figure,
    Frequency,
    Method,
    Outcome,
    Series,
    full_at,
    method_of,
    needed_percent,
    project,
    project_leaf,
    projectable_leaves,
    year_entry,
)
from parindex.scoring import (
    Band,
    BandMeasure,
    BandsRule,
    BonusRule,
    CountRule,
    CriteriaSet,
    DeductionRule,
    Entry,
    JudgedRule,
    Node,
    RatioRule,
    RelativeRule,
    RoundingPolicy,
    SurveyRule,
    UnitGroup,
    ZeroDenominator,
)


def leaf(code, max_points, rule, groups=()):
    return Node(code, f"Tiêu chí {code}", D(max_points), rule, groups=frozenset(groups))


def monthly(*rows):
    """``monthly((1, num, den), ...)`` → a monthly series of numerator/denominator."""
    return Series(Frequency.MONTH, tuple(Figure(p, D(n), D(d)) for p, n, d in rows))


def quarterly(*rows):
    return Series(Frequency.QUARTER, tuple(Figure(p, D(n), D(d)) for p, n, d in rows))


RATIO = leaf("3.3.2", "1", RatioRule())
PERCENT_BANDS = leaf(
    "3.2.1",
    "3",
    BandsRule(
        bands=(Band(D(100), D(3)), Band(D(98), D("2.5")), Band(D(95), D(2)), Band(D(90), D(1))),
        measure_of=BandMeasure.PERCENT,
    ),
)
VALUE_BANDS = leaf(
    "6.2",
    "2",
    BandsRule(bands=(Band(D(100), D(2)), Band(D(95), D("1.5")), Band(D(90), D(1)))),
)
COUNT = leaf("2.4.2", "1.5", CountRule(points_each=D("0.5")))


# --- which leaves are projected, and how ----------------------------------------------


@pytest.mark.parametrize(
    ("node", "method"),
    [
        (RATIO, Method.CUMULATIVE_RATIO),
        (PERCENT_BANDS, Method.CUMULATIVE_RATIO),
        (VALUE_BANDS, Method.LATEST_VALUE),
        (COUNT, Method.COUNT_SO_FAR),
        (leaf("3.6", "4", SurveyRule()), Method.LATEST_VALUE),
        (leaf("1.3.1", "0.5", JudgedRule()), None),
        (leaf("3.3.4", "2", RelativeRule()), None),
        (leaf("4.5", "0", DeductionRule()), None),
        (leaf("8.1", "0", BonusRule()), None),
    ],
)
def test_each_rule_kind_has_its_method_or_none(node, method):
    assert method_of(node) is method


def test_a_parent_is_never_projected():
    parent = Node("3.3", "Dịch vụ công trực tuyến", D(1), None, children=(RATIO,))
    assert method_of(parent) is None


def criteria(*fields):
    groups = (UnitGroup("so", "Sở"), UnitGroup("xa", "Xã"))
    return CriteriaSet("T", "Thử", 2025, tuple(fields), groups)


def test_only_the_leaves_that_apply_to_the_group_are_listed_in_order():
    commune_only = leaf("7.6", "2", RatioRule(), groups=["xa"])
    field = Node("3", "TTHC", D(8), None, children=(RATIO, PERCENT_BANDS))
    hidden = Node("9", "Chỉ cho xã", D(3), None, children=(COUNT,), groups=frozenset({"xa"}))
    judged = Node("7", "CĐS", D(3), None, children=(commune_only, leaf("7.1", 1, JudgedRule())))
    found = [n.code for n in projectable_leaves(criteria(field, hidden, judged), "so")]
    assert found == ["3.3.2", "3.2.1"]
    found = [n.code for n in projectable_leaves(criteria(field, hidden, judged), "xa")]
    assert found == ["3.3.2", "3.2.1", "2.4.2", "7.6"]


# --- the year's entry -----------------------------------------------------------------


def test_ratios_add_up_the_periods():
    entry = year_entry(Method.CUMULATIVE_RATIO, monthly((1, 10, 40), (2, 29, 74)).figures)
    assert entry == Entry(numerator=D(39), denominator=D(114))


def test_values_take_the_latest_period_whatever_the_order():
    figures = (Figure(3, value=D("45.2")), Figure(9, value=D("94.6")), Figure(6, value=D(70)))
    assert year_entry(Method.LATEST_VALUE, figures) == Entry(value=D("94.6"))


def test_counts_add_up_the_periods():
    figures = (Figure(1, count=D(1)), Figure(2), Figure(3, count=D(2)))
    assert year_entry(Method.COUNT_SO_FAR, figures) == Entry(count=D(3))


def test_periods_without_the_methods_figures_give_no_entry():
    figures = (Figure(1, count=D(2)),)
    assert year_entry(Method.CUMULATIVE_RATIO, figures) is None
    assert year_entry(Method.LATEST_VALUE, figures) is None
    assert year_entry(Method.COUNT_SO_FAR, (Figure(1, value=D(3)),)) is None


# --- projected points: real published cases -------------------------------------------


def test_online_payment_39_of_114_projects_034_of_1():
    projected = project_leaf(RATIO, quarterly((1, 10, 40), (2, 29, 74)))
    assert projected.points == D("0.34")
    assert projected.outcome is Outcome.AT_RISK
    assert projected.at_risk == D("0.66")
    assert projected.measure.quantize(D("0.01")) == D("34.21")
    assert (projected.frequency, projected.elapsed) == (Frequency.QUARTER, 2)


def test_signed_documents_17831_of_21825_project_082_of_1():
    signed = leaf("7.2.1", "1", RatioRule())
    series = monthly((1, 8000, 10000), (2, 9831, 11825))
    assert project_leaf(signed, series).points == D("0.82")


def test_documents_signed_by_leaders_12687_of_17831_project_142_of_2():
    by_leaders = leaf("7.2.2", "2", RatioRule())
    assert project_leaf(by_leaders, monthly((6, 12687, 17831))).points == D("1.42")


def test_budget_disbursed_946_percent_projects_189_of_2():
    disbursed = leaf("6.1", "2", RatioRule())
    assert project_leaf(disbursed, monthly((9, "94.6", 100))).points == D("1.89")


def test_points_follow_the_sets_rounding():
    three_decimals = RoundingPolicy(score_decimals=3)
    assert project_leaf(RATIO, monthly((1, 39, 114)), three_decimals).points == D("0.342")


def test_a_ratio_with_full_at_90_percent_earns_full_points_at_90_percent():
    online = leaf("7.2.3", "2", RatioRule(full_at=D("0.9")))
    projected = project_leaf(online, monthly((1, 90, 100)))
    assert (projected.points, projected.outcome, projected.full_at) == (
        D(2),
        Outcome.FULL,
        D(90),
    )
    assert projected.at_risk == 0
    assert projected.needed is None


def test_percent_bands_use_the_cumulative_percent():
    projected = project_leaf(PERCENT_BANDS, monthly((1, 490, 500), (2, 489, 500)))
    assert projected.measure == D("97.9")
    assert projected.points == D(2)  # 97.9 % is in the 95 % band
    assert projected.at_risk == D(1)
    assert projected.full_at == D(100)


def test_value_bands_use_the_latest_value():
    series = Series(Frequency.QUARTER, (Figure(1, value=D(60)), Figure(3, value=D("96.5"))))
    projected = project_leaf(VALUE_BANDS, series)
    assert (projected.measure, projected.points, projected.at_risk) == (
        D("96.5"),
        D("1.5"),
        D("0.5"),
    )
    assert projected.needed is None  # only ratio-like leaves have a rate to keep


def test_a_survey_leaf_takes_the_latest_satisfaction_measured_in_the_year():
    node = leaf("3.6", "10", SurveyRule())
    figures = [Figure(period=1, value=D("88")), Figure(period=3, value=D("92.1"))]
    projected = project_leaf(node, Series(Frequency.QUARTER, tuple(figures)), RoundingPolicy())
    assert projected.points == D("9.21")
    assert projected.at_risk == D("0.79")


def test_counts_project_what_is_already_achieved():
    series = Series(Frequency.QUARTER, (Figure(1, count=D(1)), Figure(2, count=D(1))))
    projected = project_leaf(COUNT, series)
    assert (projected.points, projected.at_risk, projected.full_at) == (D(1), D("0.5"), D(3))


def test_a_leaf_at_its_maximum_is_no_warning():
    projected = project_leaf(RATIO, monthly((1, 46, 46)))
    assert (projected.outcome, projected.points, projected.at_risk) == (Outcome.FULL, D(1), 0)


def test_a_leaf_without_figures_is_reported_as_such():
    projected = project_leaf(RATIO, None)
    assert projected.outcome is Outcome.NO_FIGURES
    assert projected.points is None
    assert projected.at_risk == 0
    empty = project_leaf(VALUE_BANDS, Series(Frequency.MONTH, (Figure(1, numerator=D(1)),)))
    assert empty.outcome is Outcome.NO_FIGURES


@pytest.mark.parametrize(
    ("policy", "outcome", "points"),
    [
        (ZeroDenominator.FULL, Outcome.FULL, D(1)),
        (ZeroDenominator.ZERO, Outcome.AT_RISK, D(0)),
        (ZeroDenominator.NOT_APPLICABLE, Outcome.NOT_APPLICABLE, None),
    ],
)
def test_nothing_to_measure_follows_the_rules_zero_denominator_policy(policy, outcome, points):
    node = leaf("3.2.2", "1", RatioRule(zero_denominator=policy))
    projected = project_leaf(node, monthly((1, 0, 0), (2, 0, 0)))
    assert (projected.outcome, projected.points, projected.measure) == (outcome, points, None)


def test_percent_bands_with_nothing_to_measure_are_not_applicable():
    assert project_leaf(PERCENT_BANDS, monthly((1, 0, 0))).outcome is Outcome.NOT_APPLICABLE


def test_figures_the_rule_cannot_score_are_invalid_with_the_rules_message():
    projected = project_leaf(RATIO, monthly((1, 12, 10)))
    assert projected.outcome is Outcome.INVALID
    assert projected.message == "tử số 12 lớn hơn mẫu số 10"
    assert projected.at_risk == 0


def test_a_leaf_that_is_not_projectable_is_refused():
    with pytest.raises(ValueError, match=r"1\.3\.1"):
        project_leaf(leaf("1.3.1", "0.5", JudgedRule()), monthly((1, 1, 1)))


# --- what the rest of the year needs ----------------------------------------------------


def test_the_rest_of_the_year_needs_a_higher_rate_to_catch_up():
    # six months at 90 % (540 of 600); the rest at 100 dossiers a month must reach 110 %:
    # full points are out of reach this year.
    projected = project_leaf(RATIO, monthly(*((m, 90, 100) for m in range(1, 7))))
    assert projected.needed == D(110)
    assert projected.unreachable


def test_the_needed_rate_is_below_100_when_the_year_can_still_reach_the_target():
    online = leaf("7.2.3", "2", RatioRule(full_at=D("0.9")))
    projected = project_leaf(online, quarterly((1, 80, 100)))  # 80 %, target 90 %
    assert projected.needed.quantize(D("0.01")) == D("93.33")
    assert not projected.unreachable


def test_nothing_is_needed_at_year_end_or_without_a_denominator():
    year = monthly(*((m, 9, 10) for m in range(1, 13)))
    assert needed_percent(Entry(numerator=D(108), denominator=D(120)), D(100), year) is None
    part = monthly((3, 0, 0))
    assert needed_percent(Entry(numerator=D(0), denominator=D(0)), D(100), part) is None
    assert needed_percent(Entry(numerator=D(1), denominator=D(2)), None, part) is None


def test_a_target_already_secured_for_the_year_needs_nothing_more():
    # 100 of 100 in the first quarter: with 300 more expected, 20 % of 400 is already there
    part = quarterly((1, 100, 100))
    assert needed_percent(Entry(numerator=D(100), denominator=D(100)), D(20), part) == 0
    assert needed_percent(Entry(numerator=D(100), denominator=D(100)), D(50), part) == (D(100) / 3)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    numerators=st.lists(st.integers(0, 500), min_size=1, max_size=11),
    extra=st.lists(st.integers(0, 500), min_size=11, max_size=11),
)
def test_the_needed_rate_kept_over_the_rest_of_the_year_reaches_the_target(numerators, extra):
    """Property: with the remaining months' denominators at the average so far, earning
    the needed rate on them ends the year exactly at the target ratio."""
    months = len(numerators)
    denominators = [n + e for n, e in zip(numerators, extra, strict=False)]
    pairs = zip(numerators, denominators, strict=True)
    series = monthly(*((i + 1, n, d) for i, (n, d) in enumerate(pairs)))
    entry = year_entry(Method.CUMULATIVE_RATIO, series.figures)
    needed = needed_percent(entry, D(100), series)
    if entry.denominator == 0:
        assert needed is None
        return
    rest = entry.denominator / months * (12 - months)
    year_numerator = entry.numerator + needed / 100 * rest
    assert abs(year_numerator / (entry.denominator + rest) - 1) < D("1e-20")


# --- the whole set ------------------------------------------------------------------------


def test_a_sets_projection_lists_warnings_and_the_points_at_risk():
    field = Node("3", "TTHC", D("5.5"), None, children=(RATIO, PERCENT_BANDS, COUNT))
    found = project(
        criteria(field),
        "so",
        {
            "3.3.2": monthly((1, 39, 114)),  # 0.34 of 1
            "3.2.1": monthly((1, 100, 100)),  # full
        },
    )
    assert [p.code for p in found.leaves] == ["3.3.2", "3.2.1", "2.4.2"]
    assert [p.code for p in found.warnings] == ["3.3.2"]
    assert found.points_at_risk == D("0.66")
    assert found.leaf("2.4.2").outcome is Outcome.NO_FIGURES
    with pytest.raises(KeyError):
        found.leaf("9.9")


@pytest.mark.parametrize(
    ("rule", "max_points", "expected"),
    [
        (RatioRule(full_at=D("0.95")), D(1), D(95)),
        (BandsRule(bands=(Band(D(80), D(2)), Band(D(60), D("1.5")))), D(2), D(80)),
        (BandsRule(bands=(Band(D(80), D(1)),)), D(2), None),  # no band gives the maximum
        (CountRule(points_each=D(1), cap=D(3)), D(3), D(3)),
        (CountRule(points_each=D(1), cap=D(1)), D(3), None),  # capped below the maximum
        (SurveyRule(), D(10), D(100)),  # max × percent / 100
        (SurveyRule(bands=(Band(D(95), D(4)), Band(D(90), D("3.5")))), D(4), D(95)),
        (JudgedRule(), D(1), None),
    ],
)
def test_the_measure_for_full_points(rule, max_points, expected):
    assert full_at(rule, max_points) == expected
