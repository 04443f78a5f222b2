"""The page fits the window (no sideways scrolling) at the desktop widths where the menu bar is
tightest: 992–1199 px (icons only for some entries) and from 1,400 px (every entry's name and her
own full name), for the users with the most menu entries (templates/base.html, static/css/chibo.css).
"""

import pytest

from tests.e2e.test_foundation import login

WIDTHS = (992, 1199, 1280, 1400, 1920)
PAGES = ("/members/", "/meetings/", "/meetings/tasks/", "/library/")
# The width of the page's content, the widest element's right edge included.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map(e => `${e.tagName.toLowerCase()}.${e.className}`);
}"""


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("username", ["secretary1", "committee"])
def test_the_menu_bar_never_pushes_the_page_wider_than_the_window(
    browser, live_server, demo_password, username
):
    base = live_server.url
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 700})
    context.set_default_timeout(10_000)
    page = context.new_page()
    login(page, base, demo_password, username=username)
    wider = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 700})
        for path in PAGES:
            page.goto(base + path)
            outside = page.evaluate(OVERFLOW)
            if outside:
                wider.append((width, path, outside))
    context.close()
    assert not wider, wider
