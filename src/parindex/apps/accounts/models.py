"""The user model, custom from the start so that fields can be added without pain."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. ``uuid`` identifies the user in URLs, never the integer id."""

    uuid = models.UUIDField(_("mã định danh"), unique=True, default=uuid.uuid4, editable=False)
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username
