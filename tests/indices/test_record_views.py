"""Recording results and targets on screen: the forms, decimal commas, components, the
roles that may and may not, and tampered ids."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from indices_support import add_target, add_value, components

from parindex.apps.audit.models import AuditEntry
from parindex.apps.indices import services, views_record
from parindex.apps.indices.models import ComponentValue, Goal, IndexTarget, IndexValue

pytestmark = pytest.mark.django_db

MISSING_UUID = "00000000-0000-0000-0000-000000000000"


def record_url(definition):
    return reverse("indices:record", args=[definition.uuid])


def ddci_form(unit, **changes):
    data = {
        "year": "2023",
        "unit": str(unit.uuid),
        "score": "70,2",
        "rank": "21",
        "rank_of": "23",
        "note": "QĐ 45/QĐ-UBND",
        "part_1_score": "6,12",
        "part_1_rank": "20",
    }
    return {**data, **changes}


@pytest.fixture
def leaders_may_record(standard):
    standard["DDCI"].unit_may_record = True
    standard["DDCI"].save()
    return standard["DDCI"]


# --- recording a result -------------------------------------------------------------------


def test_the_secretariat_records_a_result_with_decimal_commas_and_components(
    client, personas, province, standard
):
    snv = province.units["SNV"]
    client.force_login(personas.secretariat)
    response = client.post(record_url(standard["DDCI"]), ddci_form(snv))
    assert response.status_code == 302
    assert response.url == reverse("indices:unit", args=[snv.uuid])
    value = IndexValue.objects.get(definition=standard["DDCI"], unit=snv, year=2023)
    assert (value.score, value.rank, value.rank_of) == (D("70.2"), 21, 23)
    part = ComponentValue.objects.get(value=value)
    assert (part.component.code, part.score, part.rank) == ("nang-dong", D("6.12"), 20)
    page = client.get(response.url).content.decode()
    assert str(views_record.RECORDED).format(code="DDCI", year=2023, where="Sở Nội vụ") in page


def test_the_form_opens_with_the_stored_result_to_correct_it(client, personas, province, standard):
    snv = province.units["SNV"]
    add_value(
        standard["DDCI"], 2023, unit=snv, score="70.2", rank=21, of=23, parts={"ho-tro": "6.75"}
    )
    client.force_login(personas.secretariat)
    response = client.get(record_url(standard["DDCI"]), {"nam": 2023, "don_vi": str(snv.uuid)})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="70,2"' in page
    assert 'value="6,75"' in page
    assert "Kết quả năm 2023 đã có" in page
    response = client.post(record_url(standard["DDCI"]), ddci_form(snv, score="71,4"))
    assert response.status_code == 302
    assert IndexValue.objects.get(definition=standard["DDCI"]).score == D("71.4")
    entry = AuditEntry.objects.get(action=services.VALUE_RECORD)
    assert (entry.old["score"], entry.new["score"]) == ("70.2", "71.4")


def test_bad_input_is_shown_beside_its_field_and_nothing_is_written(
    client, personas, province, standard
):
    client.force_login(personas.secretariat)
    data = ddci_form(province.units["SNV"], score="1.234,5", rank="30", part_1_score="12")
    response = client.post(record_url(standard["DDCI"]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "không dùng dấu chấm hay dấu phẩy để phân cách hàng nghìn" in page
    assert "Xếp hạng 30 lớn hơn tổng số 23." in page
    assert "Điểm 12 vượt điểm tối đa 10." in page
    assert not IndexValue.objects.exists()


def test_a_result_needs_a_score_or_a_rank_on_screen_too(client, personas, province, standard):
    client.force_login(personas.secretariat)
    data = ddci_form(province.units["SNV"], score="", rank="", part_1_score="", part_1_rank="")
    response = client.post(record_url(standard["DDCI"]), data)
    assert response.status_code == 400
    assert str(services.SCORE_OR_RANK) in response.content.decode()


def test_a_province_index_has_no_unit_box(client, personas, standard):
    client.force_login(personas.secretariat)
    page = client.get(record_url(standard["PCI"])).content.decode()
    assert 'name="unit"' not in page
    assert page.count('name="part_') == 20  # ten sub-indices, score and rank each
    data = {"year": "2023", "score": "66,17", "rank": "25", "rank_of": "63"}
    response = client.post(record_url(standard["PCI"]), data)
    assert response.url == reverse("indices:province")
    assert IndexValue.objects.get(definition=standard["PCI"]).unit is None


def test_a_leader_records_the_own_unit_where_the_index_allows(
    client, personas, province, leaders_may_record
):
    snv = province.units["SNV"]
    client.force_login(personas.leader)
    page = client.get(record_url(leaders_may_record)).content.decode()
    assert str(snv.uuid) in page
    assert str(province.units["STP"].uuid) not in page
    assert client.post(record_url(leaders_may_record), ddci_form(snv)).status_code == 302
    assert IndexValue.objects.get().recorded_by == personas.leader


def test_a_leader_cannot_record_another_unit_by_changing_the_id(
    client, personas, province, leaders_may_record
):
    client.force_login(personas.leader)
    response = client.post(record_url(leaders_may_record), ddci_form(province.units["STP"]))
    assert response.status_code == 400
    assert not IndexValue.objects.exists()


@pytest.mark.parametrize(
    "who", ["leader", "staff", "other_staff", "appraiser", "council", "outsider"]
)
def test_others_cannot_record_where_the_index_does_not_allow_it(
    client, personas, province, standard, who
):
    client.force_login(getattr(personas, who))
    url = record_url(standard["DDCI"])
    assert client.get(url).status_code == 403
    assert client.post(url, ddci_form(province.units["SNV"])).status_code == 403
    assert not IndexValue.objects.exists()


def test_staff_cannot_record_even_where_leaders_may(client, personas, province, leaders_may_record):
    client.force_login(personas.staff)
    assert client.get(record_url(leaders_may_record)).status_code == 403


def test_the_par_index_and_unknown_indices_have_no_form(client, personas, standard):
    client.force_login(personas.secretariat)
    assert client.get(record_url(standard["PAR"])).status_code == 404
    assert client.get(f"/chi-so/{MISSING_UUID}/ghi/").status_code == 404


def test_the_record_form_sends_anonymous_visitors_to_sign_in_and_refuses_put(
    client, personas, standard
):
    url = record_url(standard["DDCI"])
    assert client.get(url).status_code == 302
    client.force_login(personas.secretariat)
    assert client.put(url).status_code == 405


# --- deleting a result --------------------------------------------------------------------


def test_the_secretariat_deletes_a_result(client, personas, province, standard):
    value = add_value(standard["DDCI"], 2023, unit=province.units["SNV"], rank=21, of=23)
    url = reverse("indices:value_delete", args=[value.uuid])
    client.force_login(personas.secretariat)
    page = client.get(url)
    assert page.status_code == 200
    assert "Xóa kết quả DDCI năm 2023" in page.content.decode()
    assert client.put(url).status_code == 405
    response = client.post(url)
    assert response.url == reverse("indices:unit", args=[province.units["SNV"].uuid])
    assert not IndexValue.objects.exists()
    assert AuditEntry.objects.filter(action=services.VALUE_DELETE).count() == 1


@pytest.mark.parametrize("who", ["leader", "staff", "other_staff", "council", "outsider"])
def test_others_cannot_delete_a_result(client, personas, province, standard, who):
    value = add_value(standard["DDCI"], 2023, unit=province.units["SNV"], rank=21, of=23)
    client.force_login(getattr(personas, who))
    url = reverse("indices:value_delete", args=[value.uuid])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert IndexValue.objects.exists()


def test_deleting_an_unknown_result_is_not_found(client, personas):
    client.force_login(personas.secretariat)
    assert client.post(reverse("indices:value_delete", args=[MISSING_UUID])).status_code == 404
    client.logout()
    assert client.post(reverse("indices:value_delete", args=[MISSING_UUID])).status_code == 302


# --- targets ------------------------------------------------------------------------------


def target_form(definition, **changes):
    data = {"definition": str(definition.uuid), "year": "2024", "goal": "rise", "amount": "3"}
    return {**data, **changes}


def test_a_leader_sets_a_target_for_the_unit(client, personas, province, standard):
    snv = province.units["SNV"]
    url = reverse("indices:unit_target", args=[snv.uuid])
    client.force_login(personas.leader)
    assert client.get(url, {"chi_so": str(standard["PAR"].uuid), "nam": "2024"}).status_code == 200
    response = client.post(url, target_form(standard["PAR"], note="Kế hoạch 2024"))
    assert response.url == reverse("indices:unit", args=[snv.uuid])
    made = IndexTarget.objects.get()
    assert (made.unit, made.goal, made.amount, made.note) == (snv, "rise", D(3), "Kế hoạch 2024")
    page = client.get(response.url).content.decode()
    assert "Tăng ít nhất 3 bậc: Chưa có kết quả" in page


def test_a_target_on_a_component_and_with_a_decimal_comma(client, personas, province, standard):
    snv = province.units["SNV"]
    dynamism = components(standard["DDCI"])["nang-dong"]
    client.force_login(personas.secretariat)
    data = target_form(standard["DDCI"], goal="score", amount="7,5", component=str(dynamism.uuid))
    response = client.post(reverse("indices:unit_target", args=[snv.uuid]), data)
    assert response.status_code == 302
    made = IndexTarget.objects.get()
    assert (made.component, made.amount) == (dynamism, D("7.5"))
    page = client.get(reverse("indices:unit", args=[snv.uuid])).content.decode()
    assert "Tính năng động: đạt từ 7,5 trở lên" in page


def test_a_wrong_target_is_explained_and_not_saved(client, personas, province, standard):
    client.force_login(personas.secretariat)
    url = reverse("indices:unit_target", args=[province.units["SNV"].uuid])
    response = client.post(url, target_form(standard["PAR"], amount="2,5"))
    assert response.status_code == 400
    assert str(services.RISE_OR_RANK_WHOLE) in response.content.decode()
    response = client.post(url, target_form(standard["PCI"]))  # a province index
    assert response.status_code == 400
    assert not IndexTarget.objects.exists()


def test_the_secretariat_sets_province_targets(client, personas, standard):
    client.force_login(personas.secretariat)
    url = reverse("indices:province_target")
    page = client.get(url).content.decode()
    assert str(standard["PCI"].uuid) in page
    assert str(standard["PAR"].uuid) not in page
    response = client.post(url, target_form(standard["PCI"], goal="rank", amount="20"))
    assert response.url == reverse("indices:province")
    assert IndexTarget.objects.get().unit is None


@pytest.mark.parametrize("who", ["staff", "other_staff", "appraiser", "council", "outsider"])
def test_others_cannot_set_a_units_targets(client, personas, province, standard, who):
    client.force_login(getattr(personas, who))
    url = reverse("indices:unit_target", args=[province.units["SNV"].uuid])
    assert client.get(url).status_code == 403
    assert client.post(url, target_form(standard["PAR"])).status_code == 403
    assert not IndexTarget.objects.exists()


def test_a_leader_cannot_set_province_or_other_units_targets(client, personas, province, standard):
    client.force_login(personas.leader)
    assert client.get(reverse("indices:province_target")).status_code == 403
    other = reverse("indices:unit_target", args=[province.units["STP"].uuid])
    assert client.post(other, target_form(standard["PAR"])).status_code == 403
    assert client.get(reverse("indices:unit_target", args=[MISSING_UUID])).status_code == 404


def test_the_target_form_refuses_anonymous_visitors_and_put(client, personas, province):
    url = reverse("indices:unit_target", args=[province.units["SNV"].uuid])
    assert client.get(url).status_code == 302
    client.force_login(personas.leader)
    assert client.put(url).status_code == 405


def test_deleting_a_target(client, personas, province, standard):
    made = add_target(standard["PAR"], 2024, Goal.RISE, "3", unit=province.units["SNV"])
    url = reverse("indices:target_delete", args=[made.uuid])
    client.force_login(personas.staff)
    assert client.post(url).status_code == 403
    client.force_login(personas.leader)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not IndexTarget.objects.exists()
    assert client.post(url).status_code == 404
