"""Who may see and prepare meetings — built on `members.access` (the user's roles)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from cells.models import Cell
from meetings.models import AgendaItem, Body, Meeting
from members import access


def can_edit_meeting(user, meeting: Meeting) -> bool:
    """Committee officers prepare every meeting of the committee; a cell's secretary and deputy
    prepare their cell's."""
    acc = access.access_for(user)
    return meeting.committee_id in acc.officer_committees or (
        meeting.body == Body.CELL and meeting.cell_id in acc.editor_cells
    )


def can_plan(user) -> bool:
    acc = access.access_for(user)
    return bool(acc.officer_committees or acc.editor_cells)


def plannable_cells(user):
    """Cells whose meetings the user may plan."""
    acc = access.access_for(user)
    return (
        Cell.objects.active()
        .filter(Q(committee_id__in=acc.officer_committees) | Q(pk__in=acc.editor_cells))
        .select_related("committee")
        .order_by("committee__name", "code")
    )


def section_visible(user) -> bool:
    """May open the meetings section at all (anyone with a role in a committee)."""
    acc = access.access_for(user)
    return bool(
        acc.officer_committees or acc.officer_cells or acc.own_cells or acc.reader_committees
    )


def require_section(user):
    if not section_visible(user):
        raise PermissionDenied


def get_meeting_for_user(user, pk, *, edit: bool = False) -> Meeting:
    """404 for a meeting the user may not see, 403 for one she may see but not prepare."""
    require_section(user)
    meeting = Meeting.objects.visible_to(user).with_related().filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if edit and not can_edit_meeting(user, meeting):
        raise PermissionDenied
    return meeting


def get_agenda_item_for_user(user, pk, *, meeting_pk=None) -> AgendaItem:
    """An agenda item of a meeting the user may prepare (404 if not visible, 403 if read-only).

    With `meeting_pk`, an item of another meeting is a 404 (a crafted POST).
    """
    require_section(user)
    item = (
        AgendaItem.objects.filter(pk=pk, meeting__in=Meeting.objects.visible_to(user))
        .select_related("meeting", "meeting__cell", "presenter")
        .first()
    )
    if item is None or (meeting_pk is not None and item.meeting_id != int(meeting_pk)):
        raise Http404
    if not can_edit_meeting(user, item.meeting):
        raise PermissionDenied
    return item


# --- the record of a held meeting (attendance, minutes) ----------------------------------------


def can_record(user, meeting: Meeting) -> bool:
    """Record attendance and minutes: whoever prepares the meeting, and the meeting's clerk."""
    acc = access.access_for(user)
    return can_edit_meeting(user, meeting) or (
        acc.member_id is not None and acc.member_id == meeting.clerk_id
    )


def can_approve(user, meeting: Meeting) -> bool:
    """Approve (and later amend) the minutes: the chair, or whoever prepares the meeting (the
    cell secretary or deputy; committee officers for the committee's own meetings)."""
    acc = access.access_for(user)
    return can_edit_meeting(user, meeting) or (
        acc.member_id is not None and acc.member_id == meeting.chair_id
    )


def can_read_record(user, meeting: Meeting, *, approved: bool) -> bool:
    """Approved minutes: everyone who sees the meeting. Drafts: the chair, the clerk, the cell's
    officers and the committee's officers."""
    if approved:
        return True
    acc = access.access_for(user)
    return (
        can_record(user, meeting)
        or can_approve(user, meeting)
        or (meeting.body == Body.CELL and meeting.cell_id in acc.officer_cells)
    )
