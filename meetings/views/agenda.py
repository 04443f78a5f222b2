"""Agenda editing (DOMAIN §4.2): add, edit, reorder and remove items, with or without htmx.

Every control is a plain POST form that also carries `hx-post`. With htmx the answer is the agenda
partial (`meetings/_agenda.html`, the one the meeting page includes), errors shown inline (status
200: htmx 2 does not swap a 4xx); without JavaScript, a redirect to the meeting page with a
message. The write services lock the meeting, refuse a held one and check the presenter.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from core.forms import apply_service_errors, posted
from meetings import access as meeting_access
from meetings.models import AgendaItem, Meeting
from meetings.planning import agenda
from meetings.planning.forms import AgendaItemForm
from meetings.views.fee_collection import fee_collection_context
from meetings.views.meetings import _members_of, agenda_sections, meeting_detail
from meetings.views.preparation import preparation_context

AGENDA_TARGET = "#agenda-body"


def _agenda_url(meeting: Meeting) -> str:
    return meeting.get_absolute_url() + "#agenda"


def _add_form(meeting: Meeting, data=None) -> AgendaItemForm:
    """The "Add an item" form; free items go to "Other matters" unless another section is chosen."""
    return AgendaItemForm(
        data,
        members=_members_of([meeting.committee_id]),
        initial={"section": AgendaItem.Section.OTHER},
    )


def _edit_form(meeting: Meeting, item: AgendaItem, data=None) -> AgendaItemForm:
    # Its own ids: the add form is on the same page.
    return AgendaItemForm(
        data,
        instance=item,
        members=_members_of([meeting.committee_id]),
        auto_id=f"id_item{item.pk}_%s",
    )


def _agenda(request, meeting: Meeting, *, item_form=None, errors=(), notice="", **extra):
    """The agenda partial, freshly read: what an htmx request swaps into `#agenda-body`."""
    editable = meeting.is_editable
    context = {
        "meeting": meeting,
        # The views below only run for a user who may prepare this meeting.
        "can_edit": editable,
        "sections": agenda_sections(meeting),
        "item_form": item_form if item_form is not None else _add_form(meeting),
        "agenda_errors": list(errors),
        "agenda_notice": notice,
        # The prepared comments shown under each item.
        **preparation_context(request, meeting, can_edit=True),
        # Section (c): the month's party fees at a glance.
        **fee_collection_context(request.user, meeting),
        **extra,
    }
    return render(request, "meetings/_agenda.html", context)


def _done(request, meeting: Meeting, message: str, **extra):
    if request.htmx:
        return _agenda(request, meeting, notice=message, **extra)
    messages.success(request, message)
    return redirect(_agenda_url(meeting))


def _refused(request, meeting: Meeting, errors):
    """A service said no (a held meeting, a bad direction, a stale item): say why, save nothing."""
    if request.htmx:
        return reswap(
            retarget(_agenda(request, meeting, errors=errors), AGENDA_TARGET), "outerHTML"
        )
    for message in errors:
        messages.error(request, message)
    return redirect(_agenda_url(meeting))


def _meeting(request, pk) -> Meeting:
    return meeting_access.get_meeting_for_user(request.user, pk, edit=True)


def _item(request, meeting: Meeting, item_pk) -> AgendaItem | None:
    """The item, or None when it was on this meeting's agenda but has since been removed.

    An item of another meeting (or one that never existed here) is a 404.
    """
    try:
        return meeting_access.get_agenda_item_for_user(request.user, item_pk, meeting_pk=meeting.pk)
    except Http404:
        if AgendaItem.history.filter(id=item_pk, meeting_id=meeting.pk).exists():
            return None
        raise


def _gone(request, meeting: Meeting):
    return _refused(
        request,
        meeting,
        [_("This item is no longer on the agenda: someone has removed it.")],
    )


@require_POST
def agenda_add(request, pk):
    meeting = _meeting(request, pk)
    form = _add_form(meeting, request.POST)
    if form.is_valid():
        try:
            agenda.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, meeting, error.messages)
            apply_service_errors(form, error)
        else:
            return _done(request, meeting, _("The item was added to the agenda."))
    if request.htmx:
        return _agenda(request, meeting, item_form=form)
    return meeting_detail(request, meeting.pk, item_form=form)


@require_http_methods(["GET", "POST"])
def agenda_edit(request, pk, item_pk):
    meeting = _meeting(request, pk)
    item = _item(request, meeting, item_pk)
    if item is None:
        return _gone(request, meeting)
    if request.method == "GET" and not meeting.is_editable:
        return _refused(
            request, meeting, [_("This meeting has been held; its agenda can no longer change.")]
        )
    form = _edit_form(meeting, item, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            agenda.agenda_item_update(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, meeting, error.messages)
            apply_service_errors(form, error)
        else:
            return _done(request, meeting, _("The changes were saved."))
    if request.htmx:
        # The item's own <li> turns into its form (and stays one while it has errors).
        response = render(
            request,
            "meetings/_agenda.html",
            {"meeting": meeting, "item": item, "edit_form": form},
        )
        return reswap(retarget(response, f"#agenda-item-{item.pk}"), "outerHTML")
    return render(
        request,
        "meetings/agenda_item_form.html",
        {"meeting": meeting, "item": item, "form": form, "cancel_url": _agenda_url(meeting)},
    )


@require_POST
def agenda_move(request, pk, item_pk):
    meeting = _meeting(request, pk)
    item = _item(request, meeting, item_pk)
    if item is None:
        return _gone(request, meeting)
    direction = request.POST.get("direction", "")
    try:
        agenda.agenda_item_move(item=item, direction=direction, by=request.user)
    except ValidationError as error:
        return _refused(request, meeting, error.messages)
    message = _("The item was moved up.") if direction == "up" else _("The item was moved down.")
    # The moved item's button keeps the focus (keyboard users, and the item stays in view).
    return _done(request, meeting, message, moved=item.pk, moved_direction=direction)


@require_POST
def agenda_remove(request, pk, item_pk):
    meeting = _meeting(request, pk)
    item = _item(request, meeting, item_pk)
    if item is None:
        return _gone(request, meeting)
    try:
        agenda.agenda_item_remove(item=item, by=request.user)
    except ValidationError as error:
        return _refused(request, meeting, error.messages)
    return _done(request, meeting, _("The item was removed from the agenda."))
