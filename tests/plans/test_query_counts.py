"""List pages read a fixed number of queries, however many tasks or units they show."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parindex.apps.assessments.models import Score
from parindex.apps.plans import services_plans

pytestmark = pytest.mark.django_db


def queries(client, url):
    """The queries of a request after a first one (which fills the user's cached
    memberships, menu and banner: accounts/access_revision.py)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def more_losses(finished, personas, codes):
    Score.objects.filter(participation=finished.participation, node__code__in=codes).update(
        self_score=D(0), appraised_score=D(0)
    )
    return services_plans.plan_generate(
        actor=personas.leader, participation=finished.participation, deadline=None
    )


@pytest.mark.parametrize("name", ["plans:plan", "plans:quarter"])
def test_plan_pages_do_not_grow_with_their_tasks(client, personas, issued, finished, name):
    client.force_login(personas.leader)
    url = reverse(name, args=[issued.uuid, 1] if name == "plans:quarter" else [issued.uuid])
    few = queries(client, url)
    added = more_losses(finished, personas, ["2.3", "4.1", "4.3", "5.2", "5.4", "6.3"]).added
    assert added >= 6
    assert queries(client, url) == few


def test_the_overdue_list_and_the_index_do_not_grow_with_their_rows(
    client, personas, issued, finished
):
    issued.tasks.update(deadline="2020-01-01")
    client.force_login(personas.secretariat)
    overdue, index = (
        queries(client, reverse("plans:overdue")),
        queries(client, reverse("plans:index")),
    )
    more_losses(finished, personas, ["2.3", "4.1", "4.3"])
    issued.tasks.update(deadline="2020-01-01")
    assert queries(client, reverse("plans:overdue")) == overdue
    assert queries(client, reverse("plans:index")) == index
