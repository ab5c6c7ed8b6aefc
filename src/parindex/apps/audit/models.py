"""The append-only log of every change of score, opinion, evidence, status and permission."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

APPEND_ONLY = "Nhật ký thay đổi chỉ được ghi thêm, không được sửa hay xóa."


class AuditEntry(models.Model):
    """Who changed what, when, from which value to which, and why.

    ``unit_code`` and ``node_code`` let the log be read per unit and per criterion
    without joins; ``target_type``/``target_id`` name the changed row.
    """

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("hành động"), max_length=60)
    target_type = models.CharField(_("loại đối tượng"), max_length=60)
    target_id = models.CharField(_("đối tượng"), max_length=64)
    round_id = models.UUIDField(_("đợt đánh giá"), null=True, blank=True, db_index=True)
    unit_code = models.CharField(_("đơn vị"), max_length=40, blank=True, db_index=True)
    node_code = models.CharField(_("tiêu chí"), max_length=40, blank=True, db_index=True)
    old = models.JSONField(_("giá trị cũ"), null=True, blank=True, encoder=DjangoJSONEncoder)
    new = models.JSONField(_("giá trị mới"), null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.target_type} {self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(APPEND_ONLY)
