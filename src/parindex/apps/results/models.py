"""Results of rounds (computed, reviewed, published, withdrawn) and the history of indices.

A :class:`Result` keeps the canonical JSON of everything the engine saw (its SHA-256
identifies the inputs) and the results JSON the engine produced from it; once
published it is never edited, only withdrawn by an administrator. :class:`HistoryRow`
holds one unit's published figures of one year: written when a result is published, or
imported from the figures of earlier years (:class:`HistoryImport`).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments.models import Round


class ResultState(models.TextChoices):
    COMPUTED = "computed", _("Đã tính, chờ rà soát")
    REVIEWED = "reviewed", _("Tổ thư ký đã rà soát")
    PUBLISHED = "published", _("Đã công bố")
    WITHDRAWN = "withdrawn", _("Đã rút lại")


ACTIVE_STATES = (ResultState.COMPUTED, ResultState.REVIEWED, ResultState.PUBLISHED)


class Result(models.Model):
    """The computed results of a round, frozen with the inputs they came from."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="results", verbose_name=_("đợt đánh giá")
    )
    year = models.PositiveIntegerField(_("năm đánh giá"))
    state = models.CharField(
        _("trạng thái kết quả"),
        max_length=20,
        choices=ResultState.choices,
        default=ResultState.COMPUTED,
    )
    inputs = models.TextField(_("dữ liệu đầu vào (JSON chuẩn hóa)"))
    inputs_sha256 = models.CharField(_("mã băm dữ liệu đầu vào (SHA-256)"), max_length=64)
    results = models.TextField(_("kết quả (JSON)"))
    results_sha256 = models.CharField(_("mã băm kết quả (SHA-256)"), max_length=64)
    computed_at = models.DateTimeField(_("tính lúc"))
    computed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("rà soát lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(_("nhận xét rà soát"), blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("rút lại lúc"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdraw_reason = models.TextField(_("lý do rút lại"), blank=True)

    class Meta:
        ordering = ("-year", "-computed_at", "-id")
        verbose_name = _("kết quả đợt đánh giá")
        verbose_name_plural = _("kết quả đợt đánh giá")
        constraints = [
            models.UniqueConstraint(
                fields=("round",),
                condition=~models.Q(state="withdrawn"),
                name="result_one_active_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.get_state_display()}"

    @property
    def is_published(self) -> bool:
        return self.state == ResultState.PUBLISHED


class HistoryImport(models.Model):
    """One imported file of earlier years' published figures."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("SHA-256 của tệp"), max_length=64)
    imported_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    created = models.PositiveIntegerField(_("số dòng thêm mới"), default=0)
    updated = models.PositiveIntegerField(_("số dòng cập nhật"), default=0)

    class Meta:
        ordering = ("-imported_at", "-id")
        verbose_name = _("lần nhập lịch sử chỉ số")
        verbose_name_plural = _("các lần nhập lịch sử chỉ số")

    def __str__(self) -> str:
        return self.file_name


class HistorySource(models.TextChoices):
    PUBLISHED = "published", _("Công bố trên hệ thống")
    IMPORTED = "imported", _("Nhập từ số liệu đã công bố")


class HistoryRow(models.Model):
    """A unit's published index of one year: rank within its group, class, points.

    ``index_decimals`` keeps the decimals the figure was published with (74 stays "74",
    81.25 stays "81,25"). ``units_in_group`` is the size of the group ranked that year.
    """

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    year = models.PositiveIntegerField(_("năm"))
    unit_code = models.CharField(_("mã đơn vị"), max_length=40)
    unit_name = models.CharField(_("tên đơn vị"), max_length=300)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="history"
    )
    group_code = models.CharField(_("mã nhóm"), max_length=40)
    group_name = models.CharField(_("tên nhóm"), max_length=200)
    index = models.DecimalField(_("chỉ số"), max_digits=9, decimal_places=4)
    index_decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân của chỉ số"))
    rank = models.PositiveIntegerField(_("thứ hạng"), null=True, blank=True)
    units_in_group = models.PositiveIntegerField(_("số đơn vị trong nhóm"), null=True, blank=True)
    class_label = models.CharField(_("xếp loại"), max_length=100, blank=True)
    achieved = models.DecimalField(
        _("điểm đạt"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    applicable_max = models.DecimalField(
        _("điểm tối đa áp dụng"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    source = models.CharField(_("nguồn"), max_length=20, choices=HistorySource.choices)
    result = models.ForeignKey(
        Result, on_delete=models.PROTECT, null=True, blank=True, related_name="history"
    )
    batch = models.ForeignKey(
        HistoryImport, on_delete=models.PROTECT, null=True, blank=True, related_name="rows"
    )

    class Meta:
        ordering = ("year", "group_code", "rank", "unit_code")
        verbose_name = _("chỉ số một năm của đơn vị")
        verbose_name_plural = _("lịch sử chỉ số")
        constraints = [
            models.UniqueConstraint(
                fields=("year", "unit_code", "source"), name="history_one_row_per_source"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(source="published", result__isnull=False)
                    | models.Q(source="imported", result__isnull=True)
                ),
                name="history_published_rows_name_their_result",
            ),
        ]
        indexes = [models.Index(fields=("unit_code", "year"), name="history_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.year}: {self.index}"
