"""Tasks — nhiệm vụ: assigned at a meeting, "My tasks", the task board (issue 8 item 4).

- `task_add`: whoever records the meeting assigns a task while the record is open — what, to
  whom (members on the attendance sheet), by when, from a resolution or an agenda item.
- `my_tasks` (Việc của tôi): a member's parts, open ones first with a small "Mark done" form
  each; a user with no member record sees a page saying so.
- `task_board`: the officers' board — their cell's tasks (cell officers) or every cell of their
  committee (committee officers) — with filters; officers who prepare the meetings mark parts
  done and cancel them from it.
- `assignment_done` (POST): the member herself, or such an officer. On an error the page it came
  from is shown again with the note kept (status 200); nothing is saved.
- `assignment_cancel`: such an officer, with the reason.

Everything works without JavaScript. What the user may not see is a 404; what she sees but may
not change, a 403.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, When
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import apply_service_errors, posted
from core.offline import mark_kept
from core.redirects import requested_next, safe_next
from core.versions import render_part
from meetings import access as meeting_access
from meetings.decisions import tasks
from meetings.decisions.filters import board_filter
from meetings.decisions.forms import CancelForm, DoneForm, TaskForm
from meetings.models import AgendaItem, Attendance, Minutes, Resolution, TaskAssignment
from meetings.record.selectors import attendance_rows
from members import access, offline

PAGE_SIZE = 25


# --- helpers ----------------------------------------------------------------------------------


def _done_form(assignment_pk, data=None) -> DoneForm:
    """The small "Mark done" form of one part (its own ids: many on a page)."""
    return DoneForm(data, auto_id=f"id_done{assignment_pk}_%s")


# The id the blank "Mark done" fields are rendered with once per page, then given each part's own.
DONE_PLACEHOLDER = 987654321


def _blank_done_fields(rows) -> None:
    """The blank "Mark done" fields of the page's parts, rendered once and given each part's id
    (`done_fields`) rather than rendered through crispy-forms' templates once per part; a part
    whose form failed keeps its form, errors and input."""
    blank = None
    for row in rows:
        form = getattr(row, "done_form", None)
        if form is None or form.is_bound:
            continue
        if blank is None:
            blank = render_to_string(
                "meetings/_done_fields.html", {"form": _done_form(DONE_PLACEHOLDER)}
            )
        row.done_fields = mark_safe(blank.replace(str(DONE_PLACEHOLDER), str(row.pk)))


def _visible_assignment(user, pk) -> TaskAssignment:
    """One part the user may see (hers; her cells' or committees' as an officer), else 404."""
    assignment = tasks.with_related(TaskAssignment.objects.visible_to(user)).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def _refused(request, error: ValidationError, url: str):
    """The service refused the write as a whole: say why; nothing was saved."""
    for message in error.messages:
        messages.error(request, message)
    return redirect(url)


def _agenda_items(meeting):
    """The meeting's agenda items in the agenda's order (section, position)."""
    order = Case(
        *[
            When(section=value, then=index)
            for index, (value, _label) in enumerate(AgendaItem.Section.choices)
        ],
        output_field=IntegerField(),
    )
    return AgendaItem.objects.filter(meeting_id=meeting.pk).order_by(order, "position", "pk")


# --- assign a task at the meeting -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def task_add(request, pk):
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    if not meeting_access.can_record(request.user, meeting):
        raise PermissionDenied
    minutes = Minutes.objects.filter(meeting_id=meeting.pk).first()
    if minutes is None:
        messages.info(request, _("Start recording the meeting first: tasks are assigned at it."))
        return redirect(meeting)
    if minutes.is_locked:
        messages.info(
            request,
            _(
                "The minutes are approved and locked: tasks are assigned while the meeting is "
                "recorded."
            ),
        )
        return redirect("meetings:minutes", pk=meeting.pk)
    default_next = reverse("meetings:minutes_edit", args=[meeting.pk])
    rows = attendance_rows(meeting)
    people = [(row.member_id, row.member.full_name) for row in rows]
    resolutions = Resolution.objects.filter(meeting_id=meeting.pk).order_by(
        "doc_type", "number", "pk"
    )
    items = _agenda_items(meeting)
    initial = {"next": safe_next(request.GET.get("next"), "")}
    chosen = request.GET.get("resolution", "")
    if chosen.isdigit():
        resolution = resolutions.select_related("motion").filter(pk=int(chosen)).first()
        if resolution is not None:
            initial["resolution"] = resolution.pk
            if resolution.motion and resolution.motion.agenda_item_id:
                initial["agenda_item"] = resolution.motion.agenda_item_id
    form = TaskForm(
        posted(request), initial=initial, people=people, resolutions=resolutions, items=items
    )
    if request.method == "POST" and form.is_valid():
        next_url = safe_next(form.cleaned_data.get("next"), default_next)
        try:
            task = tasks.task_assign(meeting=meeting, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, error, default_next)
            apply_service_errors(form, error)
        else:
            names = ", ".join(
                a.member.full_name
                for a in task.assignments.select_related("member").order_by(
                    "member__name_sort", "pk"
                )
            )
            messages.success(
                request,
                _("The task “%(title)s” was assigned to %(names)s, by %(deadline)s.")
                % {"title": task.title, "names": names, "deadline": f"{task.deadline:%d/%m/%Y}"},
            )
            return redirect(next_url)
    absent = {
        row.member_id: row.get_status_display()
        for row in rows
        if row.status != Attendance.Status.PRESENT
    }
    return render(
        request,
        "meetings/task_form.html",
        {
            "meeting": meeting,
            "form": form,
            "absent": absent,
            "cancel_url": requested_next(request, default_next),
        },
    )


# --- my tasks -----------------------------------------------------------------------------------


def _my_tasks_page(request, *, failed=None):
    """Việc của tôi. `failed`: (assignment pk, its "Mark done" form with errors) to show again."""
    acc = access.access_for(request.user)
    today = timezone.localdate()
    context = {
        "has_member": acc.member_id is not None,
        "can_board": tasks.can_see_board(request.user),
        "today": today,
        "next_url": reverse("meetings:my_tasks"),
    }
    if acc.member_id is not None:
        mine = tasks.my_assignments(acc.member_id, today=today)
        page = Paginator(mine.closed, PAGE_SIZE).get_page(request.GET.get("page"))
        for assignment in mine.open:
            if failed and failed[0] == assignment.pk:
                assignment.done_form = failed[1]
            else:
                assignment.done_form = _done_form(assignment.pk)
        _blank_done_fields(mine.open)
        closed = tasks.flag(page.object_list, today, co_assignees=True)
        tasks.mark_links(request.user, [*mine.open, *closed])
        context.update({"open": mine.open, "overdue": mine.overdue, "page": page, "closed": closed})
        if page.number > 1:
            context["next_url"] += "?" + urlencode({"page": page.number})
    response = render(request, "meetings/my_tasks.html", context)
    # Her tasks are kept on her phone to read offline (issue 24): the first page, as shown.
    if acc.member_id is not None and not failed and not request.GET:
        mark_kept(response, days=offline.keep_days(request.user), title=_("My tasks"))
    return response


@require_GET
def my_tasks(request):
    return _my_tasks_page(request)


# --- the task board ---------------------------------------------------------------------------


def _board_context(request, params, *, failed=None) -> dict:
    """What the board shows with the filters `params`. `failed`: (assignment pk, its form with
    errors)."""
    today = timezone.localdate()
    filterset = board_filter(request.user, params, today=today)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(params.get("page"))
    rows = tasks.flag(page.object_list, today, user=request.user)
    shown = False
    for row in rows:
        if not row.can_complete:
            continue
        if failed and failed[0] == row.pk:
            row.done_form, row.done_failed, shown = failed[1], True, True
        else:
            row.done_form = _done_form(row.pk)
    if failed and not shown:  # Not on this page: say what went wrong at the top.
        for errors in failed[1].errors.values():
            for message in errors:
                messages.error(request, message)
    _blank_done_fields(rows)
    tasks.mark_links(request.user, rows)
    # Links carry the filters (also when the board is shown again after a failed POST).
    kept = {name: params[name] for name in filterset.filters if params.get(name)}
    board_url = reverse("meetings:task_board")

    def page_url(number: int) -> str:
        query = {**kept, "page": number} if number > 1 else kept
        return board_url + ("?" + urlencode(query) if query else "")

    return {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "today": today,
        "next_url": page_url(page.number),
        "prev_url": page_url(page.previous_page_number()) if page.has_previous() else "",
        "next_page_url": page_url(page.next_page_number()) if page.has_next() else "",
        "filtered": bool(kept),
    }


def _board_page(request, params, *, failed=None):
    """The board, not kept (a failed form's errors and input are hers once)."""
    body = render_to_string(
        "meetings/_task_board_body.html",
        _board_context(request, params, failed=failed),
        request=request,
    )
    return render(request, "meetings/task_board.html", {"body": mark_safe(body)})


@require_GET
def task_board(request):
    if not tasks.can_see_board(request.user):
        raise PermissionDenied
    # The board of each filter and page: one cached part per user and day (`core.versions`).
    body = render_part(
        request,
        "task-board",
        access.held_scopes(request.user),
        (request.GET.urlencode(), timezone.localdate()),
        "meetings/_task_board_body.html",
        lambda: _board_context(request, request.GET),
    )
    return render(request, "meetings/task_board.html", {"body": body})


# --- one part: done, cancelled ----------------------------------------------------------------


@require_POST
def assignment_done(request, pk):
    assignment = _visible_assignment(request.user, pk)
    if not tasks.may_complete(request.user, assignment):
        raise PermissionDenied
    next_url = safe_next(request.POST.get("next"), reverse("meetings:my_tasks"))
    form = _done_form(assignment.pk, request.POST)
    if form.is_valid():
        try:
            tasks.assignment_done(assignment=assignment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, error, next_url)
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Marked done: “%(title)s” (%(name)s).")
                % {"title": assignment.task.title, "name": assignment.member.full_name},
            )
            return redirect(next_url)
    # The page it came from again, with this form and what was typed; nothing was saved.
    origin = urlsplit(next_url)
    if origin.path == reverse("meetings:task_board") and tasks.can_see_board(request.user):
        return _board_page(request, QueryDict(origin.query), failed=(assignment.pk, form))
    if assignment.member_id == access.access_for(request.user).member_id:
        return _my_tasks_page(request, failed=(assignment.pk, form))
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
def assignment_cancel(request, pk):
    assignment = _visible_assignment(request.user, pk)
    if not tasks.may_change(request.user, assignment):
        raise PermissionDenied
    next_url = requested_next(request, reverse("meetings:task_board"))
    if assignment.status != TaskAssignment.Status.OPEN:
        messages.info(
            request,
            _("This part of the task is no longer open: %(status)s.")
            % {"status": assignment.get_status_display().lower()},
        )
        return redirect(next_url)
    form = CancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            tasks.assignment_cancel(
                assignment=assignment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, error, next_url)
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Cancelled: “%(title)s” (%(name)s).")
                % {"title": assignment.task.title, "name": assignment.member.full_name},
            )
            return redirect(next_url)
    assignment.overdue = assignment.is_overdue(timezone.localdate())
    return render(
        request,
        "meetings/assignment_cancel.html",
        {"assignment": assignment, "form": form, "next_url": next_url, "cancel_url": next_url},
    )
