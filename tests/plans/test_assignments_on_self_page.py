"""The self-scoring page shows, beside each sub-criterion, the office and official who
answer for it (issue #5): their own assignment or the nearest one above them, carried
from last year's set until the leader saves this year's; nothing when nobody does. The
cached page changes at once when an assignment, an office or an official's name does."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parindex.apps.accounts import services as account_services
from parindex.apps.assessments import page_cache
from parindex.apps.assessments.models import Participation, Round, RoundStatus
from parindex.apps.assessments.services_rounds import participation_ensure_scores
from parindex.apps.frameworks.models import CriteriaNode
from parindex.apps.plans import services_assign
from parindex.apps.plans.selectors_assign import assignments_in, assignments_of_nodes

pytestmark = pytest.mark.django_db

OWNER = re.compile(r'<p class="leaf-owner note">(.*?)</p>', re.S)


def node(criteria_set, code):
    return CriteriaNode.objects.get(criteria_set=criteria_set, code=code)


def assign(personas, criteria_set, unit, **codes):
    chosen = {node(criteria_set, code): who for code, who in codes.items()}
    return services_assign.assignments_save(
        actor=personas.leader, unit=unit, criteria_set=criteria_set, chosen=chosen
    )


def owners(client, user, participation):
    """Each leaf's "Phụ trách" line on the page, by code (leaves without one: absent)."""
    client.force_login(user)
    response = client.get(reverse("assessments:self_page", args=[participation.uuid]))
    assert response.status_code == 200
    text = response.content.decode()
    out = {}
    for section in text.split("<section ")[1:]:
        code = re.search(r'id="tc-([^"]+)"', section).group(1)
        found = OWNER.search(section[: section.index("</section>")])
        if found:
            out[code] = re.sub(r"<[^>]+>", "", found.group(1))
    return out


def test_each_sub_criterion_shows_who_answers_for_it(client, province, personas, offices):
    snv = province.units["SNV"]
    assign(
        personas,
        province.criteria_set,
        snv,
        **{"1": (offices["cchc"], None), "1.3": (offices["cchc"], personas.staff)},
    )
    shown = owners(client, personas.leader, province.participations["SNV"])
    assert shown["1.1.1"] == "Phụ trách: Phòng Cải cách hành chính"
    assert shown["1.3.1"] == "Phụ trách: Phòng Cải cách hành chính — Canbo"
    assert "2.1.1" not in shown  # nobody answers for field 2


def test_nothing_is_shown_when_nobody_is_assigned(client, province, personas):
    assert owners(client, personas.staff, province.participations["SNV"]) == {}


def test_the_page_reads_the_assignments_in_one_query(client, province, personas, offices):
    """The same page with and without assignments: one query apart at most."""
    participation = province.participations["SNV"]
    participation_ensure_scores(participation)
    url = reverse("assessments:self_page", args=[participation.uuid])
    client.force_login(personas.leader)

    def rendered():
        client.get(url)
        page_cache.clear()  # rendered, not served from the cache
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return [q["sql"] for q in captured]

    before = rendered()
    assign(personas, province.criteria_set, province.units["SNV"], **{"1": (offices["vp"], None)})
    after = rendered()
    assert len(after) == len(before)
    assert sum("plans_criterionassignment" in q for q in after) == 1


def test_the_page_agrees_with_the_assignment_selector(province, personas, offices):
    snv = province.units["SNV"]
    assign(
        personas,
        province.criteria_set,
        snv,
        **{"1": (offices["cchc"], None), "1.3.2": (None, personas.leader)},
    )
    nodes = list(province.criteria_set.nodes.all())
    assert assignments_of_nodes(snv, province.criteria_set, nodes) == assignments_in(
        snv, province.criteria_set
    )


def test_next_years_page_shows_this_years_assignments_carried(
    client, province, personas, offices, next_set
):
    snv = province.units["SNV"]
    assign(personas, province.criteria_set, snv, **{"1.3": (offices["cchc"], personas.staff)})
    now = timezone.now()
    round_ = Round.objects.create(
        name="Đánh giá năm 2025",
        year=2025,
        criteria_set=next_set,
        status=RoundStatus.SELF_ASSESSMENT,
        self_assessment_opens=now - timedelta(days=1),
        self_assessment_deadline=now + timedelta(days=10),
        appraisal_deadline=now + timedelta(days=30),
    )
    participation = Participation.objects.create(round=round_, unit=snv)
    nodes = list(next_set.nodes.all())
    assert assignments_of_nodes(snv, next_set, nodes) == assignments_in(snv, next_set)
    shown = owners(client, personas.leader, participation)
    assert shown["1.3.1"] == "Phụ trách: Phòng Cải cách hành chính — Canbo"


def test_a_new_assignment_shows_at_once_on_the_cached_page(client, province, personas, offices):
    participation = province.participations["SNV"]
    participation_ensure_scores(participation)
    assert owners(client, personas.leader, participation) == {}
    assert owners(client, personas.leader, participation) == {}  # served from the cache
    assign(personas, province.criteria_set, province.units["SNV"], **{"2": (offices["vp"], None)})
    assert owners(client, personas.leader, participation)["2.1.1"] == "Phụ trách: Văn phòng Sở"
    assign(personas, province.criteria_set, province.units["SNV"], **{"2": (None, None)})
    assert owners(client, personas.leader, participation) == {}


def test_a_renamed_office_or_official_shows_at_once(client, province, personas, offices):
    participation = province.participations["SNV"]
    participation_ensure_scores(participation)
    snv = province.units["SNV"]
    assign(personas, province.criteria_set, snv, **{"2": (offices["vp"], personas.staff)})
    assert owners(client, personas.leader, participation)["2.1.1"] == (
        "Phụ trách: Văn phòng Sở — Canbo"
    )
    services_assign.office_update(
        actor=personas.leader, office=offices["vp"], name="Văn phòng", is_active=True
    )
    account_services.user_update(
        actor=personas.secretariat, user=personas.staff, full_name="Trần Thị Bình", email=""
    )
    assert owners(client, personas.leader, participation)["2.1.1"] == (
        "Phụ trách: Văn phòng — Trần Thị Bình"
    )
