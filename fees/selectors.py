"""Reads of the party fees (DOMAIN §8): what each month costs a member and in which cell, the
cell's register, the month's collection at a meeting, "paid up to month …", the unpaid-fee flag
and the committee's register of remittances.

Everything is computed by one loader (`Ledger`) from four queries — memberships, fee bases,
payments, valid reasons — whatever the number of members and months, so every page that shows
fees issues the same number of queries for 5 and for 50 members. The rules themselves are the
plain functions of `fees.rates`; the thresholds come from the committee's settings.

Amounts are sensitive (they reveal a salary): these functions do not check who asks — the views
ask `fees.access` first.
"""

import copy
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from cells.models import Cell, Committee
from cells.rules import rules_for
from core.dates import add_months
from fees import rates
from fees.models import FeeBasis, FeeExcuse, FeePayment, FeeYear, Remittance
from members.models import CellMembership, Member


class _Payment(NamedTuple):
    """A standing payment as the ledger reads it."""

    pk: int
    kind: str
    amount_paid: int
    paid_on: datetime.date
    amount_due: int


@dataclass
class FeeMonth:
    """One member's month: where it was due, how much, what was paid and when."""

    month: datetime.date
    cell_id: int
    due: int | None  # None: no fee basis covers the month yet
    paid: int = 0  # standing payments of the month, back-payments included
    paid_on: datetime.date | None = None  # the month's own (regular) payment
    regular_due: int | None = None  # what was due when the regular payment was recorded
    state: rates.MonthState = rates.MonthState.OPEN
    excused: bool = False
    excuse_reason: str = ""
    payment_ids: list[int] = field(default_factory=list)

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def late(self) -> bool:
        return self.state == rates.MonthState.LATE

    @property
    def back_payment_due(self) -> int:
        """Truy thu: a raise dated back to a month already paid at the old amount."""
        if self.paid_on is None or self.due is None:
            return 0
        return max(self.due - self.paid, 0)

    @property
    def counts_towards_flag(self) -> bool:
        return self.due is not None and rates.counts_towards_flag(self.state, excused=self.excused)


class Ledger:
    """The fee months of some members over some months, from four queries."""

    def __init__(self, member_ids, first: datetime.date, last: datetime.date, *, rules, today):
        self.member_ids = list(member_ids)
        self.months = rates.months_between(first, last)
        self.rules, self.today = rules, today
        first, last = self.months[0], rates.month_end(self.months[-1])
        self._memberships = defaultdict(list)
        for row in (
            CellMembership.objects.filter(member_id__in=self.member_ids, start_date__lte=last)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
            .values_list("member_id", "cell_id", "start_date", "end_date")
            .order_by("start_date", "pk")
        ):
            self._memberships[row[0]].append(row[1:])
        self._bases = defaultdict(list)
        for basis in FeeBasis.objects.for_members(self.member_ids).filter(effective_from__lte=last):
            self._bases[basis.member_id].append(basis)
        # Plain rows, not model instances: a superior's dashboard reads a year of payments of
        # forty committees (~70,000 rows) and needs only these fields of them.
        self._payments = defaultdict(list)
        for row in (
            FeePayment.objects.standing()
            .filter(member_id__in=self.member_ids, month__gte=first, month__lte=last)
            .order_by("month", "pk")
            .values_list("member_id", "month", "pk", "kind", "amount_paid", "paid_on", "amount_due")
        ):
            self._payments[(row[0], row[1])].append(_Payment(*row[2:]))
        # Each month's deadline, computed once for all members (`rates.unpaid_after`).
        self._deadlines = {}
        self._excuses = {
            (member_id, month): reason
            for member_id, month, reason in FeeExcuse.objects.filter(
                member_id__in=self.member_ids, month__gte=first, month__lte=last
            ).values_list("member_id", "month", "reason")
        }

    def cell_of(self, member_id: int, month: datetime.date) -> int | None:
        """The cell where her month is due: her latest membership that overlaps the month (a
        hosted member's host cell; after a move within the month, the new cell)."""
        end = rates.month_end(month)
        cell_id = None
        for cell, start, until in self._memberships.get(member_id, ()):
            if start <= end and (until is None or until >= month):
                cell_id = cell
        return cell_id

    def basis_of(self, member_id: int, month: datetime.date) -> FeeBasis | None:
        current = None
        for basis in self._bases.get(member_id, ()):
            if basis.effective_from <= month:
                current = basis
        return current

    def due(self, member_id: int, month: datetime.date) -> int | None:
        basis = self.basis_of(member_id, month)
        if basis is None:
            return None
        return rates.fee_for(basis.category, basis.base_amount, rules=self.rules)

    def month(self, member_id: int, month: datetime.date) -> FeeMonth | None:
        """Her month, or None when she belonged to no cell that month (nothing due)."""
        cell_id = self.cell_of(member_id, month)
        if cell_id is None:
            return None
        item = FeeMonth(month=month, cell_id=cell_id, due=self.due(member_id, month))
        for payment in self._payments.get((member_id, month), ()):
            item.paid += payment.amount_paid
            item.payment_ids.append(payment.pk)
            if payment.kind == FeePayment.Kind.REGULAR:
                item.paid_on, item.regular_due = payment.paid_on, payment.amount_due
        item.state = rates.state_by_deadline(self.deadline(month), item.paid_on, today=self.today)
        reason = self._excuses.get((member_id, month))
        item.excused, item.excuse_reason = reason is not None, reason or ""
        return item

    def deadline(self, month: datetime.date) -> datetime.date:
        deadline = self._deadlines.get((month, self.rules.fee_unpaid_after_months))
        if deadline is None:
            deadline = rates.unpaid_after(month, rules=self.rules)
            self._deadlines[(month, self.rules.fee_unpaid_after_months)] = deadline
        return deadline

    def months_of(self, member_id: int) -> list[FeeMonth]:
        return [m for m in (self.month(member_id, month) for month in self.months) if m]


def _today(today):
    return today or timezone.localdate()


def ledger_for(member_ids, first, last, *, committee: Committee, today=None) -> Ledger:
    return Ledger(member_ids, first, last, rules=rules_for(committee), today=_today(today))


# --- One member -------------------------------------------------------------------------------


def due_for(member: Member, month: datetime.date) -> int | None:
    """What the month costs her (None without a fee basis)."""
    month = rates.first_of_month(month)
    return ledger_for([member.pk], month, month, committee=member.committee).due(member.pk, month)


def fee_month(member: Member, month: datetime.date, *, today=None) -> FeeMonth | None:
    month = rates.first_of_month(month)
    ledger = ledger_for([member.pk], month, month, committee=member.committee, today=today)
    return ledger.month(member.pk, month)


def member_year(member: Member, year: int, *, today=None) -> list[FeeMonth]:
    """Her twelve months of a year (those she was in a cell), for her record."""
    ledger = ledger_for(
        [member.pk],
        datetime.date(year, 1, 1),
        datetime.date(year, 12, 1),
        committee=member.committee,
        today=today,
    )
    return ledger.months_of(member.pk)


# --- Paid up to -------------------------------------------------------------------------------


def paid_up_to_many(member_ids) -> dict[int, datetime.date | None]:
    """ "Đã đóng đảng phí đến tháng …" for each member: the last month of the unbroken run of paid
    months from her first due month (months she belonged to no cell do not break it); None when
    her first due month is unpaid or she never had a fee basis. Three queries."""
    member_ids = list(member_ids)
    first_basis = {}
    for member_id, month in FeeBasis.objects.filter(member_id__in=member_ids).values_list(
        "member_id", "effective_from"
    ):
        first_basis[member_id] = min(month, first_basis.get(member_id, month))
    paid = defaultdict(set)
    for member_id, month in (
        FeePayment.objects.standing()
        .filter(member_id__in=member_ids, kind=FeePayment.Kind.REGULAR)
        .values_list("member_id", "month")
    ):
        paid[member_id].add(month)
    spans = defaultdict(list)
    for member_id, start, end in CellMembership.objects.filter(
        member_id__in=member_ids
    ).values_list("member_id", "start_date", "end_date"):
        spans[member_id].append((rates.first_of_month(start), end))

    def in_a_cell(member_id, month):
        return any(
            start <= month and (end is None or end >= month) for start, end in spans[member_id]
        )

    result = {}
    for member_id in member_ids:
        months = paid.get(member_id)
        start = first_basis.get(member_id)
        if not months or start is None:
            result[member_id] = None
            continue
        last_paid, month, up_to = max(months), start, None
        while month <= last_paid:
            if month in months:
                up_to = month
            elif in_a_cell(member_id, month):
                break
            month = add_months(month, 1)
        result[member_id] = up_to
    return result


def paid_up_to(member: Member) -> datetime.date | None:
    return paid_up_to_many([member.pk])[member.pk]


def behind_with_fees(member_ids, *, today=None) -> list[int]:
    """The members not paid up to the previous month (`rates.is_behind`); three queries."""
    today = _today(today)
    paid = paid_up_to_many(member_ids)
    return [pk for pk, month in paid.items() if rates.is_behind(month, today)]


# --- The unpaid-fee flag (Charter, Art. 8) ----------------------------------------------------


@dataclass
class FeeFlag:
    """A member with `unpaid_fee_flag_months` (setting) or more months of the year paid late or not
    at all without a valid reason; `months` lists them."""

    member: Member
    months: list[datetime.date]

    @property
    def count(self) -> int:
        return len(self.months)


def reaches_fee_flag(unpaid: int, rules) -> bool:
    """So many months counting towards the flag make a flag (setting `unpaid_fee_flag_months`)."""
    return unpaid >= rules.unpaid_fee_flag_months


def _paid_by_month_end(year: int, elapsed: int):
    """Per member, her months of `year` up to its `elapsed`-th with a standing regular payment
    made by the month's end (`in_time`): months that cannot count towards the unpaid-fee flag."""
    return (
        FeePayment.objects.standing()
        .filter(
            kind=FeePayment.Kind.REGULAR,
            month__gte=datetime.date(year, 1, 1),
            month__lte=datetime.date(year, max(elapsed, 1), 1),
        )
        .annotate(paid_month=TruncMonth("paid_on"))
        .filter(paid_month__lte=F("month"))
        .order_by()  # not by the member's name (Meta.ordering): no join
        .values("member_id")
        .annotate(in_time=Count("pk"))
    )


def _elapsed_months(year: int, today: datetime.date) -> int:
    """The months of `year` that may count towards the flag by `today` (none after it)."""
    return 0 if year > today.year else 12 if year < today.year else today.month


def _may_reach_flag(
    members: dict[int, list[int]], year: int, today: datetime.date, rules: dict
) -> dict[int, list[int]]:
    """{committee id: those of its `members` who may be flagged for `year`}; the others cannot
    be, so the `Ledger` need not read their months (a superior's forty committees: ~6,000
    members, of whom a few dozen may be).

    A month counts towards the flag only if it was paid late or not at all, so it has no standing
    regular payment made by the end of the month (every deadline, `rates.unpaid_after`, is at the
    month's end or later, and a member has at most one such payment a month). A member with more
    such months than the year's elapsed months minus her committee's threshold cannot reach it.
    One indexed read of the committees' `FeeYear` summary rows (a member without one is kept);
    the rule itself stays the `Ledger`'s, which judges everyone kept here."""
    elapsed = _elapsed_months(year, today)
    most_paid = {c: elapsed - rules[c].unpaid_fee_flag_months for c in members}
    asked = [c for c in members if most_paid[c] >= 0]
    elapsed_months = (1 << elapsed) - 1
    in_time = {
        member_id: (mask & elapsed_months).bit_count()
        for member_id, mask in FeeYear.objects.filter(
            committee_id__in=asked, year=year
        ).values_list("member_id", "paid_in_time")
    }
    return {
        c: [m for m in ids if most_paid[c] >= 0 and in_time.get(m, 0) <= most_paid[c]]
        for c, ids in members.items()
    }


def fee_flagged_by_committee(
    members: dict[int, list[int]], year: int, *, rules: dict, today=None
) -> dict[int, set[int]]:
    """{committee id: its members flagged for unpaid fees in `year`} for `members` ({committee id:
    member ids}), each committee judged by its own `rules` — the flag of `fee_flags`, for many
    committees at once: their months are read once (the `Ledger`'s queries), whatever their
    number."""
    today = _today(today)
    members = _may_reach_flag(members, year, today, rules)
    every = [member_id for ids in members.values() for member_id in ids]
    if not every:
        return {committee_id: set() for committee_id in members}
    ledger = Ledger(
        every,
        datetime.date(year, 1, 1),
        datetime.date(year, 12, 1),
        rules=rules[next(iter(members))],
        today=today,
    )
    flagged = {}
    for committee_id, member_ids in members.items():
        # The months read once for every committee; each committee's judged by its own rules.
        own = copy.copy(ledger)
        own.rules = rules[committee_id]
        flagged[committee_id] = {
            member_id
            for member_id in member_ids
            if reaches_fee_flag(
                sum(1 for month in own.months_of(member_id) if month.counts_towards_flag),
                own.rules,
            )
        }
    return flagged


def fee_flags(
    committee: Committee, year: int, *, members=None, cell: Cell | None = None, today=None
) -> list[FeeFlag]:
    """The members of the committee (or of `cell`, or the given `members` queryset) flagged for
    unpaid fees in the calendar year: each month counts in its own year, judged on `today` (a
    December paid in late February counts as late in December's year). Five queries."""
    rules = rules_for(committee)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if members is None:
        members = Member.objects.filter(committee=committee)
        if cell is not None:
            members = members.filter(
                Q(memberships__cell=cell, memberships__start_date__lte=last)
                & (Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=first))
            ).distinct()
    # Only those who may reach the flag (`_may_reach_flag`), in the same query as the members.
    elapsed = _elapsed_months(year, _today(today))
    most_paid = elapsed - rules.unpaid_fee_flag_months
    if most_paid < 0:
        return []
    in_time = _paid_by_month_end(year, elapsed).filter(member_id=OuterRef("pk"))
    members = members.alias(
        fee_months_in_time=Coalesce(Subquery(in_time.values("in_time")), 0)
    ).filter(fee_months_in_time__lte=most_paid)
    return [
        flag
        for flag in unpaid_months(
            committee, year, members=members, cell=cell, today=today, rules=rules
        )
        if reaches_fee_flag(flag.count, rules)
    ]


def unpaid_months(
    committee: Committee,
    year: int,
    *,
    members,
    cell: Cell | None = None,
    today=None,
    rules=None,
) -> list[FeeFlag]:
    """Each of `members` (a queryset) with her months of `year` that count towards the flag (in
    `cell` only, when given) — none for some; by name. Five queries (the settings: `rules`, else
    the committee's)."""
    members = list(members.order_by("name_sort", "pk"))
    ledger = Ledger(
        [m.pk for m in members],
        datetime.date(year, 1, 1),
        datetime.date(year, 12, 1),
        rules=rules or rules_for(committee),
        today=_today(today),
    )
    return [
        FeeFlag(
            member=member,
            months=[
                m.month
                for m in ledger.months_of(member.pk)
                if m.counts_towards_flag and (cell is None or m.cell_id == cell.pk)
            ],
        )
        for member in members
    ]


def member_fee_flag(member: Member, year: int, *, today=None) -> FeeFlag | None:
    flags = fee_flags(
        member.committee, year, members=Member.objects.filter(pk=member.pk), today=today
    )
    return flags[0] if flags else None


# --- The cell's register ----------------------------------------------------------------------


@dataclass
class RegisterRow:
    member: Member
    months: list[FeeMonth | None]  # one per month of the register; None: not due in this cell

    @property
    def due_total(self) -> int:
        return sum(m.due or 0 for m in self.months if m)

    @property
    def paid_total(self) -> int:
        return sum(m.paid for m in self.months if m)


@dataclass
class MonthTotal:
    month: datetime.date
    due: int = 0
    paid: int = 0
    paid_count: int = 0
    due_count: int = 0
    kept: int = 0
    to_remit: int = 0
    remitted: int | None = None  # what the cell recorded as handed over (None: not yet)


@dataclass
class CellRegister:
    """Sổ thu nộp đảng phí of one cell: members × months, with the totals of each month."""

    cell: Cell
    months: list[datetime.date]
    rows: list[RegisterRow]
    totals: list[MonthTotal]
    share_percent: int

    @property
    def paid_total(self) -> int:
        return sum(t.paid for t in self.totals)

    @property
    def kept_total(self) -> int:
        return sum(t.kept for t in self.totals)

    @property
    def to_remit_total(self) -> int:
        return sum(t.to_remit for t in self.totals)


def _cell_members(cell: Cell, first: datetime.date, last: datetime.date):
    """Members who belonged to the cell at some time between `first` and `last`."""
    return (
        Member.objects.filter(memberships__cell=cell, memberships__start_date__lte=last)
        .filter(Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=first))
        .distinct()
        .order_by("name_sort", "pk")
    )


def cell_register(
    cell: Cell, first: datetime.date, last: datetime.date | None = None, *, today=None
) -> CellRegister:
    """The register of a cell from `first`'s month to `last`'s (default: the same month).
    Seven queries, whatever the number of members and months."""
    last = last or first
    months = rates.months_between(first, last)
    rules = rules_for(cell.committee)
    members = list(_cell_members(cell, months[0], rates.month_end(months[-1])))
    ledger = Ledger(
        [m.pk for m in members], months[0], months[-1], rules=rules, today=_today(today)
    )
    rows, totals = [], [MonthTotal(month=month) for month in months]
    for member in members:
        cells = []
        for index, month in enumerate(months):
            item = ledger.month(member.pk, month)
            if item is None or item.cell_id != cell.pk:
                cells.append(None)
                continue
            cells.append(item)
            total = totals[index]
            total.due_count += 1
            total.due += item.due or 0
            if item.paid:
                total.paid += item.paid
                total.paid_count += item.is_paid
        rows.append(RegisterRow(member=member, months=cells))
    remitted = dict(
        Remittance.objects.standing()
        .filter(cell=cell, month__in=months)
        .values_list("month", "amount")
    )
    for total in totals:
        total.kept, total.to_remit = rates.shares(total.paid, rules.fee_cell_share_percent)
        total.remitted = remitted.get(total.month)
    return CellRegister(
        cell=cell,
        months=months,
        rows=rows,
        totals=totals,
        share_percent=rules.fee_cell_share_percent,
    )


@dataclass
class MonthCollection:
    """The month's collection at a glance (the meeting's section c): who paid, how much is due,
    who has not paid yet."""

    cell: Cell
    month: datetime.date
    due_count: int
    paid_count: int
    due_total: int
    paid_total: int
    missing: list[Member]
    without_basis: list[Member]


def month_collection(cell: Cell, month: datetime.date, *, today=None) -> MonthCollection:
    register = cell_register(cell, rates.first_of_month(month), today=today)
    total = register.totals[0]
    missing, without_basis = [], []
    for row in register.rows:
        item = row.months[0]
        if item is None:
            continue
        if item.due is None:
            without_basis.append(row.member)
        elif not item.is_paid:
            missing.append(row.member)
    return MonthCollection(
        cell=cell,
        month=register.months[0],
        due_count=total.due_count,
        paid_count=total.paid_count,
        due_total=total.due,
        paid_total=total.paid,
        missing=missing,
        without_basis=without_basis,
    )


# --- The committee's register -----------------------------------------------------------------


@dataclass
class CellMonth:
    collected: int = 0
    to_remit: int = 0
    remitted: int | None = None


@dataclass
class CommitteeRegisterRow:
    cell: Cell
    months: list[CellMonth]

    @property
    def collected_total(self) -> int:
        return sum(m.collected for m in self.months)

    @property
    def remitted_total(self) -> int:
        return sum(m.remitted or 0 for m in self.months)


@dataclass
class CommitteeMonth:
    month: datetime.date
    collected: int = 0  # by all cells
    received: int = 0  # remitted by the cells
    kept: int = 0  # the committee's share of what it received
    to_remit: int = 0  # to its superior
    remitted: int | None = None  # recorded as handed to the superior


@dataclass
class CommitteeRegister:
    """What each cell collected and remitted, and what the committee keeps and remits upwards —
    totals only, no member's amount."""

    committee: Committee
    months: list[datetime.date]
    rows: list[CommitteeRegisterRow]
    totals: list[CommitteeMonth]
    cell_share_percent: int
    committee_share_percent: int


def committee_register(
    committee: Committee, first: datetime.date, last: datetime.date, *, cells=None
) -> CommitteeRegister:
    """Per cell and month: collected (sum of standing payments collected by the cell for the
    month), the part to remit, what was remitted; the committee's own share and remittance.
    Four queries, whatever the number of cells and months."""
    months = rates.months_between(first, last)
    rules = rules_for(committee)
    cells = list(cells if cells is not None else Cell.objects.filter(committee=committee))
    collected = {
        (row["cell_id"], row["month"]): row["total"]
        for row in FeePayment.objects.standing()
        .filter(cell__in=cells, month__gte=months[0], month__lte=months[-1])
        .values("cell_id", "month")
        .annotate(total=Sum("amount_paid"))
        .order_by()
    }
    remitted = {}
    for cell_id, month, amount in (
        Remittance.objects.standing()
        .filter(committee=committee, month__gte=months[0], month__lte=months[-1])
        .values_list("cell_id", "month", "amount")
    ):
        remitted[(cell_id, month)] = amount
    rows, totals = [], [CommitteeMonth(month=month) for month in months]
    for cell in cells:
        items = []
        for index, month in enumerate(months):
            item = CellMonth(collected=collected.get((cell.pk, month), 0))
            item.to_remit = rates.shares(item.collected, rules.fee_cell_share_percent)[1]
            item.remitted = remitted.get((cell.pk, month))
            items.append(item)
            totals[index].collected += item.collected
            totals[index].received += item.remitted or 0
        rows.append(CommitteeRegisterRow(cell=cell, months=items))
    for total in totals:
        total.kept, total.to_remit = rates.shares(total.received, rules.fee_committee_share_percent)
        total.remitted = remitted.get((None, total.month))
    return CommitteeRegister(
        committee=committee,
        months=months,
        rows=rows,
        totals=totals,
        cell_share_percent=rules.fee_cell_share_percent,
        committee_share_percent=rules.fee_committee_share_percent,
    )
