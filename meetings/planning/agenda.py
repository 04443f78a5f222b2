"""Writes to a meeting's agenda — chương trình (DOMAIN §4.2): add, edit, move and remove items while
the meeting can still change."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.services import save_with_history as _save
from meetings.models import AgendaItem, Meeting


def _editable(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_editable:
        raise ValidationError(_("This meeting has been held; its agenda can no longer change."))
    return meeting


def _check_presenter(meeting, presenter):
    if presenter is not None and presenter.committee_id != meeting.committee_id:
        raise ValidationError({"presenter": _("Choose a member of this committee.")})


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, section: str, title: str, by, presenter=None, notes: str = ""
) -> AgendaItem:
    meeting = _editable(meeting)
    _check_presenter(meeting, presenter)
    last = meeting.agenda_items.filter(section=section).aggregate(m=Max("position"))["m"] or 0
    return _save(
        AgendaItem(
            meeting=meeting,
            section=section,
            title=(title or "").strip(),
            presenter=presenter,
            notes=notes,
            position=last + 10,
        ),
        by=by,
    )


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by, **data) -> AgendaItem:
    _editable(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    for field in ("title", "presenter", "notes"):
        if field in data and data[field] != getattr(item, field):
            setattr(item, field, data[field])
            item.from_schedule = False
    _check_presenter(item.meeting, item.presenter)
    if "section" in data and data["section"] != item.section:
        last = item.meeting.agenda_items.filter(section=data["section"]).aggregate(
            m=Max("position")
        )["m"]
        item.section = data["section"]
        item.position = (last or 0) + 10
        item.from_schedule = False
    return _save(item, by=by)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, by) -> AgendaItem:
    """Move an item one place up or down within its section."""
    _editable(item.meeting)
    siblings = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting_id=item.meeting_id, section=item.section)
        .order_by("position", "pk")
    )
    index = next((i for i, s in enumerate(siblings) if s.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("This item is no longer on the agenda."))
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings, start=1):
            if sibling.position != position * 10:
                sibling.position = position * 10
                _save(sibling, by=by)
    return next(s for s in siblings if s.pk == item.pk)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by) -> None:
    """Take an item off a meeting's agenda before the meeting (its history keeps it)."""
    _editable(item.meeting)
    item._history_user = by
    item.delete()
