"""Writes to the party fees (DOMAIN §8): one function per operation, validated and saved in one
transaction, the acting user as `by` (recorded in the history). A refused operation raises
`ValidationError({field: message})` and saves nothing.

What a month costs and in which cell it is due are read from `fees.selectors.Ledger` (one rule,
in one place). Writes that touch a member's months lock her row first (`select_for_update`), so
two treasurers recording the same month at the same moment cannot both succeed; the partial
unique constraint backs it and its `IntegrityError` becomes the same message as the check.

Nothing is deleted: a wrong payment or remittance is reversed with a reason. A raise dated in
the past leaves the payments already recorded as they were (each keeps the amount due when it
was recorded); the difference shows as `FeeMonth.back_payment_due` and is paid by
`back_payment_record`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Cell, Committee
from cells.rules import rules_for
from core.dates import add_months
from core.services import save_with_history as _save
from fees import rates
from fees.models import FeeBasis, FeeCategory, FeeExcuse, FeePayment, Remittance
from fees.selectors import Ledger, ledger_for
from fees.summary import refresh_fee_year
from members.models import CellMembership, Member

# An amount more than this many times what is due is a typing error (an extra zero or two).
ABSURD_FACTOR = 10
# How far ahead a month may be paid, or a fee basis start.
MONTHS_AHEAD = 12
# The largest amount a PositiveBigIntegerField takes.
_MAX_AMOUNT = 9_223_372_036_854_775_807


def _month_label(month: datetime.date) -> str:
    return f"{month:%m/%Y}"


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def _lock_members(member_ids) -> dict[int, Member]:
    """Her row (their rows, in a fixed order) locked until the transaction ends: writes to one
    member's months are serialised (DESIGN §9)."""
    return {
        m.pk: m
        for m in Member.objects.select_for_update().filter(pk__in=list(member_ids)).order_by("pk")
    }


def _lock_member(member: Member) -> Member:
    return _lock_members([member.pk])[member.pk]


def _as_amount(value, field: str) -> int:
    try:
        amount = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter a whole number of đồng.")}) from None
    if amount != value and not isinstance(value, str):
        raise ValidationError({field: _("Enter a whole number of đồng.")})
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    if amount > _MAX_AMOUNT:
        raise ValidationError({field: _("This amount is too large.")})
    return amount


def _check_reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


def _check_paid_on(paid_on, *, today, field="paid_on"):
    if not isinstance(paid_on, datetime.date):
        raise ValidationError({field: _("Enter the date.")})
    if paid_on > today:
        raise ValidationError({field: _("The date cannot be in the future.")})


def _save_payment(payment: FeePayment, *, by) -> FeePayment:
    """Saved in its own savepoint: a concurrent payment of the same month (the partial unique
    constraint) becomes the user's message, never a 500."""
    try:
        with transaction.atomic():
            payment._history_user = by
            # The member (locked), the cell and the user are known to exist: no query for them.
            payment.full_clean(
                exclude=["member", "cell", "recorded_by", "reversed_by"],
                validate_constraints=False,
            )
            payment.save()
            refresh_fee_year(payment.member, payment.month.year)
    except IntegrityError as error:
        raise ValidationError(
            {"months": _("%(month)s is already paid.") % {"month": _month_label(payment.month)}}
        ) from error
    return payment


# --- Fee basis --------------------------------------------------------------------------------


@transaction.atomic
def basis_set(
    *, member: Member, category, base_amount, effective_from: datetime.date, note="", by
) -> FeeBasis:
    """Her category and base amount from a month on (the day is normalised to the 1st). A second
    entry for the same month corrects that entry (the history keeps the old values). Payments
    already recorded keep what was due when they were recorded: a basis dated in the past shows
    the difference as a back-payment (truy thu), it never changes what was paid."""
    member = _lock_member(member)
    if category not in FeeCategory.values:
        raise ValidationError({"category": _("Choose a fee category.")})
    base_amount = _as_amount(base_amount, "base_amount")
    if not isinstance(effective_from, datetime.date):
        raise ValidationError({"effective_from": _("Enter the month.")})
    effective_from = rates.first_of_month(effective_from)
    today = timezone.localdate()
    if effective_from > add_months(rates.first_of_month(today), MONTHS_AHEAD):
        raise ValidationError(
            {"effective_from": _("A fee basis may start at most 12 months from now.")}
        )
    rules = rules_for(member.committee)
    if category == FeeCategory.FIXED and not (
        rules.fee_fixed_min <= base_amount <= rules.fee_fixed_max
    ):
        raise ValidationError(
            {
                "base_amount": _("A fixed fee is between %(min)s and %(max)s a month.")
                % {"min": _vnd(rules.fee_fixed_min), "max": _vnd(rules.fee_fixed_max)}
            }
        )
    if rates.fee_for(category, base_amount, rules=rules) <= 0:
        raise ValidationError(
            {"base_amount": _("This base amount gives a fee of 0 đ: check the amount.")}
        )
    basis = FeeBasis.objects.filter(member=member, effective_from=effective_from).first()
    if basis is None:
        basis = FeeBasis(member=member, effective_from=effective_from, created_by=by)
    basis.category, basis.base_amount, basis.note = category, base_amount, (note or "").strip()
    return _save(basis, by=by)


# --- Payments ---------------------------------------------------------------------------------


def _months_list(months) -> list[datetime.date]:
    if isinstance(months, datetime.date):
        months = [months]
    result = sorted({rates.first_of_month(m) for m in (months or ()) if m is not None})
    if not result:
        raise ValidationError({"months": _("Choose at least one month.")})
    return result


def _check_month_ahead(month: datetime.date, *, today, field="months"):
    if month > add_months(rates.first_of_month(today), MONTHS_AHEAD):
        raise ValidationError(
            {field: _("%(month)s is more than 12 months ahead.") % {"month": _month_label(month)}}
        )


def _due_month(ledger: Ledger, member: Member, cell: Cell, month: datetime.date, field: str):
    """Her month in `cell`, with an amount due — or the reason it cannot be paid there."""
    item = ledger.month(member.pk, month)
    if item is None or item.cell_id != cell.pk:
        raise ValidationError(
            {
                field: _("%(name)s was not in this cell in %(month)s.")
                % {"name": member.full_name, "month": _month_label(month)}
            }
        )
    if item.due is None:
        raise ValidationError(
            {
                field: _("%(name)s has no fee basis for %(month)s: set her fee first.")
                % {"name": member.full_name, "month": _month_label(month)}
            }
        )
    return item


@transaction.atomic
def payments_record(
    *, cell: Cell, member: Member, months, paid_on: datetime.date, by, amounts=None
) -> list[FeePayment]:
    """One member pays one or several months at once in `cell` (the cell where each month is
    due). Each month's amount is her amount due unless `amounts[month]` says otherwise; the
    payment keeps the amount due at the time. All or nothing."""
    today = timezone.localdate()
    months = _months_list(months)
    _check_paid_on(paid_on, today=today)
    for month in months:
        _check_month_ahead(month, today=today)
    if months[-1] > add_months(rates.first_of_month(paid_on), MONTHS_AHEAD):
        raise ValidationError(
            {"paid_on": _("A payment covers at most 12 months after the date paid.")}
        )
    amounts = {rates.first_of_month(k): v for k, v in (amounts or {}).items()}
    member = _lock_member(member)
    ledger = ledger_for([member.pk], months[0], months[-1], committee=member.committee, today=today)
    payments = []
    for month in months:
        item = _due_month(ledger, member, cell, month, "months")
        if item.is_paid:
            raise ValidationError(
                {"months": _("%(month)s is already paid.") % {"month": _month_label(month)}}
            )
        amount = _as_amount(amounts.get(month, item.due), "amount")
        if amount > ABSURD_FACTOR * item.due:
            raise ValidationError(
                {
                    "amount": _(
                        "%(amount)s for %(month)s is more than ten times the amount due "
                        "(%(due)s): check the amount."
                    )
                    % {
                        "amount": _vnd(amount),
                        "month": _month_label(month),
                        "due": _vnd(item.due),
                    }
                }
            )
        payments.append(
            FeePayment(
                member=member,
                cell=cell,
                month=month,
                kind=FeePayment.Kind.REGULAR,
                amount_due=item.due,
                amount_paid=amount,
                paid_on=paid_on,
                recorded_by=by,
            )
        )
    return [_save_payment(payment, by=by) for payment in payments]


@transaction.atomic
def month_record(
    *, cell: Cell, month: datetime.date, member_ids, paid_on: datetime.date, by
) -> list[FeePayment]:
    """The meeting screen: the members ticked as having paid `month`, each her amount due. All or
    nothing. A ticked member whose month is already paid is left as it is (the screen may post
    her again); only the new payments are returned."""
    today = timezone.localdate()
    if not isinstance(month, datetime.date):
        raise ValidationError({"member_ids": _("Enter the month.")})
    month = rates.first_of_month(month)
    _check_paid_on(paid_on, today=today)
    _check_month_ahead(month, today=today, field="member_ids")
    ids = set()
    for value in member_ids or ():
        try:
            ids.add(int(getattr(value, "pk", value)))
        except (TypeError, ValueError):
            raise ValidationError({"member_ids": _("Tick the members who paid.")}) from None
    if not ids:
        raise ValidationError({"member_ids": _("Tick at least one member who paid.")})
    members = _lock_members(ids)
    strangers = ids - {pk for pk, m in members.items() if m.committee_id == cell.committee_id}
    if strangers:
        raise ValidationError({"member_ids": _("Tick only members of this cell.")})
    ledger = ledger_for(sorted(ids), month, month, committee=cell.committee, today=today)
    payments = []
    for member in sorted(members.values(), key=lambda m: (m.name_sort, m.pk)):
        item = _due_month(ledger, member, cell, month, "member_ids")
        if item.is_paid:
            continue
        payments.append(
            FeePayment(
                member=member,
                cell=cell,
                month=month,
                kind=FeePayment.Kind.REGULAR,
                amount_due=item.due,
                amount_paid=item.due,
                paid_on=paid_on,
                recorded_by=by,
            )
        )
    try:
        return [_save_payment(payment, by=by) for payment in payments]
    except ValidationError as error:
        raise ValidationError({"member_ids": error.message_dict["months"]}) from error


@transaction.atomic
def back_payment_record(
    *, cell: Cell, member: Member, month: datetime.date, paid_on: datetime.date, by
) -> FeePayment:
    """Truy thu: she pays the difference a raise dated back to `month` left due
    (`FeeMonth.back_payment_due`), in the cell where the month was due or her current cell."""
    today = timezone.localdate()
    if not isinstance(month, datetime.date):
        raise ValidationError({"month": _("Enter the month.")})
    month = rates.first_of_month(month)
    _check_paid_on(paid_on, today=today)
    member = _lock_member(member)
    ledger = ledger_for([member.pk], month, month, committee=member.committee, today=today)
    item = ledger.month(member.pk, month)
    current = (
        CellMembership.objects.filter(member=member, end_date__isnull=True)
        .values_list("cell_id", flat=True)
        .first()
    )
    if item is None or cell.pk not in (item.cell_id, current):
        raise ValidationError(
            {
                "month": _("%(name)s was not in this cell in %(month)s.")
                % {"name": member.full_name, "month": _month_label(month)}
            }
        )
    due = item.back_payment_due
    if not due:
        raise ValidationError(
            {"month": _("Nothing is left to pay for %(month)s.") % {"month": _month_label(month)}}
        )
    if (
        FeePayment.objects.standing()
        .filter(member=member, month=month, kind=FeePayment.Kind.BACK_PAYMENT)
        .exists()
    ):
        raise ValidationError(
            {
                "month": _(
                    "A back-payment for %(month)s is already recorded: reverse it and record "
                    "the whole difference again."
                )
                % {"month": _month_label(month)}
            }
        )
    payment = FeePayment(
        member=member,
        cell=cell,
        month=month,
        kind=FeePayment.Kind.BACK_PAYMENT,
        amount_due=due,
        amount_paid=due,
        paid_on=paid_on,
        recorded_by=by,
    )
    try:
        return _save_payment(payment, by=by)
    except ValidationError as error:
        raise ValidationError({"month": error.message_dict["months"]}) from error


@transaction.atomic
def payment_reverse(*, payment: FeePayment, reason, by) -> FeePayment:
    """Cancel a wrong payment with a reason; it stays on record, the month is unpaid again."""
    reason = _check_reason(reason)
    payment = FeePayment.objects.select_for_update().get(pk=payment.pk)
    if payment.reversed_at is not None:
        raise ValidationError({"reason": _("This payment is already reversed.")})
    payment.reversed_at, payment.reversed_by, payment.reversal_reason = timezone.now(), by, reason
    payment = _save(payment, by=by)
    refresh_fee_year(payment.member, payment.month.year)
    return payment


# --- Valid reasons ----------------------------------------------------------------------------


@transaction.atomic
def excuse_record(*, member: Member, month: datetime.date, reason, by) -> FeeExcuse:
    """An officer's valid reason for a month she paid late or has not paid: the month stays late
    or unpaid on the register but no longer counts towards the unpaid-fee flag."""
    if not isinstance(month, datetime.date):
        raise ValidationError({"month": _("Enter the month.")})
    month = rates.first_of_month(month)
    reason = _check_reason(reason)
    today = timezone.localdate()
    if month > rates.first_of_month(today):
        raise ValidationError({"month": _("A valid reason is for a past or the current month.")})
    member = _lock_member(member)
    item = ledger_for([member.pk], month, month, committee=member.committee, today=today).month(
        member.pk, month
    )
    if item is None or item.due is None:
        raise ValidationError(
            {
                "month": _("No fee was due from %(name)s in %(month)s.")
                % {"name": member.full_name, "month": _month_label(month)}
            }
        )
    if FeeExcuse.objects.filter(member=member, month=month).exists():
        raise ValidationError({"month": _("A valid reason is already recorded for this month.")})
    excuse = FeeExcuse(member=member, month=month, reason=reason, recorded_by=by)
    try:
        with transaction.atomic():
            return _save(excuse, by=by)
    except IntegrityError as error:
        raise ValidationError(
            {"month": _("A valid reason is already recorded for this month.")}
        ) from error


# --- Remittances ------------------------------------------------------------------------------


@transaction.atomic
def remittance_record(
    *,
    committee: Committee,
    cell: Cell | None = None,
    month: datetime.date,
    amount,
    remitted_on: datetime.date,
    by,
) -> Remittance:
    """What a cell handed to the committee for `month` (`cell` given), or what the committee
    handed to its superior (`cell` None). Once per month; a wrong one is reversed."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if cell is not None and cell.committee_id != committee.pk:
        raise ValidationError({"cell": _("This cell does not belong to the committee.")})
    if not isinstance(month, datetime.date):
        raise ValidationError({"month": _("Enter the month.")})
    month = rates.first_of_month(month)
    today = timezone.localdate()
    if month > rates.first_of_month(today):
        raise ValidationError({"month": _("The month cannot be in the future.")})
    amount = _as_amount(amount, "amount")
    _check_paid_on(remitted_on, today=today, field="remitted_on")
    if remitted_on < month:
        raise ValidationError({"remitted_on": _("The date is before the month remitted.")})
    standing = Remittance.objects.standing().filter(committee=committee, month=month)
    standing = (
        standing.filter(cell=cell) if cell is not None else standing.filter(cell__isnull=True)
    )
    if standing.exists():
        raise ValidationError({"month": _("This month's remittance is already recorded.")})
    remittance = Remittance(
        committee=committee,
        cell=cell,
        month=month,
        amount=amount,
        remitted_on=remitted_on,
        recorded_by=by,
    )
    try:
        with transaction.atomic():
            return _save(remittance, by=by)
    except IntegrityError as error:
        raise ValidationError(
            {"month": _("This month's remittance is already recorded.")}
        ) from error


@transaction.atomic
def remittance_reverse(*, remittance: Remittance, reason, by) -> Remittance:
    reason = _check_reason(reason)
    remittance = Remittance.objects.select_for_update().get(pk=remittance.pk)
    if remittance.reversed_at is not None:
        raise ValidationError({"reason": _("This remittance is already reversed.")})
    remittance.reversed_at, remittance.reversed_by = timezone.now(), by
    remittance.reversal_reason = reason
    return _save(remittance, by=by)
