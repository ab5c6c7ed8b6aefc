"""``parindex compute`` end to end on small files."""

import json

import openpyxl
import pytest

from parindex import cli
from parindex.commands import compute as command
from parindex.interchange.results.previous import PREVIOUS_BAD_INDEX
from parindex.interchange.results.table import TABLE_HEADERS
from parindex.scoring import ScoringErrors, UnitError

CRITERIA = """\
code: thu-2024
name: Bộ tiêu chí thử
year: 2024
index_decimals: 2
score_decimals: 2
groups:
  - {code: so, name: "Sở, ban, ngành"}
  - {code: xa, name: "UBND xã, phường"}
classification:
  - {minimum: 90, label: Tốt, short: A}
  - {minimum: 0, label: Khá, short: B}
fields:
  - code: "1"
    title: Chỉ đạo, điều hành
    max_points: 10
    children:
      - {code: "1.1", title: Kế hoạch CCHC, max_points: 6, rule: judged}
      - {code: "1.2", title: Văn bản ký số, max_points: 4, rule: ratio}
  - code: "2"
    title: Thủ tục hành chính
    max_points: 10
    children:
      - {code: "2.1", title: Hồ sơ đúng hạn, max_points: 10, rule: judged}
"""
UNITS = """\
code,name,group
SNV,Sở Nội vụ,so
STP,Sở Tư pháp,so
X1,UBND xã Cam Lộ,xa
"""
SCORES = """\
unit,node,self_score,appraised_score,numerator,denominator,count,value,items
SNV,1.1,6,6,,,,,
SNV,1.2,,,17831,21825,,,
SNV,2.1,10,9.5,,,,,
STP,1.1,5,4.5,,,,,
STP,1.2,,,1,2,,,
STP,2.1,8,8,,,,,
X1,1.1,6,6,,,,,
X1,1.2,,,3,4,,,
X1,2.1,10,10,,,,,
"""


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in (
        ("criteria.yaml", CRITERIA),
        ("units.csv", UNITS),
        ("scores.csv", SCORES),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths[name.split(".")[0]] = path
    return paths


def arguments(files, *extra):
    return [
        "--criteria",
        str(files["criteria"]),
        "--units",
        str(files["units"]),
        "--scores",
        str(files["scores"]),
        *extra,
    ]


def test_it_prints_the_table_by_default(files, capsys):
    assert command.main(arguments(files)) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("Kết quả Chỉ số CCHC năm 2024 - bộ tiêu chí thu-2024")
    assert all(header in out for header in TABLE_HEADERS)
    snv = next(line for line in out.splitlines() if "Sở Nội vụ" in line)
    assert "18,77" in snv
    assert "93,85" in snv
    assert "Chỉ số trung bình: 83,18; 1/2 đơn vị trên trung bình" in out


def test_it_prints_json_to_standard_output(files, capsys):
    assert command.main(arguments(files, "--format", "json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["criteria"] == {"code": "thu-2024", "name": "Bộ tiêu chí thử", "year": 2024}
    so, xa = data["groups"]
    assert [(u["code"], u["rank"], u["index"]) for u in so["units"]] == [
        ("SNV", 1, "93.85"),
        ("STP", 2, "72.50"),
    ]
    assert (xa["units"][0]["index"], xa["units"][0]["class"]) == ("95.00", "Tốt")


def test_it_writes_a_workbook_to_the_out_file(files, tmp_path, capsys):
    out = tmp_path / "ket-qua.xlsx"
    assert command.main(arguments(files, "--format", "xlsx", "--out", str(out))) == 0
    assert capsys.readouterr().out == command.WRITTEN.format(path=out) + "\n"
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Sở, ban, ngành", "UBND xã, phường", "Lĩnh vực"]
    ws = book["Sở, ban, ngành"]
    assert [ws.cell(row=4, column=c).value for c in (1, 2, 6, 7)] == [1, "SNV", 93.85, "Tốt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_it_writes_the_table_to_the_out_file(files, tmp_path):
    out = tmp_path / "ket-qua.txt"
    assert command.main(arguments(files, "--out", str(out))) == 0
    assert "93,85" in out.read_text(encoding="utf-8")


def test_last_years_json_gives_the_changes_of_index_and_rank(files, tmp_path, capsys):
    last_year = tmp_path / "2023.json"
    assert command.main(arguments(files, "--format", "json", "--out", str(last_year))) == 0
    files["scores"].write_text(SCORES.replace("SNV,2.1,10,9.5", "SNV,2.1,10,6"), "utf-8")
    capsys.readouterr()
    assert command.main(arguments(files, "--format", "json", "--previous", str(last_year))) == 0
    so = json.loads(capsys.readouterr().out)["groups"][0]
    snv = so["units"][0]
    assert (snv["code"], snv["index"], snv["previous_index"]) == ("SNV", "76.35", "93.85")
    assert (snv["index_change"], snv["rank_change"]) == ("-17.50", 0)
    assert so["faller"] == {"code": "SNV", "name": "Sở Nội vụ", "index_change": "-17.50"}


def test_it_requires_an_out_file_for_xlsx(files, capsys):
    assert command.main(arguments(files, "--format", "xlsx")) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", command.XLSX_NEEDS_OUT + "\n")


def test_it_lists_every_problem_of_a_bad_scores_file_and_writes_nothing(files, tmp_path, capsys):
    bad = SCORES.replace("SNV,2.1,10,9.5", "SNV,2.1,10,12").replace("X1,1.1", "X9,1.1")
    files["scores"].write_text(bad, encoding="utf-8")
    out = tmp_path / "ket-qua.xlsx"
    assert command.main(arguments(files, "--format", "xlsx", "--out", str(out))) == 2
    stdout, err = capsys.readouterr()
    assert stdout == ""
    assert err.splitlines() == [
        command.INPUT_FAILED.format(count=2),
        "  - scores.csv, dòng 4, cột appraised_score: điểm 12 vượt điểm tối đa 10",
        "  - scores.csv, dòng 8, cột unit: không có đơn vị mã «X9»",
    ]
    assert not out.exists()


def test_it_lists_the_problems_of_the_criteria_and_units_files_together(files, capsys):
    files["criteria"].write_text(CRITERIA.replace("max_points: 6", "max_points: sáu"), "utf-8")
    files["units"].write_text(UNITS + "SNV,Sở Nội vụ (trùng),so\n", encoding="utf-8")
    assert command.main(arguments(files)) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0] == command.INPUT_FAILED.format(count=len(lines) - 1)
    assert any(line.startswith("  - criteria.yaml") and "sáu" in line for line in lines)
    assert any(line.startswith("  - units.csv, dòng 5, cột code") for line in lines)


def test_it_rejects_a_bad_previous_file_naming_the_json_path(files, tmp_path, capsys):
    previous = tmp_path / "2023.json"
    previous.write_text('{"groups": [{"units": [{"code": "SNV", "index": "cao"}]}]}', "utf-8")
    out = tmp_path / "ket-qua.json"
    args = arguments(files, "--previous", str(previous), "--format", "json", "--out", str(out))
    assert command.main(args) == 2
    err = capsys.readouterr().err
    problem = PREVIOUS_BAD_INDEX.format(value="cao")
    assert f"  - 2023.json, cột groups[0].units[0].index: {problem}" in err.splitlines()
    assert not out.exists()


def test_it_reports_entries_the_engine_cannot_score(files, monkeypatch, capsys):
    def fail(*args):
        raise ScoringErrors([UnitError("SNV", "1.1", "thẩm định", "điểm không theo bước 0,5")])

    monkeypatch.setattr(command, "compute", fail)
    assert command.main(arguments(files)) == 2
    assert capsys.readouterr().err.splitlines() == [
        command.SCORING_FAILED.format(count=1),
        "  - đơn vị SNV, tiêu chí 1.1 (thẩm định): điểm không theo bước 0,5",
    ]


def test_it_exits_with_1_when_the_out_file_cannot_be_written(files, tmp_path, capsys):
    out = tmp_path / "khong-co-thu-muc" / "ket-qua.json"
    assert command.main(arguments(files, "--format", "json", "--out", str(out))) == 1
    assert capsys.readouterr().err.startswith(f"Lỗi: không ghi được tệp kết quả {out}: ")


def test_it_exits_with_2_when_an_option_is_missing(capsys):
    assert command.main(["--units", "don-vi.csv"]) == 2
    assert "--criteria" in capsys.readouterr().err


def test_the_parindex_command_runs_compute(files, capsys):
    assert cli.main(["compute", *arguments(files, "--format", "json")]) == 0
    assert json.loads(capsys.readouterr().out)["groups"][0]["units"][0]["index"] == "93.85"
