"""The fee reads (fees.selectors, fees.rates): what a month costs, the registers and their shares,
"paid up to", the unpaid-month rule and the flag — and each fee setting changing them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.models import CommitteeSettings
from cells.rules import rules_for
from fees import rates
from fees.models import FeePayment
from fees.selectors import (
    cell_register,
    committee_register,
    due_for,
    fee_flagged_by_committee,
    fee_flags,
    fee_month,
    ledger_for,
    member_fee_flag,
    member_year,
    month_collection,
    paid_up_to,
    paid_up_to_many,
)
from members.models import CellMembership
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    FeeBasisFactory,
    FeeExcuseFactory,
    FeePaymentFactory,
    MemberFactory,
    RemittanceFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 6, 15)
JOINED = D(2020, 1, 1)


def with_rules(committee, **settings):
    """The committee with these settings stored (a fresh instance: no cached rules)."""
    CommitteeSettings.objects.update_or_create(committee=committee, defaults=settings)
    return type(committee).objects.get(pk=committee.pk)


def fresh(cell):
    return type(cell).objects.select_related("committee").get(pk=cell.pk)


def member_in(cell, *, joined=JOINED, category="salaried", base=10_000_000, since=None):
    member = MemberFactory(committee=cell.committee, cell=cell, cell__joined_on=joined)
    if base:
        FeeBasisFactory(
            member=member,
            category=category,
            base_amount=base,
            effective_from=since or D(2024, 1, 1),
        )
    return member


def pay(member, cell, month, *, paid_on=None, amount=None, kind="regular"):
    due = ledger_for([member.pk], month, month, committee=cell.committee).due(member.pk, month)
    return FeePaymentFactory(
        member=member,
        cell=cell,
        month=month,
        kind=kind,
        amount_due=due,
        amount_paid=amount or due,
        paid_on=paid_on or month.replace(day=5),
    )


# --- What a month costs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "base", "due"),
    [
        ("salaried", 9_876_000, 99_000),  # 1 % = 98,760 → 99,000
        ("salaried", 8_440_000, 84_000),  # 84,400 → 84,000
        ("salaried", 4_550_000, 46_000),  # 45,500: a half rounds up
        ("pensioner", 5_000_000, 25_000),  # 0.5 %
        ("pensioner", 4_930_000, 25_000),  # 24,650 → 25,000
        ("fixed", 10_000, 10_000),  # the amount itself
        ("fixed", 2_500, 2_500),  # not rounded
    ],
)
def test_fee_per_category(cell, category, base, due):
    member = member_in(cell, category=category, base=base)
    assert due_for(member, D(2025, 3, 17)) == due


def test_fee_follows_the_basis_in_force_that_month(cell):
    member = member_in(cell, base=8_000_000, since=D(2025, 1, 1))
    FeeBasisFactory(member=member, base_amount=12_000_000, effective_from=D(2025, 7, 1))
    FeeBasisFactory(
        member=member, category="pensioner", base_amount=6_000_000, effective_from=D(2026, 1, 1)
    )
    assert due_for(member, D(2024, 12, 1)) is None
    assert due_for(member, D(2025, 1, 1)) == 80_000
    assert due_for(member, D(2025, 6, 30)) == 80_000
    assert due_for(member, D(2025, 7, 1)) == 120_000
    assert due_for(member, D(2026, 2, 1)) == 30_000


def test_rates_helpers():
    assert rates.months_between(D(2025, 11, 20), D(2026, 2, 3)) == [
        D(2025, 11, 1),
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]
    assert rates.month_end(D(2024, 2, 1)) == D(2024, 2, 29)
    assert rates.shares(100_001, 30) == (30_000, 70_001)


def test_back_payment_for_a_raise_dated_in_the_past(cell):
    member = member_in(cell, base=8_000_000, since=D(2025, 1, 1))
    pay(member, cell, D(2025, 3, 1))
    FeeBasisFactory(member=member, base_amount=12_000_000, effective_from=D(2025, 2, 1))
    month = fee_month(member, D(2025, 3, 1), today=TODAY)
    assert (month.due, month.paid, month.regular_due) == (120_000, 80_000, 80_000)
    assert month.back_payment_due == 40_000
    assert month.is_paid and month.state == rates.MonthState.PAID
    # What was recorded is as it was.
    assert FeePayment.objects.get().amount_due == 80_000
    # Unpaid months owe no back-payment: they are simply due at the new amount.
    assert fee_month(member, D(2025, 4, 1), today=TODAY).back_payment_due == 0
    pay(member, cell, D(2025, 3, 1), kind="back_payment", amount=40_000)
    month = fee_month(member, D(2025, 3, 1), today=TODAY)
    assert (month.paid, month.back_payment_due) == (120_000, 0)


# --- Registers --------------------------------------------------------------------------------


def test_cell_register_totals_and_the_cells_share(cell):
    a = member_in(cell, base=10_000_000)  # 100,000
    b = member_in(cell, base=8_000_000)  # 80,000
    c = member_in(cell, category="fixed", base=10_000)
    member_in(cell, base=None)  # no basis yet
    pay(a, cell, D(2025, 1, 1))
    pay(b, cell, D(2025, 1, 1), paid_on=D(2025, 3, 10))
    pay(a, cell, D(2025, 2, 1))
    RemittanceFactory(cell=cell, month=D(2025, 1, 1), amount=126_000)
    register = cell_register(fresh(cell), D(2025, 1, 1), D(2025, 3, 1), today=TODAY)
    jan, feb, mar = register.totals
    assert (jan.due, jan.paid, jan.paid_count, jan.due_count) == (190_000, 180_000, 2, 4)
    assert (jan.kept, jan.to_remit, jan.remitted) == (54_000, 126_000, 126_000)
    assert (feb.paid, feb.kept, feb.to_remit, feb.remitted) == (100_000, 30_000, 70_000, None)
    assert (mar.paid, mar.kept, mar.to_remit) == (0, 0, 0)
    assert register.share_percent == 30
    assert (register.paid_total, register.kept_total, register.to_remit_total) == (
        280_000,
        84_000,
        196_000,
    )
    row_b = next(row for row in register.rows if row.member == b)
    assert row_b.months[0].state == rates.MonthState.LATE
    assert row_b.due_total == 240_000 and row_b.paid_total == 80_000
    row_c = next(row for row in register.rows if row.member == c)
    assert [m.state for m in row_c.months] == [rates.MonthState.UNPAID] * 3


def test_cell_register_shows_only_the_months_due_in_the_cell(cell):
    other = CellFactory(committee=cell.committee)
    mover = member_in(cell, joined=D(2020, 1, 1))
    CellMembership.objects.filter(member=mover).update(end_date=D(2025, 2, 10))
    CellMembership.objects.create(member=mover, cell=other, start_date=D(2025, 2, 11))
    register = cell_register(fresh(cell), D(2025, 1, 1), D(2025, 3, 1), today=TODAY)
    row = register.rows[0]
    # January here; February (moved within the month) and March in the new cell.
    assert row.months[0] is not None and row.months[1] is None and row.months[2] is None
    assert [t.due_count for t in register.totals] == [1, 0, 0]
    other_register = cell_register(fresh(other), D(2025, 1, 1), D(2025, 3, 1), today=TODAY)
    assert [m is not None for m in other_register.rows[0].months] == [False, True, True]


def test_month_collection(cell):
    paid = member_in(cell)
    missing = member_in(cell)
    without = member_in(cell, base=None)
    pay(paid, cell, D(2025, 5, 1))
    collection = month_collection(fresh(cell), D(2025, 5, 20), today=TODAY)
    assert (collection.due_count, collection.paid_count) == (3, 1)
    assert (collection.due_total, collection.paid_total) == (200_000, 100_000)
    assert collection.missing == [missing] and collection.without_basis == [without]


def test_committee_register_shares(committee):
    one, two = CellFactory(committee=committee), CellFactory(committee=committee)
    a, b = member_in(one), member_in(two, base=20_000_000)
    pay(a, one, D(2025, 1, 1))
    pay(b, two, D(2025, 1, 1))
    pay(b, two, D(2025, 2, 1))
    RemittanceFactory(cell=one, month=D(2025, 1, 1), amount=70_000)
    RemittanceFactory(cell=two, month=D(2025, 1, 1), amount=140_000)
    RemittanceFactory(cell=None, committee=committee, month=D(2025, 1, 1), amount=147_000)
    register = committee_register(committee, D(2025, 1, 1), D(2025, 2, 1))
    rows = {row.cell: row for row in register.rows}
    assert [(m.collected, m.to_remit, m.remitted) for m in rows[one].months] == [
        (100_000, 70_000, 70_000),
        (0, 0, None),
    ]
    assert [(m.collected, m.to_remit, m.remitted) for m in rows[two].months] == [
        (200_000, 140_000, 140_000),
        (200_000, 140_000, None),
    ]
    assert rows[two].collected_total == 400_000 and rows[two].remitted_total == 140_000
    jan, feb = register.totals
    # The committee keeps its share of what the cells handed over and remits the rest.
    assert (jan.collected, jan.received, jan.kept, jan.to_remit, jan.remitted) == (
        300_000,
        210_000,
        63_000,
        147_000,
        147_000,
    )
    assert (feb.collected, feb.received, feb.kept, feb.to_remit, feb.remitted) == (
        200_000,
        0,
        0,
        0,
        None,
    )
    assert (register.cell_share_percent, register.committee_share_percent) == (30, 30)


def test_reversed_payments_and_remittances_do_not_count(cell):
    member = member_in(cell)
    payment = pay(member, cell, D(2025, 1, 1))
    remittance = RemittanceFactory(cell=cell, month=D(2025, 1, 1), amount=70_000)
    for row in (payment, remittance):
        row.reversed_at, row.reversal_reason = (
            datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC),
            "x",
        )
        row.save()
    register = cell_register(fresh(cell), D(2025, 1, 1), today=TODAY)
    assert (register.totals[0].paid, register.totals[0].remitted) == (0, None)
    assert committee_register(cell.committee, D(2025, 1, 1), D(2025, 1, 1)).totals[0].collected == 0
    assert paid_up_to(member) is None


def _big_cell(committee, size):
    cell = CellFactory(committee=committee)
    members = [member_in(cell) for _ in range(size)]
    FeePayment.objects.bulk_create(
        FeePayment(
            member=m,
            cell=cell,
            month=D(2025, month, 1),
            amount_due=100_000,
            amount_paid=100_000,
            paid_on=D(2025, month, 5),
        )
        for m in members
        for month in range(1, 13)
    )
    for member in members[::7]:
        FeeExcuseFactory(member=member, month=D(2025, 3, 1))
    for month in range(1, 13):
        RemittanceFactory(cell=cell, month=D(2025, month, 1), amount=70_000 * size)
    return cell


def test_registers_issue_the_same_queries_for_5_and_50_members():
    small_committee, big_committee = CommitteeFactory(), CommitteeFactory()
    small = _big_cell(small_committee, 5)
    big = _big_cell(big_committee, 50)
    _big_cell(big_committee, 5)
    counts = []
    for cell in (small, big):
        with CaptureQueriesContext(connection) as queries:
            register = cell_register(
                type(cell).objects.get(pk=cell.pk), D(2025, 1, 1), D(2025, 12, 1), today=TODAY
            )
        counts.append(len(queries))
        assert register.paid_total == 100_000 * 12 * len(register.rows)
    assert len(register.rows) == 50
    assert counts[0] == counts[1]
    counts = []
    for committee in (small_committee, big_committee):
        with CaptureQueriesContext(connection) as queries:
            register = committee_register(
                type(committee).objects.get(pk=committee.pk), D(2025, 1, 1), D(2025, 12, 1)
            )
        counts.append(len(queries))
    assert register.totals[0].collected == 5_500_000
    assert counts[0] == counts[1]
    counts = []
    for committee in (small_committee, big_committee):
        with CaptureQueriesContext(connection) as queries:
            fee_flags(type(committee).objects.get(pk=committee.pk), 2025, today=TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Paid up to -------------------------------------------------------------------------------


def test_paid_up_to_stops_at_the_first_gap(cell):
    member = member_in(cell, since=D(2025, 1, 1))
    for month in (1, 2, 3, 5):
        pay(member, cell, D(2025, month, 1))
    assert paid_up_to(member) == D(2025, 3, 1)
    pay(member, cell, D(2025, 4, 1))
    assert paid_up_to(member) == D(2025, 5, 1)


def test_paid_up_to_skips_months_out_of_any_cell(cell):
    member = member_in(cell, since=D(2025, 1, 1))
    CellMembership.objects.filter(member=member).update(end_date=D(2025, 2, 28))
    CellMembership.objects.create(member=member, cell=cell, start_date=D(2025, 5, 1))
    for month in (1, 2, 5, 6):
        pay(member, cell, D(2025, month, 1))
    assert paid_up_to(member) == D(2025, 6, 1)


def test_paid_up_to_none(cell):
    first_unpaid = member_in(cell, since=D(2025, 1, 1))
    pay(first_unpaid, cell, D(2025, 2, 1))
    no_basis = member_in(cell, base=None)
    nothing = member_in(cell)
    assert paid_up_to_many([first_unpaid.pk, no_basis.pk, nothing.pk]) == {
        first_unpaid.pk: None,
        no_basis.pk: None,
        nothing.pk: None,
    }


def test_paid_up_to_ignores_back_payments(cell):
    member = member_in(cell, since=D(2025, 1, 1))
    pay(member, cell, D(2025, 1, 1))
    pay(member, cell, D(2025, 2, 1), kind="back_payment", amount=1_000)
    assert paid_up_to(member) == D(2025, 1, 1)


# --- The unpaid-month rule and the flag -------------------------------------------------------


@pytest.mark.parametrize(
    ("paid_on", "today", "state"),
    [
        (D(2025, 1, 5), TODAY, rates.MonthState.PAID),
        (D(2024, 12, 20), TODAY, rates.MonthState.PAID),  # in advance
        (D(2025, 2, 28), TODAY, rates.MonthState.PAID),  # the last day of the following month
        (D(2025, 3, 1), TODAY, rates.MonthState.LATE),
        (None, D(2025, 2, 28), rates.MonthState.OPEN),
        (None, D(2025, 3, 1), rates.MonthState.UNPAID),
    ],
)
def test_month_state_at_its_edges(cell, paid_on, today, state):
    member = member_in(cell)
    if paid_on:
        pay(member, cell, D(2025, 1, 1), paid_on=paid_on)
    assert fee_month(member, D(2025, 1, 1), today=today).state == state


def test_flag_needs_three_months(cell):
    member = member_in(cell)
    for month in range(1, 13):
        if month not in (2, 5, 9):
            pay(member, cell, D(2025, month, 1))
    # February and May unpaid; September still open until 31 October.
    assert fee_flags(cell.committee, 2025, today=D(2025, 10, 31)) == []
    flags = fee_flags(cell.committee, 2025, today=D(2025, 11, 1))
    assert len(flags) == 1 and flags[0].member == member
    assert flags[0].months == [D(2025, 2, 1), D(2025, 5, 1), D(2025, 9, 1)]
    assert flags[0].count == 3
    # Paid late, September still counts.
    pay(member, cell, D(2025, 9, 1), paid_on=D(2025, 11, 1))
    assert member_fee_flag(member, 2025, today=TODAY).months == flags[0].months


def test_two_months_do_not_flag(cell):
    member = member_in(cell)
    for month in range(3, 13):
        pay(member, cell, D(2025, month, 1))
    assert fee_flags(cell.committee, 2025, today=TODAY) == []
    assert member_fee_flag(member, 2025, today=TODAY) is None


def test_december_paid_late_counts_in_its_own_year(cell):
    member = member_in(cell)
    for month in range(1, 11):
        pay(member, cell, D(2025, month, 1), paid_on=D(2025, month, 5))
    pay(member, cell, D(2025, 11, 1), paid_on=D(2026, 1, 10))  # late (deadline 31/12)
    pay(member, cell, D(2025, 12, 1), paid_on=D(2026, 2, 25))  # late (deadline 31/01)
    for month in range(1, 13):
        pay(member, cell, D(2026, month, 1), paid_on=D(2026, month, 5))
    flag = member_fee_flag(member, 2025, today=TODAY)
    assert flag is None  # two late months
    pay(member, cell, D(2024, 12, 1), paid_on=D(2025, 2, 25))  # December 2024, late
    assert member_fee_flag(member, 2025, today=TODAY) is None  # it counts in 2024
    FeePayment.objects.filter(member=member, month=D(2025, 10, 1)).update(paid_on=D(2025, 12, 2))
    flag = member_fee_flag(member, 2025, today=TODAY)
    assert flag.months == [D(2025, 10, 1), D(2025, 11, 1), D(2025, 12, 1)]
    assert member_fee_flag(member, 2026, today=TODAY) is None


def test_december_unpaid_is_open_until_the_end_of_january(cell):
    member = member_in(cell)
    for month in range(1, 10):
        pay(member, cell, D(2025, month, 1))
    # October and November unpaid; December still open on 31 January.
    assert member_fee_flag(member, 2025, today=D(2026, 1, 31)) is None
    assert member_fee_flag(member, 2025, today=D(2026, 2, 1)).count == 3


def test_a_valid_reason_keeps_a_month_out_of_the_flag(cell):
    member = member_in(cell)
    for month in range(4, 13):
        pay(member, cell, D(2025, month, 1))
    pay(member, cell, D(2025, 3, 1), paid_on=D(2025, 6, 1))  # late
    assert member_fee_flag(member, 2025, today=TODAY).count == 3
    FeeExcuseFactory(member=member, month=D(2025, 3, 1), reason="Nằm viện")
    assert member_fee_flag(member, 2025, today=TODAY) is None
    march = fee_month(member, D(2025, 3, 1), today=TODAY)
    # Still shown late, with the reason.
    assert march.late and march.excused and march.excuse_reason == "Nằm viện"
    assert not march.counts_towards_flag


def test_open_months_and_months_out_of_a_cell_do_not_count(cell):
    member = member_in(cell, joined=D(2025, 4, 1))
    for month in range(4, 8):
        pay(member, cell, D(2025, month, 1))
    # January–March: not in a cell; August open on 15/09 (deadline 30/09), later ones open too.
    assert [m.month.month for m in member_year(member, 2025, today=D(2025, 9, 15))] == list(
        range(4, 13)
    )
    assert member_fee_flag(member, 2025, today=D(2025, 9, 15)) is None
    # On 1 January: August to November unpaid, December still open.
    assert member_fee_flag(member, 2025, today=D(2026, 1, 1)).months == [
        D(2025, month, 1) for month in (8, 9, 10, 11)
    ]


def test_months_without_a_basis_do_not_count(cell):
    member_in(cell, base=None)
    assert fee_flags(cell.committee, 2025, today=TODAY) == []


def test_flags_of_one_cell(committee):
    one, two = CellFactory(committee=committee), CellFactory(committee=committee)
    a, b = member_in(one), member_in(two)
    assert {f.member for f in fee_flags(committee, 2025, today=TODAY)} == {a, b}
    assert [f.member for f in fee_flags(committee, 2025, cell=one, today=TODAY)] == [a]


# --- Each fee setting changes what the reads say ----------------------------------------------


def test_setting_salaried_permille(cell):
    member = member_in(cell, base=10_000_000)
    assert due_for(member, D(2025, 1, 1)) == 100_000
    with_rules(cell.committee, fee_salaried_permille=20)
    assert due_for(type(member).objects.get(pk=member.pk), D(2025, 1, 1)) == 200_000


def test_setting_pension_permille(cell):
    member = member_in(cell, category="pensioner", base=6_000_000)
    assert due_for(member, D(2025, 1, 1)) == 30_000
    with_rules(cell.committee, fee_pension_permille=10)
    assert due_for(type(member).objects.get(pk=member.pk), D(2025, 1, 1)) == 60_000


@pytest.mark.parametrize(("step", "due"), [(1000, 99_000), (100, 98_800), (10_000, 100_000)])
def test_setting_rounding(cell, step, due):
    member = member_in(cell, base=9_876_000)
    with_rules(cell.committee, fee_rounding=step)
    assert due_for(type(member).objects.get(pk=member.pk), D(2025, 1, 1)) == due


def test_setting_cell_share(cell):
    member = member_in(cell)
    pay(member, cell, D(2025, 1, 1))
    assert cell_register(fresh(cell), D(2025, 1, 1), today=TODAY).totals[0].kept == 30_000
    committee = with_rules(cell.committee, fee_cell_share_percent=50)
    register = cell_register(fresh(cell), D(2025, 1, 1), today=TODAY)
    assert (register.totals[0].kept, register.totals[0].to_remit) == (50_000, 50_000)
    assert register.share_percent == 50
    assert (
        committee_register(committee, D(2025, 1, 1), D(2025, 1, 1)).rows[0].months[0].to_remit
        == 50_000
    )


def test_setting_committee_share(cell):
    RemittanceFactory(cell=cell, month=D(2025, 1, 1), amount=100_000)
    committee = cell.committee
    assert committee_register(committee, D(2025, 1, 1), D(2025, 1, 1)).totals[0].kept == 30_000
    committee = with_rules(committee, fee_committee_share_percent=40)
    total = committee_register(committee, D(2025, 1, 1), D(2025, 1, 1)).totals[0]
    assert (total.kept, total.to_remit) == (40_000, 60_000)


def test_setting_unpaid_after_months(cell):
    member = member_in(cell)
    pay(member, cell, D(2025, 1, 1), paid_on=D(2025, 3, 20))
    assert fee_month(member, D(2025, 1, 1), today=TODAY).state == rates.MonthState.LATE
    with_rules(cell.committee, fee_unpaid_after_months=2)
    member = type(member).objects.get(pk=member.pk)
    assert fee_month(member, D(2025, 1, 1), today=TODAY).state == rates.MonthState.PAID
    assert fee_month(member, D(2025, 2, 1), today=D(2025, 4, 30)).state == rates.MonthState.OPEN
    assert fee_month(member, D(2025, 2, 1), today=D(2025, 5, 1)).state == rates.MonthState.UNPAID


def test_setting_unpaid_fee_flag_months(cell):
    member = member_in(cell)
    for month in range(3, 13):
        pay(member, cell, D(2025, month, 1))
    assert fee_flags(cell.committee, 2025, today=TODAY) == []
    committee = with_rules(cell.committee, unpaid_fee_flag_months=2)
    assert [f.member for f in fee_flags(committee, 2025, today=TODAY)] == [member]


def test_behind_means_not_paid_up_to_the_previous_month():
    today = datetime.date(2027, 1, 10)
    assert rates.expected_paid_through(today) == datetime.date(2026, 12, 1)
    assert rates.is_behind(None, today)
    assert rates.is_behind(datetime.date(2026, 11, 1), today)
    assert not rates.is_behind(datetime.date(2026, 12, 1), today)
    assert not rates.is_behind(datetime.date(2027, 3, 1), today)


def test_flags_of_many_committees_are_each_committees_flags():
    """`fee_flagged_by_committee` (the superior's dashboard) flags exactly whom `fee_flags` flags
    in each committee, under each committee's own threshold — the months paid after their month
    but by their deadline, late months, unpaid and excused ones included."""
    strict = CellFactory(committee=with_rules(CommitteeFactory(), unpaid_fee_flag_months=2))
    usual = CellFactory(committee=CommitteeFactory())
    patterns = {
        "on time": {},
        "three unpaid": {2: None, 5: None, 9: None},
        "two unpaid": {2: None, 5: None},
        "paid the next month": dict.fromkeys(range(1, 12), 35),  # by the deadline: not late
        "two late, one unpaid": {3: 60, 4: 60, 8: None},
        "excused": {2: None, 5: None, "excused": 2},
    }
    for cell in (strict, usual):
        for pattern in patterns.values():
            member = member_in(cell)
            for month in range(1, 13):
                day = pattern.get(month, 0)
                if day is None:
                    continue
                first = D(2025, month, 1)
                pay(member, cell, first, paid_on=first + datetime.timedelta(days=day + 4))
            if "excused" in pattern:
                FeeExcuseFactory(member=member, month=D(2025, pattern["excused"], 1))
    committees = [fresh(strict).committee, fresh(usual).committee]
    members = {c.pk: list(c.members.values_list("pk", flat=True)) for c in committees}
    rules = {c.pk: rules_for(c) for c in committees}
    today = D(2026, 3, 1)

    with CaptureQueriesContext(connection) as queries:
        flagged = fee_flagged_by_committee(members, 2025, rules=rules, today=today)

    expected = {
        c.pk: {flag.member.pk for flag in fee_flags(c, 2025, today=today)} for c in committees
    }
    assert flagged == expected
    assert len(expected[committees[0].pk]) == 3  # two unpaid months flag under the strict rule
    assert len(expected[committees[1].pk]) == 2
    # One query for who may be flagged, then the ledger's four, whatever the number of
    # committees and members.
    assert len(queries) == 1 + 4


def test_no_flag_can_be_reached_early_in_the_year():
    cell = CellFactory()
    member_in(cell)  # nothing paid in 2026
    committee = fresh(cell).committee
    members = {committee.pk: list(committee.members.values_list("pk", flat=True))}
    rules = {committee.pk: rules_for(committee)}
    with CaptureQueriesContext(connection) as queries:
        flagged = fee_flagged_by_committee(members, 2026, rules=rules, today=D(2026, 2, 10))
    assert flagged == {committee.pk: set()}
    assert len(queries) == 0
