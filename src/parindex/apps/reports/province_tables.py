"""The tables of the province results report, as :class:`ReportTable` data.

The .docx shows them between its paragraphs and the .xlsx puts each on a sheet, so the
two files always hold the same tables.
"""

from __future__ import annotations

from decimal import Decimal

from parindex.apps.reports.data import ReportData
from parindex.apps.reports.tables import Column, Kind, ReportTable, Row
from parindex.apps.reports.wording import applicable_max, percent
from parindex.scoring import GroupResult

CRITERIA_TITLE = "Điểm tối đa của các lĩnh vực theo nhóm đơn vị"
CRITERIA_NOTE = "Điểm thưởng và điểm trừ (nếu có) được cộng, trừ vào tổng điểm của đơn vị."
BANDS_TITLE = "Các mức xếp loại"
SURVEY_BALLOTS_TITLE = "Số phiếu khảo sát theo nhóm đơn vị"
SURVEY_FACTORS_TITLE = "Tỷ lệ người dân, tổ chức hài lòng theo từng yếu tố (%)"
RESULTS_TITLE = "Kết quả Chỉ số CCHC năm {year}: {group}"
STATS_TITLE = "Thống kê chỉ số theo nhóm đơn vị năm {year}"
CLASSES_TITLE = "Số đơn vị theo xếp loại năm {year}"
AVERAGES_TITLE = "Chỉ số trung bình của các nhóm qua các năm"
FIELDS_TITLE = "Kết quả theo lĩnh vực năm {year}: {group}"
CHANGES_TITLE = "Biến động chỉ số và thứ hạng so với năm {previous}: {group}"
TOTAL = "Tổng"
NO_BAND = "Chưa xếp loại"

CODE = Column("Mã", width=1.2)
FIELD = Column("Lĩnh vực", width=7.0)
UNIT = Column("Đơn vị", width=5.0)
GROUP = Column("Nhóm đơn vị", width=4.5)
RANK = Column("Hạng", Kind.INTEGER, width=1.6)
COUNT = Column("Số đơn vị", Kind.INTEGER, width=1.8)


def _points(header: str, decimals: int, width: float = 2.0) -> Column:
    return Column(header, Kind.POINTS, decimals, width)


def _fixed(header: str, decimals: int, width: float = 2.0) -> Column:
    return Column(header, Kind.FIXED, decimals, width)


def criteria_table(data: ReportData) -> ReportTable:
    groups = data.criteria.groups
    columns = (CODE, FIELD, *(_points(f"Điểm tối đa — {g.name}", 0, 2.6) for g in groups))
    rows: list[Row] = [
        (field.code, field.title, *(applicable_max(field, g.code) for g in groups))
        for field in data.criteria.fields
    ]
    totals = [
        sum((applicable_max(f, g.code) for f in data.criteria.fields), Decimal(0)) for g in groups
    ]
    rows.append(("", TOTAL, *totals))
    return ReportTable("Bộ tiêu chí", CRITERIA_TITLE, columns, tuple(rows), CRITERIA_NOTE)


def bands_table(data: ReportData) -> ReportTable:
    bands = sorted(data.criteria.bands, key=lambda b: b.minimum, reverse=True)
    columns = (
        Column("Xếp loại", width=4.0),
        Column("Ký hiệu", width=2.0),
        _points("Chỉ số từ", 0, 3.0),
        _points("Đến dưới", 0, 3.0),
    )
    rows: list[Row] = []
    upper: Decimal | None = None
    for band in bands:
        rows.append((band.label, band.short, band.minimum, upper))
        upper = band.minimum
    return ReportTable("Xếp loại", BANDS_TITLE, columns, tuple(rows))


def survey_tables(data: ReportData) -> list[ReportTable]:
    survey = data.survey
    if survey is None:
        return []
    names = {g.code: g.name for g in data.criteria.groups}
    ballots = ReportTable(
        "Số phiếu khảo sát",
        SURVEY_BALLOTS_TITLE,
        (GROUP, Column("Số phiếu", Kind.INTEGER, width=2.5)),
        (
            *((names.get(g.group, g.group), g.responses) for g in survey.groups),
            (TOTAL, survey.responses),
        ),
    )
    by_group = [{f.code: f.satisfied_percent for f in g.factors} for g in survey.groups]
    factors = ReportTable(
        "Hài lòng theo yếu tố",
        SURVEY_FACTORS_TITLE,
        (
            Column("Yếu tố", width=6.5),
            *(_fixed(names.get(g.group, g.group), 2, 3.0) for g in survey.groups),
        ),
        tuple(
            (title, *(values.get(code) for values in by_group)) for code, title in survey.factors()
        ),
    )
    return [ballots, factors]


def results_table(data: ReportData, group: GroupResult) -> ReportTable:
    rounding = data.criteria.rounding
    pts, idx = rounding.score_decimals, rounding.index_decimals
    survey = data.survey_points
    with_survey = any(u.unit.code in survey for u in group.units)
    columns = [RANK, UNIT]
    if with_survey:
        columns += [_points("Điểm thẩm định", pts), _points("Điểm khảo sát", pts)]
    columns += [
        _points("Tổng điểm đạt", pts),
        _points("Điểm tối đa áp dụng", pts),
        _fixed("Chỉ số", idx),
        Column("Xếp loại", width=2.2),
    ]
    rows: list[Row] = []
    for unit in group.units:
        total = unit.appraised.achieved
        band = unit.band.label if unit.band else NO_BAND
        head: tuple[Decimal | int | str | None, ...] = (unit.rank, unit.unit.name)
        if with_survey:
            from_survey = survey.get(unit.unit.code)
            appraised = total - from_survey if from_survey is not None else total
            head += (appraised, from_survey)
        rows.append((*head, total, unit.appraised.applicable_max, unit.index, band))
    title = RESULTS_TITLE.format(year=data.year, group=group.group.name)
    return ReportTable(f"Kết quả {group.group.name}", title, tuple(columns), tuple(rows))


def stats_table(data: ReportData) -> ReportTable:
    idx = data.criteria.rounding.index_decimals
    columns = (
        GROUP,
        COUNT,
        _fixed("Chỉ số trung bình", idx),
        Column("Số đơn vị trên trung bình", Kind.INTEGER, width=2.2),
        _fixed("Cao nhất", idx),
        _fixed("Thấp nhất", idx),
        _fixed("Khoảng cách", idx),
    )
    rows = tuple(
        (g.group.name, len(g.units), g.average, g.above_average, g.highest, g.lowest, g.spread)
        for g in data.result.groups
    )
    return ReportTable("Thống kê", STATS_TITLE.format(year=data.year), columns, rows)


def classes_table(data: ReportData) -> ReportTable:
    groups = data.result.groups
    labels = [b.label for b in sorted(data.criteria.bands, key=lambda b: b.minimum, reverse=True)]
    counts = [
        {label: sum(1 for u in g.units if u.band and u.band.label == label) for label in labels}
        for g in groups
    ]
    columns = (
        Column("Xếp loại", width=4.0),
        *(Column(g.group.name, Kind.INTEGER, width=3.0) for g in groups),
    )
    rows: tuple[Row, ...] = tuple((label, *(c[label] for c in counts)) for label in labels)
    return ReportTable("Xếp loại theo nhóm", CLASSES_TITLE.format(year=data.year), columns, rows)


def averages_table(data: ReportData) -> ReportTable | None:
    """The groups' averages by year, when there is more than this year to show."""
    history = data.group_history
    years = sorted({p.year for points in history.values() for p in points})
    if len(years) < 2:
        return None
    idx = data.criteria.rounding.index_decimals
    names = {g.code: g.name for g in data.criteria.groups}
    codes = list(history)
    by_year = {code: {p.year: p.average for p in history[code]} for code in codes}
    columns = (
        Column("Năm", Kind.YEAR, width=1.5),
        *(_fixed(names.get(code, code), idx, 3.0) for code in codes),
    )
    rows = tuple((year, *(by_year[code].get(year) for code in codes)) for year in years)
    return ReportTable("Trung bình qua các năm", AVERAGES_TITLE, columns, rows)


def fields_table(data: ReportData, group: GroupResult) -> ReportTable:
    pts = data.criteria.rounding.score_decimals
    columns = (
        CODE,
        FIELD,
        _points("Điểm tối đa", 0, 1.8),
        _points("Điểm trung bình", pts),
        _fixed("Tỷ lệ so với tối đa (%)", 2),
        Column("Số đơn vị đạt tối đa", Kind.INTEGER, width=2.0),
        Column("Số đơn vị áp dụng", Kind.INTEGER, width=2.0),
    )
    tree = {f.code: f for f in data.criteria.fields}
    rows: list[Row] = []
    for stats in group.fields:
        maximum = applicable_max(tree[stats.code], group.group.code)
        ratio = percent(stats.average, maximum)
        rows.append(
            (stats.code, stats.title, maximum, stats.average, ratio, stats.at_max, stats.units)
        )
    title = FIELDS_TITLE.format(year=data.year, group=group.group.name)
    return ReportTable(f"Lĩnh vực {group.group.name}", title, columns, tuple(rows))


def changes_table(data: ReportData, group: GroupResult) -> ReportTable | None:
    """Every unit's index and rank against last year, when last year is known."""
    if not any(u.previous_index is not None for u in group.units):
        return None
    idx = data.criteria.rounding.index_decimals
    previous = data.year - 1
    columns = (
        UNIT,
        _fixed(f"Chỉ số năm {previous}", idx),
        _fixed(f"Chỉ số năm {data.year}", idx),
        Column("Tăng/giảm chỉ số", Kind.SIGNED, idx, 2.0),
        Column(f"Hạng năm {previous}", Kind.INTEGER, width=1.6),
        Column(f"Hạng năm {data.year}", Kind.INTEGER, width=1.6),
        Column("Tăng/giảm hạng", Kind.SIGNED_INTEGER, width=1.8),
    )
    rows = tuple(
        (
            u.unit.name,
            u.previous_index,
            u.index,
            u.index_change,
            u.previous_rank,
            u.rank,
            u.rank_change,
        )
        for u in group.units
    )
    title = CHANGES_TITLE.format(previous=previous, group=group.group.name)
    return ReportTable(f"Biến động {group.group.name}", title, columns, rows)


def province_tables(data: ReportData) -> list[ReportTable]:
    """Every table of the province report, in the report's order."""
    tables = [criteria_table(data), bands_table(data), *survey_tables(data)]
    tables += [stats_table(data), classes_table(data)]
    tables += [results_table(data, g) for g in data.result.groups]
    if (averages := averages_table(data)) is not None:
        tables.append(averages)
    tables += [fields_table(data, g) for g in data.result.groups]
    tables += [t for g in data.result.groups if (t := changes_table(data, g)) is not None]
    return tables
