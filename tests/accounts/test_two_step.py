"""Two-step sign-in: after the password, a TOTP code; rate-limited, one use per code."""

import pytest
from tests.conftest import PASSWORD

from parindex.apps.accounts import signin, totp

pytestmark = pytest.mark.django_db

LOGIN = "/dang-nhap/"
CODE = "/dang-nhap/ma-xac-thuc/"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.SIGNIN_FAILURES_PER_USERNAME = 5
    settings.SIGNIN_FAILURES_PER_ADDRESS = 20
    settings.SIGNIN_FAILURE_WINDOW = 15 * 60
    settings.SIGNIN_LOCKOUT = 15 * 60


@pytest.fixture
def secret(people, with_totp):
    return with_totp(people.appraiser)


def password(client, username="thamdinh", **data):
    return client.post(LOGIN, {"username": username, "password": PASSWORD, **data})


def code(client, value):
    return client.post(CODE, {"code": value})


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_password_of_a_two_step_user_leads_to_the_code_page(client, secret, clock):
    response = password(client)
    assert response.status_code == 302
    assert response.url == CODE
    assert not signed_in(client)
    page = client.get(CODE).content.decode()
    assert "Mã xác thực (6 chữ số)" in page


def test_the_right_code_completes_the_sign_in(client, people, secret, code_at, audit_rows):
    password(client, next="/tai-khoan/cua-toi/")
    response = code(client, code_at(secret))
    assert response.status_code == 302
    assert response.url == "/tai-khoan/cua-toi/"
    assert signed_in(client)
    assert int(client.session["_auth_user_id"]) == people.appraiser.pk
    [row] = audit_rows("signin.success")
    assert row.actor == people.appraiser
    assert row.new["two_step"] is True


def test_a_code_from_the_previous_or_next_step_is_accepted(client, secret, code_at):
    password(client)
    assert code(client, code_at(secret, offset=-30)).status_code == 302


def test_a_code_two_steps_old_is_refused(client, secret, code_at):
    password(client)
    response = code(client, code_at(secret, offset=-60))
    assert response.status_code == 200
    assert str(signin.CODE_FAILED) in response.content.decode()


def test_a_wrong_code_is_refused_and_audited(client, people, secret, audit_rows, wrong_code):
    password(client)
    response = code(client, wrong_code(secret))
    assert response.status_code == 200
    assert str(signin.CODE_FAILED) in response.content.decode()
    assert not signed_in(client)
    [row] = audit_rows("signin.failure")
    assert row.actor is None
    assert row.target_id == str(people.appraiser.uuid)
    assert row.new["step"] == "code"


def test_a_code_of_the_wrong_shape_is_refused_without_counting(client, secret, audit_rows):
    password(client)
    response = code(client, "12ab56")
    assert "Mã xác thực gồm 6 chữ số." in response.content.decode()
    assert audit_rows("signin.failure") == []


def test_a_used_code_cannot_be_replayed(client, secret, code_at, audit_rows):
    used = code_at(secret)
    password(client)
    code(client, used)
    client.logout()
    password(client)
    response = code(client, used)
    assert response.status_code == 200
    assert str(signin.CODE_FAILED) in response.content.decode()
    assert not signed_in(client)


def test_an_older_step_is_refused_once_a_newer_one_was_used(client, secret, clock, code_at):
    earlier = code_at(secret)
    clock.advance(30)
    password(client)
    code(client, code_at(secret))
    client.logout()
    password(client)
    assert code(client, earlier).status_code == 200
    assert not signed_in(client)


def test_the_next_steps_code_is_accepted_after_a_sign_in(client, secret, clock, code_at):
    password(client)
    code(client, code_at(secret))
    client.logout()
    clock.advance(30)
    password(client)
    assert code(client, code_at(secret)).status_code == 302


def test_five_wrong_codes_lock_the_code_step(client, secret, code_at, audit_rows, wrong_code):
    password(client)
    for _ in range(4):
        assert code(client, wrong_code(secret)).status_code == 200
    response = code(client, wrong_code(secret))
    assert response.status_code == 429
    assert "Bạn đã nhập sai mã xác thực quá nhiều lần" in response.content.decode()
    assert [row.new["locked"] for row in audit_rows("signin.lockout")] == ["code"]
    password(client)
    locked = code(client, code_at(secret))
    assert locked.status_code == 429
    assert not signed_in(client)
    assert len(audit_rows("signin.blocked")) == 1


def test_the_code_step_unlocks_after_the_lockout(client, secret, clock, code_at, wrong_code):
    password(client)
    for _ in range(5):
        code(client, wrong_code(secret))
    clock.advance(15 * 60)
    password(client)
    assert code(client, code_at(secret)).status_code == 302


def test_a_lockout_ends_the_pending_sign_in(client, secret, clock, code_at, wrong_code):
    password(client)
    for _ in range(5):
        code(client, wrong_code(secret))
    clock.advance(15 * 60)
    response = code(client, code_at(secret))
    assert response.status_code == 302
    assert response.url == LOGIN
    assert not signed_in(client)


def test_the_code_page_without_a_password_step_sends_back_to_sign_in(client, secret):
    response = client.get(CODE)
    assert response.status_code == 302
    assert response.url == LOGIN
    page = client.get(LOGIN).content.decode()
    assert str(signin.PENDING_EXPIRED) in page


def test_the_code_must_follow_the_password_within_five_minutes(client, secret, clock, code_at):
    password(client)
    clock.advance(signin.PENDING_SECONDS + 1)
    response = code(client, code_at(secret))
    assert response.url == LOGIN
    assert not signed_in(client)


def test_a_code_cannot_sign_in_someone_else(client, people, secret, with_totp, code_at):
    other_secret = with_totp(people.leader)
    password(client)
    assert code(client, code_at(other_secret)).status_code == 200
    assert not signed_in(client)


def test_the_code_page_refuses_other_methods(client, secret):
    password(client)
    assert client.put(CODE).status_code == 405


def test_a_user_without_two_step_is_never_asked_for_a_code(client, people):
    response = password(client, username="canbo")
    assert response.url == "/"
    assert signed_in(client)


def test_codes_of_the_rfc_secret_work_in_the_app(client, people, clock):
    people.appraiser.totp_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    people.appraiser.save()
    clock.now = 59
    password(client)
    assert totp.totp(b"12345678901234567890", 59) == "287082"
    assert code(client, "287082").status_code == 302
