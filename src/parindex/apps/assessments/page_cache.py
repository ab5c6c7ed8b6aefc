"""The rendered heavy part of a page, cached under everything it depends on.

The self-scoring page of a unit (a hundred sub-criteria and more) and the appraiser's
queue (every unit × field) are rendered once per state and served from Django's cache
(``CACHES["pages"]``: Redis when ``CACHE_URL`` is set, else each process's memory) while
that state lasts. A fragment's key is built from:

- the page and the ids (uuids, never reused) of what it shows;
- the revisions of the rounds and participations it shows, read before the data
  (:mod:`parindex.apps.assessments.revisions`: every write raises them in its own
  transaction), so a committed change is never hidden behind an older fragment;
- the viewer's facts that change the page (roles in the unit, delegated criteria, the
  appraiser's assigned fields; whatever the view passes), the moment-dependent facts
  (whether the unit may still write), the language and the time zone;
- a digest of the application's code, templates and translations, so that an upgrade
  never serves a fragment of the previous version from a shared cache.

What belongs to the request stays out of the fragment: the CSRF token of the forms is
rendered as :data:`CSRF_MARK` and replaced by the request's token on the way out.

The frame around the fragment (menu, messages, deadline banner) is kept as well for a
signed-in reader with no message waiting (:func:`page`), per user: under the fragment's
key, what the frame shows of the user — uuid, access revision (roles, units, menu,
banner: :mod:`parindex.apps.accounts.access_revision`), flags, display name — and the
address asked, until the first moment the deadline banner may read otherwise. A page
served so renders no template at all.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

import parindex

ALIAS = "pages"
logger = logging.getLogger(__name__)
# What {% csrf_token %} writes in a fragment: escaping turns any quote a person types
# into &quot;, so the attribute below can only come from the template itself.
CSRF_MARK = "csrf-token-of-the-request"
CSRF_FIELD = 'name="csrfmiddlewaretoken" value="{token}"'
CODE_SUFFIXES = (".py", ".html", ".mo", ".js")


@cache
def code_digest() -> str:
    """A digest of the package's code, templates and catalogues (read once per process)."""
    root = Path(parindex.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in CODE_SUFFIXES):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(page: str, parts: Iterable[object]) -> str:
    """The cache key of ``page`` for ``parts`` (anything with a stable ``repr``)."""
    described = repr(
        (
            tuple(parts),
            translation.get_language(),
            timezone.get_current_timezone_name(),
            code_digest(),
        )
    )
    return f"{page}:{hashlib.sha256(described.encode()).hexdigest()}"


# Where the content goes in the rendered frame of :func:`page` (split there).
BODY_MARK = "<!-- page-cache: body of the page -->"


@dataclass(frozen=True, slots=True)
class Frame:
    """The frame of a page as sent (UTF-8) around its content, each side cut where the
    request's CSRF token goes, and the first moment it may read otherwise (the deadline
    banner's)."""

    head: tuple[bytes, ...]
    tail: tuple[bytes, ...]
    until: datetime


def _cut(text: bytes) -> tuple[bytes, ...]:
    return tuple(text.split(CSRF_FIELD.format(token=CSRF_MARK).encode()))


def _size(value: tuple[bytes, ...] | Frame) -> int:
    if isinstance(value, Frame):
        return _size(value.head) + _size(value.tail)
    return sum(len(piece) for piece in value)


class Memo:
    """The kept parts of :func:`page` this process used last, up to ``settings.
    PAGE_MEMO_BYTES`` (the least recently used go first), in front of the shared cache.

    Sound because what is kept under a key never changes: the key holds every revision
    of what the part shows (a change makes a new key), and a frame carries the moment it
    stops being good. Serving from here spares the shared cache's round trip and the
    unpickling of a page's hundreds of kilobytes. :func:`clear` forgets it too."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[tuple[bytes, ...] | Frame, int]] = OrderedDict()
        self._bytes = 0

    def get(self, name: str) -> tuple[bytes, ...] | Frame | None:
        with self._lock:
            found = self._entries.get(name)
            if found is None:
                return None
            self._entries.move_to_end(name)
            return found[0]

    def put(self, name: str, value: tuple[bytes, ...] | Frame) -> None:
        limit = settings.PAGE_MEMO_BYTES
        size = _size(value)
        if settings.PAGE_CACHE_SECONDS <= 0 or size > limit:
            return
        with self._lock:
            old = self._entries.pop(name, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[name] = (value, size)
            self._bytes += size
            while self._bytes > limit:
                _name, (_value, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


memo = Memo()


def _kept(store: BaseCache, name: str, kind: type) -> Any:
    """What is kept under ``name`` if it is a ``kind`` (this process's memo first)."""
    found: Any = memo.get(name)
    if found is None:
        found = cache_get(store, name)
        if isinstance(found, (tuple, Frame)) and isinstance(found, kind):
            memo.put(name, found)
    return found if isinstance(found, kind) else None


def _keep(store: BaseCache, name: str, value: tuple[bytes, ...] | Frame) -> None:
    cache_set(store, name, value)
    memo.put(name, value)


def page(
    request: HttpRequest,
    name: str,
    parts: Iterable[object],
    render: Callable[[], str],
    whole: Callable[[SafeString, dict[str, Any]], HttpResponse],
    *,
    keep: bool = True,
    asked: Collection[str] = (),
) -> HttpResponse:
    """The page ``name``: its heavy part, ``render()`` (which writes :data:`CSRF_MARK`
    for the CSRF token), in the frame that ``whole(body, extra_context)`` renders.

    The heavy part is kept under ``name`` and ``parts`` (see :func:`key`), encoded, once
    for everyone it is the same for. For a signed-in user with no message waiting, the
    frame is kept too, under ``parts``, what the frame shows of the user (uuid, access
    revision, flags, display name) and the address asked, until the deadline banner may
    change (a few kilobytes a user): the page is then sent from the two kept parts with
    no template rendered. Either way the request's CSRF token replaces the mark.

    ``keep=False`` renders without keeping anything (e.g. a free-text search, so that
    nobody fills the shared cache with one entry per typed text); likewise the frame of
    an address with a query parameter not in ``asked`` (those the page reads) is
    rendered for the request only. A cache that fails (Redis down) is passed over: the
    page is rendered, never refused.
    """
    parts = tuple(parts)
    store = caches[ALIAS]
    body_key = key(name, parts)
    token = CSRF_FIELD.format(token=get_token(request)).encode()

    def body() -> tuple[bytes, ...]:
        found = _kept(store, body_key, tuple) if keep else None
        if found is None:
            found = _cut(render().encode())
            if keep:
                _keep(store, body_key, found)
        return found

    user = getattr(request, "user", None)
    unknown = any(param not in asked for param in request.GET)

    def rendered() -> HttpResponse:
        shown = token.join(body()).decode()
        return whole(mark_safe(shown), {})  # rendered by our templates, escaped there

    if not keep or unknown or user is None or not user.is_authenticated or get_messages(request):
        return rendered()
    from parindex.apps.assessments.banner import banner_until  # noqa: PLC0415  (reads models)

    now = timezone.now()
    framed = (user.uuid, user.pk, user.access_revision, user.is_superuser, user.is_staff)
    frame_key = key(f"{name}-frame", (*parts, *framed, str(user), request.get_full_path()))
    frame = _kept(store, frame_key, Frame)
    if frame is None or now >= frame.until:
        until = banner_until(user, now)
        response = whole(mark_safe(BODY_MARK), {"csrf_token": CSRF_MARK})
        if response.status_code != 200 or response.streaming:
            return response
        head, found, tail = response.content.partition(BODY_MARK.encode())
        if not found:  # a frame without the content (an error page): nothing to keep
            return rendered()
        frame = Frame(_cut(head), _cut(tail), until)
        _keep(store, frame_key, frame)
    content = b"".join((token.join(frame.head), token.join(body()), token.join(frame.tail)))
    return HttpResponse(content)


def cache_get(store: BaseCache, name: str) -> Any:
    """``store.get(name)``; ``None`` when the cache fails."""
    try:
        return store.get(name)
    except Exception:
        logger.warning("page cache unavailable: %s not read", name.partition(":")[0])
        return None


def cache_set(store: BaseCache, name: str, value: object, seconds: int | None = None) -> None:
    try:
        store.set(name, value, settings.PAGE_CACHE_SECONDS if seconds is None else seconds)
    except Exception:
        logger.warning("page cache unavailable: %s not kept", name.partition(":")[0])


def clear() -> None:
    """Forget every kept part, in the shared cache and in this process (tests; after
    restoring a database backup, when the other processes must be restarted too)."""
    caches[ALIAS].clear()
    memo.clear()
