"""The reports pages and downloads, for every persona: who may read the province report,
who may read which unit's report, and what the others get."""

import io
import uuid

import docx
import openpyxl
import pytest
from django.urls import reverse
from reports_support import OPINION, rows, texts

from parindex.apps.accounts.models import Unit, UnitGroup
from parindex.apps.assessments.models import RoundStatus

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name, *args):
    return reverse(f"reports:{name}", args=args)


def as_user(client, user):
    client.force_login(user)
    return client


def unit_args(finished, code="SNV"):
    return finished.current.uuid, finished.units[code].uuid


# --- the list -------------------------------------------------------------------------


def test_the_secretariat_lists_every_finished_round_with_every_report(client, personas, finished):
    page = as_user(client, personas.secretariat).get(url("index")).content.decode()
    for round_ in (finished.current, finished.previous):
        assert url("province_docx", round_.uuid) in page
        assert url("province_xlsx", round_.uuid) in page
        for code in ("SNV", "STP", "X-A"):
            assert url("unit_docx", round_.uuid, finished.units[code].uuid) in page


def test_the_council_lists_the_province_reports_only(client, personas, finished):
    page = as_user(client, personas.council).get(url("index")).content.decode()
    assert url("province_docx", finished.current.uuid) in page
    assert "/don-vi/" not in page


def test_a_unit_lists_its_own_report_only(client, personas, finished):
    page = as_user(client, personas.leader).get(url("index")).content.decode()
    assert url("unit_docx", *unit_args(finished)) in page
    assert url("unit_docx", *unit_args(finished, "STP")) not in page
    assert url("province_docx", finished.current.uuid) not in page


def test_a_unit_sees_no_round_before_the_council_signs_it_off(client, personas, locked):
    page = as_user(client, personas.staff).get(url("index")).content.decode()
    assert str(locked.uuid) not in page
    secretariat = as_user(client, personas.secretariat).get(url("index")).content.decode()
    assert str(locked.uuid) in secretariat
    assert "Dự thảo: chưa thông qua" in secretariat


@pytest.mark.parametrize("who", ["appraiser", "outsider"])
def test_people_without_reports_are_refused_the_list(client, personas, signed_off, who):
    assert as_user(client, getattr(personas, who)).get(url("index")).status_code == 403


def test_the_list_needs_a_sign_in_and_a_get(client, personas, signed_off):
    response = client.get(url("index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert as_user(client, personas.secretariat).post(url("index")).status_code == 405


def test_the_menu_shows_reports_to_those_who_may_read_them(client, personas, finished):
    link = f'href="{url("index")}"'
    assert link in as_user(client, personas.leader).get(reverse("home")).content.decode()
    assert link not in as_user(client, personas.appraiser).get(reverse("home")).content.decode()


def test_the_list_reads_a_bounded_number_of_rows(
    client, personas, finished, django_assert_max_num_queries
):
    as_user(client, personas.secretariat)
    with django_assert_max_num_queries(12):
        client.get(url("index"))


# --- the province: page, files, charts ------------------------------------------------


def test_the_round_page_shows_statistics_charts_and_unit_reports(client, personas, finished):
    response = as_user(client, personas.secretariat).get(url("round", finished.current.uuid))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<svg role="img"') == 3  # two groups, the averages of two years
    assert "Chỉ số CCHC năm 2024: Sở, ban, ngành" in page
    assert url("province_chart", finished.current.uuid, "index-so") in page
    assert url("unit", *unit_args(finished)) in page


def test_the_council_sees_the_round_page_without_unit_reports(client, personas, finished):
    page = as_user(client, personas.council).get(url("round", finished.current.uuid))
    assert page.status_code == 200
    assert "/don-vi/" not in page.content.decode()


def test_the_province_report_downloads_as_docx(client, personas, finished):
    response = as_user(client, personas.council).get(url("province_docx", finished.current.uuid))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-chi-so-cchc-2024.docx"'
    assert "no-store" in response["Cache-Control"]
    report = docx.Document(io.BytesIO(response.content))
    assert "BÁO CÁO" in texts(report)
    assert any(t == "V. BIẾN ĐỘNG SO VỚI NĂM 2023" for t in texts(report))


def test_the_province_tables_download_as_xlsx(client, personas, finished):
    response = as_user(client, personas.secretariat).get(
        url("province_xlsx", finished.current.uuid)
    )
    assert response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Kết quả Sở, ban, ngành" in book.sheetnames
    assert book["Kết quả Sở, ban, ngành"]["B4"].value in {"Sở Nội vụ", "Sở Tư pháp"}


def test_a_locked_round_gives_a_draft(client, personas, locked):
    response = as_user(client, personas.secretariat).get(url("province_docx", locked.uuid))
    assert "DỰ THẢO" in texts(docx.Document(io.BytesIO(response.content)))


def test_province_charts_are_served_as_svg(client, personas, finished):
    as_user(client, personas.council)
    response = client.get(url("province_chart", finished.current.uuid, "index-xa"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"UBND x\xc3\xa3 A" in response.content
    assert client.get(url("province_chart", finished.current.uuid, "pie")).status_code == 404


@pytest.mark.parametrize("who", ["leader", "staff", "appraiser", "outsider"])
@pytest.mark.parametrize("name", ["round", "province_docx", "province_xlsx"])
def test_only_overseers_read_the_province_reports(client, personas, signed_off, who, name):
    response = as_user(client, getattr(personas, who)).get(url(name, signed_off.current.uuid))
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["round", "province_docx", "province_xlsx"])
def test_province_reports_need_a_sign_in_a_get_and_a_finished_round(
    client, personas, finished, province, name
):
    assert client.get(url(name, finished.current.uuid)).status_code == 302
    as_user(client, personas.secretariat)
    assert client.post(url(name, finished.current.uuid)).status_code == 405
    assert client.get(url(name, uuid.uuid4())).status_code == 404
    finished.current.status = RoundStatus.APPRAISAL
    finished.current.save()
    assert client.get(url(name, finished.current.uuid)).status_code == 404


# --- a unit: page, files, charts ------------------------------------------------------


def test_the_unit_page_shows_figures_charts_and_lost_points(client, personas, finished):
    response = as_user(client, personas.leader).get(url("unit", *unit_args(finished)))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Phân tích Chỉ số CCHC năm 2024: Sở Nội vụ" in page
    assert page.count('<svg role="img"') == 2  # the years, the fields
    assert OPINION in page
    assert url("unit_docx", *unit_args(finished)) in page


def test_a_leader_downloads_the_units_report_with_its_annex(client, personas, finished):
    response = as_user(client, personas.leader).get(url("unit_docx", *unit_args(finished)))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-phan-tich-chi-so-cchc-2024-SNV.docx"'
    )
    report = docx.Document(io.BytesIO(response.content))
    assert rows(report.tables[0])[0][0] == "UBND TỈNH QUẢNG TRỊ\nSỞ NỘI VỤ\n"
    assert len(report.sections) == 2  # the annex on landscape pages
    history = next(t for t in report.tables if rows(t)[0][:2] == ["Năm", "Chỉ số CCHC"])
    assert [r[0] for r in rows(history)[1:]] == ["2023", "2024"]


def test_staff_download_the_units_tables(client, personas, finished):
    response = as_user(client, personas.staff).get(url("unit_xlsx", *unit_args(finished)))
    assert response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[-1] == "Phụ biểu khắc phục"


def test_the_secretariat_reads_any_units_report(client, personas, finished):
    as_user(client, personas.secretariat)
    assert client.get(url("unit_xlsx", *unit_args(finished, "X-A"))).status_code == 200
    assert client.get(url("unit", *unit_args(finished, "STP"))).status_code == 200


def test_unit_charts_are_served_as_svg(client, personas, finished):
    as_user(client, personas.staff)
    response = client.get(url("unit_chart", *unit_args(finished), "history"))
    assert response["Content-Type"] == "image/svg+xml"
    assert b"S\xe1\xbb\x9f N\xe1\xbb\x99i v\xe1\xbb\xa5" in response.content  # Sở Nội vụ
    assert client.get(url("unit_chart", *unit_args(finished), "fields")).status_code == 200
    assert client.get(url("unit_chart", *unit_args(finished), "pie")).status_code == 404


UNIT_VIEWS = ["unit", "unit_docx", "unit_xlsx"]


@pytest.mark.parametrize("name", UNIT_VIEWS)
@pytest.mark.parametrize("who", ["other_staff", "council"])
def test_another_units_report_is_not_found(client, personas, signed_off, name, who):
    response = as_user(client, getattr(personas, who)).get(url(name, *unit_args(signed_off)))
    assert response.status_code == 404


@pytest.mark.parametrize("name", UNIT_VIEWS)
@pytest.mark.parametrize("who", ["appraiser", "outsider"])
def test_people_without_reports_are_refused_unit_reports(client, personas, signed_off, name, who):
    response = as_user(client, getattr(personas, who)).get(url(name, *unit_args(signed_off)))
    assert response.status_code == 403


@pytest.mark.parametrize("name", UNIT_VIEWS)
def test_unit_reports_need_a_sign_in_a_get_and_real_ids(client, personas, signed_off, name):
    assert client.get(url(name, *unit_args(signed_off))).status_code == 302
    as_user(client, personas.secretariat)
    assert client.post(url(name, *unit_args(signed_off))).status_code == 405
    round_id, unit_id = unit_args(signed_off)
    assert client.get(url(name, uuid.uuid4(), unit_id)).status_code == 404
    assert client.get(url(name, round_id, uuid.uuid4())).status_code == 404
    elsewhere = Unit.objects.create(
        code="SXD", name="Sở Xây dựng", group=UnitGroup.objects.get(code="so")
    )
    assert client.get(url(name, round_id, elsewhere.uuid)).status_code == 404


def test_a_unit_waits_for_the_council_but_the_secretariat_reads_the_draft(
    client, personas, locked, finished
):
    args = unit_args(finished)
    assert as_user(client, personas.leader).get(url("unit_docx", *args)).status_code == 404
    response = as_user(client, personas.secretariat).get(url("unit_docx", *args))
    assert "DỰ THẢO" in texts(docx.Document(io.BytesIO(response.content)))
