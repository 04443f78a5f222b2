"""Planning a meeting, its page, rescheduling, publishing, the year's schedule, history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cells.models import Committee
from cells.rules import rules_for
from core.forms import apply_service_errors, posted
from core.history import history_entries
from core.offline import mark_kept
from core.versions import committee_scope, render_part
from library.views.documents import meeting_library_context
from meetings import access as meeting_access
from meetings.decisions import followup
from meetings.models import AgendaItem, Body
from meetings.planning import meetings as planning
from meetings.planning import schedule
from meetings.planning.forms import AgendaItemForm, MeetingEditForm, MeetingForm, ScheduleForm
from meetings.selectors import body_members_on
from meetings.views.documents import documents_context
from meetings.views.fee_collection import fee_collection_context
from meetings.views.invitation import notice_context
from meetings.views.official import record_context
from meetings.views.preparation import preparation_context
from members import access, offline
from members.models import Member

PAGE_SIZE = 25


def _members_of(committee_ids):
    return Member.objects.filter(committee_id__in=committee_ids).on_roll().ordered()


def _offer_officers(form, *, cells, committee=None, meeting=None) -> None:
    """Chair and clerk: the members of the meeting's body on its date
    (`meetings.selectors.body_members`) — for a meeting not yet saved, of the chosen body (the
    chosen cell; each plannable cell's under its name while none is chosen) on the chosen date.
    A saved meeting's chair and clerk stay on the list, so that the page shows them; the service
    says why one no longer fits."""
    body, cell, day = form.chosen()
    if meeting is not None:
        members = body_members_on(
            committee_id=meeting.committee_id,
            body=meeting.body,
            cell=meeting.cell,
            date=day or meeting.date,
        )
        current = [pk for pk in (meeting.chair_id, meeting.clerk_id) if pk]
        keep = Q(pk__in=members.values("pk")) | Q(pk__in=current)
        form.offer_officers(Member.objects.filter(keep).ordered())
        return
    day = day or timezone.localdate()
    if body == Body.CELL and cell is None:
        groups = [
            (
                c.name,
                list(body_members_on(committee_id=c.committee_id, body=body, cell=c, date=day)),
            )
            for c in cells
        ]
        pks = [m.pk for _name, people in groups for m in people]
        form.offer_officers(Member.objects.filter(pk__in=pks).ordered(), groups)
        return
    committee_id = cell.committee_id if body == Body.CELL else getattr(committee, "pk", None)
    form.offer_officers(
        body_members_on(committee_id=committee_id, body=body, cell=cell, date=day).ordered()
    )


def agenda_sections(meeting):
    """[(section value, label, [items], reviews)] in the standard order — two or three queries.

    `reviews` is, for section (b) of a regular cell meeting, its review of last month's tasks
    (`followup.review_items`: live until the agenda is published, then as kept); else None.
    """
    items = list(meeting.agenda_items.select_related("presenter").order_by("position", "pk"))
    reviews = followup.review_items(meeting)
    return [
        (
            value,
            label,
            [i for i in items if i.section == value],
            reviews if value == AgendaItem.Section.TASKS and reviews.applies else None,
        )
        for value, label in AgendaItem.Section.choices
    ]


def meeting_detail(request, pk, item_form=None):
    """The meeting page. `item_form`: a posted "Add an item" form with its errors (no-JS path)."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk)

    template = "meetings/_meeting_detail_body.html"
    if item_form is not None:  # her input and its errors: never kept
        body = render_to_string(
            template, _detail_context(request, meeting, item_form), request=request
        )
    else:
        # One cached part per user, meeting and day (`core.versions`).
        body = render_part(
            request,
            "meeting",
            [committee_scope(meeting.committee_id)],
            (meeting.pk, timezone.localdate()),
            template,
            lambda: _detail_context(request, meeting, None),
        )
    response = render(request, "meetings/meeting_detail.html", {"meeting": meeting, "body": body})
    # Her next meetings are kept on her phone to read offline (issue 24); with her input, never.
    days = offline.keep_days(request.user)
    if item_form is None and meeting.is_kept_offline(today=timezone.localdate(), days=days):
        mark_kept(response, days=days, title=str(meeting))
    return response


def _detail_context(request, meeting, item_form) -> dict:
    can_edit = meeting_access.can_edit_meeting(request.user, meeting)
    context = {
        "meeting": meeting,
        "can_edit": can_edit and meeting.is_editable,
        "can_publish": can_edit and meeting.is_editable,
        "can_audit": can_edit,
        "sections": agenda_sections(meeting),
        "presenters": list(meeting.presenters.all()),
    }
    # The documents and members' preparation panels add their own context.
    context.update(documents_context(request, meeting, can_edit=can_edit))
    # The library documents attached to the meeting (issue 19: attached, not uploaded again).
    context.update(meeting_library_context(request.user, meeting, can_edit=can_edit))
    context.update(preparation_context(request, meeting, can_edit=can_edit))
    context.update(record_context(request.user, meeting))
    # Section (c): the month's party fees at a glance (regular meetings of a cell).
    context.update(fee_collection_context(request.user, meeting))
    # The notice to send to members without an account, and the invitation (issue 21).
    documents = len(context["documents"]) + len(context["library_links"])
    context.update(notice_context(request.user, meeting, document_count=documents))
    if can_edit and meeting.is_editable:
        if item_form is None:
            item_form = AgendaItemForm(
                members=_members_of([meeting.committee_id]),
                initial={"section": AgendaItem.Section.OTHER},
            )
        context["item_form"] = item_form
    return context


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    meeting_access.require_section(request.user)
    if not meeting_access.can_plan(request.user):
        raise PermissionDenied
    acc = access.access_for(request.user)
    cells = meeting_access.plannable_cells(request.user)
    bodies = [Body.CELL] + ([Body.EXECUTIVE, Body.COMMITTEE] if acc.officer_committees else [])
    committee_ids = set(acc.officer_committees) | {c.committee_id for c in cells}
    form = MeetingForm(
        posted(request), cells=cells, members=_members_of(committee_ids), bodies=bodies
    )
    if request.method == "GET" and request.GET.get("cell"):
        form.fields["cell"].initial = request.GET["cell"]
    elif request.method == "GET" and len(cells) == 1 and bodies == [Body.CELL]:
        form.fields["cell"].initial = cells[0].pk  # her only cell: its members are offered
    executive = Committee.objects.filter(pk__in=acc.officer_committees).first()
    _offer_officers(form, cells=cells, committee=executive)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        cell = data.pop("cell")
        body = data.pop("body")
        committee = executive
        if body == Body.CELL:
            committee = cell.committee if cell else None
        if committee is None:
            form.add_error("cell", _("Choose the cell."))
        else:
            try:
                meeting = planning.meeting_create(
                    committee=committee, body=body, cell=cell, by=request.user, **data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The meeting was planned."))
                return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "heading": _("Plan a meeting"), "cancel_url": reverse("meetings:calendar")},
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = meeting_access.get_meeting_for_user(request.user, pk, edit=True)
    if not meeting.is_editable:
        messages.info(request, _("This meeting has been held; its record is changed by amendment."))
        return redirect(meeting)
    initial = {field: getattr(meeting, field) for field in planning.MEETING_FIELDS} | {
        "presenters": list(meeting.presenters.all())
    }
    form = MeetingEditForm(
        posted(request), initial=initial, members=_members_of([meeting.committee_id])
    )
    _offer_officers(form, cells=[], meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            planning.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "heading": _("Edit the meeting"),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@require_POST
def meeting_publish(request, pk):
    meeting = meeting_access.get_meeting_for_user(request.user, pk, edit=True)
    try:
        result = planning.meeting_publish(meeting=meeting, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(meeting)
    if not result.changed:
        messages.info(request, _("Nothing has changed since the last notice; nothing was sent."))
    elif result.first:
        messages.success(
            request,
            _("The meeting was published: %(count)s members were notified.")
            % {"count": result.sent},
        )
        if result.late:
            days = rules_for(meeting.committee).document_lead_days
            messages.warning(
                request,
                _(
                    "Published later than %(days)s day(s) before the meeting: members have less "
                    "time to study the documents. This is recorded."
                )
                % {"days": days},
            )
    else:
        messages.success(
            request,
            _("The changes were published: %(count)s members were notified again.")
            % {"count": result.sent},
        )
    if result.changed and not meeting.recorded_afterwards:
        # To the card with the notice for members the app did not reach (issue 21).
        return redirect(meeting.get_absolute_url() + "#notice")
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
def schedule_generate(request):
    """Lịch sinh hoạt cả năm: the regular meetings of every cell and the executive committee."""
    meeting_access.require_section(request.user)
    acc = access.access_for(request.user)
    committee = Committee.objects.filter(pk__in=acc.officer_committees).order_by("name").first()
    if committee is None:
        raise PermissionDenied
    form = ScheduleForm(posted(request), initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            created = schedule.schedule_generate(
                committee=committee, year=form.cleaned_data["year"], by=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)s regular meetings were planned; existing ones were left as they are.")
                % {"count": len(created)},
            )
            return redirect("meetings:calendar")
    return render(
        request,
        "meetings/schedule_form.html",
        {"form": form, "committee": committee, "cancel_url": reverse("meetings:calendar")},
    )


def meeting_history(request, pk):
    meeting = meeting_access.get_meeting_for_user(request.user, pk, edit=True)
    page = Paginator(history_entries(meeting.history.all()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "meetings/meeting_history.html", {"meeting": meeting, "page": page})
