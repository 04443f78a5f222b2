"""Accessibility in a real browser (issue 17, item 20; issue 24 part 3): axe-core on the main page
of every app.

Each page is opened by the least-privileged demo login that gets it (a plain member wherever a
member may look; the observer for the committee dashboard; the cell secretary for the officers'
pages; the committee officer for the committee's own), at a desktop width and at a phone width
(375 px, with the menu and her own menu opened, so their links are checked too) — and at the phone
width again with large text ("chữ lớn") on, turned on through her menu's real switch. At the phone
width axe also checks the size of what she taps (WCAG 2.2's target size, off in axe by default).
One browser for all (the session's), one context per login and mode, logged in once. A violation
of impact "serious" or "critical" fails the test, and every one found is printed: the page, the
mode, the rule, the elements and what axe says about them.

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
LARGE = re.compile(r"\btext-large\b")
# axe.run's options: the violations only (not the passes), much less to send back.
AXE_RUN = "axe.run({resultTypes: ['violations']}).then(results => results.violations)"
# At the phone width, where she taps, also WCAG 2.2's target size (24 px; off in axe by default).
AXE_RUN_PHONE = (
    "axe.run({resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})"
    ".then(results => results.violations)"
)


def _cell_of(username):
    return Member.objects.get(user__username=username).current_membership().cell


def _member1_pages():
    """A plain member's pages: her home, her cell, the member list, her profile, the meetings
    (calendar, her cell's next meeting, the last approved minutes, the resolutions), her tasks,
    the review, her fees, the library, the offline page."""
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
        "/library/",
        # What the service worker shows offline for a page that was not kept (issue 24).
        "/offline/",
    ]


def _observer_pages():
    """The committee dashboard (an observer's landing page), the committee's fee register (totals
    only) and its periodic reports."""
    committee = Committee.objects.get(name=COMMITTEE["name"])
    return [
        f"/dashboard/{committee.pk}/",
        f"/fees/committees/{committee.pk}/",
        f"/reports/committee/{committee.pk}/",
    ]


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


def _check(page, where, found, script=AXE_RUN):
    for violation in page.evaluate(script):
        if violation["impact"] in FAILING_IMPACTS:
            found.append((where, violation))


def _open_menus(page):
    """Below Bootstrap's lg breakpoint the menu is folded away: open it, and her own menu in it
    (the account's entries, the large text switch); their links count."""
    if not page.locator(".navbar-toggler").count():
        return
    page.locator(".navbar-toggler").click()
    expect(page.locator("#main-nav")).to_have_class(SHOWN)
    own = page.locator("#main-nav .nav-item.dropdown")
    if own.count():
        own.locator(".dropdown-toggle").click()
        expect(own.locator(".dropdown-menu")).to_have_class(SHOWN)


def _visit(page, base, path, width, mode, found):
    response = page.goto(base + path)
    # The persona gets the page itself: a 200, not a redirect to another page or a refusal.
    assert response is not None and response.status == 200, (path, response and response.status)
    expect(page).to_have_url(base + path)
    if mode == "large":
        expect(page.locator("html")).to_have_class(LARGE)
    if width < 992:
        _open_menus(page)
    where = f"{path} at {width}px" + (" with large text" if mode == "large" else "")
    _check(page, where, found, AXE_RUN if width >= 992 else AXE_RUN_PHONE)


def _turn_large_text_on(page, base, path):
    """Her menu's switch, as she would use it on her phone: back on the same page, large."""
    page.goto(base + path)
    _open_menus(page)
    switch = page.locator("#main-nav .dropdown-menu .text-size-toggle")
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect(page).to_have_url(base + path)
    expect(page.locator("html")).to_have_class(LARGE)


# Who runs which mode: large text is her account's, so a visitor not logged in has only the normal.
RUNS = [("anonymous", "normal"), *((u, mode) for u in PERSONAS for mode in ("normal", "large"))]


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("username, mode", RUNS)
def test_no_serious_accessibility_violations(browser, live_server, demo_password, username, mode):
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
        # Normal: every page at both widths. Large text: every page at the phone width, the
        # size it is for (turned on there, through her menu).
        widths = WIDTHS if mode == "normal" else WIDTHS[1:]
        for width, height in widths:
            page.set_viewport_size({"width": width, "height": height})
            if mode == "large":
                _turn_large_text_on(page, base, paths[0])
            for path in paths:
                _visit(page, base, path, width, mode, found)
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
