"""Yearly targets on an index, with one unit's real published positions (seed 000):
PAR INDEX 17/21 → 4/21 → 6/21, DDCI 16/23 → 22/25 → 21/23, satisfaction 9/16 → 1/17 → 13/17."""

from decimal import Decimal as D

import pytest

from parindex.planning.targets import Goal, Position, Status, evaluate, places_risen

PAR = {2021: Position(rank=17, of=21), 2022: Position(rank=4, of=21), 2023: Position(rank=6, of=21)}
DDCI = {
    2021: Position(rank=16, of=23),
    2022: Position(rank=22, of=25),
    2023: Position(rank=21, of=23),
}
SATISFACTION = {
    2021: Position(rank=9, of=16),
    2022: Position(rank=1, of=17),
    2023: Position(rank=13, of=17),
}


def rise(history, year, places):
    return evaluate(Goal.RISE, D(places), history.get(year), history.get(year - 1))


@pytest.mark.parametrize(
    ("history", "year", "risen"),
    [
        (PAR, 2022, 13),
        (PAR, 2023, -2),
        (DDCI, 2022, -6),
        (DDCI, 2023, 1),
        (SATISFACTION, 2022, 8),
        (SATISFACTION, 2023, -12),
    ],
)
def test_places_risen_compare_ranks_whatever_the_number_ranked(history, year, risen):
    assert places_risen(history[year], history[year - 1]) == risen


def test_rising_at_least_three_places_was_met_once_by_the_par_index():
    assert rise(PAR, 2022, 3) is Status.MET  # 17th → 4th
    assert rise(PAR, 2023, 3) is Status.MISSED  # 4th → 6th


def test_the_ddci_rose_one_place_in_2023_but_not_three():
    assert rise(DDCI, 2022, 1) is Status.MISSED  # 16/23 → 22/25
    assert rise(DDCI, 2023, 1) is Status.MET  # 22/25 → 21/23
    assert rise(DDCI, 2023, 3) is Status.MISSED


def test_a_rank_target_compares_the_years_own_rank():
    assert evaluate(Goal.RANK, D(5), SATISFACTION[2022]) is Status.MET  # 1st of 17
    assert evaluate(Goal.RANK, D(5), SATISFACTION[2023]) is Status.MISSED  # 13th of 17
    assert evaluate(Goal.RANK, D(13), SATISFACTION[2023]) is Status.MET


def test_a_score_target_is_met_at_the_score_itself():
    assert evaluate(Goal.SCORE, D(90), Position(score=D("90.00"))) is Status.MET
    assert evaluate(Goal.SCORE, D(90), Position(score=D("89.99"))) is Status.MISSED


def test_a_target_without_a_result_is_pending():
    assert rise(PAR, 2024, 3) is Status.PENDING
    assert evaluate(Goal.SCORE, D(90), None) is Status.PENDING


def test_a_result_lacking_what_the_target_compares_is_unknown():
    assert rise(PAR, 2021, 3) is Status.UNKNOWN  # no 2020 result
    assert evaluate(Goal.SCORE, D(90), Position(rank=3, of=21)) is Status.UNKNOWN
    assert evaluate(Goal.RANK, D(3), Position(score=D(88))) is Status.UNKNOWN
    assert places_risen(None, PAR[2021]) is None
