"""The yearly assessment in a real browser, as its people do it, from self-scoring to the
locked round: unit staff scores two sub-criteria and attaches evidence, the leader
submits, the secretariat starts appraisal, the appraiser returns one item for supplement,
the unit supplements it, the appraiser closes it, the secretariat locks the round.

Each step signs in through the sign-in page in its own browser session and checks what
the person sees: Vietnamese texts, numbers written the Vietnamese way and statuses.
Screenshots of the main pages are kept as artifacts (see conftest.py).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from tests.e2e.conftest import NO_PLAYWRIGHT, in_ci

from parindex.apps.accounts.signin import SIGNIN_FAILED
from parindex.apps.assessments import services_self, views_appraisal, views_rounds
from parindex.apps.assessments.evidence import ATTACHED
from parindex.apps.assessments.models import (
    Participation,
    ParticipationStatus,
    RoundStatus,
    Score,
    ScoreStatus,
)
from parindex.apps.audit.models import AuditEntry

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the dev extras are not installed: skipped, but never in CI
    if in_ci():
        raise
    pytest.skip(NO_PLAYWRIGHT, allow_module_level=True)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A signed report, as units attach them (the content decides the type, not the name).
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EVIDENCE_NAME = "BC-tien-do-nhiem-vu-2024.pdf"
JUDGED = "1.3.1"  # judged, at most 0.5
RATIO = "1.6"  # ratio, at most 2: tasks done on time / tasks given
REQUEST = "Đề nghị bổ sung quyết định ban hành kế hoạch kiểm tra CCHC năm 2024."
ANSWER = "Đơn vị bổ sung Quyết định số 15/QĐ-SNV ngày 20/01/2024 ban hành kế hoạch kiểm tra."
FINAL_OPINION = "Kế hoạch ban hành chậm so với yêu cầu; trừ 0,25 điểm."


def leaf(page: Page, code: str):
    """The section (self-scoring) or article (appraisal) of one sub-criterion."""
    return page.locator(f'[id="tc-{code}"], [id="muc-{code}"]')


def message(page: Page):
    return page.locator("ul.messages")


def stored_self_score(code: str) -> Decimal | None:
    return Score.objects.get(participation__unit__code="SNV", node__code=code).self_score


# --- the steps, one person each --------------------------------------------------------


def staff_scores_and_attaches_evidence(sign_in, screenshot, staff) -> None:
    page = sign_in(staff)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Tự đánh giá"
    ).click()
    page.get_by_role("link", name="Đánh giá Chỉ số CCHC năm 2024").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tự đánh giá: Sở Nội vụ")

    judged = leaf(page, JUDGED)
    judged.get_by_label("Điểm tự chấm").fill("0,5")  # a decimal comma, as people type it
    judged.get_by_label("Giải trình").fill("Đã ban hành Kế hoạch kiểm tra CCHC số 12/KH-SNV.")
    judged.get_by_role("button", name="Lưu").click()
    expect(judged.locator(".notice[role]")).to_have_text(
        str(services_self.SAVED).format(code=JUDGED)
    )
    expect(judged.locator(".leaf-points")).to_contain_text("Tự chấm0,50")
    expect(judged.get_by_label("Điểm tự chấm")).to_have_value("0,5")
    assert stored_self_score(JUDGED) == Decimal("0.5")

    ratio = leaf(page, RATIO)
    ratio.get_by_label("Tử số").fill("45")
    ratio.get_by_label("Mẫu số").fill("50")
    ratio.get_by_role("button", name="Lưu").click()
    expect(ratio.locator(".notice[role]")).to_have_text(str(services_self.SAVED).format(code=RATIO))
    # 2 × 45 / 50 = 1.8 points; scored without evidence or explanation, it blocks sending.
    expect(ratio.locator(".leaf-points")).to_contain_text("Tự chấm1,80")
    expect(ratio.locator(".notice-warning")).to_be_visible()

    ratio.get_by_label("Thêm tệp").set_input_files(
        {"name": EVIDENCE_NAME, "mimeType": "application/pdf", "buffer": PDF}
    )
    ratio.get_by_role("button", name="Tải lên").click()
    expect(ratio.locator(".notice[role]")).to_have_text(str(ATTACHED).format(name=EVIDENCE_NAME))
    expect(ratio.get_by_role("link", name=EVIDENCE_NAME)).to_be_visible()
    expect(ratio.locator(".notice-warning")).to_have_count(0)

    # The running totals follow without reloading: 0.5 + 1.8 in field 1, plus the full
    # point of 1.7 (accuracy of self-scoring, computed at appraisal); 3.3 / 13 = 25.38 %.
    field_one = page.locator("#self-totals tbody tr").first
    expect(field_one.locator("td")).to_have_text(["3,30", "13,00", "25,38"])
    expect(page.locator("#self-totals tfoot td")).to_have_text(["3,30", "94,00", "3,51"])
    screenshot(page, "01-tu-danh-gia")

    page.get_by_role("link", name=re.compile("Kiểm tra và gửi")).click()
    expect(page.get_by_text("Chỉ lãnh đạo đơn vị gửi kết quả tự đánh giá.")).to_be_visible()


def leader_submits(sign_in, screenshot, leader) -> None:
    page = sign_in(leader)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Tự đánh giá"
    ).click()
    page.get_by_role("link", name="Đánh giá Chỉ số CCHC năm 2024").click()
    page.get_by_role("link", name=re.compile("Kiểm tra và gửi")).click()
    expect(
        page.get_by_text("Mọi tiêu chí đã chấm điểm đều có tài liệu kiểm chứng hoặc giải trình.")
    ).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Điểm tự chấm3,30 / 94,00")
    screenshot(page, "02-gui-ket-qua")
    page.get_by_role("button", name="Gửi kết quả tự đánh giá").click()
    expect(message(page)).to_contain_text(str(services_self.SUBMITTED).format(unit="Sở Nội vụ"))
    expect(page.locator("dl.facts")).to_contain_text("Trạng tháiĐã gửi")


def secretariat_starts_appraisal(sign_in, screenshot, secretariat) -> None:
    page = sign_in(secretariat)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đợt đánh giá"
    ).click()
    page.get_by_role("link", name="Đánh giá Chỉ số CCHC năm 2024").click()
    participants = page.get_by_role("table", name="Đơn vị tham gia")
    expect(participants.get_by_role("row", name=re.compile("Sở Nội vụ"))).to_contain_text("Đã gửi")
    page.get_by_role("button", name="Bắt đầu thẩm định").click()
    expect(message(page)).to_contain_text(str(views_rounds.APPRAISAL_STARTED))
    expect(page.locator("dl.facts")).to_contain_text("Trạng tháiThẩm định")
    expect(participants.get_by_role("row", name=re.compile("Sở Nội vụ"))).to_contain_text(
        "Đang thẩm định"
    )
    screenshot(page, "03-dot-danh-gia")


def appraiser_returns_an_item(sign_in, screenshot, appraiser) -> None:
    page = sign_in(appraiser)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Thẩm định"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hàng chờ thẩm định")
    queue = page.get_by_role("table", name="Việc thẩm định theo đơn vị và lĩnh vực")
    # Field 1 of SNV: 10 items to appraise (1.7, the accuracy of self-scoring, is computed).
    snv = queue.get_by_role("row", name=re.compile("Sở Nội vụ"))
    expect(snv.locator("td")).to_have_text(
        ["1 Công tác chỉ đạo, điều hành cải cách hành chính", "10", "0", "0", "0", "0", "10"]
    )
    screenshot(page, "04-hang-cho-tham-dinh")
    snv.get_by_role("link", name="Sở Nội vụ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Nội vụ")

    ratio = leaf(page, RATIO)
    ratio.get_by_label("Ý kiến thẩm định").fill("Đúng số liệu báo cáo.")
    ratio.get_by_role("button", name="Lưu thẩm định").click()
    expect(message(page)).to_contain_text(str(views_appraisal.SAVED).format(code=RATIO))
    expect(leaf(page, RATIO).locator(".badge")).to_have_text("Đã thẩm định")
    expect(leaf(page, RATIO).locator(".side-council")).to_contain_text("1,80")

    judged = leaf(page, JUDGED)
    judged.get_by_text("Yêu cầu đơn vị bổ sung").click()
    judged.get_by_label("Nội dung yêu cầu bổ sung").fill(REQUEST)
    judged.get_by_role("button", name="Trả lại để bổ sung").click()
    expect(message(page)).to_contain_text(str(views_appraisal.RETURNED).format(code=JUDGED))
    judged = leaf(page, JUDGED)
    expect(judged.locator(".badge")).to_have_text("Yêu cầu bổ sung")
    expect(judged.locator("table.thread")).to_contain_text(REQUEST)
    screenshot(page, "05-tham-dinh")


def unit_supplements(sign_in, screenshot, staff) -> None:
    page = sign_in(staff)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Bổ sung"
    ).click()
    item = page.locator("article.appraisal-item")
    expect(item).to_have_count(1)
    expect(item.locator("h3")).to_contain_text(JUDGED)
    expect(item.locator(".badge")).to_have_text("Yêu cầu bổ sung")
    expect(item.locator("td.thread-council")).to_contain_text(REQUEST)
    item.get_by_label("Giải trình, bổ sung của đơn vị").fill(ANSWER)
    item.get_by_label("Điểm đơn vị đề nghị").fill("0,5")
    item.get_by_role("button", name="Gửi bổ sung").click()
    expect(message(page)).to_contain_text(str(views_appraisal.ANSWERED).format(code=JUDGED))
    item = page.locator("article.appraisal-item")
    expect(item.locator(".badge")).to_have_text("Đơn vị đã bổ sung")
    unit_side = item.locator("td.thread-unit")
    expect(unit_side).to_contain_text(ANSWER)
    expect(unit_side).to_contain_text("Điểm đề nghị: 0,50")
    screenshot(page, "06-trao-doi-bo-sung")


def appraiser_closes_the_item(sign_in, screenshot, appraiser) -> None:
    page = sign_in(appraiser)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Thẩm định"
    ).click()
    queue = page.get_by_role("table", name="Việc thẩm định theo đơn vị và lĩnh vực")
    snv = queue.get_by_role("row", name=re.compile("Sở Nội vụ"))
    # 9 left to appraise, among them the one the unit supplemented; 1 appraised.
    expect(snv.locator("td.num")).to_have_text(["9", "0", "1", "1", "0", "10"])
    snv.get_by_role("link", name="Sở Nội vụ").click()

    judged = leaf(page, JUDGED)
    expect(judged.locator(".badge")).to_have_text("Đơn vị đã bổ sung")
    expect(judged.locator("td.thread-unit")).to_contain_text(ANSWER)
    judged.get_by_label("Điểm thẩm định").fill("0,25")
    judged.get_by_label("Ý kiến thẩm định").fill(FINAL_OPINION)
    judged.get_by_role("button", name="Thẩm định lại và đóng").click()
    expect(message(page)).to_contain_text(str(views_appraisal.SAVED).format(code=JUDGED))
    judged = leaf(page, JUDGED)
    expect(judged.locator(".badge")).to_have_text("Đã thẩm định lại")
    expect(judged.locator(".side-council")).to_contain_text("0,25")
    expect(judged.locator(".side-council")).to_contain_text(FINAL_OPINION)
    # Appraised so far: 0.25 + 1.8 + the computed point of 1.7; 3.05 / 94 = 3.24 %.
    summary = page.locator("dl.appraisal-summary")
    expect(summary).to_contain_text("Điểm thẩm định của lĩnh vực (đến nay)3,05")
    expect(summary).to_contain_text("Tổng điểm thẩm định của đơn vị (đến nay)3,05 / 94,00")
    expect(summary).to_contain_text("Chỉ số theo thẩm định (đến nay)3,24")
    screenshot(page, "07-tham-dinh-lai")


def secretariat_locks_the_round(sign_in, screenshot, secretariat) -> None:
    page = sign_in(secretariat)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Tiến độ"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiến độ thẩm định")
    units = page.get_by_role("table", name="Tiến độ theo đơn vị")
    expect(units.get_by_role("row", name=re.compile("Sở Nội vụ"))).to_contain_text("Đã gửi")
    page.get_by_role("button", name="Khóa đợt đánh giá").click()
    expect(message(page)).to_contain_text(str(views_appraisal.LOCKED))
    expect(page.get_by_role("heading", level=2)).to_contain_text("Đã khóa")
    expect(page.locator("dl.progress-summary")).to_contain_text("Khóa lúc")
    expect(page.get_by_role("button", name="Khóa đợt đánh giá")).to_have_count(0)
    screenshot(page, "08-tien-do")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Nhật ký"
    ).click()
    log = page.locator("table.audit-log")
    for action, who in (
        ("Khóa đợt đánh giá", "Noivu"),
        ("Thẩm định", "Thamdinh"),
        ("Đơn vị giải trình, bổ sung", "Canbo"),
        ("Yêu cầu bổ sung", "Thamdinh"),
        ("Bắt đầu thẩm định", "Noivu"),
        ("Đính kèm tài liệu", "Canbo"),
    ):
        expect(log.get_by_role("row", name=re.compile(f"{who}.*{action}")).first).to_be_visible()
    screenshot(page, "09-nhat-ky")


# --- the test ---------------------------------------------------------------------------


def test_a_round_goes_from_self_scoring_to_lock_in_the_browser(
    province, personas, evidence_media, sign_in, screenshot
):
    staff_scores_and_attaches_evidence(sign_in, screenshot, personas.staff)
    leader_submits(sign_in, screenshot, personas.leader)
    secretariat_starts_appraisal(sign_in, screenshot, personas.secretariat)
    appraiser_returns_an_item(sign_in, screenshot, personas.appraiser)
    unit_supplements(sign_in, screenshot, personas.staff)
    appraiser_closes_the_item(sign_in, screenshot, personas.appraiser)
    secretariat_locks_the_round(sign_in, screenshot, personas.secretariat)

    snv = Participation.objects.get(pk=province.participations["SNV"].pk)
    assert snv.status == ParticipationStatus.IN_APPRAISAL
    assert snv.round.status == RoundStatus.LOCKED
    judged = Score.objects.get(participation=snv, node__code=JUDGED)
    assert (judged.status, str(judged.appraised_score)) == (ScoreStatus.CLOSED, "0.2500")
    assert judged.opinion == FINAL_OPINION
    assert AuditEntry.objects.filter(action="round.lock", actor=personas.secretariat).count() == 1


def test_a_wrong_password_keeps_the_person_on_the_sign_in_page_with_the_reason(personas, sign_in):
    page = sign_in(personas.staff, "mat-khau-sai")
    expect(page).to_have_url(re.compile("/dang-nhap/$"))
    expect(page.get_by_role("alert")).to_have_text(str(SIGNIN_FAILED))
    expect(page.get_by_role("button", name=re.compile("Đăng xuất"))).to_have_count(0)


def test_the_self_scoring_page_saves_without_javascript_and_shows_the_new_totals(
    province, personas, sign_in
):
    page = sign_in(personas.staff, javascript=False)
    page.goto("/danh-gia/tu-danh-gia/")
    page.get_by_role("link", name="Đánh giá Chỉ số CCHC năm 2024").click()
    ratio = leaf(page, RATIO)
    ratio.get_by_label("Tử số").fill("39")
    ratio.get_by_label("Mẫu số").fill("40")
    ratio.get_by_role("button", name="Lưu").click()
    # A plain form post: the server answers with the whole page at the criterion.
    expect(page).to_have_url(re.compile(f"#tc-{re.escape(RATIO)}$"))
    expect(message(page)).to_contain_text(str(services_self.SAVED).format(code=RATIO))
    # 2 × 39 / 40 = 1.95, and the full point of 1.7 until appraisal.
    expect(leaf(page, RATIO).locator(".leaf-points")).to_contain_text("Tự chấm1,95")
    field_one = page.locator("#self-totals tbody tr").first
    expect(field_one.locator("td")).to_have_text(["2,95", "13,00", "22,69"])
