"""A survey's definition, layout, covered units, opening and closing: who may, when, and the
audit row of each change."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from surveys_support import answers_of, make_survey

from parindex.apps.audit.models import AuditEntry
from parindex.apps.surveys import services
from parindex.apps.surveys.defaults import Layout, default_layout
from parindex.apps.surveys.layout import parse_options, parse_questions
from parindex.apps.surveys.models import Survey, SurveyKind, SurveyStatus, SurveyUnit

pytestmark = pytest.mark.django_db


def test_a_new_sipas_survey_starts_with_five_factors_and_a_five_level_scale(personas):
    survey = make_survey(personas.secretariat)
    assert survey.status == SurveyStatus.DRAFT
    assert list(survey.factors.values_list("code", flat=True)) == ["1", "2", "3", "4", "5"]
    assert survey.questions.count() == 20
    assert list(survey.questions.values_list("slot", flat=True)) == list(range(20))
    scale = list(survey.options.values_list("value", "weight", "satisfied"))
    assert scale == [
        (1, D(0), False),
        (2, D(25), False),
        (3, D(50), False),
        (4, D(75), True),
        (5, D(100), True),
    ]
    entry = AuditEntry.objects.get(action="survey.create")
    assert entry.actor == personas.secretariat
    assert entry.new["code"] == "SIPAS-2024"
    assert entry.new["questions"].startswith("# 1 | Tiếp cận dịch vụ\n1.1 | ")


def test_a_new_sociological_survey_has_weighted_answers_and_two_forms(personas):
    survey = make_survey(personas.secretariat, code="XHH-2024", kind=SurveyKind.SOCIOLOGICAL)
    assert list(survey.options.values_list("weight", flat=True)) == [D(0), D(20), D(60), D(100)]
    assert list(survey.forms.values_list("code", flat=True)) == ["DB", "LD"]
    assert survey.questions.get(code="3.2").forms == ["LD"]


@pytest.mark.parametrize("who", ["staff", "leader", "appraiser", "council", "outsider"])
def test_only_the_secretariat_changes_surveys(personas, sipas, who):
    user = getattr(personas, who)
    values = services.SurveyValues(code="X", name="X", year=2024, kind=SurveyKind.SIPAS)
    calls = [
        lambda: services.survey_create(actor=user, values=values),
        lambda: services.survey_update(actor=user, survey=sipas, values=values),
        lambda: services.survey_units_set(actor=user, survey=sipas, covered={}),
        lambda: services.survey_close(actor=user, survey=sipas),
        lambda: services.survey_open(actor=user, survey=sipas),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert Survey.objects.get().status == SurveyStatus.OPEN


def test_a_code_is_used_once(personas, sipas):
    with pytest.raises(services.SurveyRefused) as refused:
        make_survey(personas.secretariat)
    assert refused.value.message == str(services.CODE_TAKEN).format(code="SIPAS-2024")


def test_the_settings_are_edited_and_audited_but_code_and_kind_stay_once_open(personas, sipas):
    values = services.SurveyValues(
        code="KHAC", name="Tên mới", year=2024, kind=SurveyKind.SOCIOLOGICAL, margin=D(3)
    )
    survey = services.survey_update(actor=personas.secretariat, survey=sipas, values=values)
    assert (survey.code, survey.kind, survey.name, survey.margin) == (
        "SIPAS-2024",
        SurveyKind.SIPAS,
        "Tên mới",
        D(3),
    )
    entry = AuditEntry.objects.get(action="survey.update")
    assert (entry.old["name"], entry.new["name"]) == ("Khảo sát SIPAS-2024", "Tên mới")


ONE_QUESTION = Layout(
    parse_questions("# A | Chung\nA.1 | Hài lòng chung", ()),
    parse_options("1 | Không | 0\n2 | Có | 100 | *"),
)


def test_the_layout_is_replaced_while_preparing_and_audited(personas):
    survey = make_survey(personas.secretariat)
    services.survey_layout_set(actor=personas.secretariat, survey=survey, layout=ONE_QUESTION)
    assert list(survey.questions.values_list("code", "slot")) == [("A.1", 0)]
    assert survey.options.count() == 2
    entry = AuditEntry.objects.get(action="survey.layout")
    assert entry.old["questions"].count("\n") == 24  # 5 factors + 20 questions
    assert entry.new == {
        "questions": "# A | Chung\nA.1 | Hài lòng chung",
        "options": "1 | Không | 0\n2 | Có | 100 | *",
        "forms": "",
    }
    assert services.stored_layout(survey) == ONE_QUESTION


def test_the_layout_is_frozen_once_open(personas, sipas):
    with pytest.raises(services.SurveyRefused) as refused:
        services.survey_layout_set(actor=personas.secretariat, survey=sipas, layout=ONE_QUESTION)
    assert refused.value.message == str(services.LAYOUT_FROZEN)
    assert sipas.questions.count() == 20


def test_covered_units_get_a_short_code_and_their_population(personas, province, sipas):
    places = {p.unit.code: p for p in SurveyUnit.objects.select_related("unit")}
    assert set(places) == {"SNV", "STP", "X-A"}
    assert (places["SNV"].population, places["STP"].population) == (1000, None)
    assert len({p.code for p in places.values()}) == 3
    assert all(len(p.code) == 6 and p.code.isalnum() for p in places.values())
    entry = AuditEntry.objects.get(action="survey.units")
    assert entry.new == {"units": {"SNV": 1000, "STP": None, "X-A": 200}}


def test_a_unit_with_ballots_cannot_be_left_out(personas, province, sipas, ballots):
    ballots(sipas, province.units["STP"], answers_of(sipas, 4))
    covered = {province.units["SNV"]: 900}
    with pytest.raises(services.SurveyRefused) as refused:
        services.survey_units_set(actor=personas.secretariat, survey=sipas, covered=covered)
    assert refused.value.message == str(services.UNITS_WITH_BALLOTS).format(units="STP")
    assert SurveyUnit.objects.count() == 3
    assert SurveyUnit.objects.get(unit__code="SNV").population == 1000


def test_a_survey_opens_with_units_closes_and_reopens(personas, province):
    survey = make_survey(personas.secretariat)
    with pytest.raises(services.SurveyRefused) as refused:
        services.survey_open(actor=personas.secretariat, survey=survey)
    assert refused.value.message == str(services.OPEN_NEEDS_UNITS)
    covered = {province.units["SNV"]: None}
    services.survey_units_set(actor=personas.secretariat, survey=survey, covered=covered)
    survey = services.survey_open(actor=personas.secretariat, survey=survey)
    opened = survey.opened_at
    survey = services.survey_close(actor=personas.secretariat, survey=survey)
    assert survey.closed_at is not None
    with pytest.raises(services.SurveyRefused):
        services.survey_close(actor=personas.secretariat, survey=survey)
    survey = services.survey_open(actor=personas.secretariat, survey=survey)
    assert (survey.status, survey.opened_at, survey.closed_at) == (SurveyStatus.OPEN, opened, None)
    changes = AuditEntry.objects.filter(action__in=["survey.open", "survey.close"]).order_by("id")
    assert [(a.action, a.old["status"], a.new["status"]) for a in changes] == [
        ("survey.open", "draft", "open"),
        ("survey.close", "open", "closed"),
        ("survey.open", "closed", "open"),
    ]


def test_a_closed_survey_is_not_edited(personas, sipas):
    services.survey_close(actor=personas.secretariat, survey=sipas)
    values = services.SurveyValues(code="SIPAS-2024", name="X", year=2024, kind="sipas")
    for call in (
        lambda: services.survey_update(actor=personas.secretariat, survey=sipas, values=values),
        lambda: services.survey_units_set(actor=personas.secretariat, survey=sipas, covered={}),
    ):
        with pytest.raises(services.SurveyRefused):
            call()


def test_the_defaults_read_back_as_the_same_text():
    layout = default_layout(SurveyKind.SOCIOLOGICAL)
    assert [len(f.questions) for f in layout.factors] == [1, 2, 2, 1]
    assert layout.options[-1].label == "Tốt"
