"""The demo's evidence documents (tài liệu kiểm chứng): which file goes on which score.

Each file is stored once per content (SHA-256) through Django's default storage; the
same plan reuses a file on two sub-criteria, as a unit does with one plan document.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from parindex.apps.accounts.models import User
from parindex.apps.assessments.models import EvidenceFile
from parindex.demo_province import files

ATTACH = "evidence.attach"
SUFFIXES = {files.PDF_TYPE: ".pdf", files.DOCX_TYPE: ".docx", files.PNG_TYPE: ".png"}


@dataclass(frozen=True, slots=True)
class Document:
    """An evidence document: its file name as the unit uploaded it and how to build it."""

    name: str
    media_type: str
    build: Callable[[], bytes]


def _pdf(*lines: str) -> Callable[[], bytes]:
    return lambda: files.pdf_document(lines)


def _docx(*paragraphs: str) -> Callable[[], bytes]:
    return lambda: files.docx_document(paragraphs)


PLAN_SNV_2023 = Document(
    "KH-CCHC-2023-SoNoiVu.pdf",
    files.PDF_TYPE,
    _pdf(
        "Ke hoach cai cach hanh chinh nam 2023",
        "So Noi vu - So: 25/KH-SNV, ngay 05/01/2023",
        "Tai lieu kiem chung mau cua ParIndex.",
    ),
)
PLAN_SNV = Document(
    "KH-CCHC-2024-SoNoiVu.pdf",
    files.PDF_TYPE,
    _pdf(
        "Ke hoach cai cach hanh chinh nam 2024",
        "So Noi vu - So: 18/KH-SNV, ngay 08/01/2024",
        "Tai lieu kiem chung mau cua ParIndex.",
    ),
)
REPORT_SNV = Document(
    "BC-CCHC-nam-2024-SoNoiVu.docx",
    files.DOCX_TYPE,
    _docx(
        "Báo cáo kết quả thực hiện công tác cải cách hành chính năm 2024",
        "Sở Nội vụ — Số: 412/BC-SNV, ngày 05/12/2024",
        "Đơn vị đã gửi đầy đủ báo cáo quý I, 6 tháng, quý III và báo cáo năm đúng thời hạn.",
        "Tài liệu kiểm chứng mẫu của ParIndex.",
    ),
)
PHOTO_SNV = Document("Hoi-nghi-tuyen-truyen-CCHC-2024.png", files.PNG_TYPE, files.png_image)
PLAN_DONGHA = Document(
    "KH-CCHC-2024-PhuongDongHa.pdf",
    files.PDF_TYPE,
    _pdf(
        "Ke hoach cai cach hanh chinh nam 2024",
        "UBND phuong Dong Ha - So: 09/KH-UBND, ngay 10/01/2024",
        "Tai lieu kiem chung mau cua ParIndex.",
    ),
)
LAW_REPORT_DONGHA = Document(
    "BC-theo-doi-thi-hanh-phap-luat-2024-PhuongDongHa.docx",
    files.DOCX_TYPE,
    _docx(
        "Báo cáo kết quả theo dõi tình hình thi hành pháp luật năm 2024",
        "UBND phường Đông Hà — Số: 125/BC-UBND, ngày 12/12/2024",
        "Phường đã theo dõi việc thi hành pháp luật trong lĩnh vực đất đai và xử lý vi phạm "
        "hành chính; kết quả và kiến nghị nêu tại Phụ lục kèm theo.",
    ),
)

# (year, unit, node) → documents attached by the unit's staff member.
ATTACHMENTS: Mapping[tuple[int, str, str], tuple[Document, ...]] = {
    (2023, "SNV", "1.1.1"): (PLAN_SNV_2023,),
    (2024, "SNV", "1.1.1"): (PLAN_SNV,),
    (2024, "SNV", "1.1.2"): (PLAN_SNV,),
    (2024, "SNV", "1.2"): (REPORT_SNV,),
    (2024, "SNV", "1.4.2"): (PHOTO_SNV,),
    (2024, "P-DONGHA", "1.1.1"): (PLAN_DONGHA,),
    (2024, "P-DONGHA", "1.1.2"): (PLAN_DONGHA,),
}


class FileStore:
    """Evidence files by SHA-256: found in the database, or stored and created once."""

    def __init__(self) -> None:
        self.by_sha: dict[str, EvidenceFile] = {}
        self.created = 0

    def get(self, document: Document, *, uploader: User) -> EvidenceFile:
        data = document.build()
        sha = hashlib.sha256(data).hexdigest()
        if sha not in self.by_sha:
            found = EvidenceFile.objects.filter(sha256=sha).first()
            self.by_sha[sha] = found or self._create(document, data, sha, uploader)
        return self.by_sha[sha]

    def _create(self, document: Document, data: bytes, sha: str, uploader: User) -> EvidenceFile:
        name = f"evidence/{sha[:2]}/{sha}{SUFFIXES[document.media_type]}"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(data))
        row = EvidenceFile(
            sha256=sha, size=len(data), media_type=document.media_type, uploaded_by=uploader
        )
        row.file.name = name
        row.full_clean()
        row.save()
        self.created += 1
        return row
