"""The attendance sheet and the guests of a held meeting (DOMAIN §4.4; issue 7 items 1, 2, 5).

`record_start` opens the record: the sheet lists every member of the meeting's body on the
meeting date, present by default. On the sheet each member's row is its own small form — one tap
marks her present, excused (with a reason) or unexcused. With htmx the answer is the row partial
and the headcount block (swapped out of band); without JavaScript, a redirect back to her row with
a message, or the sheet again with the row's error (nothing saved). Guests are added and removed
the same way (the `_guests.html` partial). Once the minutes are approved the sheet is read-only
and a correction is an amendment (`attendance_amend`), made by whoever may approve.

A write the service refuses as a whole (the minutes are approved, the person is not on the sheet)
is said in a message on the sheet; with htmx the page is reloaded (`HX-Redirect`) so it shows
the sheet as it now is.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from core.forms import apply_service_errors, posted
from meetings import access as meeting_access
from meetings.models import Attendance, Guest, Meeting, Minutes
from meetings.record import amendments, attendance
from meetings.record.forms import AttendanceAmendForm, AttendanceMarkForm, GuestForm
from meetings.record.selectors import attendance_rows, meeting_headcount
from members.models import Status as MemberStatus

ROW_TEMPLATE = "meetings/_attendance_row.html"
GUESTS_TEMPLATE = "meetings/_guests.html"


# --- helpers ----------------------------------------------------------------------------------


def _minutes(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting_id=meeting.pk).first()


def _sheet_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:attendance", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _row_anchor(member_id) -> str:
    return f"member-{member_id}"


def _recorded_meeting(request, pk) -> Meeting:
    """The meeting (404 if the user may not see it), when she records it (403 otherwise)."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    if not meeting_access.can_record(request.user, meeting):
        raise PermissionDenied
    return meeting


def _go(request, url: str):
    """A redirect; for htmx a full-page one (the page must show the sheet as it now is)."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _refused(request, meeting: Meeting, error: ValidationError, anchor: str = ""):
    """The service refused the write as a whole: say why on the sheet; nothing was saved."""
    for message in error.messages:
        messages.error(request, message)
    if _minutes(meeting) is None:  # Not recorded yet: the meeting page offers to start.
        return _go(request, meeting.get_absolute_url())
    return _go(request, _sheet_url(meeting, anchor))


def _status_labels() -> dict:
    """A member's status on the meeting date, as the sheet names it ("Probationary")."""
    return dict(MemberStatus.choices)


def _sheet_context(request, meeting: Meeting, minutes: Minutes, *, failed=None, guest_form=None):
    """Everything the sheet shows — a constant number of queries, whatever the size of the cell.

    `failed`: (member id, the row's form with its errors) to show on that row (no-JS path).
    """
    rows = attendance_rows(meeting)
    if failed is not None:
        member_id, form = failed
        for row in rows:
            if row.member_id == member_id:
                row.mark_form = form
    can_record = meeting_access.can_record(request.user, meeting)
    editable = can_record and not minutes.is_locked
    return {
        "meeting": meeting,
        "minutes": minutes,
        "rows": rows,
        "headcount": meeting_headcount(meeting, rows),
        "guests": list(Guest.objects.filter(meeting_id=meeting.pk)),
        "guest_form": (guest_form or GuestForm()) if editable else None,
        "editable": editable,
        "can_write_minutes": editable,
        "can_amend": minutes.is_locked and meeting_access.can_approve(request.user, meeting),
        "status_labels": _status_labels(),
    }


def _render_sheet(request, meeting: Meeting, minutes: Minutes, **kwargs):
    return render(
        request, "meetings/attendance.html", _sheet_context(request, meeting, minutes, **kwargs)
    )


def _row(request, meeting: Meeting, row: Attendance, *, form=None, notice: str = ""):
    """One row of the sheet for htmx, with the headcount block swapped out of band."""
    if form is not None:
        row.mark_form = form
    return render(
        request,
        ROW_TEMPLATE,
        {
            "meeting": meeting,
            "row": row,
            "editable": True,
            "status_labels": _status_labels(),
            "row_notice": notice,
            "oob_headcount": meeting_headcount(meeting),
        },
    )


def _guests(request, meeting: Meeting, *, guest_form=None, notice: str = ""):
    """The guests card for htmx (only recorders of an open sheet reach it)."""
    return render(
        request,
        GUESTS_TEMPLATE,
        {
            "meeting": meeting,
            "guests": list(Guest.objects.filter(meeting_id=meeting.pk)),
            "guest_form": guest_form or GuestForm(),
            "editable": True,
            "guests_notice": notice,
        },
    )


# --- the views --------------------------------------------------------------------------------


@require_POST
def record_start(request, pk):
    """Start recording a meeting that has taken place: it becomes held, its sheet is filled in."""
    meeting = _recorded_meeting(request, pk)
    already = _minutes(meeting) is not None
    try:
        attendance.recording_start(meeting=meeting, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(meeting)
    if already:
        messages.info(request, _("Recording had already started: here is the attendance sheet."))
    else:
        messages.success(
            request,
            _(
                "Recording started. Everyone on the attendance sheet is present until you mark "
                "otherwise."
            ),
        )
    return redirect(_sheet_url(meeting))


@require_GET
def attendance_sheet(request, pk):
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    minutes = _minutes(meeting)
    if minutes is None:
        messages.info(request, _("Nothing has been recorded for this meeting yet."))
        return redirect(meeting)
    if not meeting_access.can_read_record(request.user, meeting, approved=minutes.is_locked):
        raise PermissionDenied
    return _render_sheet(request, meeting, minutes)


@require_POST
def attendance_refresh(request, pk):
    """Bring the sheet in line with the body's members on the meeting date."""
    meeting = _recorded_meeting(request, pk)
    try:
        added, removed = attendance.attendance_refresh(meeting=meeting, by=request.user)
    except ValidationError as error:
        return _refused(request, meeting, error)
    if added or removed:
        messages.success(
            request,
            _("The list was refreshed: %(added)s added, %(removed)s removed.")
            % {"added": added, "removed": removed},
        )
    else:
        messages.info(request, _("The list is up to date: nobody was added or removed."))
    return _go(request, _sheet_url(meeting))


@require_POST
def attendance_mark(request, pk, member_pk):
    """Mark one member present, excused (with a reason) or unexcused."""
    meeting = _recorded_meeting(request, pk)
    form = AttendanceMarkForm(request.POST)
    # The form only parses (a NUL character is refused there); the service checks the values.
    # An invalid form never reaches the service: its partial data would save something else.
    if form.is_valid():
        try:
            row = attendance.attendance_set(
                meeting=meeting, member_id=member_pk, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, meeting, error, _row_anchor(member_pk))
            apply_service_errors(form, error)
        else:
            message = _("%(name)s: %(attendance)s.") % {
                "name": row.member.full_name,
                "attendance": row.get_status_display(),
            }
            if request.htmx:
                return _row(request, meeting, row, notice=message)
            messages.success(request, message)
            return redirect(_sheet_url(meeting, _row_anchor(row.member_id)))
    # A bad value on her row: the row again with the error and what she typed; nothing saved.
    if request.htmx:
        row = (
            Attendance.objects.with_member()
            .filter(meeting_id=meeting.pk, member_id=member_pk)
            .first()
        )
        if row is None:  # Taken off the sheet meanwhile.
            return _go(request, _sheet_url(meeting))
        return _row(request, meeting, row, form=form)
    return _render_sheet(request, meeting, _minutes(meeting), failed=(member_pk, form))


@require_http_methods(["GET", "POST"])
def attendance_amend(request, pk, member_pk):
    """Correct one attendance row of approved minutes by an amendment (who, when, why)."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    if not meeting_access.can_approve(request.user, meeting):
        raise PermissionDenied
    minutes = _minutes(meeting)
    if minutes is None or not minutes.is_locked:
        messages.info(
            request,
            _(
                "The minutes are not approved yet: change the attendance on the sheet, no "
                "amendment is needed."
            ),
        )
        return redirect(_sheet_url(meeting, _row_anchor(member_pk)))
    row = (
        Attendance.objects.with_member().filter(meeting_id=meeting.pk, member_id=member_pk).first()
    )
    if row is None:
        raise Http404
    form = AttendanceAmendForm(
        posted(request), initial={"status": row.status, "reason": row.reason}
    )
    if request.method == "POST" and form.is_valid():
        try:
            amendments.amend_attendance(
                meeting=meeting, member_id=row.member_id, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The amendment was saved: the attendance of %(name)s was corrected.")
                % {"name": row.member.full_name},
            )
            return redirect("meetings:minutes", pk=meeting.pk)
    return render(
        request,
        "meetings/attendance_amend.html",
        {
            "meeting": meeting,
            "row": row,
            "form": form,
            "status_labels": _status_labels(),
            "submit_label": _("Save the amendment"),
            "cancel_url": _sheet_url(meeting, _row_anchor(row.member_id)),
        },
    )


@require_POST
def guest_add(request, pk):
    meeting = _recorded_meeting(request, pk)
    form = GuestForm(request.POST)
    # The form only parses (a NUL character is refused there); the service checks the name and
    # the lengths. An invalid form is shown again and never reaches the service.
    if form.is_valid():
        try:
            guest = attendance.guest_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, meeting, error, "guests")
            apply_service_errors(form, error)
        else:
            message = _("%(name)s was added to the guests.") % {"name": guest.name}
            if request.htmx:
                return _guests(request, meeting, notice=message)
            messages.success(request, message)
            return redirect(_sheet_url(meeting, "guests"))
    if request.htmx:
        return _guests(request, meeting, guest_form=form)
    return _render_sheet(request, meeting, _minutes(meeting), guest_form=form)


@require_POST
def guest_remove(request, pk, guest_pk):
    meeting = _recorded_meeting(request, pk)
    guest = Guest.objects.filter(pk=guest_pk, meeting_id=meeting.pk).first()
    if guest is None:
        # Removed a moment ago (a second tap, another tab): say so; a guest never here is a 404.
        if not Guest.history.filter(id=guest_pk, meeting_id=meeting.pk).exists():
            raise Http404
        messages.info(request, _("This guest has already been removed."))
        return _go(request, _sheet_url(meeting, "guests"))
    guest.meeting = meeting
    try:
        attendance.guest_remove(guest=guest, by=request.user)
    except ValidationError as error:
        return _refused(request, meeting, error, "guests")
    message = _("%(name)s was removed from the guests.") % {"name": guest.name}
    if request.htmx:
        return _guests(request, meeting, notice=message)
    messages.success(request, message)
    return redirect(_sheet_url(meeting, "guests"))
