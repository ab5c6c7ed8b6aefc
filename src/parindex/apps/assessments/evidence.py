"""Evidence files (tài liệu kiểm chứng): what a file really is, and storing it once.

The type of an upload is read from its bytes, never from its name: PDF, PNG and JPEG by
their signatures, DOCX and XLSX as ZIP packages holding ``[Content_Types].xml``, the
main part's content type and the ``word/`` or ``xl/`` folder. Anything else is refused.
The same bytes attached to several criteria are stored once (one :class:`EvidenceFile`
per SHA-256); each attachment is its own :class:`Evidence` row, never overwritten, only
superseded.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.apps.accounts.models import User
from parindex.apps.assessments import revisions
from parindex.apps.assessments.models import Evidence, EvidenceFile, Score
from parindex.apps.audit.services import audit_record
from parindex.numbers import format_vn

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx"}
ALSO_ACCEPTED = {JPEG: (".jpeg",)}
TYPE_NAMES = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", DOCX: "Word (DOCX)", XLSX: "Excel (XLSX)"}

# The main part of an Office package, as [Content_Types].xml names it, and its folder.
OFFICE_PARTS = (
    (DOCX, b"wordprocessingml.document.main+xml", "word/"),
    (XLSX, b"spreadsheetml.sheet.main+xml", "xl/"),
)
CONTENT_TYPES = "[Content_Types].xml"
CONTENT_TYPES_LIMIT = 1024 * 1024  # read at most this much of [Content_Types].xml
PDF_HEADER_WINDOW = 1024  # the PDF header may follow a little junk, per the spec
CHUNK = 64 * 1024
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

NOT_ALLOWED = _(
    "Tệp «{name}» không được nhận: nội dung tệp không phải PDF, Word (DOCX), Excel (XLSX), "
    "PNG hay JPEG (kiểu tệp được nhận diện theo nội dung, không theo tên tệp)."
)
TOO_LARGE = _("Tệp «{name}» dung lượng {size} MB, vượt quá giới hạn {limit} MB.")
EMPTY_FILE = _("Tệp «{name}» rỗng.")
ATTACHED = _("Đã đính kèm tệp «{name}».")
REMOVED = _("Đã gỡ tệp «{name}» (tệp vẫn được lưu trong nhật ký).")


class EvidenceRefused(ValueError):  # noqa: N818 - a refusal shown to people, not a bug
    """An upload that cannot be accepted; ``message`` is shown to people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    limit: int = getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)
    return limit


def _office_type(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as package:
            names = package.namelist()
            if CONTENT_TYPES not in names:
                return None
            with package.open(CONTENT_TYPES) as part:
                declared = part.read(CONTENT_TYPES_LIMIT)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        return None
    for media_type, main_part, folder in OFFICE_PARTS:
        if main_part in declared and any(name.startswith(folder) for name in names):
            return media_type
    return None


def sniff(stream: IO[bytes]) -> str | None:
    """The media type of the file's content, or ``None`` if it is not an accepted type."""
    stream.seek(0)
    head = stream.read(PDF_HEADER_WINDOW)
    stream.seek(0)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if b"%PDF-" in head:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        found = _office_type(stream)
        stream.seek(0)
        return found
    return None


def clean_name(name: str) -> str:
    """The file's own name, without any folder a browser may have sent, at most 255 chars."""
    base = os.path.basename(name.replace("\\", "/")).strip() or "tai-lieu"
    stem, ext = os.path.splitext(base)
    return stem[: 255 - len(ext[:20])] + ext[:20]


def download_name(name: str, media_type: str) -> str:
    """``name``, given the extension of its real type when it has another one."""
    ext = os.path.splitext(name)[1].lower()
    proper = EXTENSIONS.get(media_type, "")
    if not proper or ext == proper or ext in ALSO_ACCEPTED.get(media_type, ()):
        return name
    return f"{name}{proper}"


def _megabytes(size: int) -> str:
    return format_vn(Decimal(size) / 1024 / 1024, 1)


@dataclass(frozen=True, slots=True)
class Inspected:
    """An upload that passed the checks: its content's type, digest and size."""

    name: str
    media_type: str
    sha256: str
    size: int


def inspect(upload: UploadedFile[Any]) -> Inspected:
    """Checks size and content type; raises :class:`EvidenceRefused` with the reason."""
    name = clean_name(upload.name or "")
    size = upload.size or 0
    limit = max_bytes()
    if size > limit:
        raise EvidenceRefused(
            str(TOO_LARGE).format(name=name, size=_megabytes(size), limit=_megabytes(limit))
        )
    if size == 0:
        raise EvidenceRefused(str(EMPTY_FILE).format(name=name))
    media_type = sniff(upload)
    if media_type is None:
        raise EvidenceRefused(str(NOT_ALLOWED).format(name=name))
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    upload.seek(0)
    return Inspected(name, media_type, digest.hexdigest(), size)


def _storage_name(inspected: Inspected) -> str:
    sha = inspected.sha256
    return f"{sha[:2]}/{sha}{EXTENSIONS[inspected.media_type]}"


def evidence_file_store(
    *, actor: User, upload: UploadedFile[Any], inspected: Inspected
) -> EvidenceFile:
    """The stored file with these bytes: the existing one, or a new one saved now."""
    existing = EvidenceFile.objects.filter(sha256=inspected.sha256).first()
    if existing is not None:
        return existing
    stored = EvidenceFile(
        sha256=inspected.sha256,
        size=inspected.size,
        media_type=inspected.media_type,
        uploaded_by=actor,
    )
    stored.file.save(_storage_name(inspected), upload, save=False)
    stored.full_clean()
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:  # the same bytes arrived at the same moment from elsewhere
        stored.file.delete(save=False)
        return EvidenceFile.objects.get(sha256=inspected.sha256)
    return stored


def _audit(
    *,
    actor: User,
    action: str,
    evidence: Evidence,
    old: object = None,
    new: object = None,
    reason: str = "",
) -> None:
    participation = evidence.score.participation
    audit_record(
        actor=actor,
        action=action,
        target=evidence,
        old=old,
        new=new,
        reason=reason,
        round_id=participation.round.uuid,
        unit_code=participation.unit.code,
        node_code=evidence.score.node.code,
    )


@transaction.atomic
def evidence_attach(*, actor: User, score: Score, upload: UploadedFile[Any]) -> Evidence:
    """Attach an uploaded file to ``score`` (checked, stored once, audited).

    Callers check who may attach and when; this only judges the file itself.
    """
    inspected = inspect(upload)
    stored = evidence_file_store(actor=actor, upload=upload, inspected=inspected)
    evidence = Evidence(score=score, file=stored, name=inspected.name, uploaded_by=actor)
    evidence.full_clean()
    evidence.save()
    revisions.bump_score(score)
    new = {
        "name": evidence.name,
        "sha256": stored.sha256,
        "size": stored.size,
        "media_type": stored.media_type,
    }
    _audit(actor=actor, action="evidence.attach", evidence=evidence, new=new)
    return evidence


@transaction.atomic
def evidence_supersede(*, actor: User, evidence: Evidence, reason: str = "") -> Evidence:
    """Take an attachment off its score; the row and the file stay (never deleted)."""
    if evidence.superseded_at is not None:
        return evidence
    evidence.superseded_at = timezone.now()
    evidence.full_clean()
    evidence.save(update_fields=["superseded_at"])
    revisions.bump_score(evidence.score)
    old = {"name": evidence.name, "sha256": evidence.file.sha256}
    new = {"superseded_at": evidence.superseded_at}
    _audit(
        actor=actor, action="evidence.supersede", evidence=evidence, old=old, new=new, reason=reason
    )
    return evidence
