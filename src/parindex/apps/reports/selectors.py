"""Permission-scoped reads of the reports pages.

Reports are made of finished rounds only. The secretariat, administrators and council
members see every round that is locked (a draft report, dự thảo) or signed off; a unit's
staff and leaders see the signed-off rounds their unit took part in, and only their own
unit's report. Page-level refusals are 403; an id the user may not see is a 404.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments.models import Participation, Round, RoundStatus

OVERSEEN = (RoundStatus.LOCKED, RoundStatus.SIGNED_OFF)
PUBLISHED_TO_UNITS = (RoundStatus.SIGNED_OFF,)


@dataclass(frozen=True, slots=True)
class RoundReports:
    """A round on the reports page: whether its province report is open to the user and
    the units whose reports the user may download."""

    round: Round
    province: bool
    units: list[Unit]


def visible_rounds(user: User) -> list[Round]:
    """The rounds whose reports ``user`` may read, newest first."""
    rounds = Round.objects.select_related("criteria_set").order_by("-year", "name")
    if access.can_read_province_reports(user):
        return list(rounds.filter(status__in=OVERSEEN))
    units = access.units_of(user)
    if not units:
        return []
    mine = rounds.filter(status__in=PUBLISHED_TO_UNITS, participations__unit__in=units)
    return list(mine.distinct())


def report_units(user: User, round_: Round) -> list[Unit]:
    """The units of ``round_`` whose reports ``user`` may read."""
    participations = Participation.objects.filter(round=round_).select_related("unit__group")
    units = [p.unit for p in participations.order_by("unit__group__position", "unit__code")]
    return [unit for unit in units if access.can_read_unit_report(user, unit)]


def reports_for(user: User) -> list[RoundReports]:
    province = access.can_read_province_reports(user)
    return [RoundReports(r, province, report_units(user, r)) for r in visible_rounds(user)]


def round_for(user: User, round_id: uuid.UUID) -> Round:
    """A round whose reports ``user`` may read; else 404."""
    found = next((r for r in visible_rounds(user) if r.uuid == round_id), None)
    if found is None:
        raise Http404
    return found


def province_round(user: User, round_id: uuid.UUID) -> Round:
    """A round for its province report: 403 for a user who may read none, else 404 when
    the round is unknown or not finished."""
    if not access.can_read_province_reports(user):
        raise PermissionDenied
    return round_for(user, round_id)


def unit_report(user: User, round_id: uuid.UUID, unit_id: uuid.UUID) -> tuple[Round, Unit]:
    """A round and one of its units whose report ``user`` may read: 403 for a user who may
    read no report, 404 for a round or unit they may not see."""
    if not access.can_read_reports(user):
        raise PermissionDenied
    round_ = round_for(user, round_id)
    participation = (
        Participation.objects.filter(round=round_, unit__uuid=unit_id)
        .select_related("unit__group", "unit__parent")
        .first()
    )
    if participation is None or not access.can_read_unit_report(user, participation.unit):
        raise Http404
    return round_, participation.unit
