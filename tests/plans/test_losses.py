"""Where a unit lost points in a finished round: every leaf below its applicable maximum and
every deduction, with the self-assessed and appraised points and the appraisal opinion."""

from decimal import Decimal as D

import pytest
from tests.plans.plans_support import OPINION, THREAD_OPINION

from parindex.apps.assessments.models import RoundStatus, Score
from parindex.apps.plans.losses import NOT_FINISHED, LossesUnavailable, unit_losses

pytestmark = pytest.mark.django_db


def by_code(found):
    return {loss.code: loss for loss in found}


def test_the_lost_leaves_of_a_signed_off_round_are_found_in_criteria_order(finished):
    found = unit_losses(finished.participation)
    assert [loss.code for loss in found] == ["1.3.1", "1.6", "4.5"]


def test_each_loss_carries_its_points_and_opinion(finished):
    found = by_code(unit_losses(finished.participation))
    judged = found["1.3.1"]
    assert (judged.max_points, judged.self_points, judged.appraised_points, judged.lost) == (
        D("0.5"),
        D("0.5"),
        D("0.25"),
        D("0.25"),
    )
    assert judged.opinion == OPINION
    assert found["1.6"].lost == D("0.5")


def test_an_opinion_only_in_the_thread_is_taken_from_the_councils_latest_message(finished):
    assert by_code(unit_losses(finished.participation))["1.6"].opinion == THREAD_OPINION


def test_a_deduction_is_a_loss_of_the_points_it_took(finished):
    deduction = by_code(unit_losses(finished.participation))["4.5"]
    assert deduction.is_deduction
    assert (deduction.max_points, deduction.appraised_points, deduction.lost) == (
        D(0),
        D("-0.5"),
        D("0.5"),
    )


def test_accuracy_of_self_scoring_loses_when_self_scores_differ_from_the_appraisal(finished):
    # 1.3.1 and 1.6 differ already; three self-scores of 0 make 5 of the 58 compared
    # leaves differ: 91.4 % of self-scores match, in the 90 % band: 0.5 of 1 point
    Score.objects.filter(
        participation=finished.participation, node__code__in=["2.3", "4.1", "5.2"]
    ).update(self_score=D(0))
    accuracy = by_code(unit_losses(finished.participation))["1.7"]
    assert (accuracy.self_points, accuracy.appraised_points, accuracy.lost) == (
        D(1),
        D("0.5"),
        D("0.5"),
    )
    assert "2.3" not in by_code(unit_losses(finished.participation))  # appraised at full


def test_bonus_points_not_earned_are_no_loss(finished):
    assert not {"8.1", "8.2", "8.3"} & {loss.code for loss in unit_losses(finished.participation)}


def test_leaves_that_do_not_apply_to_the_unit_are_no_loss(finished):
    assert "7.6" not in by_code(unit_losses(finished.participation))  # communes only


def test_a_locked_round_is_finished_too(finished):
    finished.round.status = RoundStatus.LOCKED
    finished.round.save()
    assert len(unit_losses(finished.participation)) == 3


@pytest.mark.parametrize(
    "status", [RoundStatus.PREPARING, RoundStatus.SELF_ASSESSMENT, RoundStatus.APPRAISAL]
)
def test_a_round_still_running_has_no_losses_yet(finished, status):
    finished.round.status = status
    finished.round.save()
    with pytest.raises(LossesUnavailable) as refused:
        unit_losses(finished.participation)
    assert refused.value.message == str(NOT_FINISHED).format(round=finished.round.name)


def test_a_round_whose_scores_cannot_be_computed_says_why(finished):
    Score.objects.filter(participation=finished.participation, node__code="1.3.1").update(
        appraised_score=D(3)
    )
    with pytest.raises(LossesUnavailable) as refused:
        unit_losses(finished.participation)
    assert "1.3.1" in refused.value.message
