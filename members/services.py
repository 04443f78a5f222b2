"""Writes to the member record — hồ sơ đảng viên: enrol (`member_create`), edit (`member_update`,
`member_update_own`) and change her status (`member_change_status`); one function per operation,
validated, in one transaction. Moves and transfers are in `members.transfers`, offices in
`members.positions`.

Each takes the acting user as `by` (recorded in the audit history) and raises `ValidationError`
with a message for the user when the operation is refused; nothing is saved then.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Cell, Committee
from cells.rules import rules_for
from core.dates import add_months, years_between
from core.services import save_with_history as _save
from core.text import name_sort_key, search_key
from members.models import CellMembership, Member, Status, StatusEvent, Transfer
from members.positions import end_positions

MEMBER_FIELDS = (
    "full_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "religion",
    "home_town",
    "permanent_address",
    "current_address",
    "citizen_id",
    "phone",
    "email",
    "education",
    "qualification",
    "theory_level",
    "job_title",
    "is_student",
    "card_number",
    "record_number",
    "admitted_on",
    "recognised_on",
    "photo",
)
# What a member may change on her own record ("Hồ sơ của tôi").
SELF_FIELDS = ("phone", "email", "current_address")

# The status each kind of event leads to; None: the form says (official or probationary).
STATUS_AFTER = {
    StatusEvent.Kind.ADMITTED: Status.PROBATIONARY,
    StatusEvent.Kind.RECOGNISED: Status.OFFICIAL,
    StatusEvent.Kind.EXEMPTED: Status.EXEMPTED,
    StatusEvent.Kind.SUSPENDED: Status.SUSPENDED,
    StatusEvent.Kind.REINSTATED: None,
    StatusEvent.Kind.TEMPORARY_OUT: Status.AWAY,
    StatusEvent.Kind.TEMPORARY_IN: Status.TEMPORARY,
    StatusEvent.Kind.OFFICIAL_OUT: Status.TRANSFERRED_OUT,
    StatusEvent.Kind.OFFICIAL_IN: None,
    StatusEvent.Kind.REMOVED: Status.REMOVED,
    StatusEvent.Kind.EXPELLED: Status.EXPELLED,
    StatusEvent.Kind.DECEASED: Status.DECEASED,
}
# Events after which the member leaves the committee's roll (her cell membership ends).
LEAVING = {
    StatusEvent.Kind.OFFICIAL_OUT,
    StatusEvent.Kind.REMOVED,
    StatusEvent.Kind.EXPELLED,
    StatusEvent.Kind.DECEASED,
}
ACTIVE_STANDING = (Status.OFFICIAL, Status.PROBATIONARY)
# Events that open a record: written by member_create, never afterwards.
ARRIVALS = {
    StatusEvent.Kind.ADMITTED,
    StatusEvent.Kind.TEMPORARY_IN,
    StatusEvent.Kind.OFFICIAL_IN,
}
# What the "change of status" page offers; transfers have their own page.
STATUS_PAGE_KINDS = (
    StatusEvent.Kind.RECOGNISED,
    StatusEvent.Kind.EXEMPTED,
    StatusEvent.Kind.SUSPENDED,
    StatusEvent.Kind.REINSTATED,
    StatusEvent.Kind.REMOVED,
    StatusEvent.Kind.EXPELLED,
    StatusEvent.Kind.DECEASED,
)


def probation_ends_on(admitted_on: datetime.date, rules) -> datetime.date:
    """The day probation ends: the setting's number of months (default 12) after admission."""
    return add_months(admitted_on, rules.probation_months)


def _check_probation(member, admitted_on, recognised_on, *, field: str):
    """Recognition comes after the probation (setting, default 12 months) from admission."""
    rules = rules_for(member.committee)
    months = rules.probation_months
    ends = probation_ends_on(admitted_on, rules)
    if recognised_on < ends:
        raise ValidationError(
            {
                field: _(
                    "Probation lasts %(months)s months from admission (%(date)s): "
                    "recognition can come on %(end)s at the earliest."
                )
                % {
                    "months": months,
                    "date": admitted_on.strftime("%d/%m/%Y"),
                    "end": ends.strftime("%d/%m/%Y"),
                }
            }
        )


def below_admission_age(born: datetime.date, on: datetime.date, rules) -> bool:
    """Too young to be admitted on `on`: under the setting's minimum age (default 18)."""
    return years_between(born, on) < rules.min_admission_age


def _check_member(member: Member):
    """Rules that need dates or other rows, with messages next to their fields."""
    errors = {}
    rules = rules_for(member.committee)
    if member.date_of_birth and member.date_of_birth > timezone.localdate():
        errors["date_of_birth"] = _("The birth date cannot be in the future.")
    if member.admitted_on and member.date_of_birth:
        if member.admitted_on <= member.date_of_birth:
            errors["admitted_on"] = _("The admission date must come after the birth date.")
        elif below_admission_age(member.date_of_birth, member.admitted_on, rules):
            errors["admitted_on"] = _(
                "A member must be at least %(age)s years old when admitted."
            ) % {"age": rules.min_admission_age}
    today = timezone.localdate()
    for field in ("admitted_on", "recognised_on"):
        if getattr(member, field) and getattr(member, field) > today:
            errors[field] = _("The date cannot be in the future.")
    if member.recognised_on and "recognised_on" not in errors:
        if not member.admitted_on:
            errors["recognised_on"] = _("Give the admission date first.")
        elif member.recognised_on <= member.admitted_on:
            errors["recognised_on"] = _("The official date must come after admission.")
        else:
            try:
                _check_probation(
                    member, member.admitted_on, member.recognised_on, field="recognised_on"
                )
            except ValidationError as error:
                errors.update(error.message_dict)
    if member.status == Status.PROBATIONARY and member.recognised_on:
        errors["recognised_on"] = _("A probationary member has no official date yet.")
    others = Member.objects.filter(committee=member.committee).exclude(pk=member.pk)
    if member.card_number and others.filter(card_number=member.card_number).exists():
        errors["card_number"] = _("Another member of the committee has this card number.")
    if member.citizen_id and others.filter(citizen_id=member.citizen_id).exists():
        errors["citizen_id"] = _("Another member of the committee has this citizen ID.")
    if errors:
        raise ValidationError(errors)


def _normalise(member: Member):
    member.full_name = " ".join((member.full_name or "").split())
    member.name_search = search_key(member.full_name)
    member.name_sort = name_sort_key(member.full_name)[:320]
    for field in ("card_number", "citizen_id"):
        value = (getattr(member, field) or "").strip()
        setattr(member, field, value or None)


def _lock(committee: Committee) -> Committee:
    return Committee.objects.select_for_update().get(pk=committee.pk)


@transaction.atomic
def member_create(
    *,
    committee: Committee,
    cell: Cell,
    joined_on: datetime.date,
    status: str,
    by,
    arrived_from: str = "",
    letter_number: str = "",
    letter_issued_on: datetime.date | None = None,
    letter_presented_on: datetime.date | None = None,
    **data,
) -> Member:
    """Enrol a member in a cell of the committee, with the status she arrives with.

    Her first status events follow: admitted (probationary); admitted then recognised (official);
    or, when she arrives from another party organisation (`arrived_from`), a transfer in — official
    for a member of ours from now on, temporary for a hosted member — with the transfer letter.
    """
    committee = _lock(committee)
    errors = {}
    if cell.committee_id != committee.pk:
        errors["cell"] = _("Choose a cell of this committee.")
    elif not cell.is_active:
        errors["cell"] = _("This cell is dissolved.")
    if status not in (Status.PROBATIONARY, Status.OFFICIAL, Status.TEMPORARY):
        errors["status"] = _("A new member is probationary, official or hosted.")
    if status == Status.TEMPORARY and not arrived_from:
        errors["arrived_from"] = _("Say which party organisation hosts her membership.")
    if arrived_from and not letter_presented_on:
        errors["letter_presented_on"] = _("Give the date the transfer letter was presented.")
    if letter_issued_on and letter_presented_on and letter_presented_on < letter_issued_on:
        errors["letter_presented_on"] = _("A letter cannot be presented before it was issued.")
    if errors:
        raise ValidationError(errors)
    member = Member(committee=committee, status=status)
    for field in MEMBER_FIELDS:
        if field in data:
            setattr(member, field, data[field])
    _normalise(member)
    if status == Status.OFFICIAL and not member.recognised_on:
        raise ValidationError({"recognised_on": _("Give the date she was recognised official.")})
    _check_member(member)
    if member.admitted_on and joined_on < member.admitted_on:
        raise ValidationError({"joined_on": _("She cannot join a cell before her admission.")})
    if joined_on > timezone.localdate():
        raise ValidationError({"joined_on": _("The date cannot be in the future.")})
    _save(member, by=by)
    _save(CellMembership(member=member, cell=cell, start_date=joined_on), by=by)

    def event(kind, date, status_after):
        return _save(
            StatusEvent(
                member=member, kind=kind, date=date, status_after=status_after, recorded_by=by
            ),
            by=by,
        )

    if arrived_from:
        kind = (
            StatusEvent.Kind.TEMPORARY_IN
            if status == Status.TEMPORARY
            else StatusEvent.Kind.OFFICIAL_IN
        )
        arrival = event(kind, joined_on, status)
        _save(
            Transfer(
                member=member,
                direction=Transfer.Direction.IN,
                kind=Transfer.Kind.TEMPORARY
                if status == Status.TEMPORARY
                else Transfer.Kind.OFFICIAL,
                date=joined_on,
                organisation=arrived_from,
                letter_number=letter_number,
                letter_issued_on=letter_issued_on,
                letter_presented_on=letter_presented_on,
                event=arrival,
            ),
            by=by,
        )
    else:
        event(StatusEvent.Kind.ADMITTED, member.admitted_on or joined_on, Status.PROBATIONARY)
        if status == Status.OFFICIAL:
            event(StatusEvent.Kind.RECOGNISED, member.recognised_on, Status.OFFICIAL)
    return member


@transaction.atomic
def member_update(*, member: Member, by, **data) -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    for field in MEMBER_FIELDS:
        if field in data:
            setattr(member, field, data[field])
    _normalise(member)
    _check_member(member)
    return _save(member, by=by)


@transaction.atomic
def member_update_own(*, member: Member, by, **data) -> Member:
    """ "Hồ sơ của tôi": a member changes her phone, e-mail and current residence — nothing else."""
    unexpected = set(data) - set(SELF_FIELDS)
    if unexpected:
        raise ValidationError(_("You may only change your phone, e-mail and current residence."))
    member = Member.objects.select_for_update().get(pk=member.pk)
    for field in SELF_FIELDS:
        if field in data:
            setattr(member, field, data[field])
    return _save(member, by=by)


@transaction.atomic
def member_change_status(
    *,
    member: Member,
    kind: str,
    date: datetime.date,
    by,
    reason: str = "",
    decision_number: str = "",
    status_after: str | None = None,
) -> StatusEvent:
    """Record a change of status — the member's current status follows from her events."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if kind not in STATUS_AFTER:
        raise ValidationError({"kind": _("Choose an event.")})
    if kind in ARRIVALS:
        raise ValidationError({"kind": _("This event is recorded when the member is added.")})
    if kind == StatusEvent.Kind.TEMPORARY_OUT and member.status == Status.AWAY:
        raise ValidationError({"kind": _("She is already away on a temporary transfer.")})
    last = member.status_events.order_by("-date", "-pk").first()
    if last and date < last.date:
        raise ValidationError(
            {
                "date": _("The last recorded event is on %(date)s; record events in order.")
                % {"date": last.date.strftime("%d/%m/%Y")}
            }
        )
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    if not member.is_on_roll:
        raise ValidationError(_("This person is a former member; her record is closed."))
    target = STATUS_AFTER[kind]
    if target is None:
        if status_after not in ACTIVE_STANDING:
            raise ValidationError(
                {"status_after": _("Say whether she is an official or a probationary member.")}
            )
        target = status_after
    if kind == StatusEvent.Kind.RECOGNISED:
        if member.status != Status.PROBATIONARY:
            raise ValidationError({"kind": _("Only a probationary member is recognised.")})
        if not member.admitted_on:
            raise ValidationError({"date": _("Record her admission date first.")})
        _check_probation(member, member.admitted_on, date, field="date")
        member.recognised_on = date
    if kind in (StatusEvent.Kind.EXEMPTED, StatusEvent.Kind.SUSPENDED) and (
        member.status not in ACTIVE_STANDING
    ):
        raise ValidationError({"kind": _("Only an active member can be exempted or suspended.")})
    if kind == StatusEvent.Kind.REINSTATED and member.status not in (
        Status.EXEMPTED,
        Status.SUSPENDED,
        Status.AWAY,
    ):
        raise ValidationError({"kind": _("She is already taking part in activities.")})
    if kind in (StatusEvent.Kind.REMOVED, StatusEvent.Kind.EXPELLED) and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    event = _save(
        StatusEvent(
            member=member,
            kind=kind,
            date=date,
            status_after=target,
            reason=(reason or "").strip(),
            decision_number=(decision_number or "").strip(),
            recorded_by=by,
        ),
        by=by,
    )
    member.status = target
    _save(member, by=by)
    if kind in LEAVING:
        membership = member.memberships.filter(end_date__isnull=True).first()
        if membership:
            membership.end_date = max(date, membership.start_date)
            _save(membership, by=by)
        end_positions(member.positions.all(), on=date, by=by)
    return event
