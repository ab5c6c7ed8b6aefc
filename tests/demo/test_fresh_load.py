"""Loading the demo province into an empty database or one with a stale account."""

import time

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


def test_loading_takes_well_under_ten_seconds_with_real_password_hashing(fresh_load):
    started = time.perf_counter()
    summary, _ = fresh_load()
    assert time.perf_counter() - started < 10
    assert summary.rounds == 2
