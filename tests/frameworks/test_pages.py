"""The list of sets and a set's tree: what they show, and that they cost a fixed number of
queries however many sets and nodes there are."""

from decimal import Decimal

import pytest
from frameworks_support import facts, node, table_rows, url

from parindex.apps.frameworks.conversion import from_engine
from parindex.apps.frameworks.models import CriteriaNode
from parindex.scoring import CriteriaSet, JudgedRule, Node, UnitGroup

pytestmark = pytest.mark.django_db


def tiny_set(code, year):
    leaf = Node("1.1", "Tiêu chí duy nhất", Decimal(1), rule=JudgedRule())
    field = Node("1", "Lĩnh vực duy nhất", Decimal(1), children=(leaf,))
    return CriteriaSet(
        code=code,
        name=f"Bộ nhỏ {year}",
        year=year,
        fields=(field,),
        groups=(UnitGroup("so", "Sở"),),
    )


def test_the_list_shows_every_set_by_year_with_its_status(signed_in, personas, published, draft):
    response = signed_in(personas.secretariat).get(url("list"))
    rows = table_rows(response, "Các bộ tiêu chí theo năm")
    assert [(r[0], r[1], r[6]) for r in rows] == [
        ("2025", "CCHC-2025", "Dự thảo"),
        ("2024", "CCHC-2024", "Đã ban hành"),
    ]
    assert rows[1][3] == "Sở, ban, ngành; UBND xã, phường"
    assert rows[1][4] == str(published.nodes.count())
    assert rows[1][5] == "2150/QĐ-UBND (15/12/2023)"


def test_the_list_costs_the_same_queries_for_many_sets(
    signed_in, personas, published, django_assert_max_num_queries
):
    client = signed_in(personas.secretariat)
    for year in range(2010, 2020):
        from_engine(tiny_set(f"NHO-{year}", year), actor=None)
    with django_assert_max_num_queries(6):
        assert client.get(url("list")).status_code == 200


def test_the_tree_shows_rules_in_words_with_their_parameters(signed_in, personas, published):
    response = signed_in(personas.secretariat).get(url("detail", published.uuid))
    rows = {r[0]: r for r in table_rows(response, "Lĩnh vực, tiêu chí, tiêu chí thành phần")}
    assert rows["1"][2] == "13"
    assert rows["1"][3] == "Cộng điểm các tiêu chí con"
    assert rows["1.3.1"][2] == "0,5"
    assert rows["1.3.1"][3] == "Chấm theo đánh giá: từ 0 đến điểm tối đa; theo bước 0,25"
    assert rows["1.3.2"][3] == (
        "Theo mức của tỷ lệ % (tử số / mẫu số × 100); từ 100 → 1 điểm; từ 80 → 0,5 điểm; "
        "thấp hơn → 0 điểm; mẫu số bằng 0 → không áp dụng"
    )
    assert rows["1.3.3"][3] == "Tỷ lệ: điểm tối đa × tử số / mẫu số; mẫu số bằng 0 → đủ điểm"
    assert rows["1.2"][3].startswith("Danh mục: cộng điểm các mục đạt, không quá điểm tối đa")
    assert "quy1 Báo cáo quý I — 0,25 điểm" in rows["1.2"][3]
    assert rows["3.1.2"][4] == "Sở, ban, ngành"
    assert rows["1.1.1"][4] == "Tất cả"


def test_the_tree_shows_the_method_and_evidence_required(signed_in, personas, published):
    CriteriaNode.objects.filter(pk=node(published, "1.3.1").pk).update(
        method="Có kế hoạch: 0,5 điểm", evidence_required="Quyết định ban hành kế hoạch"
    )
    text = signed_in(personas.staff).get(url("detail", published.uuid)).content.decode()
    assert "Có kế hoạch: 0,5 điểm" in text
    assert "Quyết định ban hành kế hoạch" in text


def test_the_tree_shows_the_legal_basis_bands_and_total(signed_in, personas, published):
    response = signed_in(personas.staff).get(url("detail", published.uuid))
    shown = facts(response)
    assert shown["Căn cứ pháp lý"] == "Quyết định số 2150/QĐ-UBND ngày 15/12/2023"
    assert shown["Tổng điểm tối đa"] == "100"
    assert shown["Nhóm đơn vị áp dụng"] == "Sở, ban, ngành; UBND xã, phường"
    bands = table_rows(response, "Xếp loại theo chỉ số")
    assert bands[0] == ["95", "Xuất sắc", "A"]
    assert bands[-1] == ["0", "Yếu", "E"]


def test_a_draft_tree_offers_editing_to_the_secretariat(signed_in, personas, draft):
    text = signed_in(personas.secretariat).get(url("detail", draft.uuid)).content.decode()
    assert url("node_edit", node(draft, "1.3").uuid) in text
    assert url("node_up", node(draft, "1.3").uuid) in text
    assert url("publish", draft.uuid) in text
    assert url("node_add", node(draft, "1.3.1").uuid) not in text  # a leaf with a rule


def test_the_tree_does_not_query_per_node(
    signed_in, personas, published, django_assert_num_queries, django_assert_max_num_queries
):
    client = signed_in(personas.staff)
    small = from_engine(tiny_set("NHO-2024", 2024), actor=None)
    small.status = "published"
    small.save()
    client.get(url("detail", small.uuid))  # the session and memberships are read once
    with django_assert_max_num_queries(10) as small_page:
        client.get(url("detail", small.uuid))
    assert published.nodes.count() > 80
    with django_assert_num_queries(len(small_page.captured_queries)):
        assert client.get(url("detail", published.uuid)).status_code == 200


def test_the_secretariat_tree_page_has_a_fixed_query_count(
    signed_in, personas, published, draft, django_assert_max_num_queries
):
    client = signed_in(personas.secretariat)
    with django_assert_max_num_queries(14):
        assert client.get(url("detail", draft.uuid)).status_code == 200
