"""Assessment rounds: self-scoring with evidence, appraisal, supplements, lock, sign-off."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Unit, User, without_counter
from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet


class RevisedModel(models.Model):
    """A model with a ``revision`` column that only :mod:`revisions` changes: a ``save()``
    of an existing row never writes the (possibly outdated) value held in memory back."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **without_counter(self, "revision", args, kwargs))


class RoundStatus(models.TextChoices):
    PREPARING = "preparing", _("Chuẩn bị")
    SELF_ASSESSMENT = "self_assessment", _("Tự đánh giá")
    APPRAISAL = "appraisal", _("Thẩm định")
    LOCKED = "locked", _("Đã khóa")
    SIGNED_OFF = "signed_off", _("Hội đồng đã thông qua")


class Round(RevisedModel):
    """An assessment round (đợt đánh giá) of one year with one published criteria set."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("tên đợt đánh giá"), max_length=300)
    year = models.PositiveIntegerField(_("năm đánh giá"))
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("bộ tiêu chí")
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.PREPARING
    )
    self_assessment_opens = models.DateTimeField(_("bắt đầu tự đánh giá"))
    self_assessment_deadline = models.DateTimeField(_("hạn tự đánh giá"))
    appraisal_deadline = models.DateTimeField(_("hạn thẩm định"))
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    locked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("thông qua lúc"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # Raised (never written back by save(): see RevisedModel) in the same transaction as
    # every change of what the round's pages show: see revisions.py.
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ("-year", "name")
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")

    def __str__(self) -> str:
        return self.name


class ParticipationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự đánh giá")
    SUBMITTED = "submitted", _("Đã gửi")
    IN_APPRAISAL = "in_appraisal", _("Đang thẩm định")
    APPRAISED = "appraised", _("Đã thẩm định")


class Participation(RevisedModel):
    """A unit taking part in a round: its status and its own deadline extension."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="participations")
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.DRAFT,
    )
    deadline_extension = models.DateTimeField(_("gia hạn tự đánh giá đến"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Raised in the same transaction as every change of what the unit's pages show
    # (scores, evidence, threads, status, extension, delegations, assignments): revisions.py.
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ("round", "unit__group__position", "unit__code")
        constraints = [
            models.UniqueConstraint(fields=("round", "unit"), name="participation_unique_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.round}"


class ScoreStatus(models.TextChoices):
    OPEN = "open", _("Chưa thẩm định")
    APPRAISED = "appraised", _("Đã thẩm định")
    RETURNED = "returned", _("Yêu cầu bổ sung")
    SUPPLEMENTED = "supplemented", _("Đơn vị đã bổ sung")
    CLOSED = "closed", _("Đã thẩm định lại")


class Score(models.Model):
    """One leaf of the criteria tree for one unit in one round: both sides' entries.

    Each side holds a direct score or the raw inputs its rule needs (numerator,
    denominator, count, value, ticked items), or is marked not applicable — exactly what
    :class:`parindex.scoring.Entry` carries. ``version`` guards against two people
    overwriting each other (optimistic locking).
    """

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="scores"
    )
    node = models.ForeignKey(CriteriaNode, on_delete=models.PROTECT, related_name="scores")
    self_score = models.DecimalField(
        _("điểm tự chấm"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    self_numerator = models.DecimalField(
        _("tử số"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    self_denominator = models.DecimalField(
        _("mẫu số"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    self_count = models.DecimalField(
        _("số lượng"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    self_value = models.DecimalField(
        _("giá trị"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    self_items = models.JSONField(_("mục đã đạt"), null=True, blank=True)
    self_not_applicable = models.BooleanField(_("không áp dụng (tự chấm)"), default=False)
    explanation = models.TextField(_("giải trình"), blank=True)
    appraised_score = models.DecimalField(
        _("điểm thẩm định"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    appraised_numerator = models.DecimalField(
        _("tử số thẩm định"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    appraised_denominator = models.DecimalField(
        _("mẫu số thẩm định"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    appraised_count = models.DecimalField(
        _("số lượng thẩm định"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    appraised_value = models.DecimalField(
        _("giá trị thẩm định"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    appraised_items = models.JSONField(_("mục đạt (thẩm định)"), null=True, blank=True)
    appraised_not_applicable = models.BooleanField(_("không áp dụng (thẩm định)"), default=False)
    opinion = models.TextField(_("ý kiến thẩm định"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ScoreStatus.choices, default=ScoreStatus.OPEN
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("participation", "node__position")
        constraints = [
            models.UniqueConstraint(fields=("participation", "node"), name="score_unique_node")
        ]

    def __str__(self) -> str:
        return f"{self.participation.unit.code} {self.node.code}"


class EvidenceFile(models.Model):
    """The stored bytes of an evidence file, once per content (SHA-256)."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("kích thước (byte)"))
    media_type = models.CharField(_("kiểu tệp"), max_length=120)
    file = models.FileField(_("tệp"), upload_to="evidence/", max_length=300)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    def __str__(self) -> str:
        return self.sha256


class Evidence(models.Model):
    """An evidence document (tài liệu kiểm chứng) attached to a score; never overwritten,
    only superseded."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="uses")
    name = models.CharField(_("tên tệp"), max_length=255)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("đính kèm lúc"), auto_now_add=True)
    superseded_at = models.DateTimeField(_("thay thế lúc"), null=True, blank=True)

    class Meta:
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.name


class Side(models.TextChoices):
    UNIT = "unit", _("Đơn vị giải trình")
    COUNCIL = "council", _("Ý kiến thẩm định")


class ThreadMessage(models.Model):
    """The two-column thread of a score: the unit's explanations and the council's
    opinions, in order. A council message may return the item for supplement until a
    deadline; a unit message may propose a score."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="thread")
    side = models.CharField(_("bên"), max_length=10, choices=Side.choices)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    text = models.TextField(_("nội dung"))
    score_value = models.DecimalField(
        _("điểm"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    supplement_deadline = models.DateTimeField(_("hạn bổ sung"), null=True, blank=True)

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.at:%d/%m/%Y}"


class FieldAssignment(models.Model):
    """An appraiser assigned to a field (top-level node) of a round, across all units."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    appraiser = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    field = models.ForeignKey(CriteriaNode, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("round", "appraiser", "field"), name="assignment_unique_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.appraiser} — {self.field.code}"


class Delegation(models.Model):
    """Inside a unit, the leader gives a criterion (and what is below it) to a staff member."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="delegations"
    )
    staff = models.ForeignKey(User, on_delete=models.CASCADE, related_name="delegations")
    node = models.ForeignKey(CriteriaNode, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("participation", "staff", "node"), name="delegation_unique_node"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.node.code}"
