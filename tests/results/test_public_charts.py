"""The charts of the public results pages (no sign-in): drawn on the server as inline SVG,
titled, with their figures as a table; made of published (or imported) figures only."""

import re

import pytest
from results_support import compute, small_round, url

from page_reader import table
from parindex.apps.reports import charts as drawing
from parindex.apps.results import charts
from parindex.apps.results.models import Result
from parindex.apps.results.services_history import history_import

pytestmark = pytest.mark.django_db

INDEX_2024 = "Chỉ số CCHC năm 2024: Sở, ban, ngành"
AVERAGES = "Chỉ số trung bình của các nhóm qua các năm"


def svg_labelled(page, label):
    """The inline SVG whose accessible name is ``label``."""
    found = re.search(rf'<svg role="img" aria-label="{re.escape(label)}".*?</svg>', page, re.S)
    assert found, f"no chart labelled {label!r}"
    return found.group(0)


def test_the_year_page_charts_each_groups_index_without_a_sign_in(client, two_years):
    response = client.get("/ket-qua/")
    assert response.status_code == 200
    assert table(response, f"Số liệu: {INDEX_2024}") == [
        ["Hạng", "Đơn vị", "Chỉ số"],
        ["1", "Sở Nội vụ", "96,00"],
        ["2", "Sở Tài chính", "94,58"],
        ["3", "Sở Tư pháp", "80,00"],
    ]
    svg = svg_labelled(response.content.decode(), INDEX_2024)
    for text in ("Sở Nội vụ", "96,00", "94,58", "80,00", "Trung bình: 90,19"):
        assert text in svg
    assert "<script" not in svg  # drawn, self-contained
    assert "<image" not in svg


def test_the_year_page_charts_the_group_averages_over_the_years(client, two_years):
    response = client.get("/ket-qua/")
    assert table(response, f"Số liệu: {AVERAGES}") == [
        ["Năm", "Sở, ban, ngành"],
        ["2023", "86,56"],
        ["2024", "90,19"],
    ]
    svg = svg_labelled(response.content.decode(), AVERAGES)
    assert "86,56" in svg
    assert "90,19" in svg


def test_an_earlier_year_charts_only_the_years_up_to_it(client, two_years):
    page = client.get("/ket-qua/2023/").content.decode()
    svg_labelled(page, "Chỉ số CCHC năm 2023: UBND xã, phường")
    assert f'aria-label="{AVERAGES}"' not in page  # a single year: nothing to draw


def test_a_result_not_yet_published_is_in_no_chart(client, two_years):
    draft = small_round(2025, two_years.units)
    compute(draft, two_years.by)
    response = client.get("/ket-qua/")
    rows = table(response, f"Số liệu: {AVERAGES}")
    assert [r[0] for r in rows[1:]] == ["2023", "2024"]
    page = response.content.decode()
    assert "2025" not in svg_labelled(page, AVERAGES)
    assert "Chỉ số CCHC năm 2025" not in page
    history = table(
        client.get(url("public_unit", two_years.units["NV"].uuid)),
        "Số liệu: Chỉ số CCHC qua các năm: Sở Nội vụ",
    )
    assert [r[0] for r in history[1:]] == ["2023", "2024"]


def test_imported_years_start_the_averages_and_the_units_history(client, two_years, tmp_path):
    lines = ["year,unit,group,index,rank,class,name,group_name,units"]
    ranked = {
        2014: (("TC", 90), ("TP", 80), ("NV", 70)),
        2015: (("TC", 91), ("TP", 81), ("NV", "71.5")),
    }
    for year, units in ranked.items():
        for rank, (code, index) in enumerate(units, 1):
            lines.append(f"{year},{code},so,{index},{rank},Khá,,,3")
    path = tmp_path / "lich-su.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    history_import(actor=None, path=path)
    averages = table(client.get("/ket-qua/"), f"Số liệu: {AVERAGES}")
    assert averages[1:] == [
        ["2014", "80,00"],
        ["2015", "81,17"],
        ["2023", "86,56"],
        ["2024", "90,19"],
    ]
    response = client.get(url("public_unit", two_years.units["NV"].uuid))
    assert table(response, "Số liệu: Chỉ số CCHC qua các năm: Sở Nội vụ") == [
        ["Năm", "Chỉ số", "Hạng", "Xếp loại"],
        ["2014", "70", "3/3", "Khá"],
        ["2015", "71,5", "3/3", "Khá"],
        ["2023", "75,00", "3/3", "Khá"],
        ["2024", "96,00", "1/3", "Xuất sắc"],
    ]
    svg = svg_labelled(response.content.decode(), "Chỉ số CCHC qua các năm: Sở Nội vụ")
    assert "71,5 (3/3)" in svg
    assert "96,00 (1/3)" in svg


def test_a_unit_with_a_single_published_year_gets_no_chart(client, two_years):
    page = client.get(url("public_unit", two_years.units["HB"].uuid)).content.decode()
    assert "Chỉ số CCHC qua các năm: UBND phường Hòa Bình" not in page
    assert '<svg role="img"' not in page


def test_an_altered_result_gives_no_average(client, two_years):
    record = two_years.first  # 2023
    Result.objects.filter(pk=record.pk).update(results=record.results.replace('"', "'", 1))
    page = client.get("/ket-qua/").content.decode()
    assert f'aria-label="{AVERAGES}"' not in page  # 2024 alone is left: nothing to draw
    svg_labelled(page, INDEX_2024)


def test_a_chart_drawn_by_one_worker_is_not_drawn_again_by_another(client, two_years, monkeypatch):
    charts._DRAWN.clear()
    first = client.get("/ket-qua/").content.decode()
    charts._DRAWN.clear()  # another process: nothing kept in its memory

    def refuse(*args, **kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr(drawing, "index_chart", refuse)
    monkeypatch.setattr(drawing, "averages_chart", refuse)
    again = client.get("/ket-qua/").content.decode()
    assert svg_labelled(again, INDEX_2024) == svg_labelled(first, INDEX_2024)
