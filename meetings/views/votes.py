"""Votes at a meeting — biểu quyết (DOMAIN §4.4, §6; issue 8 items 1–2).

`vote_list` lists the meeting's votes, each with its tally, the working in Vietnamese and the
result, for whoever reads the record (approved minutes: everyone who sees the meeting; drafts:
the chair, the clerk and the officers — `access.can_read_record`). While the record is open
(recording started, minutes not approved) those who record it (`access.can_record`) add a vote
with the form under the list, and remove one entered by mistake (`vote_remove`, confirmed). The
rules live in `meetings.decisions.votes` (the service) and `meetings.decisions.vote_rules` (the engine): the view parses,
calls, says the result and redirects; on an error the form comes back with what was typed.

Recognition as an official member expects the course for new members (DOMAIN §14): for those who
record the meeting, the page warns about the members concerned who had not completed it by the
meeting day (`_training_warnings`, asking `library.training.selectors`). The vote rules never ask:
the app warns, the body decides.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import apply_service_errors
from library.training import selectors as training_selectors
from meetings import access as meeting_access
from meetings.decisions import vote_rules, votes
from meetings.decisions.forms import VoteForm
from meetings.models import AgendaItem, Meeting, Minutes, Motion, MotionKind
from meetings.record.selectors import attendance_rows
from members.models import Member
from members.models import Status as MemberStatus


def _votes_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:votes", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _record(request, pk) -> tuple[Meeting, Minutes | None]:
    """The meeting (404 if the user may not see it) and its minutes (None before recording)."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    return meeting, Minutes.objects.filter(meeting_id=meeting.pk).first()


def _form_choices(meeting: Meeting) -> tuple[list, list]:
    """(people, items) for the form: the attendance sheet with each member's status that day,
    the agenda numbered as the minutes number it — two queries."""
    statuses = dict(MemberStatus.choices)
    people = [
        (
            row.member_id,
            f"{row.member.full_name} ({statuses.get(row.member_status, row.member_status)})",
        )
        for row in attendance_rows(meeting)
    ]
    order = [value for value, _label in AgendaItem.Section.choices]
    items = sorted(
        AgendaItem.objects.filter(meeting_id=meeting.pk),
        key=lambda i: (order.index(i.section), i.position, i.pk),
    )
    return people, [(item.pk, f"{n}. {item.title}") for n, item in enumerate(items, start=1)]


def _now(meeting: Meeting) -> vote_rules.Outcome:
    """Who may vote now and the denominator, from the sheet (the working of an empty tally)."""
    return vote_rules.count(
        "ordinary",
        "hands",
        votes.vote_voters(meeting),
        vote_rules.Tally(0, 0),
        votes.thresholds_for(meeting.committee),
    )


def _motions(meeting: Meeting, *, can_record: bool, editable: bool) -> list[Motion]:
    """The meeting's votes in the order recorded, each with its resolution (if adopted) and what
    the user may do with it — one query, whatever the number of votes."""
    rows = list(
        Motion.objects.filter(meeting_id=meeting.pk)
        .select_related("agenda_item", "resolution")
        .order_by("recorded_at", "pk")
    )
    for motion in rows:
        try:
            motion.adopted = motion.resolution
        except ObjectDoesNotExist:
            motion.adopted = None
        # A passed resolution or conclusion is adopted as a numbered resolution (another page).
        motion.can_adopt = (
            can_record
            and motion.passed
            and motion.kind == MotionKind.ORDINARY
            and motion.adopted is None
        )
        motion.can_remove = editable and motion.adopted is None
    return rows


def _training_warnings(meeting: Meeting, motions: list[Motion], *, editable: bool) -> list[Member]:
    """Who had not completed the course for new members by the meeting day: the members
    concerned by a recognition vote and, while votes are recorded, the probationary members on
    the sheet (each with `course_started`); the recognition votes about them are marked
    (`new_member_course_missing`). Two queries at most."""
    recognition = MotionKind.RECOGNITION
    ids = {m.subject_member_id for m in motions if m.kind == recognition and m.subject_member_id}
    if editable:
        ids |= {
            row.member_id
            for row in attendance_rows(meeting)
            if row.member_status == MemberStatus.PROBATIONARY
        }
    missing = training_selectors.without_new_member_course(ids, on=meeting.date)
    missing_ids = {member.pk for member in missing}
    for motion in motions:
        motion.new_member_course_missing = (
            motion.kind == recognition and motion.subject_member_id in missing_ids
        )
    return missing


def _result_message(motion: Motion) -> str:
    if motion.passed:
        return _("The vote was recorded: passed. %(working)s.") % {"working": motion.working}
    return _("The vote was recorded: not passed. %(working)s.") % {"working": motion.working}


@require_http_methods(["GET", "POST"])
def vote_list(request, pk):
    meeting, minutes = _record(request, pk)
    user = request.user
    if minutes is None:
        messages.info(request, _("Nothing has been recorded for this meeting yet."))
        return redirect(meeting)
    if not meeting_access.can_read_record(user, meeting, approved=minutes.is_locked):
        raise PermissionDenied
    can_record = meeting_access.can_record(user, meeting)
    editable = can_record and not minutes.is_locked
    form = None
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if not editable:
            messages.info(
                request, _("The minutes are approved: votes can no longer be recorded or removed.")
            )
            return redirect(_votes_url(meeting))
        people, items = _form_choices(meeting)
        form = VoteForm(request.POST, people=people, items=items)
        if form.is_valid():
            try:
                motion = votes.vote_record(meeting=meeting, by=user, **form.cleaned_data)
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    # The record closed since the page was loaded.
                    for message in error.messages:
                        messages.error(request, message)
                    return redirect(_votes_url(meeting))
                apply_service_errors(form, error)
            else:
                level = messages.success if motion.passed else messages.warning
                level(request, _result_message(motion))
                return redirect(_votes_url(meeting, f"motion-{motion.pk}"))
    elif editable:
        people, items = _form_choices(meeting)
        form = VoteForm(people=people, items=items)

    motion_list = _motions(meeting, can_record=can_record, editable=editable)
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "motions": motion_list,
        "form": form,
        "editable": editable,
        "can_record": can_record,
        "now": _now(meeting) if editable else None,
        "training_missing": (
            _training_warnings(meeting, motion_list, editable=editable) if can_record else []
        ),
    }
    return render(request, "meetings/votes.html", context)


@require_POST
def vote_remove(request, pk, motion_pk):
    """Take a vote entered by mistake off the draft minutes (confirmed; history keeps it)."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    if not meeting_access.can_record(request.user, meeting):
        raise PermissionDenied
    motion = Motion.objects.filter(pk=motion_pk, meeting_id=meeting.pk).first()
    if motion is None:
        # Removed a moment ago (a second tap, another tab): say so; a vote never here is a 404.
        if not Motion.history.filter(id=motion_pk, meeting_id=meeting.pk).exists():
            raise Http404
        messages.info(request, _("This vote has already been removed."))
        return redirect(_votes_url(meeting))
    try:
        votes.vote_remove(motion=motion, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_votes_url(meeting, f"motion-{motion.pk}"))
    messages.success(request, _("The vote was removed."))
    return redirect(_votes_url(meeting))
