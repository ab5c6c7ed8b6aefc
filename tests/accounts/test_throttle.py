"""Failures are counted per key in the cache; too many within the window lock the key."""

import pytest

from parindex.apps.accounts.throttle import Key, Scope, forget, record_failure, seconds_locked

NAME = Key(Scope.USERNAME, "canbo")
OTHER = Key(Scope.USERNAME, "lanhdao")
ADDRESS = Key(Scope.ADDRESS, "10.0.0.1")


@pytest.fixture(autouse=True)
def limits(settings):
    settings.SIGNIN_FAILURES_PER_USERNAME = 3
    settings.SIGNIN_FAILURES_PER_ADDRESS = 5
    settings.SIGNIN_FAILURE_WINDOW = 600
    settings.SIGNIN_LOCKOUT = 900


def fail(times, *keys):
    locked = []
    for _ in range(times):
        locked += record_failure(*keys)
    return locked


def test_failures_below_the_limit_lock_nothing(clock):
    assert fail(2, NAME) == []
    assert seconds_locked(NAME) == 0


def test_the_failure_that_reaches_the_limit_locks_the_key_for_the_lockout(clock):
    assert fail(3, NAME) == [NAME]
    assert seconds_locked(NAME) == 900
    clock.advance(899)
    assert seconds_locked(NAME) == 1
    clock.advance(1)
    assert seconds_locked(NAME) == 0


def test_failures_older_than_the_window_are_forgotten(clock):
    fail(2, NAME)
    clock.advance(601)
    assert fail(2, NAME) == []
    assert seconds_locked(NAME) == 0


def test_a_failure_counts_against_every_key_given(clock):
    fail(2, NAME, ADDRESS)
    assert fail(1, OTHER, ADDRESS) == []
    assert fail(1, NAME, ADDRESS) == [NAME]
    assert fail(1, OTHER, ADDRESS) == [ADDRESS]
    assert seconds_locked(OTHER) == 0
    assert seconds_locked(OTHER, ADDRESS) == 900


def test_keys_of_different_scopes_never_share_a_count(clock):
    fail(2, NAME)
    assert fail(1, Key(Scope.CODE, "canbo")) == []


def test_after_a_lockout_the_count_starts_again(clock):
    fail(3, NAME)
    clock.advance(900)
    assert fail(2, NAME) == []
    assert fail(1, NAME) == [NAME]


def test_forgetting_a_key_clears_its_failures_and_lock(clock):
    fail(3, NAME)
    forget(NAME)
    assert seconds_locked(NAME) == 0
    assert fail(2, NAME) == []


def test_cache_keys_hide_the_value_and_stay_short():
    key = Key(Scope.USERNAME, "tên đăng nhập rất dài " * 20).cache_key
    assert key.startswith("parindex:signin:username:")
    assert "tên" not in key
    assert len(key) < 100
