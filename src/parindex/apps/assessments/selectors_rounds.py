"""Reads of the rounds pages (secretariat only)."""

from __future__ import annotations

import uuid

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.assessments.models import Participation, ParticipationStatus, Round
from parindex.apps.frameworks.models import CriteriaSet, CriteriaSetStatus


def rounds_for(user: User) -> QuerySet[Round]:
    """Every round with its number of units and of units that submitted."""
    if not access.is_secretariat(user):
        return Round.objects.none()
    sent = (ParticipationStatus.SUBMITTED, ParticipationStatus.IN_APPRAISAL)
    return Round.objects.select_related("criteria_set").annotate(
        unit_count=Count("participations"),
        submitted_count=Count("participations", filter=Q(participations__status__in=sent)),
    )


def round_for(user: User, round_id: uuid.UUID) -> Round:
    """The round, for the secretariat; 404 for anyone else or an unknown id."""
    found = rounds_for(user).filter(uuid=round_id).first()
    if found is None:
        raise Http404
    return found


def participations_of(round_: Round) -> list[Participation]:
    return list(round_.participations.select_related("unit__group", "submitted_by"))


def participation_of(round_: Round, participation_id: uuid.UUID) -> Participation:
    """A participation of ``round_`` (never of another round); else 404."""
    found = (
        round_.participations.select_related("unit__group", "round")
        .filter(uuid=participation_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def published_sets() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.filter(status=CriteriaSetStatus.PUBLISHED)
