"""The notice for members without an account, in a real browser (issue 21, part 3): the secretary
shares it from the meeting page — Chromium on Linux has no Web Share API, so the button copies
the text to the clipboard and says so — and prints the invitation, which fits one A4 page for a
cell of 15."""

import datetime
import re

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import expect

from meetings.selectors import body_members
from tests.e2e.meetings import next_cb1_meeting
from tests.e2e.test_foundation import login
from tests.factories import MemberFactory

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.effectiveDirective + " refused " + (event.blockedURI || "(inline)"));
});
"""
AXE_ON_CARD = "axe.run('#notice', {resultTypes: ['violations']}).then(r => r.violations)"

# Enough to make any demo cell 15 strong.
MORE_MEMBERS = [
    "Nguyễn Thị Lan",
    "Trần Văn Hùng",
    "Lê Thị Mai",
    "Phạm Quốc Bảo",
    "Hồ Thị Ngọc Ánh",
    "Đinh Văn Sơn",
    "Y Bliêng Niê",
    "H'Hen Mlô",
    "Châu Văn Tài",
    "Mai Thị Hương",
    "Tạ Quang Huy",
    "Lâm Thị Yến",
    "Kiều Văn Nam",
    "Tô Thị Hạnh",
    "Vương Đình Khoa",
]


def _context(browser, base, width, height):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    context.set_default_timeout(10_000)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    context.add_init_script(COLLECT_VIOLATIONS)
    context.add_init_script(AXE_SCRIPT)
    return context


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("width, height", [(1280, 900), (375, 800)])
def test_the_secretary_copies_the_notice(browser, live_server, demo_password, width, height):
    base = live_server.url
    meeting = next_cb1_meeting()
    context = _context(browser, base, width, height)
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    login(page, base, demo_password, username="secretary1")
    page.goto(f"{base}/meetings/{meeting.pk}/")
    card = page.locator("#notice")
    expect(card).to_be_visible()
    # The demo's members mostly have no login: they are named, to be reached another way.
    expect(card.locator(".notice-no-account li")).not_to_have_count(0)
    assert page.evaluate("typeof navigator.share") == "undefined"  # so: the clipboard

    card.get_by_role("button", name="Chia sẻ").click()
    expect(card.get_by_role("status")).to_have_text("Đã sao chép")
    text = card.locator("textarea").input_value()
    assert text.startswith("Chi bộ ")
    assert f"/meetings/{meeting.pk}/" in text
    assert page.evaluate("navigator.clipboard.readText()") == text
    # axe-core on the card, acknowledgement shown: nothing serious or critical.
    violations = page.evaluate(AXE_ON_CARD)
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []

    assert page.evaluate("window.__cspViolations") == []
    assert refused == []
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


@pytest.mark.usefixtures("demo_data")
def test_the_invitation_of_15_members_fits_one_a4_page(browser, live_server, demo_password):
    base = live_server.url
    meeting = next_cb1_meeting()
    members = body_members(meeting).count()
    for name in MORE_MEMBERS[: max(0, 15 - members)]:
        MemberFactory(
            committee=meeting.committee,
            cell=meeting.cell,
            full_name=name,
            cell__joined_on=datetime.date(2020, 1, 1),
        )
    context = _context(browser, base, 1280, 900)
    page = context.new_page()
    login(page, base, demo_password, username="secretary1")
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.locator("#notice a.notice-print").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("GIẤY MỜI")
    expect(page.locator("table.invitees td.name")).to_have_count(max(15, members))
    assert page.evaluate("window.__cspViolations") == []
    # Printed as the browser prints it (the @page rules of official.css): one sheet.
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
    context.close()
