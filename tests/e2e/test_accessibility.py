"""Accessibility in a real browser (issue 17, item 20): axe-core on the main page of every app.

Each page is opened by the least-privileged demo login that gets it (a plain member wherever a
member may look; the observer for the committee dashboard; the cell secretary for the officers'
pages; the committee officer for the committee's own), once per login, at a desktop width; and
each login's first page at a phone width (with the menu opened, so its links are checked too). A
violation of impact "serious" or "critical" fails the test, and every one found is printed: the
page, the rule, the elements and what axe says about them.

axe-core comes with the `axe-playwright-python` package (a dev dependency, which bundles
axe.min.js): the browser loads it into each page it opens; nothing of it is served by the app.
"""

import re

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.utils import timezone
from playwright.sync_api import expect

from cells.models import Committee
from demo.management.commands.seed_demo import COMMITTEE
from meetings.models import Meeting, Minutes, Status
from members.models import Member
from tests.e2e.test_foundation import LOGIN_PATH, login

WIDTHS = ((1280, 900), (375, 800))
FAILING_IMPACTS = {"serious", "critical"}
SHOWN = re.compile(r"\bshow\b")
# axe.run's options: the violations only (not the passes), much less to send back.
AXE_RUN = "axe.run({resultTypes: ['violations']}).then(results => results.violations)"


def _cell_of(username):
    return Member.objects.get(user__username=username).current_membership().cell


def _member1_pages():
    """A plain member's pages: her home, her cell, the member list, her profile, the meetings
    (calendar, her cell's next meeting, the last approved minutes, the resolutions), her tasks,
    the review."""
    cell = _cell_of("member1")
    meetings = Meeting.objects.filter(cell=cell).exclude(status=Status.DRAFT)
    next_meeting = (
        meetings.filter(date__gte=timezone.localdate()).order_by("date").first()
        or meetings.order_by("-date").first()
    )
    approved = meetings.filter(minutes__state=Minutes.State.APPROVED).order_by("-date").first()
    assert next_meeting and approved, "the demo data has a published meeting and approved minutes"
    year = timezone.localdate().year
    return [
        "/",
        f"/organisation/cells/{cell.pk}/",
        "/members/",
        "/members/me/",
        "/meetings/",
        next_meeting.get_absolute_url(),
        f"/meetings/{approved.pk}/minutes/",
        "/meetings/resolutions/",
        "/meetings/tasks/mine/",
        "/reviews/",
        f"/reviews/self/{year}/",
        f"/fees/members/{Member.objects.get(user__username='member1').pk}/",
    ]


def _observer_pages():
    """The committee dashboard (an observer's landing page) and the committee's fee register
    (totals only)."""
    committee = Committee.objects.get(name=COMMITTEE["name"])
    return [f"/dashboard/{committee.pk}/", f"/fees/committees/{committee.pk}/"]


def _secretary1_pages():
    """A cell secretary's work: the attendance sheet of the meeting being recorded, the task
    board, her cell's review, a new meeting (a form)."""
    cell = _cell_of("secretary1")
    recording = (
        Meeting.objects.filter(cell=cell, minutes__state=Minutes.State.DRAFT)
        .order_by("-date")
        .first()
    )
    assert recording, "the demo data has a meeting whose minutes are a draft"
    year = timezone.localdate().year
    return [
        f"/meetings/{recording.pk}/attendance/",
        "/meetings/tasks/",
        f"/reviews/{year}/cells/{cell.pk}/",
        "/meetings/new/",
        f"/fees/cells/{cell.pk}/",
        f"/fees/cells/{cell.pk}/{timezone.localdate():%Y-%m}/",
        "/reviews/supervision/",
    ]


def _committee_pages():
    """The committee's own: the year's review overview and the committee's rules (a long form)."""
    committee = Committee.objects.get(name=COMMITTEE["name"])
    year = timezone.localdate().year
    return [
        f"/reviews/{year}/",
        f"/organisation/committees/{committee.pk}/rules/",
        f"/fees/committees/{committee.pk}/",
    ]


PERSONAS = {
    "member1": _member1_pages,
    "observer": _observer_pages,
    "secretary1": _secretary1_pages,
    "committee": _committee_pages,
}


def _report(found):
    """The violations, readably: one block per page, width and rule, one line per element."""
    lines = [f"{len(found)} serious or critical accessibility violation(s):"]
    for where, violation in found:
        lines.append("")
        lines.append(
            f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}"
            f" — {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            html = " ".join(node["html"].split())
            lines.append(f"  - {target}")
            lines.append(f"      {html[:200]}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                if summary_line.strip():
                    lines.append(f"      {summary_line.strip()}")
    return "\n".join(lines)


def _check(page, where, found):
    for violation in page.evaluate(AXE_RUN):
        if violation["impact"] in FAILING_IMPACTS:
            found.append((where, violation))


def _visit(page, base, path, width, found):
    response = page.goto(base + path)
    # The persona gets the page itself: a 200, not a redirect to another page or a refusal.
    assert response is not None and response.status == 200, (path, response and response.status)
    expect(page).to_have_url(base + path)
    if width < 992 and page.locator(".navbar-toggler").count():
        # Below Bootstrap's lg breakpoint the menu is folded away: open it, its links count.
        page.locator(".navbar-toggler").click()
        expect(page.locator("#main-nav")).to_have_class(SHOWN)
    _check(page, f"{path} at {width}px", found)


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("username", ["anonymous", *PERSONAS])
def test_no_serious_accessibility_violations(browser, live_server, demo_password, username):
    base = live_server.url
    # Reduced motion: Bootstrap then opens the menu at once (no collapse transition).
    context = browser.new_context(locale="vi-VN", reduced_motion="reduce")
    context.set_default_timeout(10_000)
    # axe-core is loaded by the browser into every page as it opens (not sent with each check).
    context.add_init_script(AXE_SCRIPT)
    page = context.new_page()
    found = []
    try:
        if username == "anonymous":
            paths = [LOGIN_PATH, "/account/password/reset/"]
        else:
            page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
            login(page, base, demo_password, username=username)
            paths = PERSONAS[username]()
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            # At the phone width, the persona's first page with its menu opened: the menu is the
            # same on all her pages, and the pages' own content was checked at the desktop width
            # (axe's rules — names, labels, contrast, roles — do not depend on the width).
            for path in paths if width >= 992 else paths[:1]:
                _visit(page, base, path, width, found)
    finally:
        context.close()
    if found:
        pytest.fail(_report(found), pytrace=False)


def test_the_report_is_readable():
    """The failure message names the page, the rule, the element and axe's explanation."""
    violation = {
        "id": "color-contrast",
        "impact": "serious",
        "help": "Elements must meet minimum color contrast ratio thresholds",
        "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/color-contrast",
        "nodes": [
            {
                "target": ["a.nav-link[href$='organisation/']"],
                "html": '<a class="nav-link"\n href="/organisation/">Tổ chức</a>',
                "failureSummary": "Fix any of the following:\n  Element has insufficient "
                "color contrast of 2.91 (foreground color: #e8a2a4)",
            }
        ],
    }
    report = _report([("/members/ at 375px", violation)])
    assert report.splitlines() == [
        "1 serious or critical accessibility violation(s):",
        "",
        "/members/ at 375px: color-contrast (serious): Elements must meet minimum color "
        "contrast ratio thresholds — https://dequeuniversity.com/rules/axe/4.12/color-contrast",
        "  - a.nav-link[href$='organisation/']",
        '      <a class="nav-link" href="/organisation/">Tổ chức</a>',
        "      Fix any of the following:",
        "      Element has insufficient color contrast of 2.91 (foreground color: #e8a2a4)",
    ]
