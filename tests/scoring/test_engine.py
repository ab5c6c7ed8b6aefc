"""Unit results, group results and statistics computed by the engine."""

from decimal import Decimal as D

import pytest

from parindex.scoring import (
    NOT_APPLICABLE,
    AccuracyRule,
    Band,
    BonusRule,
    ClassBand,
    CriteriaSet,
    DeductionRule,
    Entry,
    JudgedRule,
    Node,
    Previous,
    RatioRule,
    RelativeRule,
    Rounding,
    RoundingPolicy,
    ScoringErrors,
    SurveyRule,
    TiePolicy,
    Unit,
    UnitGroup,
    UnitScores,
    ZeroDenominator,
    compute,
)
from parindex.scoring.statistics import rank_units

GROUPS = (UnitGroup("so", "Sở, ban, ngành"), UnitGroup("xa", "UBND xã, phường"))
BANDS = (
    ClassBand(D(95), "Xuất sắc", "A"),
    ClassBand(D(85), "Tốt", "B"),
    ClassBand(D(75), "Khá", "C"),
    ClassBand(D(70), "Trung bình", "D"),
    ClassBand(D(0), "Yếu", "E"),
)


def judged(code, max_points, **kw):
    return Node(code, f"Tiêu chí {code}", D(max_points), JudgedRule(), **kw)


def field(code, *children, max_points=None):
    total = (
        max_points
        if max_points is not None
        else sum((c.max_points for c in children if c.rule is None or c.rule.counts_in_max), D(0))
    )
    return Node(code, f"Lĩnh vực {code}", D(total), children=children)


def criteria(*fields, **kw):
    kw.setdefault("bands", BANDS)
    return CriteriaSet(
        code="t", name="Bộ tiêu chí thử", year=2024, groups=GROUPS, fields=fields, **kw
    )


SIMPLE = criteria(
    field("1", judged("1.1", 10), judged("1.2", 10)),
    field("2", judged("2.1", 20), judged("2.2", 10, groups=frozenset({"xa"}))),
)


def scores(code, appraised, self_scored=None):
    def entries(values):
        return {
            k: (NOT_APPLICABLE if v == "N/A" else v if isinstance(v, Entry) else Entry(score=D(v)))
            for k, v in (values or {}).items()
        }

    return UnitScores(code, entries(appraised), entries(self_scored))


def unit(code, group="so"):
    return Unit(code, f"Đơn vị {code}", group)


class TestUnitResult:
    def test_the_index_is_achieved_over_the_applicable_maximum(self):
        result = compute(
            SIMPLE, [unit("a")], {"a": scores("a", {"1.1": 10, "1.2": "7.5", "2.1": 20})}
        )
        a = result.unit("a")
        assert (a.appraised.achieved, a.appraised.applicable_max) == (D("37.5"), D(40))
        assert a.index == D("93.75")
        assert a.band == BANDS[1]

    def test_a_node_for_another_group_is_left_out(self):
        result = compute(SIMPLE, [unit("a", "so")], {"a": scores("a", {"1.1": 10})})
        assert result.unit("a").appraised.node("2.2").not_applicable

    def test_a_node_for_the_units_group_counts(self):
        result = compute(SIMPLE, [unit("a", "xa")], {"a": scores("a", {"2.2": 10})})
        assert result.unit("a").appraised.applicable_max == D(50)

    def test_not_applicable_entries_leave_the_maximum(self):
        entered = {"1.1": 10, "1.2": "N/A", "2.1": 20}
        result = compute(SIMPLE, [unit("a")], {"a": scores("a", entered)})
        a = result.unit("a")
        assert a.appraised.applicable_max == D(30)
        assert a.index == D(100)

    def test_a_field_with_nothing_applicable_has_no_index(self):
        entered = {"1.1": "N/A", "1.2": "N/A", "2.1": 20}
        a = compute(SIMPLE, [unit("a")], {"a": scores("a", entered)}).unit("a")
        assert a.appraised.fields[0].not_applicable
        assert a.appraised.fields[0].index is None

    def test_a_missing_entry_counts_as_zero_and_is_flagged(self):
        a = compute(SIMPLE, [unit("a")], {"a": scores("a", {"1.1": 10})}).unit("a")
        assert a.appraised.applicable_max == D(40)
        assert a.appraised.missing == ("1.2", "1", "2.1", "2")

    def test_a_unit_without_any_scores_gets_zero(self):
        a = compute(SIMPLE, [unit("a")], {}).unit("a")
        assert a.index == D("0.00")

    def test_field_sub_indices_are_computed(self):
        entered = {"1.1": 10, "1.2": 5, "2.1": 10}
        a = compute(SIMPLE, [unit("a")], {"a": scores("a", entered)}).unit("a")
        assert [f.index for f in a.appraised.fields] == [D("75.00"), D("50.00")]

    def test_self_scores_are_computed_beside_the_appraisal(self):
        a = compute(
            SIMPLE,
            [unit("a")],
            {"a": scores("a", {"1.1": 5, "1.2": 5, "2.1": 20}, {"1.1": 10, "1.2": 10, "2.1": 20})},
        ).unit("a")
        assert (a.self_scored.index, a.index) == (D("100.00"), D("75.00"))

    def test_deductions_come_off_the_total_but_not_the_maximum(self):
        cs = criteria(
            field("1", judged("1.1", 10), Node("1.9", "Kỷ luật", D(0), DeductionRule())),
        )
        entered = {"1.1": 10, "1.9": Entry(count=D(2))}
        a = compute(cs, [unit("a")], {"a": scores("a", entered)}).unit("a")
        assert (a.appraised.achieved, a.appraised.applicable_max, a.index) == (
            D(8),
            D(10),
            D("80.00"),
        )

    def test_an_index_never_goes_below_zero(self):
        cs = criteria(field("1", judged("1.1", 1), Node("1.9", "Kỷ luật", D(0), DeductionRule())))
        entered = {"1.1": 0, "1.9": Entry(count=D(5))}
        assert compute(cs, [unit("a")], {"a": scores("a", entered)}).unit("a").index == 0

    def test_a_bonus_can_take_the_index_above_100_unless_capped(self):
        bonus = field("8", Node("8.1", "Thưởng", D(0), BonusRule(cap=D(1))), max_points=0)
        entered = {"1.1": 10, "8.1": Entry(count=D(1))}
        uncapped = criteria(field("1", judged("1.1", 10)), bonus)
        capped = criteria(field("1", judged("1.1", 10)), bonus, index_cap=D(100))
        assert compute(uncapped, [unit("a")], {"a": scores("a", entered)}).unit("a").index == D(110)
        assert compute(capped, [unit("a")], {"a": scores("a", entered)}).unit("a").index == D(100)

    def test_a_ratio_with_nothing_to_measure_can_be_not_applicable(self):
        rule = RatioRule(zero_denominator=ZeroDenominator.NOT_APPLICABLE)
        cs = criteria(field("1", judged("1.1", 1), Node("1.2", "Tỷ lệ", D(1), rule)))
        entered = {"1.1": 1, "1.2": Entry(numerator=D(0), denominator=D(0))}
        a = compute(cs, [unit("a")], {"a": scores("a", entered)}).unit("a")
        assert (a.appraised.applicable_max, a.index) == (D(1), D(100))

    def test_the_index_follows_the_declared_rounding(self):
        cs = criteria(field("1", judged("1.1", 3)))
        entered = {"a": scores("a", {"1.1": "2.00015"})}  # 66.671666...
        half_up = compute(cs, [unit("a")], entered).unit("a").index
        three = criteria(field("1", judged("1.1", 3)), rounding=RoundingPolicy(index_decimals=3))
        assert half_up == D("66.67")
        assert compute(three, [unit("a")], entered).unit("a").index == D("66.672")

    def test_half_even_rounding_is_available(self):
        cs = criteria(
            field("1", Node("1.1", "r", D(1), RatioRule())),
            rounding=RoundingPolicy(score_decimals=1, mode=Rounding.HALF_EVEN),
        )
        entered = {"a": scores("a", {"1.1": Entry(numerator=D(1), denominator=D(4))})}
        assert compute(cs, [unit("a")], entered).unit("a").appraised.node("1.1").achieved == D(
            "0.2"
        )


class TestRelativeAndAccuracy:
    def test_relative_points_follow_the_best_unit_of_the_group(self):
        cs = criteria(field("1", Node("1.1", "Sáng kiến", D(2), RelativeRule())))
        units = [unit("a"), unit("b"), unit("c", "xa")]
        entered = {
            "a": scores("a", {"1.1": Entry(value=D(8))}),
            "b": scores("b", {"1.1": Entry(value=D(2))}),
            "c": scores("c", {"1.1": Entry(value=D(1))}),
        }
        result = compute(cs, units, entered)
        got = {c: result.unit(c).appraised.node("1.1").achieved for c in "abc"}
        assert got == {"a": D(2), "b": D("0.50"), "c": D(2)}

    def test_accuracy_compares_self_scores_with_appraised_scores(self):
        acc = Node("9.1", "Tính chính xác", D(1), AccuracyRule(bands=(Band(D(90), D(1)),)))
        leaves = [judged(f"1.{i}", 1) for i in range(1, 11)]
        cs = criteria(field("1", *leaves), field("9", acc))
        appraised = {f"1.{i}": 1 for i in range(1, 11)}
        nine_right = {**appraised, "1.10": 0}
        eight_right = {**nine_right, "1.9": 0}
        result = compute(
            cs,
            [unit("a"), unit("b")],
            {"a": scores("a", nine_right, appraised), "b": scores("b", eight_right, appraised)},
        )
        assert result.unit("a").appraised.node("9.1").achieved == 1
        assert result.unit("b").appraised.node("9.1").achieved == 0
        assert result.unit("b").self_scored.node("9.1").achieved == 1


class TestSurvey:
    def survey_set(self):
        acc = Node("9.1", "Tính chính xác", D(1), AccuracyRule(bands=(Band(D(90), D(1)),)))
        leaves = [judged(f"1.{i}", 1) for i in range(1, 10)]
        sipas = Node("1.10", "Hài lòng", D(1), SurveyRule())
        return criteria(field("1", *leaves, sipas), field("9", acc))

    def test_a_survey_leaf_counts_in_the_maximum_and_is_rounded(self):
        appraised = {f"1.{i}": Entry(score=D(1)) for i in range(1, 10)}
        appraised["1.10"] = Entry(value=D("92.15"))
        result = compute(self.survey_set(), [unit("a")], {"a": UnitScores("a", appraised)})
        side = result.unit("a").appraised
        assert side.node("1.10").achieved == D("0.92")  # 0.9215 rounded as published
        assert side.applicable_max == D(11)

    def test_accuracy_leaves_the_survey_leaf_out(self):
        appraised = {f"1.{i}": 1 for i in range(1, 10)}
        own = {**appraised, "1.9": 0}  # 8 of 9 self-scored leaves right: 88.9 %
        entered = scores("a", appraised, own)
        survey = Entry(value=D(50))
        entered = UnitScores(
            "a",
            {**entered.appraised, "1.10": survey},
            {**entered.self_scored, "1.10": survey},
        )
        result = compute(self.survey_set(), [unit("a")], {"a": entered})
        assert result.unit("a").appraised.node("9.1").achieved == 0  # 8/9, not 9/10

    def test_a_unit_without_a_survey_entry_gets_zero_flagged_missing(self):
        appraised = {f"1.{i}": Entry(score=D(1)) for i in range(1, 10)}
        result = compute(self.survey_set(), [unit("a")], {"a": UnitScores("a", appraised)})
        node = result.unit("a").appraised.node("1.10")
        assert (node.achieved, node.missing) == (0, True)


class TestErrors:
    def test_every_bad_entry_is_reported_at_once(self):
        entered = {
            "a": scores("a", {"1.1": 11, "1.2": -1}),
            "b": scores("b", {"2.1": 21}),
        }
        with pytest.raises(ScoringErrors) as info:
            compute(SIMPLE, [unit("a"), unit("b")], entered)
        assert [(e.unit, e.node) for e in info.value.errors] == [
            ("a", "1.1"),
            ("a", "1.2"),
            ("b", "2.1"),
        ]
        assert "đơn vị a, tiêu chí 1.1 (thẩm định)" in str(info.value)

    def test_a_unit_of_an_undeclared_group_is_an_error(self):
        with pytest.raises(ScoringErrors, match="nhóm 'huyen' không có"):
            compute(SIMPLE, [unit("a", "huyen")], {})


class TestRanking:
    @pytest.mark.parametrize(
        ("policy", "expected"),
        [
            (TiePolicy.SHARED, [1, 2, 2, 4]),
            (TiePolicy.DENSE, [1, 2, 2, 3]),
            (TiePolicy.ACHIEVED, [1, 2, 3, 4]),
        ],
    )
    def test_ties_follow_the_declared_policy(self, policy, expected):
        figures = [(D(90), D(90)), (D(80), D(80)), (D(80), D(79)), (D(70), D(70))]
        assert rank_units(figures, policy) == expected

    def test_achieved_ties_still_share_a_rank(self):
        figures = [(D(80), D(80)), (D(80), D(80))]
        assert rank_units(figures, TiePolicy.ACHIEVED) == [1, 1]

    def test_groups_are_ranked_separately(self):
        entered = {c: scores(c, {"1.1": v}) for c, v in [("a", 5), ("b", 9), ("x", 1)]}
        result = compute(SIMPLE, [unit("a"), unit("b"), unit("x", "xa")], entered)
        assert [(u.unit.code, u.rank) for g in result.groups for u in g.units] == [
            ("b", 1),
            ("a", 2),
            ("x", 1),
        ]


def _group(entered, previous=None, cs=SIMPLE):
    units = [unit(c) for c in entered]
    return compute(cs, units, {c: scores(c, v) for c, v in entered.items()}, previous).groups[0]


class TestGroupStatistics:
    entered = {  # noqa: RUF012 - read-only test data
        "a": {"1.1": 10, "1.2": 10, "2.1": 20},  # 100
        "b": {"1.1": 10, "1.2": 6, "2.1": 20},  # 90
        "c": {"1.1": 8, "1.2": 4, "2.1": 20},  # 80
        "d": {"1.1": 10, "1.2": 10, "2.1": 4},  # 60
    }

    def test_it_reports_average_highest_lowest_and_spread(self):
        g = _group(self.entered)
        assert (g.average, g.highest, g.lowest, g.spread) == (
            D("82.50"),
            D("100.00"),
            D("60.00"),
            D("40.00"),
        )
        assert g.above_average == 2

    def test_it_reports_per_field_averages_and_units_at_maximum(self):
        g = _group(self.entered)
        first, second = g.fields
        assert (first.average, first.at_max, first.units) == (D("17.00"), 2, 4)
        assert (second.average, second.at_max, second.units) == (D("16.00"), 3, 4)

    def test_it_compares_with_last_year(self):
        previous = {
            "a": Previous(D("90.00"), 2),
            "b": Previous(D("95.00"), 1),
            "c": Previous(D("65.00"), 3),
        }
        g = _group(self.entered, previous)
        by_code = {u.unit.code: u for u in g.units}
        assert by_code["a"].index_change == D("10.00")
        assert by_code["a"].rank_change == 1
        assert by_code["b"].rank_change == -1
        assert by_code["d"].index_change is None
        assert g.riser is not None
        assert g.riser.unit.code == "c"
        assert g.faller is not None
        assert g.faller.unit.code == "b"

    def test_of_two_equal_risers_the_better_ranked_one_is_named(self):
        previous = {"a": Previous(D("90.00"), 2), "c": Previous(D("70.00"), 3)}
        g = _group(self.entered, previous)
        assert g.riser is not None
        assert g.riser.unit.code == "a"

    def test_without_last_year_there_is_no_riser_or_faller(self):
        g = _group(self.entered)
        assert (g.riser, g.faller) == (None, None)

    def test_units_come_in_rank_order(self):
        assert [u.unit.code for u in _group(self.entered).units] == ["a", "b", "c", "d"]
