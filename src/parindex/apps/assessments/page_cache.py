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
rendered as :data:`CSRF_MARK` and replaced by the request's token on the way out, and
the parts around the fragment (menu, messages, banners) are rendered for each request.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest
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


def fragment(
    request: HttpRequest,
    page: str,
    parts: Iterable[object],
    render: Callable[[], str],
    *,
    keep: bool = True,
) -> SafeString:
    """The fragment of ``page`` for ``parts``: from the cache, else ``render()`` (which
    writes :data:`CSRF_MARK` for the CSRF token) stored; with the request's CSRF token.
    ``keep=False`` renders without storing (e.g. a free-text search, so that nobody fills
    the shared cache with one entry per typed text). A cache that fails (Redis down) is
    passed over: the page is rendered, never refused."""
    store = caches[ALIAS]
    name = key(page, parts) if keep else ""
    html = cache_get(store, name) if keep else None
    if html is None:
        html = render()
        if keep:
            cache_set(store, name, html)
    mark = CSRF_FIELD.format(token=CSRF_MARK)
    if mark in html:
        html = html.replace(mark, CSRF_FIELD.format(token=get_token(request)))
    return mark_safe(html)  # rendered by our templates, escaped there


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
    """Forget every fragment (tests; after restoring a database backup)."""
    caches[ALIAS].clear()
