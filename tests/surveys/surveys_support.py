"""Helpers shared by the survey tests (fixtures are in conftest.py)."""

from parindex.apps.surveys import services
from parindex.apps.surveys.models import Survey, SurveyKind


def make_survey(secretariat, *, code="SIPAS-2024", kind=SurveyKind.SIPAS, year=2024):
    values = services.SurveyValues(code=code, name=f"Khảo sát {code}", year=year, kind=kind)
    return services.survey_create(actor=secretariat, values=values)


def answers_of(survey: Survey, value=None, **by_code):
    """An answers string: every question ``value`` (or unanswered), ``q_1_1=5`` by code."""
    chars = []
    for question in survey.questions.order_by("slot"):
        given = by_code.get("q_" + question.code.replace(".", "_"), value)
        chars.append("0" if given is None else str(given))
    return "".join(chars)
