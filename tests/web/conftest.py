"""Fixtures for the web page's end-to-end tests: Debian's Chromium driven by Playwright against the real app.

- ``chromium_path``: the Chromium binary (installed by scripts/install_system_packages.sh from scripts/test.sh). A missing
  browser fails the tests with the reason: CI must prove the page works, never skip it.
- ``browser``: one headless Chromium for the session (Playwright gives each launch a fresh temporary profile).
- ``web_url``: the page on the real server of ``live_server`` (uvicorn on 127.0.0.1, free port).
- ``save_screenshot``: writes the README's screenshots on request.
- ``page``: a fresh browser context (empty storage, Finnish locale, desktop size) per test; it fails the test
  if the page throws a JavaScript error or asks anything of another server than its own.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "img"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail(
            "Chromium is not installed: run `bash scripts/install_system_packages.sh` (Debian package chromium)"
        )
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def web_url(live_server: str) -> str:
    return f"{live_server}/ui/"


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, locale="fi-FI", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    elsewhere: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((live_server, "data:", "blob:")) else elsewhere.append(request.url)
        ),
    )
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
    assert elsewhere == [], f"the page asked outside its own server: {elsewhere}"


@pytest.fixture
def save_screenshot() -> Callable[[Page, str], None]:
    """``save_screenshot(page, NAME)`` writes docs/img/screenshot-NAME.png when SOTEKG_UPDATE_SCREENSHOTS=1: the
    README's pictures come from a test run, not from hand."""

    def save(page: Page, name: str) -> None:
        if os.environ.get("SOTEKG_UPDATE_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"screenshot-{name}.png"), full_page=True)

    return save
