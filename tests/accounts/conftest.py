"""Fixtures of the accounts tests: an empty cache, a clock the test moves, sign-in helpers."""

from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from tests.conftest import PASSWORD

from parindex.apps.accounts import throttle, totp
from parindex.apps.audit.models import AuditEntry

START = 1_700_000_010.0  # a Unix time 10 s into a 30-second TOTP step


@pytest.fixture(autouse=True)
def fast_hashes(settings):
    """Argon2 takes ~0.15 s a password; these tests sign in often (tests/web checks that
    argon2 is what the site uses)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Failure counts and used codes live in the cache: every test starts without them."""
    cache.clear()
    yield
    cache.clear()


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """The time seen by the rate limits, the code checks and the two-step session."""
    fake = Clock(START)
    monkeypatch.setattr(throttle, "clock", fake)
    return fake


@pytest.fixture
def code_at(clock):
    """``code_at(secret)`` → the 6-digit code of ``secret`` at the clock's time."""
    return lambda secret, offset=0: totp.totp(totp.decode_secret(secret), clock.now + offset)


@pytest.fixture
def with_totp():
    """``with_totp(user)`` turns on two-step sign-in for ``user``; returns the secret."""

    def turn_on(user):
        user.totp_secret = totp.new_secret()
        user.save()
        return user.totp_secret

    return turn_on


@pytest.fixture
def audit_rows():
    """``audit_rows(action)`` → the audit entries of ``action``, oldest first."""
    return lambda action: list(AuditEntry.objects.filter(action=action).order_by("id"))


@pytest.fixture
def people(django_user_model):
    """A few accounts without the demo province (sign-in needs no units)."""

    def person(username, **extra):
        return django_user_model.objects.create_user(username, password=PASSWORD, **extra)

    return SimpleNamespace(
        staff=person("canbo", full_name="Canbo"),
        leader=person("lanhdao"),
        appraiser=person("thamdinh"),
        admin=person("quantri", is_staff=True, is_superuser=True),
    )


@pytest.fixture
def wrong_code(clock):
    """``wrong_code(secret)`` → a 6-digit code that no step within the window accepts."""

    def wrong(secret):
        key = totp.decode_secret(secret)
        valid = {totp.totp(key, clock.now + drift) for drift in (-30, 0, 30)}
        return next(c for c in (f"{n:06d}" for n in range(4)) if c not in valid)

    return wrong


class Tables(HTMLParser):
    """The tables of a page: caption and rows of cell texts (whitespace collapsed)."""

    def __init__(self):
        super().__init__()
        self.found = {}
        self._caption = self._rows = self._text = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "tr":
            self._rows.append([])
        elif tag in {"caption", "td", "th"}:
            self._text = []

    def handle_endtag(self, tag):
        if tag in {"caption", "td", "th"} and self._text is not None:
            text = " ".join("".join(self._text).split())
            self._text = None
            if tag == "caption":
                self._caption = text
            else:
                self._rows[-1].append(text)
        elif tag == "table":
            self.found[self._caption] = self._rows

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


@pytest.fixture
def read_table():
    """``read_table(response, caption)`` → the rows of that table, header row first."""

    def read(response, caption):
        tables = Tables()
        tables.feed(response.content.decode())
        assert caption in tables.found, f"no table {caption!r} in {list(tables.found)}"
        return tables.found[caption]

    return read


@pytest.fixture
def client_factory():
    """``client_factory()`` → another browser, to act as a second person in one test."""
    return Client
