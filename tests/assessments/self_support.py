"""Files and helpers shared by the rounds, self-assessment and evidence tests."""

import io
import zipfile

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
TEXT = "Báo cáo cải cách hành chính năm 2024\n".encode()


def office_package(main_type, folder, extra_members=()):
    """A minimal Office package: [Content_Types].xml naming the main part, and the part."""
    buffer = io.BytesIO()
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/{folder}main.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.{main_type}"/></Types>'
    )
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", types)
        package.writestr(f"{folder}main.xml", "<document/>")
        for name, data in extra_members:
            package.writestr(name, data)
    return buffer.getvalue()


def docx_bytes():
    return office_package("wordprocessingml.document.main+xml", "word/")


def xlsx_bytes():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Số hồ sơ"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
