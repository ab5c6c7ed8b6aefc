"""The planner's reads, scoped by who asks: the units one may plan for, and a unit's gains
from its latest round."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from parindex import scoring
from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.planner.baseline import Baseline, baseline
from parindex.apps.results.gather import ExtraEntriesRefused
from parindex.apps.results.selectors import ResultTampered
from parindex.planning.whatif import WhatIf, what_if

Viewer = User | AnonymousUser


def unit_for_planning(user: Viewer, unit_uuid: uuid.UUID) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("group"), uuid=unit_uuid)
    if not access.can_plan_for(user, unit):
        raise PermissionDenied
    return unit


def plannable_units(user: Viewer) -> list[Unit]:
    """The overseers plan for every active unit; a unit's people for their own."""
    if access.can_oversee(user):
        return list(Unit.objects.filter(is_active=True).select_related("group"))
    return sorted(access.units_of(user), key=lambda u: (u.group.position, u.code))


@dataclass(frozen=True, slots=True)
class PlannerPage:
    """A unit's planner: where its figures come from, and its gains (``plan``); ``errors``
    lists the stored entries that could not be scored."""

    unit: Unit
    baseline: Baseline | None = None
    plan: WhatIf | None = None
    fields: dict[str, str] = field(default_factory=dict)
    errors: tuple[str, ...] = ()


def planner_page(unit: Unit) -> PlannerPage:
    try:
        found = baseline(unit)
    except scoring.ScoringErrors as failed:
        return PlannerPage(unit, errors=tuple(str(e) for e in failed.errors))
    except ExtraEntriesRefused as refused:
        return PlannerPage(unit, errors=(refused.message,))
    except ResultTampered as tampered:
        return PlannerPage(unit, errors=(str(tampered),))
    if found is None:
        return PlannerPage(unit)
    try:
        plan = what_if(found.result, unit.code)
    except KeyError:
        return PlannerPage(unit, found)
    fields = {f.code: f.title for f in found.result.criteria.fields}
    return PlannerPage(unit, found, plan, fields)
