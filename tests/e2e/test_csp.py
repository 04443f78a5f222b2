"""The Content Security Policy holds on every page (issue 20, item 1): Chromium loads one page of
every URL name the resolver knows and fails on any violation.

The pages, their arguments and who may open them come from the access matrix
(`tests/test_access_matrix.py`: its data, built once here and committed for the live server, and
its table): each page is opened by the least-privileged persona that gets a 200 there, all of a
persona's pages in one browser context, logged in by her session cookie (no login form). POST-only URLs (no persona gets
a 200 on a GET) and answers that are not pages (files, JSON) are left out. Django's admin is not in
the matrix: a superuser opens its main kinds of page (index, list, change and add forms, history).

A violation shows twice in Chromium: as a `securitypolicyviolation` event (collected by a script
the browser runs in every page before the page's own) and as a console error ("Refused to load …
because it violates the following Content Security Policy directive …", "Applying inline style
violates …"). Both are collected and every one is listed: the page, the persona, what was refused.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.test_access_matrix import build_matrix_data, expectations, named_urls

# Least privileged first: who opens a page is the first of these who gets a 200 there.
LEAST_PRIVILEGED_FIRST = [
    "anonymous",
    "member",
    "member_other_cell",
    "observer",
    # The superior's own pages (its dashboard, its directives) open to her alone.
    "superior_officer",
    "committee_clerk",
    "cell_secretary",
    "secretary_other_cell",
    # Of two officers, the one of committee A: the matrix's records are A's.
    "committee_officer",
    "officer_other_committee",
    "superuser",
]

# Collects the violations of the page in the page itself (read back once it has loaded).
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    "event: " + event.effectiveDirective + " refused " + (event.blockedURI || "(inline)") +
    (event.sourceFile ? " at " + event.sourceFile + ":" + event.lineNumber : "") +
    (event.sample ? " — " + event.sample : "")
  );
});
"""


def pages_by_persona(data):
    """{persona: [(URL name, path)]}: one page of every URL name, for the least-privileged persona
    that gets a 200 there; and the URL names the access matrix has no expectation for."""
    table = expectations(data)
    pages, unknown = {}, []
    for name in named_urls():
        if name not in table:
            unknown.append(name)
            continue
        kwargs, statuses = table[name]
        # None for a POST-only URL (405 on a GET) or one that only redirects.
        persona = next((p for p in LEAST_PRIVILEGED_FIRST if statuses.get(p) == 200), None)
        if persona is not None:
            pages.setdefault(persona, []).append((name, reverse(name, kwargs=kwargs)))
    return pages, unknown


def admin_pages(data):
    """The admin's kinds of page: index, a list, change and add forms, a record's history."""
    user = data["users"]["member"]
    committee = data["committee"]
    return [
        ("admin:index", reverse("admin:index")),
        ("admin:members_user_changelist", reverse("admin:members_user_changelist")),
        ("admin:members_user_change", reverse("admin:members_user_change", args=[user.pk])),
        ("admin:members_user_add", reverse("admin:members_user_add")),
        (
            "admin:auth_user_password_change",
            reverse("admin:auth_user_password_change", args=[user.pk]),
        ),
        (
            "admin:cells_committee_change",
            reverse("admin:cells_committee_change", args=[committee.pk]),
        ),
        (
            "admin:cells_committee_history",
            reverse("admin:cells_committee_history", args=[committee.pk]),
        ),
    ]


def session_cookie(user, base_url):
    """Her session, as the test client's force_login makes it, as a cookie for the browser."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


def visit(browser, base_url, persona, user, pages):
    """Loads the persona's pages in one browser context: (violations, URL names left out as not
    pages). A violation is (page, persona, what was refused)."""
    context = browser.new_context(locale="vi-VN")
    context.set_default_timeout(10_000)
    context.add_init_script(COLLECT_VIOLATIONS)
    if user is not None:
        context.add_cookies([session_cookie(user, base_url)])
    page = context.new_page()
    console = []

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            console.append("console: " + message.text)

    page.on("console", on_console)
    found, not_pages = [], []
    try:
        for name, path in pages:
            console.clear()
            try:
                response = page.goto(base_url + path)
            except PlaywrightError as error:
                if "Download is starting" not in str(error):
                    raise
                not_pages.append(name)  # a download: the browser does not open it as a page
                continue
            assert response is not None and response.status == 200, (
                name,
                persona,
                response and response.status,
            )
            if not response.headers.get("content-type", "").startswith("text/html"):
                # A file the browser shows itself (an image, JSON): its own viewer's styles are
                # not the app's.
                not_pages.append(name)
                continue
            events = page.evaluate("window.__cspViolations || []")
            found += [(f"{name} {path}", persona, text) for text in [*events, *console]]
    finally:
        context.close()
    return found, not_pages


def report(found):
    """One line per page and persona, then each violation under it."""
    lines = [f"{len(found)} Content Security Policy violation(s):"]
    last = None
    for where, persona, text in found:
        if (where, persona) != last:
            lines.append(f"{where} (as {persona}):")
            last = (where, persona)
        lines.append(f"  - {text}")
    return "\n".join(lines)


def test_no_page_violates_the_content_security_policy(browser, live_server):
    # Committed (the live server reads the database through its own connection); the test
    # database is emptied after the test, as after every browser test.
    data = build_matrix_data()
    pages, unknown = pages_by_persona(data)
    pages.setdefault("superuser", []).extend(admin_pages(data))
    users = {"anonymous": None, **data["users"]}
    found, not_pages = [], []
    for persona in LEAST_PRIVILEGED_FIRST:
        if persona in pages:
            violations, left_out = visit(
                browser, live_server.url, persona, users[persona], pages[persona]
            )
            found += violations
            not_pages += left_out
    if found:
        pytest.fail(report(found), pytrace=False)
    # A page the matrix does not know is not checked here either (the matrix fails on it too).
    assert not unknown, f"URLs without an access expectation: {unknown}"
    # Most URL names are pages that were checked, not files left out.
    assert len(not_pages) < sum(len(p) for p in pages.values()) / 3, not_pages


def test_the_report_names_the_page_the_persona_and_what_was_refused():
    found = [
        ("reviews:year /reviews/2026/", "committee_officer", "style-src-attr refused inline"),
        ("reviews:year /reviews/2026/", "committee_officer", "Refused to apply inline style"),
        ("login /account/login/", "anonymous", "script-src-elem refused inline"),
    ]
    assert report(found).splitlines() == [
        "3 Content Security Policy violation(s):",
        "reviews:year /reviews/2026/ (as committee_officer):",
        "  - style-src-attr refused inline",
        "  - Refused to apply inline style",
        "login /account/login/ (as anonymous):",
        "  - script-src-elem refused inline",
    ]
