"""The leader gives specific criteria to specific staff; a staff member given criteria
enters only those (and what lies below them)."""

from decimal import Decimal

import pytest

from parindex.apps.accounts.models import Membership, Role
from parindex.apps.assessments.models import Delegation, RoundStatus, Score
from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks.models import CriteriaNode

pytestmark = pytest.mark.django_db


def node(province, code):
    return CriteriaNode.objects.get(criteria_set=province.criteria_set, code=code)


def grant(client, urls, staff, target):
    data = {"staff": str(staff.uuid), "node": str(target.uuid)}
    return client.post(urls.named("self_delegations"), data)


def test_the_leader_sees_the_staff_and_the_criteria(client, personas, urls):
    client.force_login(personas.leader)
    response = client.get(urls.named("self_delegations"))
    assert response.status_code == 200
    page = response.content.decode()
    assert str(personas.staff.uuid) in page
    assert str(personas.other_staff.uuid) not in page  # staff of another unit
    assert "Chưa giao tiêu chí nào." in page


def test_the_leader_gives_a_criterion_and_it_is_audited(client, personas, urls, province):
    client.force_login(personas.leader)
    response = grant(client, urls, personas.staff, node(province, "1.1"))
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.staff, delegation.node.code) == (personas.staff, "1.1")
    assert delegation.created_by == personas.leader
    entry = AuditEntry.objects.get(action="delegation.grant")
    assert (entry.unit_code, entry.node_code) == ("SNV", "1.1")


def test_a_delegated_staff_member_enters_only_what_was_given(
    client, personas, urls, province, scores
):
    Delegation.objects.create(
        participation=province.participations["SNV"],
        staff=personas.staff,
        node=node(province, "1.1"),
        created_by=personas.leader,
    )
    snv = scores("SNV")
    client.force_login(personas.staff)
    given = {"version": 1, "numerator": "1", "denominator": "2", "explanation": ""}
    assert client.post(urls.score(snv["1.1.2"]), given).status_code == 302
    other = {"version": 1, "score": "1", "explanation": ""}
    assert client.post(urls.score(snv["2.3"]), other).status_code == 403
    assert Score.objects.get(pk=snv["2.3"].pk).self_score is None
    page = client.get(urls.page()).content.decode()
    assert urls.score(snv["1.1.2"]) in page
    assert urls.score(snv["2.3"]) not in page


def test_the_leader_still_enters_everything(client, personas, urls, province, scores):
    Delegation.objects.create(
        participation=province.participations["SNV"],
        staff=personas.leader,
        node=node(province, "1.1"),
        created_by=personas.leader,
    )
    client.force_login(personas.leader)
    score = scores("SNV")["2.3"]
    client.post(urls.score(score), {"version": 1, "score": "1", "explanation": ""})
    assert Score.objects.get(pk=score.pk).self_score == Decimal(1)


def test_another_units_staff_cannot_be_given_criteria(client, personas, urls, province):
    client.force_login(personas.leader)
    response = grant(client, urls, personas.other_staff, node(province, "1.1"))
    assert response.status_code == 422
    assert not Delegation.objects.exists()


def test_a_criterion_of_another_group_cannot_be_given(client, personas, urls, province):
    client.force_login(personas.leader)
    response = grant(client, urls, personas.staff, node(province, "3.5"))  # communes only
    assert response.status_code == 422
    assert not Delegation.objects.exists()


def test_a_criterion_cannot_be_given_twice(client, personas, urls, province):
    client.force_login(personas.leader)
    grant(client, urls, personas.staff, node(province, "1.1"))
    response = grant(client, urls, personas.staff, node(province, "1.1"))
    assert response.status_code == 422
    assert "Tiêu chí 1.1 đã được giao cho Canbo." in response.content.decode()
    assert Delegation.objects.count() == 1


def test_nothing_is_given_once_appraisal_has_started(client, personas, urls, province):
    province.round.status = RoundStatus.APPRAISAL
    province.round.save()
    client.force_login(personas.leader)
    response = grant(client, urls, personas.staff, node(province, "1.1"))
    assert response.status_code == 422
    assert not Delegation.objects.exists()


def test_the_leader_takes_a_criterion_back(client, personas, urls, province):
    client.force_login(personas.leader)
    grant(client, urls, personas.staff, node(province, "1.1"))
    data = {"staff": str(personas.staff.uuid), "node": str(node(province, "1.1").uuid)}
    response = client.post(urls.named("self_delegation_revoke"), data)
    assert response.status_code == 302
    assert not Delegation.objects.exists()
    assert AuditEntry.objects.filter(action="delegation.revoke").count() == 1


def test_taking_back_what_was_never_given_changes_nothing(client, personas, urls, province):
    client.force_login(personas.leader)
    data = {"staff": str(personas.staff.uuid), "node": str(node(province, "1.1").uuid)}
    response = client.post(urls.named("self_delegation_revoke"), data, follow=True)
    assert "Không có phân công này." in response.content.decode()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("who", ["staff", "secretariat"])
def test_only_the_leader_manages_delegations(client, personas, urls, province, who):
    client.force_login(getattr(personas, who))
    assert client.get(urls.named("self_delegations")).status_code == 403
    assert grant(client, urls, personas.staff, node(province, "1.1")).status_code == 403
    assert not Delegation.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "other_staff", "appraiser"])
def test_others_cannot_reach_the_delegation_page(client, personas, urls, province, who):
    client.force_login(getattr(personas, who))
    assert client.get(urls.named("self_delegations")).status_code == 404
    assert client.post(urls.named("self_delegation_revoke")).status_code == 404


def test_a_leader_of_another_unit_cannot_manage_this_one(client, personas, urls, province):
    Membership.objects.create(
        user=personas.other_staff, role=Role.UNIT_LEADER, unit=province.units["STP"]
    )
    client.force_login(personas.other_staff)
    assert grant(client, urls, personas.staff, node(province, "1.1")).status_code == 404
    assert not Delegation.objects.exists()


def test_the_delegation_pages_take_the_right_methods(client, personas, urls):
    client.force_login(personas.leader)
    assert client.put(urls.named("self_delegations")).status_code == 405
    assert client.get(urls.named("self_delegation_revoke")).status_code == 405


def test_the_delegation_page_sends_anonymous_visitors_to_sign_in(client, urls):
    assert client.get(urls.named("self_delegations")).status_code == 302
