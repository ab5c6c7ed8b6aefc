"""The written-out reads of every signed-in request (accounts/fast_reads.py) give what
Django's own session store and model backend give, and refuse what they refuse."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from tests.conftest import PASSWORD

from parindex.apps.accounts import fast_reads
from parindex.apps.accounts.models import User

pytestmark = pytest.mark.django_db


def values(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_user_read_is_the_orms(personas):
    User.objects.filter(pk=personas.admin.pk).update(last_login=timezone.now())
    found = fast_reads.Backend().get_user(personas.admin.pk)
    assert values(found) == values(User.objects.get(pk=personas.admin.pk))
    assert found.is_superuser
    assert found.is_staff
    assert not found._state.adding
    assert fast_reads.Backend().get_user(str(personas.staff.pk)).username == "canbo"


def test_no_user_for_an_unknown_id_or_an_inactive_account(personas):
    backend = fast_reads.Backend()
    assert backend.get_user(10**9) is None
    assert backend.get_user("not-a-number") is None
    User.objects.filter(pk=personas.staff.pk).update(is_active=False)
    assert backend.get_user(personas.staff.pk) is None


def test_a_session_is_read_as_stored_and_never_once_expired():
    store = fast_reads.SessionStore()
    store["ghi-chu"] = "Xin chào"
    store.create()
    row = fast_reads.session_row(store.session_key)
    assert values(row) == values(Session.objects.get(session_key=store.session_key))
    assert fast_reads.SessionStore(store.session_key).load() == {"ghi-chu": "Xin chào"}
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert fast_reads.session_row(store.session_key) is None
    expired = fast_reads.SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new one is made when something is stored
    assert fast_reads.session_row(None) is None


def test_signing_in_and_out_works_through_them(client, personas):
    assert client.login(username="canbo", password=PASSWORD)
    assert client.session["_auth_user_backend"] == "parindex.apps.accounts.fast_reads.Backend"
    assert client.get("/").wsgi_request.user.pk == personas.staff.pk
    client.logout()
    assert not client.get("/").wsgi_request.user.is_authenticated
