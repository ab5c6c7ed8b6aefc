"""The self-scoring page is served from the page cache (assessments/page_cache.py) but is
never stale: after each kind of write the next request shows the new state, and nobody
is served a fragment rendered for another user, role, moment or language."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from self_support import PDF, upload
from tests.conftest import rename_unit

from parindex.apps.accounts import services as account_services
from parindex.apps.assessments import page_cache, services_rounds, services_self
from parindex.apps.assessments.models import Evidence, Participation, Score
from parindex.apps.assessments.services_self import SelfInput

pytestmark = pytest.mark.django_db

LEAF = "1.3.1"  # a judged leaf of the demo set: one score to enter
FORM = re.compile(r'<form method="post" action="[^"]+/tieu-chi/[0-9a-f-]{36}/"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def page(client, urls):
    """``page(user)`` → the self-scoring page of SNV as ``user`` sees it now (text)."""

    def get(user, unit="SNV"):
        client.force_login(user)
        response = client.get(urls.page(unit))
        assert response.status_code == 200
        return response.content.decode()

    return get


@pytest.fixture
def leaf(scores):
    def get(code=LEAF, unit="SNV"):
        return scores(unit)[code]

    return get


def cached(page, user):
    """The page twice: the second from the cache (the test fails if it differs)."""
    first = page(user)
    again = page(user)
    assert FORM.findall(first) == FORM.findall(again)
    return again


def save(actor, row, **given):
    row = Score.objects.select_related("participation__round", "node").get(pk=row.pk)
    return services_self.self_score_save(
        actor=actor, score=row, given=SelfInput(**given), version=row.version
    )


def test_the_second_request_is_served_from_the_cache(page, personas, leaf, monkeypatch):
    leaf()  # the score rows exist (a first visit creates them: a new revision)
    page(personas.leader)
    rendered = []
    monkeypatch.setattr(
        "parindex.apps.assessments.selectors_self_page.self_page",
        lambda *a, **k: rendered.append(a),
    )
    assert "data-leaf" in page(personas.leader)
    assert rendered == []  # nothing read but the key


def test_no_fragment_is_kept_when_the_cache_is_off(page, personas, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    page(personas.leader)
    rendered = []
    original = page_cache.caches["pages"].get
    monkeypatch.setattr(page_cache.caches["pages"], "get", rendered.append)
    page(personas.leader)
    assert rendered
    assert original(rendered[0]) is None


# --- after each kind of write, the page shows the new state --------------------------


def test_a_saved_score_shows_at_once(page, personas, leaf):
    cached(page, personas.leader)
    save(personas.staff, leaf(), score=Decimal("0.5"), explanation="Theo kế hoạch 12/KH-SNV.")
    shown = page(personas.leader)
    assert "Theo kế hoạch 12/KH-SNV." in shown
    assert "Cập nhật bởi Canbo" in shown


def test_a_score_saved_through_the_page_shows_at_once(client, page, personas, leaf, urls):
    cached(page, personas.staff)
    score = leaf()
    data = {"version": score.version, "score": "0,5", "explanation": "Giải trình mới"}
    assert client.post(urls.score(score), data).status_code == 302
    assert "Giải trình mới" in page(personas.staff)


def test_an_attached_file_shows_at_once(page, personas, leaf, evidence_media):
    cached(page, personas.leader)
    services_self.self_evidence_attach(
        actor=personas.staff, score=leaf(), upload=upload("ke-hoach.pdf", PDF)
    )
    assert "ke-hoach.pdf" in page(personas.leader)


def test_a_removed_file_is_gone_at_once(page, personas, leaf, evidence_media):
    services_self.self_evidence_attach(
        actor=personas.staff, score=leaf(), upload=upload("ke-hoach.pdf", PDF)
    )
    assert "ke-hoach.pdf" in cached(page, personas.leader)
    evidence = Evidence.objects.select_related("score__participation").get(name="ke-hoach.pdf")
    services_self.self_evidence_remove(actor=personas.staff, evidence=evidence)
    assert "ke-hoach.pdf" not in page(personas.leader)


def test_sending_and_withdrawing_show_at_once(page, personas, province, leaf):
    leaf()  # the score rows exist
    assert len(FORM.findall(cached(page, personas.leader))) > 0
    participation = province.participations["SNV"]
    services_self.self_assessment_submit(actor=personas.leader, participation=participation)
    sent = page(personas.leader)
    assert "Đã gửi" in sent
    assert FORM.findall(sent) == []
    participation = Participation.objects.get(pk=participation.pk)
    services_self.self_assessment_withdraw(actor=personas.leader, participation=participation)
    assert len(FORM.findall(page(personas.leader))) > 0


def test_a_deadline_extension_shows_at_once(page, personas, province):
    cached(page, personas.leader)
    participation = province.participations["SNV"]
    until = province.round.self_assessment_deadline + timedelta(days=3)
    services_rounds.participation_extend(
        actor=personas.secretariat, participation=participation, until=until
    )
    assert "đã gia hạn" in page(personas.leader)


def test_new_round_dates_show_at_once(page, personas, province):
    cached(page, personas.leader)
    round_ = province.round
    deadline = timezone.localtime(round_.self_assessment_deadline + timedelta(days=2))
    services_rounds.round_update_dates(
        actor=personas.secretariat,
        round_=round_,
        self_assessment_opens=round_.self_assessment_opens,
        self_assessment_deadline=deadline,
        appraisal_deadline=round_.appraisal_deadline,
    )
    assert deadline.strftime("%H:%M %d/%m/%Y") in page(personas.leader)


def test_the_deadline_passing_closes_the_forms_without_any_write(page, personas, province):
    assert len(FORM.findall(cached(page, personas.leader))) > 0
    later = timezone.now() + timedelta(days=15)  # after the round's deadline
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        assert FORM.findall(page(personas.leader)) == []


def test_starting_the_appraisal_closes_the_forms_at_once(page, personas, province):
    assert len(FORM.findall(cached(page, personas.leader))) > 0
    services_rounds.round_start_appraisal(actor=personas.secretariat, round_=province.round)
    assert FORM.findall(page(personas.leader)) == []


def test_a_delegation_and_its_revocation_show_at_once(page, personas, province, leaf):
    leaf()
    everything = len(FORM.findall(cached(page, personas.staff)))
    participation = province.participations["SNV"]
    field = province.criteria_set.nodes.get(code="1", parent=None)
    services_self.delegation_grant(
        actor=personas.leader, participation=participation, staff=personas.staff, node=field
    )
    only_field_1 = len(FORM.findall(page(personas.staff)))
    assert 0 < only_field_1 < everything
    services_self.delegation_revoke(
        actor=personas.leader, participation=participation, staff=personas.staff, node=field
    )
    assert len(FORM.findall(page(personas.staff))) == everything


def test_a_renamed_unit_shows_at_once(page, personas, province):
    cached(page, personas.leader)
    unit = province.units["SNV"]
    rename_unit(personas.secretariat, unit, "Sở Nội vụ tỉnh")
    assert "Tự đánh giá: Sở Nội vụ tỉnh" in page(personas.leader)


def test_a_renamed_user_shows_at_once_beside_what_they_entered(page, personas, leaf):
    save(personas.staff, leaf(), score=Decimal("0.5"), explanation="Có")
    assert "Cập nhật bởi Canbo" in cached(page, personas.leader)
    account_services.user_update(
        actor=personas.secretariat, user=personas.staff, full_name="Nguyễn Văn Cán", email=""
    )
    assert "Cập nhật bởi Nguyễn Văn Cán" in page(personas.leader)


def test_another_units_relative_entry_moves_the_totals_at_once(page, personas, scores):
    """The demo set scores a leaf relatively to the group: SNV's totals depend on STP."""
    relative = next(s for s in scores("SNV").values() if s.node.rule == "relative")
    save(personas.staff, relative, value=Decimal(5), explanation="Có")
    before = cached(page, personas.leader)
    theirs = scores("STP")[relative.node.code]
    save(personas.other_staff, theirs, value=Decimal(50), explanation="Có")
    after = page(personas.leader)
    totals = re.compile(r'<div id="self-totals".*?</div>\s*</div>', re.S)
    assert totals.search(before).group() != totals.search(after).group()


# --- never another user's, role's, moment's or language's fragment -------------------


def test_a_delegated_staff_member_never_gets_the_leaders_fragment(page, personas, province):
    field = province.criteria_set.nodes.get(code="1", parent=None)
    services_self.delegation_grant(
        actor=personas.leader,
        participation=province.participations["SNV"],
        staff=personas.staff,
        node=field,
    )
    everything = len(FORM.findall(cached(page, personas.leader)))
    mine = len(FORM.findall(page(personas.staff)))
    assert 0 < mine < everything
    assert len(FORM.findall(page(personas.leader))) == everything


def test_readers_never_get_the_writers_fragment(page, personas):
    assert len(FORM.findall(cached(page, personas.staff))) > 0
    for reader in (personas.secretariat, personas.council):
        shown = page(reader)
        assert "data-leaf" in shown
        assert FORM.findall(shown) == []


def test_each_request_gets_its_own_working_csrf_token(personas, urls, leaf):
    score = leaf()
    tokens = []
    for user in (personas.leader, personas.staff):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        shown = browser.get(urls.page()).content.decode()
        assert page_cache.CSRF_MARK not in shown
        in_forms = shown[shown.index('<div class="criteria-tree"') :]
        found = set(TOKEN.findall(in_forms))  # one token for every form of the fragment
        assert len(found) == 1
        tokens.append(found.pop())
        data = {"version": score.version, "score": "0,5", "explanation": "Có"}
        posted = browser.post(urls.score(score), {**data, "csrfmiddlewaretoken": tokens[-1]})
        assert posted.status_code == 302
        score.refresh_from_db()
    assert tokens[0] != tokens[1]


def test_the_language_is_part_of_the_key(client, personas, urls):
    client.force_login(personas.leader)
    assert "<dt>Tối đa</dt>" in client.get(urls.page()).content.decode()
    english = client.get(urls.page(), headers={"accept-language": "en"}).content.decode()
    assert "<dt>Maximum</dt>" in english
    assert "<dt>Tối đa</dt>" not in english
