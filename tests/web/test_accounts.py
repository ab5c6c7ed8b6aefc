"""Users have a UUID and a full name, sign in and out on Vietnamese pages, and are
managed in the admin."""

import uuid

import pytest
from django.contrib.auth import get_user_model

from parindex.config import settings as project_settings

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-rat-dai-2024"


@pytest.fixture
def official():
    return get_user_model().objects.create_user(
        username="canbo", password=PASSWORD, full_name="Nguyễn Thị Hoa"
    )


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser(
        username="quantri", password=PASSWORD, email="qt@example.org"
    )


def test_the_project_uses_its_own_user_model():
    assert get_user_model()._meta.label == "accounts.User"


def test_each_user_gets_its_own_uuid(official, superuser):
    assert isinstance(official.uuid, uuid.UUID)
    assert official.uuid != superuser.uuid


def test_a_user_is_shown_by_full_name_or_else_username(official, superuser):
    assert str(official) == "Nguyễn Thị Hoa"
    assert str(superuser) == "quantri"


def test_passwords_are_hashed_with_argon2(settings):
    # the suite hashes with MD5 for speed (tests/conftest.py); the site's own list:
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = get_user_model().objects.create_user(username="argon", password=PASSWORD)
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert user.password.startswith("argon2")


def test_the_login_page_is_in_vietnamese(client):
    page = client.get("/dang-nhap/").content.decode()
    assert "Tên đăng nhập" in page
    assert "Mật khẩu" in page


def test_a_user_signs_in_and_lands_on_the_home_page(client, official):
    response = client.post("/dang-nhap/", {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/"
    assert "Đăng xuất (Nguyễn Thị Hoa)" in client.get("/").content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, official):
    response = client.post("/dang-nhap/", {"username": "canbo", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_the_session_ends_with_the_browser_and_is_hidden_from_scripts(client, official):
    response = client.post("/dang-nhap/", {"username": "canbo", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert 0 < client.session.get_expiry_age() <= 8 * 60 * 60


def test_signing_out_takes_a_post(client, official):
    client.force_login(official)
    assert client.get("/dang-xuat/").status_code == 405
    response = client.post("/dang-xuat/")
    assert response.status_code == 200
    assert "Bạn đã đăng xuất" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_lists_users_with_their_full_names(client, superuser, official):
    client.force_login(superuser)
    response = client.get("/quan-tri/accounts/user/")
    assert response.status_code == 200
    assert "Nguyễn Thị Hoa" in response.content.decode()


def test_the_admin_shows_a_user_with_its_uuid(client, superuser, official):
    client.force_login(superuser)
    response = client.get(f"/quan-tri/accounts/user/{official.pk}/change/")
    assert response.status_code == 200
    assert str(official.uuid) in response.content.decode()


def test_the_admin_creates_a_user_with_a_full_name(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/quan-tri/accounts/user/add/",
        {
            "username": "moi",
            "full_name": "Trần Văn Mới",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="moi").full_name == "Trần Văn Mới"


def test_an_official_cannot_open_the_admin(client, official):
    client.force_login(official)
    response = client.get("/quan-tri/")
    assert response.status_code == 302
    assert response.url.startswith("/quan-tri/login/")
