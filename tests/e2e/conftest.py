"""Browser fixtures of the end-to-end tests: headless Chromium driven by Playwright against
pytest-django's live server.

The browser is Debian's ``chromium`` (``.ci/run`` installs it); Playwright's own browser
downloads are never used. Without a browser (or without the ``playwright`` package) the
tests are skipped with the reason, so that a developer can still run the suite; in CI
(``CI=true``) the same absence fails them.

Screenshots go to ``$E2E_ARTIFACTS`` (default ``artifacts/e2e/`` under the repository
root), in one folder per database (``sqlite``, ``postgresql``) since CI runs the suite on
both.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.db import connection
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often give /dev/shm only 64 MB
]
NO_BROWSER = (
    "no headless Chromium for the browser tests: install Debian's chromium "
    "(apt-get install chromium) or set E2E_CHROMIUM to its path"
)
NO_PLAYWRIGHT = "the browser tests need the playwright package (pip install -e .[dev])"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end test in a headless browser")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str):
    """Skip on a developer's machine; fail in CI, where the browser must be there."""
    if in_ci():
        pytest.fail(f"CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    wanted = os.environ.get("E2E_CHROMIUM", "").strip()
    candidates = [wanted] if wanted else [*CHROMIUM_CANDIDATES, "chromium", "chromium-browser"]
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Playwright starts it with a fresh temporary profile (user-data-dir) and deletes it on
    close. Django refuses database calls from a thread where an event loop runs, and
    Playwright's synchronous API keeps its loop in the test's thread: the tests' own
    database calls (set-up, checks) are allowed explicitly while the browser is open.
    """
    executable = chromium_path()
    if executable is None:
        unavailable(NO_BROWSER)
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError:
        unavailable(NO_PLAYWRIGHT)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def artifacts() -> Path:
    """The folder of this run's screenshots (one per database vendor)."""
    base = Path(os.environ.get("E2E_ARTIFACTS") or ROOT / "artifacts" / "e2e")
    folder = base / connection.vendor
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def screenshot(artifacts):
    """``screenshot(page, "01-tu-danh-gia")`` saves the whole page and checks the PNG."""

    def shoot(page, name: str) -> Path:
        path = artifacts / f"{name}.png"
        path.unlink(missing_ok=True)
        page.evaluate("window.scrollTo(0, 0)")  # sticky panels drawn where they start
        page.screenshot(path=str(path), full_page=True)
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE), f"{path} is not a PNG"
        assert len(data) > 10_000, f"{path} is nearly empty ({len(data)} bytes)"
        return path

    return shoot


@pytest.fixture
def evidence_media(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder (the live server shares settings)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": "/media/"},
        },
    }
    return tmp_path / "media"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, for the failure screenshots."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def sign_in(request, browser, live_server, artifacts):
    """``sign_in(user)`` → a page of a new browser session (Vietnamese, like the users'
    browsers), signed in through the real sign-in page."""
    contexts = []
    for stale in artifacts.glob(f"echec-{request.node.name}-*.png"):
        stale.unlink()

    def open_as(user, password: str = PASSWORD, *, javascript: bool = True):
        context = browser.new_context(
            base_url=live_server.url,
            locale="vi-VN",
            viewport=VIEWPORT,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto("/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        return page

    yield open_as
    failed = getattr(request.node, "report_call", None)
    for number, context in enumerate(contexts, start=1):
        if failed is not None and failed.failed:
            for page in context.pages:  # what each person saw when the test failed
                page.screenshot(path=str(artifacts / f"echec-{request.node.name}-{number}.png"))
        context.close()
