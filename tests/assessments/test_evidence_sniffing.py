"""The type of an evidence file is read from its bytes, never from its name."""

import io
import zipfile

import pytest
from self_support import (
    EXE,
    JPEG,
    PDF,
    PNG,
    TEXT,
    docx_bytes,
    office_package,
    upload,
    xlsx_bytes,
)

from parindex.apps.assessments import evidence


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (PDF, evidence.PDF),
        (PNG, evidence.PNG),
        (JPEG, evidence.JPEG),
        (docx_bytes(), evidence.DOCX),
        (xlsx_bytes(), evidence.XLSX),
    ],
)
def test_each_accepted_type_is_recognised_from_its_content(content, media_type):
    assert evidence.sniff(io.BytesIO(content)) == media_type


def test_a_pdf_header_after_a_little_junk_is_still_a_pdf():
    assert evidence.sniff(io.BytesIO(b"\r\n\r\n" + PDF)) == evidence.PDF


@pytest.mark.parametrize(
    "content",
    [
        EXE,
        TEXT,
        b"",
        b"PK\x03\x04 not really a zip",
        office_package("presentationml.presentation.main+xml", "ppt/"),
    ],
    ids=["program", "text", "empty", "broken zip", "powerpoint"],
)
def test_anything_else_is_not_an_accepted_type(content):
    assert evidence.sniff(io.BytesIO(content)) is None


def test_a_zip_without_content_types_is_not_an_office_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<document/>")
    assert evidence.sniff(buffer) is None


def test_a_macro_enabled_word_file_is_refused():
    docm = office_package("ms-word.document.macroEnabled.main+xml", "word/")
    assert evidence.sniff(io.BytesIO(docm)) is None


def test_a_package_declaring_word_without_the_word_folder_is_refused():
    fake = office_package("wordprocessingml.document.main+xml", "other/")
    assert evidence.sniff(io.BytesIO(fake)) is None


def test_a_program_renamed_pdf_is_refused_with_a_clear_message(settings):
    with pytest.raises(evidence.EvidenceRefused) as refused:
        evidence.inspect(upload("bao-cao.pdf", EXE, "application/pdf"))
    assert "bao-cao.pdf" in refused.value.message
    assert "nhận diện theo nội dung" in refused.value.message


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings):
    settings.EVIDENCE_MAX_BYTES = 2 * 1024 * 1024
    with pytest.raises(evidence.EvidenceRefused) as refused:
        evidence.inspect(upload("lon.pdf", PDF + b"0" * (3 * 1024 * 1024)))
    assert refused.value.message == "Tệp «lon.pdf» dung lượng 3,0 MB, vượt quá giới hạn 2,0 MB."


def test_an_empty_file_is_refused():
    with pytest.raises(evidence.EvidenceRefused, match="rỗng"):
        evidence.inspect(upload("trong.pdf", b""))


def test_inspecting_gives_the_digest_size_and_real_type():
    found = evidence.inspect(upload("anh.pdf", PNG))
    assert found.media_type == evidence.PNG
    assert found.size == len(PNG)
    assert len(found.sha256) == 64


def test_the_name_loses_any_folder_a_browser_sent():
    assert evidence.clean_name("C:\\Users\\hoa\\Bao cao.pdf") == "Bao cao.pdf"
    assert evidence.clean_name("../../etc/passwd") == "passwd"
    assert len(evidence.clean_name("a" * 400 + ".pdf")) == 255


def test_a_download_gets_the_extension_of_its_real_type():
    assert evidence.download_name("ke-hoach.pdf", evidence.PDF) == "ke-hoach.pdf"
    assert evidence.download_name("anh.jpeg", evidence.JPEG) == "anh.jpeg"
    assert evidence.download_name("ke-hoach.docx", evidence.PDF) == "ke-hoach.docx.pdf"
