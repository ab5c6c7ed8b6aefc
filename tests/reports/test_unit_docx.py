"""A unit's analysis report (.docx): its history, its fields against last year, every
lost point with the appraisal opinion, and the remediation annex ready to fill."""

import io
from datetime import date

import docx
import pytest
from docx.enum.section import WD_ORIENT
from reports_support import (
    DONGHA,
    OPINION,
    cell_texts,
    headings,
    make_report,
    repeats_header,
    rows,
    table_with,
    texts,
)

from parindex.apps.reports.letterhead import province_issuer, unit_issuer
from parindex.apps.reports.unit_report import unit_docx
from parindex.numbers import format_vn

ISSUED = date(2025, 2, 3)
ANNEX_HEADER = [
    "Mã",
    "Tiêu chí",
    "Điểm tự chấm",
    "Điểm thẩm định",
    "Ý kiến thẩm định",
    "Phương án khắc phục năm 2025",
    "Phòng, bộ phận chủ trì",
    "Thời hạn hoàn thành",
]


def open_report(data, code, name):
    issuer = unit_issuer(name=name, code=code)
    content = unit_docx(data, code, issuer=issuer, province=province_issuer(), issued=ISSUED)
    return docx.Document(io.BytesIO(content))


@pytest.fixture(scope="module")
def data():
    return make_report()


@pytest.fixture(scope="module")
def report(data):
    return open_report(data, DONGHA, "UBND phường Đông Hà")


def test_the_committee_issues_it_and_the_title_names_the_unit(report):
    header = rows(report.tables[0])
    assert header[0][0] == "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐÔNG HÀ\n"
    lines = report.tables[0].cell(0, 0).paragraphs
    assert [p.runs[0].bold for p in lines[:2]] == [True, True]
    assert header[1] == ["Số:        /BC-UBND", "Quảng Trị, ngày 03 tháng 02 năm 2025"]
    assert (
        "Phân tích Chỉ số cải cách hành chính năm 2024 của UBND phường Đông Hà và nhiệm vụ, "
        "giải pháp khắc phục năm 2025"
    ) in texts(report)
    assert headings(report, 1) == [
        "I. KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024",
        "II. CÁC NỘI DUNG BỊ TRỪ ĐIỂM",
        "III. NHIỆM VỤ, GIẢI PHÁP KHẮC PHỤC NĂM 2025",
    ]


def test_the_opening_gives_index_rank_class_and_change(report, data):
    unit = data.unit(DONGHA)
    body = " ".join(texts(report))
    assert f"đạt {format_vn(unit.index, 2)}/100 điểm, xếp loại {unit.band.label}" in body
    assert f"đứng thứ {unit.rank}/12 trong nhóm UBND xã, phường" in body
    assert f"So với năm 2023 (chỉ số {format_vn(unit.previous_index, 2)}" in body


def test_the_history_table_shows_every_year_as_published(report, data):
    table = table_with(report, "Năm", "Chỉ số CCHC")
    found = rows(table)
    assert found[0] == ["Năm", "Chỉ số CCHC", "Xếp hạng", "Số đơn vị trong nhóm", "Xếp loại"]
    assert found[1] == ["2014", "74", "5", "10", "Khá"]
    assert found[3] == ["2016", "70", "9", "10", "Khá"]
    assert found[4] == ["2017", "81,25", "3", "10", "Tốt"]
    assert found[9] == ["2022", "84,66", "5", "10", "Tốt"]
    unit = data.unit(DONGHA)
    assert found[-1] == ["2024", format_vn(unit.index, 2), str(unit.rank), "12", unit.band.label]
    assert len(found) == 1 + 11  # 2014 to 2024
    assert repeats_header(table)


def test_each_field_this_year_against_last_year(report, data):
    table = table_with(report, "Mã", "Lĩnh vực", "Năm 2024 (điểm)")
    found = rows(table)
    unit, before = data.unit(DONGHA), data.previous_unit(DONGHA)
    first, old = unit.appraised.fields[0], before.appraised.fields[0]
    change = first.achieved - old.achieved
    sign = "+" if change > 0 else ""
    assert found[1][:3] == ["1", first.title, f"{format_vn(first.achieved)}/13"]
    assert found[1][3] == f"{format_vn(old.achieved)}/13"
    assert found[1][4] == (f"{sign}{format_vn(change, 2)}" if change else "0,00")
    bonus = found[8]
    assert bonus[1] == "Điểm thưởng"
    assert "/" not in bonus[2]  # a bonus has no maximum
    assert found[-2][1] == "Tổng điểm"
    assert found[-1][1] == "Chỉ số CCHC"
    assert found[-1][2] == f"{format_vn(unit.index, 2)}/100"


def test_every_lost_point_is_listed_with_its_opinion(report, data):
    table = table_with(report, "Mã", "Tiêu chí", "Tối đa")
    found = rows(table)
    losses = data.losses[DONGHA]
    lines = [row for row in found[1:] if row[0] != row[-1]]  # band rows fill every cell
    assert [row[0] for row in lines] == [p.code for p in losses]
    opinion = next(row for row in lines if row[0] == "1.1.2")
    assert opinion[-1] == OPINION
    bands = [row[0] for row in found[1:] if row[0] == row[-1]]
    assert bands[0].startswith("1. Công tác chỉ đạo, điều hành cải cách hành chính: đạt ")
    total = sum(p.lost for p in losses)
    assert f"bị trừ tổng cộng {format_vn(total)} điểm ở {len(losses)} tiêu chí" in " ".join(
        texts(report)
    )


def test_the_annex_is_on_landscape_pages_ready_to_fill(report, data):
    assert len(report.sections) == 2
    annex = report.sections[1]
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert annex.page_width > annex.page_height
    assert "PHỤ BIỂU CÁC TIÊU CHÍ CẦN KHẮC PHỤC" in texts(report)
    assert "(Kèm theo Báo cáo số        /BC-UBND ngày 03/02/2025 của UBND phường Đông Hà)" in texts(
        report
    )
    table = table_with(report, *ANNEX_HEADER)
    lines = [row for row in rows(table)[1:] if row[0] != row[-1]]
    assert len(lines) == len(data.losses[DONGHA])
    assert all(row[-3:] == ["", "", ""] for row in lines)
    assert repeats_header(table)


def test_the_unit_signs_and_reports_to_the_home_affairs_department(report):
    cells = cell_texts(report)
    recipients = next(c for c in cells if c.startswith("Nơi nhận:"))
    assert "- Sở Nội vụ (để báo cáo);" in recipients
    assert any(c.startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH") for c in cells)


def test_a_unit_that_lost_nothing_gets_no_annex(data):
    from dataclasses import replace  # noqa: PLC0415 - only this test needs it

    clean = replace(data, losses={DONGHA: ()})
    report = open_report(clean, DONGHA, "UBND phường Đông Hà")
    assert len(report.sections) == 1
    assert "Năm 2024, đơn vị không bị trừ điểm ở tiêu chí nào." in texts(report)
