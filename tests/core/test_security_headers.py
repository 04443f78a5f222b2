"""The security headers of a page of each app (issue 20, item 2): the Content Security Policy
(config/settings.py), `Cache-Control: private, no-store` for a logged-in user, no framing, the
referrer kept to the app, no content sniffing — and the admin's one exception to the policy.
And no template holds what the policy refuses (tests/e2e/test_csp.py sees the pages in a browser;
this sees every branch of every template, on both databases' legs)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import CellFactory, CommitteeFactory, CommitteeRoleFactory, MemberFactory

# The policy every page of the app carries, directive by directive.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# A page of each app, as the committee's officer opens it (a 200 for her).
PAGES = [
    ("cells:committee_list", False),
    ("members:list", False),
    ("meetings:calendar", False),
    ("reviews:home", False),
    ("fees:committee_register", True),
    ("library:documents", False),
    ("dashboard:committee", True),
    ("password_change", False),  # the accounts' pages
]


@pytest.fixture(scope="module")
def world(module_db):
    committee = CommitteeFactory()
    MemberFactory(committee=committee, cell=CellFactory(committee=committee))
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    return committee, officer


@pytest.fixture
def officer_client(client, db, world):
    client.force_login(world[1])
    return client


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} given twice"
        directives[name] = sources
    return directives


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_hardened(response):
    """The headers every answer of the app carries, logged in or not."""
    assert policy(response) == POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("name", "with_committee"), PAGES)
def test_a_page_of_each_app_carries_the_security_headers(
    officer_client, world, name, with_committee
):
    response = officer_client.get(reverse(name, args=[world[0].pk] if with_committee else []))
    assert response.status_code == 200
    assert_hardened(response)
    assert {"private", "no-store"} <= cache_control(response)


def test_the_login_page_carries_them_too(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_hardened(response)


def test_refusals_and_downloads_carry_them(officer_client, world):
    missing = officer_client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_hardened(missing)
    refused = officer_client.get(reverse("cells:committee_create"))  # superusers only
    assert refused.status_code == 403
    assert_hardened(refused)
    download = officer_client.get(reverse("members:export"))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert_hardened(download)
    assert {"private", "no-store"} <= cache_control(download)


def test_the_admin_may_use_style_attributes_and_nothing_more(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert policy(response) == {**POLICY, "style-src-attr": ["'unsafe-inline'"]}
    assert response["X-Frame-Options"] == "DENY"
    # The app's own pages keep the strict policy for the same user.
    assert "style-src-attr" not in policy(client.get(reverse("cells:committee_create")))


# What the policy refuses, as written in a template: a <script> without src (json_script writes
# its own, at render time), a <style> element, a style="" or on…="" attribute, htmx's hx-on
# attributes and js: values, a javascript: URL.
REFUSED_INLINE = re.compile(
    r"<script\b(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=\s*[\"']|hx-on"
    r"|javascript:|hx-(?:vals|vars)\s*=\s*[\"']\s*js:",
    re.IGNORECASE,
)


def test_no_template_holds_an_inline_script_or_style():
    roots = [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}"
        for root in roots
        for path in sorted(root.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if REFUSED_INLINE.search(line)
    ]
    assert len(list(roots[0].rglob("*.html"))) > 100  # the templates were found
    assert not found, "\n".join(["Inline script or style the CSP refuses:", *found])


@pytest.mark.parametrize(
    "line",
    [
        '<th style="min-width: 10rem">',
        "<style>",
        "<script>htmx.config.x = 1</script>",
        '<button onclick="go()">',
        '<form hx-on::after-request="x">',
        '<a href="javascript:void(0)">',
        "<div hx-vals='js:{a: 1}'>",
    ],
)
def test_the_template_check_finds_each_kind(line):
    assert REFUSED_INLINE.search(line)


def test_the_template_check_leaves_what_the_policy_allows():
    for line in [
        '<script src="/static/js/chibo.js"></script>',
        '<a class="js-print" data-confirm="Xóa?">',
        "{% include 'x.html' only %}",
        "<div hx-vals='{\"a\": 1}'>",
    ]:
        assert not REFUSED_INLINE.search(line), line
