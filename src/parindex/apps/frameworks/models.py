"""Criteria sets (bộ tiêu chí) stored per year: the tree, its rules and its bands.

A set is edited while it is a draft and read-only once published. The scoring engine
never sees these rows: :mod:`parindex.apps.frameworks.services` turns them into a
:class:`parindex.scoring.CriteriaSet`.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import UnitGroup, User


class CriteriaSetStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã ban hành")


class RoundingMode(models.TextChoices):
    HALF_UP = "half_up", _("Làm tròn lên khi bằng 5")
    HALF_EVEN = "half_even", _("Làm tròn về số chẵn")


class TiePolicy(models.TextChoices):
    SHARED = "shared", _("Bằng chỉ số cùng hạng, bỏ hạng kế tiếp")
    DENSE = "dense", _("Bằng chỉ số cùng hạng, không bỏ hạng")
    ACHIEVED = "achieved", _("Bằng chỉ số xét điểm đạt")


class CriteriaSet(models.Model):
    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("mã bộ tiêu chí"), max_length=60, unique=True)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=400)
    year = models.PositiveIntegerField(_("năm đánh giá"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=CriteriaSetStatus.choices,
        default=CriteriaSetStatus.DRAFT,
    )
    groups = models.ManyToManyField(
        UnitGroup, related_name="criteria_sets", verbose_name=_("nhóm đơn vị áp dụng")
    )
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    index_decimals = models.PositiveSmallIntegerField(
        _("số chữ số thập phân của chỉ số"), default=2
    )
    score_decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân của điểm"), default=2)
    rounding = models.CharField(
        _("cách làm tròn"),
        max_length=20,
        choices=RoundingMode.choices,
        default=RoundingMode.HALF_UP,
    )
    tie_policy = models.CharField(
        _("xếp hạng khi bằng điểm"),
        max_length=20,
        choices=TiePolicy.choices,
        default=TiePolicy.SHARED,
    )
    index_cap = models.DecimalField(
        _("chỉ số tối đa"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("sao chép từ"),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    published_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    class Meta:
        ordering = ("-year", "code")
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def is_published(self) -> bool:
        return self.status == CriteriaSetStatus.PUBLISHED


class ClassBand(models.Model):
    """A classification band of a set: every index at or above ``minimum``."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="bands")
    minimum = models.DecimalField(_("chỉ số từ"), max_digits=9, decimal_places=4)
    label = models.CharField(_("xếp loại"), max_length=100)
    short = models.CharField(_("ký hiệu"), max_length=10, blank=True)

    class Meta:
        ordering = ("-minimum",)
        constraints = [
            models.UniqueConstraint(fields=("criteria_set", "minimum"), name="band_unique_minimum")
        ]

    def __str__(self) -> str:
        return f"{self.label} ≥ {self.minimum}"


class CriteriaNode(models.Model):
    """One node of the tree: field (lĩnh vực), criterion, sub-criterion or scoring item.

    Leaves carry a rule kind (see :class:`parindex.scoring.RuleKind`) and its parameters
    in ``parameters`` (JSON, decimals as strings); parents carry none. ``groups`` lists
    the unit-group codes the node applies to (empty: all of the set's groups).
    """

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("mã"), max_length=40)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    title = models.TextField(_("nội dung"))
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=9, decimal_places=4)
    rule = models.CharField(_("cách chấm"), max_length=20, blank=True)
    parameters = models.JSONField(_("tham số cách chấm"), default=dict, blank=True)
    groups = models.JSONField(_("nhóm áp dụng"), default=list, blank=True)
    method = models.TextField(_("phương pháp chấm điểm"), blank=True)
    evidence_required = models.TextField(_("tài liệu kiểm chứng yêu cầu"), blank=True)

    class Meta:
        ordering = ("criteria_set", "position")
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=("criteria_set", "code"), name="node_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class CodeMapping(models.Model):
    """Links a node code of one year's set to the matching code of another year's set."""

    from_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="mappings_out")
    to_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="mappings_in")
    from_code = models.CharField(_("mã năm trước"), max_length=40)
    to_code = models.CharField(_("mã năm sau"), max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("from_set", "to_set", "from_code"), name="mapping_unique_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_code} → {self.to_code}"
