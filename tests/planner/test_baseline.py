"""Which results the planner starts from: the unit's latest round, running while it is in
progress (unappraised sub-criteria at the unit's own score, survey sub-criteria at what the
year's surveys measure), once finished its published result, else its appraised results
computed as the results app would publish them."""

from decimal import Decimal as D

import pytest
from planner_support import make_round, publish, small_set, with_survey

from parindex import scoring
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


def test_a_finished_round_not_published_is_marked_so(province):
    province.round.year = 2023
    province.round.save()
    make_round(province, year=2025, status=RoundStatus.SIGNED_OFF)
    found = baseline(province.units["SNV"])
    assert not found.published
    assert found.updated_at is not None


def test_a_published_result_stands_whatever_the_stored_scores_become(province, personas):
    province.round.year = 2023
    province.round.save()
    finished = make_round(province, year=2025, status=RoundStatus.SIGNED_OFF)
    result = publish(finished, personas.secretariat)
    Score.objects.filter(participation__round=finished, node__code="1.1").update(
        appraised_score=D(4)
    )
    found = baseline(province.units["SNV"])
    assert found.published
    assert (found.as_of, found.updated_at) == (result.published_at, None)
    assert figures(found, "SNV") == (D(2), D("25.00"), 3)
    assert figures(found, "SXD") == (D(5), D("62.50"), 2)


def test_survey_sub_criteria_count_what_the_years_surveys_measure(province, monkeypatch):
    """Units never score a survey sub-criterion: without the surveys' figures the running
    results would give every unit 0 there."""
    province.round.year = 2023
    province.round.save()
    make_round(province, year=2025, criteria=with_survey(small_set(2025)))
    measured = {
        "SNV": {"2.1": scoring.Entry(value=D(50))},
        "STP": {"2.1": scoring.Entry(value=D(100))},
    }
    monkeypatch.setattr("parindex.apps.planner.baseline.survey_entries", lambda round_: measured)
    found = baseline(province.units["SNV"])
    assert found.running
    assert figures(found, "SNV") == (D(4), D("40.00"), 3)  # 2 + 1 + 1 of the survey's 2
    assert figures(found, "STP") == (D(9), D("90.00"), 1)  # accuracy leaves 2.1 out
    assert figures(found, "SXD") == (D(5), D("50.00"), 2)  # no answer yet: 0
    assert "2.1" not in found.projected
