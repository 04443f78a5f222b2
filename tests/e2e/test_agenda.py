"""Agenda editing in a real browser, on a phone: add, reorder, edit and remove without a reload."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cells.models import Committee
from demo.management.commands.seed_demo import COMMITTEE
from meetings.models import Meeting
from meetings.planning.meetings import meeting_create
from members.models import User
from tests.e2e.test_foundation import login

PHONE_WIDTH = 375


def _next_months_meeting() -> Meeting:
    """CB1's regular meeting next month: the demo data's, or one planned here by secretary1."""
    committee = Committee.objects.get(name=COMMITTEE["name"])
    cell = committee.cells.get(code="CB1")
    first = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    meeting = Meeting.objects.filter(cell=cell, kind="regular", month=first).first()
    if meeting is None:
        meeting = meeting_create(
            committee=committee,
            body="cell",
            cell=cell,
            kind="regular",
            date=first.replace(day=5),
            start_time=datetime.time(16, 30),
            by=User.objects.get(username="secretary1"),
        )
    assert meeting.is_editable
    return meeting


def _marker(page):
    """A value set on `window`: it survives htmx swaps and disappears on a page load."""
    return page.evaluate("window.__agendaMarker")


@pytest.mark.usefixtures("demo_data")
def test_secretary_prepares_next_months_agenda_on_a_phone(phone_page, live_server, demo_password):
    page = phone_page
    meeting = _next_months_meeting()
    before = list(
        meeting.agenda_items.filter(section="other")
        .order_by("position", "pk")
        .values_list("title", flat=True)
    )
    first, second = "Góp ý dự thảo nghị quyết", "Kết nạp đảng viên mới"

    login(page, live_server.url, demo_password, username="secretary1")
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    agenda = page.locator("#agenda-body")
    # The three standard sections are there, each item with its controls.
    expect(agenda.locator("li.agenda-item[data-section=political]")).not_to_have_count(0)
    expect(agenda.locator("li.agenda-item[data-section=tasks]")).not_to_have_count(0)
    expect(agenda.locator("li.agenda-item[data-section=party]")).not_to_have_count(0)
    page.evaluate("window.__agendaMarker = 'no reload'")

    other = agenda.locator("li.agenda-item[data-section=other]")
    titles = other.locator(".agenda-title")

    def add(title, with_presenter=False):
        form = agenda.locator("form.agenda-add")
        form.locator("[name=title]").fill(title)
        form.locator("[name=section]").select_option("other")
        if with_presenter:
            form.locator("[name=presenter]").select_option(index=1)
        form.locator("button[type=submit]").click()
        expect(page.locator("#agenda-body .agenda-notice")).to_be_visible()

    add(first)
    expect(titles).to_have_text([*before, first])
    add(second, with_presenter=True)
    expect(titles).to_have_text([*before, first, second])
    # The fresh add form is empty again.
    expect(agenda.locator("form.agenda-add [name=title]")).to_have_value("")
    assert _marker(page) == "no reload"

    # Reorder: the second one goes up.
    other.filter(has_text=second).locator("button[name=direction][value=up]").click()
    expect(titles).to_have_text([*before, second, first])
    assert _marker(page) == "no reload"

    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    # Edit in place: the item's line turns into its form, then back.
    other.filter(has_text=first).locator('a[href$="/edit/"]').click()
    edit_form = agenda.locator("form.agenda-edit")
    edit_form.locator("[name=title]").fill("")
    edit_form.locator("button[type=submit]").click()
    expect(edit_form.locator(".invalid-feedback")).to_be_visible()  # the title is required
    edit_form.locator("[name=title]").fill(first + " (lần 2)")
    edit_form.locator("button[type=submit]").click()
    expect(agenda.locator("form.agenda-edit")).to_have_count(0)
    expect(titles).to_have_text([*before, second, first + " (lần 2)"])
    assert _marker(page) == "no reload"

    # Cancel puts the line back as it was.
    other.filter(has_text=second).locator('a[href$="/edit/"]').click()
    expect(agenda.locator("form.agenda-edit [name=title]")).to_have_value(second)
    agenda.locator("form.agenda-edit a[hx-select]").click()
    expect(agenda.locator("form.agenda-edit")).to_have_count(0)
    expect(titles).to_have_text([*before, second, first + " (lần 2)"])
    assert _marker(page) == "no reload"

    # The order persisted: reload the page.
    page.reload()
    assert _marker(page) is None
    expect(titles).to_have_text([*before, second, first + " (lần 2)"])

    # Remove asks first, exactly once per click; dismissing keeps the item.
    dialogs, answers = [], [False, True]

    def answer(dialog):
        dialogs.append(dialog.message)
        if answers and answers.pop(0):
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    page.evaluate("window.__agendaMarker = 'no reload'")
    remove = other.filter(has_text=second).locator('form[action$="/remove/"] button')
    remove.click()
    expect(titles).to_have_text([*before, second, first + " (lần 2)"])
    remove.click()
    expect(titles).to_have_text([*before, first + " (lần 2)"])
    assert len(dialogs) == 2
    assert second in dialogs[0]
    assert _marker(page) == "no reload"

    assert list(
        meeting.agenda_items.filter(section="other")
        .order_by("position", "pk")
        .values_list("title", flat=True)
    ) == [*before, first + " (lần 2)"]
