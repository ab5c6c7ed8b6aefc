"""Fixtures of the criteria-set pages: a draft set next to the province's published one,
and signed-in clients. Helpers shared by the test modules are in frameworks_support."""

from dataclasses import replace

import pytest

from parindex.apps.frameworks.conversion import from_engine


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' passwords hashed quickly: argon2 costs ~0.2 s per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def draft(province):
    """The demo set again, as next year's draft (CCHC-2025)."""
    return from_engine(replace(province.engine, code="CCHC-2025", year=2025), actor=None)


@pytest.fixture
def published(province):
    return province.criteria_set


@pytest.fixture
def signed_in(client):
    """``signed_in(user)``: the test client, signed in as ``user``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
