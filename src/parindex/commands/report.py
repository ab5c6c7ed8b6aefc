"""``parindex report``: the reports of a year's round from the database, as files.

``parindex report province --year 2024 --out bao-cao.docx`` writes the province results
report (``.xlsx``: every table of it); ``parindex report unit --year 2024 --unit SNV``
writes a unit's analysis report with its remediation annex. The files are the ones the
reports pages give. Problems are printed in Vietnamese on stderr with exit code 2; a
file that cannot be written gives 1, and no half-written file is left.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parindex.apps.assessments.models import Round
    from parindex.apps.reports.data import ReportData
    from parindex.apps.reports.letterhead import Issuer

HELP = (
    "lập báo cáo kết quả Chỉ số CCHC của tỉnh hoặc báo cáo phân tích của một đơn vị (.docx, .xlsx)"
)
KINDS = ("province", "unit")
FORMATS = ("docx", "xlsx")
EXIT_OK = 0
EXIT_WRITE_FAILED = 1
EXIT_BAD_INPUT = 2

NO_ROUND = (
    "Lỗi: năm {year} chưa có đợt đánh giá nào đã khóa hoặc đã được Hội đồng thông qua để lập "
    "báo cáo."
)
NEEDS_UNIT = "Lỗi: báo cáo của đơn vị cần mã đơn vị: --unit MÃ (ví dụ --unit SNV)."
UNKNOWN_UNIT = "Lỗi: không có đơn vị mã «{unit}» trong đợt đánh giá «{round}» năm {year}."
BAD_FORMAT = "Lỗi: không lập được tệp «{path}»: chỉ hỗ trợ .docx và .xlsx (--format docx|xlsx)."
BAD_DATE = "Lỗi: ngày «{value}» không hợp lệ; viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-01-15."
WRITE_FAILED = "Lỗi: không ghi được tệp {path}: {reason}"
WRITTEN = "Đã ghi báo cáo vào {path}"
DRAFT = "Lưu ý: đợt đánh giá chưa được Hội đồng thông qua; báo cáo ghi «DỰ THẢO»."
TAMPERED = (
    "Lỗi: kết quả đã công bố của đợt «{round}» không khớp dữ liệu đã lưu (mã băm); không lập "
    "báo cáo. Kiểm tra bằng: parindex results verify."
)
UNPUBLISHED = (
    "Lưu ý: kết quả của đợt đánh giá chưa được công bố; báo cáo tính từ điểm đang lưu và ghi "
    "«DỰ THẢO»."
)
DEFAULT_NAMES = {
    ("province", "docx"): "bao-cao-chi-so-cchc-{year}.docx",
    ("province", "xlsx"): "bang-so-lieu-chi-so-cchc-{year}.xlsx",
    ("unit", "docx"): "bao-cao-phan-tich-chi-so-cchc-{year}-{unit}.docx",
    ("unit", "xlsx"): "bang-so-lieu-phan-tich-chi-so-cchc-{year}-{unit}.xlsx",
}


class ReportRefusedError(Exception):
    """A problem with the request, told to the user in Vietnamese."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kind", choices=KINDS, help="province: báo cáo của tỉnh; unit: báo cáo của một đơn vị"
    )
    parser.add_argument("--year", required=True, type=int, metavar="NĂM", help="năm đánh giá")
    parser.add_argument("--unit", metavar="MÃ", help="mã đơn vị (với unit), ví dụ SNV")
    parser.add_argument(
        "--format", choices=FORMATS, help="docx (báo cáo) hoặc xlsx (các bảng); mặc định theo --out"
    )
    parser.add_argument(
        "--out", type=Path, metavar="TỆP", help="tệp kết quả; mặc định một tên theo năm và đơn vị"
    )
    parser.add_argument(
        "--date", metavar="NGÀY", help="ngày ghi trên báo cáo (NĂM-THÁNG-NGÀY); mặc định hôm nay"
    )


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.out is None:
        return "docx"
    suffix = Path(args.out).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ReportRefusedError(BAD_FORMAT.format(path=args.out))
    return suffix


def issue_date(value: str | None) -> date:
    from django.utils import timezone  # noqa: PLC0415 - Django loads on demand

    if value is None:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReportRefusedError(BAD_DATE.format(value=value)) from None


def _write_file(path: Path, content: bytes) -> None:
    """Write through a temporary file in the same folder so no half-written file is left."""
    folder = path.parent if str(path.parent) else Path()
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".parindex-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def build(args: argparse.Namespace, fmt: str, issued: date) -> tuple[bytes, str]:
    """The file's content and its default name."""
    from parindex.apps.reports.builder import finished_round  # noqa: PLC0415 - Django first
    from parindex.apps.results.selectors import ResultTampered  # noqa: PLC0415 - same

    round_ = finished_round(args.year)
    if round_ is None:
        raise ReportRefusedError(NO_ROUND.format(year=args.year))
    try:
        return _build(args, fmt, issued, round_)
    except ResultTampered:
        raise ReportRefusedError(TAMPERED.format(round=round_.name)) from None


def _build(args: argparse.Namespace, fmt: str, issued: date, round_: Round) -> tuple[bytes, str]:
    from parindex.apps.accounts.models import Unit  # noqa: PLC0415 - Django loads on demand
    from parindex.apps.reports import letterhead  # noqa: PLC0415 - same
    from parindex.apps.reports.builder import report_data  # noqa: PLC0415 - same
    from parindex.apps.reports.surveys import survey_figures  # noqa: PLC0415 - same

    if args.kind == "province":
        data = report_data(round_, survey=survey_figures(round_))
        _say_draft(round_.status, data)
        return _province(data, fmt, issued), DEFAULT_NAMES["province", fmt].format(year=args.year)
    if not args.unit:
        raise ReportRefusedError(NEEDS_UNIT)
    unit = (
        Unit.objects.filter(code=args.unit, participations__round=round_)
        .select_related("parent")
        .first()
    )
    if unit is None:
        message = UNKNOWN_UNIT.format(unit=args.unit, round=round_.name, year=args.year)
        raise ReportRefusedError(message)
    data = report_data(round_, losses_for=[unit.code])
    _say_draft(round_.status, data)
    parent = unit.parent.name if unit.parent else None
    issuer = letterhead.unit_issuer(name=unit.name, code=unit.code, parent=parent)
    content = _unit(data, unit.code, fmt, issuer, issued)
    return content, DEFAULT_NAMES["unit", fmt].format(year=args.year, unit=unit.code)


def _say_draft(status: str, data: ReportData) -> None:
    if not data.round.final:
        sys.stderr.write((DRAFT if status != "signed_off" else UNPUBLISHED) + "\n")


def _province(data: ReportData, fmt: str, issued: date) -> bytes:
    from parindex.apps.reports import province_report  # noqa: PLC0415 - Django loads on demand
    from parindex.apps.reports.letterhead import province_issuer  # noqa: PLC0415 - same

    if fmt == "xlsx":
        return province_report.province_xlsx(data)
    return province_report.province_docx(data, issuer=province_issuer(), issued=issued)


def _unit(data: ReportData, code: str, fmt: str, issuer: Issuer, issued: date) -> bytes:
    from parindex.apps.reports import unit_report  # noqa: PLC0415 - Django loads on demand
    from parindex.apps.reports.letterhead import province_issuer  # noqa: PLC0415 - same

    if fmt == "xlsx":
        return unit_report.unit_xlsx(data, code)
    return unit_report.unit_docx(
        data, code, issuer=issuer, province=province_issuer(), issued=issued
    )


def run(args: argparse.Namespace) -> int:
    from parindex.config.runtime import setup_django  # noqa: PLC0415 - Django loads on demand

    setup_django()
    try:
        fmt = output_format(args)
        content, default_name = build(args, fmt, issue_date(args.date))
    except ReportRefusedError as refused:
        sys.stderr.write(f"{refused}\n")
        return EXIT_BAD_INPUT
    path: Path = args.out or Path(default_name)
    try:
        _write_file(path, content)
    except OSError as exc:
        sys.stderr.write(WRITE_FAILED.format(path=path, reason=exc.strerror or exc) + "\n")
        return EXIT_WRITE_FAILED
    sys.stdout.write(WRITTEN.format(path=path) + "\n")
    return EXIT_OK
