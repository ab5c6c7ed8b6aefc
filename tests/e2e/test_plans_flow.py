"""Remediation plans and risk warnings in a real browser, as the unit's people use them:
the leader generates a plan from the points the unit lost in the signed-off round, adds an
office, gives every task an owner and issues the plan; the staff member who owns a task
records its progress with an evidence file; the staff member enters monthly figures and
sees the projected year-end points and the warning; the secretariat sees every unit's
plans and overdue tasks.

Screenshots are kept as artifacts (see conftest.py), named ``ke-hoach-*``.
"""

from __future__ import annotations

import re

import pytest
from tests.e2e.conftest import NO_PLAYWRIGHT, in_ci
from tests.plans.plans_support import finish_round

from parindex.apps.audit.models import AuditEntry
from parindex.apps.plans import services_assign, services_figures, services_plans
from parindex.apps.plans.models import Plan, PlanStatus, ProgressUpdate, TaskStatus

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the dev extras are not installed: skipped, but never in CI
    if in_ci():
        raise
    pytest.skip(NO_PLAYWRIGHT, allow_module_level=True)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EVIDENCE_NAME = "BC-tien-do-nhiem-vu-UBND-giao-quy-I.pdf"
OFFICE = "Phòng Cải cách hành chính"
REMEDIATION = "Theo dõi nhiệm vụ UBND tỉnh giao hằng tuần; nhắc việc trước hạn 5 ngày."
PROGRESS_NOTE = "Quý I: 12/12 nhiệm vụ hoàn thành đúng hạn."


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=name).click()


def message(page: Page):
    return page.locator("ul.messages")


def task_row(page: Page, code: str):
    return page.locator(f'[id="nv-{code}"]')


# --- the steps, one person each --------------------------------------------------------


def leader_generates_the_plan(page: Page, screenshot) -> None:
    menu(page, "Kế hoạch khắc phục")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kế hoạch khắc phục")
    page.get_by_role("link", name="Lập kế hoạch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Các tiêu chí bị trừ điểm: Sở Nội vụ")
    losses = page.get_by_role("table", name="Phụ biểu các tiêu chí cần khắc phục")
    judged = losses.get_by_role("row", name=re.compile("1.3.1"))
    expect(judged.locator("td")).to_have_text(
        ["1.3.1", "0,50", "0,50", "0,25", "0,25", re.compile("trừ 0,25 điểm"), "—"]
    )
    expect(page.locator("dl.facts")).to_contain_text("Tổng số điểm bị trừ1,25")
    screenshot(page, "ke-hoach-01-diem-bi-tru")
    page.get_by_label("Thời hạn chung của các nhiệm vụ").fill("2025-09-30")
    page.get_by_role("button", name="Lập kế hoạch").click()
    expect(message(page)).to_contain_text(str(services_plans.GENERATED).format(count=3))
    expect(page.locator(".plan-status")).to_have_text("Dự thảo")
    expect(task_row(page, "1.6")).to_contain_text("30/09/2025")


def leader_adds_an_office(page: Page) -> None:
    page.get_by_role("link", name="Phòng, ban").first.click()
    page.get_by_label("Tên phòng, ban").fill(OFFICE)
    page.get_by_role("button", name="Thêm").click()
    expect(message(page)).to_contain_text(str(services_assign.OFFICE_CREATED).format(name=OFFICE))
    page.get_by_role("link", name="← Kế hoạch khắc phục").click()
    page.get_by_role("link", name=re.compile("^Kế hoạch khắc phục các tiêu chí")).click()


def leader_completes_and_issues(page: Page, screenshot, staff_name: str) -> None:
    for code in ("1.3.1", "1.6", "4.5"):
        task_row(page, code).get_by_role("link").click()
        form = page.locator("section.task-form")
        form.get_by_label("Giải pháp khắc phục").fill(
            REMEDIATION if code == "1.6" else f"Khắc phục tiêu chí {code}."
        )
        form.get_by_label("Phòng, ban chủ trì").select_option(label=OFFICE)
        form.get_by_label("Công chức phụ trách").select_option(label=staff_name)
        form.get_by_role("button", name="Lưu nhiệm vụ").click()
        expect(message(page)).to_contain_text(str(services_plans.TASK_SAVED).format(code=code))
        if code == "1.6":
            screenshot(page, "ke-hoach-02-giao-nhiem-vu")
        page.get_by_role("link", name=re.compile("^← Kế hoạch khắc phục")).click()
    expect(task_row(page, "1.6")).to_contain_text(f"{OFFICE} — {staff_name}")
    page.get_by_role("button", name="Ban hành kế hoạch").click()
    expect(message(page)).to_contain_text(str(services_plans.ISSUED))
    expect(page.locator(".plan-status")).to_have_text("Đã ban hành")
    screenshot(page, "ke-hoach-03-ban-hanh")


def staff_records_progress(page: Page, screenshot) -> None:
    menu(page, "Kế hoạch khắc phục")
    page.get_by_role("link", name=re.compile("Kế hoạch khắc phục các tiêu chí")).click()
    task_row(page, "1.6").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1.6")
    expect(page.locator(".sides")).to_contain_text("Điểm bị trừ0,50")
    page.get_by_label("Tiến độ (%)").fill("60")
    page.get_by_label("Kết quả thực hiện").fill(PROGRESS_NOTE)
    page.get_by_label("Tài liệu kiểm chứng").set_input_files(
        {"name": EVIDENCE_NAME, "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Ghi nhận").click()
    expect(message(page)).to_contain_text(
        str(services_plans.PROGRESS_SAVED).format(percent=60, code="1.6")
    )
    history = page.get_by_role("table", name="Các lần cập nhật tiến độ")
    expect(history).to_contain_text(PROGRESS_NOTE)
    expect(history.get_by_role("link", name=EVIDENCE_NAME)).to_be_visible()
    expect(page.locator("p.lead")).to_contain_text("Đang thực hiện")
    screenshot(page, "ke-hoach-04-tien-do")
    with page.expect_download() as download:
        history.get_by_role("link", name=EVIDENCE_NAME).click()
    assert download.value.suggested_filename == EVIDENCE_NAME


def staff_enters_figures_and_sees_the_warning(page: Page, screenshot) -> None:
    menu(page, "Cảnh báo")
    page.get_by_role("link", name="Sở Nội vụ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Nội vụ")
    expect(page.locator("details.waiting")).to_have_attribute("open", "")
    page.get_by_role("link", name=re.compile("Tỷ lệ TTHC có phát sinh hồ sơ thanh toán")).click()
    for month, numerator, denominator in ((1, "10", "40"), (2, "29", "74")):
        page.get_by_label("Kỳ báo cáo").select_option(label="Tháng")
        page.get_by_label(re.compile("^Kỳ \\(")).fill(str(month))
        page.get_by_label("Tử số").fill(numerator)
        page.get_by_label("Mẫu số").fill(denominator)
        page.get_by_role("button", name="Lưu số liệu").click()
        where = services_figures.period_name("month", month)
        expect(message(page)).to_contain_text(
            str(services_figures.SAVED).format(where=where, code="3.3.2")
        )
    expect(page.locator("dl.facts")).to_contain_text("Điểm dự báo0,34")
    expect(page.locator("dl.facts")).to_contain_text("Có nguy cơ mất0,66")
    page.get_by_role("link", name=re.compile("^← Cảnh báo năm")).click()
    warnings = page.locator("section.warning-list")
    expect(warnings).to_contain_text("dự báo 0,34/1,00 điểm, có nguy cơ mất 0,66 điểm")
    screenshot(page, "ke-hoach-05-canh-bao")


def secretariat_follows_every_unit(page: Page, screenshot) -> None:
    menu(page, "Kế hoạch khắc phục")
    plans = page.get_by_role("table", name="Kế hoạch của các đơn vị")
    expect(plans.get_by_role("row", name=re.compile("Sở Nội vụ"))).to_contain_text("Đã ban hành")
    screenshot(page, "ke-hoach-06-so-noi-vu")
    page.get_by_role("link", name="Nhiệm vụ quá hạn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhiệm vụ khắc phục quá hạn")


# --- the test ---------------------------------------------------------------------------


def test_a_plan_goes_from_lost_points_to_recorded_progress_in_the_browser(
    province, personas, evidence_media, sign_in, screenshot
):
    finish_round(province, personas.appraiser)
    leader = sign_in(personas.leader)
    leader_generates_the_plan(leader, screenshot)
    leader_adds_an_office(leader)
    leader_completes_and_issues(leader, screenshot, str(personas.staff))
    staff = sign_in(personas.staff)
    staff_records_progress(staff, screenshot)
    staff_enters_figures_and_sees_the_warning(staff, screenshot)
    secretariat_follows_every_unit(sign_in(personas.secretariat), screenshot)

    plan = Plan.objects.get()
    assert plan.status == PlanStatus.ISSUED
    task = plan.tasks.get(code="1.6")
    assert (task.progress, task.status, task.owner) == (60, TaskStatus.IN_PROGRESS, personas.staff)
    assert task.remediation == REMEDIATION
    update = ProgressUpdate.objects.get()
    assert [e.name for e in update.evidence.all()] == [EVIDENCE_NAME]
    assert AuditEntry.objects.filter(action="task.progress", actor=personas.staff).count() == 1
    assert AuditEntry.objects.filter(action="figure.save", actor=personas.staff).count() == 2
