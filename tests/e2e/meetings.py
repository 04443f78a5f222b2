"""Meetings that browser tests set up in the demo data (through the services)."""

import datetime

from django.utils import timezone

from cells.models import Committee
from demo.management.commands.seed_demo import COMMITTEE
from meetings.models import AgendaItem, Meeting
from meetings.planning.agenda import agenda_item_add
from meetings.planning.meetings import meeting_create, meeting_publish
from members.models import User


def todays_cb1_meeting(item_title: str) -> Meeting:
    """An extraordinary meeting of CB1 today with one agenda item, published by secretary1."""
    committee = Committee.objects.get(name=COMMITTEE["name"])
    cell = committee.cells.get(code="CB1")
    secretary = User.objects.get(username="secretary1")
    meeting = meeting_create(
        committee=committee,
        body="cell",
        cell=cell,
        kind="extraordinary",
        date=timezone.localdate(),
        start_time=datetime.time(7, 0),
        place="Phòng họp tổ",
        by=secretary,
    )
    agenda_item_add(
        meeting=meeting, section=AgendaItem.Section.OTHER, title=item_title, by=secretary
    )
    meeting_publish(meeting=meeting, by=secretary)
    return meeting


def next_cb1_meeting() -> Meeting:
    """CB1's next published meeting in the demo (next month's, with two documents)."""
    meeting = (
        Meeting.objects.filter(
            committee__name=COMMITTEE["name"],
            cell__code="CB1",
            status="published",
            date__gt=timezone.localdate(),
        )
        .order_by("date")
        .first()
    )
    assert meeting is not None, "the demo publishes next month's CB1 meeting"
    return meeting
