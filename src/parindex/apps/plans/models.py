"""Remediation plans (kế hoạch khắc phục), who answers for each criterion inside a unit,
and the operational figures behind the risk warnings.

- :class:`Office` — a unit's offices (phòng, ban); the officials are the unit's members.
- :class:`CriterionAssignment` — a criterion of a criteria set given to an office and/or an
  official of the unit; read through :mod:`parindex.apps.plans.selectors_assign`, which
  carries a year's assignments forward to the next set.
- :class:`Plan` and :class:`Task` — one task per sub-criterion that lost points in a
  finished round, for the following year; :class:`ProgressUpdate` (with
  :class:`ProgressEvidence` files) records progress; :class:`QuarterReport` and
  :class:`QuarterLine` the quarterly reports; :class:`ReminderLog` the overdue e-mails.
- :class:`OperationalFigure` — a month's or quarter's figures of a ratio, bands or count
  sub-criterion, projected to the year's end by :mod:`parindex.planning.projection`.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Unit, User
from parindex.apps.assessments.models import EvidenceFile, Round
from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet


class Office(models.Model):
    """An office of a unit (phòng, ban, bộ phận); retired offices stay for the record."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="offices", verbose_name=_("đơn vị")
    )
    name = models.CharField(_("tên phòng, ban"), max_length=200)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ("unit", "-is_active", "name")
        verbose_name = _("phòng, ban")
        verbose_name_plural = _("phòng, ban")
        constraints = [models.UniqueConstraint(fields=("unit", "name"), name="office_unique_name")]

    def __str__(self) -> str:
        return self.name


class CriterionAssignment(models.Model):
    """A criterion (any node: field, criterion or sub-criterion) of a criteria set given
    to an office and/or an official of the unit; what lies below it follows it unless
    given on its own."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="criterion_assignments")
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="+", verbose_name=_("bộ tiêu chí")
    )
    node = models.ForeignKey(
        CriteriaNode, on_delete=models.CASCADE, related_name="+", verbose_name=_("tiêu chí")
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("phòng, ban phụ trách"),
    )
    official = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="criterion_assignments",
        verbose_name=_("công chức phụ trách"),
    )
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phân công tiêu chí")
        verbose_name_plural = _("phân công tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=("unit", "node"), name="assignment_unique_node"),
            models.CheckConstraint(
                condition=models.Q(office__isnull=False) | models.Q(official__isnull=False),
                name="assignment_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.node.code}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class Plan(models.Model):
    """A unit's remediation plan for ``year``, from what it lost in ``source_round``."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("đơn vị")
    )
    source_round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("đợt đánh giá bị trừ điểm"),
    )
    year = models.PositiveIntegerField(_("năm thực hiện"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    issued_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ("-year", "unit__code")
        verbose_name = _("kế hoạch khắc phục")
        verbose_name_plural = _("kế hoạch khắc phục")
        constraints = [
            models.UniqueConstraint(fields=("unit", "source_round"), name="plan_unique_round")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.status == PlanStatus.ISSUED


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


class Task(models.Model):
    """One sub-criterion that lost points: what was lost and why, what the unit will do,
    who answers for it, by when, and how far it has got (``progress``, in percent).

    ``code`` and ``title`` keep the criterion as it read in the round that lost the
    points. A task is overdue when it is not done and its deadline has passed.
    """

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    node = models.ForeignKey(
        CriteriaNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("tiêu chí")
    )
    code = models.CharField(_("mã tiêu chí"), max_length=40)
    title = models.TextField(_("tên tiêu chí"))
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=12, decimal_places=4)
    self_points = models.DecimalField(
        _("điểm tự chấm"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    appraised_points = models.DecimalField(_("điểm thẩm định"), max_digits=12, decimal_places=4)
    lost_points = models.DecimalField(_("điểm bị trừ"), max_digits=12, decimal_places=4)
    opinion = models.TextField(_("ý kiến thẩm định"), blank=True)
    remediation = models.TextField(_("giải pháp khắc phục"), blank=True)
    target = models.TextField(_("mục tiêu"), blank=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("phòng, ban chủ trì"),
    )
    owner = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_tasks",
        verbose_name=_("công chức phụ trách"),
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=TaskStatus.choices,
        default=TaskStatus.NOT_STARTED,
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("plan", "position", "id")
        verbose_name = _("nhiệm vụ khắc phục")
        verbose_name_plural = _("nhiệm vụ khắc phục")
        constraints = [
            models.UniqueConstraint(fields=("plan", "node"), name="task_unique_node"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="task_progress"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status != TaskStatus.DONE and self.deadline is not None and self.deadline < today
        )

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class ProgressUpdate(models.Model):
    """A report of a task's progress: the percent reached, what was done, evidence files."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    note = models.TextField(_("kết quả thực hiện"), blank=True)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        ordering = ("at", "id")
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="update_percent")
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.percent}%"


class ProgressEvidence(models.Model):
    """An evidence file of a progress update, stored once per content (SHA-256) with the
    self-assessment's evidence files."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên tệp"), max_length=255)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("đính kèm lúc"), auto_now_add=True)

    class Meta:
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.name


class QuarterReport(models.Model):
    """The quarterly progress report (báo cáo quý) of a plan: an overall summary, and a
    summary per task in :class:`QuarterLine`; its table is generated from the progress."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reports")
    quarter = models.PositiveSmallIntegerField(_("quý"))
    summary = models.TextField(_("đánh giá chung"), blank=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ("plan", "quarter")
        verbose_name = _("báo cáo quý")
        verbose_name_plural = _("báo cáo quý")
        constraints = [
            models.UniqueConstraint(fields=("plan", "quarter"), name="report_unique_quarter"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="report_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — Q{self.quarter}"


class QuarterLine(models.Model):
    """What a quarterly report says about one task."""

    report = models.ForeignKey(QuarterReport, on_delete=models.CASCADE, related_name="lines")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    summary = models.TextField(_("kết quả trong quý"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("report", "task"), name="line_unique_task")]

    def __str__(self) -> str:
        return f"{self.report} {self.task.code}"


class ReminderLog(models.Model):
    """An e-mail about overdue tasks sent to one person; at most one per person a day."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("địa chỉ thư"))
    day = models.DateField(_("ngày"))
    sent_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    tasks = models.ManyToManyField(Task, related_name="reminders")

    class Meta:
        ordering = ("-sent_at",)
        constraints = [
            models.UniqueConstraint(fields=("recipient", "day"), name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.email} {self.day:%d/%m/%Y}"


class Frequency(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")


class OperationalFigure(models.Model):
    """One period's figures of a sub-criterion of a unit: numerator and denominator (ratio,
    bands of a percent), a value (bands of a value) or a count, as its rule takes them.

    ``criteria_set`` and ``node_code`` name the sub-criterion in the set in force when the
    figures were entered; a later set reads them through the code mapping.
    """

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="figures", verbose_name=_("đơn vị")
    )
    year = models.PositiveIntegerField(_("năm"))
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("bộ tiêu chí")
    )
    node_code = models.CharField(_("mã tiêu chí"), max_length=40)
    frequency = models.CharField(_("kỳ báo cáo"), max_length=10, choices=Frequency.choices)
    period = models.PositiveSmallIntegerField(_("kỳ"))
    numerator = models.DecimalField(
        _("tử số"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("mẫu số"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(
        _("giá trị"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    count = models.DecimalField(
        _("số lượng"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    entered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người nhập")
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ("unit", "year", "node_code", "frequency", "period")
        verbose_name = _("số liệu theo dõi")
        verbose_name_plural = _("số liệu theo dõi")
        constraints = [
            models.UniqueConstraint(
                fields=("unit", "year", "node_code", "frequency", "period"),
                name="figure_unique_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period__gte=1, period__lte=12), name="figure_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year} {self.node_code} {self.frequency}{self.period}"

    @property
    def ratio_percent(self) -> Decimal | None:
        """Numerator / denominator in percent (``None`` without both, or a zero one)."""
        if self.numerator is None or not self.denominator:
            return None
        return 100 * self.numerator / self.denominator
