"""Reads and the record lock that every part of meetings/ shares: who belongs to a meeting's body
on its date, and the meeting's record open for writing."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from meetings.models import (
    Body,
    Meeting,
    Minutes,
)
from members.models import Member, Position


def body_members(meeting: Meeting):
    """The members of the meeting's body on the meeting date (who is invited, who prepares).

    A cell: its members that day; the executive committee: holders of a committee position
    that day; the whole committee: every member on its roll that day.
    """
    if meeting.body == Body.CELL:
        return Member.objects.in_cell_on(meeting.cell, meeting.date).select_related("user")
    if meeting.body == Body.EXECUTIVE:
        holders = (
            Position.objects.active_on(meeting.date)
            .filter(committee_id=meeting.committee_id, role__in=Position.COMMITTEE_ROLES)
            .values("member_id")
        )
        members = Member.objects.filter(pk__in=holders)
    else:
        members = Member.objects.filter(committee_id=meeting.committee_id)
    # On the roll that day, with `status_on` her status that day (like `in_cell_on` for a cell).
    return members.on_roll_on(meeting.date).select_related("user")


def body_members_on(*, committee_id, body: str, cell, date):
    """`body_members` of a meeting not saved yet (the planning form: the chosen body, cell and
    date), by name."""
    meeting = Meeting(committee_id=committee_id, body=body, cell=cell, date=date)
    return body_members(meeting).ordered()


def open_record(meeting: Meeting) -> Minutes:
    """The meeting's minutes, locked for this transaction: every write to the record of the
    meeting (attendance, minutes, votes, resolutions, tasks) goes through here, and is refused
    before recording started or once the minutes are approved."""
    minutes = Minutes.objects.select_for_update().filter(meeting_id=meeting.pk).first()
    if minutes is None:
        raise ValidationError(_("Start recording the meeting first."))
    if minutes.is_locked:
        raise ValidationError(
            _("The minutes are approved and locked: correct them with an amendment.")
        )
    return minutes
