"""The cache that counts sign-in failures is chosen by CACHE_URL."""

import importlib
import sys

import pytest


def settings_with(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)
    sys.modules.pop("parindex.config.settings", None)
    module = importlib.import_module("parindex.config.settings")
    sys.modules.pop("parindex.config.settings", None)
    return module.CACHES["default"]


@pytest.fixture(autouse=True)
def _restore_settings_module():
    original = sys.modules.get("parindex.config.settings")
    yield
    if original is not None:
        sys.modules["parindex.config.settings"] = original


def test_without_a_url_each_process_keeps_its_own_memory_cache(monkeypatch):
    assert settings_with(monkeypatch, "")["BACKEND"].endswith("LocMemCache")


def test_a_redis_url_shares_the_cache_between_workers(monkeypatch):
    cache = settings_with(monkeypatch, "redis://127.0.0.1:6379/1")
    assert cache == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }


def test_a_file_url_shares_the_cache_through_a_folder(monkeypatch, tmp_path):
    cache = settings_with(monkeypatch, f"file://{tmp_path}")
    assert cache["BACKEND"].endswith("FileBasedCache")
    assert cache["LOCATION"] == str(tmp_path)


def pages_with(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)
    sys.modules.pop("parindex.config.settings", None)
    module = importlib.import_module("parindex.config.settings")
    sys.modules.pop("parindex.config.settings", None)
    return module.CACHES


def test_a_file_cache_keeps_pages_in_their_own_folder_and_culls_late(monkeypatch, tmp_path):
    caches = pages_with(monkeypatch, f"file://{tmp_path}")
    assert caches["pages"]["LOCATION"] == f"{tmp_path}/pages"
    assert caches["default"]["OPTIONS"]["MAX_ENTRIES"] >= 100_000


def test_a_redis_cache_keeps_pages_under_their_own_prefix(monkeypatch):
    caches = pages_with(monkeypatch, "redis://127.0.0.1:6379/1")
    assert caches["pages"]["KEY_PREFIX"] == "pages"
    assert caches["pages"]["LOCATION"] == "redis://127.0.0.1:6379/1"
