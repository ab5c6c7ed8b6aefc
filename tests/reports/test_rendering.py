"""The reports rendered as a reader sees them: LibreOffice turns the .docx and .xlsx into
PDF, poppler turns the pages into PNG. Catches layouts that break (runaway tables, blank
pages, missing Vietnamese letters, portrait annexes).

The pages are kept in ``$REPORTS_ARTIFACTS`` (default ``artifacts/reports/``) for people
to look at. Without LibreOffice or poppler the tests are skipped with the reason; in CI
(``CI=true``) the same absence fails them, as for the browser tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from reports_support import DONGHA, make_report

from parindex.apps.reports.letterhead import province_issuer, unit_issuer
from parindex.apps.reports.province_report import province_docx, province_xlsx
from parindex.apps.reports.unit_report import unit_docx

ROOT = Path(__file__).resolve().parents[2]
NO_OFFICE = (
    "no LibreOffice to render the reports: install Debian's libreoffice-writer and "
    "libreoffice-calc (apt-get install --no-install-recommends libreoffice-writer "
    "libreoffice-calc) or set REPORTS_SOFFICE to its path"
)
NO_POPPLER = "no pdftoppm/pdftotext/pdfinfo to read the PDF pages: apt-get install poppler-utils"
TIMEOUT = 240
A4 = (595, 842)  # points, rounded
ISSUED = date(2025, 1, 20)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where the tools must be there."""
    if in_ci():
        pytest.fail(f"CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


def soffice() -> str:
    wanted = os.environ.get("REPORTS_SOFFICE", "").strip()
    for candidate in [wanted] if wanted else ["soffice", "libreoffice"]:
        if found := shutil.which(candidate):
            return found
    unavailable(NO_OFFICE)
    raise AssertionError  # unreachable: unavailable() skips or fails


def poppler() -> None:
    if not all(shutil.which(tool) for tool in ("pdftoppm", "pdftotext", "pdfinfo")):
        unavailable(NO_POPPLER)


def artifacts() -> Path:
    folder = Path(os.environ.get("REPORTS_ARTIFACTS", ROOT / "artifacts" / "reports"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Rendered:
    """A file converted to PDF, its pages as PNG in the artifacts folder, and its text."""

    def __init__(self, source: Path, work: Path) -> None:
        profile = work / "profile"
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
        )
        self.pdf = work / f"{source.stem}.pdf"
        assert self.pdf.exists(), f"LibreOffice made no PDF of {source.name}"
        prefix = artifacts() / source.stem
        for old in prefix.parent.glob(f"{source.stem}-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(self.pdf), str(prefix)],
            check=True,
            timeout=TIMEOUT,
        )
        self.pages = sorted(
            prefix.parent.glob(f"{source.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-")[-1])
        )
        self.text = subprocess.run(
            ["pdftotext", "-layout", str(self.pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        ).stdout

    def sizes(self) -> list[tuple[int, int]]:
        """Every page's size in points, rounded."""
        info = subprocess.run(
            ["pdfinfo", "-f", "1", "-l", str(len(self.pages)), str(self.pdf)],
            check=True,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        ).stdout
        found = []
        for line in info.splitlines():
            if line.startswith("Page") and "size:" in line:
                width, _x, height = line.split("size:")[1].split()[:3]
                found.append((round(float(width)), round(float(height))))
        return found


def ink(page: Path) -> float:
    """The share of the page that is not white."""
    image = Image.open(page).convert("L")
    histogram = image.histogram()
    return sum(histogram[:200]) / (image.width * image.height)


def render(tmp_path_factory, name: str, content: bytes) -> Rendered:
    poppler()
    soffice()
    work = tmp_path_factory.mktemp(name)
    source = work / name
    source.write_bytes(content)
    return Rendered(source, work)


@pytest.fixture(scope="module")
def data():
    return make_report()


@pytest.fixture(scope="module")
def province(tmp_path_factory, data):
    content = province_docx(data, issuer=province_issuer(), issued=ISSUED)
    return render(tmp_path_factory, "province-report.docx", content)


@pytest.fixture(scope="module")
def unit(tmp_path_factory, data):
    issuer = unit_issuer(name="UBND phường Đông Hà", code=DONGHA)
    content = unit_docx(data, DONGHA, issuer=issuer, province=province_issuer(), issued=ISSUED)
    return render(tmp_path_factory, "unit-report.docx", content)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, data):
    return render(tmp_path_factory, "province-tables.xlsx", province_xlsx(data))


def test_the_province_report_renders_on_a4_pages_with_content(province):
    assert 6 <= len(province.pages) <= 20
    assert set(province.sizes()) == {A4}
    for page in province.pages:
        assert ink(page) > 0.01, f"{page.name} is nearly blank"


def test_the_rendered_province_report_keeps_vietnamese_letters_and_numbers(province):
    text = province.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "UBND phường Nam Đông Hà" in text
    assert "96,52" in text
    assert "Nơi nhận:" in text


def test_the_results_header_repeats_when_a_table_crosses_a_page(province):
    pages = province.text.split("\f")
    headed = [p for p in pages if "Điểm tối đa" in p and "Chỉ số" in p]
    assert headed, "the results tables were not rendered"


def test_the_unit_report_puts_its_annex_on_landscape_pages(unit):
    sizes = unit.sizes()
    assert sizes[0] == A4
    landscape = (A4[1], A4[0])
    assert landscape in sizes
    first_landscape = sizes.index(landscape)
    assert all(size == landscape for size in sizes[first_landscape:])
    annex = unit.text.split("\f")[first_landscape]
    assert "PHỤ BIỂU CÁC TIÊU CHÍ CẦN KHẮC PHỤC" in annex
    assert "Phương án khắc phục" in annex
    for page in unit.pages:
        assert ink(page) > 0.005, f"{page.name} is nearly blank"


def test_every_sheet_of_the_workbook_prints(workbook, data):
    assert len(workbook.pages) >= 13  # one sheet per table, at least a page each
    assert "Kết quả Chỉ số CCHC năm 2024: UBND xã, phường" in workbook.text
    assert "96.52" in workbook.text or "96,52" in workbook.text
