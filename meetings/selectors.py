"""Read queries about meetings that several pages share."""

from meetings.models import Body, Meeting
from members.models import ON_ROLL, Member, Position


def body_members(meeting: Meeting):
    """The members of the meeting's body on the meeting date (who is invited, who prepares).

    A cell: its members that day; the executive committee: holders of a committee position
    that day; the whole committee: every member on the roll.
    """
    if meeting.body == Body.CELL:
        return Member.objects.in_cell_on(meeting.cell, meeting.date).select_related("user")
    if meeting.body == Body.EXECUTIVE:
        holders = (
            Position.objects.active_on(meeting.date)
            .filter(committee_id=meeting.committee_id, role__in=Position.COMMITTEE_ROLES)
            .values("member_id")
        )
        return Member.objects.filter(pk__in=holders, status__in=ON_ROLL).select_related("user")
    return Member.objects.filter(
        committee_id=meeting.committee_id, status__in=ON_ROLL
    ).select_related("user")
