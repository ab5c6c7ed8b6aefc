"""``survey_entries``: each unit's measured percentage for every survey leaf of a round,
and the engine's points from it (the real case 57,88 + 23,33 + 9,21 = 90,42)."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone
from surveys_support import answers_of, make_survey

from parindex import scoring
from parindex.apps.accounts.models import Unit, UnitGroup
from parindex.apps.assessments.models import Participation, Round, RoundStatus
from parindex.apps.frameworks.conversion import from_engine, to_engine
from parindex.apps.surveys import services
from parindex.apps.surveys.defaults import Layout
from parindex.apps.surveys.layout import parse_options, parse_questions
from parindex.apps.surveys.models import SurveyKind, SurveyStatus
from parindex.apps.surveys.points import survey_entries, with_survey_entries

pytestmark = pytest.mark.django_db


def set_rule(province, **parameters):
    node = province.criteria_set.nodes.get(code="3.6")
    node.parameters = {**node.parameters, **parameters}
    node.save()


def test_a_covered_unit_gets_its_satisfied_percentage(province, sipas, ballots):
    ballots(sipas, province.units["SNV"], answers_of(sipas, 5), n=3)
    ballots(sipas, province.units["SNV"], answers_of(sipas, 3))
    entries = survey_entries(province.round)
    assert entries["SNV"] == {"3.6": scoring.Entry(value=D("75.00"))}


def test_the_unit_percentage_is_the_mean_of_its_factors(province, sipas, ballots):
    # factor 1 (3 questions) all satisfied, the other four factors half satisfied
    snv = province.units["SNV"]
    ballots(sipas, snv, answers_of(sipas, 5))
    ballots(sipas, snv, answers_of(sipas, 2, q_1_1=5, q_1_2=5, q_1_3=5))
    value = survey_entries(province.round)["SNV"]["3.6"].value
    assert value == D("60.00")  # (100 + 4 × 50) / 5, not 23 / 40 answers = 57,5


def test_unanswered_questions_do_not_count(province, sipas, ballots):
    ballots(sipas, province.units["SNV"], answers_of(sipas, None, q_1_1=5, q_2_1=1))
    value = survey_entries(province.round)["SNV"]["3.6"].value
    assert value == D("50.00")  # factor 1: 100 %, factor 2: 0 %, factors 3-5: no answers


def test_a_unit_the_survey_does_not_cover_is_not_applicable(province, personas, sipas):
    covered = {province.units["SNV"]: 1000}
    services.survey_units_set(actor=personas.secretariat, survey=sipas, covered=covered)
    entries = survey_entries(province.round)
    assert entries["STP"] == {"3.6": scoring.NOT_APPLICABLE}
    assert entries["X-A"] == {"3.6": scoring.NOT_APPLICABLE}


def test_a_covered_unit_without_ballots_gets_no_entry(province, sipas, ballots):
    ballots(sipas, province.units["SNV"], answers_of(sipas, 4))
    entries = survey_entries(province.round)
    assert "STP" not in entries
    assert "X-A" not in entries


def test_a_survey_being_prepared_or_of_another_year_counts_for_nothing(province, personas, ballots):
    draft = make_survey(personas.secretariat)
    services.survey_units_set(
        actor=personas.secretariat, survey=draft, covered={province.units["SNV"]: None}
    )
    ballots(draft, province.units["SNV"], answers_of(draft, 5))
    other = make_survey(personas.secretariat, code="SIPAS-2023", year=2023)
    services.survey_units_set(
        actor=personas.secretariat, survey=other, covered={province.units["SNV"]: None}
    )
    services.survey_open(actor=personas.secretariat, survey=other)
    ballots(other, province.units["SNV"], answers_of(other, 5))
    assert survey_entries(province.round) == {}


def test_a_closed_survey_still_counts(province, personas, sipas, ballots):
    ballots(sipas, province.units["SNV"], answers_of(sipas, 5))
    services.survey_close(actor=personas.secretariat, survey=sipas)
    assert survey_entries(province.round)["SNV"]["3.6"].value == 100


def test_a_factor_and_the_weighted_measure(province, sipas, ballots):
    set_rule(province, factor="3", measure_of="weighted")
    ballots(sipas, province.units["SNV"], answers_of(sipas, 1, q_3_1=5, q_3_2=4))
    value = survey_entries(province.round)["SNV"]["3.6"].value
    assert value == D("29.17")  # factor 3: (100 + 75 + 4 × 0) / 6 questions


def test_a_factor_no_survey_has_feeds_nothing(province, sipas, ballots):
    set_rule(province, factor="9")
    ballots(sipas, province.units["SNV"], answers_of(sipas, 5))
    assert survey_entries(province.round) == {}


def test_a_survey_code_picks_that_survey_and_a_kind_pools_them_all(
    province, personas, sipas, ballots
):
    second = make_survey(personas.secretariat, code="SIPAS-2024-B")
    services.survey_units_set(
        actor=personas.secretariat, survey=second, covered={province.units["SNV"]: None}
    )
    services.survey_open(actor=personas.secretariat, survey=second)
    ballots(sipas, province.units["SNV"], answers_of(sipas, 5))
    ballots(second, province.units["SNV"], answers_of(second, 1))
    assert survey_entries(province.round)["SNV"]["3.6"].value == 50
    set_rule(province, survey="SIPAS-2024-B")
    entries = survey_entries(province.round)
    assert entries["SNV"]["3.6"].value == 0
    assert entries["STP"]["3.6"] == scoring.NOT_APPLICABLE


def test_a_round_without_survey_leaves_reads_no_ballot(province, sipas, django_assert_num_queries):
    province.criteria_set.nodes.filter(rule="survey").update(rule="judged", parameters={})
    with django_assert_num_queries(1):
        assert survey_entries(province.round) == {}


def test_the_queries_do_not_grow_with_the_ballots(
    province, sipas, ballots, django_assert_max_num_queries
):
    for unit in province.units.values():
        ballots(sipas, unit, answers_of(sipas, 4), n=50)
    # leaves, units, surveys; per survey: 4 for its layout, its units, one aggregate
    with django_assert_max_num_queries(9):
        entries = survey_entries(province.round)
    assert {code: e["3.6"].value for code, e in entries.items()} == dict.fromkeys(
        province.units, D(100)
    )


def test_survey_entries_go_on_both_sides():
    scores = {"a": scoring.UnitScores("a", {"1": scoring.Entry(score=D(1))})}
    entries = {"a": {"2": scoring.Entry(value=D(90))}, "b": {"2": scoring.NOT_APPLICABLE}}
    out = with_survey_entries(scores, entries)
    assert out["a"].appraised == {"1": scoring.Entry(score=D(1)), "2": scoring.Entry(value=D(90))}
    assert out["a"].self_scored == {"2": scoring.Entry(value=D(90))}
    assert out["b"].self_scored == out["b"].appraised == {"2": scoring.NOT_APPLICABLE}


# --- the real case: Yên Bái's Department of Industry and Trade, 2022 -------------------

REAL_SET = scoring.CriteriaSet(
    code="YB-2022",
    name="Bộ chỉ số CCHC năm 2022",
    year=2022,
    groups=(scoring.UnitGroup("so", "Sở, ban, ngành"),),
    fields=(
        scoring.Node(
            "1",
            "Kết quả thực hiện (tài liệu kiểm chứng)",
            D(65),
            children=(scoring.Node("1.1", "Thẩm định", D(65), scoring.JudgedRule()),),
        ),
        scoring.Node(
            "2",
            "Điều tra xã hội học",
            D(25),
            children=(
                scoring.Node(
                    "2.1",
                    "Đánh giá của đại biểu",
                    D(25),
                    scoring.SurveyRule("sociological", scoring.SurveyMeasure.WEIGHTED),
                ),
            ),
        ),
        scoring.Node(
            "3",
            "Sự hài lòng",
            D(10),
            children=(scoring.Node("3.1", "SIPAS", D(10), scoring.SurveyRule("sipas")),),
        ),
    ),
)


def one_question(kind):
    options = "1 | Kém | 0\n2 | Trung bình | 20\n3 | Khá | 60 | *\n4 | Tốt | 100 | *"
    if kind == SurveyKind.SIPAS:
        options = "1 | Không hài lòng | 0\n2 | Bình thường | 50\n3 | Hài lòng | 100 | *"
    return Layout(parse_questions("# 1 | Chung\n1.1 | Đánh giá chung", ()), parse_options(options))


def real_round(personas):
    group = UnitGroup.objects.get_or_create(code="so", defaults={"name": "Sở, ban, ngành"})[0]
    unit = Unit.objects.create(code="SCT", name="Sở Công Thương", group=group)
    criteria_set = from_engine(REAL_SET, actor=None)
    now = timezone.now()
    round_ = Round.objects.create(
        name="Đánh giá năm 2022",
        year=2022,
        criteria_set=criteria_set,
        status=RoundStatus.LOCKED,
        self_assessment_opens=now - timedelta(days=60),
        self_assessment_deadline=now - timedelta(days=30),
        appraisal_deadline=now - timedelta(days=1),
    )
    Participation.objects.create(round=round_, unit=unit)
    return round_, unit


def real_survey(personas, unit, kind, code):
    survey = make_survey(personas.secretariat, code=code, kind=kind, year=2022)
    services.survey_layout_set(actor=personas.secretariat, survey=survey, layout=one_question(kind))
    services.survey_units_set(actor=personas.secretariat, survey=survey, covered={unit: 3000})
    return services.survey_open(actor=personas.secretariat, survey=survey)


def test_survey_data_give_the_published_9_21_and_23_33_and_the_total_90_42(personas, ballots):
    round_, unit = real_round(personas)
    sociological = real_survey(personas, unit, SurveyKind.SOCIOLOGICAL, "XHH-2022")
    ballots(sociological, unit, "4", n=5)  # Tốt: 100
    ballots(sociological, unit, "3", n=1)  # Khá: 60 → weighted score 93,33 %
    sipas = real_survey(personas, unit, SurveyKind.SIPAS, "SIPAS-2022")
    ballots(sipas, unit, "3", n=921)  # satisfied
    ballots(sipas, unit, "2", n=79)  # → 92,1 % satisfied
    entries = survey_entries(round_)
    assert entries == {
        "SCT": {"2.1": scoring.Entry(value=D("93.33")), "3.1": scoring.Entry(value=D("92.10"))}
    }
    evidence = {"SCT": scoring.UnitScores("SCT", {"1.1": scoring.Entry(score=D("57.88"))})}
    units = [scoring.Unit("SCT", "Sở Công Thương", "so")]
    result = scoring.compute(
        to_engine(round_.criteria_set), units, with_survey_entries(evidence, entries)
    )
    side = result.unit("SCT").appraised
    assert (side.node("2.1").achieved, side.node("3.1").achieved) == (D("23.33"), D("9.21"))
    assert side.achieved == D("90.42")
    assert result.unit("SCT").index == D("90.42")
    assert sociological.status == SurveyStatus.OPEN
