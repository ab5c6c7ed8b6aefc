"""The demo's evidence files: real documents, stored once per content, reused."""

import hashlib
import re
import struct
import zipfile
import zlib
from collections import Counter
from io import BytesIO
from xml.etree import ElementTree

from django.core.files.storage import default_storage

from parindex.apps.assessments.models import Evidence, EvidenceFile
from parindex.demo_province import files


def stored_bytes(evidence_file):
    with default_storage.open(evidence_file.file.name, "rb") as handle:
        return handle.read()


def test_every_file_is_in_storage_with_its_sha256_size_and_type(loaded):
    rows = list(EvidenceFile.objects.all())
    assert {row.media_type for row in rows} == {files.PDF_TYPE, files.DOCX_TYPE, files.PNG_TYPE}
    for row in rows:
        data = stored_bytes(row)
        assert hashlib.sha256(data).hexdigest() == row.sha256
        assert len(data) == row.size
    assert loaded.evidence_files == len(rows)


def test_the_same_plan_is_stored_once_and_attached_to_two_criteria(loaded):
    uses = Counter(Evidence.objects.values_list("file__sha256", flat=True))
    assert max(uses.values()) >= 2
    reused = EvidenceFile.objects.get(sha256=uses.most_common(1)[0][0])
    codes = set(reused.uses.values_list("score__node__code", flat=True))
    assert codes == {"1.1.1", "1.1.2"}
    assert Evidence.objects.count() > EvidenceFile.objects.count()


def test_evidence_is_uploaded_by_the_units_staff(loaded):
    for evidence in Evidence.objects.select_related("score__participation__unit", "uploaded_by"):
        unit = evidence.score.participation.unit.code
        assert evidence.uploaded_by.memberships.filter(unit__code=unit).exists()


def test_the_pdf_has_a_correct_cross_reference_table():
    data = files.pdf_document(["Kế hoạch cải cách hành chính (2024)", "Sở Nội vụ"])
    assert data.startswith(b"%PDF-1.4")
    assert data.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[start:].startswith(b"xref\n0 6\n")
    offsets = re.findall(rb"(\d{10}) 00000 n ", data[start:])
    for number, offset in enumerate(offsets, start=1):
        assert data[int(offset) :].startswith(b"%d 0 obj" % number)
    assert b"(Ke hoach cai cach hanh chinh \\(2024\\)) Tj" in data


def test_the_docx_is_a_word_package_with_the_vietnamese_text():
    data = files.docx_document(["Báo cáo kết quả CCHC", "Sở Nội vụ — 2024"])
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert "[Content_Types].xml" in archive.namelist()
        document = ElementTree.fromstring(archive.read("word/document.xml"))
    texts = [node.text for node in document.iter() if node.tag.endswith("}t")]
    assert texts == ["Báo cáo kết quả CCHC", "Sở Nội vụ — 2024"]
    assert files.docx_document(["a"]) == files.docx_document(["a"])


def test_the_png_has_valid_chunks_and_pixels():
    data = files.png_image(width=20, height=10)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, chunks = 8, {}
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc
        chunks[kind] = body
        position += 12 + length
    assert list(chunks) == [b"IHDR", b"IDAT", b"IEND"]
    assert struct.unpack(">II", chunks[b"IHDR"][:8]) == (20, 10)
    assert len(zlib.decompress(chunks[b"IDAT"])) == (20 * 3 + 1) * 10
