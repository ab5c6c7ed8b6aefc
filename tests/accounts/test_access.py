"""Every permission check of access.py, asked of every persona."""

import pytest
from django.contrib.auth.models import AnonymousUser

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Membership, Role
from parindex.apps.assessments.models import Delegation

pytestmark = pytest.mark.django_db

PERSONAS = (
    "staff",
    "leader",
    "other_staff",
    "appraiser",
    "other_appraiser",
    "secretariat",
    "council",
    "admin",
    "outsider",
)


def who(personas, name):
    return AnonymousUser() if name == "anonymous" else getattr(personas, name)


def allowed(personas, check, *args):
    """The personas (and "anonymous") for whom ``check(user, *args)`` holds."""
    return {name for name in (*PERSONAS, "anonymous") if check(who(personas, name), *args)}


def node(province, code):
    return province.criteria_set.nodes.get(code=code)


def test_only_administrators_are_administrators(personas):
    assert allowed(personas, access.is_admin) == {"admin"}


def test_a_superuser_without_the_role_is_an_administrator(personas, django_user_model):
    root = django_user_model.objects.create_superuser("root", "r@example.org", "x")
    assert access.is_admin(root)
    assert access.is_secretariat(root)


def test_the_secretariat_includes_administrators(personas):
    assert allowed(personas, access.is_secretariat) == {"secretariat", "admin"}


def test_council_members_and_appraisers_are_told_apart(personas):
    assert allowed(personas, access.is_council) == {"council"}
    assert allowed(personas, access.is_appraiser) == {"appraiser", "other_appraiser"}


def test_oversight_belongs_to_the_secretariat_administrators_and_the_council(personas):
    assert allowed(personas, access.can_oversee) == {"secretariat", "admin", "council"}


def test_units_of_lists_the_units_where_one_is_staff_or_leader(personas, province):
    assert access.units_of(personas.staff) == [province.units["SNV"]]
    assert access.units_of(personas.other_staff) == [province.units["STP"]]
    assert access.units_of(personas.admin) == []
    assert access.units_of(AnonymousUser()) == []


def test_a_person_with_two_roles_in_one_unit_lists_it_once(personas, province):
    snv = province.units["SNV"]
    Membership.objects.create(user=personas.staff, role=Role.UNIT_LEADER, unit=snv)
    access.forget_memberships(personas.staff)
    assert access.units_of(personas.staff) == [snv]


def test_unit_membership_and_leadership_are_per_unit(personas, province):
    snv, stp = province.units["SNV"], province.units["STP"]
    assert allowed(personas, access.is_unit_member, snv) == {"staff", "leader"}
    assert allowed(personas, access.is_unit_member, stp) == {"other_staff"}
    assert allowed(personas, access.is_unit_leader, snv) == {"leader"}
    assert allowed(personas, access.is_unit_leader, stp) == set()


def test_assigned_fields_are_those_of_the_round(personas, province):
    assert access.assigned_fields(personas.appraiser, province.round) == {"1"}
    assert access.assigned_fields(personas.other_appraiser, province.round) == {"2"}
    assert allowed(personas, lambda u: bool(access.assigned_fields(u, province.round))) == {
        "appraiser",
        "other_appraiser",
    }


def test_a_participation_is_seen_by_its_unit_overseers_and_appraisers(personas, province):
    snv = province.participations["SNV"]
    assert allowed(personas, access.can_view_participation, snv) == {
        "staff",
        "leader",
        "appraiser",
        "other_appraiser",
        "secretariat",
        "council",
        "admin",
    }


def test_another_units_participation_is_hidden_from_this_units_people(personas, province):
    stp = province.participations["STP"]
    seen = allowed(personas, access.can_view_participation, stp)
    assert {"staff", "leader", "outsider", "anonymous"}.isdisjoint(seen)
    assert "other_staff" in seen


def test_only_the_units_staff_and_leader_self_score(personas, province):
    leaf = node(province, "1.1.1")
    snv = province.participations["SNV"]
    assert allowed(personas, access.can_self_score, snv, leaf) == {"staff", "leader"}


def test_a_delegation_restricts_staff_to_the_delegated_criteria(personas, province):
    snv = province.participations["SNV"]
    Delegation.objects.create(
        participation=snv,
        staff=personas.staff,
        node=node(province, "1.1"),
        created_by=personas.leader,
    )
    assert access.delegated_codes(personas.staff, snv) == {"1.1"}
    assert access.can_self_score(personas.staff, snv, node(province, "1.1.2"))
    assert not access.can_self_score(personas.staff, snv, node(province, "1.2"))
    assert access.can_self_score(personas.leader, snv, node(province, "1.2"))


def test_nothing_delegated_reads_as_none(personas, province):
    snv = province.participations["SNV"]
    assert access.delegated_codes(personas.staff, snv) is None
    assert access.delegated_codes(AnonymousUser(), snv) is None


def test_appraisers_appraise_only_their_fields(personas, province):
    assert allowed(personas, access.can_appraise, province.round, node(province, "1.1.1")) == {
        "appraiser"
    }
    assert allowed(personas, access.can_appraise, province.round, node(province, "2.2.1")) == {
        "other_appraiser"
    }


def test_the_field_of_a_node_is_its_top_level_ancestor(province):
    assert access.field_code(node(province, "2.2.1")) == "2"
    assert access.field_code(node(province, "2")) == "2"


def test_accounts_are_managed_by_the_secretariat_and_administrators(personas):
    assert allowed(personas, access.can_manage_accounts) == {"secretariat", "admin"}


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SECRETARIAT])
def test_only_administrators_grant_the_elevated_roles(personas, role):
    assert allowed(personas, access.can_grant_role, role) == {"admin"}


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.UNIT_LEADER, Role.APPRAISER, Role.COUNCIL])
def test_the_secretariat_grants_the_other_roles(personas, role):
    assert allowed(personas, access.can_grant_role, role) == {"secretariat", "admin"}


def test_the_secretariat_manages_ordinary_accounts(personas):
    for target in (personas.staff, personas.appraiser, personas.council, personas.outsider):
        assert allowed(personas, access.can_manage_user, target) == {"secretariat", "admin"}


def test_only_administrators_manage_the_secretariat_and_administrators(personas):
    for target in (personas.secretariat, personas.admin):
        assert allowed(personas, access.can_manage_user, target) == {"admin"}


def test_memberships_are_read_once_per_user_object(personas, django_assert_num_queries):
    with django_assert_num_queries(1):
        access.is_secretariat(personas.secretariat)
        access.is_council(personas.secretariat)
        access.units_of(personas.secretariat)
