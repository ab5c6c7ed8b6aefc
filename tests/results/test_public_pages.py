"""The public results pages (no sign-in): only published results, per year and group,
Vietnamese numbers, accessible tables; a unit's history; the published files."""

import io
import json
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
import yaml
from django.utils import timezone
from results_support import compute, small_round, url

from page_reader import read, table
from parindex import scoring
from parindex.apps.accounts.models import Unit
from parindex.apps.results import services
from parindex.apps.results.models import Result
from parindex.apps.results.services_history import history_import

pytestmark = pytest.mark.django_db

REAL = yaml.safe_load((Path(__file__).parents[1] / "data" / "real_cases.yaml").read_text())


def test_it_ranks_each_unit_with_points_index_class_and_changes(client, two_years):
    rows = table(client.get("/ket-qua/"), "Xếp hạng Sở, ban, ngành năm 2024")
    assert rows[0] == [
        "Hạng",
        "Đơn vị",
        "Điểm đạt",
        "Điểm tối đa áp dụng",
        "Chỉ số",
        "Xếp loại",
        "Chỉ số so với năm trước",
        "Thứ hạng so với năm trước",
    ]
    assert rows[1:] == [
        ["1", "Sở Nội vụ", "96,00", "100,00", "96,00", "Xuất sắc", "+21,00", "▲ 2"],
        ["2", "Sở Tài chính", "56,75", "60,00", "94,58", "Tốt", "+2,91", "="],
        ["3", "Sở Tư pháp", "80,00", "100,00", "80,00", "Khá", "-13,00", "▼ 2"],
    ]


def test_a_unit_without_last_year_shows_no_change(client, two_years):
    rows = table(client.get("/ket-qua/2023/"), "Xếp hạng UBND xã, phường năm 2023")
    assert rows[1] == ["1", "UBND phường Hòa Bình", "60,00", "100,00", "60,00", "Yếu", "—", "—"]


def test_unit_names_link_to_their_public_history(client, two_years):
    page = client.get("/ket-qua/").content.decode()
    assert f'href="/ket-qua/don-vi/{two_years.units["NV"].uuid}/"' in page


def test_it_shows_the_group_statistics(client, two_years):
    departments_2024 = read(client.get("/ket-qua/")).lists[1]  # after the publication facts
    assert departments_2024 == [
        ["Chỉ số trung bình", "90,19"],
        ["Số đơn vị trên trung bình", "2 / 3"],
        ["Cao nhất", "96,00"],
        ["Thấp nhất", "80,00"],
        ["Khoảng cách cao nhất – thấp nhất", "16,00"],
        ["Tăng nhiều nhất", "Sở Nội vụ (+21,00)"],
        ["Giảm nhiều nhất", "Sở Tư pháp (-13,00)"],
    ]


def test_it_shows_each_field_average_and_units_at_maximum(client, two_years):
    rows = table(client.get("/ket-qua/"), "Kết quả theo lĩnh vực: Sở, ban, ngành năm 2024")
    assert rows == [
        ["Lĩnh vực", "Điểm tối đa", "Điểm trung bình", "Số đơn vị đạt tối đa"],
        ["1 Công tác chỉ đạo, điều hành", "40", "37,83", "1 / 3"],
        ["2 Cải cách thủ tục hành chính", "20", "17,75", "1 / 3"],
        ["3 Chuyển đổi số", "40", "33,00", "0 / 2"],
    ]


def test_it_shows_each_units_points_per_field(client, two_years):
    rows = table(client.get("/ket-qua/"), "Điểm từng lĩnh vực: Sở, ban, ngành năm 2024")
    assert rows == [
        ["Đơn vị", "1", "2", "3", "Tổng điểm"],
        ["Sở Nội vụ", "40", "20", "36", "96,00"],
        ["Sở Tài chính", "38,5", "18,25", "KAD", "56,75"],
        ["Sở Tư pháp", "35", "15", "30", "80,00"],
    ]


def test_it_shows_when_and_how_the_result_was_published(client, two_years):
    facts = dict(read(client.get("/ket-qua/")).lists[0])
    published = timezone.localtime(two_years.second.published_at)
    assert facts["Công bố ngày"] == f"{published:%d/%m/%Y}"
    assert facts["Bộ tiêu chí ban hành theo"] == "2023/QĐ-UBND"
    assert facts["Mã kiểm tra dữ liệu đầu vào (SHA-256)"] == two_years.second.inputs_sha256


def test_the_newest_year_is_shown_first_and_every_year_is_listed(client, two_years):
    page = client.get("/ket-qua/").content.decode()
    assert "Xếp hạng Sở, ban, ngành năm 2024" in page
    assert "Xếp hạng Sở, ban, ngành năm 2023" not in page
    assert 'href="/ket-qua/2023/"' in page
    assert 'href="/ket-qua/2024/" aria-current="page"' in page


def test_only_published_results_appear(client, two_years):
    draft = small_round(2025, two_years.units)
    compute(draft, two_years.by)
    page = client.get("/ket-qua/").content.decode()
    assert "năm 2025" not in page
    assert client.get("/ket-qua/2025/").status_code == 404


def test_it_says_so_when_there_are_no_results(client, db):
    response = client.get("/ket-qua/")
    assert response.status_code == 200
    assert "Chưa có kết quả để hiển thị." in response.content.decode()


def test_an_unknown_year_is_not_found(client, two_years):
    assert client.get("/ket-qua/2019/").status_code == 404


@pytest.mark.parametrize("path", ["/ket-qua/", "/ket-qua/2024/"])
def test_it_refuses_a_post(client, two_years, path):
    assert client.post(path).status_code == 405


def test_a_result_whose_data_were_altered_is_not_shown(client, two_years):
    record = two_years.second
    Result.objects.filter(pk=record.pk).update(results=record.results.replace("96.00", "99.00"))
    page = client.get("/ket-qua/").content.decode()
    assert "không khớp dữ liệu đã lưu nên tạm không hiển thị" in page
    assert "Xếp hạng Sở, ban, ngành năm 2024" not in page


def test_the_page_is_translated_but_keeps_vietnamese_numbers(client, two_years):
    page = client.get("/ket-qua/", headers={"accept-language": "en"}).content.decode()
    assert "Ranking of Sở, ban, ngành, 2024" in page
    assert "Average index" in page
    assert "94,58" in page


def test_survey_points_get_their_own_columns(client, signed_off, personas, survey_points):
    survey_points({"SNV": {"1.3.1": scoring.Entry(score=D("0.25"))}})
    record = compute(signed_off, personas.secretariat)
    record = services.result_review(actor=personas.secretariat, result=record, note="Khớp.")
    services.result_publish(actor=personas.secretariat, result=record)
    rows = table(client.get("/ket-qua/"), "Xếp hạng Sở, ban, ngành năm 2024")
    assert rows[0][2:5] == ["Điểm thẩm định", "Điểm khảo sát", "Tổng điểm"]
    snv = next(r for r in rows if r[1] == "Sở Nội vụ")
    stp = next(r for r in rows if r[1] == "Sở Tư pháp")
    assert snv[3] == "0,25"
    assert stp[3] == "—"
    assert D(snv[2].replace(",", ".")) + D("0.25") == D(snv[4].replace(",", "."))


# --- a unit's history ---------------------------------------------------------------------


def test_a_units_page_lists_its_published_years(client, two_years):
    response = client.get(url("public_unit", two_years.units["NV"].uuid))
    rows = table(response, "Chỉ số CCHC của Sở Nội vụ qua các năm")
    assert rows == [
        [
            "Năm",
            "Chỉ số",
            "Xếp hạng",
            "Xếp loại",
            "Chỉ số trung bình của nhóm",
            "Nhóm",
            "Nguồn",
        ],
        ["2023", "75,00", "3/3", "Khá", "86,56", "Sở, ban, ngành", "Công bố trên hệ thống"],
        ["2024", "96,00", "1/3", "Xuất sắc", "90,19", "Sở, ban, ngành", "Công bố trên hệ thống"],
    ]


def test_a_units_page_compares_its_fields_with_the_year_before(client, two_years):
    response = client.get(url("public_unit", two_years.units["NV"].uuid))
    rows = table(response, "Điểm theo lĩnh vực của Sở Nội vụ năm 2024 so với năm trước")
    assert rows[1:] == [
        ["1 Công tác chỉ đạo, điều hành", "40/40", "30/40", "+10"],
        ["2 Cải cách thủ tục hành chính", "20/20", "15/20", "+5"],
        ["3 Chuyển đổi số", "36/40", "30/40", "+6"],
    ]


def test_the_real_dong_ha_history_shows_its_published_figures(client, db, tmp_path):
    lines = ["year,unit,group,index,rank,class,name,group_name,units"]
    lines += [
        f"{r['year']},TP-DONGHA,huyen,{r['index']},{r['rank']},{r['class']},,"
        '"UBND huyện, thị xã, thành phố",10'
        for r in REAL["history"]
    ]
    path = tmp_path / "dong-ha.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    group = Unit._meta.get_field("group").related_model.objects.create(code="xa", name="Xã")
    unit = Unit.objects.create(code="TP-DONGHA", name="UBND phường Đông Hà", group=group)
    history_import(actor=None, path=path)
    rows = table(
        client.get(url("public_unit", unit.uuid)), "Chỉ số CCHC của UBND phường Đông Hà qua các năm"
    )
    shown = [(r[0], r[1], r[2], r[3]) for r in rows[1:]]
    assert shown == [
        ("2014", "74", "5/10", "Khá"),
        ("2015", "75,25", "2/10", "Khá"),
        ("2016", "70", "9/10", "Khá"),
        ("2017", "81,25", "3/10", "Tốt"),
        ("2018", "85,25", "4/10", "Tốt"),
        ("2019", "80,63", "5/10", "Tốt"),
        ("2020", "84,63", "2/10", "Tốt"),
        ("2021", "86,55", "4/10", "Tốt"),
        ("2022", "84,66", "5/10", "Tốt"),
        ("2023", "93,36", "5/10", "Tốt"),
    ]
    assert {r[6] for r in rows[1:]} == {"Nhập từ số liệu đã công bố"}
    assert {r[4] for r in rows[1:]} == {"—"}  # one district of ten: no group average


def test_a_unit_without_history_says_so(client, two_years):
    other = Unit.objects.create(code="SXD", name="Sở Xây dựng", group=two_years.units["NV"].group)
    page = client.get(url("public_unit", other.uuid)).content.decode()
    assert "Chưa có chỉ số đã công bố của đơn vị này." in page


def test_an_unknown_unit_is_not_found_and_a_post_is_refused(client, two_years):
    assert client.get("/ket-qua/don-vi/6f1c0b0e-0000-4000-8000-000000000001/").status_code == 404
    assert client.get("/ket-qua/don-vi/khong-phai-uuid/").status_code == 404
    assert client.post(url("public_unit", two_years.units["NV"].uuid)).status_code == 405


# --- the published files ------------------------------------------------------------------


def test_the_published_json_is_the_frozen_text(client, two_years):
    response = client.get(url("download_json", two_years.second.uuid))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "ket-qua-chi-so-cchc-2024" in response["Content-Disposition"]
    assert response.content.decode() == two_years.second.results
    assert json.loads(response.content)["criteria"]["year"] == 2024


def test_the_published_workbook_opens_with_a_sheet_per_group(client, two_years):
    response = client.get(url("download_xlsx", two_years.second.uuid))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Sở, ban, ngành", "Lĩnh vực"]
    sheet = book["Sở, ban, ngành"]
    assert [sheet.cell(row=4, column=c).value for c in (1, 3)] == [1, "Sở Nội vụ"]


def test_files_of_an_unpublished_result_are_not_found(client, two_years):
    draft = compute(small_round(2025, two_years.units), two_years.by)
    assert client.get(url("download_json", draft.uuid)).status_code == 404
    assert client.get(url("download_xlsx", draft.uuid)).status_code == 404
    assert client.post(url("download_json", two_years.second.uuid)).status_code == 405


def test_the_page_reads_a_fixed_number_of_rows_whatever_the_units(
    client, two_years, django_assert_max_num_queries
):
    client.get("/ket-qua/")  # recomputations of the frozen inputs are kept after this
    with django_assert_max_num_queries(6):  # 2 of them: the groups' averages over the years
        client.get("/ket-qua/")
    with django_assert_max_num_queries(12):
        client.get(url("public_unit", two_years.units["NV"].uuid))
