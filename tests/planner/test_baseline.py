"""Which results the planner starts from: the unit's latest round, running while it is in
progress (unappraised sub-criteria at the unit's own score), appraised once finished."""

from decimal import Decimal as D

import pytest
from planner_support import make_round

from parindex.apps.assessments.models import RoundStatus, Score
from parindex.apps.planner.baseline import baseline, latest_round

pytestmark = pytest.mark.django_db


def figures(found, code):
    unit = found.result.unit(code)
    return unit.appraised.achieved, unit.index, unit.rank


def test_a_round_in_progress_counts_unappraised_sub_criteria_at_the_units_own_score(
    province, planning_round
):
    found = baseline(province.units["SNV"])
    assert found.round == planning_round
    assert found.running
    assert found.projected == frozenset({"1.2"})
    assert figures(found, "SNV") == (D(3), D("37.50"), 3)
    assert figures(found, "STP") == (D(7), D("87.50"), 1)
    latest = Score.objects.filter(participation__round=planning_round).latest("updated_at")
    assert found.updated_at == latest.updated_at


def test_a_finished_round_gives_its_appraised_results(province):
    province.round.year = 2023
    province.round.save()
    finished = make_round(province, year=2025, status=RoundStatus.LOCKED)
    found = baseline(province.units["SNV"])
    assert found.round == finished
    assert not found.running
    assert found.projected == frozenset()
    assert found.as_of == finished.locked_at
    assert figures(found, "SNV") == (D(2), D("25.00"), 3)  # 1.2 is not appraised: 0


def test_the_latest_opened_round_is_taken_and_one_in_preparation_is_not(province, planning_round):
    later = make_round(province, year=2026, status=RoundStatus.PREPARING)
    assert latest_round(province.units["SNV"]) == planning_round
    later.status = RoundStatus.SELF_ASSESSMENT
    later.save()
    assert latest_round(province.units["SNV"]) == later


def test_a_unit_in_no_round_has_no_baseline(province, planning_round):
    from parindex.apps.accounts.models import Unit  # noqa: PLC0415

    lone = Unit.objects.create(code="SYT", name="Sở Y tế", group=province.units["SNV"].group)
    assert baseline(lone) is None
