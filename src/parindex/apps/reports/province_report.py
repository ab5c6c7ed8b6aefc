"""The province results report (Báo cáo kết quả xác định Chỉ số CCHC) as .docx and .xlsx."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import translation

from parindex.apps.reports import charts
from parindex.apps.reports import province_tables as tables
from parindex.apps.reports.data import ReportData
from parindex.apps.reports.document import OfficialDocument
from parindex.apps.reports.letterhead import Issuer
from parindex.apps.reports.wording import (
    applicable_max,
    day,
    joined,
    percent,
    rank_change,
    structure,
)
from parindex.apps.reports.workbook import workbook_bytes
from parindex.numbers import format_vn
from parindex.scoring import GroupResult

SUBJECT = "Kết quả xác định Chỉ số cải cách hành chính năm {year} của {groups}"
BASIS_DECISION = (
    "Căn cứ Quyết định số {number}{date} của UBND tỉnh ban hành {name}; căn cứ kết quả tự "
    "đánh giá, chấm điểm của các đơn vị và kết quả thẩm định của Hội đồng thẩm định, "
    "{issuer} báo cáo kết quả xác định Chỉ số cải cách hành chính năm {year} như sau:"
)
BASIS = (
    "Căn cứ {name}; căn cứ kết quả tự đánh giá, chấm điểm của các đơn vị và kết quả thẩm "
    "định của Hội đồng thẩm định, {issuer} báo cáo kết quả xác định Chỉ số cải cách hành "
    "chính năm {year} như sau:"
)
DRAFT_NOTE = (
    "Kết quả trong báo cáo này chưa được Hội đồng thẩm định thông qua và có thể còn thay đổi."
)
UNPUBLISHED_NOTE = (
    "Kết quả trong báo cáo này đã được Hội đồng thẩm định thông qua nhưng chưa được công bố "
    "và có thể còn thay đổi."
)
METHOD = "Phương pháp đánh giá"
CRITERIA = "Bộ tiêu chí đánh giá"
CRITERIA_TEXT = (
    "Bộ tiêu chí gồm {fields} lĩnh vực, {criteria} tiêu chí và {sub} tiêu chí thành phần; "
    "điểm tối đa của từng lĩnh vực đối với mỗi nhóm đơn vị như bảng sau."
)
FORMULA = "Cách tính chỉ số và xếp loại"
FORMULA_TEXT = (
    "Chỉ số cải cách hành chính của mỗi đơn vị bằng tổng điểm đạt chia cho tổng điểm tối đa "
    "của các tiêu chí áp dụng đối với đơn vị, nhân với 100, làm tròn đến {decimals} chữ số "
    "thập phân. Các đơn vị được xếp hạng riêng trong từng nhóm: {groups}. Đơn vị được xếp "
    "loại theo chỉ số đạt được như sau."
)
ORGANISATION = "Tổ chức đánh giá"
SELF_TEXT = "Các đơn vị tự đánh giá, chấm điểm từ ngày {opens} đến ngày {deadline}."
APPRAISAL_TEXT = "Hội đồng thẩm định tiến hành thẩm định kết quả tự đánh giá đến ngày {deadline}."
SIGNED_TEXT = "Ngày {day}, Hội đồng thẩm định thông qua kết quả."
UNITS_TEXT = "Có {total} đơn vị tham gia đánh giá, gồm {parts}."
SURVEY = "Kết quả khảo sát sự hài lòng của người dân, tổ chức"
SURVEY_TEXT = "{name}: thu về {total} phiếu, trong đó {parts}."
SURVEY_POINTS_TEXT = (
    "Điểm khảo sát của từng đơn vị được tính vào tổng điểm và thể hiện tại cột «Điểm khảo sát» "
    "của bảng kết quả."
)
NO_SURVEY = (
    "Năm {year}, số liệu khảo sát sự hài lòng không được tổng hợp riêng trong báo cáo này; "
    "điểm của các tiêu chí về mức độ hài lòng (nếu có) đã được tính vào điểm thẩm định của "
    "từng đơn vị."
)
RESULTS = "Kết quả Chỉ số cải cách hành chính năm {year}"
OVERVIEW = "Kết quả chung"
GROUP_TEXT = (
    "Chỉ số trung bình của nhóm đạt {average}; có {above}/{total} đơn vị đạt trên mức trung "
    "bình. Đơn vị có chỉ số cao nhất là {best} ({highest}), thấp nhất là {worst} ({lowest}); "
    "khoảng cách giữa cao nhất và thấp nhất là {spread}."
)
CLASSES_TEXT = "Về xếp loại: {parts}."
YEARS = "Chỉ số trung bình qua các năm"
FIELDS = "Kết quả theo lĩnh vực"
BEST_FIELD = "Lĩnh vực có tỷ lệ điểm trung bình cao nhất là {field} ({ratio} % điểm tối đa)."
WORST_FIELD = "Lĩnh vực có tỷ lệ điểm trung bình thấp nhất là {field} ({ratio} % điểm tối đa)."
NOBODY_AT_MAX = "Không đơn vị nào đạt điểm tối đa ở {count} lĩnh vực: {fields}."
CHANGES = "Biến động so với năm {previous}"
NO_PREVIOUS = "Chưa có kết quả năm {previous} của nhóm để so sánh."
RISER = "Đơn vị tăng chỉ số nhiều nhất là {unit}: tăng {change} (từ {before} lên {after}){rank}."
FALLER = "Đơn vị giảm chỉ số nhiều nhất là {unit}: giảm {change} (từ {before} xuống {after}){rank}."
MOVES_TEXT = "Có {up} đơn vị tăng chỉ số, {down} đơn vị giảm chỉ số so với năm {previous}."
CLOSING = (
    "Trên đây là báo cáo kết quả xác định Chỉ số cải cách hành chính năm {year} của {groups}./."
)
RECIPIENTS = (
    "UBND tỉnh (để báo cáo)",
    "Hội đồng thẩm định Chỉ số CCHC tỉnh",
    "{groups} (để biết)",
    "Lưu: VT, CCHC",
)


def _groups_text(data: ReportData) -> str:
    return joined([g.group.name for g in data.result.groups])


def _introduction(doc: OfficialDocument, data: ReportData, issuer: Issuer) -> None:
    criteria = data.criteria
    if criteria.decision_number:
        decision_day = f" ngày {day(criteria.decision_date)}" if criteria.decision_date else ""
        text = BASIS_DECISION.format(
            number=criteria.decision_number,
            date=decision_day,
            name=criteria.name,
            issuer=issuer.name,
            year=data.year,
        )
    else:
        text = BASIS.format(name=criteria.name, issuer=issuer.name, year=data.year)
    doc.paragraph(text)
    if not data.round.final:
        doc.paragraph(UNPUBLISHED_NOTE if data.round.signed_off else DRAFT_NOTE, italic=True)


def _method(doc: OfficialDocument, data: ReportData) -> None:
    criteria = data.criteria
    doc.section(METHOD)
    doc.subsection(CRITERIA)
    fields, count, sub = structure(criteria)
    doc.paragraph(CRITERIA_TEXT.format(fields=fields, criteria=count, sub=sub))
    doc.table(tables.criteria_table(data))
    doc.subsection(FORMULA)
    decimals = criteria.rounding.index_decimals
    doc.paragraph(FORMULA_TEXT.format(decimals=decimals, groups=_groups_text(data)))
    doc.table(tables.bands_table(data), width_cm=12)
    doc.subsection(ORGANISATION)
    info = data.round
    if info.self_assessment_opens and info.self_assessment_deadline:
        opens, deadline = day(info.self_assessment_opens), day(info.self_assessment_deadline)
        doc.paragraph(SELF_TEXT.format(opens=opens, deadline=deadline))
    if info.appraisal_deadline:
        doc.paragraph(APPRAISAL_TEXT.format(deadline=day(info.appraisal_deadline)))
    if info.signed_off:
        doc.paragraph(SIGNED_TEXT.format(day=day(info.signed_off)))
    parts = [f"{len(g.units)} {g.group.name}" for g in data.result.groups]
    total = sum(len(g.units) for g in data.result.groups)
    doc.paragraph(UNITS_TEXT.format(total=total, parts=joined(parts)))


def _survey(doc: OfficialDocument, data: ReportData) -> None:
    doc.section(SURVEY)
    survey = data.survey
    if survey is None:
        doc.paragraph(NO_SURVEY.format(year=data.year))
        return
    names = {g.code: g.name for g in data.criteria.groups}
    parts = [
        f"{format_vn(g.responses)} phiếu của {names.get(g.group, g.group)}" for g in survey.groups
    ]
    total = format_vn(survey.responses)
    doc.paragraph(SURVEY_TEXT.format(name=survey.name, total=total, parts=joined(parts)))
    for table in tables.survey_tables(data):
        doc.table(table, width_cm=14)
    doc.chart(charts.survey_chart(survey, names))
    if data.survey_points:
        doc.paragraph(SURVEY_POINTS_TEXT)


def _group_text(doc: OfficialDocument, group: GroupResult, decimals: int) -> None:
    if not group.units:
        return
    best, worst = group.units[0], group.units[-1]
    doc.paragraph(
        GROUP_TEXT.format(
            average=format_vn(group.average, decimals),
            above=group.above_average,
            total=len(group.units),
            best=best.unit.name,
            highest=format_vn(group.highest, decimals),
            worst=worst.unit.name,
            lowest=format_vn(group.lowest, decimals),
            spread=format_vn(group.spread, decimals),
        )
    )
    counts: dict[str, int] = {}
    for unit in group.units:
        label = unit.band.label if unit.band else tables.NO_BAND
        counts[label] = counts.get(label, 0) + 1
    parts = [f"{count} đơn vị xếp loại {label}" for label, count in counts.items()]
    doc.paragraph(CLASSES_TEXT.format(parts=joined(parts)))


def _results(doc: OfficialDocument, data: ReportData) -> None:
    decimals = data.criteria.rounding.index_decimals
    doc.section(RESULTS.format(year=data.year))
    doc.subsection(OVERVIEW)
    doc.table(tables.stats_table(data))
    doc.table(tables.classes_table(data), width_cm=12)
    for group in data.result.groups:
        doc.subsection(group.group.name)
        doc.table(tables.results_table(data, group))
        if group.units:
            doc.chart(charts.index_chart(group, year=data.year, decimals=decimals))
        _group_text(doc, group, decimals)
    averages = tables.averages_table(data)
    if averages is not None:
        doc.subsection(YEARS)
        doc.table(averages, width_cm=12)
        names = {g.code: g.name for g in data.criteria.groups}
        doc.chart(charts.averages_chart(data.group_history, names, decimals=decimals))


def _fields(doc: OfficialDocument, data: ReportData) -> None:
    doc.section(FIELDS)
    tree = {f.code: f for f in data.criteria.fields}
    for group in data.result.groups:
        doc.subsection(group.group.name)
        doc.table(tables.fields_table(data, group))
        ratios: list[tuple[Decimal, str]] = []
        for stats in group.fields:
            maximum = applicable_max(tree[stats.code], group.group.code)
            ratio = percent(stats.average, maximum)
            if ratio is not None:
                ratios.append((ratio, f"{stats.code}. {stats.title}"))
        if ratios:
            best, worst = max(ratios), min(ratios)
            doc.bullet(BEST_FIELD.format(field=best[1], ratio=format_vn(best[0], 2)))
            doc.bullet(WORST_FIELD.format(field=worst[1], ratio=format_vn(worst[0], 2)))
        missed = [
            f"{s.code}. {s.title}"
            for s in group.fields
            if s.units and s.at_max == 0 and applicable_max(tree[s.code], group.group.code) > 0
        ]
        if missed:
            doc.bullet(NOBODY_AT_MAX.format(count=len(missed), fields=joined(missed)))


def _moves(doc: OfficialDocument, group: GroupResult, decimals: int, previous: int) -> None:
    for unit, template in ((group.riser, RISER), (group.faller, FALLER)):
        if unit is None or unit.index_change is None or unit.previous_index is None:
            continue
        doc.bullet(
            template.format(
                unit=unit.unit.name,
                change=format_vn(abs(unit.index_change), decimals),
                before=format_vn(unit.previous_index, decimals),
                after=format_vn(unit.index, decimals),
                rank="" if unit.rank_change is None else f", {rank_change(unit.rank_change)}",
            )
        )
    up = sum(1 for u in group.units if u.index_change is not None and u.index_change > 0)
    down = sum(1 for u in group.units if u.index_change is not None and u.index_change < 0)
    doc.bullet(MOVES_TEXT.format(up=up, down=down, previous=previous))


def _changes(doc: OfficialDocument, data: ReportData) -> None:
    previous = data.year - 1
    decimals = data.criteria.rounding.index_decimals
    doc.section(CHANGES.format(previous=previous))
    for group in data.result.groups:
        doc.subsection(group.group.name)
        table = tables.changes_table(data, group)
        if table is None:
            doc.paragraph(NO_PREVIOUS.format(previous=previous))
            continue
        _moves(doc, group, decimals, previous)
        doc.table(table)


def province_docx(data: ReportData, *, issuer: Issuer, issued: date) -> bytes:
    """The province results report as a .docx file."""
    with translation.override("vi"):
        doc = OfficialDocument()
        doc.letterhead(issuer, issued, draft=not data.round.final)
        doc.title(SUBJECT.format(year=data.year, groups=_groups_text(data)))
        _introduction(doc, data, issuer)
        _method(doc, data)
        _survey(doc, data)
        _results(doc, data)
        _fields(doc, data)
        _changes(doc, data)
        doc.closing(CLOSING.format(year=data.year, groups=_groups_text(data)))
        recipients = [line.format(groups=_groups_text(data)) for line in RECIPIENTS]
        doc.signature(issuer, recipients)
        return doc.to_bytes()


def province_xlsx(data: ReportData) -> bytes:
    """Every table of the province report, one sheet each."""
    return workbook_bytes(tables.province_tables(data))
