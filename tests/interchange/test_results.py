"""Results out as JSON, XLSX and a terminal table; last year's JSON back in."""

import io
import json
from decimal import Decimal as D

import openpyxl
import pytest

from parindex.interchange.errors import FILE_NOT_FOUND, ImportFailed
from parindex.interchange.results import (
    format_table,
    load_previous,
    results_to_json,
    write_json,
    write_xlsx,
)
from parindex.interchange.results.previous import (
    PREVIOUS_BAD_CODE,
    PREVIOUS_BAD_INDEX,
    PREVIOUS_BAD_RANK,
    PREVIOUS_DUPLICATE,
    PREVIOUS_MISSING,
    PREVIOUS_NOT_LIST,
)
from parindex.interchange.results.table import TABLE_HEADERS
from parindex.interchange.results.workbook import (
    FIELD_HEADERS,
    FIELD_SHEET,
    RESULT_HEADERS,
    STAT_AVERAGE,
    STAT_FALLER,
    STAT_RISER,
)
from parindex.scoring import (
    NOT_APPLICABLE,
    BonusRule,
    ClassBand,
    CriteriaSet,
    Entry,
    JudgedRule,
    Node,
    Previous,
    RatioRule,
    Unit,
    UnitGroup,
    UnitScores,
    compute,
)

HUYEN = UnitGroup("huyen", "UBND huyện, thị xã, thành phố")
SO = UnitGroup("so", "Sở, ban, ngành")
CRITERIA = CriteriaSet(
    code="par-2024",
    name="Bộ tiêu chí Chỉ số CCHC",
    year=2024,
    groups=(HUYEN, SO),
    bands=(
        ClassBand(D(95), "Xuất sắc", "A"),
        ClassBand(D(85), "Tốt", "B"),
        ClassBand(D(75), "Khá", "C"),
        ClassBand(D(0), "Yếu"),
    ),
    index_cap=D(100),
    fields=(
        Node(
            "I",
            "Chỉ đạo, điều hành",
            D(10),
            children=(
                Node("I.1", "Kế hoạch CCHC", D(6), JudgedRule()),
                Node("I.2", "Văn bản ký số", D(4), RatioRule()),
            ),
        ),
        Node(
            "II",
            "Thủ tục hành chính",
            D(20),
            children=(Node("II.1", "Giải quyết hồ sơ", D(20), JudgedRule()),),
        ),
        Node(
            "III",
            "Điểm thưởng",
            D(1),
            children=(Node("III.1", "Sáng kiến", D(1), BonusRule()),),
        ),
    ),
)
UNITS = (
    Unit("H1", "Thành phố Đông Hà", "huyen"),
    Unit("H2", "Huyện Cam Lộ", "huyen"),
    Unit("H3", "Huyện Gio Linh", "huyen"),
    Unit("S1", "Sở Nội vụ", "so"),
    Unit("S2", "Sở Tư pháp", "so"),
)


def entries(values):
    out = {}
    for code, value in values.items():
        if value == "N/A":
            out[code] = NOT_APPLICABLE
        elif isinstance(value, tuple):
            out[code] = Entry(numerator=D(value[0]), denominator=D(value[1]))
        elif code.startswith("III"):
            out[code] = Entry(count=D(value))
        else:
            out[code] = Entry(score=D(value))
    return out


APPRAISED = {
    "H1": {"I.1": "6", "I.2": (17831, 21825), "II.1": "19.5", "III.1": "1"},
    "H2": {"I.1": "5", "I.2": (1, 2), "II.1": "18", "III.1": "0"},
    "H3": {"I.1": "4.5", "I.2": "4", "II.1": "20", "III.1": "0"},
    "S1": {"I.1": "6", "I.2": "4", "II.1": "N/A", "III.1": "0"},
    "S2": {"I.1": "5.5", "I.2": (3, 4), "II.1": "N/A", "III.1": "0"},
}
SELF = {code: dict(values) for code, values in APPRAISED.items()}
SELF["H1"]["II.1"] = "20"
SELF["S2"]["II.1"] = "10"

PREVIOUS = {"H1": Previous(D("93.36"), 2), "H3": Previous(D("96.10"), 1)}


def round_result(previous=None):
    scores = {
        code: UnitScores(code, entries(APPRAISED[code]), entries(SELF[code])) for code in APPRAISED
    }
    return compute(CRITERIA, UNITS, scores, PREVIOUS if previous is None else previous)


@pytest.fixture(scope="module")
def result():
    return round_result()


@pytest.fixture(scope="module")
def data(result):
    return results_to_json(result)


# --- JSON layout -----------------------------------------------------------------------


def test_the_json_has_exactly_the_documented_keys(data):
    assert list(data) == ["criteria", "groups"]
    assert data["criteria"] == {"code": "par-2024", "name": "Bộ tiêu chí Chỉ số CCHC", "year": 2024}
    group = data["groups"][0]
    assert list(group) == [
        "code",
        "name",
        "average",
        "above_average",
        "highest",
        "lowest",
        "spread",
        "riser",
        "faller",
        "fields",
        "units",
    ]
    assert list(group["fields"][0]) == [
        "code",
        "title",
        "max_points",
        "average",
        "at_max",
        "units",
    ]
    unit = group["units"][0]
    assert list(unit) == [
        "code",
        "name",
        "rank",
        "achieved",
        "applicable_max",
        "index",
        "class",
        "class_short",
        "index_change",
        "rank_change",
        "previous_index",
        "previous_rank",
        "self",
        "fields",
    ]
    assert list(unit["self"]) == ["achieved", "applicable_max", "index"]
    assert list(unit["fields"][0]) == [
        "code",
        "title",
        "max_points",
        "achieved",
        "applicable_max",
        "index",
        "self_achieved",
    ]


def test_the_json_lists_groups_in_declared_order_and_units_by_rank(data):
    assert [g["code"] for g in data["groups"]] == ["huyen", "so"]
    assert [(u["code"], u["rank"]) for u in data["groups"][0]["units"]] == [
        ("H1", 1),
        ("H3", 2),
        ("H2", 3),
    ]


def test_the_json_gives_a_units_figures_as_dot_decimal_strings(data):
    h1 = data["groups"][0]["units"][0]
    assert h1 == {
        "code": "H1",
        "name": "Thành phố Đông Hà",
        "rank": 1,
        "achieved": "29.77",
        "applicable_max": "30",
        "index": "99.23",
        "class": "Xuất sắc",
        "class_short": "A",
        "index_change": "5.87",
        "rank_change": 1,
        "previous_index": "93.36",
        "previous_rank": 2,
        "self": {"achieved": "30.27", "applicable_max": "30", "index": "100.00"},
        "fields": [
            {
                "code": "I",
                "title": "Chỉ đạo, điều hành",
                "max_points": "10",
                "achieved": "9.27",
                "applicable_max": "10",
                "index": "92.70",
                "self_achieved": "9.27",
            },
            {
                "code": "II",
                "title": "Thủ tục hành chính",
                "max_points": "20",
                "achieved": "19.5",
                "applicable_max": "20",
                "index": "97.50",
                "self_achieved": "20",
            },
            {
                "code": "III",
                "title": "Điểm thưởng",
                "max_points": "1",
                "achieved": "1.00",
                "applicable_max": "0",
                "index": None,
                "self_achieved": "1.00",
            },
        ],
    }


def test_the_json_gives_a_fall_as_a_negative_change(data):
    h3 = data["groups"][0]["units"][1]
    assert (h3["index_change"], h3["rank_change"]) == ("-1.10", -1)


def test_the_json_writes_null_for_what_a_unit_does_not_have(data):
    h2 = data["groups"][0]["units"][2]
    assert h2["index"] == "83.33"
    assert (h2["class"], h2["class_short"]) == ("Khá", "C")
    for key in ("index_change", "rank_change", "previous_index", "previous_rank"):
        assert h2[key] is None


def test_the_json_writes_null_for_a_class_without_a_short_label():
    weak = {"I.1": "1", "I.2": "1", "II.1": "N/A", "III.1": "0"}
    scores = {"S1": UnitScores("S1", entries(weak))}
    result = compute(CRITERIA, [UNITS[3]], scores)
    unit = results_to_json(result)["groups"][0]["units"][0]
    assert (unit["index"], unit["class"], unit["class_short"]) == ("20.00", "Yếu", None)


def test_the_json_writes_null_for_a_field_that_does_not_apply(data):
    s2 = data["groups"][1]["units"][1]
    assert s2["code"] == "S2"
    assert s2["fields"][1] == {
        "code": "II",
        "title": "Thủ tục hành chính",
        "max_points": "20",
        "achieved": None,
        "applicable_max": "0",
        "index": None,
        "self_achieved": "10",
    }
    assert s2["self"] == {"achieved": "18.50", "applicable_max": "30", "index": "61.67"}
    s1 = data["groups"][1]["units"][0]
    assert s1["fields"][1]["self_achieved"] is None


def test_the_json_gives_the_group_statistics(data):
    group = data["groups"][0]
    assert {k: group[k] for k in ("average", "above_average", "highest", "lowest", "spread")} == {
        "average": "92.52",
        "above_average": 2,
        "highest": "99.23",
        "lowest": "83.33",
        "spread": "15.90",
    }
    assert group["riser"] == {"code": "H1", "name": "Thành phố Đông Hà", "index_change": "5.87"}
    assert group["faller"] == {"code": "H3", "name": "Huyện Gio Linh", "index_change": "-1.10"}


def test_the_json_gives_null_movers_without_a_previous_year(data):
    group = data["groups"][1]
    assert (group["riser"], group["faller"]) == (None, None)


def test_the_json_gives_per_field_averages_and_counts_at_the_maximum(data):
    so_fields = data["groups"][1]["fields"]
    assert so_fields == [
        {
            "code": "I",
            "title": "Chỉ đạo, điều hành",
            "max_points": "10",
            "average": "9.25",
            "at_max": 1,
            "units": 2,
        },
        {
            "code": "II",
            "title": "Thủ tục hành chính",
            "max_points": "20",
            "average": None,
            "at_max": 0,
            "units": 0,
        },
        {
            "code": "III",
            "title": "Điểm thưởng",
            "max_points": "1",
            "average": "0.00",
            "at_max": 0,
            "units": 2,
        },
    ]
    assert data["groups"][0]["fields"][1]["at_max"] == 1


def test_the_json_never_holds_a_float(data):
    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        else:
            yield value

    assert not [v for v in walk(data) if isinstance(v, float)]


def test_it_writes_json_to_a_stream_keeping_vietnamese_readable(result):
    stream = io.StringIO()
    write_json(result, stream)
    text = stream.getvalue()
    assert "Thành phố Đông Hà" in text
    assert text.endswith("\n")
    assert json.loads(text) == results_to_json(result)


def test_it_writes_json_to_a_utf8_file(result, tmp_path):
    path = tmp_path / "ket-qua.json"
    write_json(result, path)
    assert json.loads(path.read_text(encoding="utf-8")) == results_to_json(result)


# --- load_previous ---------------------------------------------------------------------


def test_a_json_written_this_year_is_read_back_as_next_years_previous(result, tmp_path):
    path = tmp_path / "2024.json"
    write_json(result, path)
    previous = load_previous(path)
    assert previous == {
        "H1": Previous(D("99.23"), 1),
        "H3": Previous(D("95.00"), 2),
        "H2": Previous(D("83.33"), 3),
        "S1": Previous(D("100.00"), 1),
        "S2": Previous(D("85.00"), 2),
    }
    next_year = round_result(previous)
    assert next_year.unit("H1").index_change == D("0.00")
    assert next_year.unit("S2").rank_change == 0


def write(tmp_path, content):
    path = tmp_path / "previous.json"
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path):
    with pytest.raises(ImportFailed) as caught:
        load_previous(path)
    return caught.value.problems


def test_it_reads_a_previous_year_without_ranks(tmp_path):
    path = write(tmp_path, {"groups": [{"units": [{"code": "X", "index": "70", "rank": None}]}]})
    assert load_previous(path) == {"X": Previous(D(70), None)}


def test_it_reads_a_previous_index_given_as_a_json_number_exactly(tmp_path):
    path = write(tmp_path, '{"groups": [{"units": [{"code": "X", "index": 81.25, "rank": 3}]}]}')
    assert load_previous(path) == {"X": Previous(D("81.25"), 3)}


def test_it_names_the_json_path_of_a_bad_index(result, tmp_path):
    data = results_to_json(result)
    data["groups"][0]["units"][2]["index"] = "tám mươi"
    path = write(tmp_path, data)
    [problem] = problems_of(path)
    assert problem.file == "previous.json"
    assert problem.row is None
    assert problem.column == "groups[0].units[2].index"
    assert problem.message == PREVIOUS_BAD_INDEX.format(value="tám mươi")


def test_it_lists_every_bad_value_at_once(tmp_path):
    path = write(
        tmp_path,
        {
            "groups": [
                {"units": [{"code": "A", "index": "-1"}, {"index": "80", "rank": 0}]},
                {"units": "none"},
                {"name": "no units"},
            ]
        },
    )
    problems = problems_of(path)
    assert [(p.column, p.message) for p in problems] == [
        ("groups[0].units[0].index", PREVIOUS_BAD_INDEX.format(value="-1")),
        ("groups[0].units[1].code", PREVIOUS_MISSING),
        ("groups[0].units[1].rank", PREVIOUS_BAD_RANK.format(value=0)),
        ("groups[1].units", PREVIOUS_NOT_LIST),
        ("groups[2].units", PREVIOUS_MISSING),
    ]


def test_it_rejects_codes_and_indices_of_the_wrong_json_type(tmp_path):
    path = write(tmp_path, {"groups": [{"units": [{"code": 5, "index": True, "rank": "1"}]}]})
    assert [(p.column, p.message) for p in problems_of(path)] == [
        ("groups[0].units[0].code", PREVIOUS_BAD_CODE),
        ("groups[0].units[0].index", PREVIOUS_BAD_INDEX.format(value="true")),
        ("groups[0].units[0].rank", PREVIOUS_BAD_RANK.format(value="1")),
    ]


def test_it_rejects_a_unit_code_that_appears_twice(tmp_path):
    unit = {"code": "A", "index": "80", "rank": 1}
    path = write(tmp_path, {"groups": [{"units": [unit]}, {"units": [unit]}]})
    [problem] = problems_of(path)
    assert problem.column == "groups[1].units[0].code"
    assert problem.message == PREVIOUS_DUPLICATE.format(code="A", first="groups[0].units[0]")


def test_it_rejects_a_file_without_groups(tmp_path):
    [problem] = problems_of(write(tmp_path, {"criteria": {}}))
    assert (problem.column, problem.message) == ("groups", PREVIOUS_MISSING)


def test_it_rejects_a_file_that_is_not_json_naming_the_line(tmp_path):
    [problem] = problems_of(write(tmp_path, '{"groups": [\n  {"units": [}\n]}'))
    assert problem.column is None
    assert "dòng 2" in problem.message


def test_it_rejects_a_missing_file(tmp_path):
    [problem] = problems_of(tmp_path / "khong-co.json")
    assert problem.file == "khong-co.json"
    assert problem.message == FILE_NOT_FOUND


def test_an_import_failure_prints_file_and_json_path(tmp_path):
    path = write(tmp_path, {"groups": [{"units": [{"code": "A", "index": "x"}]}]})
    text = str(problems_of(path)[0])
    assert text.startswith("previous.json")
    assert "groups[0].units[0].index" in text


# --- XLSX ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(result, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "ket-qua.xlsx"
    write_xlsx(result, path)
    return openpyxl.load_workbook(path)


def test_the_workbook_has_a_sheet_per_group_and_a_field_sheet(book):
    assert book.sheetnames == ["UBND huyện, thị xã, thành phố", "Sở, ban, ngành", FIELD_SHEET]


def test_a_group_sheet_has_a_title_and_vietnamese_headers_with_one_column_per_field(book):
    ws = book["UBND huyện, thị xã, thành phố"]
    assert ws["A1"].value == "Kết quả Chỉ số CCHC năm 2024: UBND huyện, thị xã, thành phố"
    headers = [c.value for c in ws[3]]
    assert headers == [
        *RESULT_HEADERS,
        "I. Chỉ đạo, điều hành",
        "II. Thủ tục hành chính",
        "III. Điểm thưởng",
    ]
    assert ws.freeze_panes == "D4"


def test_a_group_sheet_holds_numbers_as_numeric_cells_with_the_declared_decimals(book):
    ws = book["UBND huyện, thị xã, thành phố"]
    row = [c.value for c in ws[4]]
    assert row == [
        1,
        "H1",
        "Thành phố Đông Hà",
        29.77,
        30,
        99.23,
        "Xuất sắc",
        5.87,
        1,
        9.27,
        19.5,
        1,
    ]
    assert ws["F4"].number_format == "0.00"
    assert ws["D4"].number_format == "0.00"
    assert ws["H4"].number_format == "+0.00;-0.00;0.00"
    assert ws["I4"].number_format == "+0;-0;0"
    assert [ws.cell(row=r, column=8).value for r in (5, 6)] == [-1.1, None]


def test_a_group_sheet_leaves_a_field_that_does_not_apply_empty(book):
    ws = book["Sở, ban, ngành"]
    assert [c.value for c in ws[5]][:3] == [2, "S2", "Sở Tư pháp"]
    assert ws["K5"].value is None


def test_a_group_sheet_ends_with_the_statistics_block(book):
    ws = book["UBND huyện, thị xã, thành phố"]
    stats = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=4).value for r in range(8, 15)}
    assert stats[STAT_AVERAGE] == 92.52
    assert stats[STAT_RISER] == "Thành phố Đông Hà (+5,87)"
    assert stats[STAT_FALLER] == "Huyện Gio Linh (-1,10)"
    assert ws["D8"].number_format == "0.00"


def test_a_group_sheet_sets_column_widths(book):
    ws = book["UBND huyện, thị xã, thành phố"]
    assert ws.column_dimensions["C"].width >= len("Thành phố Đông Hà")
    assert ws.column_dimensions["A"].width >= 8
    assert ws.row_dimensions[3].height >= 30  # "Điểm tối đa áp dụng" wraps onto two lines


def test_the_field_sheet_gives_averages_and_counts_at_the_maximum_per_group(book):
    ws = book[FIELD_SHEET]
    assert [c.value for c in ws[1]] == list(FIELD_HEADERS)
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert rows[0] == ["UBND huyện, thị xã, thành phố", "I", "Chỉ đạo, điều hành", 10, 8.26, 0, 3]
    assert rows[4] == ["Sở, ban, ngành", "II", "Thủ tục hành chính", 20, None, 0, 0]
    assert len(rows) == 6
    assert ws["E2"].number_format == "0.00"
    assert ws.freeze_panes == "A2"


def test_it_names_sheets_within_excels_limits():
    long = UnitGroup("dai", "UBND các xã/phường [thuộc] thành phố: Đông Hà và vùng lân cận")
    criteria = CriteriaSet(code="x", name="x", year=2024, groups=(long,), fields=CRITERIA.fields)
    scores = {"X": UnitScores("X", entries(APPRAISED["H1"]))}
    result = compute(criteria, [Unit("X", "Xã X", "dai")], scores)
    buffer = io.BytesIO()
    write_xlsx(result, buffer)
    buffer.seek(0)
    [name, _] = openpyxl.load_workbook(buffer).sheetnames
    assert len(name) <= 31
    assert not set(name) & set("[]:*?/\\")


# --- Text table ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def table(result):
    return format_table(result)


def test_the_table_shows_numbers_in_vietnamese_style(table):
    line = next(line for line in table.splitlines() if " H1 " in f" {line} ")
    assert "29,77" in line
    assert "99,23" in line
    assert "+5,87" in line
    assert "99.23" not in table


def test_the_table_starts_with_the_year_and_names_each_group(table):
    lines = table.splitlines()
    assert lines[0] == "Kết quả Chỉ số CCHC năm 2024 - bộ tiêu chí par-2024"
    assert "Nhóm UBND huyện, thị xã, thành phố: 3 đơn vị" in lines
    assert "Nhóm Sở, ban, ngành: 2 đơn vị" in lines


def test_the_table_has_vietnamese_headers_for_each_group(table):
    headers = [line for line in table.splitlines() if line.startswith("Hạng")]
    assert len(headers) == 2
    for name in TABLE_HEADERS:
        assert name in headers[0]


def test_the_table_aligns_its_columns(table):
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Hạng"))
    block = lines[start : start + 5]
    index_end = block[0].index("Chỉ số") + len("Chỉ số")
    for line, value in zip(block[2:], ("99,23", "95,00", "83,33"), strict=True):
        assert line.index(value) + len(value) == index_end


def test_the_table_ends_each_group_with_its_statistics_in_vietnamese(table):
    assert "Chỉ số trung bình: 92,52; 2/3 đơn vị trên trung bình" in table
    assert "Cao nhất: 99,23; thấp nhất: 83,33; khoảng cách: 15,90" in table
    assert "Tăng chỉ số nhiều nhất: Thành phố Đông Hà (+5,87)" in table
    assert "Giảm chỉ số nhiều nhất: Huyện Gio Linh (-1,10)" in table
    assert "Chỉ số trung bình: 92,50; 1/2 đơn vị trên trung bình" in table


# --- Scores entered with more decimals than declared ------------------------------------


def test_a_score_entered_with_three_decimals_keeps_them_in_every_output(tmp_path):
    values = {"I.1": "6", "I.2": "4", "II.1": "19.446", "III.1": "0"}
    result = compute(CRITERIA, [UNITS[0]], {"H1": UnitScores("H1", entries(values))})
    assert results_to_json(result)["groups"][0]["units"][0]["achieved"] == "29.446"
    assert "29,446" in format_table(result)
    path = tmp_path / "ba-so-le.xlsx"
    write_xlsx(result, path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert (ws["D4"].value, ws["D4"].number_format) == (29.446, "0.000")
    assert (ws["K4"].value, ws["K4"].number_format) == (19.446, "0.000")
