"""The indices pages that read: a unit's indices beside its PAR INDEX with targets met or
not (one real department's positions), the province's indices, the overview, the
download; and who may open them."""

import csv
import io

import pytest
from django.urls import reverse
from indices_support import add_target, add_value, publish

from page_reader import read
from parindex.apps.indices.models import Goal

pytestmark = pytest.mark.django_db

SUMMARY = "Kết quả theo năm (điểm, thứ hạng, thay đổi thứ hạng và mục tiêu)"


@pytest.fixture
def department(province, standard, par_rounds):
    """Sở Nội vụ's positions: PAR 17/21 → 4/21 → 6/21, DDCI 16/23 → 22/25 → 21/23,
    satisfaction 9/16 → 1/17 → 13/17 (2021-2023), and targets on each."""
    snv = province.units["SNV"]
    for year, score, rank, of in (
        (2021, None, 16, 23),
        (2022, "66.1", 22, 25),
        (2023, "70.2", 21, 23),
    ):
        add_value(standard["DDCI"], year, unit=snv, score=score, rank=rank, of=of)
    for year, score, rank, of in (
        (2021, "87.2", 9, 16),
        (2022, "95.6", 1, 17),
        (2023, "88.1", 13, 17),
    ):
        add_value(standard["SIPAS"], year, unit=snv, score=score, rank=rank, of=of)
    add_value(
        standard["DDCI"],
        2024,
        unit=snv,
        score="72.5",
        rank=15,
        of=24,
        parts={"nang-dong": "6.8", "ho-tro": "7.25"},
    )
    add_target(standard["PAR"], 2022, Goal.RISE, "3", unit=snv)
    add_target(standard["PAR"], 2023, Goal.RISE, "3", unit=snv)
    add_target(standard["DDCI"], 2022, Goal.RISE, "1", unit=snv)
    add_target(standard["DDCI"], 2023, Goal.RISE, "1", unit=snv)
    add_target(standard["SIPAS"], 2022, Goal.RANK, "5", unit=snv)
    add_target(standard["SIPAS"], 2023, Goal.SCORE, "90", unit=snv)
    add_target(standard["PAR"], 2025, Goal.RANK, "3", unit=snv, note="Kế hoạch 2025")
    return snv


def unit_url(unit):
    return reverse("indices:unit", args=[unit.uuid])


def table(response, caption):
    return next(rows for title, rows in read(response).tables if title == caption)


# --- the unit page --------------------------------------------------------------------------


def test_the_unit_page_shows_each_year_of_every_index_with_its_targets(
    client, personas, department
):
    client.force_login(personas.staff)
    response = client.get(unit_url(department))
    assert response.status_code == 200
    rows = table(response, SUMMARY)
    assert rows[0] == ["Năm", "PAR", "SIPAS", "DDCI"]
    assert rows[1] == [
        "2021",
        "83,50 hạng 17/21 chưa công bố",
        "87,20 hạng 9/16",
        "— hạng 16/23",
    ]
    assert rows[2] == [
        "2022",
        "96,50 hạng 4/21 ▲ 13 chưa công bố Tăng ít nhất 3 bậc: Đạt",
        "95,60 hạng 1/17 ▲ 8 Đạt hạng 5 trở lên: Đạt",
        "66,10 hạng 22/25 ▼ 6 Tăng ít nhất 1 bậc: Chưa đạt",
    ]
    assert rows[3] == [
        "2023",
        "94,50 hạng 6/21 ▼ 2 chưa công bố Tăng ít nhất 3 bậc: Chưa đạt",
        "88,10 hạng 13/17 ▼ 12 Đạt từ 90 % trở lên: Chưa đạt",
        "70,20 hạng 21/23 ▲ 1 Tăng ít nhất 1 bậc: Đạt",
    ]
    assert rows[4][0] == "2024"
    assert rows[5] == ["2025", "— Đạt hạng 3 trở lên: Chưa có kết quả", "—", "—"]


def test_the_par_index_table_gives_class_and_source_of_each_year(client, personas, department):
    client.force_login(personas.leader)
    rows = table(client.get(unit_url(department)), "Kết quả PAR theo năm")
    assert rows[1][:5] == ["2021 chưa công bố", "83,50", "17/21", "—", "Khá"]
    assert rows[2][:5] == ["2022 chưa công bố", "96,50", "4/21", "▲ 13", "Tốt"]
    assert rows[2][6] == (
        "Chưa công bố: tính từ kết quả thẩm định của «Đánh giá Chỉ số CCHC năm 2022»"
    )
    assert rows[3][:5] == ["2023 chưa công bố", "94,50", "6/21", "▼ 2", "Tốt"]
    assert rows[4][5].startswith("Đạt hạng 3 trở lên: Chưa có kết quả Kế hoạch 2025")


def test_components_are_shown_for_the_years_that_have_them(client, personas, department):
    client.force_login(personas.secretariat)
    rows = table(client.get(unit_url(department)), "Các thành phần của DDCI (điểm, hạng)")
    assert rows[0] == ["Thành phần", "2024"]
    assert ["Tính năng động", "6,80"] in rows
    assert ["Hỗ trợ doanh nghiệp", "7,25"] in rows
    assert ["Chi phí thời gian", "—"] in rows


def test_the_unit_may_act_on_what_it_is_allowed_to(client, personas, department, standard):
    client.force_login(personas.staff)
    page = client.get(unit_url(department)).content.decode()
    assert reverse("indices:record", args=[standard["DDCI"].uuid]) not in page
    assert reverse("indices:unit_target", args=[department.uuid]) not in page
    assert reverse("planner:unit", args=[department.uuid]) in page
    client.force_login(personas.leader)
    page = client.get(unit_url(department)).content.decode()
    assert reverse("indices:unit_target", args=[department.uuid]) in page
    assert reverse("indices:record", args=[standard["DDCI"].uuid]) not in page
    client.force_login(personas.secretariat)
    page = client.get(unit_url(department)).content.decode()
    assert reverse("indices:record", args=[standard["DDCI"].uuid]) in page
    assert reverse("indices:record", args=[standard["PAR"].uuid]) not in page


@pytest.mark.parametrize("who", ["staff", "leader", "secretariat", "admin", "council"])
def test_the_unit_its_people_and_the_overseers_open_the_unit_page(
    client, personas, department, who
):
    client.force_login(getattr(personas, who))
    assert client.get(unit_url(department)).status_code == 200


@pytest.mark.parametrize("who", ["other_staff", "appraiser", "other_appraiser", "outsider"])
def test_other_units_appraisers_and_outsiders_cannot_open_it(client, personas, province, who):
    client.force_login(getattr(personas, who))
    assert client.get(unit_url(province.units["SNV"])).status_code == 403


def test_the_unit_page_takes_only_get_and_sends_anonymous_visitors_to_sign_in(
    client, personas, province
):
    url = unit_url(province.units["SNV"])
    assert client.get(url).status_code == 302
    client.force_login(personas.staff)
    assert client.post(url).status_code == 405


def test_an_unknown_unit_is_not_found(client, personas):
    client.force_login(personas.secretariat)
    url = reverse("indices:unit", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404
    assert client.get("/chi-so/don-vi/12/").status_code == 404


# --- the province page ----------------------------------------------------------------------


@pytest.fixture
def province_results(standard):
    add_value(standard["PCI"], 2022, score="64.82", rank=30, of=63)
    add_value(standard["PCI"], 2023, score="66.17", rank=25, of=63, parts={"gia-nhap": "7.12"})
    add_value(standard["PAPI"], 2023, score="43.02")
    add_target(standard["PCI"], 2023, Goal.RISE, "3")
    add_target(standard["PAPI"], 2023, Goal.SCORE, "45")


def test_the_province_page_shows_papi_and_pci_with_their_targets(
    client, personas, province_results
):
    client.force_login(personas.staff)
    response = client.get(reverse("indices:province"))
    assert response.status_code == 200
    rows = table(response, SUMMARY)
    assert rows[0] == ["Năm", "SIPAS", "PAPI", "PCI"]
    assert rows[1] == ["2022", "—", "—", "64,82 hạng 30/63"]
    assert rows[2] == [
        "2023",
        "—",
        "43,02 hạng — Đạt từ 45 trở lên: Chưa đạt",
        "66,17 hạng 25/63 ▲ 5 Tăng ít nhất 3 bậc: Đạt",
    ]
    assert "Kết quả DDCI theo năm" not in response.content.decode()


def test_the_province_page_is_for_every_signed_in_person(client, personas, province_results):
    url = reverse("indices:province")
    assert client.get(url).status_code == 302
    for who in ("outsider", "appraiser", "other_staff", "council"):
        client.force_login(getattr(personas, who))
        assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


def test_the_province_page_reads_in_few_queries(
    client, personas, province_results, django_assert_max_num_queries
):
    client.force_login(personas.secretariat)
    with django_assert_max_num_queries(12):
        client.get(reverse("indices:province"))


# --- the overview and the download ----------------------------------------------------------


def test_the_overview_lists_the_units_one_may_open(client, personas, province, standard):
    client.force_login(personas.staff)
    page = client.get(reverse("indices:home")).content.decode()
    assert unit_url(province.units["SNV"]) in page
    assert unit_url(province.units["STP"]) not in page
    assert reverse("indices:import") not in page
    client.force_login(personas.secretariat)
    page = client.get(reverse("indices:home")).content.decode()
    assert unit_url(province.units["STP"]) in page
    assert reverse("indices:import") in page
    assert client.post(reverse("indices:home")).status_code == 405


def test_the_overview_sends_anonymous_visitors_to_sign_in(client):
    assert client.get(reverse("indices:home")).status_code == 302


def test_the_unit_page_reads_in_a_bounded_number_of_queries(
    client, personas, department, django_assert_max_num_queries
):
    client.force_login(personas.leader)
    # 9 per finished round not published (computed as the results app would), 15 more
    with django_assert_max_num_queries(42):
        client.get(unit_url(department))


def test_published_years_cost_no_query_each_and_are_not_marked(
    client, personas, department, par_rounds, django_assert_max_num_queries
):
    for round_ in par_rounds.values():
        publish(round_, personas.secretariat)
    client.force_login(personas.leader)
    with django_assert_max_num_queries(15):
        response = client.get(unit_url(department))
    rows = table(response, "Kết quả PAR theo năm")
    assert rows[2][:5] == ["2022", "96,50", "4/21", "▲ 13", "Tốt"]
    assert rows[2][6] == "Công bố trên hệ thống: Đánh giá Chỉ số CCHC năm 2022"
    assert "badge pending" not in response.content.decode()


def test_the_menu_offers_the_indices_to_everyone_signed_in(client, personas):
    client.force_login(personas.outsider)
    assert reverse("indices:home") in client.get("/").content.decode()
    client.logout()
    assert reverse("indices:home") not in client.get("/").content.decode()


def test_the_secretariat_downloads_every_result_in_the_import_format(client, personas, department):
    client.force_login(personas.secretariat)
    response = client.get(reverse("indices:export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="chi-so.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["index", "year", "unit", "component", "score", "rank", "of", "note"]
    assert ["DDCI", "2022", "SNV", "", "66.1", "22", "25", ""] in rows
    assert ["DDCI", "2024", "SNV", "ho-tro", "7.25", "", "", ""] in rows
    xlsx = client.get(reverse("indices:export", args=["xlsx"]))
    assert xlsx.content.startswith(b"PK")


def test_only_the_secretariat_downloads_and_only_csv_or_xlsx(client, personas, department):
    url = reverse("indices:export", args=["csv"])
    assert client.get(url).status_code == 302
    client.force_login(personas.leader)
    assert client.get(url).status_code == 403
    client.force_login(personas.secretariat)
    assert client.get(reverse("indices:export", args=["pdf"])).status_code == 404
    assert client.post(url).status_code == 405
