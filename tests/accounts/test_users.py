"""The secretariat's pages of users and roles: every change audited; the administrator
and secretariat roles, and the accounts holding them, are for administrators only."""

import re
import uuid

import pytest
from django.urls import reverse
from tests.conftest import PASSWORD

from parindex.apps.accounts.models import Membership, Role, User
from parindex.apps.accounts.services import ALREADY_HELD, NOT_YOURSELF, UNIT_REQUIRED
from parindex.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

USERS = reverse("accounts:users")
USER_CREATE = reverse("accounts:user_create")
REFUSED = ("staff", "leader", "other_staff", "appraiser", "council", "outsider")


def url(name, target):
    return reverse(f"accounts:{name}", args=[target.uuid])


POSTS = ("user_edit", "user_deactivate", "user_reactivate", "user_password_reset")
POSTS += ("user_totp_reset", "membership_add")


@pytest.fixture
def secretariat(client, personas):
    client.force_login(personas.secretariat)
    return client


@pytest.fixture
def admin(client, personas):
    client.force_login(personas.admin)
    return client


def role_of(user, role):
    return Membership.objects.filter(user=user, role=role)


def shown_password(response):
    return re.search(
        r'<code class="secret" id="new-password">([^<]+)</code>', response.content.decode()
    ).group(1)


# --- who may open what -----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, personas):
    for target in (USERS, USER_CREATE, url("user", personas.staff)):
        assert client.get(target).url.startswith("/dang-nhap/?next=")
    for name in POSTS:
        assert client.post(url(name, personas.staff)).url.startswith("/dang-nhap/?next=")
    membership = role_of(personas.staff, Role.UNIT_STAFF).get()
    assert client.post(url("membership_remove", membership)).url.startswith("/dang-nhap/")


@pytest.mark.parametrize("persona", REFUSED)
def test_people_without_the_secretariat_role_are_refused(client, personas, persona):
    client.force_login(getattr(personas, persona))
    for target in (USERS, USER_CREATE, url("user", personas.staff)):
        assert client.get(target).status_code == 403
    for name in POSTS:
        assert client.post(url(name, personas.other_staff), {"role": "council"}).status_code == 403
    membership = role_of(personas.other_staff, Role.UNIT_STAFF).get()
    assert client.post(url("membership_remove", membership)).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEntry.objects.exists()


def test_each_page_refuses_other_methods(secretariat, personas):
    assert secretariat.post(USERS).status_code == 405
    assert secretariat.put(USER_CREATE).status_code == 405
    assert secretariat.post(url("user", personas.staff)).status_code == 405
    for name in POSTS:
        assert secretariat.get(url(name, personas.staff)).status_code == 405
    membership = role_of(personas.staff, Role.UNIT_STAFF).get()
    assert secretariat.get(url("membership_remove", membership)).status_code == 405


def test_unknown_people_and_roles_are_not_found(secretariat):
    missing = type("Missing", (), {"uuid": uuid.uuid4()})()
    assert secretariat.get(url("user", missing)).status_code == 404
    assert secretariat.post(url("user_deactivate", missing)).status_code == 404
    assert secretariat.post(url("membership_remove", missing)).status_code == 404


# --- the list --------------------------------------------------------------------------


def test_the_list_shows_each_user_with_their_roles(secretariat, read_table):
    rows = read_table(secretariat.get(USERS), "9 người dùng")
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["canbo"][2] == "Cán bộ đầu mối — SNV"
    assert by_name["thamdinh"][2] == "Thành viên Tổ thư ký / Tổ giúp việc"
    assert by_name["nguoingoai"][2] == "Chưa có vai trò"
    assert by_name["canbo"][4] == "Đang hoạt động"


def test_the_list_searches_names_and_emails(secretariat, personas, read_table):
    personas.council.email = "hoidong@tinh.gov.vn"
    personas.council.save()
    rows = read_table(secretariat.get(USERS, {"q": "TINH.GOV"}), "1 người dùng")
    assert rows[1][0] == "hoidong"


def test_the_list_is_paged(secretariat, django_user_model, read_table):
    django_user_model.objects.bulk_create(
        django_user_model(username=f"u{n:03d}", password="!") for n in range(60)
    )
    first = secretariat.get(USERS)
    assert len(read_table(first, "69 người dùng")) == 51
    second = secretariat.get(USERS, {"trang": 2})
    assert len(read_table(second, "69 người dùng")) == 20


def test_the_pages_of_a_search_keep_the_search(secretariat, django_user_model):
    django_user_model.objects.bulk_create(
        django_user_model(username=f"tim kiem {n:03d}", password="!") for n in range(60)
    )
    page = secretariat.get(USERS, {"q": "tim kiem"}).content.decode()
    assert 'href="?q=tim+kiem&amp;trang=2"' in page
    assert 'href="?trang=2"' in secretariat.get(USERS).content.decode()


def test_the_list_takes_a_fixed_number_of_queries(
    secretariat, province, django_user_model, django_assert_max_num_queries
):
    people = django_user_model.objects.bulk_create(
        django_user_model(username=f"u{n:03d}", password="!") for n in range(40)
    )
    Membership.objects.bulk_create(
        Membership(user=p, role=Role.UNIT_STAFF, unit=province.units["STP"]) for p in people
    )
    with django_assert_max_num_queries(6):
        response = secretariat.get(USERS)
    assert response.status_code == 200


# --- creating --------------------------------------------------------------------------


def test_a_generated_password_is_shown_once_and_works(secretariat, personas):
    response = secretariat.post(
        USER_CREATE, {"username": "moi", "full_name": "Trần Văn Mới", "email": "moi@x.vn"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = shown_password(response)
    user = User.objects.get(username="moi")
    assert user.check_password(password)
    assert user.full_name == "Trần Văn Mới"
    entry = AuditEntry.objects.get(action="user.create")
    assert entry.actor == personas.secretariat
    assert password not in str(entry.new)
    assert password not in secretariat.get(url("user", user)).content.decode()


def test_a_typed_initial_password_is_kept_and_not_shown(secretariat):
    data = {"username": "moi", "full_name": "Mới", "password1": PASSWORD, "password2": PASSWORD}
    response = secretariat.post(USER_CREATE, data)
    user = User.objects.get(username="moi")
    assert response.url == url("user", user)
    assert user.check_password(PASSWORD)


def test_weak_or_mismatched_passwords_are_refused(secretariat):
    weak = secretariat.post(
        USER_CREATE, {"username": "moi", "password1": "123", "password2": "123"}
    )
    assert weak.status_code == 200
    other = secretariat.post(
        USER_CREATE, {"username": "moi", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert "Hai mật khẩu không khớp nhau." in other.content.decode()
    assert not User.objects.filter(username="moi").exists()


def test_a_username_is_unique(secretariat):
    response = secretariat.post(USER_CREATE, {"username": "canbo"})
    assert response.status_code == 200
    assert User.objects.filter(username="canbo").count() == 1
    assert not AuditEntry.objects.exists()


# --- editing, deactivating, passwords ----------------------------------------------------


def test_the_secretariat_edits_a_users_name_and_email(secretariat, personas):
    response = secretariat.post(
        url("user_edit", personas.staff), {"full_name": "Nguyễn Văn Cán", "email": "c@x.vn"}
    )
    assert response.url == url("user", personas.staff)
    personas.staff.refresh_from_db()
    assert personas.staff.full_name == "Nguyễn Văn Cán"
    entry = AuditEntry.objects.get(action="user.update")
    assert entry.old["full_name"] == "Canbo"
    assert entry.new["full_name"] == "Nguyễn Văn Cán"


def test_a_bad_email_is_refused(secretariat, personas):
    response = secretariat.post(url("user_edit", personas.staff), {"email": "khong-hop-le"})
    assert response.status_code == 200
    personas.staff.refresh_from_db()
    assert personas.staff.email == ""


def test_a_deactivated_user_can_no_longer_sign_in(secretariat, personas, client_factory):
    response = secretariat.post(url("user_deactivate", personas.staff), {"reason": "Nghỉ hưu"})
    assert response.url == url("user", personas.staff)
    personas.staff.refresh_from_db()
    assert not personas.staff.is_active
    entry = AuditEntry.objects.get(action="user.deactivate")
    assert (entry.old, entry.new, entry.reason) == (
        {"is_active": True},
        {"is_active": False},
        "Nghỉ hưu",
    )
    other = client_factory()
    other.post("/dang-nhap/", {"username": "canbo", "password": PASSWORD})
    assert "_auth_user_id" not in other.session


def test_a_deactivated_user_is_reactivated(secretariat, personas):
    secretariat.post(url("user_deactivate", personas.staff))
    secretariat.post(url("user_reactivate", personas.staff), {"reason": "Trở lại"})
    personas.staff.refresh_from_db()
    assert personas.staff.is_active
    assert AuditEntry.objects.get(action="user.reactivate").reason == "Trở lại"


def test_nobody_deactivates_themselves(admin, personas):
    response = admin.post(url("user_deactivate", personas.admin), follow=True)
    assert str(NOT_YOURSELF) in response.content.decode()
    personas.admin.refresh_from_db()
    assert personas.admin.is_active


def test_a_new_password_is_shown_once_and_old_sessions_end(secretariat, personas, client_factory):
    victim = client_factory()
    victim.force_login(personas.staff)
    response = secretariat.post(url("user_password_reset", personas.staff), {"reason": "Quên"})
    assert "no-store" in response["Cache-Control"]
    personas.staff.refresh_from_db()
    assert personas.staff.check_password(shown_password(response))
    assert AuditEntry.objects.get(action="user.password_reset").reason == "Quên"
    assert victim.get(reverse("accounts:me")).status_code == 302


def test_the_secretariat_turns_off_a_lost_authenticator(secretariat, personas):
    personas.appraiser.totp_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    personas.appraiser.save()
    secretariat.post(url("user_totp_reset", personas.appraiser), {"reason": "Mất điện thoại"})
    personas.appraiser.refresh_from_db()
    assert personas.appraiser.totp_secret == ""
    entry = AuditEntry.objects.get(action="user.totp_disable")
    assert entry.actor == personas.secretariat
    assert entry.reason == "Mất điện thoại"


# --- roles -----------------------------------------------------------------------------


def test_the_secretariat_gives_a_unit_role_and_it_is_audited(secretariat, personas, province):
    stp = province.units["STP"]
    response = secretariat.post(
        url("membership_add", personas.outsider),
        {"role": Role.UNIT_LEADER, "unit": str(stp.uuid), "reason": "Quyết định 12/QĐ"},
    )
    assert response.url == url("user", personas.outsider)
    membership = role_of(personas.outsider, Role.UNIT_LEADER).get()
    assert membership.unit == stp
    entry = AuditEntry.objects.get(action="membership.add")
    assert entry.actor == personas.secretariat
    assert entry.target_id == str(membership.uuid)
    assert entry.new == {"user": "nguoingoai", "role": "unit_leader", "unit": "STP"}
    assert entry.reason == "Quyết định 12/QĐ"
    assert entry.unit_code == "STP"


def test_the_secretariat_removes_a_role_and_it_is_audited(secretariat, personas):
    membership = role_of(personas.staff, Role.UNIT_STAFF).get()
    response = secretariat.post(url("membership_remove", membership), {"reason": "Chuyển công tác"})
    assert response.url == url("user", personas.staff)
    assert not role_of(personas.staff, Role.UNIT_STAFF).exists()
    entry = AuditEntry.objects.get(action="membership.remove")
    assert entry.old == {"user": "canbo", "role": "unit_staff", "unit": "SNV"}
    assert entry.new is None
    assert entry.reason == "Chuyển công tác"


def test_a_unit_role_needs_a_unit(secretariat, personas):
    response = secretariat.post(url("membership_add", personas.outsider), {"role": Role.UNIT_STAFF})
    assert response.status_code == 200
    assert str(UNIT_REQUIRED) in response.content.decode()
    assert not Membership.objects.filter(user=personas.outsider).exists()


def test_a_province_role_takes_no_unit(secretariat, personas, province):
    data = {"role": Role.COUNCIL, "unit": str(province.units["SNV"].uuid)}
    assert secretariat.post(url("membership_add", personas.outsider), data).status_code == 200
    assert not Membership.objects.filter(user=personas.outsider).exists()


def test_a_role_held_already_is_not_given_twice(secretariat, personas):
    data = {"role": Role.APPRAISER}
    response = secretariat.post(url("membership_add", personas.appraiser), data)
    assert str(ALREADY_HELD) in response.content.decode()
    assert role_of(personas.appraiser, Role.APPRAISER).count() == 1


def test_a_tampered_unit_changes_nothing(secretariat, personas):
    data = {"role": Role.UNIT_STAFF, "unit": str(uuid.uuid4())}
    assert secretariat.post(url("membership_add", personas.outsider), data).status_code == 200
    assert not Membership.objects.filter(user=personas.outsider).exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SECRETARIAT])
def test_the_secretariat_cannot_grant_the_elevated_roles(secretariat, personas, role):
    assert f'value="{role}"' not in secretariat.get(url("user", personas.outsider)).content.decode()
    response = secretariat.post(url("membership_add", personas.outsider), {"role": role})
    assert response.status_code == 200
    assert not Membership.objects.filter(user=personas.outsider).exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SECRETARIAT])
def test_administrators_grant_the_elevated_roles(admin, personas, role):
    assert f'value="{role}"' in admin.get(url("user", personas.outsider)).content.decode()
    admin.post(url("membership_add", personas.outsider), {"role": role, "reason": "QĐ 5"})
    assert role_of(personas.outsider, role).exists()
    assert AuditEntry.objects.get(action="membership.add").new["role"] == role


def test_the_secretariat_cannot_change_an_administrators_account(secretariat, personas):
    for name in POSTS:
        response = secretariat.post(url(name, personas.admin), {"role": Role.COUNCIL})
        assert response.status_code == 403
    membership = role_of(personas.admin, Role.ADMIN).get()
    assert secretariat.post(url("membership_remove", membership)).status_code == 403
    personas.admin.refresh_from_db()
    assert personas.admin.is_active
    assert role_of(personas.admin, Role.ADMIN).exists()
    assert not AuditEntry.objects.exists()


def test_the_secretariat_cannot_change_another_secretariat_member(secretariat, personas):
    peer = User.objects.create_user("noivu2", password=PASSWORD)
    Membership.objects.create(user=peer, role=Role.SECRETARIAT)
    assert secretariat.post(url("user_password_reset", peer)).status_code == 403
    assert secretariat.post(url("user_deactivate", peer)).status_code == 403


def test_the_secretariat_sees_an_administrators_page_without_its_forms(secretariat, personas):
    page = secretariat.get(url("user", personas.admin)).content.decode()
    assert "Chỉ quản trị hệ thống mới thay đổi được" in page
    assert url("user_password_reset", personas.admin) not in page


def test_administrators_remove_the_secretariat_role(admin, personas):
    membership = role_of(personas.secretariat, Role.SECRETARIAT).get()
    admin.post(url("membership_remove", membership), {"reason": "Hết nhiệm kỳ"})
    assert not role_of(personas.secretariat, Role.SECRETARIAT).exists()
    assert AuditEntry.objects.get(action="membership.remove").reason == "Hết nhiệm kỳ"


def test_an_administrator_cannot_drop_their_own_administrator_role(admin, personas):
    membership = role_of(personas.admin, Role.ADMIN).get()
    response = admin.post(url("membership_remove", membership), follow=True)
    assert str(NOT_YOURSELF) in response.content.decode()
    assert role_of(personas.admin, Role.ADMIN).exists()


def test_a_removed_role_takes_effect_on_the_next_request(secretariat, personas, client_factory):
    staff = client_factory()
    staff.force_login(personas.staff)
    membership = role_of(personas.staff, Role.UNIT_STAFF).get()
    secretariat.post(url("membership_remove", membership))
    page = staff.get(reverse("accounts:me")).content.decode()
    assert "Chưa có vai trò" in page
