"""Who issues a report, its number symbol, place, date line and signer; report wording."""

from datetime import date
from decimal import Decimal as D

import pytest

from parindex.apps.reports.letterhead import (
    date_line,
    number_line,
    province_issuer,
    unit_issuer,
)
from parindex.apps.reports.wording import applicable_max, change, joined, rank_change, structure
from parindex.demo import demo_data_dir
from parindex.interchange import load_criteria


def test_the_province_issuer_comes_from_the_settings(settings):
    settings.PARINDEX_PROVINCE = "Yên Bái"
    settings.REPORT_ISSUER = "Sở Nội vụ"
    settings.REPORT_SYMBOL = "BC-SNV"
    settings.REPORT_PLACE = "Yên Bái"
    settings.REPORT_SIGNER_TITLE = "KT. Giám đốc"
    settings.REPORT_SIGNER_NAME = "Nguyễn Văn A"
    issuer = province_issuer()
    assert issuer.lines == ("UBND tỉnh Yên Bái", "Sở Nội vụ")
    assert number_line(issuer) == "Số:        /BC-SNV"
    assert issuer.place == "Yên Bái"
    assert issuer.signer == ("KT. Giám đốc",)
    assert issuer.signer_name == "Nguyễn Văn A"


def test_the_default_issuer_is_the_home_affairs_department_of_the_demo_province():
    issuer = province_issuer()
    assert issuer.lines == ("UBND tỉnh Quảng Trị", "Sở Nội vụ")
    assert issuer.place == "Quảng Trị"


def test_a_peoples_committee_issues_its_own_report():
    issuer = unit_issuer(name="UBND xã Cam Lộ", code="X-CAMLO")
    assert issuer.lines == ("Ủy ban nhân dân", "xã Cam Lộ")
    assert issuer.superiors == 0  # the whole name is the issuer's, in bold
    assert issuer.name == "UBND xã Cam Lộ"
    assert issuer.symbol == "BC-UBND"
    assert issuer.signer == ("TM. Ủy ban nhân dân", "Chủ tịch")


def test_a_department_reports_under_the_provincial_committee():
    issuer = unit_issuer(name="Sở Tư pháp", code="stp")
    assert issuer.lines == ("UBND tỉnh Quảng Trị", "Sở Tư pháp")
    assert (issuer.superiors, issuer.name) == (1, "Sở Tư pháp")
    assert issuer.symbol == "BC-STP"
    assert issuer.signer == ("Giám đốc",)


def test_another_unit_reports_under_its_parent():
    issuer = unit_issuer(name="Chi cục Văn thư", code="CCVT", parent="Sở Nội vụ")
    assert issuer.lines == ("Sở Nội vụ", "Chi cục Văn thư")
    assert issuer.signer == ("Thủ trưởng đơn vị",)


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (date(2025, 1, 5), "Quảng Trị, ngày 05 tháng 01 năm 2025"),
        (date(2024, 2, 29), "Quảng Trị, ngày 29 tháng 02 năm 2024"),
        (date(2024, 12, 9), "Quảng Trị, ngày 09 tháng 12 năm 2024"),
        (date(2024, 3, 15), "Quảng Trị, ngày 15 tháng 3 năm 2024"),
    ],
)
def test_the_date_line_follows_decree_30(day, line):
    assert date_line("Quảng Trị", day) == line


def test_changes_are_told_in_words():
    assert change(D("3.846"), 2) == "tăng 3,85"
    assert change(D("-0.26"), 2) == "giảm 0,26"
    assert change(D("0.001"), 2) == "giữ nguyên"
    assert rank_change(2) == "thứ hạng tăng 2 bậc"
    assert rank_change(-1) == "thứ hạng giảm 1 bậc"
    assert rank_change(0) == "giữ nguyên thứ hạng"
    assert joined(["a", "b", "c"]) == "a, b và c"
    assert joined(["a"]) == "a"


def test_the_maximum_of_a_field_depends_on_the_group():
    criteria = load_criteria(demo_data_dir() / "criteria_2024.yaml")
    procedures = next(f for f in criteria.fields if f.code == "3")
    assert applicable_max(procedures, "so") == 18  # 3.5 (one-stop shop) is for communes
    assert applicable_max(procedures, "xa") == 19  # 3.1.2 is for departments
    fields, criteria_count, sub = structure(criteria)
    assert fields == 8
    assert criteria_count == sum(len(f.children) for f in criteria.fields)
    assert sub > 0
