"""The secretariat's pages of units and unit groups: list, create, edit, all audited."""

import uuid

import pytest
from django.urls import reverse

from parindex.apps.accounts.models import Unit, UnitGroup
from parindex.apps.accounts.services import PARENT_CYCLE
from parindex.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

UNITS = reverse("accounts:units")
UNIT_CREATE = reverse("accounts:unit_create")
GROUP_CREATE = reverse("accounts:group_create")
REFUSED = ("staff", "leader", "other_staff", "appraiser", "council", "outsider")


def unit_edit(unit):
    return reverse("accounts:unit_edit", args=[unit.uuid])


def group_edit(group):
    return reverse("accounts:group_edit", args=[group.uuid])


@pytest.fixture
def pages(province):
    snv = province.units["SNV"]
    return [UNITS, UNIT_CREATE, GROUP_CREATE, unit_edit(snv), group_edit(snv.group)]


@pytest.fixture
def secretariat(client, personas):
    client.force_login(personas.secretariat)
    return client


def unit_data(province, **changes):
    data = {
        "code": "SYT",
        "name": "Sở Y tế",
        "group": str(province.units["SNV"].group.uuid),
        "parent": "",
        "is_active": "on",
    }
    return {**data, **changes}


def test_anonymous_visitors_are_sent_to_sign_in(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/dang-nhap/?next=")


@pytest.mark.parametrize("persona", REFUSED)
def test_people_without_the_secretariat_role_are_refused(client, personas, pages, persona):
    client.force_login(getattr(personas, persona))
    for url in pages:
        assert client.get(url).status_code == 403
        assert client.post(url, {"code": "X"}).status_code in {403, 405}
    assert Unit.objects.count() == 3


@pytest.mark.parametrize("persona", ["secretariat", "admin"])
def test_the_secretariat_and_administrators_open_every_page(client, personas, pages, persona):
    client.force_login(getattr(personas, persona))
    for url in pages:
        assert client.get(url).status_code == 200


def test_the_list_takes_only_get(secretariat, pages):
    assert secretariat.post(UNITS).status_code == 405
    for url in pages[1:]:
        assert secretariat.put(url).status_code == 405


def test_the_list_groups_units_with_parents_and_children(secretariat, province, read_table):
    snv = province.units["SNV"]
    Unit.objects.create(code="SNV-BTG", name="Ban Tôn giáo", group=snv.group, parent=snv)
    response = secretariat.get(UNITS)
    rows = read_table(response, "3 đơn vị thuộc nhóm Sở, ban, ngành")
    assert rows[0][:4] == ["Mã", "Tên đơn vị", "Đơn vị cấp trên", "Đơn vị trực thuộc"]
    assert [row[:4] for row in rows[1:]] == [
        ["SNV", "Sở Nội vụ", "—", "1"],
        ["SNV-BTG", "Ban Tôn giáo", "Sở Nội vụ", "0"],
        ["STP", "Sở Tư pháp", "—", "0"],
    ]
    assert 'style="--depth: 1"' in response.content.decode()
    assert read_table(response, "1 đơn vị thuộc nhóm UBND xã, phường")[1][0] == "X-A"


def test_a_group_without_units_is_listed_too(secretariat, province):
    UnitGroup.objects.create(code="huyen", name="UBND huyện", position=9)
    page = secretariat.get(UNITS).content.decode()
    assert "UBND huyện" in page
    assert "Nhóm này chưa có đơn vị nào." in page


def test_the_list_takes_a_fixed_number_of_queries(
    secretariat, province, django_assert_max_num_queries
):
    group = province.units["SNV"].group
    parent = province.units["SNV"]
    Unit.objects.bulk_create(
        Unit(code=f"U{n:03d}", name=f"Đơn vị {n}", group=group, parent=parent) for n in range(60)
    )
    with django_assert_max_num_queries(5):
        response = secretariat.get(UNITS)
    assert response.status_code == 200


def test_the_secretariat_adds_a_unit_and_it_is_audited(secretariat, personas, province):
    data = unit_data(province, parent=str(province.units["SNV"].uuid))
    response = secretariat.post(UNIT_CREATE, data)
    assert response.status_code == 302
    assert response.url == UNITS
    unit = Unit.objects.get(code="SYT")
    assert unit.parent == province.units["SNV"]
    entry = AuditEntry.objects.get(action="unit.create")
    assert entry.actor == personas.secretariat
    assert entry.target_id == str(unit.uuid)
    assert entry.unit_code == "SYT"
    assert entry.new == {
        "code": "SYT",
        "name": "Sở Y tế",
        "group": "so",
        "parent": "SNV",
        "is_active": True,
    }
    assert "Đã lưu đơn vị Sở Y tế." in secretariat.get(UNITS).content.decode()


def test_a_unit_code_is_unique(secretariat, province):
    response = secretariat.post(UNIT_CREATE, unit_data(province, code="SNV"))
    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode()
    assert Unit.objects.count() == 3
    assert not AuditEntry.objects.exists()


def test_a_tampered_group_is_refused_and_changes_nothing(secretariat, province):
    response = secretariat.post(UNIT_CREATE, unit_data(province, group=str(uuid.uuid4())))
    assert response.status_code == 200
    assert Unit.objects.count() == 3


def test_groups_and_parents_are_chosen_by_uuid_never_by_id(secretariat, province):
    snv = province.units["SNV"]
    response = secretariat.post(UNIT_CREATE, unit_data(province, group=str(snv.group.pk)))
    assert response.status_code == 200
    assert not Unit.objects.filter(code="SYT").exists()
    page = secretariat.get(UNIT_CREATE).content.decode()
    assert f'value="{snv.uuid}"' in page


def test_the_secretariat_edits_a_unit_with_old_and_new_values(secretariat, province):
    stp = province.units["STP"]
    data = unit_data(province, code="STP", name="Sở Tư pháp tỉnh", is_active="")
    response = secretariat.post(unit_edit(stp), data)
    assert response.status_code == 302
    stp.refresh_from_db()
    assert stp.name == "Sở Tư pháp tỉnh"
    assert not stp.is_active
    entry = AuditEntry.objects.get(action="unit.update")
    assert entry.old["name"] == "Sở Tư pháp"
    assert entry.old["is_active"] is True
    assert entry.new["name"] == "Sở Tư pháp tỉnh"
    assert entry.new["is_active"] is False


def test_saving_a_unit_unchanged_writes_no_audit_row(secretariat, province):
    snv = province.units["SNV"]
    secretariat.post(unit_edit(snv), unit_data(province, code="SNV", name="Sở Nội vụ"))
    assert not AuditEntry.objects.filter(action="unit.update").exists()


def test_a_unit_cannot_be_its_own_parent(secretariat, province):
    snv = province.units["SNV"]
    response = secretariat.post(
        unit_edit(snv), unit_data(province, code="SNV", parent=str(snv.uuid))
    )
    assert response.status_code == 200
    snv.refresh_from_db()
    assert snv.parent is None


def test_a_unit_cannot_be_put_under_its_own_child(secretariat, province):
    snv = province.units["SNV"]
    child = Unit.objects.create(code="SNV-1", name="Ban", group=snv.group, parent=snv)
    response = secretariat.post(
        unit_edit(snv), unit_data(province, code="SNV", parent=str(child.uuid))
    )
    assert response.status_code == 200
    assert str(PARENT_CYCLE) in response.content.decode()
    snv.refresh_from_db()
    assert snv.parent is None


def test_an_unknown_unit_is_not_found(secretariat):
    url = reverse("accounts:unit_edit", args=[uuid.uuid4()])
    assert secretariat.get(url).status_code == 404
    assert secretariat.get("/tai-khoan/don-vi/1/").status_code == 404


def test_the_secretariat_adds_and_edits_a_unit_group(secretariat):
    response = secretariat.post(
        GROUP_CREATE, {"code": "huyen", "name": "UBND huyện", "position": 3}
    )
    assert response.status_code == 302
    group = UnitGroup.objects.get(code="huyen")
    created = AuditEntry.objects.get(action="unitgroup.create")
    assert created.new == {"code": "huyen", "name": "UBND huyện", "position": 3}
    secretariat.post(
        group_edit(group), {"code": "huyen", "name": "UBND huyện, thị xã", "position": 3}
    )
    group.refresh_from_db()
    assert group.name == "UBND huyện, thị xã"
    updated = AuditEntry.objects.get(action="unitgroup.update")
    assert updated.old["name"] == "UBND huyện"
    assert updated.new["name"] == "UBND huyện, thị xã"


def test_a_group_code_must_be_a_slug(secretariat):
    response = secretariat.post(GROUP_CREATE, {"code": "có dấu", "name": "X", "position": 1})
    assert response.status_code == 200
    assert not UnitGroup.objects.filter(name="X").exists()
