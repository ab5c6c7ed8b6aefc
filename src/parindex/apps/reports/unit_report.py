"""A unit's analysis report (Báo cáo phân tích Chỉ số CCHC) with its remediation annex."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import translation

from parindex.apps.reports import charts
from parindex.apps.reports import unit_tables as tables
from parindex.apps.reports.data import ReportData
from parindex.apps.reports.document import LANDSCAPE_TEXT_CM, OfficialDocument
from parindex.apps.reports.letterhead import Issuer
from parindex.apps.reports.wording import change, joined, points, rank_change
from parindex.apps.reports.workbook import workbook_bytes
from parindex.numbers import format_vn

SUBJECT = (
    "Phân tích Chỉ số cải cách hành chính năm {year} của {unit} và nhiệm vụ, giải pháp "
    "khắc phục năm {next}"
)
OPENING = (
    "Theo kết quả xác định Chỉ số cải cách hành chính năm {year}, Chỉ số CCHC của {unit} đạt "
    "{index}/100 điểm{band}, đứng thứ {rank}/{units} trong nhóm {group}."
)
BAND = ", xếp loại {label}"
COMPARED = "So với năm {previous} (chỉ số {before}, thứ {rank_before}), chỉ số {change}{rank}."
PURPOSE = (
    "Nhằm phát huy kết quả đạt được, làm rõ những nội dung bị trừ điểm và đề ra giải pháp "
    "khắc phục, {unit} báo cáo phân tích Chỉ số cải cách hành chính năm {year} như sau:"
)
DRAFT_NOTE = (
    "Kết quả trong báo cáo này chưa được Hội đồng thẩm định thông qua và có thể còn thay đổi."
)
UNPUBLISHED_NOTE = (
    "Kết quả trong báo cáo này đã được Hội đồng thẩm định thông qua nhưng chưa được công bố "
    "và có thể còn thay đổi."
)
RESULTS = "Kết quả Chỉ số cải cách hành chính năm {year}"
YEARS = "Kết quả Chỉ số CCHC qua các năm"
FIELDS = "Kết quả theo lĩnh vực so với năm {previous}"
NO_PREVIOUS = "Chưa có kết quả năm {previous} của đơn vị để so sánh theo từng lĩnh vực."
AGAINST_GROUP = "Chỉ số của đơn vị {position} mức trung bình của nhóm ({average}) {gap} điểm."
ABOVE, BELOW, LEVEL = "cao hơn", "thấp hơn", "bằng"
LOSSES = "Các nội dung bị trừ điểm"
LOSS_TOTAL = (
    "Năm {year}, đơn vị bị trừ tổng cộng {lost} điểm ở {count} tiêu chí thành phần thuộc "
    "{fields} lĩnh vực:"
)
NO_LOSS = "Năm {year}, đơn vị không bị trừ điểm ở tiêu chí nào."
FULL_FIELDS = "Các lĩnh vực đạt điểm tối đa: {fields}."
BONUS = "{field}: {value} điểm."
DETAIL = "Chi tiết từng tiêu chí thành phần bị trừ điểm và ý kiến thẩm định như bảng sau."
TASKS = "Nhiệm vụ, giải pháp khắc phục năm {next}"
TASKS_ANNEX = (
    "Đơn vị giao các phòng, bộ phận chủ trì khắc phục từng nội dung bị trừ điểm theo Phụ biểu "
    "kèm theo Báo cáo này, trong đó nêu rõ phương án khắc phục, phòng, bộ phận chủ trì và "
    "thời hạn hoàn thành."
)
TASKS_KEEP = (
    "Đơn vị tiếp tục duy trì kết quả đạt được ở tất cả các lĩnh vực, cập nhật đầy đủ tài liệu "
    "kiểm chứng có chữ ký số và tự chấm điểm sát với kết quả thực hiện."
)
TASKS_FOLLOW = (
    "Định kỳ hằng quý, các phòng, bộ phận báo cáo tiến độ thực hiện; bộ phận tham mưu công tác "
    "cải cách hành chính tổng hợp, báo cáo lãnh đạo đơn vị những nội dung có nguy cơ bị trừ "
    "điểm để kịp thời chỉ đạo khắc phục."
)
CLOSING = "Trên đây là báo cáo phân tích Chỉ số cải cách hành chính năm {year} của {unit}./."
RECIPIENTS = (
    "{province} (để báo cáo)",
    "Lãnh đạo đơn vị",
    "Các phòng, bộ phận thuộc đơn vị",
    "Lưu: VT",
)
ANNEX = "Phụ biểu các tiêu chí cần khắc phục"
ANNEX_SUBJECT = "để nâng cao Chỉ số cải cách hành chính năm {next} của {unit}"


def _opening(doc: OfficialDocument, data: ReportData, code: str) -> None:
    unit = data.unit(code)
    group = data.group_of(code)
    decimals = data.criteria.rounding.index_decimals
    band = BAND.format(label=unit.band.label) if unit.band else ""
    doc.paragraph(
        OPENING.format(
            year=data.year,
            unit=unit.unit.name,
            index=format_vn(unit.index, decimals),
            band=band,
            rank=unit.rank,
            units=len(group.units),
            group=group.group.name,
        )
    )
    if unit.previous_index is not None and unit.index_change is not None:
        rank = "" if unit.rank_change is None else f", {rank_change(unit.rank_change)}"
        doc.paragraph(
            COMPARED.format(
                previous=data.year - 1,
                before=format_vn(unit.previous_index, decimals),
                rank_before=unit.previous_rank if unit.previous_rank is not None else "—",
                change=change(unit.index_change, decimals),
                rank=rank,
            )
        )
    doc.paragraph(PURPOSE.format(unit=unit.unit.name, year=data.year))
    if not data.round.final:
        doc.paragraph(UNPUBLISHED_NOTE if data.round.signed_off else DRAFT_NOTE, italic=True)


def _results(doc: OfficialDocument, data: ReportData, code: str) -> None:
    doc.section(RESULTS.format(year=data.year))
    doc.subsection(YEARS)
    doc.table(tables.history_table(data, code), width_cm=13)
    history = data.history_of(code)
    if len(history) > 1:
        doc.chart(charts.history_chart(data.unit(code).unit.name, history))
    doc.subsection(FIELDS.format(previous=data.year - 1))
    if data.previous_unit(code) is None:
        doc.paragraph(NO_PREVIOUS.format(previous=data.year - 1))
    doc.table(tables.fields_table(data, code))
    group = data.group_of(code)
    doc.chart(charts.fields_chart(data.unit(code).appraised.fields, group.fields, year=data.year))
    _against_group(doc, data, code)


def _against_group(doc: OfficialDocument, data: ReportData, code: str) -> None:
    average = data.group_of(code).average
    if average is None:
        return
    decimals = data.criteria.rounding.index_decimals
    gap = data.unit(code).index - average
    position = ABOVE if gap > 0 else BELOW if gap < 0 else LEVEL
    doc.paragraph(
        AGAINST_GROUP.format(
            position=position,
            average=format_vn(average, decimals),
            gap=format_vn(abs(gap), decimals),
        )
    )


def _losses(doc: OfficialDocument, data: ReportData, code: str) -> None:
    doc.section(LOSSES)
    losses = data.losses.get(code, ())
    unit = data.unit(code)
    if not losses:
        doc.paragraph(NO_LOSS.format(year=data.year))
    else:
        fields = list(tables.by_field(data, code))
        lost = sum((p.lost for p in losses), Decimal(0))
        doc.paragraph(
            LOSS_TOTAL.format(
                year=data.year, lost=points(lost), count=len(losses), fields=len(fields)
            )
        )
        for field_code, title, _lost in fields:
            doc.bullet(tables.field_band(data, code, field_code, title).text + ";")
    lost_fields = {p.field_code for p in losses}
    full = [
        f"{f.code}. {f.title}"
        for f in unit.appraised.fields
        if f.applicable_max > 0 and f.code not in lost_fields and not f.not_applicable
    ]
    if full:
        doc.paragraph(FULL_FIELDS.format(fields=joined(full)))
    for f in unit.appraised.fields:
        if f.max_points == 0 and f.achieved != 0:
            doc.paragraph(BONUS.format(field=f.title, value=points(f.achieved)))
    if losses:
        doc.paragraph(DETAIL)
        doc.table(tables.losses_table(data, code))


def _tasks(doc: OfficialDocument, data: ReportData, code: str) -> None:
    doc.section(TASKS.format(next=data.year + 1))
    doc.paragraph(TASKS_ANNEX if data.losses.get(code) else TASKS_KEEP)
    doc.paragraph(TASKS_FOLLOW)


def unit_docx(
    data: ReportData, code: str, *, issuer: Issuer, province: Issuer, issued: date
) -> bytes:
    """The analysis report of unit ``code`` as a .docx file, its annex on landscape pages."""
    name = data.unit(code).unit.name
    with translation.override("vi"):
        doc = OfficialDocument()
        doc.letterhead(issuer, issued, draft=not data.round.final)
        doc.title(SUBJECT.format(year=data.year, unit=name, next=data.year + 1))
        _opening(doc, data, code)
        _results(doc, data, code)
        _losses(doc, data, code)
        _tasks(doc, data, code)
        doc.closing(CLOSING.format(year=data.year, unit=name))
        doc.signature(issuer, [line.format(province=province.name) for line in RECIPIENTS])
        if data.losses.get(code):
            doc.annex(ANNEX, ANNEX_SUBJECT.format(next=data.year + 1, unit=name), issuer, issued)
            doc.table(tables.annex_table(data, code), width_cm=LANDSCAPE_TEXT_CM)
        return doc.to_bytes()


def unit_xlsx(data: ReportData, code: str) -> bytes:
    """Every table of the unit's report, the annex included, one sheet each."""
    return workbook_bytes(tables.unit_tables(data, code))
