"""Starting an import: the uploaded file is stored with a queued job, which runs once the
transaction commits (:func:`parindex.apps.surveys.tasks.dispatch`)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts import access
from parindex.apps.accounts.models import User
from parindex.apps.surveys.importing.reader import SUFFIXES
from parindex.apps.surveys.models import BallotSource, ImportJob, Survey, SurveyStatus
from parindex.apps.surveys.tasks import dispatch

MAX_BYTES = 50 * 1024 * 1024
NOT_OPEN = _("Khảo sát không nhận phiếu (chưa mở hoặc đã kết thúc): không nhập được phiếu.")
WRONG_SUFFIX = _("Tệp phải có đuôi {allowed}.")
TOO_LARGE = _("Tệp lớn hơn {size} MB.")
WEB_IS_NOT_IMPORTED = _("Phiếu trực tuyến do người dân gửi qua biểu mẫu, không nhập từ tệp.")


class ImportRefused(Exception):  # noqa: N818 - a refusal shown to people, not a bug
    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)


def _check(survey: Survey, upload: UploadedFile[bytes], source: str) -> None:
    if survey.status != SurveyStatus.OPEN:
        raise ImportRefused(NOT_OPEN)
    if source not in (BallotSource.PAPER, BallotSource.POST):
        raise ImportRefused(WEB_IS_NOT_IMPORTED)
    if Path(upload.name or "").suffix.lower() not in SUFFIXES:
        raise ImportRefused(str(WRONG_SUFFIX).format(allowed=", ".join(SUFFIXES)))
    if (upload.size or 0) > MAX_BYTES:
        raise ImportRefused(str(TOO_LARGE).format(size=MAX_BYTES // (1024 * 1024)))


def import_start(
    *, actor: User, survey: Survey, upload: UploadedFile[bytes], source: str
) -> ImportJob:
    """Queues the import of ``upload``; it runs after the current transaction commits."""
    if not access.can_manage_surveys(actor):
        raise PermissionDenied
    _check(survey, upload, source)
    name = Path(upload.name or "phieu").name
    job = ImportJob(survey=survey, source=source, file_name=name, created_by=actor)
    job.file.save(name, upload, save=False)
    job.save()
    uuid = str(job.uuid)
    transaction.on_commit(lambda: dispatch(uuid))
    return job
