"""Resolutions: adopt one from a passed vote, read, correct, print, download, and the register
(DOMAIN §6, §13; issue 8 item 3).

Who reads a resolution is one rule, `Resolution.objects.visible_to(user)`: everyone who sees the
meeting once its minutes are approved, before that the officers of the cell or committee.
Adopting and correcting belong to the meeting's record: whoever records the meeting
(`access.can_record`), while the minutes are open. The print view and the DOCX are the official
document, always in Vietnamese (`meetings.decisions.resolutions`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cells.models import Term
from core.forms import apply_service_errors, posted
from meetings import access as meeting_access
from meetings.decisions import resolutions as services
from meetings.decisions.filters import ResolutionFilter
from meetings.decisions.forms import ResolutionEditForm, ResolutionForm, initial_from_motion
from meetings.models import Minutes, Motion, Resolution, Task, TaskAssignment
from members import access

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_SIZE = 25


def _resolution(request, pk) -> Resolution:
    """A resolution the user may read (404 otherwise)."""
    meeting_access.require_section(request.user)
    resolution = (
        Resolution.objects.visible_to(request.user)
        .select_related("committee", "term", "cell", "motion", "meeting", "meeting__cell")
        .filter(pk=pk)
        .first()
    )
    if resolution is None:
        raise Http404
    return resolution


def _record_open(meeting) -> bool:
    """The meeting's minutes exist and are not approved yet."""
    return (
        Minutes.objects.filter(meeting_id=meeting.pk).exclude(state=Minutes.State.APPROVED).exists()
    )


def _adopted_message(resolution: Resolution) -> str:
    number = services.number_line(resolution)
    if resolution.doc_type == Resolution.Type.CONCLUSION:
        return _("Conclusion %(number)s adopted.") % {"number": number}
    return _("Resolution %(number)s adopted.") % {"number": number}


def _after_adoption(user, resolution: Resolution) -> str:
    """The resolution's page — or the meeting's, for a recorder who may not read drafts there."""
    if Resolution.objects.visible_to(user).filter(pk=resolution.pk).exists():
        return resolution.get_absolute_url()
    return resolution.meeting.get_absolute_url()


@require_http_methods(["GET", "POST"])
def resolution_adopt(request, pk, motion_pk):
    """Adopt a resolution or conclusion from a passed vote of this meeting."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    motion = Motion.objects.filter(pk=motion_pk, meeting_id=meeting.pk).first()
    if motion is None:
        raise Http404
    if not meeting_access.can_record(request.user, meeting):
        raise PermissionDenied
    votes_url = reverse("meetings:votes", args=[meeting.pk])
    existing = Resolution.objects.filter(motion_id=motion.pk).first()
    if existing is not None:
        messages.info(request, _("A resolution has already been adopted from this vote."))
        return redirect(_after_adoption(request.user, existing))
    if not _record_open(meeting):
        messages.info(
            request,
            _(
                "The minutes of this meeting are approved: nothing new can be adopted at it any more."
            )
            if Minutes.objects.filter(meeting_id=meeting.pk).exists()
            else _("Start recording the meeting first."),
        )
        return redirect(meeting)
    try:
        services.check_adoptable(motion)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(votes_url)

    # A meeting entered afterwards: the resolution takes the number it bears on paper.
    next_numbers = services.next_numbers(meeting) if meeting.recorded_afterwards else None
    form = ResolutionForm(
        posted(request), initial=initial_from_motion(motion.text), next_numbers=next_numbers
    )
    if request.method == "POST" and form.is_valid():
        try:
            resolution = services.resolution_adopt(
                motion=motion,
                title=form.cleaned_data["title"],
                content=form.cleaned_data["content"],
                doc_type=form.cleaned_data["doc_type"],
                number=form.cleaned_data.get("number"),
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _adopted_message(resolution))
            return redirect(_after_adoption(request.user, resolution))
    return render(
        request,
        "meetings/resolution_form.html",
        {"meeting": meeting, "motion": motion, "form": form, "cancel_url": votes_url},
        status=400 if form.errors else 200,
    )


def resolution_detail(request, pk):
    """The resolution in the app: code, summary, date, meeting, the vote's working, content and
    the tasks assigned from it."""
    resolution = _resolution(request, pk)
    user = request.user
    meeting = resolution.meeting
    recorder = meeting_access.can_record(user, meeting)
    open_record = recorder and _record_open(meeting)
    tasks = list(
        Task.objects.visible_to(user)
        .filter(resolution_id=resolution.pk)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.select_related("member").order_by(
                    "member__name_sort", "pk"
                ),
            )
        )
        .order_by("deadline", "pk")
    )
    today = timezone.localdate()
    for task in tasks:
        task.rows = [(a, a.is_overdue(today)) for a in task.assignments.all()]
    context = {
        "resolution": resolution,
        "meeting": meeting,
        "number": services.number_line(resolution),
        "tasks": tasks,
        "can_edit": open_record,
        "can_assign": open_record,
    }
    return render(request, "meetings/resolution_detail.html", context)


@require_http_methods(["GET", "POST"])
def resolution_edit(request, pk):
    """Correct the summary or content while the meeting's minutes are open."""
    resolution = _resolution(request, pk)
    if not meeting_access.can_record(request.user, resolution.meeting):
        raise PermissionDenied
    if not _record_open(resolution.meeting):
        messages.info(
            request,
            _(
                "The minutes of this meeting are approved: a resolution is not edited once "
                "adopted and approved."
            ),
        )
        return redirect(resolution)
    form = ResolutionEditForm(
        posted(request), initial={"title": resolution.title, "content": resolution.content}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_update(
                resolution=resolution,
                by=request.user,
                title=form.cleaned_data["title"],
                content=form.cleaned_data["content"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(resolution)
    return render(
        request,
        "meetings/resolution_form.html",
        {
            "meeting": resolution.meeting,
            "resolution": resolution,
            "number": services.number_line(resolution),
            "form": form,
            "cancel_url": resolution.get_absolute_url(),
        },
        status=400 if form.errors else 200,
    )


def resolution_print(request, pk):
    """The official resolution on an A4 page, in Vietnamese, ready for the browser's print."""
    resolution = _resolution(request, pk)
    with translation.override("vi"):
        content = services.resolution_content(resolution)
        return render(
            request, "meetings/resolution_print.html", {"resolution": resolution, "doc": content}
        )


def resolution_docx(request, pk):
    """The official resolution as a Word document (DOCX), in Vietnamese."""
    resolution = _resolution(request, pk)
    response = HttpResponse(services.resolution_docx(resolution), content_type=DOCX_TYPE)
    filename = services.docx_filename(resolution)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the register -----------------------------------------------------------------------------


def resolution_register(request):
    """Sổ nghị quyết: the resolutions the user may read, per issuer and term (the current term
    unless she chooses another), by issuer then number, 25 a page; where a series lacks numbers,
    or a number is dated before a lower one, the row says so (`services.register_notes`)."""
    user = request.user
    meeting_access.require_section(user)
    acc = access.access_for(user)
    today = timezone.localdate()
    cells = list(access.visible_cells(user).order_by("committee_id", "code", "pk"))
    terms = Term.objects.filter(committee_id__in=acc.view_committees).order_by(
        "committee_id", "-start_date"
    )
    data = request.GET.copy()
    if "term" not in data:
        current = next((t for t in terms if t.start_date <= today <= t.end_date), None)
        data["term"] = str(current.pk) if current else ""
    filterset = ResolutionFilter(
        data,
        queryset=Resolution.objects.visible_to(user).select_related("cell", "term", "meeting"),
        cells=cells,
        terms=terms,
        executive=bool(acc.officer_committees),
    )
    # By issuer (the executive committee first, then the cells by code), then type and number.
    ordered = filterset.qs.order_by(
        "-term__start_date",
        "committee_id",
        F("cell__code").asc(nulls_first=True),
        "cell_id",
        "doc_type",
        "number",
    )
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    resolutions = list(page.object_list)
    # Beside each row: the numbers its series lacks before it, a lower number dated later.
    notes = services.register_notes(resolutions)
    for resolution in resolutions:
        resolution.note = notes.get(resolution.pk)
    return render(
        request,
        "meetings/resolution_register.html",
        {"filter": filterset, "page": page, "resolutions": resolutions},
    )
