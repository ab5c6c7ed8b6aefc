"""Survey figures from answer counts: shares, means, weighted scores, 95 % intervals and the
sample size a unit needs."""

from decimal import Decimal as D

import pytest

from parindex.apps.surveys.figures import (
    Scale,
    add,
    average,
    figures,
    mean_interval,
    required_sample,
    wilson,
)

SIPAS = Scale({1: D(0), 2: D(25), 3: D(50), 4: D(75), 5: D(100)}, frozenset({4, 5}))


def two(value):
    return value.quantize(D("0.01"))


def test_it_gives_the_share_of_satisfied_answers_the_mean_and_the_weighted_score():
    result = figures({5: 50, 4: 42, 3: 8}, SIPAS)
    assert (result.answers, result.sample) == (100, 100)
    assert result.satisfied == 92
    assert result.mean == D("4.42")
    assert result.weighted == D("85.5")  # (50 × 100 + 42 × 75 + 8 × 50) / 100


def test_the_interval_of_a_share_is_wilsons():
    interval = wilson(D("0.92"), 100)
    assert (two(interval.low), two(interval.high)) == (D("85.00"), D("95.89"))


def test_wilsons_interval_stays_within_0_and_100_and_is_not_empty_at_100_percent():
    interval = wilson(D(1), 20)
    assert two(interval.high) == 100
    assert D(80) < interval.low < 100


def test_pooled_figures_take_the_ballots_as_the_sample_of_their_interval():
    per_answer = figures({5: 92, 3: 8}, SIPAS)
    per_ballot = figures({5: 92, 3: 8}, SIPAS, sample=25)
    assert per_ballot.sample == 25
    assert per_ballot.satisfied == per_answer.satisfied
    width = per_ballot.satisfied_ci.high - per_ballot.satisfied_ci.low
    assert width > per_answer.satisfied_ci.high - per_answer.satisfied_ci.low


def test_the_interval_of_the_mean_uses_the_standard_deviation_of_the_answers():
    interval = mean_interval({5: 2, 3: 2}, D(4), 4)  # s = √(4 / 3), half = 1.96 · s / 2
    assert (two(interval.low), two(interval.high)) == (D("2.87"), D("5.13"))
    assert mean_interval({5: 1}, D(5), 1) is None


def test_no_answers_give_no_figures():
    result = figures({}, SIPAS)
    assert result.answers == 0
    assert (result.satisfied, result.mean, result.weighted, result.satisfied_ci) == (None,) * 4


@pytest.mark.parametrize(
    ("population", "needed"),
    [(17281, 391), (1000, 286), (200, 134), (100, 80), (1, 1), (None, None), (0, None)],
)
def test_the_sample_a_unit_needs_is_n_over_1_plus_n_e_squared(population, needed):
    assert required_sample(population, D(5)) == needed


def test_a_larger_margin_needs_fewer_ballots():
    assert required_sample(1000, D(10)) == 91


def test_counts_add_up_and_averages_skip_what_is_missing():
    assert add([{5: 2, 4: 1}, {5: 1, 3: 4}]) == {5: 3, 4: 1, 3: 4}
    assert average([D(90), None, D(80)]) == 85
    assert average([None]) is None
