"""Importing index results from CSV and XLSX: every problem named by file, sheet, row and
column, nothing written unless the whole file is right, and exports that read back."""

from decimal import Decimal as D

import pytest
from indices_support import add_value
from openpyxl import Workbook

from parindex.apps.audit.models import AuditEntry
from parindex.apps.indices import importing, services
from parindex.apps.indices.models import ComponentValue, IndexValue
from parindex.interchange import ImportFailed

pytestmark = pytest.mark.django_db

HEADER = "index,year,unit,component,score,rank,of,note"
GOOD = f"""{HEADER}
PCI,2023,,,66.17,25,63,Kết quả công bố năm 2023
PCI,2023,,gia-nhap,7.12,12,,
PCI,2023,,dat-dai,"6,45",,,
DDCI,2021,SNV,,,16,23,
DDCI,2022,SNV,,66.1,22,25,
SIPAS,2023,SNV,,88.1,13,17,
SIPAS,2023,,,81.9,21,63,
"""


def write(tmp_path, text, name="chi-so.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path, text, name="chi-so.csv"):
    with pytest.raises(ImportFailed) as failed:
        importing.values_import(actor=None, path=write(tmp_path, text, name))
    return [(p.file, p.row, p.column, p.message) for p in failed.value.problems]


def test_a_csv_file_records_every_result_with_its_components(
    personas, province, standard, tmp_path
):
    count = importing.values_import(actor=personas.secretariat, path=write(tmp_path, GOOD))
    assert count == 5
    pci = IndexValue.objects.get(definition=standard["PCI"], year=2023)
    assert (pci.unit, pci.score, pci.rank, pci.rank_of) == (None, D("66.17"), 25, 63)
    assert pci.note == "Kết quả công bố năm 2023"
    parts = {p.component.code: (p.score, p.rank) for p in pci.parts.all()}
    assert parts == {"gia-nhap": (D("7.12"), 12), "dat-dai": (D("6.45"), None)}
    ddci_2021 = IndexValue.objects.get(definition=standard["DDCI"], year=2021)
    assert (ddci_2021.unit.code, ddci_2021.score, ddci_2021.rank) == ("SNV", None, 16)
    assert IndexValue.objects.filter(definition=standard["SIPAS"]).count() == 2
    entries = AuditEntry.objects.filter(action=services.VALUE_IMPORT)
    assert entries.count() == 5
    assert {e.reason for e in entries} == {"chi-so.csv"}


def test_an_xlsx_workbook_reads_the_sheet_named_chi_so(personas, province, standard, tmp_path):
    book = Workbook()
    book.active.title = "Ghi chú"
    book.active.append(["không đọc trang này"])
    sheet = book.create_sheet("Chỉ số")
    sheet.append(HEADER.split(","))
    sheet.append(["DDCI", 2023, "SNV", None, 70.2, 21, 23, "QĐ 45/QĐ-UBND"])
    sheet.append(["DDCI", 2023, "SNV", "nang-dong", 6.12, None, None, None])
    path = tmp_path / "ddci.xlsx"
    book.save(path)
    assert importing.values_import(actor=personas.secretariat, path=path) == 1
    value = IndexValue.objects.get(definition=standard["DDCI"])
    assert (value.score, value.rank, value.note) == (D("70.2"), 21, "QĐ 45/QĐ-UBND")
    assert value.parts.get().score == D("6.12")


def test_a_problem_in_a_workbook_names_its_sheet(personas, province, standard, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Chỉ số"
    sheet.append(HEADER.split(","))
    sheet.append(["DDCI", 2023, "SNV", None, "bảy mươi", 21, 23, None])
    path = tmp_path / "ddci.xlsx"
    book.save(path)
    with pytest.raises(ImportFailed) as failed:
        importing.values_import(actor=personas.secretariat, path=path)
    (problem,) = failed.value.problems
    assert str(problem) == "ddci.xlsx, trang Chỉ số, dòng 2, cột score: «bảy mươi» không phải là số"
    assert not IndexValue.objects.exists()


def test_components_may_be_added_to_a_stored_result(personas, province, standard, tmp_path):
    stored = add_value(standard["PAPI"], 2023, score="43.02", note="công bố")
    text = f"{HEADER}\nPAPI,2023,,tham-gia,5.10,,,\n"
    importing.values_import(actor=personas.secretariat, path=write(tmp_path, text))
    stored.refresh_from_db()
    assert (stored.score, stored.note) == (D("43.02"), "công bố")
    assert stored.parts.get().component.code == "tham-gia"


def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(
    personas, province, standard, tmp_path
):
    text = f"""{HEADER}
PCI,2023,,,66.17,25,63,
XYZ,2023,,,1,,,
DDCI,2023,,,70,,,
PCI,2023,SNV,,70,,,
DDCI,2023,NOPE,,70,,,
PCI,1999,,,66,,,
PCI,2024,,,abc,,,
PCI,2025,,,120,,,
PCI,2026,,,,,,
PCI,2027,,,60,30,20,
PCI,2023,,,66.17,25,63,
PCI,2023,,khong-co,5,,,
PCI,2023,,dat-dai,5,,63,ghi chú
PAR,2023,SNV,,90,,,
SIPAS,2022,,tiep-can,90,,,
"""
    found = problems(tmp_path, text)
    assert found == [
        ("chi-so.csv", 3, "index", "không có chỉ số mã «XYZ»"),
        ("chi-so.csv", 4, "unit", "chỉ số DDCI đánh giá theo từng đơn vị: cần mã đơn vị"),
        ("chi-so.csv", 5, "unit", "chỉ số PCI chỉ đánh giá cấp tỉnh: để trống cột này"),
        ("chi-so.csv", 6, "unit", "không có đơn vị mã «NOPE»"),
        ("chi-so.csv", 7, "year", "năm 1999 phải nằm trong khoảng 2000 đến 2100"),
        ("chi-so.csv", 8, "score", "«abc» không phải là số"),
        ("chi-so.csv", 9, "score", "điểm 120 vượt điểm tối đa 100"),
        ("chi-so.csv", 10, "score", "cần điểm hoặc xếp hạng (hoặc cả hai)"),
        ("chi-so.csv", 11, "rank", "xếp hạng 30 lớn hơn tổng số 20"),
        ("chi-so.csv", 12, "index", "dòng này trùng với dòng 2"),
        ("chi-so.csv", 13, "component", "chỉ số PCI không có thành phần «khong-co»"),
        (
            "chi-so.csv",
            14,
            "of",
            "cột này chỉ dùng cho dòng kết quả chung (cột component để trống)",
        ),
        (
            "chi-so.csv",
            14,
            "note",
            "cột này chỉ dùng cho dòng kết quả chung (cột component để trống)",
        ),
        (
            "chi-so.csv",
            15,
            "index",
            "chỉ số PAR được tính từ các đợt đánh giá, không nhập từ tệp",
        ),
        (
            "chi-so.csv",
            16,
            "component",
            "chưa có kết quả chung của chỉ số SIPAS năm 2022 cho tỉnh: thêm dòng để trống "
            "cột component",
        ),
    ]
    assert not IndexValue.objects.exists()
    assert not ComponentValue.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_component_given_twice_is_named(personas, province, standard, tmp_path):
    text = f"{HEADER}\nPAPI,2023,,,43,,,\nPAPI,2023,,tham-gia,5,,,\nPAPI,2023,,tham-gia,6,,,\n"
    assert problems(tmp_path, text) == [
        ("chi-so.csv", 4, "component", "dòng này trùng với dòng 3"),
    ]


def test_missing_and_unknown_columns_and_empty_files_are_named(standard, tmp_path):
    assert problems(tmp_path, "index,score,colour\nPCI,60,red\n") == [
        ("chi-so.csv", 1, "year", "thiếu cột bắt buộc"),
        (
            "chi-so.csv",
            1,
            "colour",
            "cột không được hỗ trợ; các cột hợp lệ: " + ", ".join(importing.COLUMNS),
        ),
    ]
    assert problems(tmp_path, f"{HEADER}\n") == [
        ("chi-so.csv", 1, None, "không có dòng dữ liệu nào")
    ]


def test_a_file_of_another_kind_is_refused(standard, tmp_path):
    found = problems(tmp_path, "x", name="chi-so.txt")
    assert found == [
        ("chi-so.txt", None, None, "định dạng «.txt» không được hỗ trợ; dùng .csv hoặc .xlsx")
    ]


@pytest.mark.parametrize("fmt", importing.FORMATS)
def test_an_export_reads_back_as_the_same_results(personas, province, standard, tmp_path, fmt):
    importing.values_import(actor=personas.secretariat, path=write(tmp_path, GOOD))
    before = {
        (v.definition.code, v.year, v.unit_id, v.score, v.rank, v.rank_of, v.note)
        for v in IndexValue.objects.all()
    }
    parts_before = set(ComponentValue.objects.values_list("component__code", "score", "rank"))
    exported = tmp_path / f"lai.{fmt}"
    exported.write_bytes(importing.values_export(list(IndexValue.objects.all()), fmt))
    IndexValue.objects.all().delete()
    assert importing.values_import(actor=personas.secretariat, path=exported) == 5
    after = {
        (v.definition.code, v.year, v.unit_id, v.score, v.rank, v.rank_of, v.note)
        for v in IndexValue.objects.all()
    }
    assert after == before
    assert set(ComponentValue.objects.values_list("component__code", "score", "rank")) == (
        parts_before
    )
