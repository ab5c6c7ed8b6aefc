"""Each rule type turns one entry into points."""

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
    Entry,
    JudgedRule,
    RatioRule,
    RelativeRule,
    ScoreInputError,
    SurveyMeasure,
    SurveyRule,
    ZeroDenominator,
)
from parindex.scoring.rules import RULE_TYPES, Context, NotApplicable, RuleKind

NONE = Context()


def test_every_rule_kind_has_a_rule_type():
    assert set(RULE_TYPES) == set(RuleKind)


class TestJudged:
    def test_it_accepts_a_value_within_the_maximum(self):
        assert JudgedRule().score("1.1", Entry(score=D("0.75")), D(1), NONE) == D("0.75")

    def test_it_accepts_the_value_column_as_the_judgement(self):
        assert JudgedRule().score("1.1", Entry(value=D("0.5")), D(1), NONE) == D("0.5")

    def test_it_rejects_a_score_above_the_maximum(self):
        with pytest.raises(ScoreInputError, match="điểm 1,25 nằm ngoài khoảng 0 đến 1"):
            JudgedRule().score("1.1", Entry(score=D("1.25")), D(1), NONE)

    def test_it_rejects_a_negative_score(self):
        with pytest.raises(ScoreInputError):
            JudgedRule().score("1.1", Entry(score=D("-0.25")), D(1), NONE)

    def test_it_accepts_values_on_the_step(self):
        rule = JudgedRule(step=D("0.25"))
        assert rule.score("1.1", Entry(score=D("1.75")), D(2), NONE) == D("1.75")

    def test_it_rejects_values_off_the_step(self):
        with pytest.raises(ScoreInputError, match="không theo bước 0,5"):
            JudgedRule(step=D("0.5")).score("1.1", Entry(score=D("0.75")), D(2), NONE)

    def test_it_requires_a_score(self):
        with pytest.raises(ScoreInputError, match="thiếu điểm"):
            JudgedRule().score("1.1", Entry(), D(2), NONE)


class TestChecklist:
    rule = ChecklistRule(
        items=(
            ChecklistItem("a", "Ban hành kế hoạch", D("0.5")),
            ChecklistItem("b", "Báo cáo đúng hạn", D("0.25")),
            ChecklistItem("c", "Tổ chức kiểm tra", D("0.25")),
        )
    )

    def test_it_sums_the_ticked_items(self):
        assert self.rule.score("x", Entry(items=frozenset({"a", "c"})), D(1), NONE) == D("0.75")

    def test_nothing_ticked_gives_zero(self):
        assert self.rule.score("x", Entry(items=frozenset()), D(1), NONE) == 0

    def test_it_never_exceeds_the_maximum(self):
        entry = Entry(items=frozenset({"a", "b", "c"}))
        assert self.rule.score("x", entry, D("0.75"), NONE) == D("0.75")

    def test_it_rejects_unknown_items(self):
        with pytest.raises(ScoreInputError, match="không có trong danh sách: z"):
            self.rule.score("x", Entry(items=frozenset({"a", "z"})), D(1), NONE)

    def test_a_direct_score_is_checked_against_the_maximum(self):
        with pytest.raises(ScoreInputError):
            self.rule.score("x", Entry(score=D(2)), D(1), NONE)


class TestRatio:
    def test_it_scales_the_maximum_by_the_ratio(self):
        entry = Entry(numerator=D(1), denominator=D(4))
        assert RatioRule().score("x", entry, D(2), NONE) == D("0.5")

    def test_full_at_gives_full_points_from_that_ratio(self):
        rule = RatioRule(full_at=D("0.9"))
        assert rule.score("x", Entry(numerator=D(95), denominator=D(100)), D(1), NONE) == 1
        assert rule.score("x", Entry(numerator=D(45), denominator=D(100)), D(1), NONE) == D("0.5")

    @pytest.mark.parametrize(
        ("policy", "expected"),
        [(ZeroDenominator.FULL, D(1)), (ZeroDenominator.ZERO, D(0))],
    )
    def test_a_zero_denominator_follows_the_declared_policy(self, policy, expected):
        entry = Entry(numerator=D(0), denominator=D(0))
        assert RatioRule(zero_denominator=policy).score("x", entry, D(1), NONE) == expected

    def test_a_zero_denominator_can_make_the_node_not_applicable(self):
        rule = RatioRule(zero_denominator=ZeroDenominator.NOT_APPLICABLE)
        with pytest.raises(NotApplicable):
            rule.score("x", Entry(numerator=D(0), denominator=D(0)), D(1), NONE)

    def test_it_rejects_a_numerator_above_the_denominator(self):
        with pytest.raises(ScoreInputError, match="lớn hơn mẫu số"):
            RatioRule().score("x", Entry(numerator=D(5), denominator=D(4)), D(1), NONE)

    def test_it_rejects_negative_inputs(self):
        with pytest.raises(ScoreInputError, match="không được âm"):
            RatioRule().score("x", Entry(numerator=D(-1), denominator=D(4)), D(1), NONE)

    def test_it_requires_both_inputs(self):
        with pytest.raises(ScoreInputError, match="thiếu mẫu số"):
            RatioRule().score("x", Entry(numerator=D(1)), D(1), NONE)


class TestRelative:
    def test_the_best_unit_gets_full_points(self):
        entry = Entry(value=D(40))
        assert RelativeRule().score("x", entry, D(2), Context(best=D(40))) == D(2)

    def test_others_get_their_share_of_the_best(self):
        entry = Entry(value=D(10))
        assert RelativeRule().score("x", entry, D(2), Context(best=D(40))) == D("0.5")

    def test_a_best_of_zero_gives_zero(self):
        assert RelativeRule().score("x", Entry(value=D(0)), D(2), Context(best=D(0))) == 0

    def test_its_measure_is_the_value(self):
        assert RelativeRule().measure("x", Entry(value=D(7))) == D(7)


class TestBands:
    rule = BandsRule(bands=(Band(D(90), D(1)), Band(D(75), D("0.5"))))

    @pytest.mark.parametrize(
        ("value", "points"),
        [(D(100), D(1)), (D(90), D(1)), (D("89.99"), D("0.5")), (D(75), D("0.5")), (D(74), 0)],
    )
    def test_it_gives_the_points_of_the_highest_band_reached(self, value, points):
        assert self.rule.score("x", Entry(value=value), D(1), NONE) == points

    def test_it_can_measure_a_percentage_of_two_counts(self):
        rule = BandsRule(bands=(Band(D(90), D(1)),), measure_of=BandMeasure.PERCENT)
        assert rule.score("x", Entry(numerator=D(9), denominator=D(10)), D(1), NONE) == 1
        assert rule.score("x", Entry(numerator=D(8), denominator=D(10)), D(1), NONE) == 0


class TestCount:
    def test_it_multiplies_and_caps(self):
        rule = CountRule(points_each=D(1), cap=D(2))
        assert rule.score("x", Entry(count=D(1)), D(2), NONE) == 1
        assert rule.score("x", Entry(count=D(5)), D(2), NONE) == 2

    def test_without_cap_the_maximum_caps(self):
        assert CountRule(points_each=D("0.5")).score("x", Entry(count=D(9)), D(3), NONE) == 3

    def test_it_rejects_a_negative_count(self):
        with pytest.raises(ScoreInputError):
            CountRule().score("x", Entry(count=D(-1)), D(3), NONE)


class TestDeduction:
    def test_it_deducts_per_case(self):
        rule = DeductionRule(points_each=D("0.5"))
        assert rule.score("x", Entry(count=D(3)), D(0), NONE) == D("-1.5")

    def test_it_deducts_at_most_the_cap(self):
        rule = DeductionRule(points_each=D(1), cap=D(2))
        assert rule.score("x", Entry(count=D(5)), D(0), NONE) == D(-2)

    def test_a_direct_score_must_be_a_deduction_within_the_cap(self):
        rule = DeductionRule(cap=D(2))
        assert rule.score("x", Entry(score=D(-1)), D(0), NONE) == D(-1)
        with pytest.raises(ScoreInputError, match="ngoài khoảng -2 đến 0"):
            rule.score("x", Entry(score=D(1)), D(0), NONE)
        with pytest.raises(ScoreInputError):
            rule.score("x", Entry(score=D(-3)), D(0), NONE)

    def test_an_uncapped_deduction_must_not_be_positive(self):
        with pytest.raises(ScoreInputError, match="điểm trừ 0,5 phải nhỏ hơn hoặc bằng 0"):
            DeductionRule().score("x", Entry(score=D("0.5")), D(0), NONE)

    def test_it_does_not_count_in_the_maximum(self):
        assert not DeductionRule.counts_in_max


class TestBonus:
    def test_it_gives_the_bonus_once_the_minimum_is_reached(self):
        rule = BonusRule(cap=D(1), minimum=D(11))
        assert rule.score("x", Entry(count=D(12)), D(0), NONE) == 1
        assert rule.score("x", Entry(count=D(10)), D(0), NONE) == 0

    def test_without_minimum_it_counts_up_to_the_cap(self):
        rule = BonusRule(cap=D(2), points_each=D("0.5"))
        assert rule.score("x", Entry(count=D(3)), D(0), NONE) == D("1.5")
        assert rule.score("x", Entry(count=D(9)), D(0), NONE) == 2

    def test_a_direct_bonus_above_the_cap_is_rejected(self):
        with pytest.raises(ScoreInputError):
            BonusRule(cap=D(1)).score("x", Entry(score=D(2)), D(0), NONE)

    def test_it_does_not_count_in_the_maximum(self):
        assert not BonusRule.counts_in_max


class TestAccuracy:
    rule = AccuracyRule(bands=(Band(D(90), D(1)),))

    def test_it_bands_the_accuracy_share(self):
        assert self.rule.score("x", Entry(), D(1), Context(accuracy=D(95))) == 1
        assert self.rule.score("x", Entry(), D(1), Context(accuracy=D("89.9"))) == 0

    def test_the_appraisal_ignores_a_direct_score(self):
        assert self.rule.score("x", Entry(score=D(1)), D(1), Context(accuracy=D(10))) == 0

    def test_the_self_side_claims_full_points_or_its_entered_score(self):
        assert self.rule.score("x", Entry(), D(1), NONE) == 1
        assert self.rule.score("x", Entry(score=D("0.5")), D(1), NONE) == D("0.5")


class TestSurvey:
    def test_points_are_the_maximum_times_the_measured_percentage(self):
        assert SurveyRule().score("3.6", Entry(value=D("92.1")), D(10), NONE) == D("9.21")
        assert SurveyRule().score("3.6", Entry(value=D(0)), D(10), NONE) == 0
        assert SurveyRule().score("3.6", Entry(value=D(100)), D(10), NONE) == D(10)

    @pytest.mark.parametrize(
        ("percent", "points"), [("100", "4"), ("95", "4"), ("94.99", "3.5"), ("69.9", "0")]
    )
    def test_with_bands_it_gives_the_points_of_the_band_reached(self, percent, points):
        rule = SurveyRule(bands=(Band(D(95), D(4)), Band(D(90), D("3.5")), Band(D(70), D(1))))
        assert rule.score("3.6", Entry(value=D(percent)), D(4), NONE) == D(points)

    def test_a_band_never_gives_more_than_the_maximum(self):
        rule = SurveyRule(bands=(Band(D(50), D(9)),))
        assert rule.score("3.6", Entry(value=D(60)), D(4), NONE) == D(4)

    def test_it_needs_the_measured_percentage(self):
        with pytest.raises(ScoreInputError, match="thiếu tỷ lệ khảo sát"):
            SurveyRule().score("3.6", Entry(), D(10), NONE)

    @pytest.mark.parametrize(
        ("value", "message"), [("-1", "tỷ lệ không được âm"), ("100.5", "100,5 % vượt quá 100 %")]
    )
    def test_it_rejects_a_percentage_outside_0_to_100(self, value, message):
        with pytest.raises(ScoreInputError, match=message):
            SurveyRule().score("3.6", Entry(value=D(value)), D(10), NONE)

    def test_a_direct_score_wins_within_the_maximum(self):
        assert SurveyRule().score("3.6", Entry(score=D(7), value=D(10)), D(10), NONE) == 7
        with pytest.raises(ScoreInputError, match="nằm ngoài khoảng 0 đến 10"):
            SurveyRule().score("3.6", Entry(score=D(11)), D(10), NONE)

    def test_units_do_not_score_it_but_it_counts_in_the_maximum(self):
        assert not SurveyRule.self_scored
        assert SurveyRule.counts_in_max
        assert SurveyRule.computes

    def test_its_parameters_name_the_survey_measure_factor_and_bands(self):
        rule = SurveyRule(
            survey="XHH-2024",
            measure_of=SurveyMeasure.WEIGHTED,
            factor="2",
            bands=(Band(D(90), D(1)),),
        )
        assert rule.parameters() == {
            "survey": "XHH-2024",
            "measure": "weighted",
            "factor": "2",
            "bands": [{"min": D(90), "points": D(1)}],
        }
        assert SurveyRule().parameters() == {"survey": "sipas", "measure": "satisfied"}


@pytest.mark.parametrize("kind", list(RuleKind))
def test_every_rule_reports_its_parameters_as_a_mapping(kind):
    assert isinstance(RULE_TYPES[kind]().parameters(), dict)
