"""The hand-written reads behind the keys of the cached pages (one statement each) give
what the ORM gives: the same objects, field by field, on SQLite and PostgreSQL; the
same delegations and group revisions; the same refusals."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone

from parindex.apps.accounts.models import Unit
from parindex.apps.assessments import revisions
from parindex.apps.assessments.models import Participation, Round
from parindex.apps.assessments.selectors_appraisal import queue_revisions
from parindex.apps.assessments.selectors_self_page import participation_keyed, viewer
from parindex.apps.core import rows
from parindex.apps.frameworks.models import CriteriaSet

pytestmark = pytest.mark.django_db


def values(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_objects_read_are_those_of_the_orm(province, personas):
    participation = province.participations["SNV"]
    Participation.objects.filter(pk=participation.pk).update(
        submitted_at=timezone.now(), submitted_by=personas.leader, status="submitted"
    )
    participation.round.criteria_set.__class__.objects.filter(
        pk=participation.round.criteria_set_id
    ).update(decision_date=date(2024, 3, 1), index_cap=Decimal("100.00"))
    keyed = participation_keyed(personas.staff, participation.uuid)
    got = keyed.participation
    assert values(got) == values(Participation.objects.get(pk=participation.pk))
    assert values(got.round) == values(Round.objects.get(pk=participation.round_id))
    expected_set = CriteriaSet.objects.get(pk=participation.round.criteria_set_id)
    assert values(got.round.criteria_set) == values(expected_set)
    assert isinstance(got.round.criteria_set.index_cap, Decimal)
    assert got.round.criteria_set.decision_date == date(2024, 3, 1)
    assert values(got.unit) == values(Unit.objects.get(pk=participation.unit_id))
    assert got._state.adding is False


def test_the_group_revisions_are_those_of_the_orm(province, personas):
    participation = province.participations["SNV"]
    revisions.bump_participations(participation, province.participations["STP"])
    revisions.bump_participations(province.participations["X-A"])  # another group
    expected = Participation.objects.filter(
        round=participation.round, unit__group=participation.unit.group
    ).aggregate(count=Count("id"), revisions=Sum("revision"))
    keyed = participation_keyed(personas.leader, participation.uuid)
    assert (keyed.group_units, keyed.group_revisions) == (2, 2)
    assert (keyed.group_units, keyed.group_revisions) == tuple(expected.values())


def test_the_delegations_are_the_viewers_own(province, personas):
    participation = province.participations["SNV"]
    nodes = list(participation.round.criteria_set.nodes.filter(parent=None)[:2])
    for node in nodes:
        participation.delegations.create(
            staff=personas.staff, node=node, created_by=personas.leader
        )
    keyed = participation_keyed(personas.staff, participation.uuid)
    assert keyed.delegated == frozenset(n.code for n in nodes)
    assert viewer(personas.staff, keyed) == viewer(personas.staff, participation)
    assert participation_keyed(personas.leader, participation.uuid).delegated is None


def test_only_those_who_may_open_the_page_get_it(province, personas):
    participation = province.participations["SNV"]
    for reader in (personas.staff, personas.leader, personas.secretariat, personas.council):
        assert participation_keyed(reader, participation.uuid).participation.pk == participation.pk
    for refused in (personas.other_staff, personas.outsider, personas.appraiser):
        with pytest.raises(Http404):
            participation_keyed(refused, participation.uuid)
    with pytest.raises(Http404):
        participation_keyed(personas.staff, province.round.uuid)  # no such participation


def test_the_queue_key_moves_with_every_revision_and_nothing_else(province, personas):
    Round.objects.filter(pk=province.round.pk).update(status="appraisal")
    first = queue_revisions(personas.appraiser)
    assert first == queue_revisions(personas.appraiser)
    assert len(first[0]) == 1  # the one field assigned
    revisions.bump_participations(province.participations["X-A"])
    second = queue_revisions(personas.appraiser)
    assert second != first
    revisions.bump_round(province.round)
    assert queue_revisions(personas.appraiser) != second
    assert queue_revisions(personas.other_appraiser) != queue_revisions(personas.appraiser)
    assert queue_revisions(personas.staff) == ((), ())  # no assignment
    Round.objects.filter(pk=province.round.pk).update(
        status="locked", appraisal_deadline=timezone.now() - timedelta(days=1)
    )
    assert queue_revisions(personas.appraiser) == ((), ())  # no round in appraisal


def test_an_instance_needs_every_column():
    with pytest.raises(ValueError, match="shorter"):
        rows.instance(Unit, [1, 2])
