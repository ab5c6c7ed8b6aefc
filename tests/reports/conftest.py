"""Fixtures of the report tests (helpers in reports_support.py).

``demo_report``: report data built by hand from the demo files — no database.
``finished``: the personas' province with two signed-off rounds in the database.
"""

import dataclasses
from datetime import timedelta

import pytest
from django.utils import timezone
from reports_support import demo_entries, fill_scores, make_report, sign_off

from parindex.apps.assessments.models import Participation, Round, RoundStatus
from parindex.apps.frameworks.conversion import from_engine
from parindex.apps.frameworks.models import CriteriaSetStatus
from parindex.apps.reports.data import ReportData
from parindex.demo import demo_data_dir
from parindex.interchange import load_criteria


@pytest.fixture
def demo_report() -> ReportData:
    return make_report()


@pytest.fixture
def draft_report() -> ReportData:
    return make_report(final=False, with_survey=False)


@dataclasses.dataclass
class Finished:
    current: Round
    previous: Round
    units: dict


@pytest.fixture
def finished(province, personas) -> Finished:
    """The province's 2024 round signed off, and a signed-off 2023 round before it."""
    engine_2023 = dataclasses.replace(
        load_criteria(demo_data_dir() / "criteria_2024.yaml"), code="CCHC-2023", year=2023
    )
    set_2023 = from_engine(engine_2023, actor=None)
    set_2023.status = CriteriaSetStatus.PUBLISHED
    set_2023.save()
    now = timezone.now()
    previous = Round.objects.create(
        name="Đánh giá Chỉ số CCHC năm 2023",
        year=2023,
        criteria_set=set_2023,
        status=RoundStatus.SELF_ASSESSMENT,
        self_assessment_opens=now - timedelta(days=400),
        self_assessment_deadline=now - timedelta(days=380),
        appraisal_deadline=now - timedelta(days=350),
    )
    for unit in province.units.values():
        Participation.objects.create(round=previous, unit=unit)
    fill_scores(previous, demo_entries(2023, engine_2023))
    fill_scores(province.round, demo_entries(2024, province.engine))
    sign_off(previous)
    sign_off(province.round)
    return Finished(province.round, previous, province.units)


@pytest.fixture
def locked(finished) -> Round:
    """The 2024 round locked but not yet signed off by the council."""
    round_ = finished.current
    round_.status = RoundStatus.LOCKED
    round_.signed_off_at = None
    round_.save()
    return round_


@pytest.fixture
def signed_off(province, personas) -> Finished:
    """The province's 2024 round signed off with no scores: enough for who-may-see tests."""
    sign_off(province.round)
    return Finished(province.round, province.round, province.units)
