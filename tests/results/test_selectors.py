"""Published figures come from the frozen inputs, checked against the stored hashes;
recomputation is byte-identical even after the live scores change."""

from decimal import Decimal as D

import pytest
from results_support import compute, publish

from parindex import scoring
from parindex.apps.assessments.models import Score
from parindex.apps.results import selectors
from parindex.apps.results.inputs import results_text
from parindex.apps.results.models import Result

pytestmark = pytest.mark.django_db


def test_the_published_result_is_recomputed_from_its_frozen_inputs(signed_off, personas):
    assert selectors.published_round_result(signed_off) is None
    result = publish(signed_off, personas.secretariat)
    found = selectors.published_round_result(signed_off)
    assert isinstance(found, scoring.RoundResult)
    assert results_text(found) == result.results


def test_recomputation_stays_identical_after_the_live_scores_change(signed_off, personas, scored):
    result = publish(signed_off, personas.secretariat)
    Score.objects.filter(participation=scored.participations["SNV"]).update(
        appraised_score=D("0"), appraised_numerator=None, appraised_denominator=None
    )
    assert results_text(selectors.round_result(result)) == result.results
    check = selectors.verify(result)
    assert check.matches
    assert check.results_identical
    assert check.inputs_intact
    assert check.live_matches is False  # the live data no longer give these inputs


def test_verification_of_untouched_data_matches_everywhere(signed_off, personas):
    result = compute(signed_off, personas.secretariat)
    check = selectors.verify(result)
    assert (check.matches, check.live_matches) == (True, True)
    assert check.recomputed_results_sha256 == result.results_sha256
    assert check.inputs_sha256 == check.recomputed_inputs_sha256 == result.inputs_sha256


def test_verification_with_survey_entries_matches_while_the_surveys_stay_the_same(
    signed_off, personas, survey_points
):
    survey_points({"STP": {"1.3.1": scoring.Entry(score=D("0.25"))}})
    result = compute(signed_off, personas.secretariat)
    assert selectors.verify(result).live_matches is True
    survey_points({"STP": {"1.3.1": scoring.Entry(score=D("0.5"))}})
    check = selectors.verify(result)
    assert check.live_matches is False
    assert check.matches  # the frozen inputs still give the published figures


def test_tampered_inputs_or_results_are_detected(signed_off, personas):
    result = publish(signed_off, personas.secretariat)
    Result.objects.filter(pk=result.pk).update(results=result.results.replace('"1"', '"2"', 1))
    tampered = Result.objects.get(pk=result.pk)
    with pytest.raises(selectors.ResultTampered):
        selectors.round_result(tampered)
    assert not selectors.verify(tampered).results_identical
    assert not selectors.verify(tampered).matches
    Result.objects.filter(pk=result.pk).update(
        results=result.results, inputs=result.inputs.replace('"0.5"', '"0.25"', 1)
    )
    tampered = Result.objects.get(pk=result.pk)
    with pytest.raises(selectors.ResultTampered):
        selectors.round_result(tampered)
    check = selectors.verify(tampered)
    assert not check.inputs_intact
    assert not check.matches


def test_unreadable_inputs_are_reported_by_the_verification(signed_off, personas):
    result = compute(signed_off, personas.secretariat)
    Result.objects.filter(pk=result.pk).update(inputs="{}")
    check = selectors.verify(Result.objects.get(pk=result.pk))
    assert not check.matches
    assert "dữ liệu đầu vào đã lưu không đọc được" in check.error


def test_the_latest_published_result_of_a_year_and_group(signed_off, personas):
    assert selectors.latest_published(2024, "so") is None
    result = publish(signed_off, personas.secretariat)
    assert selectors.latest_published(2024, "so") == result
    assert selectors.latest_published(2024, "xa") == result
    assert selectors.latest_published(2024, "huyen") is None
    assert selectors.latest_published(2023, "so") is None
    assert selectors.published_years() == [2024]


def test_a_result_altered_after_it_was_read_is_still_detected(signed_off, personas):
    result = publish(signed_off, personas.secretariat)
    first = selectors.round_result(result)
    assert selectors.round_result(Result.objects.get(pk=result.pk)) is first  # kept
    Result.objects.filter(pk=result.pk).update(results=result.results.replace("2024", "2025"))
    with pytest.raises(selectors.ResultTampered):
        selectors.round_result(Result.objects.get(pk=result.pk))
    Result.objects.filter(pk=result.pk).update(results=result.results, results_sha256="0" * 64)
    with pytest.raises(selectors.ResultTampered):
        selectors.round_result(Result.objects.get(pk=result.pk))
