"""The two reads of every signed-in request — the session row and the user row — written
out once instead of composed by the ORM each time (:mod:`parindex.apps.core.rows`): the
same rows, the same objects and the same refusals as Django's own code, which they
replace through ``SESSION_ENGINE`` (this module; :mod:`.cached_sessions` with a shared
cache) and ``AUTHENTICATION_BACKENDS`` (:class:`Backend`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import cached_db, db
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone

from parindex.apps.accounts.models import User
from parindex.apps.core import rows


@cache
def _by_key_sql(using: str) -> str:
    quote = connections[using].ops.quote_name
    table = quote(Session._meta.db_table)
    return (
        f"SELECT {rows.select_list(Session, 's', using)} FROM {table} s"
        " WHERE s.session_key = %s AND s.expire_date > %s"
    )


def session_row(session_key: str | None) -> Session | None:
    """The unexpired session row of ``session_key``, as ``Session.objects.get`` reads it."""
    if not session_key:
        return None
    using = router.db_for_read(Session)
    connection = connections[using]
    field = Session._meta.get_field("expire_date")
    now = field.get_db_prep_value(timezone.now(), connection)
    with connection.cursor() as cursor:
        cursor.execute(_by_key_sql(using), [session_key, now])
        found = cursor.fetchone()
    return None if found is None else rows.instance(Session, found, using)


class _WrittenOutRead:
    """The database read of Django's session stores, as :func:`session_row`: an unknown or
    expired key is forgotten, so that a new one is made when something is stored."""

    session_key: str | None
    _session_key: str | None

    def _get_session_from_db(self) -> Any:
        found = session_row(self.session_key)
        if found is None:
            self._session_key = None
        return found


class SessionStore(_WrittenOutRead, db.SessionStore):
    """Database sessions (``django.contrib.sessions.backends.db``), read in one written-out
    statement."""


class CachedSessionStore(_WrittenOutRead, cached_db.SessionStore):
    """Sessions in the shared cache, written through to the database (``cached_db``),
    read from the database in one written-out statement when the cache lost them."""


@cache
def _user_sql(using: str) -> str:
    table = connections[using].ops.quote_name(User._meta.db_table)
    return f"SELECT {rows.select_list(User, 'u', using)} FROM {table} u WHERE u.id = %s"


class Backend(ModelBackend):
    """Django's model backend (passwords, active users, permissions); the user of a
    session is read in one written-out statement."""

    def get_user(self, user_id: Any) -> User | None:
        using = router.db_for_read(User)
        key = User._meta.get_field("id")
        try:
            wanted = key.get_db_prep_value(key.to_python(user_id), connections[using])
        except (ValueError, TypeError, ValidationError):
            return None
        with connections[using].cursor() as cursor:
            cursor.execute(_user_sql(using), [wanted])
            found = cursor.fetchone()
        if found is None:
            return None
        user = rows.instance(User, found, using)
        return user if self.user_can_authenticate(user) else None
