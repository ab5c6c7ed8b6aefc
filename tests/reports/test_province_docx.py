"""The province results report (.docx), opened with python-docx: layout, sections,
tables and figures."""

import io
from datetime import date

import docx
import pytest
from django.utils import translation
from docx.enum.section import WD_ORIENT
from reports_support import (
    cell_texts,
    headings,
    make_report,
    repeats_header,
    rows,
    table_with,
    texts,
)

from parindex.apps.reports.letterhead import province_issuer
from parindex.apps.reports.province_report import province_docx
from parindex.numbers import format_vn

ISSUED = date(2025, 1, 20)


def centimetres(*lengths):
    """Lengths in cm to a tenth: Word stores them in twentieths of a point."""
    return tuple(round(length.cm, 1) for length in lengths)


def open_report(data):
    return docx.Document(io.BytesIO(province_docx(data, issuer=province_issuer(), issued=ISSUED)))


@pytest.fixture(scope="module")
def report():
    """One report of the demo data for the whole module (it takes about a second)."""
    return open_report(make_report())


def test_the_page_is_a4_portrait_with_the_decree_margins(report):
    section = report.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert centimetres(section.page_width, section.page_height) == (21.0, 29.7)
    assert centimetres(section.top_margin, section.bottom_margin) == (2.0, 2.0)
    assert centimetres(section.left_margin, section.right_margin) == (3.0, 2.0)
    normal = report.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14


def test_the_header_block_names_the_issuer_the_nation_the_number_and_the_date(report):
    header = rows(report.tables[0])
    assert header[0][0] == "UBND TỈNH QUẢNG TRỊ\nSỞ NỘI VỤ\n"
    assert header[0][1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    assert header[1] == ["Số:        /BC-SNV", "Quảng Trị, ngày 20 tháng 01 năm 2025"]
    issuer = report.tables[0].cell(0, 0).paragraphs
    assert [p.runs[0].bold for p in issuer[:2]] == [False, True]  # the superior, the issuer


def test_the_title_and_the_numbered_sections(report):
    body = texts(report)
    assert "BÁO CÁO" in body
    assert (
        "Kết quả xác định Chỉ số cải cách hành chính năm 2024 của Sở, ban, ngành và UBND xã, phường"
    ) in body
    assert "DỰ THẢO" not in body
    assert headings(report, 1) == [
        "I. PHƯƠNG PHÁP ĐÁNH GIÁ",
        "II. KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC",
        "III. KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024",
        "IV. KẾT QUẢ THEO LĨNH VỰC",
        "V. BIẾN ĐỘNG SO VỚI NĂM 2023",
    ]
    assert headings(report, 2)[:3] == [
        "1. Bộ tiêu chí đánh giá",
        "2. Cách tính chỉ số và xếp loại",
        "3. Tổ chức đánh giá",
    ]
    assert [t for t in body if t][-1].startswith("Trên đây là báo cáo kết quả xác định Chỉ số")


def test_the_results_table_of_each_group_ranks_its_units(report, demo_report):
    for group in demo_report.result.groups:
        table = table_with(report, "Hạng", "Đơn vị")
        found = [t for t in report.tables if rows(t)[0][:2] == ["Hạng", "Đơn vị"]]
        table = found[demo_report.result.groups.index(group)]
        assert rows(table)[0] == [
            "Hạng",
            "Đơn vị",
            "Tổng điểm đạt",
            "Điểm tối đa áp dụng",
            "Chỉ số",
            "Xếp loại",
        ]
        for row, unit in zip(rows(table)[1:], group.units, strict=True):
            assert row[0] == str(unit.rank)
            assert row[1] == unit.unit.name
            assert row[4] == format_vn(unit.index, 2)
            assert row[5] == unit.band.label
        assert repeats_header(table)


def test_the_demo_figures_appear_as_published(report):
    communes = [t for t in report.tables if rows(t)[0][:2] == ["Hạng", "Đơn vị"]][1]
    assert rows(communes)[1][:2] == ["1", "UBND phường Nam Đông Hà"]
    assert rows(communes)[1][4] == "96,52"
    stats = table_with(report, "Nhóm đơn vị", "Số đơn vị")
    assert rows(stats)[1][:3] == ["Sở, ban, ngành", "8", "84,32"]
    assert rows(stats)[2][:3] == ["UBND xã, phường", "12", "88,64"]


def test_survey_figures_by_group_and_factor(report):
    ballots = table_with(report, "Nhóm đơn vị", "Số phiếu")
    assert rows(ballots)[1:] == [
        ["Sở, ban, ngành", "984"],
        ["UBND xã, phường", "1.140"],
        ["Tổng", "2.124"],
    ]
    factors = table_with(report, "Yếu tố")
    assert rows(factors)[1] == ["Tiếp cận dịch vụ", "92,50", "94,50"]
    assert "thu về 2.124 phiếu" in " ".join(texts(report))


def test_survey_points_get_their_own_column(demo_report):
    from dataclasses import replace  # noqa: PLC0415 - only this test needs it
    from decimal import Decimal as D  # noqa: PLC0415

    points = {u.unit.code: D("3.5") for g in demo_report.result.groups for u in g.units}
    report = open_report(replace(demo_report, survey_points=points))
    table = table_with(report, "Hạng", "Đơn vị", "Điểm thẩm định", "Điểm khảo sát")
    unit = demo_report.result.groups[0].units[0]
    row = rows(table)[1]
    assert row[3] == "3,50"
    assert row[2] == format_vn(unit.appraised.achieved - D("3.5"), 2)
    assert row[4] == format_vn(unit.appraised.achieved, 2)


def test_fields_risers_and_fallers(report, demo_report):
    group = demo_report.result.groups[1]
    body = " ".join(texts(report))
    riser, faller = group.riser, group.faller
    assert f"Đơn vị tăng chỉ số nhiều nhất là {riser.unit.name}" in body
    assert f"tăng {format_vn(riser.index_change, 2)}" in body
    assert f"Đơn vị giảm chỉ số nhiều nhất là {faller.unit.name}" in body
    changes = [t for t in report.tables if rows(t)[0][:2] == ["Đơn vị", "Chỉ số năm 2023"]]
    assert len(changes) == 2
    first = rows(changes[1])[1]
    unit = group.units[0]
    assert first[:3] == [
        unit.unit.name,
        format_vn(unit.previous_index, 2),
        format_vn(unit.index, 2),
    ]
    fields = [t for t in report.tables if rows(t)[0][:3] == ["Mã", "Lĩnh vực", "Điểm tối đa"]]
    stats = group.fields[0]
    assert rows(fields[1])[1][:4] == ["1", stats.title, "13", format_vn(stats.average, 2)]


def test_charts_are_pictures_with_numbered_captions(report):
    assert len(report.inline_shapes) == 4  # two groups, the averages by year, the survey
    captions = [t for t in texts(report) if t.startswith("Biểu đồ ")]
    assert captions[0] == "Biểu đồ 1. Tỷ lệ hài lòng theo yếu tố (%)"
    assert len(captions) == 4


def test_the_end_lists_the_recipients_and_the_signer(report):
    cells = cell_texts(report)
    recipients = next(c for c in cells if c.startswith("Nơi nhận:"))
    assert "- UBND tỉnh (để báo cáo);" in recipients
    assert recipients.endswith("- Lưu: VT, CCHC.")
    assert any(c.startswith("GIÁM ĐỐC") for c in cells)


def test_a_draft_says_so_and_skips_what_it_lacks(draft_report):
    report = open_report(draft_report)
    body = texts(report)
    assert "DỰ THẢO" in body
    assert any("chưa được Hội đồng thẩm định thông qua" in t for t in body)
    assert any(t.startswith("Năm 2024, số liệu khảo sát sự hài lòng không") for t in body)
    assert len(report.inline_shapes) == 3  # no survey chart


def test_the_report_stays_vietnamese_when_the_reader_uses_english(demo_report):
    with translation.override("en"):
        report = open_report(demo_report)
    captions = [t for t in texts(report) if t.startswith("Biểu đồ ")]
    assert captions[1] == "Biểu đồ 2. Chỉ số CCHC năm 2024: Sở, ban, ngành"
