"""Reads for the pages of units and users, refused to anyone who may not manage accounts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Membership, Unit, UnitGroup, User


def _require(actor: User | AnonymousUser) -> None:
    if not access.can_manage_accounts(actor):
        raise PermissionDenied


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    depth: int  # 0 for a unit whose parent is outside the group (or none)


def _tree_rows(units: list[Unit]) -> list[UnitRow]:
    """The units of one group, each followed by its children, depth-first."""
    ids = {unit.pk for unit in units}
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        children[parent].append(unit)
    rows: list[UnitRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in children[parent]:
            rows.append(UnitRow(unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return rows


def units_by_group(*, actor: User | AnonymousUser) -> list[tuple[UnitGroup, list[UnitRow]]]:
    """Every unit group (empty ones too) with its units in parent/child order."""
    _require(actor)
    units = (
        Unit.objects.select_related("parent")
        .annotate(child_count=Count("children"))
        .order_by("code")
    )
    by_group: dict[int, list[Unit]] = defaultdict(list)
    for unit in units:
        by_group[unit.group_id].append(unit)
    return [(group, _tree_rows(by_group[group.pk])) for group in UnitGroup.objects.all()]


def unit_group(*, actor: User | AnonymousUser, uuid: UUID) -> UnitGroup:
    _require(actor)
    return get_object_or_404(UnitGroup, uuid=uuid)


def unit(*, actor: User | AnonymousUser, uuid: UUID) -> Unit:
    _require(actor)
    return get_object_or_404(Unit.objects.select_related("group", "parent"), uuid=uuid)


def _with_memberships(users: QuerySet[User]) -> QuerySet[User]:
    roles = Membership.objects.select_related("unit").order_by("role", "unit__code")
    return users.prefetch_related(Prefetch("memberships", queryset=roles))


def user_list(*, actor: User | AnonymousUser, query: str = "") -> QuerySet[User]:
    """Users with their roles, by username; ``query`` searches name, full name and email."""
    _require(actor)
    users = User.objects.order_by("username")
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(full_name__icontains=query) | Q(email__icontains=query)
        )
    return _with_memberships(users)


def user(*, actor: User | AnonymousUser, uuid: UUID) -> User:
    _require(actor)
    return get_object_or_404(_with_memberships(User.objects.all()), uuid=uuid)


def membership(*, actor: User | AnonymousUser, uuid: UUID) -> Membership:
    _require(actor)
    return get_object_or_404(Membership.objects.select_related("user", "unit"), uuid=uuid)
