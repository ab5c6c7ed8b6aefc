"""Counting failed sign-ins in Django's cache and locking what failed too often.

A *key* names what is counted: a username, a client address, or a user's second step.
Each key keeps the times of its recent failures; when ``limit`` of them fall within
``window`` seconds the key is locked for ``lockout`` seconds. Times come from
:func:`clock`, which tests replace to move time forward.

The cache must be shared by every worker process (the default local-memory cache is
per process, which multiplies the limits by the number of workers).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from typing import TypedDict

from django.conf import settings
from django.core.cache import cache

PREFIX = "parindex:signin:"


class Scope:
    USERNAME = "username"
    ADDRESS = "address"
    CODE = "code"  # the second step (TOTP) of one user


@dataclass(frozen=True)
class Limit:
    failures: int
    window: int  # seconds
    lockout: int  # seconds


def limit_for(scope: str) -> Limit:
    failures = {
        Scope.USERNAME: settings.SIGNIN_FAILURES_PER_USERNAME,
        Scope.ADDRESS: settings.SIGNIN_FAILURES_PER_ADDRESS,
        Scope.CODE: settings.SIGNIN_FAILURES_PER_USERNAME,
    }[scope]
    return Limit(failures, settings.SIGNIN_FAILURE_WINDOW, settings.SIGNIN_LOCKOUT)


def clock() -> float:
    return time.time()


@dataclass(frozen=True)
class Key:
    scope: str
    value: str

    @property
    def cache_key(self) -> str:
        digest = hashlib.sha256(self.value.encode("utf-8")).hexdigest()
        return f"{PREFIX}{self.scope}:{digest}"


class _State(TypedDict):
    failures: list[float]
    locked_until: float


def _load(key: Key) -> _State:
    state: _State | None = cache.get(key.cache_key)
    return state if state is not None else {"failures": [], "locked_until": 0.0}


def _store(key: Key, state: _State) -> None:
    limit = limit_for(key.scope)
    cache.set(key.cache_key, state, timeout=limit.window + limit.lockout)


def seconds_locked(*keys: Key) -> int:
    """How long the longest lock among ``keys`` still lasts, 0 when none is locked."""
    now = clock()
    remaining = max((_load(key)["locked_until"] - now for key in keys), default=0.0)
    return max(0, math.ceil(remaining))


def record_failure(*keys: Key) -> list[Key]:
    """Counts one failure against each key; returns the keys this failure locked."""
    now = clock()
    locked = []
    for key in keys:
        limit = limit_for(key.scope)
        state = _load(key)
        recent = [t for t in state["failures"] if t > now - limit.window]
        recent.append(now)
        if len(recent) >= limit.failures:
            state = {"failures": [], "locked_until": now + limit.lockout}
            locked.append(key)
        else:
            state["failures"] = recent
        _store(key, state)
    return locked


def forget(*keys: Key) -> None:
    cache.delete_many([key.cache_key for key in keys])
