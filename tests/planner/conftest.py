"""Fixtures of the planner tests: the small round of planner_support in appraisal."""

import pytest
from planner_support import make_round


@pytest.fixture
def planning_round(province):
    """The small round in appraisal (the province's own 2024 round is a year older here)."""
    province.round.year = 2023
    province.round.save()
    return make_round(province, year=2025)
