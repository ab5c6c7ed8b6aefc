"""The appraiser's queue is served from the page cache (assessments/page_cache.py) but is
never stale: each appraisal write, the lock and reopening of the round and a renamed
unit show on the next request; an appraiser never gets another's fragment, nor one of
other filters."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from appraisal_support import table
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from tests.conftest import rename_unit

from parindex import scoring
from parindex.apps.assessments import services_appraisal as svc
from parindex.apps.assessments.models import ScoreStatus

pytestmark = pytest.mark.django_db

QUEUE = reverse("assessments:queue")
CAPTION = "Việc thẩm định theo đơn vị và lĩnh vực"
# Columns after the unit and the field: left, returned, supplemented, appraised, closed, total.


def rows(client, user, **params):
    client.force_login(user)
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    text = response.content.decode()
    if CAPTION not in text:
        return []
    return [(row[0], row[1].split(" ")[0], *row[2:]) for row in table(response, CAPTION)[1:]]


def snv(client, user):
    return next(r for r in rows(client, user) if r[0] == "Sở Nội vụ")


def twice(client, user):
    """The queue twice, the second from the cache: the same rows."""
    first = rows(client, user)
    assert rows(client, user) == first
    return first


def test_an_appraised_item_counts_at_once(client, personas, appraisal, item):
    twice(client, personas.appraiser)
    before = snv(client, personas.appraiser)
    score = item("1.3.1")
    svc.score_appraise(
        actor=personas.appraiser,
        score=score,
        expected_version=score.version,
        entry=scoring.Entry(score=D("0.5")),
        opinion="Đúng tài liệu.",
    )
    after = snv(client, personas.appraiser)
    assert (int(after[2]), int(after[5])) == (int(before[2]) - 1, int(before[5]) + 1)


def test_a_returned_and_an_answered_item_count_at_once(client, personas, appraisal, item):
    twice(client, personas.appraiser)
    score = item("1.3.1")
    svc.score_return(
        actor=personas.appraiser,
        score=score,
        expected_version=score.version,
        text="Bổ sung quyết định.",
        deadline=timezone.now() + timedelta(days=3),
    )
    assert snv(client, personas.appraiser)[3] == "1"  # waiting for the unit
    score = item("1.3.1")
    assert score.status == ScoreStatus.RETURNED
    svc.score_answer(
        actor=personas.staff,
        score=score,
        expected_version=score.version,
        answer=svc.Answer(text="Đã bổ sung quyết định số 15."),
    )
    after = snv(client, personas.appraiser)
    assert (after[3], after[4]) == ("0", "1")  # answered by the unit


def test_locking_and_reopening_the_round_show_at_once(client, personas, appraisal):
    assert twice(client, personas.appraiser)
    svc.round_lock(actor=personas.secretariat, round_=appraisal.round)
    assert rows(client, personas.appraiser) == []
    svc.round_reopen(actor=personas.secretariat, round_=appraisal.round, reason="Sửa điểm 1.3.1")
    assert len(rows(client, personas.appraiser)) == 3


def test_a_renamed_unit_shows_at_once(client, personas, appraisal):
    twice(client, personas.appraiser)
    unit = appraisal.units["STP"]
    rename_unit(personas.secretariat, unit, "Sở Tư pháp tỉnh")
    assert "Sở Tư pháp tỉnh" in [r[0] for r in rows(client, personas.appraiser)]


def test_an_appraiser_never_gets_anothers_fragment(client, personas, appraisal):
    assert {r[1] for r in twice(client, personas.appraiser)} == {"1"}
    assert {r[1] for r in rows(client, personas.other_appraiser)} == {"2"}
    assert {r[1] for r in rows(client, personas.appraiser)} == {"1"}


def test_each_filter_gets_its_own_fragment(client, personas, appraisal):
    assert len(twice(client, personas.appraiser)) == 3
    communes = rows(client, personas.appraiser, nhom="xa")
    assert [r[0] for r in communes] == ["UBND xã A"]
    assert len(rows(client, personas.appraiser)) == 3


def test_a_typed_unit_name_is_searched_without_filling_the_cache(
    client, personas, appraisal, monkeypatch
):
    twice(client, personas.appraiser)
    stored = []
    original = caches["pages"].set
    monkeypatch.setattr(
        caches["pages"], "set", lambda key, *a, **k: (stored.append(key), original(key, *a, **k))
    )
    found = rows(client, personas.appraiser, don_vi="Nội vụ")
    assert {r[0] for r in found} == {"Sở Nội vụ"}
    rows(client, personas.appraiser, trang="99999")
    assert not [key for key in stored if key.startswith("queue")]  # the body nor the frame


def test_the_queue_is_served_when_the_cache_fails(client, personas, appraisal, monkeypatch):
    expected = twice(client, personas.appraiser)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["pages"], "get", down)
    monkeypatch.setattr(caches["pages"], "set", down)
    assert rows(client, personas.appraiser) == expected
