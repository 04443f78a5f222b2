"""Writes to where a member's party life takes place — chuyển sinh hoạt: a move to another cell of
the committee (DOMAIN §2), and a transfer out to or back in from another party organisation
(DOMAIN §3), with its letter. A member who arrives from elsewhere is enrolled by
`members.services.member_create`. As there, each write takes the acting user as `by` and raises
`ValidationError` with a message for the user, saving nothing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Cell
from cells.rules import rules_for
from core.dates import add_months
from core.services import save_with_history as _save
from members.models import CellMembership, Member, Status, StatusEvent, Transfer
from members.positions import end_positions
from members.services import member_change_status


@transaction.atomic
def member_move(*, member: Member, cell: Cell, date: datetime.date, by, note: str = ""):
    """Move a member to another cell of the committee — a dated event (DOMAIN §2)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if cell.committee_id != member.committee_id:
        raise ValidationError({"cell": _("Choose a cell of this committee.")})
    if not cell.is_active:
        raise ValidationError({"cell": _("This cell is dissolved.")})
    if not member.is_on_roll:
        raise ValidationError(_("This person is a former member; her record is closed."))
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    current = member.memberships.filter(end_date__isnull=True).first()
    if current and current.cell_id == cell.pk:
        raise ValidationError({"cell": _("She is already a member of this cell.")})
    if current and date <= current.start_date:
        raise ValidationError(
            {
                "date": _("She joined her current cell on %(date)s; the move must come later.")
                % {"date": current.start_date.strftime("%d/%m/%Y")}
            }
        )
    if current:
        current.end_date = date - datetime.timedelta(days=1)
        _save(current, by=by)
        # Cell offices end with the move.
        end_positions(member.positions.filter(cell_id=current.cell_id), on=current.end_date, by=by)
    return _save(CellMembership(member=member, cell=cell, start_date=date, note=note), by=by)


def temporary_transfer_error(
    *, start: datetime.date, expected_return: datetime.date, purpose: str, rules
) -> str:
    """Why a temporary transfer from `start` to `expected_return` is too short or too long
    (DOMAIN §3, settings): for work from 3 months to under 1 year, for study from 3 months to
    2 years by default; "" when it is within its range."""
    if purpose == Transfer.Purpose.STUDY:
        shortest = add_months(start, rules.transfer_study_min_months)
        if shortest <= expected_return <= add_months(start, rules.transfer_study_max_months):
            return ""
        return _(
            "A temporary transfer for study lasts from %(min)s to %(max)s months: her return "
            "is expected from %(first)s to %(last)s."
        ) % {
            "min": rules.transfer_study_min_months,
            "max": rules.transfer_study_max_months,
            "first": shortest.strftime("%d/%m/%Y"),
            "last": add_months(start, rules.transfer_study_max_months).strftime("%d/%m/%Y"),
        }
    shortest = add_months(start, rules.transfer_work_min_months)
    if shortest <= expected_return < add_months(start, rules.transfer_work_under_months):
        return ""
    last = add_months(start, rules.transfer_work_under_months) - datetime.timedelta(days=1)
    return _(
        "A temporary transfer for work lasts from %(min)s months to under %(under)s months: her "
        "return is expected from %(first)s to %(last)s."
    ) % {
        "min": rules.transfer_work_min_months,
        "under": rules.transfer_work_under_months,
        "first": shortest.strftime("%d/%m/%Y"),
        "last": last.strftime("%d/%m/%Y"),
    }


@transaction.atomic
def transfer_record(
    *,
    member: Member,
    direction: str,
    kind: str,
    date: datetime.date,
    organisation: str,
    by,
    letter_number: str = "",
    letter_issued_on: datetime.date | None = None,
    letter_presented_on: datetime.date | None = None,
    expected_return: datetime.date | None = None,
    status_after: str | None = None,
    purpose: str = Transfer.Purpose.WORK,
) -> Transfer:
    """A transfer out (official, or temporary: for work or for study, each within its range of
    the committee's settings) or back in (DOMAIN §3)."""
    member = Member.objects.select_related("committee").get(pk=member.pk)
    errors = {}
    temporary_out = direction == Transfer.Direction.OUT and kind == Transfer.Kind.TEMPORARY
    if temporary_out:
        if purpose not in Transfer.Purpose.values:
            errors["purpose"] = _("Say whether she goes away for work or for study.")
        elif not expected_return:
            errors["expected_return"] = _("Give the expected return for a temporary transfer.")
        else:
            error = temporary_transfer_error(
                start=date,
                expected_return=expected_return,
                purpose=purpose,
                rules=rules_for(member.committee),
            )
            if error:
                errors["expected_return"] = error
    if direction == Transfer.Direction.IN and not letter_presented_on:
        errors["letter_presented_on"] = _("Give the date the letter was presented.")
    if errors:
        raise ValidationError(errors)
    event_kind = {
        (Transfer.Direction.OUT, Transfer.Kind.OFFICIAL): StatusEvent.Kind.OFFICIAL_OUT,
        (Transfer.Direction.OUT, Transfer.Kind.TEMPORARY): StatusEvent.Kind.TEMPORARY_OUT,
        (Transfer.Direction.IN, Transfer.Kind.OFFICIAL): StatusEvent.Kind.OFFICIAL_IN,
        (Transfer.Direction.IN, Transfer.Kind.TEMPORARY): StatusEvent.Kind.REINSTATED,
    }[(direction, kind)]
    if direction == Transfer.Direction.IN:
        if kind == Transfer.Kind.OFFICIAL:
            raise ValidationError(
                {"kind": _("A member who arrives from elsewhere is enrolled with “Add a member”.")}
            )
        if member.status != Status.AWAY:
            raise ValidationError({"kind": _("She is not away on a temporary transfer.")})
    event = member_change_status(
        member=member,
        kind=event_kind,
        date=date,
        by=by,
        reason=(
            _("Temporary transfer %(purpose)s: %(organisation)s")
            % {"purpose": Transfer.Purpose(purpose).label, "organisation": organisation}
            if temporary_out
            else _("Transfer: %(organisation)s") % {"organisation": organisation}
        ),
        decision_number=letter_number,
        status_after=status_after
        or (Status.OFFICIAL if member.recognised_on else Status.PROBATIONARY),
    )
    return _save(
        Transfer(
            member=member,
            direction=direction,
            kind=kind,
            date=date,
            organisation=organisation,
            letter_number=letter_number,
            letter_issued_on=letter_issued_on,
            letter_presented_on=letter_presented_on,
            expected_return=expected_return,
            purpose=purpose if temporary_out else "",
            event=event,
        ),
        by=by,
    )


def transfer_letter_is_late(transfer: Transfer, *, rules=None) -> bool:
    """A letter presented more than N days (setting, default 30) after it was issued is late.

    Pass the committee's `rules` when checking several transfers of one member.
    """
    rules = rules or rules_for(transfer.member.committee)
    days = transfer.presented_days_after_issue()
    return days is not None and days > rules.transfer_letter_days
