"""Uploaded files put on disk for the interchange readers, and sets written for download."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from parindex import scoring
from parindex.interchange import dump_criteria_xlsx, dump_criteria_yaml

CONTENT_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
WRITERS = {"yaml": dump_criteria_yaml, "xlsx": dump_criteria_xlsx}
_UNSAFE = re.compile(r"[^\w.-]+")


def safe_name(name: str, fallback: str) -> str:
    """A file name without folders or characters a file system may refuse."""
    cleaned = _UNSAFE.sub("-", Path(name).name).strip(".-")
    return cleaned or fallback


@contextmanager
def stored_upload(upload: UploadedFile[bytes]) -> Iterator[Path]:
    """The upload saved under its own name (problems name the file) in a folder that is
    removed afterwards."""
    suffix = Path(upload.name or "").suffix.lower()
    with tempfile.TemporaryDirectory(prefix="parindex-") as folder:
        path = Path(folder) / safe_name(upload.name or "", f"tep{suffix}")
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield path


def criteria_download(criteria: scoring.CriteriaSet, fmt: str) -> HttpResponse:
    """The set as a ``yaml`` or ``xlsx`` file to download."""
    name = safe_name(f"{criteria.code}.{fmt}", f"bo-tieu-chi.{fmt}")
    with tempfile.TemporaryDirectory(prefix="parindex-") as folder:
        path = Path(folder) / name
        WRITERS[fmt](criteria, path)
        data = path.read_bytes()
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
