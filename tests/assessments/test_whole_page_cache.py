"""The self-scoring page and the appraiser's queue are kept whole (page_cache.page): a
second view renders no template, yet the frame around the content is never stale nor
another user's — a message waiting, a role granted, a new display name, the banner's
days left, the address asked — and every form carries the request's own CSRF token."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parindex.apps.accounts.models import Membership, Role, User
from parindex.apps.assessments import banner, page_cache
from parindex.apps.assessments.page_cache import CSRF_MARK

pytestmark = pytest.mark.django_db

QUEUE = reverse("assessments:queue")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEXT = re.compile(r'<input type="hidden" name="next" value="([^"]*)">')


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def banner_of(html):
    return html.split('class="deadline-banners"')[1].split("</div>")[0]


@pytest.mark.parametrize("who", ["staff", "appraiser"])
def test_a_second_view_renders_no_template(client, personas, urls, scores, who):
    scores("SNV")  # what the unit's first visit creates (a new revision)
    url = urls.page() if who == "staff" else QUEUE
    client.force_login(getattr(personas, who))
    first = get(client, url)
    assert first.templates  # rendered: the frame is kept with the content from now on
    again = get(client, url)
    assert again.templates == []  # served whole
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())


def test_a_waiting_message_shows_once_and_is_never_kept(client, personas, urls, scores):
    score = scores("SNV")["1.3.1"]
    client.force_login(personas.leader)
    get(client, urls.page())
    posted = client.post(urls.score(score), {"version": score.version, "score": "0,5"})
    assert posted.status_code == 302
    shown = get(client, urls.page())
    assert "Đã lưu" in shown.content.decode()
    assert shown.templates  # with a message, the page is rendered
    after = get(client, urls.page()).content.decode()
    assert "Đã lưu" not in after
    assert "Đã lưu" not in get(client, urls.page()).content.decode()


@pytest.mark.parametrize("who", ["staff", "appraiser"])
def test_a_message_waiting_is_shown_around_the_kept_content(client, personas, urls, scores, who):
    scores("SNV")
    url = urls.page() if who == "staff" else QUEUE
    client.force_login(getattr(personas, who))
    get(client, url)
    kept = get(client, url)
    assert kept.templates == []
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode(
        [Message(constants.INFO, "Chào buổi sáng")]
    )
    shown = get(client, url)
    assert shown.templates  # the frame is rendered for the message, around the kept content
    html = shown.content.decode()
    assert "Chào buổi sáng" in html
    assert CSRF_MARK not in html
    assert len(TOKEN.findall(html)) == len(TOKEN.findall(kept.content.decode()))
    assert "Chào buổi sáng" not in get(client, url).content.decode()


@pytest.mark.parametrize("who", ["staff", "appraiser"])
def test_a_role_granted_shows_in_the_menu_at_once(client, personas, urls, scores, who):
    scores("SNV")
    url = urls.page() if who == "staff" else QUEUE
    user = getattr(personas, who)
    client.force_login(user)
    get(client, url)
    kept = get(client, url)
    assert kept.templates == []
    assert ">Tiến độ</a>" not in kept.content.decode()
    Membership.objects.create(user=user, role=Role.SECRETARIAT)
    assert ">Tiến độ</a>" in get(client, url).content.decode()


def test_a_new_display_name_shows_at_once(client, personas, urls, scores):
    scores("SNV")
    client.force_login(personas.staff)
    get(client, urls.page())
    kept = get(client, urls.page())
    assert kept.templates == []
    assert "(Canbo)" in kept.content.decode()
    User.objects.filter(pk=personas.staff.pk).update(full_name="Nguyễn Văn Bình")
    shown = get(client, urls.page()).content.decode()
    assert "(Nguyễn Văn Bình)" in shown
    assert "(Canbo)" not in shown


def test_never_another_users_page(personas, urls, scores):
    scores("SNV")
    shown = {}
    for user in (personas.staff, personas.leader, personas.staff, personas.leader):
        browser = Client()
        browser.force_login(user)
        shown[user.pk] = get(browser, urls.page()).content.decode()
        assert f"({user.full_name})" in shown[user.pk]
    assert "(Lanhdao)" not in shown[personas.staff.pk]


def test_the_banner_counts_the_days_again_the_next_day(client, personas, urls, monkeypatch):
    client.force_login(personas.staff)
    today = banner_of(get(client, urls.page()).content.decode())
    assert today == banner_of(get(client, urls.page()).content.decode())
    later = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    client.force_login(personas.staff)  # the session of yesterday has expired
    tomorrow = banner_of(get(client, urls.page()).content.decode())
    assert tomorrow != today
    expected = banner.unit_banners(User.objects.get(pk=personas.staff.pk), later)
    assert expected[0].text in tomorrow


def test_the_address_asked_is_part_of_the_key(client, personas):
    client.force_login(personas.appraiser)
    assert NEXT.findall(get(client, QUEUE).content.decode()) == [QUEUE]
    assert get(client, QUEUE).templates == []
    for _twice in range(2):
        asked = get(client, QUEUE, trang_thai="xong")
        assert NEXT.findall(asked.content.decode()) == [f"{QUEUE}?trang_thai=xong"]
    assert asked.templates == []  # a filter of the page: kept
    assert NEXT.findall(get(client, QUEUE).content.decode()) == [QUEUE]


def test_a_frame_with_a_query_the_page_does_not_read_is_never_kept(client, personas, urls):
    client.force_login(personas.staff)
    get(client, urls.page())
    for _twice in range(2):
        odd = get(client, urls.page(), xem="1")
        assert NEXT.findall(odd.content.decode()) == [f"{urls.page()}?xem=1"]
        assert odd.templates  # rendered for the request: one frame per typed address never
    assert NEXT.findall(get(client, urls.page()).content.decode()) == [urls.page()]


@pytest.mark.parametrize("who", ["staff", "appraiser"])
def test_the_frames_forms_carry_a_working_token_of_the_request(personas, urls, scores, who):
    scores("SNV")
    url = urls.page() if who == "staff" else QUEUE
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(getattr(personas, who))
    get(browser, url)
    shown = get(browser, url)
    assert shown.templates == []  # served whole
    html = shown.content.decode()
    assert page_cache.CSRF_MARK not in html
    logout = html.split(f'action="{reverse("logout")}"')[1].split("</form>")[0]
    token = TOKEN.search(logout).group(1)
    signed_out = browser.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code in (200, 302)  # not 403: the token is the session's
    assert SESSION_KEY not in browser.session


def test_a_page_is_served_when_the_cache_fails(client, personas, urls, monkeypatch):
    client.force_login(personas.staff)
    get(client, urls.page())

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(page_cache.caches["pages"], "get", broken)
    monkeypatch.setattr(page_cache.caches["pages"], "set", broken)
    shown = get(client, urls.page())
    assert shown.templates
    assert "data-leaf" in shown.content.decode()


def test_the_process_keeps_the_parts_it_served_last_within_its_budget(settings):
    settings.PAGE_MEMO_BYTES = 10
    memo = page_cache.Memo()
    memo.put("a", (b"1234",))
    memo.put("b", (b"12", b"34"))
    assert memo.get("a") == (b"1234",)  # now the most recently used
    memo.put("c", (b"1234",))  # 12 bytes: "b", the least recently used, goes
    assert memo.get("b") is None
    assert (memo.get("a"), memo.get("c")) == ((b"1234",), (b"1234",))
    memo.put("big", (b"x" * 11,))  # over the budget alone: never kept
    assert memo.get("big") is None
    assert memo.get("a") == (b"1234",)
    memo.clear()
    assert memo.get("a") is None
    settings.PAGE_CACHE_SECONDS = 0  # the cache off: nothing kept here either
    memo.put("a", (b"1",))
    assert memo.get("a") is None


def test_a_page_is_served_from_the_process_when_the_shared_cache_lost_it(
    client, personas, urls, scores
):
    scores("SNV")
    client.force_login(personas.staff)
    first = get(client, urls.page())
    page_cache.caches["pages"].clear()  # e.g. Redis restarted; the process still has it
    again = get(client, urls.page())
    assert again.templates == []
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())
    page_cache.clear()
    assert get(client, urls.page()).templates  # both forgotten: rendered again
