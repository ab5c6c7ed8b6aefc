"""The charts: the same figure as PNG (documents) and SVG (pages), Vietnamese text and
numbers, readable by screen readers, the same bytes every time."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from PIL import Image
from reports_support import DONGHA, make_report

from parindex.apps.reports import charts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def data():
    return make_report()


def svg_texts(content: bytes) -> str:
    root = ET.fromstring(content)
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))


def test_the_index_chart_has_every_unit_and_its_index(data):
    group = data.result.groups[1]
    chart = charts.index_chart(group, year=2024, decimals=2)
    text = svg_texts(charts.svg(chart))
    assert "Chỉ số CCHC năm 2024: UBND xã, phường" in text
    assert "UBND phường Nam Đông Hà" in text
    assert "96,52" in text  # Vietnamese decimals, also on the axis labels
    assert "Trung bình: 88,64" in text
    assert all(u.unit.name in text for u in group.units)


def test_png_for_documents_is_a_real_picture(data):
    chart = charts.index_chart(data.result.groups[0], year=2024, decimals=2)
    content = charts.png(chart)
    assert content.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(content)).convert("L")
    width, height = image.size
    assert width == 1152  # 7,2 inches at 160 dpi
    dark = sum(image.histogram()[:128])
    assert dark > width * height * 0.02  # bars and text, not a blank picture


def test_the_same_chart_gives_the_same_svg(data):
    first = charts.svg(charts.index_chart(data.result.groups[0], year=2024, decimals=2))
    second = charts.svg(charts.index_chart(data.result.groups[0], year=2024, decimals=2))
    assert first == second


def test_inline_svg_is_labelled_for_screen_readers(data):
    chart = charts.survey_chart(data.survey, {"so": "Sở", "xa": "Xã <phường>"})
    markup = str(charts.svg_markup(chart))
    assert markup.startswith('<svg role="img" aria-label="Tỷ lệ hài lòng theo yếu tố (%)" ')
    assert "<?xml" not in markup
    assert "Xã &lt;phường&gt;" in markup
    assert "92,50" in markup


def test_the_history_chart_shows_published_figures_and_ranks(data):
    chart = charts.history_chart("UBND phường Đông Hà", data.history_of(DONGHA))
    text = svg_texts(charts.svg(chart))
    assert "74 (5/10)" in text
    assert "81,25 (3/10)" in text


def test_the_charts_of_each_report(data):
    keys = [c.key for c in charts.province_charts(data)]
    assert keys == ["index-so", "index-xa", "averages", "survey"]
    assert [c.key for c in charts.unit_charts(data, DONGHA)] == ["history", "fields"]
    assert charts.chart_named(charts.province_charts(data), "nothing") is None


def test_chart_words_follow_the_page_language_and_documents_stay_vietnamese(data):
    group = data.result.groups[0]
    with translation.override("en"):
        english = svg_texts(charts.svg(charts.index_chart(group, year=2024, decimals=2)))
    vietnamese = svg_texts(charts.svg(charts.index_chart(group, year=2024, decimals=2)))
    assert "Index" in english.split()
    assert "Chỉ số" in vietnamese
    assert "93,86" in english  # numbers stay Vietnamese in both
