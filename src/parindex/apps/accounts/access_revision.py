"""A user's access revision: what keys the parts of every signed-in page that stay the
same from one request to the next — the user's roles and units (memberships), the menu
and the deadline banner.

``User.access_revision`` is read with the user row that authentication loads anyway, so
looking the cached parts up costs no query. It is raised (``UPDATE ... + 1``, in the
transaction of the change) by signal receivers whenever what those parts show may change:

- a membership of the user added, changed or removed (roles and units);
- a unit of the user saved (its name, group, state);
- a round in which a unit of the user takes part saved or deleted, a participation of
  such a unit saved or deleted (status, dates, extension: the deadline banner) —
  connected by the assessments app (:mod:`parindex.apps.assessments.banner`), plus the
  participations a new round creates in bulk (``services_rounds.round_create``).

Whatever is cached also keys on the user's uuid and flags (superuser, staff), the
language, the time zone and the code digest (:func:`page_cache.key`). Time-dependent
parts (the banner's days left) carry their own expiry. A save of the user never writes
an outdated revision back (:meth:`User.save`).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import caches
from django.db.models import F

from parindex.apps.accounts.models import Membership, Unit, User

ALIAS = "pages"


def bump_users(user_ids: Iterable[int]) -> None:
    ids = sorted(set(user_ids))
    if ids:
        User.objects.filter(pk__in=ids).update(access_revision=F("access_revision") + 1)


def bump_unit_members(*unit_ids: int) -> None:
    """Every user holding a role in one of the units."""
    ids = Membership.objects.filter(unit_id__in=unit_ids).values_list("user_id", flat=True)
    bump_users(ids)


def refresh(user: User) -> None:
    """After a change made in this request: the in-memory user reads the new revision and
    forgets what it had read (its memberships)."""
    if user.pk is None:
        return
    found = User.objects.filter(pk=user.pk).values_list("access_revision", flat=True).first()
    if found is not None:
        user.access_revision = found
    if hasattr(user, "_parindex_memberships"):
        del user._parindex_memberships


def cached[T](
    user: User,
    name: str,
    parts: Iterable[object],
    compute: Callable[[], T],
    fresh: Callable[[T], bool] | None = None,
) -> T:
    """``compute()`` for ``user``, kept in ``CACHES["pages"]`` under the user's uuid, access
    revision and flags, ``parts``, the language, the time zone and the code digest;
    computed again (and stored) when ``fresh(found)`` says the stored value expired."""
    from parindex.apps.assessments import page_cache  # noqa: PLC0415  (an app above accounts)

    key = page_cache.key(
        f"user-{name}",
        (user.uuid, user.pk, user.access_revision, user.is_superuser, user.is_staff, *parts),
    )
    store = caches[ALIAS]
    # What is kept under a key never changes (the key holds the access revision), so the
    # process's own memo may answer before the shared cache; pickled, so that nobody
    # shares the objects it hands out.
    found: T | None = None
    local = page_cache.memo.get(key)
    if isinstance(local, tuple):
        found = pickle.loads(local[0])
    else:
        found = page_cache.cache_get(store, key)
        if found is not None:
            page_cache.memo.put(key, (pickle.dumps(found),))
    if found is None or (fresh is not None and not fresh(found)):
        found = compute()
        page_cache.cache_set(store, key, found)
        page_cache.memo.put(key, (pickle.dumps(found),))
    return found


# --- signal receivers (connected in AccountsConfig.ready) -------------------------------


def membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    bump_users([instance.user_id])
    if Membership.user.is_cached(instance):  # the caller's user object: keep it current
        refresh(instance.user)


def unit_saved(sender: Any, instance: Unit, **kwargs: Any) -> None:
    if instance.pk is not None and not kwargs.get("created"):
        bump_unit_members(instance.pk)
