"""The report data read from the database: results, last year, history, lost points."""

from decimal import Decimal as D

import pytest
from reports_support import OPINION

from parindex.apps.assessments.entries import round_results
from parindex.apps.assessments.models import Round, RoundStatus, Score
from parindex.apps.frameworks.models import CodeMapping
from parindex.apps.reports.builder import earlier_rounds, finished_round, report_data

pytestmark = pytest.mark.django_db


def test_it_computes_this_year_against_last_year(finished):
    data = report_data(finished.current)
    last_year = round_results(finished.previous)
    snv = data.unit("SNV")
    assert snv.previous_index == last_year.unit("SNV").index
    assert snv.previous_rank == last_year.unit("SNV").rank
    assert snv.index == round_results(finished.current).unit("SNV").index
    assert data.previous is not None
    assert data.previous.criteria.year == 2023


def test_it_gives_every_unit_its_history_and_every_group_its_averages(finished):
    data = report_data(finished.current)
    history = data.history["STP"]
    assert [p.year for p in history] == [2023, 2024]
    assert history[-1].index == data.unit("STP").index
    assert history[-1].units == 2  # SNV and STP are the departments of the fixture
    averages = data.group_history["so"]
    assert [g.year for g in averages] == [2023, 2024]
    assert averages[-1].average == data.result.groups[0].average


def test_lost_points_carry_the_self_score_the_appraisal_and_the_opinion(finished):
    data = report_data(finished.current, losses_for=["SNV"])
    lost = {p.code: p for p in data.losses["SNV"]}
    assert set(data.losses) == {"SNV"}
    assert lost["1.1.2"].opinion == OPINION
    unit = data.unit("SNV")
    for point in lost.values():
        node = unit.appraised.node(point.code)
        assert point.appraised == node.achieved < node.applicable_max
        assert point.lost == point.max_points - point.appraised > 0
        assert point.field_code == point.code.split(".")[0]


def test_a_deduction_is_a_loss_and_an_unearned_bonus_is_not(finished):
    score = Score.objects.get(
        participation__round=finished.current, participation__unit__code="SNV", node__code="4.5"
    )
    score.appraised_score, score.appraised_count = None, D(1)  # one violation: -0,5
    score.save()
    data = report_data(finished.current, losses_for=["SNV", "STP", "X-A"])
    lost = {p.code: p for p in data.losses["SNV"]}
    assert lost["4.5"].appraised == D("-0.5")
    assert lost["4.5"].max_points == 0
    assert lost["4.5"].lost == D("0.5")
    codes = {p.code for points in data.losses.values() for p in points}
    assert not any(code.startswith("8.") for code in codes)  # bonuses (field 8) never


def test_it_maps_renumbered_fields_to_last_year(finished):
    CodeMapping.objects.create(
        from_set=finished.previous.criteria_set,
        to_set=finished.current.criteria_set,
        from_code="7",
        to_code="6",
    )
    data = report_data(finished.current)
    assert data.field_codes == {"6": "7"}
    assert data.previous_field("SNV", "6").code == "7"


def test_the_report_of_a_year_comes_from_its_signed_off_round(finished):
    Round.objects.create(
        name="Đợt bổ sung 2024",
        year=2024,
        criteria_set=finished.current.criteria_set,
        status=RoundStatus.LOCKED,
        self_assessment_opens=finished.current.self_assessment_opens,
        self_assessment_deadline=finished.current.self_assessment_deadline,
        appraisal_deadline=finished.current.appraisal_deadline,
    )
    assert finished_round(2024) == finished.current
    assert earlier_rounds(finished.current) == [finished.previous]
    assert finished_round(2022) is None


def test_a_round_still_in_appraisal_gives_no_report(province):
    province.round.status = RoundStatus.APPRAISAL
    province.round.save()
    assert finished_round(2024) is None


def test_survey_points_come_from_survey_leaves(finished):
    data = report_data(finished.current)
    units = [unit for group in data.result.groups for unit in group.units]
    assert data.survey_points  # the demo criteria set scores 3.6 from the SIPAS survey
    for unit in units:
        node = unit.appraised.node("3.6")
        if node.not_applicable:
            assert unit.unit.code not in data.survey_points
        else:
            assert data.survey_points[unit.unit.code] == node.achieved
