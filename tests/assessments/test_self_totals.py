"""Running totals of the self-assessment agree with the scoring engine, and the page is
read in a number of queries that does not grow with the criteria tree."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parindex.apps.accounts.models import Membership
from parindex.apps.assessments import page_cache
from parindex.apps.assessments.entries import round_results
from parindex.apps.assessments.models import (
    Evidence,
    EvidenceFile,
    Participation,
    Round,
    RoundStatus,
    Score,
)
from parindex.apps.assessments.selectors_self import self_totals
from parindex.apps.assessments.services_rounds import participation_ensure_scores
from parindex.apps.frameworks.conversion import from_engine
from parindex.apps.frameworks.models import CriteriaSetStatus
from parindex.numbers import format_vn
from parindex.scoring import CriteriaSet, JudgedRule, Node, RelativeRule, UnitGroup

pytestmark = pytest.mark.django_db


def give(score, **values):
    Score.objects.filter(pk=score.pk).update(**values)


@pytest.fixture
def entered(scores):
    """Entries of every kind for SNV, and a relative measure of STP (the group's best)."""
    snv, stp = scores("SNV"), scores("STP")
    give(snv["1.1.1"], self_items=["dung_han"])
    give(snv["1.1.2"], self_numerator=Decimal(17831), self_denominator=Decimal(21825))
    give(snv["1.3.1"], self_score=Decimal("0.25"))
    give(snv["1.3.2"], self_numerator=Decimal(9), self_denominator=Decimal(10))
    give(snv["1.5"], self_count=Decimal(5))
    give(snv["3.3.2"], self_numerator=Decimal(0), self_denominator=Decimal(0))  # n/a
    give(snv["3.3.4"], self_value=Decimal(50))
    give(stp["3.3.4"], self_value=Decimal(100))
    give(snv["3.6"], self_value=Decimal("92.5"))
    give(snv["4.5"], self_count=Decimal(2))  # deduction
    give(snv["8.1"], self_count=Decimal(12))  # bonus
    give(snv["6.4"], self_not_applicable=True)
    return snv


def engine_side(province, unit="SNV"):
    return round_results(province.round).unit(unit).self_scored


def test_the_totals_agree_with_the_engine(province, entered):
    expected = engine_side(province)
    totals = self_totals(province.participations["SNV"])
    assert totals.side is not None
    assert totals.side.achieved == expected.achieved
    assert totals.side.applicable_max == expected.applicable_max
    assert totals.side.index == expected.index
    assert totals.side.fields == expected.fields
    assert totals.side.node("3.3.4").achieved == Decimal(1)  # 2 × 50 / best 100
    assert totals.side.node("3.3.2").not_applicable
    assert totals.unscored == 62 - 11 - 1  # 11 entries; accuracy is computed, never missing


def test_the_totals_fragment_shows_the_engines_figures(client, personas, urls, province, entered):
    expected = engine_side(province)
    client.force_login(personas.staff)
    response = client.get(urls.named("self_totals"))
    assert response.status_code == 200
    assert response["X-ParIndex-Fragment"] == "totals"
    body = response.content.decode()
    assert body.startswith('<div id="self-totals"')
    footer = body.split("<tfoot>")[1]
    for figure in (expected.achieved, expected.applicable_max, expected.index):
        assert format_vn(figure, 2) in footer


def test_saving_a_score_moves_the_totals(client, personas, urls, province, entered):
    before = engine_side(province).achieved
    client.force_login(personas.staff)
    score = Score.objects.get(pk=entered["2.3"].pk)
    data = {"version": score.version, "score": "1.5", "explanation": ""}
    client.post(urls.score(score), data, headers={"X-Requested-With": "fetch"})
    after = self_totals(province.participations["SNV"]).side
    assert after.achieved == before + Decimal("1.5")
    body = client.get(urls.named("self_totals")).content.decode()
    assert format_vn(after.achieved, 2) in body.split("<tfoot>")[1]


def test_the_page_shows_the_same_totals(client, personas, urls, province, entered):
    expected = engine_side(province)
    client.force_login(personas.staff)
    page = client.get(urls.page()).content.decode()
    footer = page.split('id="self-totals"')[1].split("<tfoot>")[1].split("</tfoot>")[0]
    assert format_vn(expected.index, 2) in footer


@pytest.mark.parametrize("who", ["outsider", "other_staff", "appraiser"])
def test_others_cannot_read_the_totals(client, personas, urls, who):
    client.force_login(getattr(personas, who))
    assert client.get(urls.named("self_totals")).status_code == 404


def test_the_totals_take_only_get(client, personas, urls):
    client.force_login(personas.staff)
    assert client.post(urls.named("self_totals")).status_code == 405


def test_the_totals_send_anonymous_visitors_to_sign_in(client, urls):
    assert client.get(urls.named("self_totals")).status_code == 302


# --- query counts -----------------------------------------------------------------------


def small_round(province, personas):
    """A round whose set has three leaves (one relative, as in the demo set), with SNV."""
    leaves = (
        *(Node(f"1.{i}", f"Tiêu chí {i}", Decimal(1), JudgedRule()) for i in (1, 2)),
        Node("1.3", "Tiêu chí so sánh", Decimal(1), RelativeRule()),
    )
    engine = CriteriaSet(
        code="NHO-2024",
        name="Bộ tiêu chí nhỏ",
        year=2024,
        fields=(Node("1", "Lĩnh vực", Decimal(3), children=leaves),),
        groups=(UnitGroup("so", "Sở, ban, ngành"),),
    )
    small = from_engine(engine, actor=None)
    small.status = CriteriaSetStatus.PUBLISHED
    small.save()
    now = timezone.now()
    round_ = Round.objects.create(
        name="Đợt nhỏ",
        year=2024,
        criteria_set=small,
        status=RoundStatus.SELF_ASSESSMENT,
        self_assessment_opens=now - timedelta(days=1),
        self_assessment_deadline=now + timedelta(days=5),
        appraisal_deadline=now + timedelta(days=20),
    )
    return Participation.objects.create(round=round_, unit=province.units["SNV"])


def with_evidence_everywhere(participation, user):
    """Every leaf scored, explained and given a file: the most a page can show."""
    participation_ensure_scores(participation)
    stored, _ = EvidenceFile.objects.get_or_create(
        sha256="a" * 64,
        defaults={"size": 3, "media_type": "application/pdf", "file": "x.pdf", "uploaded_by": user},
    )
    for score in participation.scores.all():
        give(score, self_score=Decimal(0), explanation="Có")
        Evidence.objects.create(score=score, file=stored, name="x.pdf", uploaded_by=user)


def page_queries(client, participation, *, cached=False):
    """The queries of one request of the page: rendered (the cache emptied first), or
    served from the cache."""
    url = reverse("assessments:self_page", args=[participation.uuid])
    client.get(url)  # first visit creates the score rows (and fills the cache)
    if not cached:
        page_cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_of_65_leaves_takes_as_many_queries_as_one_of_3(client, personas, province):
    big = province.participations["SNV"]
    small = small_round(province, personas)
    for participation in (big, small):
        with_evidence_everywhere(participation, personas.staff)
    client.force_login(personas.staff)
    assert big.scores.count() == 62
    assert page_queries(client, big) == page_queries(client, small)


def test_the_page_stays_within_its_query_budget(client, personas, province, urls):
    with_evidence_everywhere(province.participations["SNV"], personas.staff)
    client.force_login(personas.staff)
    client.get(urls.page())
    page_cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(urls.page())
    assert len(captured) <= 20, [q["sql"][:120] for q in captured]


def test_the_page_served_from_the_cache_reads_only_the_user_and_the_revisions(
    client, personas, province
):
    big = province.participations["SNV"]
    small = small_round(province, personas)
    for participation in (big, small):
        with_evidence_everywhere(participation, personas.staff)
    client.force_login(personas.staff)
    cached = page_queries(client, big, cached=True)
    # session, user, and one statement: the participation with its round and unit, the
    # staff member's delegations and the group's revisions (the set has a relative
    # leaf); the memberships, the menu and the deadline banner come from the cache under
    # the user's access revision (read with the user), the whole page too
    assert cached == 3 < page_queries(client, big), cached
    assert page_queries(client, small, cached=True) == cached


def test_a_delegated_staff_members_page_does_not_grow_either(client, personas, province):
    big = province.participations["SNV"]
    small = small_round(province, personas)
    for participation in (big, small):
        with_evidence_everywhere(participation, personas.staff)
        first = participation.round.criteria_set.nodes.filter(parent=None).first()
        participation.delegations.create(
            staff=personas.staff, node=first, created_by=personas.leader
        )
    assert Membership.objects.filter(user=personas.staff).exists()
    client.force_login(personas.staff)
    assert page_queries(client, big) == page_queries(client, small)
