"""Quarterly progress reports: the table generated from the tasks' progress at the end of
the quarter, the unit's summary of each task, saved and audited, exported as .xlsx."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from page_reader import read
from parindex.apps.audit.models import AuditEntry
from parindex.apps.plans import quarters, services_plans
from parindex.apps.plans.models import ProgressUpdate, QuarterLine, QuarterReport
from parindex.apps.plans.services_reports import (
    NOT_ISSUED,
    NOT_STARTED,
    REPORT_SAVED,
    quarter_report_save,
)

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 10, 0))


@pytest.fixture
def reported(issued, personas):
    """Last year's plan: 1.6 at 40 % in Q1 and 100 % in Q2; 4.5 at 20 % in Q2, its deadline
    30 April passed; 1.3.1 never reported (deadline 31 December)."""
    year = timezone.localdate().year - 1
    issued.year = year
    issued.save()
    tasks = {t.code: t for t in issued.tasks.all()}
    tasks["4.5"].deadline = date(year, 4, 30)
    tasks["1.3.1"].deadline = date(year, 12, 31)
    tasks["1.6"].deadline = date(year, 6, 30)
    for task in tasks.values():
        task.save()
    steps = [
        ("1.6", 40, "Hoàn thành 8/19 nhiệm vụ.", at(year, 2, 10)),
        ("1.6", 100, "Hoàn thành toàn bộ nhiệm vụ.", at(year, 5, 20)),
        ("4.5", 20, "Đang rà soát kỷ luật.", at(year, 6, 1)),
    ]
    for code, percent, note, when in steps:
        services_plans.progress_record(
            actor=personas.leader, task=tasks[code], percent=percent, note=note
        )
        ProgressUpdate.objects.filter(task=tasks[code], percent=percent).update(at=when)
    return issued


def rows_of(view):
    return {r.task.code: (r.percent, r.status, r.overdue) for r in view.rows}


def test_a_quarter_runs_three_months():
    assert quarters.quarter_days(2025, 1) == (date(2025, 1, 1), date(2025, 3, 31))
    assert quarters.quarter_days(2024, 1)[1] == date(2024, 3, 31)
    assert quarters.quarter_days(2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))


def test_the_first_quarter_shows_progress_as_it_stood_on_31_march(reported):
    view = quarters.quarter_view(reported, 1)
    assert rows_of(view) == {
        "1.3.1": (0, "not_started", False),
        "1.6": (40, "in_progress", False),
        "4.5": (0, "not_started", False),
    }
    assert view.rows[1].summary == "Hoàn thành 8/19 nhiệm vụ."
    assert view.as_of == date(reported.year, 3, 31)


def test_the_second_quarter_counts_what_was_done_and_what_ran_late(reported):
    view = quarters.quarter_view(reported, 2)
    assert rows_of(view) == {
        "1.3.1": (0, "not_started", False),
        "1.6": (100, "done", False),
        "4.5": (20, "in_progress", True),
    }
    assert (view.done, view.overdue) == (1, 1)
    assert view.rows[1].summary == "Hoàn thành toàn bộ nhiệm vụ."  # only this quarter's


def test_a_quarter_under_way_shows_progress_until_today(reported):
    view = quarters.quarter_view(reported, 2, today=date(reported.year, 5, 31))
    assert view.as_of == date(reported.year, 5, 31)
    assert rows_of(view)["4.5"] == (0, "not_started", True)


def test_quarters_start_on_their_first_day(reported):
    year = reported.year
    assert quarters.started(reported, 2, date(year, 4, 1))
    assert not quarters.started(reported, 3, date(year, 6, 30))
    assert quarters.current_quarter(reported, date(year, 8, 15)) == 3
    assert quarters.current_quarter(reported, date(year - 1, 12, 31)) is None
    assert not quarters.started(reported, 5, date(year + 1, 1, 1))


def test_a_saved_report_keeps_the_texts_and_is_audited(reported, personas):
    tasks = {t.code: t for t in reported.tasks.all()}
    quarter_report_save(
        actor=personas.staff,
        plan=reported,
        quarter=2,
        summary="Quý II hoàn thành 1/3 nhiệm vụ.",
        lines={tasks["1.6"]: "Đã hoàn thành.", tasks["4.5"]: ""},
    )
    report = QuarterReport.objects.get()
    assert (report.quarter, report.summary, report.updated_by) == (
        2,
        "Quý II hoàn thành 1/3 nhiệm vụ.",
        personas.staff,
    )
    assert dict(QuarterLine.objects.values_list("task__code", "summary")) == {
        "1.6": "Đã hoàn thành."
    }
    entry = AuditEntry.objects.get(action="quarter_report.save")
    assert entry.new == {
        "quarter": 2,
        "1.6": "Đã hoàn thành.",
        "summary": "Quý II hoàn thành 1/3 nhiệm vụ.",
    }
    view = quarters.quarter_view(reported, 2)
    assert view.rows[1].summary == "Đã hoàn thành."
    assert view.rows[2].summary == "Đang rà soát kỷ luật."  # not saved: still prefilled


def test_a_draft_plan_has_no_report(plan, personas):
    with pytest.raises(services_plans.Refused) as refused:
        quarter_report_save(actor=personas.staff, plan=plan, quarter=1, summary="x", lines={})
    assert refused.value.message == str(NOT_ISSUED)


def test_a_quarter_not_started_cannot_be_reported(personas, reported):
    reported.year = timezone.localdate().year + 1
    reported.save()
    with pytest.raises(services_plans.Refused) as refused:
        quarter_report_save(actor=personas.staff, plan=reported, quarter=1, summary="x", lines={})
    assert refused.value.message == str(NOT_STARTED).format(quarter=1, year=reported.year)


def test_the_unit_writes_the_report_on_its_page(client, personas, reported):
    url = reverse("plans:quarter", args=[reported.uuid, 2])
    client.force_login(personas.staff)
    response = client.get(url)
    assert response.status_code == 200
    rows = next(t for c, t in read(response).tables if c == "Tiến độ các nhiệm vụ")
    assert rows[2][3:5] == ["100%", "Hoàn thành"]
    assert rows[3][4] == "Đang thực hiện Quá hạn"
    task = reported.tasks.get(code="1.6")
    response = client.post(url, {"summary": "Tổng hợp quý II.", f"line-{task.uuid}": "Xong."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert str(REPORT_SAVED).format(quarter=2) in page
    assert "Tổng hợp quý II." in page


def test_the_report_downloads_as_a_workbook(client, personas, reported):
    client.force_login(personas.secretariat)
    response = client.get(reverse("plans:quarter_xlsx", args=[reported.uuid, 2]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="bao-cao-khac-phuc-SNV-{reported.year}-quy-2.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Quý 2"
    assert sheet["A1"].value == (
        f"Báo cáo tiến độ thực hiện kế hoạch khắc phục — Quý 2 năm {reported.year}"
    )
    assert [c.value for c in sheet[4]][:4] == ["STT", "Mã tiêu chí", "Tiêu chí", "Điểm bị trừ"]
    second = [c.value for c in sheet[6]]
    assert second[1] == "1.6"
    assert float(second[3]) == 0.5
    assert second[8:11] == [100, "Hoàn thành", None]
    assert [c.value for c in sheet[7]][10] == "có"  # 4.5 ran late
    assert second[11] == "Hoàn thành toàn bộ nhiệm vụ."


@pytest.mark.parametrize(
    ("who", "status"), [("secretariat", 200), ("appraiser", 404), ("other_staff", 404)]
)
def test_who_reads_a_report(client, personas, reported, who, status):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("plans:quarter", args=[reported.uuid, 1])).status_code == status
    assert client.get(reverse("plans:quarter_xlsx", args=[reported.uuid, 1])).status_code == status


@pytest.mark.parametrize("who", ["secretariat", "council"])
def test_overseers_read_but_do_not_write_reports(client, personas, reported, who):
    client.force_login(getattr(personas, who))
    url = reverse("plans:quarter", args=[reported.uuid, 1])
    assert "Lưu báo cáo" not in client.get(url).content.decode()
    assert client.post(url, {"summary": "x"}).status_code == 403
    assert not QuarterReport.objects.exists()


def test_report_pages_refuse_bad_quarters_methods_and_anonymous(client, personas, reported):
    url = reverse("plans:quarter", args=[reported.uuid, 1])
    assert client.get(url).status_code == 302
    client.force_login(personas.staff)
    assert client.get(reverse("plans:quarter", args=[reported.uuid, 5])).status_code == 404
    assert client.post(reverse("plans:quarter_xlsx", args=[reported.uuid, 1])).status_code == 405
    assert client.delete(url).status_code == 405
