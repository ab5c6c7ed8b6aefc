"""Index definitions with their components, yearly results (score, rank "of N") per unit
or for the province, component results and yearly targets.

The PAR INDEX itself is a definition too (``computed``): its results come from the
assessment rounds, never from here, but its targets are kept here beside the others'.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Unit, User

PAR_CODE = "PAR"
FIRST_YEAR = 2000
LAST_YEAR = 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
CODE_VALIDATOR = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]*$",
    _("Mã chỉ số chỉ gồm chữ in hoa không dấu, chữ số, dấu gạch ngang hoặc gạch dưới."),
)


class Scope(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    UNIT = "unit", _("Cấp đơn vị")
    BOTH = "both", _("Cấp tỉnh và cấp đơn vị")


class IndexDefinition(models.Model):
    """An index tracked year by year (SIPAS, PAPI, PCI, DDCI or one of the province's)."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("mã chỉ số"), max_length=20, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("tên chỉ số"), max_length=300)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices)
    description = models.TextField(_("mô tả"), blank=True)
    score_label = models.CharField(_("đơn vị tính của điểm"), max_length=30, blank=True)
    score_max = models.DecimalField(
        _("điểm tối đa"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    unit_may_record = models.BooleanField(
        _("lãnh đạo đơn vị được tự ghi kết quả của đơn vị"), default=False
    )
    computed = models.BooleanField(_("tính từ các đợt đánh giá"), default=False, editable=False)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang theo dõi"), default=True)

    class Meta:
        ordering = ("position", "code")
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def for_units(self) -> bool:
        return self.scope in (Scope.UNIT, Scope.BOTH)

    @property
    def for_province(self) -> bool:
        return self.scope in (Scope.PROVINCE, Scope.BOTH)


class IndexComponent(models.Model):
    """A component of an index (chỉ số thành phần, lĩnh vực, yếu tố)."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    definition = models.ForeignKey(
        IndexDefinition,
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("chỉ số"),
    )
    code = models.SlugField(_("mã thành phần"), max_length=40)
    name = models.CharField(_("tên thành phần"), max_length=300)
    score_max = models.DecimalField(
        _("điểm tối đa của thành phần"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang theo dõi"), default=True)

    class Meta:
        ordering = ("definition", "position", "code")
        verbose_name = _("thành phần của chỉ số")
        verbose_name_plural = _("thành phần của chỉ số")
        constraints = [
            models.UniqueConstraint(fields=("definition", "code"), name="component_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class IndexValue(models.Model):
    """A yearly result of an index: for a unit, or for the province (``unit`` empty).

    A published result may give a score, a rank "of N", or both.
    """

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    definition = models.ForeignKey(
        IndexDefinition, on_delete=models.PROTECT, related_name="values", verbose_name=_("chỉ số")
    )
    year = models.PositiveIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="index_values",
        verbose_name=_("đơn vị"),
    )
    score = models.DecimalField(_("điểm"), max_digits=12, decimal_places=4, null=True, blank=True)
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)
    rank_of = models.PositiveIntegerField(_("trên tổng số"), null=True, blank=True)
    note = models.TextField(_("nguồn, ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now=True)

    class Meta:
        ordering = ("definition__position", "year", "unit__code")
        verbose_name = _("kết quả chỉ số")
        verbose_name_plural = _("kết quả chỉ số")
        constraints = [
            models.UniqueConstraint(
                fields=("definition", "year", "unit"),
                condition=Q(unit__isnull=False),
                name="index_value_unique_unit_year",
            ),
            models.UniqueConstraint(
                fields=("definition", "year"),
                condition=Q(unit__isnull=True),
                name="index_value_unique_province_year",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True)
                | Q(rank_of__isnull=True)
                | Q(rank__lte=F("rank_of")),
                name="index_value_rank_within_total",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=False) | Q(rank__isnull=False),
                name="index_value_score_or_rank",
            ),
        ]

    def __str__(self) -> str:
        where = self.unit.code if self.unit_id and self.unit else str(_("tỉnh"))
        return f"{self.definition.code} {self.year} {where}"


class ComponentValue(models.Model):
    """A component's score (and rank, when published) within a yearly result."""

    value = models.ForeignKey(
        IndexValue, on_delete=models.CASCADE, related_name="parts", verbose_name=_("kết quả")
    )
    component = models.ForeignKey(
        IndexComponent,
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("thành phần"),
    )
    score = models.DecimalField(
        _("điểm thành phần"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("xếp hạng thành phần"), null=True, blank=True)

    class Meta:
        ordering = ("component__position", "component__code")
        constraints = [
            models.UniqueConstraint(fields=("value", "component"), name="component_value_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=False) | Q(rank__isnull=False),
                name="component_value_score_or_rank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.component.code}"


class Goal(models.TextChoices):
    """Mirrors :class:`parindex.planning.targets.Goal`."""

    RISE = "rise", _("Tăng ít nhất số bậc")
    RANK = "rank", _("Đạt hạng trở lên")
    SCORE = "score", _("Đạt điểm từ")


class IndexTarget(models.Model):
    """A yearly target on an index (or one of its components), for a unit or the province."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    definition = models.ForeignKey(
        IndexDefinition, on_delete=models.PROTECT, related_name="targets", verbose_name=_("chỉ số")
    )
    year = models.PositiveIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="index_targets",
        verbose_name=_("đơn vị"),
    )
    component = models.ForeignKey(
        IndexComponent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("thành phần"),
    )
    goal = models.CharField(_("loại mục tiêu"), max_length=10, choices=Goal.choices)
    amount = models.DecimalField(_("mức mục tiêu"), max_digits=12, decimal_places=4)
    note = models.TextField(_("ghi chú"), blank=True)
    set_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(_("đặt lúc"), auto_now_add=True)

    class Meta:
        ordering = ("definition__position", "year", "goal")
        verbose_name = _("mục tiêu chỉ số")
        verbose_name_plural = _("mục tiêu chỉ số")

    def __str__(self) -> str:
        return f"{self.definition.code} {self.year} {self.goal} {self.amount}"
