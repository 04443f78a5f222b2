"""iCalendar (RFC 5545) for meetings: a user's private feed and one meeting's .ics file.

Only published meetings go out (a draft is not news yet). Times are local (`TIME_ZONE`,
Asia/Ho_Chi_Minh) with the VTIMEZONE that defines them; a meeting lasts the committee's minimum
length (a setting: longer when it includes a topic session).
"""

import datetime
import secrets
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from cells.rules import rules_for
from meetings.models import AgendaItem, Meeting, Status
from members.models import User

PRODID = "-//chibo//Party meetings//VI"
# The feed covers the meetings of the last year and everything ahead.
FEED_PAST_DAYS = 365


def with_feed_data(queryset: QuerySet) -> QuerySet:
    """What an event needs, in a fixed number of queries: the holder, the committee's rules, the
    agenda, and when the meeting or its agenda last changed (from the audit history)."""
    meeting_changed = (
        Meeting.history.model.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    agenda_changed = (
        AgendaItem.history.model.objects.filter(meeting_id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    return (
        queryset.select_related("committee", "committee__rules", "cell")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk"))
        )
        .annotate(
            meeting_changed_at=Subquery(meeting_changed),
            agenda_changed_at=Subquery(agenda_changed),
        )
    )


def feed_meetings(user, *, today: datetime.date | None = None) -> QuerySet:
    """The published meetings `user` may see, from a year ago on, in date order."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=FEED_PAST_DAYS)
    meetings = (
        Meeting.objects.visible_to(user)
        .exclude(status=Status.DRAFT)
        .filter(date__gte=since)
        .order_by("date", "start_time", "pk")
    )
    return with_feed_data(meetings)


def meeting_duration(meeting: Meeting) -> datetime.timedelta:
    """The committee's minimum length of such a meeting (DOMAIN: every threshold is a setting)."""
    rules = rules_for(meeting.committee)
    minutes = (
        rules.min_topic_meeting_minutes if meeting.is_topic_session else rules.min_meeting_minutes
    )
    return datetime.timedelta(minutes=minutes)


def _changed_at(meeting: Meeting) -> datetime.datetime:
    """The last change to the meeting or its agenda, in UTC (DTSTAMP and LAST-MODIFIED)."""
    moments = [
        getattr(meeting, "meeting_changed_at", None),
        getattr(meeting, "agenda_changed_at", None),
        meeting.published_at,
    ]
    changed = max((m for m in moments if m is not None), default=None) or timezone.now()
    return changed.astimezone(datetime.UTC).replace(microsecond=0)


def meeting_event(meeting: Meeting) -> icalendar.Event:
    """One VEVENT for a meeting (its UID stays the same when the meeting moves)."""
    start = datetime.datetime.combine(
        meeting.date, meeting.start_time, tzinfo=ZoneInfo(settings.TIME_ZONE)
    )
    changed = _changed_at(meeting)
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@chibo")
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("dtstart", start)
    event.add("dtend", start + meeting_duration(meeting))
    event.add("summary", f"{meeting.get_kind_display()} — {meeting.holder_name}")
    if meeting.place:
        event.add("location", meeting.place)
    titles = [item.title for item in meeting.agenda_items.all()]
    if titles:
        event.add("description", "\n".join(titles))
    event.add("url", settings.SITE_URL.rstrip("/") + meeting.get_absolute_url())
    return event


def build_calendar(meetings: Iterable[Meeting], *, name: str = "") -> icalendar.Calendar:
    """A VCALENDAR with one VEVENT per published meeting (drafts are left out)."""
    meetings = [m for m in meetings if m.status != Status.DRAFT]
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # The time zone the events refer to (always present: a calendar has at least one component).
    dates = [m.date for m in meetings] or [timezone.localdate()]
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            settings.TIME_ZONE,
            first_date=min(dates) - datetime.timedelta(days=1),
            last_date=max(dates) + datetime.timedelta(days=366),
        )
    )
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    return calendar


@transaction.atomic
def ical_token_reset(*, user: User) -> str:
    """Give the user a new secret feed token (the first one, or a replacement: the old feed
    address stops working at once). Returns the token."""
    token = secrets.token_urlsafe(32)
    user.ical_token = token
    user.save(update_fields=["ical_token"])
    return token
