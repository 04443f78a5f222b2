"""Writing the minutes, marking them ready, approving them and amending them (DOMAIN §4.4–5).

The minutes form (`minutes_edit`) works as a plain form: each item shows its saved contributions
and two empty rows, a submit saves and comes back. With JavaScript (`static/js/minutes.js`) it
autosaves to `minutes_autosave`, which answers JSON. Both go through `minutes_record.minutes_save`
with the version the form was loaded with: a save on an older version is refused
(`StaleMinutes`), nothing is written, and the clerk's text stays on her screen. Once approved,
the minutes are read-only; a text is corrected by an amendment (`minutes_amend`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cells.rules import rules_for
from core.forms import apply_service_errors, posted
from meetings import access as meeting_access
from meetings.decisions import followup
from meetings.models import MAX_TEXT, AgendaItem, Guest, Meeting, Minutes
from meetings.record import amendments
from meetings.record import minutes as minutes_record
from meetings.record.forms import (
    NON_FIELD,
    AmendmentForm,
    MinutesHeadForm,
    MinutesPost,
    saved_blocks,
)
from meetings.record.selectors import attendance_rows, minutes_items


def _meeting(request, pk, allowed) -> Meeting:
    """The meeting (404 if not visible), 403 unless `allowed(user, meeting)`."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    if not allowed(request.user, meeting):
        raise PermissionDenied
    return meeting


def _minutes(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting_id=meeting.pk).first()


def _edit_url(meeting: Meeting) -> str:
    return reverse("meetings:minutes_edit", args=[meeting.pk])


def _minutes_url(meeting: Meeting) -> str:
    return reverse("meetings:minutes", args=[meeting.pk])


def _not_open(request, meeting: Meeting, minutes: Minutes | None):
    """A redirect when the minutes cannot be written (not started, or approved), else None."""
    if minutes is None:
        messages.info(request, _("Start recording the meeting first."))
        return redirect(meeting)
    if minutes.is_locked:
        messages.info(
            request, _("The minutes are approved and locked: correct them with an amendment.")
        )
        return redirect(_minutes_url(meeting))
    return None


def _people(rows) -> list[tuple[int, str]]:
    return [(row.member_id, row.member.full_name) for row in rows]


def _form_parts(meeting: Meeting):
    """What both the page and the autosave need: the sheet, the guests, the items, the rules."""
    rows = attendance_rows(meeting)
    guests = list(Guest.objects.filter(meeting_id=meeting.pk).order_by("pk"))
    return _people(rows), guests, minutes_items(meeting), rules_for(meeting.committee)


def _parse(request, minutes, parts) -> MinutesPost:
    people, _guests, items, rules = parts
    return MinutesPost(request.POST, minutes=minutes, items=items, people=people, rules=rules)


def _review_rows(meeting, posted=None, errors=None) -> list[tuple]:
    """(review item, text to show, error) of each task of the review of last month's tasks: what
    the clerk posted if she did, else the saved outcome — one query."""
    posted, errors = posted or {}, errors or {}
    return [
        (review, posted.get(review.pk, review.outcome), errors.get(review.field_name, ""))
        for review in followup.review_items(meeting, frozen=True)
    ]


def _page(
    request,
    meeting,
    minutes,
    parts,
    *,
    head=None,
    blocks=None,
    errors=None,
    reviews=None,
    status=200,
):
    people, guests, items, rules = parts
    if head is None:
        head = MinutesHeadForm(
            people=people,
            rules=rules,
            initial={
                "version": minutes.version,
                "opened_at": minutes.opened_at,
                "closed_at": minutes.closed_at,
                "chair": meeting.chair_id,
                "clerk": meeting.clerk_id,
                **{name: getattr(minutes, name) for name, _s in minutes_record.QUALITY_FIELDS},
            },
        )
    if blocks is None:
        blocks = saved_blocks(items)
    on_sheet = {pk for pk, _name in people}
    grade = minutes_record.quality_grade(minutes.quality_total, rules)
    review_rows = _review_rows(meeting, reviews, errors)
    sections = []
    for value, label in AgendaItem.Section.choices:
        in_section = [b for b in blocks if b.item.section == value]
        if in_section or (value == AgendaItem.Section.TASKS and review_rows):
            sections.append((value, label, in_section))
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "head": head,
        "sections": sections,
        "review_rows": review_rows,
        "speakers": {
            "members": [(f"m{pk}", name) for pk, name in people],
            "guests": [(f"g{g.pk}", str(g)) for g in guests],
        },
        "quality_max": rules.quality_max_points,
        "quality_total": minutes.quality_total,
        "grade": minutes_record.Grade.LABELS[grade] if grade else None,
        "length_warning": minutes_record.length_warning(meeting, minutes, rules),
        "errors": errors or {},
        "max_text": MAX_TEXT,
        "top_error": (errors or {}).get(NON_FIELD, ""),
        # The chair or clerk chosen when planning, if not on the sheet (the select cannot show it).
        "chair_elsewhere": meeting.chair if meeting.chair_id not in on_sheet else None,
        "clerk_elsewhere": meeting.clerk if meeting.clerk_id not in on_sheet else None,
        "can_mark_ready": minutes.state == Minutes.State.DRAFT,
        "can_approve": minutes.state == Minutes.State.READY
        and meeting_access.can_approve(request.user, meeting),
    }
    return render(request, "meetings/minutes_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk):
    meeting = _meeting(request, pk, meeting_access.can_record)
    minutes = _minutes(meeting)
    refused = _not_open(request, meeting, minutes)
    if refused:
        return refused
    parts = _form_parts(meeting)
    if request.method == "GET":
        return _page(request, meeting, minutes, parts)
    form = _parse(request, minutes, parts)
    status = 200
    if form.is_valid():
        try:
            result = minutes_record.minutes_save(
                meeting=meeting, by=request.user, **form.save_kwargs()
            )
        except minutes_record.StaleMinutes as error:
            form.errors[NON_FIELD] = error.messages[0]
            status = 409
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Approved (or no longer open) since the page was loaded.
                refused = _not_open(request, meeting, _minutes(meeting))
                if refused:
                    return refused
            form.add_service_error(error)
        else:
            messages.success(request, _("Saved."))
            if result.warning:
                messages.warning(request, result.warning)
            return redirect(_edit_url(meeting))
    form.prepare_for_display()
    if NON_FIELD not in form.errors:
        form.errors[NON_FIELD] = _("Nothing was saved: correct the fields marked in red.")
    return _page(
        request,
        meeting,
        minutes,
        parts,
        head=form.head,
        blocks=form.blocks,
        errors=form.errors,
        reviews=form.reviews,
        status=status,
    )


@require_POST
def minutes_autosave(request, pk):
    meeting = _meeting(request, pk, meeting_access.can_record)
    minutes = _minutes(meeting)
    if minutes is None or minutes.is_locked:
        message = (
            _("Start recording the meeting first.")
            if minutes is None
            else _("The minutes are approved and locked: correct them with an amendment.")
        )
        return JsonResponse({"error": message, "locked": True}, status=409)
    parts = _form_parts(meeting)
    form = _parse(request, minutes, parts)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    before = {c.pk for _item, contributions in parts[2] for c in contributions}
    try:
        result = minutes_record.minutes_save(meeting=meeting, by=request.user, **form.save_kwargs())
    except minutes_record.StaleMinutes as error:
        return JsonResponse(
            {"error": error.messages[0], "version": error.current_version}, status=409
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            return JsonResponse({"error": " ".join(error.messages), "locked": True}, status=409)
        form.add_service_error(error)
        return JsonResponse({"errors": form.errors}, status=400)
    grade = minutes_record.quality_grade(result.quality_total, parts[3])
    return JsonResponse(
        {
            "version": result.version,
            "saved_at": time_format(timezone.localtime(result.saved_at), "H:i"),
            "changed": result.changed,
            "warning": result.warning,
            "ids": form.row_ids(result.contribution_ids, before),
            "quality_total": result.quality_total,
            "grade": str(minutes_record.Grade.LABELS[grade]) if grade else None,
        }
    )


@require_POST
def minutes_ready(request, pk):
    meeting = _meeting(request, pk, meeting_access.can_record)
    try:
        minutes_record.minutes_mark_ready(meeting=meeting, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The minutes are marked ready for approval."))
    minutes = _minutes(meeting)
    if minutes is None:
        return redirect(meeting)
    if minutes.is_locked or request.POST.get("back") == "minutes":
        return redirect(_minutes_url(meeting))
    return redirect(_edit_url(meeting))


@require_POST
def minutes_approve(request, pk):
    meeting = _meeting(request, pk, meeting_access.can_approve)
    try:
        minutes_record.minutes_approve(meeting=meeting, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        minutes = _minutes(meeting)
        if minutes is None:
            return redirect(meeting)
        if not minutes.is_locked and meeting_access.can_record(request.user, meeting):
            return redirect(_edit_url(meeting))
        return redirect(_minutes_url(meeting))
    messages.success(request, _("The minutes were approved and locked."))
    return redirect(_minutes_url(meeting))


@require_http_methods(["GET", "POST"])
def minutes_amend(request, pk):
    meeting = _meeting(request, pk, meeting_access.can_approve)
    minutes = _minutes(meeting)
    if minutes is None:
        messages.info(request, _("Start recording the meeting first."))
        return redirect(meeting)
    if not minutes.is_locked:
        messages.info(
            request,
            _("The minutes are not approved yet: change them directly, no amendment is needed."),
        )
        if meeting_access.can_record(request.user, meeting):
            return redirect(_edit_url(meeting))
        return redirect(_minutes_url(meeting))
    targets = amendments.amendment_targets(meeting)
    initial = {}
    chosen = request.GET.get("target", "")
    for target in targets:
        if target.key == chosen:
            initial = {"target": target.key, "new_value": target.value}
    form = AmendmentForm(posted(request), targets=targets, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            amendments.amend_text(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("The correction was made; the amendment is shown under the minutes.")
            )
            return redirect(_minutes_url(meeting))
    return render(
        request,
        "meetings/minutes_amend.html",
        {"meeting": meeting, "form": form, "targets": targets, "chosen": chosen},
    )
