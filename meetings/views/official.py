"""Reading the minutes: the page, the A4 print view and the DOCX (DOMAIN §4.5, §13).

Approved minutes are read by everyone who sees the meeting; drafts only by the chair, the clerk,
the cell's officers and the committee's officers (`access.can_read_record`). The print view and
the DOCX are the official document, always in Vietnamese (`meetings.record.official`). A regular
cell meeting's minutes state the month's party fees in section (c), fetched here
(`meetings.views.fee_collection`) and passed to the document as plain numbers.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from cells.rules import rules_for
from core.versions import committee_scope, render_part
from meetings import access as meeting_access
from meetings.decisions import followup
from meetings.decisions.tasks import tasks_given_at
from meetings.models import AgendaItem, Amendment, Guest, Minutes, Status
from meetings.record import criticism
from meetings.record.minutes import Grade, quality_grade
from meetings.record.official import content as official_content
from meetings.record.official import document as official_document
from meetings.record.selectors import attendance_rows, meeting_headcount, minutes_items
from meetings.views.fee_collection import meeting_fees

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _readable(request, pk):
    """(meeting, minutes) the user may read: 404 unseen or not started, 403 a draft not hers."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    minutes = Minutes.objects.filter(meeting_id=meeting.pk).first()
    if minutes is None:
        raise Http404
    if not meeting_access.can_read_record(request.user, meeting, approved=minutes.is_locked):
        raise PermissionDenied
    return meeting, minutes


def _sections(items_with_contributions, reviews=(), fees=None):
    """[(section label, [(number, item, contributions)])] — numbered 1… across the agenda, as the
    document and the amendments number them. With `reviews` (the review of last month's tasks),
    section (b) is there even when it has no item; with `fees` (the month's party fees, stated
    in it), section (c)."""
    labels = dict(AgendaItem.Section.choices)
    sections: list[tuple[str, list]] = []
    keys: list[str] = []
    current = None
    for number, (item, contributions) in enumerate(items_with_contributions, start=1):
        if item.section != current:
            current = item.section
            keys.append(current)
            sections.append((labels[item.section], []))
        sections[-1][1].append((number, item, contributions))
    at = followup.review_section_at(keys, reviews)
    if at is not None:
        sections.insert(at, (labels[AgendaItem.Section.TASKS], []))
        keys.insert(at, AgendaItem.Section.TASKS)
    party = AgendaItem.Section.PARTY
    if fees is not None and fees.recorded and party not in keys:
        order = [key for key, _label in AgendaItem.Section.choices]
        at = sum(1 for key in keys if order.index(key) < order.index(party))
        sections.insert(at, (labels[party], []))
    return sections


def minutes_detail(request, pk):
    """The minutes in the app: the record as written — its items, the review of last month's
    tasks, the votes, the tasks given — with its state, approval and amendments."""
    meeting, minutes = _readable(request, pk)
    # One cached part per user, meeting and day (`core.versions`).
    body = render_part(
        request,
        "minutes",
        [committee_scope(meeting.committee_id)],
        (meeting.pk, timezone.localdate()),
        "meetings/_minutes_detail_body.html",
        lambda: _minutes_context(request, meeting, minutes),
    )
    return render(
        request,
        "meetings/minutes_detail.html",
        {"meeting": meeting, "minutes": minutes, "body": body},
    )


def _minutes_context(request, meeting, minutes) -> dict:
    user = request.user
    rules = rules_for(meeting.committee)
    grade = quality_grade(minutes.quality_total, rules)
    reviews = followup.review_items(meeting, frozen=True)
    fees = meeting_fees(meeting)
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "headcount": meeting_headcount(meeting, attendance_rows(meeting)),
        "guests": list(Guest.objects.filter(meeting_id=meeting.pk).order_by("pk")),
        "sections": _sections(minutes_items(meeting), reviews, fees),
        # Section (c): the month's party fees (totals only), as the official minutes state them.
        "fees": fees if fees is not None and fees.recorded else None,
        "fees_section": dict(AgendaItem.Section.choices)[AgendaItem.Section.PARTY],
        # Section (b)'s review of last month's tasks, under its items.
        "reviews": reviews,
        "reviews_section": dict(AgendaItem.Section.choices)[AgendaItem.Section.TASKS],
        "amendments": list(
            Amendment.objects.filter(meeting_id=meeting.pk).order_by("made_at", "pk")
        ),
        # The tasks given at the meeting (who, what, by when), as the official minutes list them.
        "tasks": tasks_given_at(meeting),
        "grade_label": Grade.LABELS[grade] if grade else None,
        "quality_max": rules.quality_max_points,
        "can_edit": not minutes.is_locked and meeting_access.can_record(user, meeting),
        "can_amend": minutes.is_locked and meeting_access.can_approve(user, meeting),
        # The chair approves here (she may not write the minutes, so not on the edit page).
        "can_approve": minutes.state == Minutes.State.READY
        and meeting_access.can_approve(user, meeting),
    }
    return context


def minutes_print(request, pk):
    """The official minutes on an A4 page, in Vietnamese, ready for the browser's print dialog."""
    meeting, minutes = _readable(request, pk)
    with translation.override("vi"):
        content = official_content.minutes_content(meeting, minutes, meeting_fees(meeting))
        return render(request, "meetings/minutes_print.html", {"meeting": meeting, "doc": content})


def minutes_docx(request, pk):
    """The official minutes as a Word document (DOCX), in Vietnamese."""
    meeting, minutes = _readable(request, pk)
    response = HttpResponse(
        official_document.minutes_docx(meeting, minutes, meeting_fees(meeting)),
        content_type=DOCX_TYPE,
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{official_document.docx_filename(meeting)}"'
    )
    return response


# --- the "record" panel of the meeting page ----------------------------------------------------


def record_context(user, meeting) -> dict:
    """What the meeting page's record panel shows and offers — one query (the minutes)."""
    if meeting.status == Status.DRAFT:
        return {"record_show": False}
    minutes = Minutes.objects.filter(meeting_id=meeting.pk).first()
    recorder = meeting_access.can_record(user, meeting)
    locked = minutes is not None and minutes.is_locked
    readable = minutes is not None and meeting_access.can_read_record(
        user, meeting, approved=locked
    )
    return {
        "record_show": True,
        "record_minutes": minutes,
        "record_can_start": (
            recorder and minutes is None and meeting.recording_can_start(timezone.localdate())
        ),
        "record_can_write": minutes is not None and recorder and not locked,
        # The attendance sheet and the minutes are read by the same people.
        "record_can_read": readable,
        # The confidential self-criticism and criticism records: the officers (and the
        # recorders while the record is open) — no query, the user's access is cached.
        "record_can_criticism": minutes is not None and criticism.may_list(user, meeting, minutes),
    }
