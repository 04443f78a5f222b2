"""Calendars (meetings/ical.py, meetings/views/ical.py): the private feed is valid iCalendar with
the published meetings she may see, in Vietnam's time zone, as long as the committee's setting;
an unknown or reset token is a plain 404; the feed needs no session; one meeting's .ics file."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cells.services import rules_update
from meetings.planning.ical import build_calendar, ical_token_reset
from members.models import User
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    MeetingFactory,
    MemberFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SETTINGS_URL = reverse("meetings:ical_settings")
RESET_URL = reverse("meetings:ical_reset")


def _feed_url(token):
    return reverse("meetings:ical_feed", args=[token])


def _ics_url(meeting):
    return reverse("meetings:meeting_ics", args=[meeting.pk])


def _parse(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _events(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _uid(meeting):
    return f"meeting-{meeting.pk}@chibo"


@pytest.fixture
def world(committee):
    """Cells A and B of one committee; a member of A with a feed token; meetings around today."""
    today = timezone.localdate()
    cell_a, cell_b = CellFactory(committee=committee), CellFactory(committee=committee)
    user = member_user(MemberFactory(committee=committee, cell=cell_a))
    ical_token_reset(user=user)

    def meeting(cell, days, status, **kwargs):
        kwargs.setdefault("kind", "extraordinary")
        return MeetingFactory(
            cell=cell, date=today + datetime.timedelta(days=days), status=status, **kwargs
        )

    meetings = {
        "a_published": meeting(cell_a, 10, "published", kind="regular", place="Phòng họp số 2"),
        "a_held": meeting(cell_a, -30, "held"),
        "a_draft": meeting(cell_a, 20, "draft"),
        "a_old": meeting(cell_a, -400, "approved"),
        "a_topic": meeting(cell_a, 40, "published", kind="topic", topic="Học tập Nghị quyết"),
        "b_published": meeting(cell_b, 10, "published"),
        "conference": MeetingFactory(
            committee=committee,
            cell=None,
            body="committee",
            kind="conference",
            date=today + datetime.timedelta(days=60),
            status="published",
        ),
        "executive": MeetingFactory(
            committee=committee,
            cell=None,
            body="executive",
            kind="extraordinary",
            date=today + datetime.timedelta(days=5),
            status="published",
        ),
    }
    AgendaItemFactory(meeting=meetings["a_published"], title="Tình hình tư tưởng", position=10)
    AgendaItemFactory(meeting=meetings["a_published"], title="Kết nạp đảng viên", position=20)
    return {"committee": committee, "user": user, "meetings": meetings, "cell_b": cell_b}


def _feed(world, client=None):
    client = client or Client()
    return _parse(client.get(_feed_url(world["user"].ical_token)))


# --- the feed -----------------------------------------------------------------------------------


def test_feed_is_valid_icalendar_with_only_the_published_meetings_she_may_see(world):
    calendar = _feed(world)

    m = world["meetings"]
    assert calendar["VERSION"] == "2.0"
    assert set(_events(calendar)) == {
        _uid(m[name]) for name in ("a_published", "a_held", "a_topic", "conference")
    }
    # Not: her cell's draft, a meeting over a year ago, cell B's, the executive committee's.


def test_feed_works_without_a_session(world):
    anonymous = Client()  # a calendar app: no cookie, no login
    response = anonymous.get(_feed_url(world["user"].ical_token))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert _events(_parse(response))


def test_events_start_in_vietnam_time(world):
    response = Client().get(_feed_url(world["user"].ical_token))
    calendar = _parse(response)
    meeting = world["meetings"]["a_published"]
    event = _events(calendar)[_uid(meeting)]

    start = event.decoded("DTSTART")
    assert start.tzinfo.key == "Asia/Ho_Chi_Minh"
    assert start == datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=HCM)
    assert event.decoded("DTEND").tzinfo.key == "Asia/Ho_Chi_Minh"
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:" in response.content
    # The time zone the events name is defined in the calendar itself.
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert calendar.get_missing_tzids() == set()


def test_event_fields(world):
    meeting = world["meetings"]["a_published"]
    event = _events(_feed(world))[_uid(meeting)]

    assert str(event["SUMMARY"]) == f"{meeting.get_kind_display()} — {meeting.cell.name}"
    assert str(event["LOCATION"]) == "Phòng họp số 2"
    assert str(event["DESCRIPTION"]) == "Tình hình tư tưởng\nKết nạp đảng viên"
    assert str(event["URL"]) == settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()
    assert event.decoded("LAST-MODIFIED").tzinfo is not None
    assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED")


def test_the_duration_follows_the_committee_setting(world, officer):
    meeting, topic = world["meetings"]["a_published"], world["meetings"]["a_topic"]

    def lengths():
        events = _events(_feed(world))
        return [
            events[_uid(m)].decoded("DTEND") - events[_uid(m)].decoded("DTSTART")
            for m in (meeting, topic)
        ]

    assert lengths() == [datetime.timedelta(minutes=90), datetime.timedelta(minutes=120)]

    rules_update(
        committee=world["committee"],
        by=officer,
        min_meeting_minutes=150,
        min_topic_meeting_minutes=180,
    )

    assert lengths() == [datetime.timedelta(minutes=150), datetime.timedelta(minutes=180)]


def test_a_regular_meeting_with_a_topic_session_lasts_the_topic_length(world, officer):
    meeting = world["meetings"]["a_published"]
    meeting.includes_topic = True
    meeting.save()
    rules_update(committee=world["committee"], by=officer, min_topic_meeting_minutes=135)

    event = _events(_feed(world))[_uid(meeting)]

    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=135)


def test_feed_queries_do_not_grow_with_meetings(world):
    client = Client()
    url = _feed_url(world["user"].ical_token)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    cell = world["meetings"]["a_published"].cell
    for days in range(1, 20):
        meeting = MeetingFactory(
            cell=cell,
            kind="extraordinary",
            status="published",
            date=timezone.localdate() + datetime.timedelta(days=days),
        )
        AgendaItemFactory(meeting=meeting)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(_events(_parse(response))) == 4 + 19
    assert len(few) == len(many)


def test_a_user_who_sees_no_meetings_gets_a_valid_empty_calendar(plain_user):
    token = ical_token_reset(user=plain_user)
    calendar = _parse(Client().get(_feed_url(token)))
    assert calendar.walk("VEVENT") == []


def test_build_calendar_leaves_drafts_out(world):
    calendar = build_calendar([world["meetings"]["a_draft"], world["meetings"]["a_published"]])
    assert set(_events(calendar)) == {_uid(world["meetings"]["a_published"])}


# --- bad tokens ---------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["not-a-token", "x" * 200, "%C3%A9", "'; DROP TABLE x; --"])
def test_an_unknown_token_is_a_plain_404(world, token):
    anonymous = Client()
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = anonymous.get(_feed_url(token))

    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"This calendar link is not valid" in response.content


def test_after_a_reset_the_old_token_is_a_404_and_the_new_one_works(client, world):
    user = world["user"]
    old = user.ical_token
    client.force_login(user)

    response = client.post(RESET_URL)

    assert response.status_code == 302
    assert response.url == SETTINGS_URL
    user.refresh_from_db()
    assert user.ical_token and user.ical_token != old
    assert len(user.ical_token) >= 43  # secrets.token_urlsafe(32)
    assert Client().get(_feed_url(old)).status_code == 404
    assert _events(_parse(Client().get(_feed_url(user.ical_token))))


def test_the_token_of_an_inactive_user_is_a_404(world):
    User.objects.filter(pk=world["user"].pk).update(is_active=False)
    assert Client().get(_feed_url(world["user"].ical_token)).status_code == 404


# --- the settings page --------------------------------------------------------------------------


def test_get_settings_creates_nothing(client, committee):
    user = member_user(MemberFactory(committee=committee, cell=CellFactory(committee=committee)))
    client.force_login(user)

    response = client.get(SETTINGS_URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.ical_token is None
    html = response.content.decode()
    assert RESET_URL in html
    assert response.context["feed_url"] == ""


def test_the_first_post_creates_her_link_and_the_page_shows_it(client, committee):
    user = member_user(MemberFactory(committee=committee, cell=CellFactory(committee=committee)))
    client.force_login(user)

    response = client.post(RESET_URL, follow=True)

    user.refresh_from_db()
    assert user.ical_token
    feed_url = "http://testserver" + _feed_url(user.ical_token)
    assert response.context["feed_url"] == feed_url
    assert response.context["webcal_url"] == feed_url.replace("http://", "webcal://")
    assert feed_url in response.content.decode()


def test_reset_is_post_only(client, world):
    client.force_login(world["user"])
    old = world["user"].ical_token
    assert client.get(RESET_URL).status_code == 405
    world["user"].refresh_from_db()
    assert world["user"].ical_token == old


def test_settings_need_a_login_and_the_meetings_section(client, plain_user):
    assert client.get(SETTINGS_URL).status_code == 302
    client.force_login(plain_user)
    assert client.get(SETTINGS_URL).status_code == 403
    assert client.post(RESET_URL).status_code == 403
    plain_user.refresh_from_db()
    assert plain_user.ical_token is None


def test_the_calendar_page_links_to_the_settings(client, world):
    client.force_login(world["user"])
    assert SETTINGS_URL in client.get(reverse("meetings:calendar")).content.decode()


# --- one meeting's .ics -------------------------------------------------------------------------


def test_meeting_ics_for_a_visible_meeting(client, world):
    meeting = world["meetings"]["a_published"]
    client.force_login(world["user"])

    response = client.get(_ics_url(meeting))

    calendar = _parse(response)
    assert list(_events(calendar)) == [_uid(meeting)]
    assert response["Content-Disposition"] == (
        f'attachment; filename="sinh-hoat-{meeting.date:%Y-%m-%d}.ics"'
    )


def test_meeting_ics_of_another_cells_meeting_is_a_404(client, world):
    client.force_login(world["user"])
    assert client.get(_ics_url(world["meetings"]["b_published"])).status_code == 404


def test_meeting_ics_of_a_draft_is_a_404_even_for_an_officer(client, world, officer):
    client.force_login(officer)
    assert client.get(_ics_url(world["meetings"]["a_draft"])).status_code == 404
    assert client.get(_ics_url(world["meetings"]["b_published"])).status_code == 200


def test_meeting_ics_needs_a_login(client, world):
    response = client.get(_ics_url(world["meetings"]["a_published"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_meeting_page_offers_add_to_calendar_once_published(client, world, officer):
    client.force_login(officer)
    published, draft = world["meetings"]["a_published"], world["meetings"]["a_draft"]

    page = client.get(published.get_absolute_url()).content.decode()
    assert _ics_url(published) in page

    page = client.get(draft.get_absolute_url()).content.decode()
    assert _ics_url(draft) not in page
