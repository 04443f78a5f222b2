"""Vietnamese first (issue 17 item 18): the browser's language is never asked, and dates and
times read the Vietnamese way — 16:30, 05/03/2026 — in both languages."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from core.forms import TimeInput
from core.language import chosen_language
from tests.factories import CellFactory, MeetingFactory


def _language(response) -> str:
    return response.headers["Content-Language"]


@pytest.mark.django_db
def test_a_browser_set_to_english_gets_vietnamese(client):
    response = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})

    assert _language(response) == "vi"
    assert '<html lang="vi">' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_a_logged_in_user_who_never_chose_gets_vietnamese_whatever_her_browser(client, officer):
    client.force_login(officer)
    response = client.get(reverse("members:notifications"), headers={"Accept-Language": "en"})
    assert _language(response) == "vi"


@pytest.mark.django_db
def test_the_language_cookie_chooses_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("login"))
    assert _language(response) == "en"
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_a_cookie_for_a_language_the_app_does_not_speak_is_ignored(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert _language(client.get(reverse("login"))) == "vi"


def test_chosen_language_prefers_her_account_then_the_cookie_then_vietnamese():
    assert chosen_language(account="en", cookie="vi") == "en"
    assert chosen_language(account="", cookie="en") == "en"
    assert chosen_language(account="", cookie="") == "vi"
    assert chosen_language(account="xx", cookie="de") == "vi"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_times_and_dates_read_the_vietnamese_way_in_both_languages(language):
    moment = datetime.datetime(2026, 3, 5, 16, 30)
    with translation.override(language):
        assert formats.date_format(moment.time(), "TIME_FORMAT") == "16:30"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "16:30 05/03/2026"
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "05/03/2026"
        assert formats.localize(moment.time()) == "16:30"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_time_field_is_a_24_hour_text_field_in_both_languages(language):
    """The browser's own time picker follows the browser's language ("04:30 PM")."""
    with translation.override(language):
        html = TimeInput().render("start_time", datetime.time(16, 30))
    assert 'type="text"' in html
    assert 'value="16:30"' in html


@pytest.mark.django_db
def test_the_meeting_form_in_english_shows_16_30(client, officer, committee):
    meeting = MeetingFactory(
        cell=CellFactory(committee=committee), start_time=datetime.time(16, 30)
    )
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()

    assert '<html lang="en">' in page
    assert 'name="start_time" value="16:30"' in page
    assert 'type="time"' not in page
