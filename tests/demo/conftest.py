"""Fixtures for the demo province: files in a temporary storage and quick password
hashing (the real Argon2 is used once, in test_fresh_load.py; the load is timed by
bench/demo_load.py).

``loaded`` loads the province once per test module inside a transaction that is rolled
back afterwards; each test runs in its own savepoint within it, as in Django's
``TestCase.setUpTestData``, so a test's changes do not leak into the next one.
"""

import io

import pytest
from django.db import transaction
from django.test import override_settings

from parindex.demo_province import load_demo_province

QUICK_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def storage_settings(folder):
    return {
        "STORAGES": {
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": folder},
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "MEDIA_ROOT": folder,
    }


def load_quietly(**options):
    """``(summary, printed text)`` of one load."""
    out = io.StringIO()
    summary = load_demo_province(out=out, **options)
    return summary, out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    """Evidence files go to a temporary folder instead of the data directory."""
    folder = tmp_path / "media"
    for name, value in storage_settings(folder).items():
        setattr(settings, name, value)
    return folder


@pytest.fixture
def quick_hashing(settings):
    settings.PASSWORD_HASHERS = QUICK_HASHERS


@pytest.fixture(scope="module")
def province_once(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "media"
    with (
        override_settings(PASSWORD_HASHERS=QUICK_HASHERS, **storage_settings(folder)),
        django_db_blocker.unblock(),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_quietly()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded(province_once, db):
    """The first load's summary; the province is in the database."""
    summary, _ = province_once
    return summary


@pytest.fixture
def load_again(loaded):
    """``load_again(reset_passwords=...)`` on top of the loaded province."""
    return load_quietly


@pytest.fixture
def fresh_load(db, media):
    """``fresh_load(...)`` → (summary, printed text) of a load into this test's database."""
    return load_quietly
