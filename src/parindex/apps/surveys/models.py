"""Surveys of one year: their questions, answer scale, covered units and ballots.

A ballot is one row whatever the number of questions: its answers are one short string,
one character per question (the question's ``slot``), the chosen option's value ``1``-``9``
or ``0`` for no answer. 100,000 ballots of 21 questions stay a compact table that is
aggregated in SQL (:mod:`parindex.apps.surveys.tallies`).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import Unit, User

NO_ANSWER = "0"
MAX_OPTIONS = 9  # one digit per answer
MAX_QUESTIONS = 200


class SurveyKind(models.TextChoices):
    SIPAS = "sipas", _("Khảo sát sự hài lòng (SIPAS)")
    SOCIOLOGICAL = "sociological", _("Điều tra xã hội học")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang nhận phiếu")
    CLOSED = "closed", _("Đã kết thúc")


class Survey(models.Model):
    """A survey of one year (SIPAS or sociological). Its questions and scale are edited
    while it is being prepared; it takes ballots while open."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("mã khảo sát"), max_length=60, unique=True)
    name = models.CharField(_("tên khảo sát"), max_length=300)
    year = models.PositiveIntegerField(_("năm đánh giá"))
    kind = models.CharField(_("loại khảo sát"), max_length=20, choices=SurveyKind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    intro = models.TextField(_("lời giới thiệu trên phiếu"), blank=True)
    margin = models.DecimalField(
        _("sai số cho phép (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(5),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal(50))],
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        ordering = ("-year", "code")
        verbose_name = _("khảo sát")
        verbose_name_plural = _("khảo sát")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT


class Factor(models.Model):
    """A factor (yếu tố) grouping questions, e.g. SIPAS's "access to the service"."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="factors")
    code = models.CharField(_("mã yếu tố"), max_length=20)
    title = models.CharField(_("yếu tố"), max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("survey", "position")
        constraints = [
            models.UniqueConstraint(fields=("survey", "code"), name="factor_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class RespondentForm(models.Model):
    """A kind of respondent of a sociological survey (e.g. council delegates), with its
    own ballot form."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="forms")
    code = models.CharField(_("mã mẫu phiếu"), max_length=20)
    name = models.CharField(_("mẫu phiếu"), max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("survey", "position")
        constraints = [
            models.UniqueConstraint(fields=("survey", "code"), name="respondent_form_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A question; ``slot`` is its character in every ballot's answers. ``forms`` lists
    the codes of the respondent forms that ask it (empty: every form)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("mã câu hỏi"), max_length=20)
    text = models.TextField(_("câu hỏi"))
    slot = models.PositiveSmallIntegerField()
    forms = models.JSONField(_("mẫu phiếu hỏi"), default=list, blank=True)

    class Meta:
        ordering = ("survey", "slot")
        constraints = [
            models.UniqueConstraint(fields=("survey", "code"), name="question_unique_code"),
            models.UniqueConstraint(fields=("survey", "slot"), name="question_unique_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class Option(models.Model):
    """An answer of the survey's scale: its digit, label, weight (0-100) and whether it
    counts as satisfied (SIPAS: levels 4 and 5 of 5)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="options")
    value = models.PositiveSmallIntegerField(
        _("giá trị"), validators=[MinValueValidator(1), MaxValueValidator(MAX_OPTIONS)]
    )
    label = models.CharField(_("câu trả lời"), max_length=100)
    weight = models.DecimalField(
        _("trọng số"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    satisfied = models.BooleanField(_("tính là hài lòng"), default=False)

    class Meta:
        ordering = ("survey", "value")
        constraints = [
            models.UniqueConstraint(fields=("survey", "value"), name="option_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.value}. {self.label}"


class SurveyUnit(models.Model):
    """A unit the survey covers: its population N (e.g. dossiers handled in the year)
    and the short code of its public form (``/ks/<code>/``)."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="coverage")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    population = models.PositiveIntegerField(_("quy mô tổng thể (N)"), null=True, blank=True)
    code = models.CharField(_("mã đường dẫn"), max_length=12, unique=True)

    class Meta:
        ordering = ("survey", "unit__group__position", "unit__code")
        constraints = [
            models.UniqueConstraint(fields=("survey", "unit"), name="survey_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.survey.code} — {self.unit.code}"


class BallotSource(models.TextChoices):
    WEB = "web", _("Trực tuyến")
    PAPER = "paper", _("Phiếu giấy")
    POST = "post", _("Bưu điện")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    CHECKING = "checking", _("Đang kiểm tra")
    WRITING = "writing", _("Đang ghi")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Không nhập được")


class ImportJob(models.Model):
    """An import of a file of ballots: its progress while it runs and what it gave."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="imports")
    source = models.CharField(_("nguồn phiếu"), max_length=10, choices=BallotSource.choices)
    file = models.FileField(_("tệp"), upload_to="survey-imports/", max_length=300, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("số dòng (ước tính)"), default=0)
    checked = models.PositiveIntegerField(_("số dòng đã kiểm tra"), default=0)
    written = models.PositiveIntegerField(_("số phiếu đã ghi"), default=0)
    rows = models.PositiveIntegerField(_("số dòng phiếu"), default=0)
    created = models.PositiveIntegerField(_("số phiếu nhập mới"), default=0)
    duplicates_in_file = models.PositiveIntegerField(_("số phiếu trùng trong tệp"), default=0)
    duplicates_stored = models.PositiveIntegerField(_("số phiếu đã có"), default=0)
    problems = models.JSONField(_("các lỗi"), default=list, blank=True)
    problem_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("lần nhập phiếu")
        verbose_name_plural = _("các lần nhập phiếu")

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING)


class Ballot(models.Model):
    """One ballot: the unit it evaluates, its answers (one character per question slot),
    where it came from and, for web ballots, the keys that keep one ballot per device and
    per ID number (HMACs, never the number itself)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="ballots")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    form = models.ForeignKey(
        RespondentForm, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("nguồn phiếu"), max_length=10, choices=BallotSource.choices)
    ballot_id = models.CharField(_("mã phiếu"), max_length=64)
    answers = models.CharField(_("câu trả lời"), max_length=MAX_QUESTIONS)
    device_key = models.CharField(max_length=32, blank=True)
    respondent_key = models.CharField(max_length=32, blank=True)
    received_at = models.DateTimeField(_("ngày nhận phiếu"))
    job = models.ForeignKey(
        ImportJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="ballots"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("survey", "ballot_id"), name="ballot_unique_id"),
            models.UniqueConstraint(
                fields=("survey", "unit", "device_key"),
                condition=~models.Q(device_key=""),
                name="ballot_one_per_device",
            ),
            models.UniqueConstraint(
                fields=("survey", "unit", "respondent_key"),
                condition=~models.Q(respondent_key=""),
                name="ballot_one_per_respondent",
            ),
        ]
        indexes = [models.Index(fields=("survey", "unit"), name="ballot_survey_unit")]

    def __str__(self) -> str:
        return self.ballot_id
