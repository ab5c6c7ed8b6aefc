"""The survey figures of a round's reports, read from the surveys app.

A round's reports show the satisfaction survey (SIPAS) of the round's year: the SIPAS
surveys of that year that have been opened (open or closed; one being prepared counts for
nothing), preferring one the round's survey-derived sub-criteria name by its code, then a
closed one, then by code. Its figures are those of
:func:`parindex.apps.surveys.report.survey_report` restricted to the round's units: per
unit group, its ballots and, per factor, the share of satisfied answers (rounded half up
to 2 decimals, as published).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from parindex import scoring
from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.models import Round
from parindex.apps.reports.data import FactorFigure, GroupSurvey, SurveyFigures
from parindex.apps.surveys.models import Survey, SurveyKind, SurveyStatus
from parindex.apps.surveys.report import GroupFigures, survey_report

PUBLISHED = Decimal("0.01")


def named_surveys(round_: Round) -> set[str]:
    """The survey codes the round's survey-derived sub-criteria name."""
    rules = round_.criteria_set.nodes.filter(rule=scoring.RuleKind.SURVEY)
    return {str(params.get("survey", "")) for params in rules.values_list("parameters", flat=True)}


def round_survey(round_: Round) -> Survey | None:
    """The SIPAS survey of the round's year (see the module's description), or ``None``."""
    surveys = list(
        Survey.objects.filter(year=round_.year, kind=SurveyKind.SIPAS).exclude(
            status=SurveyStatus.DRAFT
        )
    )
    if not surveys:
        return None
    named = named_surveys(round_)
    surveys.sort(key=lambda s: (s.code not in named, s.status != SurveyStatus.CLOSED, s.code))
    return surveys[0]


def _group(found: GroupFigures) -> GroupSurvey | None:
    factors = tuple(
        FactorFigure(
            code=f.factor.code,
            title=f.factor.title,
            responses=f.figures.sample,
            satisfied_percent=f.figures.satisfied.quantize(PUBLISHED, ROUND_HALF_UP),
        )
        for f in found.breakdown.factors
        if f.figures.satisfied is not None
    )
    if not found.breakdown.ballots or not factors:
        return None
    return GroupSurvey(found.group.code, found.breakdown.ballots, factors)


def survey_figures(round_: Round) -> SurveyFigures | None:
    """The figures of the round's SIPAS survey for the round's units; ``None`` when the
    year has no such survey or none of its ballots come from the round's units."""
    survey = round_survey(round_)
    if survey is None:
        return None
    units = list(Unit.objects.filter(participations__round=round_).select_related("group"))
    report = survey_report(survey, units=units)
    ordered = sorted(report.groups, key=lambda g: (g.group.position, g.group.code))
    groups = tuple(g for g in (_group(found) for found in ordered) if g is not None)
    if not groups:
        return None
    return SurveyFigures(survey.name, groups)
