"""Reaching the members without an account (issue 21, part 3): the meeting page's card "Send
the notice to the cell" (who was reached, the text to share) and the invitation (giấy mời) as an
A4 print view and a DOCX.

Whoever prepares the meeting (`access.can_edit_meeting`, the same as publishing it) sees the card
while the meeting is published and still ahead, and prints the invitation at any time — a draft
one marked "DỰ THẢO", since its agenda may still change. Everyone else who sees the meeting gets
a 403, and who does not see it a 404 (`get_meeting_for_user(…, edit=True)`).
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from meetings import access as meeting_access
from meetings.models import Status
from meetings.planning import invitation

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def notice_context(user, meeting, *, document_count: int) -> dict:
    """What the card shows: for whoever prepares a published meeting not yet past, who was
    reached and the notice — two queries (the body's members, the agenda)."""
    show = (
        meeting.status in (Status.DRAFT, Status.PUBLISHED)
        and meeting.date >= timezone.localdate()
        and meeting_access.can_edit_meeting(user, meeting)
    )
    if not show:
        return {"notice_show": False}
    if meeting.status == Status.DRAFT:
        return {"notice_show": True, "notice_draft": True}
    return {
        "notice_show": True,
        "notice_draft": False,
        "notice_reach": invitation.meeting_reach(meeting),
        "notice_title": invitation.notice_title(meeting),
        "notice_text": invitation.notice_text(meeting, document_count=document_count),
    }


def invitation_print(request, pk):
    """The invitation on an A4 page, in Vietnamese, ready for the browser's print dialog."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk, edit=True)
    with translation.override("vi"):
        content = invitation.invitation_content(meeting)
        return render(
            request, "meetings/invitation_print.html", {"meeting": meeting, "doc": content}
        )


def invitation_docx(request, pk):
    """The invitation as a Word document (DOCX), in Vietnamese."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk, edit=True)
    response = HttpResponse(invitation.invitation_docx(meeting), content_type=DOCX_TYPE)
    filename = invitation.invitation_filename(meeting)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
