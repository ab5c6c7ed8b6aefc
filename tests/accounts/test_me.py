"""'My account': everyone changes their password and turns two-step sign-in on and off."""

import re

import pytest
from django.urls import reverse
from tests.conftest import PASSWORD

from parindex.apps.accounts import signin, totp
from parindex.apps.accounts.views import me

pytestmark = pytest.mark.django_db

ME = reverse("accounts:me")
PASSWORD_CHANGE = reverse("accounts:password_change")
ENABLE = reverse("accounts:totp_enable")
DISABLE = reverse("accounts:totp_disable")
NEW_PASSWORD = "Một-mật-khẩu-mới-2025"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.SIGNIN_FAILURES_PER_USERNAME = 3
    settings.SIGNIN_FAILURES_PER_ADDRESS = 20


def shown_secret(response):
    found = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', response.content.decode())
    return found.group(1).replace(" ", "")


@pytest.mark.parametrize("url", [ME, PASSWORD_CHANGE, ENABLE])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(f"/dang-nhap/?next={url}")


def test_turning_two_step_off_needs_a_signed_in_user(client):
    response = client.post(DISABLE, {"code": "123456"})
    assert response.status_code == 302
    assert response.url.startswith("/dang-nhap/")


@pytest.mark.parametrize(
    ("url", "method"),
    [(ME, "post"), (PASSWORD_CHANGE, "put"), (ENABLE, "delete"), (DISABLE, "get")],
)
def test_each_page_refuses_other_methods(client, people, url, method):
    client.force_login(people.staff)
    assert getattr(client, method)(url).status_code == 405


def test_the_page_shows_the_account_and_its_roles(client, personas):
    client.force_login(personas.leader)
    page = client.get(ME).content.decode()
    assert "lanhdao" in page
    assert "Lãnh đạo đơn vị — Sở Nội vụ" in page
    assert "Bật xác thực hai bước" in page


def test_appraisers_and_administrators_are_advised_to_turn_two_step_on(client, personas):
    for person, advised in [
        (personas.appraiser, True),
        (personas.admin, True),
        (personas.staff, False),
    ]:
        client.force_login(person)
        page = client.get(ME).content.decode()
        assert ("nên bật xác thực hai bước" in page) is advised


def test_a_user_changes_their_password_and_stays_signed_in(client, people, audit_rows):
    client.force_login(people.staff)
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == ME
    people.staff.refresh_from_db()
    assert people.staff.check_password(NEW_PASSWORD)
    assert str(me.PASSWORD_CHANGED) in client.get(ME).content.decode()
    [row] = audit_rows("user.password_change")
    assert row.actor == people.staff
    assert row.old is None
    assert row.new is None


def test_a_wrong_old_password_changes_nothing(client, people, audit_rows):
    client.force_login(people.staff)
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    people.staff.refresh_from_db()
    assert people.staff.check_password(PASSWORD)
    assert audit_rows("user.password_change") == []


def test_the_enable_page_shows_a_secret_and_its_otpauth_uri(client, people):
    client.force_login(people.staff)
    response = client.get(ENABLE)
    secret = shown_secret(response)
    assert len(totp.decode_secret(secret)) == 20
    assert f"otpauth://totp/ParIndex%3Acanbo?secret={secret}&amp;issuer=ParIndex" in (
        response.content.decode()
    )
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_the_secret_stays_the_same_until_confirmed(client, people):
    client.force_login(people.staff)
    assert shown_secret(client.get(ENABLE)) == shown_secret(client.get(ENABLE))


def test_a_right_code_turns_two_step_on(client, people, clock, audit_rows):
    client.force_login(people.staff)
    secret = shown_secret(client.get(ENABLE))
    response = client.post(ENABLE, {"code": totp.totp(totp.decode_secret(secret), clock.now)})
    assert response.status_code == 302
    assert response.url == ME
    people.staff.refresh_from_db()
    assert people.staff.totp_secret == secret
    [row] = audit_rows("user.totp_enable")
    assert (row.old, row.new) == ({"totp": False}, {"totp": True})
    assert secret not in str(row.new)
    assert "Đang bật" in client.get(ME).content.decode()


def test_a_wrong_code_leaves_two_step_off(client, people, wrong_code, audit_rows):
    client.force_login(people.staff)
    secret = shown_secret(client.get(ENABLE))
    response = client.post(ENABLE, {"code": wrong_code(secret)})
    assert response.status_code == 200
    assert str(signin.CODE_FAILED) in response.content.decode()
    people.staff.refresh_from_db()
    assert people.staff.totp_secret == ""
    assert len(audit_rows("totp.failure")) == 1


def test_the_confirming_code_cannot_be_used_again_to_sign_in(client, people, clock):
    client.force_login(people.staff)
    secret = shown_secret(client.get(ENABLE))
    confirming = totp.totp(totp.decode_secret(secret), clock.now)
    client.post(ENABLE, {"code": confirming})
    client.logout()
    client.post("/dang-nhap/", {"username": "canbo", "password": PASSWORD})
    assert client.post("/dang-nhap/ma-xac-thuc/", {"code": confirming}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_enable_page_sends_back_when_two_step_is_already_on(client, people, with_totp):
    with_totp(people.staff)
    client.force_login(people.staff)
    response = client.get(ENABLE)
    assert response.url == ME


def test_a_code_turns_two_step_off(client, people, with_totp, code_at, audit_rows):
    secret = with_totp(people.staff)
    client.force_login(people.staff)
    response = client.post(DISABLE, {"code": code_at(secret)})
    assert response.status_code == 302
    people.staff.refresh_from_db()
    assert people.staff.totp_secret == ""
    [row] = audit_rows("user.totp_disable")
    assert row.actor == people.staff
    assert str(me.TOTP_DISABLED) in client.get(ME).content.decode()


def test_a_wrong_code_leaves_two_step_on(client, people, with_totp, wrong_code):
    secret = with_totp(people.staff)
    client.force_login(people.staff)
    response = client.post(DISABLE, {"code": wrong_code(secret)})
    assert response.status_code == 200
    assert str(signin.CODE_FAILED) in response.content.decode()
    people.staff.refresh_from_db()
    assert people.staff.totp_secret == secret


def test_guessing_codes_to_turn_two_step_off_is_rate_limited(
    client, people, with_totp, code_at, wrong_code
):
    secret = with_totp(people.staff)
    client.force_login(people.staff)
    for _ in range(2):
        client.post(DISABLE, {"code": wrong_code(secret)})
    assert client.post(DISABLE, {"code": wrong_code(secret)}).status_code == 429
    assert client.post(DISABLE, {"code": code_at(secret)}).status_code == 429
    people.staff.refresh_from_db()
    assert people.staff.totp_secret == secret


def test_turning_off_when_already_off_changes_nothing(client, people, audit_rows):
    client.force_login(people.staff)
    assert client.post(DISABLE, {"code": "123456"}).url == ME
    assert audit_rows("user.totp_disable") == []
