"""Every table of a report as an .xlsx sheet: numbers stored as numbers with the
published decimals as their number format."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from reports_support import DONGHA, OPINION, make_report

from parindex.apps.reports import province_tables, unit_tables
from parindex.apps.reports.province_report import province_xlsx
from parindex.apps.reports.unit_report import unit_xlsx

HEADER_ROW = 3


@pytest.fixture(scope="module")
def data():
    return make_report()


@pytest.fixture(scope="module")
def province(data):
    return openpyxl.load_workbook(io.BytesIO(province_xlsx(data)))


@pytest.fixture(scope="module")
def unit(data):
    return openpyxl.load_workbook(io.BytesIO(unit_xlsx(data, DONGHA)))


def header(sheet):
    return [cell.value for cell in sheet[HEADER_ROW]]


def test_every_table_of_the_province_report_has_a_sheet(province, data):
    tables = province_tables.province_tables(data)
    assert province.sheetnames == [
        "Bộ tiêu chí",
        "Xếp loại",
        "Số phiếu khảo sát",
        "Hài lòng theo yếu tố",
        "Thống kê",
        "Xếp loại theo nhóm",
        "Kết quả Sở, ban, ngành",
        "Kết quả UBND xã, phường",
        "Trung bình qua các năm",
        "Lĩnh vực Sở, ban, ngành",
        "Lĩnh vực UBND xã, phường",
        "Biến động Sở, ban, ngành",
        "Biến động UBND xã, phường",
    ]
    assert len(tables) == len(province.sheetnames)
    for table, name in zip(tables, province.sheetnames, strict=True):
        assert province[name]["A1"].value == table.title


def test_indices_are_numbers_with_two_decimals(province, data):
    sheet = province["Kết quả UBND xã, phường"]
    assert header(sheet) == [
        "Hạng",
        "Đơn vị",
        "Tổng điểm đạt",
        "Điểm tối đa áp dụng",
        "Chỉ số",
        "Xếp loại",
    ]
    group = data.result.groups[1]
    for row, unit in zip(
        sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=False), group.units, strict=True
    ):
        rank, name, achieved, _maximum, index, band = row
        assert (rank.value, name.value, band.value) == (unit.rank, unit.unit.name, unit.band.label)
        assert index.data_type == "n"
        assert D(str(index.value)) == unit.index
        assert index.number_format == "0.00"
        assert achieved.data_type == "n"
    assert sheet["E4"].value == pytest.approx(96.52)


def test_changes_keep_their_sign_in_the_number_format(province):
    sheet = province["Biến động UBND xã, phường"]
    assert header(sheet)[3] == "Tăng/giảm chỉ số"
    change = sheet.cell(row=HEADER_ROW + 1, column=4)
    assert change.data_type == "n"
    assert change.number_format == "+0.00;-0.00;0.00"
    assert sheet.cell(row=HEADER_ROW + 1, column=7).number_format == "+0;-0;0"


def test_the_survey_sheet_holds_percentages_and_ballots(province):
    ballots = province["Số phiếu khảo sát"]
    assert [c.value for c in ballots[HEADER_ROW + 1]] == ["Sở, ban, ngành", 984]
    assert [c.value for c in ballots[HEADER_ROW + 3]] == ["Tổng", 2124]
    factors = province["Hài lòng theo yếu tố"]
    first = factors.cell(row=HEADER_ROW + 1, column=2)
    assert (first.value, first.number_format) == (pytest.approx(92.5), "0.00")


def test_the_unit_workbook_splits_points_into_achieved_and_maximum(unit, data):
    assert unit.sheetnames == [
        "Qua các năm",
        "Theo lĩnh vực",
        "Tiêu chí bị trừ điểm",
        "Phụ biểu khắc phục",
    ]
    fields = unit["Theo lĩnh vực"]
    assert header(fields) == [
        "Mã",
        "Lĩnh vực",
        "Năm 2024: điểm đạt",
        "Năm 2024: điểm tối đa",
        "Năm 2023: điểm đạt",
        "Năm 2023: điểm tối đa",
        "Tăng/giảm",
        "Trung bình nhóm năm 2024",
    ]
    first = data.unit(DONGHA).appraised.fields[0]
    achieved = fields.cell(row=HEADER_ROW + 1, column=3)
    assert D(str(achieved.value)) == first.achieved
    assert fields.cell(row=HEADER_ROW + 1, column=4).value == 13


def test_the_history_sheet_keeps_published_decimals(unit):
    history = unit["Qua các năm"]
    first = [c.value for c in history[HEADER_ROW + 1]]
    assert first == [2014, 74, 5, 10, "Khá"]
    assert history.cell(row=HEADER_ROW + 1, column=2).number_format == "0"
    assert history.cell(row=HEADER_ROW + 4, column=2).number_format == "0.00"  # 81,25


def test_the_annex_sheet_has_a_row_per_lost_point_and_empty_columns_to_fill(unit, data):
    annex = unit["Phụ biểu khắc phục"]
    assert header(annex)[-3:] == [
        "Phương án khắc phục năm 2025",
        "Phòng, bộ phận chủ trì",
        "Thời hạn hoàn thành",
    ]
    losses = data.losses[DONGHA]
    table = unit_tables.annex_table(data, DONGHA)
    assert annex.max_row == HEADER_ROW + len(table.rows)
    codes = [annex.cell(row=r, column=1).value for r in range(HEADER_ROW + 1, annex.max_row + 1)]
    assert [c for c in codes if c in {p.code for p in losses}] == [p.code for p in losses]
    band = annex.cell(row=HEADER_ROW + 1, column=1)
    assert band.value.startswith("1. ")
    assert f"A{HEADER_ROW + 1}:H{HEADER_ROW + 1}" in [str(r) for r in annex.merged_cells.ranges]
    row = next(
        r for r in range(HEADER_ROW + 1, annex.max_row + 1) if annex.cell(r, 1).value == "1.1.2"
    )
    assert annex.cell(row=row, column=5).value == OPINION
    assert annex.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"  # repeated when printed
