"""The PAR INDEX history of a unit, from the finished rounds it took part in."""

from decimal import Decimal as D

import pytest
from indices_support import PAR_POSITIONS

from parindex.apps.assessments.models import RoundStatus
from parindex.apps.indices.history import finished_rounds, par_history

pytestmark = pytest.mark.django_db


def test_the_history_gives_index_rank_and_group_size_of_every_finished_year(province, par_rounds):
    history = par_history(province.units["SNV"])
    assert [(y.year, y.rank, y.of) for y in history] == [
        (year, rank, 21) for year, rank in PAR_POSITIONS.items()
    ]
    assert history[0].index == D("83.50")
    assert history[1].band == "Tốt"
    assert history[0].source == "Đánh giá Chỉ số CCHC năm 2021"


def test_rounds_still_in_progress_are_left_out(province, par_rounds):
    par_rounds[2023].status = RoundStatus.APPRAISAL
    par_rounds[2023].save()
    assert [y.year for y in par_history(province.units["SNV"])] == [2021, 2022]
    assert province.round not in finished_rounds(province.units["SNV"])


def test_a_unit_without_finished_rounds_has_no_history(province, par_rounds):
    assert par_history(province.units["X-A"]) == []
