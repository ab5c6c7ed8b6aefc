"""The planner and the other indices in a real browser: a unit leader asks what it takes to
reach the first place; the secretariat records a DDCI result with a component and a
target, imports the province's PCI from a file (after a file with a mistake), and the
unit sees its indices beside its PAR INDEX with the target met.

Screenshots of the main pages are kept as artifacts (see conftest.py).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from indices_support import add_value
from planner_support import make_round
from tests.e2e.conftest import NO_PLAYWRIGHT, in_ci

from parindex.apps.accounts.models import Unit
from parindex.apps.indices import views_manage, views_record
from parindex.apps.indices.models import IndexTarget, IndexValue
from parindex.apps.indices.standard import ensure_standard_indices
from parindex.apps.planner import outcome

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the dev extras are not installed: skipped, but never in CI
    if in_ci():
        raise
    pytest.skip(NO_PLAYWRIGHT, allow_module_level=True)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PCI_FILE = (
    "index,year,unit,component,score,rank,of,note\n"
    "PCI,2022,,,64.82,30,63,Kết quả công bố năm 2022\n"
    "PCI,2023,,,66.17,25,63,Kết quả công bố năm 2023\n"
    "PCI,2023,,gia-nhap,7.12,,,\n"
)
GAIN_FIGURES = ["4,00", "2,00", "4,00", "2,00", "62,50", "2/3"]
BAD_FILE = "index,year,unit,score\nPCI,2023,SNV,66.17\n"


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=name).click()


def message(page: Page):
    return page.locator("ul.messages")


@pytest.fixture
def indices(province):
    """The standard indices (a transactional test starts from an emptied database) and the
    small round of the planner tests, in appraisal."""
    definitions = ensure_standard_indices()
    province.round.year = 2023
    province.round.save()
    make_round(province, year=2025)
    return definitions


def leader_plans_the_first_place(sign_in, screenshot, leader) -> None:
    page = sign_in(leader)
    menu(page, "Mô phỏng")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mô phỏng tăng điểm, tăng hạng: Sở Nội vụ"
    )
    facts = page.locator("dl.planner-facts")
    expect(facts).to_contain_text("Chỉ số37,50")
    expect(facts).to_contain_text("Xếp hạng3/3")
    gains = page.get_by_role("table", name=re.compile("nếu chỉ đạt tối đa tiêu chí này"))
    expect(gains.locator("tbody tr").first.locator("td")).to_have_text(
        ["1.1", "Chỉ đạo, điều hành", "Chấm theo đánh giá", *GAIN_FIGURES]
    )
    page.get_by_label("Mục tiêu", exact=True).select_option("rank")
    page.get_by_label("Mức").fill("1")
    page.get_by_label("Tính cả điểm thưởng và việc tránh điểm trừ").check()
    page.get_by_role("button", name="Tìm phương án").click()
    expected = str(outcome.REACHED).format(
        count=2, points="4,00", needed="4,00", index="87,50", rank=1, size=3
    )
    expect(page.locator("p.notice[role=status]")).to_have_text(expected)
    chosen = page.get_by_role("table", name="Phương án: các tiêu chí thành phần cần đạt tối đa")
    expect(chosen.locator("tbody td:first-child")).to_have_text(["1.1", "1.2"])
    expect(gains.locator("tr.chosen")).to_have_count(2)
    screenshot(page, "10-mo-phong")


def secretariat_records_a_ddci_result_and_a_target(sign_in, screenshot, secretariat, ddci):
    page = sign_in(secretariat)
    menu(page, "Các chỉ số")
    page.get_by_role("link", name="Sở Nội vụ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Các chỉ số của Sở Nội vụ")
    page.locator("#chi-so-DDCI").get_by_role("link", name="Ghi kết quả").click()
    page.get_by_label("Năm").fill("2023")
    page.get_by_label("Điểm:", exact=True).fill("70,2")
    page.get_by_label("Xếp hạng").fill("21")
    page.get_by_label("Trên tổng số").fill("23")
    page.get_by_label("Tính năng động", exact=True).fill("6,12")
    page.get_by_role("button", name="Lưu kết quả").click()
    expect(message(page)).to_contain_text(
        str(views_record.RECORDED).format(code="DDCI", year=2023, where="Sở Nội vụ")
    )
    page.get_by_role("link", name="Đặt mục tiêu").click()
    page.get_by_label("Chỉ số:", exact=True).select_option(str(ddci.uuid))
    page.get_by_label("Năm").fill("2023")
    page.get_by_label("Loại mục tiêu").select_option("rise")
    page.get_by_label("Mức mục tiêu").fill("1")
    page.get_by_label("Ghi chú").fill("Ra khỏi nhóm thấp nhất")
    page.get_by_role("button", name="Lưu mục tiêu").click()
    expect(message(page)).to_contain_text(
        str(views_record.TARGET_SET).format(code="DDCI", year=2023, where="Sở Nội vụ")
    )
    summary = page.get_by_role("table", name=re.compile("^Kết quả theo năm"))
    row = summary.get_by_role("row", name=re.compile("^2023"))
    expect(row).to_contain_text("70,20 hạng 21/23 ▲ 1")
    expect(row).to_contain_text("Tăng ít nhất 1 bậc: Đạt")
    screenshot(page, "11-chi-so-don-vi")


def secretariat_imports_the_pci(sign_in, screenshot, secretariat, tmp_path):
    page = sign_in(secretariat)
    menu(page, "Các chỉ số")
    page.get_by_role("link", name="Nhập kết quả từ tệp").first.click()
    bad = tmp_path / "pci-sai.csv"
    bad.write_text(BAD_FILE, encoding="utf-8")
    page.get_by_label("Tệp kết quả (.csv hoặc .xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    problems = page.get_by_role("table", name="Lỗi trong tệp")
    expect(problems.locator("tbody tr td")).to_have_text(
        ["pci-sai.csv", "", "2", "unit", "chỉ số PCI chỉ đánh giá cấp tỉnh: để trống cột này"]
    )
    good = tmp_path / "pci.csv"
    good.write_text(PCI_FILE, encoding="utf-8")
    page.get_by_label("Tệp kết quả (.csv hoặc .xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(message(page)).to_contain_text(
        str(views_manage.IMPORTED).format(count=2, name="pci.csv")
    )
    page.get_by_role("link", name="Các chỉ số cấp tỉnh").click()
    summary = page.get_by_role("table", name=re.compile("^Kết quả theo năm"))
    expect(summary.get_by_role("row", name=re.compile("^2023"))).to_contain_text(
        "66,17 hạng 25/63 ▲ 5"
    )
    expect(page.get_by_role("table", name="Các thành phần của PCI (điểm, hạng)")).to_contain_text(
        "Chi phí gia nhập thị trường 7,12"
    )
    screenshot(page, "12-chi-so-tinh")


def leader_reads_the_units_indices(sign_in, leader) -> None:
    page = sign_in(leader)
    menu(page, "Các chỉ số")
    page.get_by_role("link", name="Sở Nội vụ").click()
    summary = page.get_by_role("table", name=re.compile("^Kết quả theo năm"))
    expect(summary.locator("thead th")).to_have_text(["Năm", "PAR", "SIPAS", "DDCI"])
    expect(summary.get_by_role("row", name=re.compile("^2023"))).to_contain_text(
        "Tăng ít nhất 1 bậc: Đạt"
    )
    expect(page.locator("#chi-so-DDCI").get_by_role("link", name="Ghi kết quả")).to_have_count(0)


def test_the_planner_and_the_indices_in_the_browser(
    personas, indices, sign_in, screenshot, tmp_path
):
    snv = Unit.objects.get(code="SNV")
    add_value(indices["DDCI"], 2022, unit=snv, score="66.1", rank=22, of=25)
    leader_plans_the_first_place(sign_in, screenshot, personas.leader)
    secretariat_records_a_ddci_result_and_a_target(
        sign_in, screenshot, personas.secretariat, indices["DDCI"]
    )
    secretariat_imports_the_pci(sign_in, screenshot, personas.secretariat, tmp_path)
    leader_reads_the_units_indices(sign_in, personas.leader)

    stored = IndexValue.objects.get(definition__code="DDCI", year=2023)
    assert (stored.score, stored.rank, stored.rank_of) == (Decimal("70.2"), 21, 23)
    assert stored.parts.get().score == Decimal("6.12")
    assert IndexTarget.objects.get().set_by == personas.secretariat
    assert IndexValue.objects.filter(definition__code="PCI").count() == 2
