"""Browser tests (DESIGN §7, §9): Playwright's sync API driving Debian's Chromium.

Every test under tests/e2e is marked ``e2e`` (run them alone with ``pytest -m e2e``). Where
Chromium is absent the browser fixture skips with a clear message; CI installs it and fails on
such a skip.
"""

import io
import os
import sqlite3
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from demo.management.commands.seed_demo import DEMO_PASSWORD

# Playwright's sync API runs an event loop in the test thread: without this, Django's ORM
# raises SynchronousOnlyOperation inside the tests and fixtures.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# The service worker's own requests go through the context's routes (tests/e2e/test_offline.py
# aborts them to be offline: Chromium's offline mode does not reach a service worker).
os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"

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


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo data set, seeded once per test process and kept as a copy of the database.

    The browser tests run against ``live_server``, whose database is flushed after every test,
    so each test needs the data again; seeding takes tens of seconds, restoring a copy takes
    milliseconds. The copy is an in-memory SQLite database (SQLite's backup API), which holds for
    the suite's SQLite test database; on another database it is None and each test seeds.
    """
    if connection.vendor != "sqlite":
        yield None
        return
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
        connection.ensure_connection()
        snapshot = sqlite3.connect(":memory:")
        connection.connection.backup(snapshot)
    yield snapshot
    snapshot.close()


@pytest.fixture
def demo_data(live_server, demo_snapshot):
    """The demo data set (committee, four cells, demo logins) in the live server's database.

    Every test gets the data as ``seed_demo`` left it: the copy overwrites the whole database
    (tables, sequences), and the flush after the test empties it again.
    """
    if demo_snapshot is None:
        call_command("seed_demo", stdout=io.StringIO())
        return
    connection.ensure_connection()
    demo_snapshot.backup(connection.connection)
    # Content type ids now are the copy's, not those the last flush created.
    ContentType.objects.clear_cache()


@pytest.fixture
def demo_password():
    return DEMO_PASSWORD
