"""A unit's offices (phòng, ban): the leader adds, renames and retires them; the unit's
people and the secretariat read them; nobody else sees them."""

import pytest
from django.urls import reverse

from parindex.apps.audit.models import AuditEntry
from parindex.apps.plans import services_assign
from parindex.apps.plans.models import Office

pytestmark = pytest.mark.django_db


def url(unit):
    return reverse("plans:offices", args=[unit.uuid])


def test_the_leader_adds_an_office_and_it_is_audited(client, personas, province):
    snv = province.units["SNV"]
    client.force_login(personas.leader)
    response = client.post(url(snv), {"name": "  Phòng   Tổ chức cán bộ "})
    assert response.status_code == 302
    office = Office.objects.get(unit=snv)
    assert office.name == "Phòng Tổ chức cán bộ"
    entry = AuditEntry.objects.get(action="office.create")
    assert (entry.actor, entry.unit_code, entry.new) == (
        personas.leader,
        "SNV",
        {"name": "Phòng Tổ chức cán bộ"},
    )
    page = client.get(url(snv)).content.decode()
    assert "Phòng Tổ chức cán bộ" in page
    assert str(services_assign.OFFICE_CREATED).format(name=office.name) in page


def test_a_name_the_unit_already_has_is_refused(client, personas, province, offices):
    client.force_login(personas.leader)
    response = client.post(url(province.units["SNV"]), {"name": "văn phòng sở"})
    assert response.status_code == 409
    assert str(services_assign.OFFICE_NAME_TAKEN).format(name="văn phòng sở") in (
        response.content.decode()
    )
    assert Office.objects.count() == 2


def test_another_unit_may_use_the_same_name(personas, province, offices):
    found = services_assign.office_create(
        actor=personas.leader, unit=province.units["SNV"], name="Phòng Kế hoạch"
    )
    assert found.unit == province.units["SNV"]


def test_the_leader_renames_and_retires_an_office(client, personas, offices):
    office = offices["vp"]
    client.force_login(personas.leader)
    response = client.post(reverse("plans:office_edit", args=[office.uuid]), {"name": "Văn phòng"})
    assert response.status_code == 302
    office.refresh_from_db()
    assert (office.name, office.is_active) == ("Văn phòng", False)
    entry = AuditEntry.objects.get(action="office.update")
    assert entry.old == {"name": "Văn phòng Sở", "is_active": True}
    assert entry.new == {"name": "Văn phòng", "is_active": False}


def test_saving_an_office_unchanged_writes_nothing(personas, offices):
    office = offices["vp"]
    services_assign.office_update(
        actor=personas.leader, office=office, name=office.name, is_active=True
    )
    assert not AuditEntry.objects.filter(action="office.update").exists()


def test_an_empty_name_is_refused(personas, province):
    with pytest.raises(services_assign.Refused) as refused:
        services_assign.office_create(actor=personas.leader, unit=province.units["SNV"], name=" ")
    assert refused.value.message == str(services_assign.OFFICE_NAME_EMPTY)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 200),
        ("staff", 200),
        ("secretariat", 200),
        ("council", 200),
        ("appraiser", 404),
        ("other_staff", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_the_offices(client, personas, province, offices, who, status):  # noqa: PLR0917 - fixtures and parameters
    client.force_login(getattr(personas, who))
    response = client.get(url(province.units["SNV"]))
    assert response.status_code == status
    if status == 200:
        assert "Văn phòng Sở" in response.content.decode()


@pytest.mark.parametrize("who", ["staff", "secretariat", "council"])
def test_only_the_leader_changes_offices(client, personas, province, offices, who):
    client.force_login(getattr(personas, who))
    assert client.post(url(province.units["SNV"]), {"name": "Phòng mới"}).status_code == 403
    edit = reverse("plans:office_edit", args=[offices["vp"].uuid])
    assert client.post(edit, {"name": "Đổi", "is_active": "on"}).status_code == 403
    assert Office.objects.count() == 2
    page = client.get(url(province.units["SNV"])).content.decode()
    assert "Thêm phòng, ban" not in page


def test_another_units_people_cannot_touch_an_office(client, personas, offices):
    client.force_login(personas.other_staff)
    edit = reverse("plans:office_edit", args=[offices["vp"].uuid])
    assert client.post(edit, {"name": "Đổi"}).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client, province, offices):
    response = client.get(url(province.units["SNV"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_wrong_methods_and_tampered_ids(client, personas, province, offices):
    client.force_login(personas.leader)
    assert client.put(url(province.units["SNV"])).status_code == 405
    edit = reverse("plans:office_edit", args=[offices["vp"].uuid])
    assert client.get(edit).status_code == 405
    assert client.get(reverse("plans:offices", args=[offices["vp"].uuid])).status_code == 404
    assert client.get("/ke-hoach/don-vi/khong-phai-uuid/phong-ban/").status_code == 404
