"""Reads of the surveys app, scoped to the acting user.

The secretariat manages every survey; the secretariat and the council see every unit's
figures; a unit's staff and leader see their own unit's figures once the survey is open.
Anyone else is refused (403) before anything is looked up; a survey, unit or import that
the user may not see is not found (404).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404

from parindex.apps.accounts import access
from parindex.apps.surveys.models import ImportJob, Survey, SurveyStatus, SurveyUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parindex.apps.accounts.models import User

    Actor = User | AnonymousUser


@dataclass(slots=True)
class SurveyRow:
    """A survey in the list, with its ballot count and the user's own units in it."""

    survey: Survey
    ballots: int
    units: int
    mine: list[SurveyUnit] = field(default_factory=list)


def may_see_surveys(user: Actor) -> bool:
    return access.can_oversee(user) or bool(access.units_of(user))


def surveys_for(user: Actor) -> list[SurveyRow]:
    """Every survey for the overseers; the open and closed surveys covering one of the
    user's units for unit staff and leaders."""
    if not may_see_surveys(user):
        raise PermissionDenied
    surveys = Survey.objects.annotate(
        ballot_count=Count("ballots", distinct=True), unit_count=Count("coverage", distinct=True)
    )
    if access.can_oversee(user):
        return [SurveyRow(s, s.ballot_count, s.unit_count) for s in surveys]
    units = access.units_of(user)
    places = (
        SurveyUnit.objects.filter(unit__in=units)
        .exclude(survey__status=SurveyStatus.DRAFT)
        .select_related("unit")
    )
    mine: dict[int, list[SurveyUnit]] = {}
    for place in places:
        mine.setdefault(place.survey_id, []).append(place)
    return [SurveyRow(s, s.ballot_count, s.unit_count, mine[s.pk]) for s in surveys if s.pk in mine]


def survey_for_managing(user: Actor, survey_uuid: uuid.UUID) -> Survey:
    if not access.can_manage_surveys(user):
        raise PermissionDenied
    found = Survey.objects.filter(uuid=survey_uuid).first()
    if found is None:
        raise Http404
    return found


def survey_for_results(user: Actor, survey_uuid: uuid.UUID) -> Survey:
    """Every unit's figures: the overseers only."""
    if not access.can_oversee(user):
        raise PermissionDenied
    found = Survey.objects.filter(uuid=survey_uuid).first()
    if found is None:
        raise Http404
    return found


def place_for_results(user: Actor, survey_uuid: uuid.UUID, unit_uuid: uuid.UUID) -> SurveyUnit:
    """One covered unit of a survey, for the overseers and the unit's own people."""
    if not may_see_surveys(user):
        raise PermissionDenied
    place = (
        SurveyUnit.objects.select_related("survey", "unit__group")
        .filter(survey__uuid=survey_uuid, unit__uuid=unit_uuid)
        .first()
    )
    if place is None or not access.can_view_survey_results(user, place.unit):
        raise Http404
    if place.survey.is_draft and not access.can_oversee(user):
        raise Http404
    return place


def job_for(user: Actor, job_uuid: uuid.UUID) -> ImportJob:
    if not access.can_manage_surveys(user):
        raise PermissionDenied
    found = ImportJob.objects.select_related("survey", "created_by").filter(uuid=job_uuid).first()
    if found is None:
        raise Http404
    return found


def recent_imports(survey: Survey, limit: int = 20) -> Sequence[ImportJob]:
    return list(survey.imports.select_related("created_by")[:limit])


def public_place(code: str) -> SurveyUnit:
    """The covered unit of a public link ``/ks/<code>/`` (any survey status); else 404."""
    found = SurveyUnit.objects.select_related("survey", "unit").filter(code=code).first()
    if found is None or found.survey.is_draft:
        raise Http404
    return found
