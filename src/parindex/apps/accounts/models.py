"""People, units and what each person may do (roles held through memberships)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


def without_counter(
    instance: models.Model, counter: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """``save()``'s keyword arguments such that an existing row's ``counter`` (a column only
    ``UPDATE ... + 1`` raises) is never written back from the possibly outdated value held
    in memory: every other column is listed in ``update_fields`` unless the caller chose."""
    insert = instance._state.adding or kwargs.get("force_insert")
    if not insert and kwargs.get("update_fields") is None and not args:
        fields = instance._meta.concrete_fields
        kept = [f.name for f in fields if not f.primary_key and f.name != counter]
        return {**kwargs, "update_fields": kept}
    return kwargs


class User(AbstractUser):
    """A person who signs in. ``uuid`` identifies the user in URLs, never the integer id.

    ``totp_secret`` holds the base32 secret of a confirmed authenticator app; empty means
    the user has not turned on two-step sign-in.
    """

    uuid = models.UUIDField(_("mã định danh"), unique=True, default=uuid.uuid4, editable=False)
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    totp_secret = models.CharField(_("khóa xác thực hai bước"), max_length=64, blank=True)
    # Raised (UPDATE ... + 1, in the writing transaction) whenever what every signed-in page
    # shows of the user changes: roles and units, their units' names, the rounds and
    # participations of those units (deadline banner). Keys the cached memberships, menu
    # and banner (accounts/access_revision.py); read with the user row, so no extra query.
    access_revision = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A save of an existing row never writes the (possibly outdated) access revision
        held in memory back: only :mod:`access_revision` raises it."""
        super().save(*args, **without_counter(self, "access_revision", args, kwargs))


class UnitGroup(models.Model):
    """A group of units ranked separately (sở, ban, ngành; UBND xã, phường; UBND huyện)."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("mã nhóm"), max_length=40, unique=True)
    name = models.CharField(_("tên nhóm"), max_length=200)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ("position", "code")
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An assessed unit (đơn vị được đánh giá), possibly under a parent unit."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=300)
    group = models.ForeignKey(
        UnitGroup, on_delete=models.PROTECT, related_name="units", verbose_name=_("nhóm")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        ordering = ("group__position", "code")
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    SECRETARIAT = "secretariat", _("Quản trị CCHC (Sở Nội vụ)")
    UNIT_STAFF = "unit_staff", _("Cán bộ đầu mối")
    UNIT_LEADER = "unit_leader", _("Lãnh đạo đơn vị")
    APPRAISER = "appraiser", _("Thành viên Tổ thư ký / Tổ giúp việc")
    COUNCIL = "council", _("Thành viên Hội đồng thẩm định")


UNIT_ROLES = frozenset({Role.UNIT_STAFF, Role.UNIT_LEADER})


class Membership(models.Model):
    """A role a user holds; unit roles name their unit, the others hold province-wide."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("người dùng")
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("đơn vị"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò của người dùng")
        verbose_name_plural = _("vai trò của người dùng")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "role", "unit"), name="membership_unique_role_per_unit"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(UNIT_ROLES), unit__isnull=False)
                    | (~models.Q(role__in=sorted(UNIT_ROLES)) & models.Q(unit__isnull=True))
                ),
                name="membership_unit_roles_name_a_unit",
            ),
        ]

    def __str__(self) -> str:
        where = f" — {self.unit}" if self.unit_id else ""
        return f"{self.user}: {self.get_role_display()}{where}"
