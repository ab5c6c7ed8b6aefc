"""Units in CSV and XLSX: code, name and group of each assessed unit."""

from pathlib import Path

import pytest
from interchange_support import read_xlsx, write_xlsx

from parindex.interchange import ImportFailed, Problem, dump_units, load_units
from parindex.interchange import errors as e
from parindex.scoring import CriteriaSet, Unit

FILE = "units.csv"
GOOD = 'code,name,group\nSNV,Sở Nội vụ,so\nXA1,"UBND xã Cam Lộ",xa\n'
UNITS = [Unit("SNV", "Sở Nội vụ", "so"), Unit("XA1", "UBND xã Cam Lộ", "xa")]


def csv_file(tmp_path: Path, text: str, *, bom: bool = False) -> Path:
    path = tmp_path / FILE
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def problems(path: Path, criteria: CriteriaSet | None = None) -> tuple[Problem, ...]:
    with pytest.raises(ImportFailed) as caught:
        load_units(path, criteria=criteria)
    return caught.value.problems


class TestLoading:
    def test_it_reads_a_utf8_csv(self, tmp_path: Path):
        assert load_units(csv_file(tmp_path, GOOD)) == UNITS

    def test_it_reads_a_csv_that_starts_with_a_byte_order_mark(self, tmp_path: Path):
        assert load_units(csv_file(tmp_path, GOOD, bom=True)) == UNITS

    def test_it_reads_a_csv_separated_by_semicolons(self, tmp_path: Path):
        text = "code;name;group\nSNV;Sở Nội vụ;so\nXA1;UBND xã Cam Lộ;xa\n"
        assert load_units(csv_file(tmp_path, text)) == UNITS

    def test_it_skips_blank_lines_and_trims_cells(self, tmp_path: Path):
        text = "Code , Name,GROUP\n\n SNV , Sở Nội vụ ,so\n,,\nXA1,UBND xã Cam Lộ,xa\n"
        assert load_units(csv_file(tmp_path, text)) == UNITS

    def test_it_reads_the_units_sheet_of_a_workbook(self, tmp_path: Path):
        rows = [
            ["code", "name", "group"],
            ["SNV", "Sở Nội vụ", "so"],
            ["XA1", "UBND xã Cam Lộ", "xa"],
        ]
        path = write_xlsx(tmp_path / "units.xlsx", {"Ghi chú": [["x"]], "Đơn vị": rows})
        assert load_units(path) == UNITS

    def test_it_reads_the_first_sheet_when_none_is_named_units(self, tmp_path: Path):
        rows = [["code", "name", "group"], [101, "Sở Nội vụ", "so"]]
        path = write_xlsx(tmp_path / "units.xlsx", {"Sheet1": rows})
        assert load_units(path) == [Unit("101", "Sở Nội vụ", "so")]

    def test_it_accepts_units_of_the_criteria_groups(self, tmp_path: Path, small_criteria):
        assert load_units(csv_file(tmp_path, GOOD), criteria=small_criteria) == UNITS


class TestWriting:
    def test_a_written_csv_loads_back_equal_and_opens_in_excel(self, tmp_path: Path):
        path = tmp_path / "out.csv"
        dump_units(UNITS, path)
        assert path.read_bytes().startswith(b"\xef\xbb\xbfcode,name,group\n")
        assert load_units(path) == UNITS

    def test_a_written_workbook_loads_back_equal(self, tmp_path: Path):
        path = tmp_path / "out.xlsx"
        dump_units(UNITS, path)
        assert list(read_xlsx(path)) == ["Đơn vị"]
        assert load_units(path) == UNITS

    def test_it_refuses_to_write_an_unknown_format(self, tmp_path: Path):
        with pytest.raises(ValueError, match=r"định dạng «\.txt» không được hỗ trợ"):
            dump_units(UNITS, tmp_path / "out.txt")


class TestProblems:
    def test_it_requires_every_value(self, tmp_path: Path):
        path = csv_file(tmp_path, "code,name,group\nSNV,,so\n,UBND xã,xa\n")
        assert problems(path) == (
            Problem(FILE, None, 2, "name", e.REQUIRED),
            Problem(FILE, None, 3, "code", e.REQUIRED),
        )

    def test_it_rejects_a_code_used_twice(self, tmp_path: Path):
        path = csv_file(tmp_path, GOOD + "SNV,Sở Tư pháp,so\n")
        message = e.DUPLICATE_UNIT.format(code="SNV", row=2)
        assert problems(path) == (Problem(FILE, None, 4, "code", message),)

    def test_it_rejects_a_group_the_criteria_set_does_not_have(
        self, tmp_path: Path, small_criteria
    ):
        path = csv_file(tmp_path, GOOD + "H1,UBND huyện Gio Linh,huyen\n")
        message = e.UNKNOWN_GROUP.format(code="huyen")
        assert problems(path, small_criteria) == (Problem(FILE, None, 4, "group", message),)

    def test_it_takes_any_group_without_a_criteria_set(self, tmp_path: Path):
        path = csv_file(tmp_path, GOOD + "H1,UBND huyện Gio Linh,huyen\n")
        assert load_units(path)[-1] == Unit("H1", "UBND huyện Gio Linh", "huyen")

    def test_it_rejects_a_code_with_spaces_or_separators(self, tmp_path: Path):
        path = csv_file(tmp_path, "code,name,group\nSở NV,Sở Nội vụ,so\n")
        message = e.BAD_CODE.format(value="Sở NV")
        assert problems(path) == (Problem(FILE, None, 2, "code", message),)

    def test_it_reports_missing_and_unknown_columns_on_the_header_row(self, tmp_path: Path):
        path = csv_file(tmp_path, "code,ten,group\nSNV,Sở Nội vụ,so\n")
        assert problems(path) == (
            Problem(FILE, None, 1, "name", e.MISSING_COLUMN),
            Problem(FILE, None, 1, "ten", e.UNKNOWN_COLUMN.format(allowed="code, name, group")),
        )

    def test_it_rejects_a_column_written_twice(self, tmp_path: Path):
        path = csv_file(tmp_path, "code,name,group,name\nSNV,Sở Nội vụ,so,x\n")
        assert problems(path) == (Problem(FILE, None, 1, "name", e.DUPLICATE_COLUMN),)

    def test_it_rejects_values_beyond_the_last_column(self, tmp_path: Path):
        path = csv_file(tmp_path, "code,name,group\nSNV,Sở Nội vụ,so,thừa\n")
        assert problems(path) == (Problem(FILE, None, 2, None, e.EXTRA_VALUES),)

    def test_it_rejects_a_file_without_rows(self, tmp_path: Path):
        path = csv_file(tmp_path, "code,name,group\n")
        assert problems(path) == (Problem(FILE, None, 1, None, e.NO_ROWS),)

    def test_it_rejects_a_file_that_is_not_utf8(self, tmp_path: Path):
        path = tmp_path / FILE
        path.write_bytes(b"code,name,group\nSNV,S\xf4 N\xf4i v\xf5,so\n")  # a legacy code page
        assert problems(path) == (Problem(FILE, None, None, None, e.NOT_UTF8),)

    def test_it_reports_a_missing_file(self, tmp_path: Path):
        assert problems(tmp_path / FILE) == (Problem(FILE, None, None, None, e.FILE_NOT_FOUND),)

    def test_it_refuses_an_unknown_format(self, tmp_path: Path):
        path = tmp_path / "units.ods"
        message = e.UNSUPPORTED_FORMAT.format(suffix=".ods", allowed=".csv hoặc .xlsx")
        assert problems(path) == (Problem("units.ods", None, None, None, message),)

    def test_it_names_the_sheet_in_a_workbook_problem(self, tmp_path: Path):
        rows = [["code", "name", "group"], ["SNV", None, "so"]]
        path = write_xlsx(tmp_path / "units.xlsx", {"Đơn vị": rows})
        assert problems(path) == (Problem("units.xlsx", "Đơn vị", 2, "name", e.REQUIRED),)
