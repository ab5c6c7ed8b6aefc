"""History files (lịch sử Chỉ số CCHC): the table and the results JSON, every problem with
its place in the file, the published decimals kept as written."""

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml
from interchange_support import write_xlsx

from parindex.interchange import ImportFailed
from parindex.interchange.history import (
    DUPLICATE_UNIT_YEAR,
    GROUP_NAME_DIFFERS,
    GROUP_SIZE_DIFFERS,
    JSON_BAD_INDEX,
    JSON_BAD_RANK,
    JSON_BAD_YEAR,
    RANK_ABOVE_UNITS,
    load_history,
)
from parindex.interchange.results import write_json
from parindex.scoring import (
    ClassBand,
    CriteriaSet,
    Entry,
    JudgedRule,
    Node,
    Unit,
    UnitGroup,
    UnitScores,
    compute,
)

REAL = yaml.safe_load((Path(__file__).parents[1] / "data" / "real_cases.yaml").read_text())
DONG_HA = REAL["history"]
HEADER = "year,unit,group,index,rank,class,name,group_name,units"


def dong_ha_csv(tmp_path, extra_rows=()):
    lines = [HEADER]
    for row in DONG_HA:
        lines.append(
            f"{row['year']},TP-DONGHA,huyen,{row['index']},{row['rank']},{row['class']},"
            'UBND thành phố Đông Hà,"UBND huyện, thị xã, thành phố",10'
        )
    lines.extend(extra_rows)
    path = tmp_path / "dong-ha.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def messages(excinfo):
    return [str(p) for p in excinfo.value.problems]


# --- tables -------------------------------------------------------------------------------


def test_it_reads_the_real_dong_ha_history_with_the_published_decimals(tmp_path):
    records = load_history(dong_ha_csv(tmp_path))
    assert [(r.year, str(r.index), r.rank, r.class_label) for r in records] == [
        (row["year"], row["index"], row["rank"], row["class"]) for row in DONG_HA
    ]
    first = records[0]
    assert (first.unit, first.group, first.units) == ("TP-DONGHA", "huyen", 10)
    assert first.group_name == "UBND huyện, thị xã, thành phố"
    assert (first.index, first.index_decimals) == (D("74"), 0)
    assert records[3].index_decimals == 2  # 81.25
    assert (first.file, first.sheet, first.row) == ("dong-ha.csv", None, 2)


def test_only_year_unit_group_and_index_are_required(tmp_path):
    path = tmp_path / "lich-su.csv"
    path.write_text('year,unit,group,index\n2019,SNV,so,"80,63"\n', encoding="utf-8")
    (record,) = load_history(path)
    assert (record.index, record.rank, record.class_label, record.units) == (
        D("80.63"),
        None,
        "",
        None,
    )


def test_comment_rows_are_skipped(tmp_path):
    path = tmp_path / "lich-su.csv"
    path.write_text(
        "year,unit,group,index\n# DỮ LIỆU MẪU, không phải số liệu thật,,\n2019,SNV,so,80\n",
        encoding="utf-8",
    )
    assert [r.row for r in load_history(path)] == [3]


def test_a_workbook_is_read_from_its_history_sheet(tmp_path):
    path = write_xlsx(
        tmp_path / "lich-su.xlsx",
        {
            "Hướng dẫn": [["Nhập số liệu ở trang Lịch sử"]],
            "Lịch sử": [
                ["Year", "Unit", "Group", "Index", "Rank", "Class"],
                [2017, "TP-DONGHA", "huyen", 81.25, 3, "Tốt"],
                [2016, "TP-DONGHA", "huyen", 70, 9, "Khá"],
            ],
        },
    )
    records = load_history(path)
    assert [(r.year, r.index, r.rank) for r in records] == [
        (2017, D("81.25"), 3),
        (2016, D("70"), 9),
    ]
    assert records[0].sheet == "Lịch sử"


def test_every_bad_cell_is_named_by_row_and_column(tmp_path):
    path = tmp_path / "lich-su.csv"
    path.write_text(
        "year,unit,group,index,rank,units,achieved,max\n"
        "20x9,SNV,so,80,1,,,\n"
        "2019,S NV,so,abc,0,,,\n"
        "2019,STP,so,180,,,-1,0\n"
        "2019,STC,so,80,12,10,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as excinfo:
        load_history(path)
    assert messages(excinfo) == [
        "lich-su.csv, dòng 2, cột year: «20x9» không phải là số nguyên",
        "lich-su.csv, dòng 3, cột unit: mã «S NV» không được chứa khoảng trắng hoặc các ký tự"
        " ; , | = :",
        "lich-su.csv, dòng 3, cột index: «abc» không phải là số",
        "lich-su.csv, dòng 3, cột rank: 0 phải nằm trong khoảng 1 đến 100000",
        "lich-su.csv, dòng 4, cột index: 180 phải nằm trong khoảng 0 đến 150",
        "lich-su.csv, dòng 4, cột achieved: -1 không được âm",
        "lich-su.csv, dòng 4, cột max: 0 phải lớn hơn 0",
        "lich-su.csv, dòng 5, cột rank: " + RANK_ABOVE_UNITS.format(rank=12, units=10),
    ]


def test_missing_and_unknown_columns_are_refused(tmp_path):
    path = tmp_path / "lich-su.csv"
    path.write_text("year,unit,index,score\n2019,SNV,80,1\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as excinfo:
        load_history(path)
    shown = messages(excinfo)
    assert "lich-su.csv, dòng 1, cột group: thiếu cột bắt buộc" in shown
    assert any(m.startswith("lich-su.csv, dòng 1, cột score: cột không được hỗ trợ") for m in shown)


def test_a_unit_twice_in_a_year_and_a_group_described_two_ways_are_refused(tmp_path):
    path = dong_ha_csv(
        tmp_path,
        [
            "2014,TP-DONGHA,huyen,75,4,Khá,,,",
            "2014,TX-QUANGTRI,huyen,72,6,Khá,UBND thị xã Quảng Trị,Các huyện,11",
        ],
    )
    with pytest.raises(ImportFailed) as excinfo:
        load_history(path)
    assert messages(excinfo) == [
        "dong-ha.csv, dòng 12, cột unit: "
        + DUPLICATE_UNIT_YEAR.format(unit="TP-DONGHA", year=2014, where="dòng 2"),
        "dong-ha.csv, dòng 13, cột units: "
        + GROUP_SIZE_DIFFERS.format(group="huyen", year=2014, units=11, where="dòng 2", first=10),
        "dong-ha.csv, dòng 13, cột group_name: "
        + GROUP_NAME_DIFFERS.format(
            group="huyen",
            year=2014,
            name="Các huyện",
            where="dòng 2",
            first="UBND huyện, thị xã, thành phố",
        ),
    ]


def test_an_unsupported_file_is_refused(tmp_path):
    path = tmp_path / "lich-su.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"định dạng «\.txt» không được hỗ trợ"):
        load_history(path)


# --- results JSON -------------------------------------------------------------------------


def computed_json(tmp_path):
    group = UnitGroup("so", "Sở, ban, ngành")
    leaf = Node("1.1", "Kế hoạch", D(10), JudgedRule())
    criteria = CriteriaSet(
        code="BTC-2022",
        name="Bộ tiêu chí 2022",
        year=2022,
        fields=(Node("1", "Chỉ đạo", D(10), children=(leaf,)),),
        groups=(group,),
        bands=(ClassBand(D(85), "Tốt"), ClassBand(D(0), "Khá")),
    )
    units = [Unit("SNV", "Sở Nội vụ", "so"), Unit("STP", "Sở Tư pháp", "so")]
    scores = {
        "SNV": UnitScores("SNV", appraised={"1.1": Entry(score=D("9.25"))}),
        "STP": UnitScores("STP", appraised={"1.1": Entry(score=D("8"))}),
    }
    path = tmp_path / "ket-qua-2022.json"
    write_json(compute(criteria, units, scores), path)
    return path


def test_it_reads_the_results_json_of_a_computation(tmp_path):
    records = load_history(computed_json(tmp_path))
    assert [
        (r.year, r.unit, r.name, r.group, r.group_name, r.index, r.rank, r.class_label, r.units)
        for r in records
    ] == [
        (2022, "SNV", "Sở Nội vụ", "so", "Sở, ban, ngành", D("92.50"), 1, "Tốt", 2),
        (2022, "STP", "Sở Tư pháp", "so", "Sở, ban, ngành", D("80.00"), 2, "Khá", 2),
    ]
    assert (records[0].achieved, records[0].max_points) == (D("9.25"), D("10"))


def test_bad_values_of_a_results_json_are_named_by_their_path(tmp_path):
    path = computed_json(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["criteria"]["year"] = "năm 2022"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportFailed) as excinfo:
        load_history(path)
    assert messages(excinfo) == [
        "ket-qua-2022.json, cột criteria.year: "
        + JSON_BAD_YEAR.format(value="năm 2022", low=1990, high=2100)
    ]
    data["criteria"]["year"] = 2022
    data["groups"][0]["units"][1]["index"] = "cao"
    data["groups"][0]["units"][0]["rank"] = 0
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportFailed) as excinfo:
        load_history(path)
    assert messages(excinfo) == [
        "ket-qua-2022.json, cột groups[0].units[0].rank: " + JSON_BAD_RANK.format(value="0"),
        "ket-qua-2022.json, cột groups[0].units[1].index: "
        + JSON_BAD_INDEX.format(value="cao", high=150),
    ]


def test_a_file_that_is_not_json_gives_one_problem(tmp_path):
    path = tmp_path / "ket-qua.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ImportFailed) as excinfo:
        load_history(path)
    (shown,) = messages(excinfo)
    assert shown.startswith("ket-qua.json: tệp không phải JSON hợp lệ (dòng 1")
