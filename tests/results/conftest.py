"""Fixtures of the results tests: the province's round scored and signed off; two small
years published."""

from types import SimpleNamespace

import pytest
from results_support import fill_scores, publish, set_status, small_province, small_round

from parindex.apps.accounts.models import Membership, Role
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


@pytest.fixture
def secretariat(django_user_model):
    user = django_user_model.objects.create_user(username="thuky", full_name="Thư ký")
    Membership.objects.create(user=user, role=Role.SECRETARIAT)
    return user


@pytest.fixture
def two_years(db, secretariat):
    """2023 and 2024 of a small province, both published (2024 compared with 2023)."""
    units = small_province()
    first = publish(small_round(2023, units), secretariat)
    second = publish(small_round(2024, units), secretariat)
    return SimpleNamespace(units=units, first=first, second=second, by=secretariat)


@pytest.fixture
def survey_points(monkeypatch):
    """``survey_points({unit: {node: Entry}})`` sets what the year's surveys measure, as
    the results computation reads it (``parindex.apps.surveys.points.survey_entries``,
    tested with real ballots in tests/surveys)."""

    def given(entries):
        monkeypatch.setattr("parindex.apps.results.gather.survey_entries", lambda round_: entries)

    return given
