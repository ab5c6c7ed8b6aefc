"""Writes on people, units and roles; each in one transaction with its audit row.

Permission rules that protect accounts are checked here as well as in the views: only
administrators grant or remove the administrator and secretariat roles, or change the
accounts of those who hold them.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts import access
from parindex.apps.accounts.models import UNIT_ROLES, Membership, Role, Unit, UnitGroup, User
from parindex.apps.audit.services import audit_record

PARENT_CYCLE = _("Đơn vị cấp trên không được là chính đơn vị này hoặc một đơn vị cấp dưới của nó.")
UNIT_REQUIRED = _("Vai trò này cần chọn đơn vị.")
UNIT_NOT_ALLOWED = _("Vai trò này áp dụng toàn tỉnh, không chọn đơn vị.")
ALREADY_HELD = _("Người dùng đã có vai trò này.")
NOT_YOURSELF = _("Bạn không thể tự ngừng hoạt động tài khoản hay bỏ vai trò quản trị của mình.")
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_password() -> str:
    """A random password of 16 unambiguous characters, in groups of four."""
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def _save(instance: Any) -> None:
    instance.full_clean()
    instance.save()


# --- unit groups and units -------------------------------------------------------------


def _pages_changed(
    *, unit: Unit | None = None, user: User | None = None, group: UnitGroup | None = None
) -> None:
    """A unit's, a group's or a user's shown facts changed: the assessment pages showing them."""
    from parindex.apps.assessments import revisions  # noqa: PLC0415  (an app above accounts)

    if unit is not None:
        revisions.bump_unit(unit)
    if user is not None:
        revisions.bump_user(user)
    if group is not None:
        revisions.bump_group(group)


def _group_values(group: UnitGroup) -> dict[str, Any]:
    return {"code": group.code, "name": group.name, "position": group.position}


def _require_secretariat(actor: User) -> None:
    if not access.can_manage_accounts(actor):
        raise PermissionDenied


@transaction.atomic
def unit_group_create(*, actor: User, code: str, name: str, position: int) -> UnitGroup:
    _require_secretariat(actor)
    group = UnitGroup(code=code, name=name, position=position)
    _save(group)
    audit_record(actor=actor, action="unitgroup.create", target=group, new=_group_values(group))
    return group


@transaction.atomic
def unit_group_update(
    *, actor: User, group: UnitGroup, code: str, name: str, position: int
) -> UnitGroup:
    _require_secretariat(actor)
    old = _group_values(UnitGroup.objects.get(pk=group.pk))
    group.code, group.name, group.position = code, name, position
    _save(group)
    new = _group_values(group)
    if new != old:
        _pages_changed(group=group)
        audit_record(actor=actor, action="unitgroup.update", target=group, old=old, new=new)
    return group


def _unit_values(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "group": unit.group.code,
        "parent": unit.parent.code if unit.parent else None,
        "is_active": unit.is_active,
    }


def _check_parent(unit: Unit, parent: Unit | None) -> None:
    """Refuses a parent that is the unit itself or one of its descendants."""
    current = parent
    while current is not None:
        if unit.pk is not None and current.pk == unit.pk:
            raise ValidationError({"parent": PARENT_CYCLE})
        current = current.parent


@transaction.atomic
def unit_create(
    *,
    actor: User,
    code: str,
    name: str,
    group: UnitGroup,
    parent: Unit | None,
    is_active: bool = True,
) -> Unit:
    _require_secretariat(actor)
    unit = Unit(code=code, name=name, group=group, parent=parent, is_active=is_active)
    _save(unit)
    audit_record(
        actor=actor, action="unit.create", target=unit, new=_unit_values(unit), unit_code=code
    )
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: User,
    unit: Unit,
    code: str,
    name: str,
    group: UnitGroup,
    parent: Unit | None,
    is_active: bool,
) -> Unit:
    _require_secretariat(actor)
    old = _unit_values(Unit.objects.select_related("group", "parent").get(pk=unit.pk))
    _check_parent(unit, parent)
    unit.code, unit.name, unit.group, unit.parent, unit.is_active = (
        code,
        name,
        group,
        parent,
        is_active,
    )
    _save(unit)
    new = _unit_values(unit)
    if new != old:
        _pages_changed(unit=unit)
        audit_record(
            actor=actor, action="unit.update", target=unit, old=old, new=new, unit_code=unit.code
        )
    return unit


# --- users -----------------------------------------------------------------------------


def _require_manager(actor: User, user: User) -> None:
    if not access.can_manage_user(actor, user):
        raise PermissionDenied


def _user_values(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "is_active": user.is_active,
    }


@transaction.atomic
def user_create(*, actor: User, username: str, full_name: str, email: str, password: str) -> User:
    _require_secretariat(actor)
    user = User(username=username, full_name=full_name, email=email)
    user.set_password(password)
    _save(user)
    audit_record(actor=actor, action="user.create", target=user, new=_user_values(user))
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, full_name: str, email: str) -> User:
    _require_manager(actor, user)
    old = _user_values(User.objects.get(pk=user.pk))
    user.full_name, user.email = full_name, email
    _save(user)
    new = _user_values(user)
    if new != old:
        _pages_changed(user=user)
        audit_record(actor=actor, action="user.update", target=user, old=old, new=new)
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool, reason: str = "") -> User:
    """Deactivates (the user can no longer sign in; open sessions end) or reactivates."""
    _require_manager(actor, user)
    if user.pk == actor.pk:
        raise ValidationError(NOT_YOURSELF)
    if user.is_active == active:
        return user
    user.is_active = active
    _save(user)
    audit_record(
        actor=actor,
        action="user.reactivate" if active else "user.deactivate",
        target=user,
        old={"is_active": not active},
        new={"is_active": active},
        reason=reason,
    )
    return user


@transaction.atomic
def user_password_reset(*, actor: User, user: User, password: str, reason: str = "") -> None:
    """Sets a new password chosen by the secretariat; the user's open sessions end."""
    _require_manager(actor, user)
    user.set_password(password)
    _save(user)
    audit_record(actor=actor, action="user.password_reset", target=user, reason=reason)


@transaction.atomic
def user_password_change(*, user: User, password: str) -> None:
    """The user's own change of password (the old one already checked by the form)."""
    user.set_password(password)
    _save(user)
    audit_record(actor=user, action="user.password_change", target=user)


@transaction.atomic
def user_totp_enable(*, user: User, secret: str) -> None:
    """Turns on two-step sign-in with a secret whose code the user has just confirmed."""
    user.totp_secret = secret
    _save(user)
    audit_record(
        actor=user, action="user.totp_enable", target=user, old={"totp": False}, new={"totp": True}
    )


@transaction.atomic
def user_totp_disable(*, actor: User, user: User, reason: str = "") -> None:
    """Turns off two-step sign-in: by the user (after a code) or by whoever manages them."""
    if actor.pk != user.pk:
        _require_manager(actor, user)
    if not user.totp_secret:
        return
    user.totp_secret = ""
    _save(user)
    audit_record(
        actor=actor,
        action="user.totp_disable",
        target=user,
        old={"totp": True},
        new={"totp": False},
        reason=reason,
    )


# --- roles -----------------------------------------------------------------------------


def _membership_values(membership: Membership) -> dict[str, Any]:
    return {
        "user": membership.user.username,
        "role": membership.role,
        "unit": membership.unit.code if membership.unit else None,
    }


def _check_membership(user: User, role: str, unit: Unit | None) -> None:
    if role in UNIT_ROLES and unit is None:
        raise ValidationError({"unit": UNIT_REQUIRED})
    if role not in UNIT_ROLES and unit is not None:
        raise ValidationError({"unit": UNIT_NOT_ALLOWED})
    if Membership.objects.filter(user=user, role=role, unit=unit).exists():
        raise ValidationError(ALREADY_HELD)


@transaction.atomic
def membership_add(
    *, actor: User, user: User, role: str, unit: Unit | None, reason: str = ""
) -> Membership:
    """Gives ``user`` a role (in ``unit`` for unit roles)."""
    _require_manager(actor, user)
    if not access.can_grant_role(actor, role):
        raise PermissionDenied
    _check_membership(user, role, unit)
    membership = Membership(user=user, role=role, unit=unit)
    _save(membership)
    audit_record(
        actor=actor,
        action="membership.add",
        target=membership,
        new=_membership_values(membership),
        reason=reason,
        unit_code=unit.code if unit else "",
    )
    access.forget_memberships(user)
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership, reason: str = "") -> None:
    user = membership.user
    _require_manager(actor, user)
    if not access.can_grant_role(actor, membership.role):
        raise PermissionDenied
    if user.pk == actor.pk and membership.role == Role.ADMIN:
        raise ValidationError(NOT_YOURSELF)
    old = _membership_values(membership)
    audit_record(
        actor=actor,
        action="membership.remove",
        target=membership,
        old=old,
        reason=reason,
        unit_code=old["unit"] or "",
    )
    membership.delete()
    access.forget_memberships(user)
