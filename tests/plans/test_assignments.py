"""Who answers for each criterion inside a unit: the leader assigns offices and officials;
a node without its own assignment follows the one above it; next year's set shows this
year's assignments, carried through the code mapping, until the leader saves its own."""

import pytest
from django.urls import reverse

from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks.models import CodeMapping, CriteriaNode
from parindex.apps.plans import services_assign
from parindex.apps.plans.models import CriterionAssignment, Office
from parindex.apps.plans.selectors_assign import (
    assignments_by_source_code,
    assignments_for,
    assignments_in,
)

pytestmark = pytest.mark.django_db


def node(criteria_set, code):
    return CriteriaNode.objects.get(criteria_set=criteria_set, code=code)


def assign(personas, unit, criteria_set, **codes):
    """``assign(..., **{"1": (office, person)})`` through the service, as the leader."""
    chosen = {node(criteria_set, code): who for code, who in codes.items()}
    return services_assign.assignments_save(
        actor=personas.leader, unit=unit, criteria_set=criteria_set, chosen=chosen
    )


@pytest.fixture
def assigned(province, personas, offices):
    """Field 1 to the CCHC office; 1.3 to the staff member too; 1.3.2 to the leader."""
    snv, criteria = province.units["SNV"], province.criteria_set
    assign(
        personas,
        snv,
        criteria,
        **{
            "1": (offices["cchc"], None),
            "1.3": (offices["cchc"], personas.staff),
            "1.3.2": (None, personas.leader),
        },
    )
    return criteria


def test_a_node_follows_the_nearest_assignment_above_it(province, assigned, personas):
    found = assignments_in(province.units["SNV"], assigned)
    assert (found["1.1.1"].office, found["1.1.1"].official) == ("Phòng Cải cách hành chính", "")
    assert found["1.1.1"].assigned_code == "1"
    assert found["1.1.1"].inherited
    assert str(found["1.3.1"]) == "Phòng Cải cách hành chính — Canbo"
    assert found["1.3.1"].assigned_code == "1.3"
    assert str(found["1.3.2"]) == "Lanhdao"
    assert not found["1.3.2"].inherited
    assert "2.1.1" not in found  # field 2 is nobody's yet


def test_the_self_scoring_page_reads_the_assignments_of_its_participation(
    province, assigned, personas
):
    found = assignments_for(province.participations["SNV"])
    assert found["1.3.1"].official_id == personas.staff.uuid
    assert assignments_for(province.participations["STP"]) == {}


def test_saving_creates_changes_and_removes_assignments_with_an_audit_row_each(
    province, assigned, personas, offices
):
    snv = province.units["SNV"]
    changed = assign(
        personas,
        snv,
        assigned,
        **{
            "1": (None, None),
            "1.3": (offices["vp"], personas.staff),
            "1.3.2": (None, personas.leader),
        },
    )
    assert changed == 2
    rows = {a.node.code: a for a in CriterionAssignment.objects.select_related("node")}
    assert set(rows) == {"1.3", "1.3.2"}
    assert rows["1.3"].office == offices["vp"]
    removed = AuditEntry.objects.get(action="criterion.unassign")
    assert (removed.node_code, removed.unit_code) == ("1", "SNV")
    assert removed.old == {
        "criteria_set": "CCHC-2024",
        "office": "Phòng Cải cách hành chính",
        "official": None,
    }
    moved = AuditEntry.objects.filter(action="criterion.assign", node_code="1.3").latest("id")
    assert moved.new["office"] == "Văn phòng Sở"


def test_an_office_of_another_unit_or_a_retired_one_is_refused(province, personas, offices):
    stp_office = Office.objects.create(unit=province.units["STP"], name="Văn phòng Sở Tư pháp")
    with pytest.raises(services_assign.Refused):
        assign(personas, province.units["SNV"], province.criteria_set, **{"1": (stp_office, None)})
    offices["vp"].is_active = False
    offices["vp"].save()
    with pytest.raises(services_assign.Refused):
        assign(
            personas, province.units["SNV"], province.criteria_set, **{"1": (offices["vp"], None)}
        )
    assert not CriterionAssignment.objects.exists()


def test_a_person_outside_the_unit_is_refused(province, personas):
    with pytest.raises(services_assign.Refused) as refused:
        assign(
            personas,
            province.units["SNV"],
            province.criteria_set,
            **{"1": (None, personas.other_staff)},
        )
    assert refused.value.message == str(services_assign.NOT_THE_UNITS_OFFICIAL).format(
        who=personas.other_staff
    )


def test_staff_may_not_assign(province, personas, offices):
    with pytest.raises(services_assign.Refused):
        services_assign.assignments_save(
            actor=personas.staff,
            unit=province.units["SNV"],
            criteria_set=province.criteria_set,
            chosen={node(province.criteria_set, "1"): (offices["vp"], None)},
        )


def test_next_years_set_shows_this_years_assignments_through_the_mapping(
    province, assigned, next_set, personas
):
    CodeMapping.objects.filter(from_set=assigned, to_set=next_set, from_code="1.3.2").update(
        to_code="1.3.1"
    )
    found = assignments_in(province.units["SNV"], next_set)
    assert found["1.3.1"].official == "Lanhdao"  # 1.3.2 became 1.3.1
    assert found["1.3.1"].carried_from == 2024
    assert found["1.2"].office == "Phòng Cải cách hành chính"


def test_once_next_year_has_its_own_the_earlier_ones_no_longer_show(
    province, assigned, next_set, personas, offices
):
    assign(personas, province.units["SNV"], next_set, **{"2": (offices["vp"], None)})
    found = assignments_in(province.units["SNV"], next_set)
    assert set(found) >= {"2", "2.1.1"}
    assert "1.1" not in found
    assert found["2.3"].carried_from is None


def test_a_plan_for_next_year_reads_its_assignments_by_this_years_codes(
    province, next_set, personas, offices
):
    assign(personas, province.units["SNV"], next_set, **{"1.5": (offices["vp"], personas.staff)})
    CodeMapping.objects.filter(
        from_set=province.criteria_set, to_set=next_set, from_code="1.6"
    ).update(to_code="1.5")
    found = assignments_by_source_code(province.units["SNV"], province.criteria_set, 2025)
    assert found["1.6"].official == "Canbo"
    assert set(found) == {"1.5", "1.6"}  # 2024's 1.5 still maps to 2025's 1.5 as well


# --- the page -----------------------------------------------------------------------------


def url(province, criteria_set=None):
    base = reverse("plans:assignments", args=[province.units["SNV"].uuid])
    return f"{base}?bo={criteria_set.uuid}" if criteria_set else base


def test_the_leader_sees_a_choice_per_criterion(client, personas, province, assigned, offices):
    client.force_login(personas.leader)
    response = client.get(url(province))
    assert response.status_code == 200
    page = response.content.decode()
    n = node(assigned, "1.3")
    assert f'name="office-{n.uuid}"' in page
    assert f'<option value="{offices["cchc"].uuid}" selected>' in page
    assert "(theo 1.3)" in page  # 1.3.1 follows 1.3


def test_the_leader_saves_the_page(client, personas, province, offices):
    client.force_login(personas.leader)
    target = node(province.criteria_set, "3")
    data = {f"office-{target.uuid}": str(offices["vp"].uuid), f"official-{target.uuid}": ""}
    response = client.post(url(province), data)
    assert response.status_code == 302
    row = CriterionAssignment.objects.get()
    assert (row.node.code, row.office, row.official) == ("3", offices["vp"], None)
    page = client.get(response.url).content.decode()
    assert str(services_assign.ASSIGNMENTS_SAVED).format(count=1) in page


def test_an_unknown_choice_is_refused_by_the_form(client, personas, province, offices):
    client.force_login(personas.leader)
    target = node(province.criteria_set, "3")
    other = Office.objects.create(unit=province.units["STP"], name="Văn phòng STP")
    response = client.post(url(province), {f"office-{target.uuid}": str(other.uuid)})
    assert response.status_code == 422
    assert not CriterionAssignment.objects.exists()


def test_a_set_carried_from_last_year_says_so(client, personas, province, assigned, next_set):
    client.force_login(personas.leader)
    page = client.get(url(province, next_set)).content.decode()
    assert "đang dùng phân công của năm 2024" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 200), ("secretariat", 200), ("council", 200), ("appraiser", 404), ("outsider", 404)],
)
def test_who_reads_the_assignments(client, personas, province, assigned, who, status):  # noqa: PLR0917 - fixtures and parameters
    client.force_login(getattr(personas, who))
    response = client.get(url(province))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Phòng Cải cách hành chính" in page
        assert 'name="office-' not in page  # read only


@pytest.mark.parametrize("who", ["staff", "secretariat", "other_staff"])
def test_only_the_leader_saves(client, personas, province, offices, who):
    client.force_login(getattr(personas, who))
    target = node(province.criteria_set, "3")
    response = client.post(url(province), {f"office-{target.uuid}": str(offices["vp"].uuid)})
    assert response.status_code in (403, 404)
    assert not CriterionAssignment.objects.exists()


def test_anonymous_wrong_method_and_tampered_set(client, personas, province, offices):
    assert client.get(url(province)).status_code == 302
    client.force_login(personas.leader)
    assert client.delete(url(province)).status_code == 405
    assert client.get(f"{url(province)}?bo=00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get(f"{url(province)}?bo=abc").status_code == 404
