"""Writes to the offices — chức vụ — members hold: assign and end a position (DOMAIN §2).

At most one secretary per cell and per committee at a time; probationary and hosted members hold
no elected office. `end_positions` closes the offices a member leaves with her cell or the roll
(used by `members.services` and `members.transfers`). As in `members.services`, each write takes
the acting user as `by` and raises `ValidationError` with a message for the user, saving nothing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cells.models import Cell, Committee, Term
from core.services import save_with_history as _save
from members.models import Member, Position, Status


def end_positions(positions, *, on: datetime.date, by) -> None:
    """End the offices held on `on` (each saved, so the history records who ended it)."""
    held = positions.filter(Q(end_date__isnull=True) | Q(end_date__gt=on)).order_by("pk")
    # of=("self",): the nullable cell join may not be locked on PostgreSQL.
    for position in held.select_for_update(of=("self",)):
        # An office that was to start later is closed on its first day (records are never deleted).
        position.end_date = max(on, position.start_date)
        _save(position, by=by)


SOLE_ROLES = (Position.Role.COMMITTEE_SECRETARY, Position.Role.CELL_SECRETARY)


@transaction.atomic
def position_assign(
    *,
    member: Member,
    role: str,
    term: Term,
    start_date: datetime.date,
    by,
    cell: Cell | None = None,
    end_date: datetime.date | None = None,
) -> Position:
    """Give a member an office; at most one secretary per cell and per committee at a time.

    Offices are elected, so probationary and hosted members hold none (Charter, Art. 3).
    """
    # The committee row is locked first, so two assignments never both pass the checks.
    committee = Committee.objects.select_for_update().get(pk=member.committee.pk)
    member = Member.objects.get(pk=member.pk)
    if term.committee_id != committee.pk:
        raise ValidationError({"term": _("Choose a term of this committee.")})
    is_cell_role = role in Position.CELL_ROLES
    if is_cell_role and cell is None:
        raise ValidationError({"cell": _("Choose the cell.")})
    if not is_cell_role:
        cell = None
    if cell is not None and cell.committee_id != committee.pk:
        raise ValidationError({"cell": _("Choose a cell of this committee.")})
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date must not be before the start date.")})
    if start_date < term.start_date or start_date > term.end_date:
        raise ValidationError({"start_date": _("The start date must fall within the term.")})
    if end_date and end_date > term.end_date:
        raise ValidationError({"end_date": _("The end date must fall within the term.")})
    if not member.is_on_roll:
        raise ValidationError(_("This person is a former member; her record is closed."))
    if member.status in (Status.PROBATIONARY, Status.TEMPORARY):
        raise ValidationError(
            {"role": _("Probationary and hosted members cannot hold an elected office.")}
        )
    if is_cell_role:
        in_cell = member.memberships.filter(cell=cell, start_date__lte=start_date).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start_date)
        )
        if not in_cell.exists():
            raise ValidationError({"cell": _("She is not a member of this cell on that date.")})
    if role in SOLE_ROLES:
        overlapping = Position.objects.filter(committee=committee, role=role, cell=cell).filter(
            start_date__lte=end_date or datetime.date.max
        )
        overlapping = overlapping.exclude(end_date__lt=start_date)
        holder = overlapping.select_related("member").first()
        if holder:
            raise ValidationError(
                {
                    "role": _(
                        "%(name)s already holds this office from %(date)s. End that position first."
                    )
                    % {
                        "name": holder.member.full_name,
                        "date": holder.start_date.strftime("%d/%m/%Y"),
                    }
                }
            )
    duplicate = (
        Position.objects.filter(member=member, role=role, cell=cell, end_date__isnull=True)
        .exclude(start_date__gt=end_date or datetime.date.max)
        .exists()
    )
    if duplicate:
        raise ValidationError({"role": _("She already holds this office.")})
    return _save(
        Position(
            member=member,
            committee=committee,
            cell=cell,
            term=term,
            role=role,
            start_date=start_date,
            end_date=end_date,
        ),
        by=by,
    )


@transaction.atomic
def position_end(*, position: Position, end_date: datetime.date, by) -> Position:
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.end_date is not None:
        raise ValidationError(_("This position has already ended."))
    if end_date < position.start_date:
        raise ValidationError({"end_date": _("The end date must not be before the start date.")})
    position.end_date = end_date
    return _save(position, by=by)
