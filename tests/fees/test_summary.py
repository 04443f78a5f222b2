"""The fee summary rows (fees.summary, `FeeYear`): written by the payment services in their
transaction, read back by the superior's flags."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.rules import rules_for
from fees import services
from fees.models import FeePayment, FeeYear
from fees.selectors import fee_flagged_by_committee, fee_flags
from fees.summary import refresh_fee_year
from tests.factories import (
    CellFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def member_in(cell):
    member = MemberFactory(committee=cell.committee, cell=cell, cell__joined_on=D(2020, 1, 1))
    FeeBasisFactory(member=member, base_amount=10_000_000, effective_from=D(2024, 1, 1))
    return member


def mask(member, year):
    return FeeYear.objects.get(member=member, year=year).paid_in_time


def test_payments_and_reversals_keep_the_year_in_the_same_transaction():
    cell, by = CellFactory(), UserFactory()
    member = member_in(cell)
    paid = services.payments_record(
        cell=cell,
        member=member,
        months=[D(2025, 1, 1), D(2025, 2, 1)],
        paid_on=D(2025, 2, 10),
        by=by,
    )
    # January paid in February: after its month's end; February by its end.
    assert mask(member, 2025) == 0b10
    services.payments_record(
        cell=cell, member=member, months=[D(2025, 3, 1)], paid_on=D(2025, 3, 31), by=by
    )
    assert mask(member, 2025) == 0b110
    services.payment_reverse(payment=paid[1], reason="Nhập nhầm tháng", by=by)
    assert mask(member, 2025) == 0b100
    assert FeeYear.objects.get(member=member).committee_id == cell.committee_id


def test_a_refused_payment_leaves_the_year_as_it_was():
    cell, by = CellFactory(), UserFactory()
    member = member_in(cell)
    services.payments_record(
        cell=cell, member=member, months=[D(2025, 4, 1)], paid_on=D(2025, 4, 5), by=by
    )
    with pytest.raises(ValidationError):  # the month is already paid
        services.payments_record(
            cell=cell, member=member, months=[D(2025, 4, 1)], paid_on=D(2025, 4, 6), by=by
        )
    assert mask(member, 2025) == 1 << 3
    assert FeePayment.objects.filter(member=member).count() == 1


def test_the_superior_reads_the_summary_and_judges_only_who_may_be_flagged():
    cell = CellFactory()
    committee = cell.committee
    members = [member_in(cell) for _ in range(6)]
    for index, member in enumerate(members):
        for month in range(1, 13):
            # Members 0 and 1 leave three months unpaid; the others pay every month in time.
            if index < 2 and month in (2, 5, 9):
                continue
            FeePaymentFactory(
                member=member,
                cell=cell,
                month=D(2025, month, 1),
                amount_due=200_000,
                amount_paid=200_000,
                paid_on=D(2025, month, 5),
            )
        refresh_fee_year(member, 2025)
    today = D(2026, 3, 1)
    ids = {committee.pk: [m.pk for m in members]}
    rules = {committee.pk: rules_for(committee)}
    with CaptureQueriesContext(connection) as queries:
        flagged = fee_flagged_by_committee(ids, 2025, rules=rules, today=today)
    assert flagged == {committee.pk: {members[0].pk, members[1].pk}}
    assert flagged[committee.pk] == {f.member.pk for f in fee_flags(committee, 2025, today=today)}
    # The ledger read the payments of the two who may be flagged only.
    payments = next(q["sql"] for q in queries if "fees_feepayment" in q["sql"])
    assert str(members[2].pk) not in payments.split(" IN ")[1].split(")")[0].split(", ")


def test_without_a_summary_row_nobody_is_ruled_out():
    cell = CellFactory()
    member = member_in(cell)  # three months unpaid, no FeeYear row
    for month in range(1, 13):
        if month not in (2, 5, 9):
            FeePaymentFactory(
                member=member, cell=cell, month=D(2025, month, 1), paid_on=D(2025, month, 5)
            )
    flagged = fee_flagged_by_committee(
        {cell.committee_id: [member.pk]},
        2025,
        rules={cell.committee_id: rules_for(cell.committee)},
        today=D(2026, 3, 1),
    )
    assert flagged == {cell.committee_id: {member.pk}}
