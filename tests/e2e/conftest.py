"""Browser tests (DESIGN §7, §9): Playwright's sync API driving Debian's Chromium.

Every test under tests/e2e is marked ``e2e`` (run them alone with ``pytest -m e2e``). Where
Chromium is absent the browser fixture skips with a clear message; CI installs it and fails on
such a skip.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread: without this, Django's ORM
# raises SynchronousOnlyOperation inside the tests and fixtures.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium) "
            "to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _new_page(browser, width, height):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) at a desktop size, closed after the test."""
    context, page = _new_page(browser, 1280, 900)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A fresh browser context at a phone size (375×800), closed after the test."""
    context, page = _new_page(browser, 375, 800)
    yield page
    context.close()


@pytest.fixture
def demo_data(live_server):
    """The demo data set (committee, four cells, demo logins) in the live server's database."""
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def demo_password():
    from dashboard.management.commands.seed_demo import DEMO_PASSWORD

    return DEMO_PASSWORD
