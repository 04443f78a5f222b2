"""The foundation in a real browser: login, organisation pages, language switch, logout, phone."""

import re

import pytest
from playwright.sync_api import expect

from demo.management.commands.seed_demo import CELLS, COMMITTEE

COMMITTEE_NAME = COMMITTEE["name"]
LOGIN_PATH = "/account/login/"


def login(page, base_url, password, username="committee"):
    page.goto(base_url + "/")
    # Anonymous visitors are sent to the login page, with the page they asked for as `next`.
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH) + r"\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    # Each user lands on her home: committee officers and observers on the committee dashboard,
    # a superior's officer on the superior's dashboard.
    expect(page).to_have_url(
        re.compile(re.escape(base_url) + r"/(dashboard/\d+/|reports/superior/\d+/)?$")
    )


def open_committee(page, base_url):
    organisation = page.locator('nav a.nav-link[href="/organisation/"]')
    expect(organisation).to_have_text("Tổ chức")
    organisation.click()
    expect(page).to_have_url(base_url + "/organisation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đảng bộ")
    page.get_by_role("link", name=COMMITTEE_NAME).click()
    expect(page).to_have_url(re.compile(r"/organisation/committees/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(COMMITTEE_NAME)


@pytest.mark.usefixtures("demo_data")
def test_login_organisation_language_logout(page, live_server, demo_password):
    base = live_server.url
    login(page, base, demo_password)
    # The navbar names the user.
    expect(page.locator("nav .dropdown-toggle")).to_contain_text("Nguyễn Công Lam")

    open_committee(page, base)
    committee_url = page.url
    cells_card = page.locator("section").first
    expect(cells_card.get_by_role("heading", level=2)).to_have_text(re.compile(r"^\s*Chi bộ\s+4$"))
    cells = cells_card.locator("ul.list-group li a")
    expect(cells).to_have_text([name for _code, name, _desc in CELLS])
    for code, _name, _desc in CELLS:
        expect(cells_card.get_by_text(code, exact=True)).to_be_visible()
    expect(page.locator("footer")).to_contain_text("Công tác đảng bộ, chi bộ")

    # English, then back to Vietnamese; the page stays the same.
    page.locator('nav button[name="language"][value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(committee_url)
    expect(page.locator('nav a.nav-link[href="/organisation/"]')).to_have_text("Organisation")
    expect(cells_card.get_by_role("heading", level=2)).to_have_text(re.compile(r"^\s*Cells\s+4$"))
    expect(page.locator('nav button[value="en"]')).to_have_attribute("aria-pressed", "true")
    page.locator('nav button[name="language"][value="vi"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_url(committee_url)
    expect(page.locator('nav button[value="vi"]')).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("heading", level=1)).to_have_text(COMMITTEE_NAME)
    expect(cells_card.get_by_role("heading", level=2)).to_have_text(re.compile(r"^\s*Chi bộ\s+4$"))

    # Log out through the user menu's POST button.
    page.locator("nav .dropdown-toggle").click()
    logout = page.locator('nav form[action="/account/logout/"] button[type=submit]')
    expect(logout).to_have_text("Đăng xuất")
    logout.click()
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    expect(page.locator("#id_username")).to_be_visible()
    # Logged out for real: the home page sends us back to the login page.
    page.goto(base + "/")
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))


@pytest.mark.usefixtures("demo_data")
def test_phone_layout(phone_page, live_server, demo_password):
    page = phone_page
    base = live_server.url
    login(page, base, demo_password)

    toggler = page.locator("nav .navbar-toggler")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-label", "Hiện menu")
    expect(page.locator('nav a.nav-link[href="/organisation/"]')).to_be_hidden()
    toggler.click()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    open_committee(page, base)

    expect(page.locator(".navbar-toggler")).to_be_visible()
    expect(page.locator("section").first.locator("ul.list-group li a")).to_have_count(len(CELLS))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, f"horizontal scroll on a phone: scrollWidth={scroll_width}"
