"""Writes to meetings: create, edit and publish (DOMAIN §4.1–3). One function per operation,
validated, in one transaction."""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.models import Cell, Committee
from cells.rules import rules_for
from core.services import save_with_history as _save
from meetings.decisions import followup
from meetings.models import SECTION_ORDER, AgendaItem, Body, Kind, Meeting, Status
from meetings.planning.preparation import publish_deadline
from meetings.selectors import body_members
from members.notifications import notify

MEETING_FIELDS = (
    "kind",
    "includes_topic",
    "includes_review",
    "date",
    "start_time",
    "place",
    "chair",
    "clerk",
    "topic",
    "topic_quarter",
)


# The three standard sections of a regular meeting (DOMAIN §4.2), pre-filled in this order.
STANDARD_ITEMS = (
    (
        AgendaItem.Section.POLITICAL,
        gettext_lazy("Political and ideological situation; new directives"),
    ),
    (AgendaItem.Section.TASKS, gettext_lazy("Review of last month's tasks; tasks for next month")),
    (
        AgendaItem.Section.PARTY,
        gettext_lazy("Party building: members, admissions, supervision, fees"),
    ),
)


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _check_meeting(meeting: Meeting):
    errors = {}
    if meeting.body == Body.CELL:
        if meeting.cell is None:
            errors["cell"] = _("Choose the cell.")
        elif meeting.cell.committee_id != meeting.committee_id:
            errors["cell"] = _("Choose a cell of this committee.")
        elif not meeting.cell.is_active:
            errors["cell"] = _("This cell is dissolved.")
    else:
        meeting.cell = None
    if meeting.kind != Kind.REGULAR:
        meeting.includes_topic = meeting.includes_review = False
    if meeting.body == Body.COMMITTEE and meeting.kind == Kind.REGULAR:
        errors["kind"] = _("The whole committee meets in conferences, not regular meetings.")
    _check_officers(meeting, errors)
    if meeting.is_topic_session and not (meeting.topic or "").strip():
        errors["topic"] = _("Give the topic of the session.")
    if meeting.is_topic_session and meeting.topic_quarter is None and meeting.date:
        meeting.topic_quarter = (meeting.date.month - 1) // 3 + 1
    if meeting.kind == Kind.REGULAR and meeting.date:
        clash = Meeting.objects.filter(
            committee=meeting.committee,
            body=meeting.body,
            cell=meeting.cell,
            kind=Kind.REGULAR,
            month=meeting.month,
        ).exclude(pk=meeting.pk)
        other = clash.first()
        if other:
            errors["date"] = _(
                "There is already a regular meeting that month (%(date)s). "
                "A body holds one regular meeting a month; reschedule that one instead."
            ) % {"date": other.date.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)


def _check_officers(meeting: Meeting, errors: dict) -> None:
    """The chair and the clerk are members of the meeting's body on its date (`body_members`):
    someone from outside it attends as a guest."""
    people = {}
    for role in ("chair", "clerk"):
        person = getattr(meeting, role)
        if person is None:
            continue
        if person.committee_id != meeting.committee_id:
            errors[role] = _("Choose a member of this committee.")
        else:
            people[role] = person
    if not people or "cell" in errors or not meeting.date:
        return  # nobody to check, or the body is not known: its own error speaks first
    members = set(
        body_members(meeting)
        .filter(pk__in=[person.pk for person in people.values()])
        .values_list("pk", flat=True)
    )
    date = meeting.date.strftime("%d/%m/%Y")
    for role, person in people.items():
        if person.pk not in members:
            errors[role] = _not_in_body(meeting, person, date)


def _not_in_body(meeting: Meeting, person, date: str) -> str:
    values = {"name": person.full_name, "date": date}
    if meeting.body == Body.CELL:
        return (
            _(
                "%(name)s is not a member of this cell on %(date)s: choose a member of the cell "
                "(anyone else attends as a guest)."
            )
            % values
        )
    if meeting.body == Body.EXECUTIVE:
        return (
            _(
                "%(name)s is not a member of the executive committee on %(date)s: choose one of its "
                "members (anyone else attends as a guest)."
            )
            % values
        )
    return (
        _("%(name)s is not on the committee's roll on %(date)s: choose a member of the committee.")
        % values
    )


def _check_presenters(meeting: Meeting, presenters):
    if any(p.committee_id != meeting.committee_id for p in presenters):
        raise ValidationError({"presenters": _("Choose members of this committee.")})


def add_standard_items(meeting: Meeting, *, by):
    """The standard sections, written in Vietnamese whatever the user's language (records)."""
    with translation.override("vi"):
        for position, (section, title) in enumerate(STANDARD_ITEMS, start=1):
            _save(
                AgendaItem(
                    meeting=meeting,
                    section=section,
                    title=str(title),
                    position=position * 10,
                    from_schedule=True,
                ),
                by=by,
            )


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    body: str,
    kind: str,
    date: datetime.date,
    start_time: datetime.time,
    by,
    cell: Cell | None = None,
    presenters=(),
    **data,
) -> Meeting:
    """Plan a meeting. A regular one starts with the three standard agenda sections.

    A meeting dated before today is history entered afterwards: it is marked "recorded
    afterwards" and held, and it never notifies anyone.
    """
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if cell is not None:
        cell = Cell.objects.select_for_update().get(pk=cell.pk)
    meeting = Meeting(
        committee=committee,
        body=body,
        cell=cell,
        kind=kind,
        date=date,
        start_time=start_time,
        month=_first_of_month(date),
        created_by=by,
    )
    for field in MEETING_FIELDS:
        if field in data:
            setattr(meeting, field, data[field])
    if date < timezone.localdate():
        meeting.recorded_afterwards = True
        meeting.status = Status.HELD
    _check_meeting(meeting)
    _check_presenters(meeting, presenters)
    _save(meeting, by=by)
    if presenters:
        meeting.presenters.set(presenters)
    if meeting.kind == Kind.REGULAR:
        add_standard_items(meeting, by=by)
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, by, reschedule_reason: str = "", presenters=None, **data
) -> Meeting:
    """Change a meeting's details. A new date keeps a regular meeting in its month and needs a
    reason (the meeting still counts for the month it was planned for)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_editable:
        raise ValidationError(_("This meeting has been held; its record is changed by amendment."))
    old_date = meeting.date
    for field in MEETING_FIELDS:
        if field in data:
            setattr(meeting, field, data[field])
    if meeting.date != old_date:
        if meeting.kind == Kind.REGULAR and _first_of_month(meeting.date) != meeting.month:
            raise ValidationError(
                {
                    "date": _(
                        "A regular meeting stays in its month (%(month)s): choose a day of that "
                        "month, or plan an extraordinary meeting."
                    )
                    % {"month": meeting.month.strftime("%m/%Y")}
                }
            )
        if not (reschedule_reason or "").strip():
            raise ValidationError({"reschedule_reason": _("Give the reason for the new date.")})
        meeting.reschedule_reason = reschedule_reason.strip()
        if meeting.kind != Kind.REGULAR:
            meeting.month = _first_of_month(meeting.date)
    _check_meeting(meeting)
    if presenters is not None:
        _check_presenters(meeting, presenters)
    _save(meeting, by=by)
    if presenters is not None:
        meeting.presenters.set(presenters)
    return meeting


@dataclass
class PublishResult:
    """What publishing did: whom it told, and whether it came late or carried changes."""

    sent: int
    late: bool
    first: bool
    changed: bool


def _fingerprint(meeting: Meeting) -> str:
    """What members were told: date, time, place, agenda and documents."""
    parts = [str(meeting.date), str(meeting.start_time), meeting.place]
    for item in meeting.agenda_items.order_by("section", "position", "pk"):
        parts.append(f"{item.section}|{item.title}|{item.presenter_id}|{item.notes}")
    parts.extend(
        str(pk)
        for pk in meeting.documents.filter(archived=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _announcement(meeting: Meeting, *, first: bool) -> tuple[str, str]:
    """The notification's title and text, in Vietnamese (official communication)."""
    with translation.override("vi"):
        when = f"{meeting.start_time:%H:%M} {meeting.date:%d/%m/%Y}"
        if first:
            title = _("Meeting: %(holder)s, %(when)s") % {
                "holder": meeting.holder_name,
                "when": when,
            }
        else:
            title = _("Meeting updated: %(holder)s, %(when)s") % {
                "holder": meeting.holder_name,
                "when": when,
            }
        lines = [
            _("%(kind)s of %(holder)s")
            % {"kind": meeting.get_kind_display(), "holder": meeting.holder_name},
            _("Time: %(when)s") % {"when": when},
        ]
        if meeting.place:
            lines.append(_("Place: %(place)s") % {"place": meeting.place})
        lines.append(_("Agenda:"))
        for number, item in enumerate(
            sorted(
                meeting.agenda_items.all(),
                key=lambda i: (SECTION_ORDER.index(i.section), i.position, i.pk),
            ),
            start=1,
        ):
            lines.append(f"{number}. {item.title}")
        if not first:
            lines.append(_("The agenda or the documents have changed since the last notice."))
    return title, "\n".join(lines)


@transaction.atomic
def meeting_publish(*, meeting: Meeting, by) -> PublishResult:
    """Công bố: members of the body see the meeting and are told (in the app and by e-mail).

    Publishing later than the documents' lead time (a setting) is allowed and recorded. Publishing
    again after a change tells them again and marks the meeting "updated"; with no change it sends
    nothing. A meeting recorded afterwards never notifies anyone.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_editable:
        raise ValidationError(_("Only a planned meeting is published."))
    if not meeting.agenda_items.exists():
        raise ValidationError(_("Add at least one agenda item before publishing."))
    fingerprint = _fingerprint(meeting)
    first = meeting.status == Status.DRAFT
    if not first and fingerprint == meeting.published_fingerprint:
        return PublishResult(sent=0, late=meeting.published_late, first=False, changed=False)
    now = timezone.now()
    if first:
        meeting.status = Status.PUBLISHED
        meeting.published_at = now
        meeting.published_late = now > publish_deadline(meeting, rules_for(meeting.committee))
    else:
        meeting.updated_after_publishing = True
    meeting.published_fingerprint = fingerprint
    _save(meeting, by=by)
    if first:
        # Section (b) keeps the list of tasks to review as it is now (a regular cell meeting).
        followup.followup_snapshot(meeting=meeting, by=by)
    sent = 0
    if not meeting.recorded_afterwards:
        title, text = _announcement(meeting, first=first)
        users = [m.user for m in body_members(meeting) if m.user_id]
        sent = notify(users=users, title=title, body=text, url=meeting.get_absolute_url())
    return PublishResult(sent=sent, late=meeting.published_late, first=first, changed=True)
