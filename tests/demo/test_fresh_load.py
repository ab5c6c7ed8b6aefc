"""Loading the demo province into an empty database or one with a stale account."""

from django.contrib.auth import authenticate

from parindex.apps.accounts.models import User


def test_an_account_without_a_usable_password_gets_one_and_admin_is_an_admin_again(
    fresh_load, quick_hashing
):
    User.objects.create_user(username="admin", is_active=False)
    summary, _ = fresh_load()
    admin = User.objects.get(username="admin")
    assert (admin.is_active, admin.is_staff, admin.is_superuser) == (True, True, True)
    line = next(line for line in summary.accounts if line.username == "admin")
    assert authenticate(username="admin", password=line.password) == admin


def test_loading_with_real_password_hashing_gives_argon2_passwords_that_work(fresh_load, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    summary, _ = fresh_load()
    assert summary.rounds == 2
    line = next(line for line in summary.accounts if line.username == "thuky.snv")
    user = User.objects.get(username="thuky.snv")
    assert user.password.startswith("argon2")
    assert authenticate(username="thuky.snv", password=line.password) == user
