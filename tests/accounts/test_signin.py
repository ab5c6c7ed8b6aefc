"""Signing in with a password: audited, rate-limited per username and per address,
safe redirects, expiring sessions, and the admin's own form sends people here."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from tests.conftest import PASSWORD

from parindex.apps.accounts import signin
from parindex.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN = "/dang-nhap/"
LOCKED_TEXT = "Bạn đã nhập sai quá nhiều lần nên việc đăng nhập tạm thời bị khóa"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.SIGNIN_FAILURES_PER_USERNAME = 5
    settings.SIGNIN_FAILURES_PER_ADDRESS = 8
    settings.SIGNIN_FAILURE_WINDOW = 15 * 60
    settings.SIGNIN_LOCKOUT = 15 * 60


def attempt(client, username, password, address="10.0.0.1", **data):
    return client.post(
        LOGIN, {"username": username, "password": password, **data}, REMOTE_ADDR=address
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_sign_in_page_is_in_vietnamese(client):
    page = client.get(LOGIN).content.decode()
    assert "Tên đăng nhập" in page
    assert "Mật khẩu" in page


def test_the_sign_in_page_refuses_other_methods(client):
    assert client.put(LOGIN).status_code == 405


def test_a_right_password_signs_in_and_is_audited(client, people, clock, audit_rows):
    response = attempt(client, "canbo", PASSWORD)
    assert response.status_code == 302
    assert response.url == "/"
    assert signed_in(client)
    [row] = audit_rows("signin.success")
    assert row.actor == people.staff
    assert row.target_id == str(people.staff.uuid)
    assert row.new == {"address": "10.0.0.1", "two_step": False}


def test_a_wrong_password_is_refused_with_a_message_and_audited(client, people, audit_rows):
    response = attempt(client, "canbo", "sai")
    assert response.status_code == 200
    assert str(signin.SIGNIN_FAILED) in response.content.decode()
    assert not signed_in(client)
    [row] = audit_rows("signin.failure")
    assert row.actor is None
    assert row.target_type == "accounts.user"
    assert row.target_id == str(people.staff.uuid)
    assert row.new == {"username": "canbo", "address": "10.0.0.1", "step": "password"}


def test_an_unknown_username_is_audited_without_a_user(client, people, audit_rows):
    response = attempt(client, "khong-co", "sai")
    assert str(signin.SIGNIN_FAILED) in response.content.decode()
    [row] = audit_rows("signin.failure")
    assert row.target_id == "unknown"
    assert row.new["username"] == "khong-co"


def test_an_empty_form_counts_no_failure(client, people, audit_rows):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 200
    assert audit_rows("signin.failure") == []


def test_a_deactivated_user_cannot_sign_in(client, people):
    people.staff.is_active = False
    people.staff.save()
    response = attempt(client, "canbo", PASSWORD)
    assert str(signin.SIGNIN_FAILED) in response.content.decode()
    assert not signed_in(client)


def test_five_failures_lock_the_username_with_a_clear_message(client, people, clock, audit_rows):
    for _ in range(4):
        assert attempt(client, "canbo", "sai").status_code == 200
    response = attempt(client, "canbo", "sai")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED_TEXT in page
    assert "Vui lòng thử lại sau 15 phút." in page
    [lockout] = audit_rows("signin.lockout")
    assert lockout.target_id == str(people.staff.uuid)
    assert lockout.new["locked"] == "username"
    assert lockout.new["seconds"] == 900


def test_a_locked_username_is_refused_even_with_the_right_password(
    client, people, clock, audit_rows
):
    for _ in range(5):
        attempt(client, "canbo", "sai")
    clock.advance(60)
    response = attempt(client, "canbo", PASSWORD)
    assert response.status_code == 429
    assert "Vui lòng thử lại sau 14 phút." in response.content.decode()
    assert not signed_in(client)
    assert len(audit_rows("signin.blocked")) == 1
    assert audit_rows("signin.success") == []


def test_the_lock_is_per_username_and_case_blind(client, people, clock):
    for _ in range(5):
        attempt(client, "canbo", "sai")
    assert attempt(client, "CanBo", PASSWORD).status_code == 429
    assert attempt(client, "lanhdao", PASSWORD).status_code == 302


def test_the_username_unlocks_after_the_lockout(client, people, clock):
    for _ in range(5):
        attempt(client, "canbo", "sai")
    clock.advance(15 * 60 - 1)
    assert attempt(client, "canbo", PASSWORD).status_code == 429
    clock.advance(1)
    assert attempt(client, "canbo", PASSWORD).status_code == 302
    assert signed_in(client)


def test_failures_spread_beyond_the_window_never_lock(client, people, clock):
    for _ in range(8):
        attempt(client, "canbo", "sai")
        clock.advance(4 * 60)
    assert attempt(client, "canbo", PASSWORD).status_code == 302


def test_a_success_clears_the_usernames_failures(client, people, clock):
    for _ in range(4):
        attempt(client, "canbo", "sai")
    attempt(client, "canbo", PASSWORD)
    client.logout()
    for _ in range(4):
        assert attempt(client, "canbo", "sai", address="10.0.0.9").status_code == 200


def test_failures_on_many_usernames_lock_the_address(client, people, clock, audit_rows):
    names = ["canbo", "lanhdao", "noivu", "hoidong", "a", "b", "c"]
    for name in names:
        assert attempt(client, name, "sai").status_code == 200
    response = attempt(client, "quantri", "sai")
    assert response.status_code == 429
    assert [row.new["locked"] for row in audit_rows("signin.lockout")] == ["address"]
    assert attempt(client, "thamdinh", PASSWORD).status_code == 429
    assert attempt(client, "thamdinh", PASSWORD, address="10.0.0.2").status_code == 302


def test_the_address_unlocks_after_the_lockout(client, people, clock):
    for number in range(8):
        attempt(client, f"user{number}", "sai")
    clock.advance(15 * 60)
    assert attempt(client, "thamdinh", PASSWORD).status_code == 302


def test_the_address_comes_from_the_configured_proxy_header(client, people, settings, clock):
    settings.SIGNIN_CLIENT_ADDRESS_HEADER = "X-Real-IP"
    for number in range(8):
        client.post(
            LOGIN, {"username": f"u{number}", "password": "sai"}, headers={"x-real-ip": "1.2.3.4"}
        )
    blocked = client.post(
        LOGIN, {"username": "canbo", "password": PASSWORD}, headers={"x-real-ip": "1.2.3.4"}
    )
    assert blocked.status_code == 429
    other = client.post(
        LOGIN, {"username": "canbo", "password": PASSWORD}, headers={"x-real-ip": "5.6.7.8"}
    )
    assert other.status_code == 302


def test_the_limits_come_from_the_settings(client, people, settings, clock):
    settings.SIGNIN_FAILURES_PER_USERNAME = 2
    attempt(client, "canbo", "sai")
    assert attempt(client, "canbo", "sai").status_code == 429


def test_sign_in_returns_to_the_page_asked_for(client, people):
    response = attempt(client, "canbo", PASSWORD, next="/tai-khoan/cua-toi/")
    assert response.url == "/tai-khoan/cua-toi/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_sign_in_never_sends_people_to_another_site(client, people, target):
    response = attempt(client, "canbo", PASSWORD, next=target)
    assert response.url == "/"


def test_the_sign_in_form_keeps_a_safe_next_only(client):
    kept = client.get(f"{LOGIN}?next=/danh-gia/").content.decode()
    assert '<input type="hidden" name="next" value="/danh-gia/">' in kept
    dropped = client.get(f"{LOGIN}?next=https://evil.example/").content.decode()
    assert '<input type="hidden" name="next" value="">' in dropped


def test_the_session_expires_after_the_configured_age(client, people, settings):
    attempt(client, "canbo", PASSWORD)
    assert 0 < client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert client.get(reverse("accounts:me")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_a_deactivated_users_open_session_ends(client, people):
    client.force_login(people.staff)
    people.staff.is_active = False
    people.staff.save()
    assert client.get(reverse("accounts:me")).status_code == 302


def test_the_admins_own_sign_in_form_sends_people_here(client):
    response = client.get("/quan-tri/login/?next=/quan-tri/accounts/user/")
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=%2Fquan-tri%2Faccounts%2Fuser%2F"


def test_the_admin_can_no_longer_be_used_to_guess_passwords(client, people, audit_rows):
    client.post("/quan-tri/login/", {"username": "quantri", "password": "sai"})
    assert not signed_in(client)
    assert AuditEntry.objects.count() == 0


def test_an_administrator_reaches_the_admin_through_the_site_sign_in(client, people):
    first = client.get("/quan-tri/")
    second = client.get(first.url)
    assert second.url.startswith(LOGIN)
    response = attempt(client, "quantri", PASSWORD, next="/quan-tri/")
    assert response.url == "/quan-tri/"
    assert client.get("/quan-tri/").status_code == 200
