"""Fixtures of the results tests: the province's round scored and signed off."""

import pytest
from results_support import fill_scores, set_status

from parindex.apps.assessments.models import RoundStatus


@pytest.fixture
def scored(province):
    """The 2024 round with every leaf scored on both sides, still in appraisal."""
    fill_scores(province)
    set_status(province.round, RoundStatus.APPRAISAL)
    return province


@pytest.fixture
def signed_off(scored):
    """The scored round, locked and signed off by the council."""
    set_status(scored.round, RoundStatus.SIGNED_OFF)
    return scored.round
