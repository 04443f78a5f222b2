"""Self-criticism and criticism records of a meeting — tự phê bình và phê bình (DOMAIN §7.1).

Confidential (DESIGN §3): the member concerned and the officers of the meeting's cell and
committee read them; the meeting's recorders (secretary, clerk) write them while its record is
open (`meetings.record.criticism`: `may_list`, `may_read`, `may_write`).

- `criticism_list`: every member on the attendance sheet, whether her self-criticism is written
  and how many criticisms she received, with "Edit" for the recorders while the record is open.
  The officers; the recorders while open. A member who sees the meeting gets 403 (her own record
  is at `criticism_edit`); whoever does not see the meeting, 404.
- `criticism_edit`: one member's record — read-only for her and for the officers, a form for the
  recorders while the record is open (self-criticism, the criticisms — by a member on the sheet
  or a guest —, her response, the chair's conclusion). 404 for anyone else (observers, other
  members, superusers without office); a POST by someone who may read but not write, 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import posted
from meetings import access as meeting_access
from meetings.models import CriticismRecord, Meeting, Minutes
from meetings.record import criticism
from meetings.record.forms import CriticismRecordForm, criticism_errors, criticism_formset
from meetings.record.selectors import attendance_rows
from members import access
from members.access_log import Kind, log_view


def _meeting(request, pk) -> tuple[Meeting, Minutes | None]:
    """The meeting (404 if the user does not see it) and its minutes, if recording started."""
    meeting = Meeting.objects.visible_to(request.user).with_related().filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting, Minutes.objects.filter(meeting_id=meeting.pk).first()


def _not_open_message(minutes) -> str:
    if minutes is None:
        return _("Start recording the meeting first: the records are written at it.")
    return _("The minutes are approved and locked: the records can no longer be changed.")


@require_http_methods(["GET"])
def criticism_list(request, pk):
    meeting, minutes = _meeting(request, pk)
    user = request.user
    if not criticism.may_list(user, meeting, minutes):
        raise PermissionDenied
    rows = attendance_rows(meeting)
    records = criticism.records_by_member(meeting)
    on_sheet = {row.member_id for row in rows}
    entries = [(row.member, records.get(row.member_id)) for row in rows]
    # A record of someone taken off the sheet since: still listed, after the others.
    entries += [(r.member, r) for member_id, r in records.items() if member_id not in on_sheet]
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "entries": entries,
        "written": sum(1 for _m, r in entries if r is not None and r.self_criticism),
        "can_write": criticism.may_write(user, meeting, minutes),
        "not_open": None if criticism.record_open(minutes) else _not_open_message(minutes),
    }
    return render(request, "meetings/criticism_list.html", context)


@require_http_methods(["GET", "POST"])
def criticism_edit(request, pk, member_pk):
    meeting, minutes = _meeting(request, pk)
    user = request.user
    if not criticism.may_read(user, meeting, minutes, member_pk):
        raise Http404
    sheet = attendance_rows(meeting)
    record = (
        CriticismRecord.objects.filter(meeting_id=meeting.pk, member_id=member_pk)
        .select_related("member", "updated_by")
        .first()
    )
    row = next((r for r in sheet if r.member_id == member_pk), None)
    if record is None and row is None:
        raise Http404
    member = record.member if record is not None else row.member
    saved = criticism.criticisms_of(record)
    can_write = criticism.may_write(user, meeting, minutes)
    list_url = reverse("meetings:criticism", args=[meeting.pk])
    can_list = criticism.may_list(user, meeting, minutes)
    if request.method == "POST" and not can_write:
        if not criticism.record_open(minutes) and meeting_access.can_record(user, meeting):
            # A recorder whose page was loaded before the minutes were approved.
            messages.error(request, _not_open_message(minutes))
            return redirect("meetings:criticism_edit", pk=meeting.pk, member_pk=member_pk)
        raise PermissionDenied
    if request.method == "GET" and record is not None:
        log_view(
            user, kind=Kind.CRITICISM, member=member, obj=record, request=request, label=meeting
        )
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "member": member,
        "record": record,
        "criticisms": saved,
        "can_write": can_write,
        "list_url": list_url if can_list else None,
        "own": access.access_for(user).member_id == member_pk,
        "not_open": None if criticism.record_open(minutes) else _not_open_message(minutes),
    }
    if not can_write:
        return render(request, "meetings/criticism_form.html", context)

    people = [(r.member_id, r.member.full_name) for r in sheet]
    initial = {
        "self_criticism": record.self_criticism if record else "",
        "response": record.response if record else "",
        "conclusion": record.conclusion if record else "",
    }
    form = CriticismRecordForm(posted(request), initial=initial)
    formset = criticism_formset(posted(request), people=people, criticisms=saved)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            criticism.criticism_record_save(
                meeting=meeting,
                member=member,
                by=user,
                criticisms=[f.row() for f in formset.forms],
                **form.cleaned_data,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict") and not criticism.record_open(
                Minutes.objects.filter(meeting_id=meeting.pk).first()
            ):
                # Approved since the page was loaded.
                messages.error(request, _not_open_message(minutes))
                return redirect("meetings:criticism_edit", pk=meeting.pk, member_pk=member_pk)
            criticism_errors(form, formset, error)
        else:
            messages.success(
                request,
                _("The record of %(name)s was saved.") % {"name": member.full_name},
            )
            if "more" in request.POST:
                return redirect("meetings:criticism_edit", pk=meeting.pk, member_pk=member_pk)
            return redirect(list_url)
    context.update(
        {
            "form": form,
            "formset": formset,
            "has_errors": bool(
                form.errors or formset.non_form_errors() or any(f.errors for f in formset.forms)
            ),
        }
    )
    return render(request, "meetings/criticism_form.html", context)
