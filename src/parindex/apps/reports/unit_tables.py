"""The tables of a unit's analysis report and of its remediation annex."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from parindex.apps.reports.data import LostPoint, ReportData
from parindex.apps.reports.tables import Band, Column, Kind, ReportTable, Row, Value
from parindex.apps.reports.wording import points

HISTORY_TITLE = "Chỉ số cải cách hành chính của {unit} qua các năm"
FIELDS_TITLE = "Kết quả theo lĩnh vực năm {year} so với năm {previous}"
LOSSES_TITLE = "Các tiêu chí thành phần bị trừ điểm năm {year}"
ANNEX_TITLE = "Các tiêu chí cần khắc phục"
TOTAL = "Tổng điểm"
INDEX = "Chỉ số CCHC"
FIELD_BAND = "{code}. {title}"
FIELD_LOST = "{code}. {title}: đạt {achieved}/{maximum} điểm, bị trừ {lost} điểm"
NOT_APPLICABLE = "Không áp dụng"
HUNDRED = Decimal(100)

CODE = Column("Mã", width=1.6)
CRITERION = Column("Tiêu chí", width=4.6)


def history_table(data: ReportData, code: str) -> ReportTable:
    unit = data.unit(code).unit
    columns = (
        Column("Năm", Kind.YEAR, width=1.6),
        Column("Chỉ số CCHC", Kind.POINTS, 0, 2.5),
        Column("Xếp hạng", Kind.INTEGER, width=2.0),
        Column("Số đơn vị trong nhóm", Kind.INTEGER, width=2.5),
        Column("Xếp loại", width=3.0),
    )
    rows = tuple((p.year, p.index, p.rank, p.units, p.band) for p in data.history_of(code))
    title = HISTORY_TITLE.format(unit=unit.name)
    return ReportTable("Qua các năm", title, columns, rows)


def _pair(achieved: Decimal | None, maximum: Decimal) -> Value:
    return (achieved, maximum if maximum > 0 else None)


def _year_column(year: int) -> Column:
    headers = (f"Năm {year}: điểm đạt", f"Năm {year}: điểm tối đa")
    return Column(f"Năm {year} (điểm)", Kind.PAIR, 0, 2.6, headers)


def fields_table(data: ReportData, code: str) -> ReportTable:
    """Per field: points this year and last year (achieved/maximum), change, group average."""
    pts = data.criteria.rounding.score_decimals
    unit, before = data.unit(code), data.previous_unit(code)
    averages = {s.code: s.average for s in data.group_of(code).fields}
    columns = (
        CODE,
        Column("Lĩnh vực", width=5.2),
        _year_column(data.year),
        _year_column(data.year - 1),
        Column("Tăng/giảm", Kind.SIGNED, pts, 1.9),
        Column(f"Trung bình nhóm năm {data.year}", Kind.POINTS, pts, 2.2),
    )
    rows: list[Row] = []
    for result in unit.appraised.fields:
        old = data.previous_field(code, result.code)
        now: Value = (
            NOT_APPLICABLE
            if result.not_applicable
            else _pair(result.achieved, result.applicable_max)
        )
        then: Value = None
        delta: Decimal | None = None
        if old is not None and not old.not_applicable:
            then = _pair(old.achieved, old.applicable_max)
            delta = None if result.not_applicable else result.achieved - old.achieved
        rows.append((result.code, result.title, now, then, delta, averages.get(result.code)))
    total = unit.appraised
    rows.append(
        (
            "",
            TOTAL,
            (total.achieved, total.applicable_max),
            None
            if before is None
            else (before.appraised.achieved, before.appraised.applicable_max),
            None if before is None else total.achieved - before.appraised.achieved,
            None,
        )
    )
    index_delta = unit.index_change
    rows.append(
        (
            "",
            INDEX,
            (unit.index, HUNDRED),
            None if unit.previous_index is None else (unit.previous_index, HUNDRED),
            index_delta,
            data.group_of(code).average,
        )
    )
    title = FIELDS_TITLE.format(year=data.year, previous=data.year - 1)
    return ReportTable("Theo lĩnh vực", title, columns, tuple(rows))


def by_field(data: ReportData, code: str) -> Iterator[tuple[str, str, tuple[LostPoint, ...]]]:
    """(field code, field title, its lost points) for every field where points were lost."""
    losses = data.losses.get(code, ())
    for field in data.criteria.fields:
        mine = tuple(p for p in losses if p.field_code == field.code)
        if mine:
            yield field.code, field.title, mine


def field_band(data: ReportData, code: str, field_code: str, title: str) -> Band:
    result = next(f for f in data.unit(code).appraised.fields if f.code == field_code)
    lost = sum(
        (p.lost for p in data.losses.get(code, ()) if p.field_code == field_code), Decimal(0)
    )
    return Band(
        FIELD_LOST.format(
            code=field_code,
            title=title,
            achieved=points(result.achieved),
            maximum=points(result.applicable_max),
            lost=points(lost),
        )
    )


def losses_table(data: ReportData, code: str) -> ReportTable:
    pts = data.criteria.rounding.score_decimals
    columns = (
        CODE,
        CRITERION,
        Column("Tối đa", Kind.POINTS, 0, 1.6),
        Column("Tự chấm", Kind.POINTS, pts, 1.7),
        Column("Thẩm định", Kind.POINTS, pts, 1.8),
        Column("Bị trừ", Kind.POINTS, pts, 1.6),
        Column("Ý kiến thẩm định", width=4.5),
    )
    rows: list[Row] = []
    for field_code, title, lost in by_field(data, code):
        rows.append(field_band(data, code, field_code, title))
        rows += [
            (p.code, p.title, p.max_points, p.self_score, p.appraised, p.lost, p.opinion)
            for p in lost
        ]
    return ReportTable(
        "Tiêu chí bị trừ điểm", LOSSES_TITLE.format(year=data.year), columns, tuple(rows)
    )


def annex_table(data: ReportData, code: str) -> ReportTable:
    """The remediation annex: one row per lost sub-criterion, the last three to fill in."""
    pts = data.criteria.rounding.score_decimals
    columns = (
        CODE,
        Column("Tiêu chí", width=5.0),
        Column("Điểm tự chấm", Kind.POINTS, pts, 1.6),
        Column("Điểm thẩm định", Kind.POINTS, pts, 1.7),
        Column("Ý kiến thẩm định", width=5.5),
        Column(f"Phương án khắc phục năm {data.year + 1}", width=4.5),
        Column("Phòng, bộ phận chủ trì", width=2.5),
        Column("Thời hạn hoàn thành", width=2.0),
    )
    rows: list[Row] = []
    for field_code, title, lost in by_field(data, code):
        rows.append(Band(FIELD_BAND.format(code=field_code, title=title)))
        rows += [(p.code, p.title, p.self_score, p.appraised, p.opinion, "", "", "") for p in lost]
    return ReportTable("Phụ biểu khắc phục", ANNEX_TITLE, columns, tuple(rows))


def unit_tables(data: ReportData, code: str) -> list[ReportTable]:
    """Every table of the unit's report, in the report's order."""
    return [
        history_table(data, code),
        fields_table(data, code),
        losses_table(data, code),
        annex_table(data, code),
    ]
