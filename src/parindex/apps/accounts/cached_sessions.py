"""``SESSION_ENGINE`` with a shared cache: Django's ``cached_db`` sessions, read from the
database in one written-out statement when the cache lost them
(:mod:`parindex.apps.accounts.fast_reads`)."""

from parindex.apps.accounts.fast_reads import CachedSessionStore as SessionStore

__all__ = ["SessionStore"]
