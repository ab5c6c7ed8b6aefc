"""Small but real evidence documents, built byte by byte: a PDF, a DOCX and a PNG.

No third-party library is needed and the bytes are the same on every run (fixed ZIP
timestamps, no random parts), so a file's SHA-256 identifies it across loads.
"""

from __future__ import annotations

import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Sequence
from io import BytesIO
from xml.sax.saxutils import escape

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG_TYPE = "image/png"

# --- PDF ---------------------------------------------------------------------------------
# The standard Helvetica font covers only Latin-1, so the text is written without
# Vietnamese diacritics ("Ke hoach cai cach hanh chinh").

_PDF_LINE_GAP = 22


def ascii_text(text: str) -> str:
    """``"Kế hoạch CCHC – Sở Nội vụ"`` → ``"Ke hoach CCHC - So Noi vu"``."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("–", "-")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if ord(c) < 128)


def _pdf_string(text: str) -> str:
    plain = ascii_text(text)
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_document(lines: Sequence[str]) -> bytes:
    """A one-page A4 PDF showing ``lines`` (first one larger), with a correct xref table."""
    shown = [f"BT /F1 16 Tf 56 780 Td ({_pdf_string(lines[0])}) Tj ET"]
    for i, line in enumerate(lines[1:], start=1):
        y = 780 - 12 - i * _PDF_LINE_GAP
        shown.append(f"BT /F1 11 Tf 56 {y} Td ({_pdf_string(line)}) Tj ET")
    content = "\n".join(shown).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# --- DOCX --------------------------------------------------------------------------------

_ZIP_TIME = (2024, 12, 2, 8, 0, 0)
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph(text: str, *, bold: bool = False) -> str:
    run_props = '<w:rPr><w:b/><w:sz w:val="28"/></w:rPr>' if bold else ""
    return f'<w:p><w:r>{run_props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def docx_document(paragraphs: Sequence[str]) -> bytes:
    """A Word document (Office Open XML) whose first paragraph is a bold title."""
    body = "".join(_paragraph(text, bold=i == 0) for i, text in enumerate(paragraphs))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_WORD_NS}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _PACKAGE_RELS),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


# --- PNG ---------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_WHITE = (255, 255, 255)
_HEADER = (22, 50, 92)  # the app's dark blue
_LINE = (170, 178, 189)
_ACCENT = (196, 30, 58)  # the red of a banner


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _pixel(x: int, y: int, width: int, height: int) -> tuple[int, int, int]:
    """A photo-like sketch of a meeting slide: a red banner, a blue header, text lines."""
    if y < height // 8:
        return _ACCENT
    if y < height // 4:
        return _HEADER
    row = (y - height // 4) // 10
    in_line = (y - height // 4) % 10 < 4 and x > width // 10
    if in_line and x < width - width // 10 - (row % 3) * width // 8:
        return _LINE
    return _WHITE


def png_image(width: int = 160, height: int = 90) -> bytes:
    """An RGB PNG of ``width`` × ``height`` pixels."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type: none
        for x in range(width):
            rows.extend(_pixel(x, y, width, height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        _PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )
