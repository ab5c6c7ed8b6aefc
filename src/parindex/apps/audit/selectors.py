"""Reading the audit log, scoped to the acting user: the whole log for the secretariat,
a unit's log for its members, and one criterion's log for whoever may see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments.models import FieldAssignment, Round
from parindex.apps.audit.labels import Shown, action_label, key_label, show_value, target_model
from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks.models import CriteriaNode

AnyUser = User | AnonymousUser


@dataclass(frozen=True, slots=True)
class Change:
    label: Any
    old: Shown
    new: Shown


def changes(entry: AuditEntry) -> list[Change]:
    """What changed, key by key when both sides are records; unchanged keys left out."""
    old, new = entry.old, entry.new
    model = target_model(entry.target_type)
    if isinstance(old, dict) or isinstance(new, dict):
        before = old if isinstance(old, dict) else {}
        after = new if isinstance(new, dict) else {}
        keys = list(dict.fromkeys([*before, *after]))
        return [
            Change(
                key_label(k, model),
                show_value(k, before.get(k), model, before),
                show_value(k, after.get(k), model, after),
            )
            for k in keys
            if before.get(k) != after.get(k)
        ]
    if old is None and new is None:
        return []
    return [Change("", show_value("", old, model), show_value("", new, model))]


@dataclass(frozen=True, slots=True)
class Row:
    entry: AuditEntry
    action: Any
    changes: list[Change]


def rows(entries: list[AuditEntry]) -> list[Row]:
    return [Row(e, action_label(e.action), changes(e)) for e in entries]


@dataclass(frozen=True, slots=True)
class LogFilters:
    round: UUID | None = None
    unit: str = ""
    node: str = ""
    actor: str = ""
    action: str = ""


def filtered(query: QuerySet[AuditEntry], filters: LogFilters) -> QuerySet[AuditEntry]:
    if filters.round is not None:
        query = query.filter(round_id=filters.round)
    if filters.unit:
        query = query.filter(unit_code=filters.unit)
    if filters.node:
        query = query.filter(node_code=filters.node)
    if filters.actor:
        query = query.filter(
            Q(actor__username__icontains=filters.actor)
            | Q(actor__full_name__icontains=filters.actor)
        )
    if filters.action:
        query = query.filter(action=filters.action)
    return query


def log_entries() -> QuerySet[AuditEntry]:
    """The whole log (the views show it to the secretariat and administrators only)."""
    return AuditEntry.objects.select_related("actor")


def actions_in_log() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def access_unit(user: AnyUser, unit_id: UUID) -> Unit:
    unit = get_object_or_404(Unit, uuid=unit_id)
    if not (access.can_oversee(user) or access.is_unit_member(user, unit) or _appraised(user)):
        raise Http404
    return unit


def _appraised(user: AnyUser) -> list[FieldAssignment]:
    if not user.is_authenticated or not access.is_appraiser(user):
        return []
    return list(FieldAssignment.objects.filter(appraiser=user).select_related("round", "field"))


def _field_codes(assignments: list[FieldAssignment]) -> Q:
    """Entries of the criteria under the appraiser's fields, in the rounds of the assignment."""
    allowed = Q(pk__in=[])
    for a in assignments:
        under = Q(node_code=a.field.code) | Q(node_code__startswith=f"{a.field.code}.")
        allowed |= Q(round_id=a.round.uuid) & under
    return allowed


def unit_entries(user: AnyUser, unit: Unit) -> QuerySet[AuditEntry]:
    """A unit's log: all of it for its members and overseers; for an appraiser, only the
    criteria of the fields assigned to them."""
    query = AuditEntry.objects.filter(unit_code=unit.code).select_related("actor")
    if access.can_oversee(user) or access.is_unit_member(user, unit):
        return query
    return query.filter(_field_codes(_appraised(user)))


def access_criterion(user: AnyUser, unit_id: UUID, node_id: UUID) -> tuple[Unit, CriteriaNode]:
    unit = get_object_or_404(Unit, uuid=unit_id)
    node = get_object_or_404(CriteriaNode.objects.select_related("criteria_set"), uuid=node_id)
    if access.can_oversee(user) or access.is_unit_member(user, unit):
        return unit, node
    rounds = Round.objects.filter(criteria_set_id=node.criteria_set_id, participations__unit=unit)
    if any(access.can_appraise(user, r, node) for r in rounds):
        return unit, node
    raise Http404


def criterion_entries(unit: Unit, node: CriteriaNode) -> QuerySet[AuditEntry]:
    """One criterion of one unit, in the rounds that use the criterion's set."""
    rounds = Round.objects.filter(criteria_set_id=node.criteria_set_id).values_list(
        "uuid", flat=True
    )
    return AuditEntry.objects.filter(
        unit_code=unit.code, node_code=node.code, round_id__in=list(rounds)
    ).select_related("actor")
