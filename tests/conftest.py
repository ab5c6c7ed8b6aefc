"""Shared test setup for the whole suite.

Tests marked ``postgres`` run only when ``DATABASE_URL`` points at PostgreSQL (CI runs
the suite a second time that way); elsewhere they are reported as skipped.
"""

import os

import pytest

POSTGRES_SCHEMES = ("postgres://", "postgresql://", "pgsql://")
NEEDS_POSTGRES = "cần PostgreSQL: đặt DATABASE_URL=postgres://..."


def uses_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(POSTGRES_SCHEMES)


def pytest_collection_modifyitems(config, items):
    if uses_postgres():
        return
    skip = pytest.mark.skip(reason=NEEDS_POSTGRES)
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
