"""The demo province's 2024 surveys: a SIPAS survey of every unit whose results give
criterion 3.6 the points of the score file, and a small sociological survey."""

from collections import Counter
from decimal import Decimal as D

from parindex.apps.assessments.models import Round
from parindex.apps.audit.models import AuditEntry
from parindex.apps.surveys.models import Ballot, ImportJob, Survey, SurveyStatus
from parindex.apps.surveys.points import survey_entries
from parindex.demo_province import accounts
from parindex.demo_province.structure import demo_scores, engine_set
from parindex.demo_province.surveys import CREATED
from parindex.scoring.rules import EMPTY_CONTEXT


def test_the_demo_has_an_open_sipas_and_a_closed_sociological_survey(loaded):
    surveys = {s.code: s for s in Survey.objects.all()}
    assert {code: s.status for code, s in surveys.items()} == {
        "SIPAS-2024": SurveyStatus.OPEN,
        "XHH-2024": SurveyStatus.CLOSED,
    }
    assert surveys["SIPAS-2024"].coverage.count() == 20
    assert surveys["XHH-2024"].coverage.count() == 8


def test_ballots_come_from_the_web_paper_and_the_post_office(loaded):
    sources = Counter(
        Ballot.objects.filter(survey__code="SIPAS-2024").values_list("source", flat=True)
    )
    assert sources == {"web": 160, "paper": 128, "post": 192}
    assert set(ImportJob.objects.values_list("status", flat=True)) == {"done"}
    forms = Counter(
        Ballot.objects.filter(survey__code="XHH-2024").values_list("form__code", flat=True)
    )
    assert forms == {"DB": 24, "LD": 24}


def test_the_sipas_results_give_3_6_the_points_of_the_score_file(loaded):
    entries = survey_entries(Round.objects.get(year=2024))
    node = engine_set(2024).node_map()["3.6"]
    files = demo_scores(2024)
    assert set(entries) == set(files)
    for code, found in entries.items():
        measured, written = found["3.6"], files[code].appraised["3.6"]
        assert abs(measured.value - written.value) < D(1), code
        points = node.rule.score("3.6", measured, node.max_points, EMPTY_CONTEXT)
        assert points == node.rule.score("3.6", written, node.max_points, EMPTY_CONTEXT), code


def test_2023_has_no_survey_so_its_stored_values_stay(loaded):
    assert survey_entries(Round.objects.get(year=2023)) == {}


def test_the_secretariat_made_the_surveys_in_the_audit_log(loaded):
    rows = AuditEntry.objects.filter(action__startswith="survey.")
    actors = set(rows.values_list("actor__username", flat=True))
    assert actors == {accounts.SECRETARIAT.username}
    assert Counter(rows.values_list("action", flat=True)) == {
        "survey.create": 2,
        "survey.units": 2,
        "survey.open": 2,
        "survey.close": 1,
    }


def test_the_first_load_says_how_many_ballots_it_made(province_once):
    _, printed = province_once
    assert CREATED.format(surveys=2, ballots="528") in printed
