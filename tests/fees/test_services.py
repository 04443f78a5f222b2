"""The fee writes (fees.services): each saves what it should, and refuses bad input with a message
next to the field and nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cells.models import CommitteeSettings
from core.dates import add_months
from fees import services
from fees.models import FeeBasis, FeeExcuse, FeePayment, Remittance
from fees.selectors import Ledger, committee_register, fee_flags, fee_month
from members.models import CellMembership
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
JOINED = D(2020, 1, 1)
SINCE = D(2024, 1, 1)


@pytest.fixture
def by(db):
    return UserFactory()


def member_in(cell, *, joined=JOINED, category="salaried", base=10_000_000, since=SINCE):
    member = MemberFactory(committee=cell.committee, cell=cell, cell__joined_on=joined)
    if base:
        FeeBasisFactory(member=member, category=category, base_amount=base, effective_from=since)
    return member


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def with_rules(committee, **settings):
    CommitteeSettings.objects.update_or_create(committee=committee, defaults=settings)


@pytest.fixture(autouse=True)
def _english():
    """The messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def error_of(excinfo, field):
    return " ".join(excinfo.value.message_dict[field])


def this_month():
    return timezone.localdate().replace(day=1)


# --- Fee basis --------------------------------------------------------------------------------


def test_basis_set(cell, by):
    member = member_in(cell, base=None)
    basis = services.basis_set(
        member=member,
        category="salaried",
        base_amount=9_500_000,
        effective_from=D(2025, 3, 17),
        note=" Lương bậc 3 ",
        by=by,
    )
    assert basis.effective_from == D(2025, 3, 1)
    assert (basis.category, basis.base_amount, basis.note) == ("salaried", 9_500_000, "Lương bậc 3")
    assert basis.created_by == by
    assert basis.history.get().history_user == by


def test_basis_set_same_month_corrects_it(cell, by):
    member = member_in(cell, base=None)
    services.basis_set(
        member=member,
        category="salaried",
        base_amount=9_500_000,
        effective_from=D(2025, 3, 1),
        by=by,
    )
    services.basis_set(
        member=member,
        category="salaried",
        base_amount=9_800_000,
        effective_from=D(2025, 3, 20),
        by=by,
    )
    basis = FeeBasis.objects.get(member=member)
    assert basis.base_amount == 9_800_000
    assert basis.history.count() == 2


@pytest.mark.parametrize(
    ("category", "amount", "field"),
    [
        ("volunteer", 10_000, "category"),
        ("salaried", 0, "base_amount"),
        ("salaried", -8_000_000, "base_amount"),
        ("salaried", "tám triệu", "base_amount"),
        ("salaried", 49_999, "base_amount"),  # 1 % rounds to 0 đ
        ("fixed", 1_000, "base_amount"),
        ("fixed", 40_000, "base_amount"),
    ],
)
def test_basis_set_refuses(cell, by, category, amount, field):
    member = member_in(cell, base=None)
    with pytest.raises(ValidationError) as excinfo:
        services.basis_set(
            member=member,
            category=category,
            base_amount=amount,
            effective_from=D(2025, 1, 1),
            by=by,
        )
    assert excinfo.value.message_dict[field]
    assert not FeeBasis.objects.exists()


def test_basis_set_refuses_far_future(cell, by):
    member = member_in(cell, base=None)
    with pytest.raises(ValidationError) as excinfo:
        services.basis_set(
            member=member,
            category="salaried",
            base_amount=8_000_000,
            effective_from=add_months(this_month(), 13),
            by=by,
        )
    assert "12" in error_of(excinfo, "effective_from")


def test_basis_set_fixed_range_follows_the_settings(cell, by):
    member = member_in(cell, base=None)
    with_rules(cell.committee, fee_fixed_min=1_000, fee_fixed_max=50_000)
    member = fresh(member)
    for month, amount in ((1, 1_000), (2, 50_000)):
        services.basis_set(
            member=member,
            category="fixed",
            base_amount=amount,
            effective_from=D(2025, month, 1),
            by=by,
        )
    with pytest.raises(ValidationError) as excinfo:
        services.basis_set(
            member=member, category="fixed", base_amount=50_001, effective_from=D(2025, 3, 1), by=by
        )
    assert "50.000 đ" in error_of(excinfo, "base_amount")
    assert FeeBasis.objects.count() == 2


def test_back_dated_raise_leaves_payments_and_is_paid_as_a_back_payment(cell, by):
    member = member_in(cell, base=8_000_000, since=D(2025, 1, 1))
    services.payments_record(
        cell=cell,
        member=member,
        months=[D(2025, 2, 1), D(2025, 3, 1)],
        paid_on=D(2025, 3, 5),
        by=by,
    )
    services.basis_set(
        member=member,
        category="salaried",
        base_amount=11_000_000,
        effective_from=D(2025, 3, 1),
        by=by,
    )
    assert set(FeePayment.objects.values_list("amount_due", "amount_paid")) == {(80_000, 80_000)}
    march = fee_month(member, D(2025, 3, 1))
    assert (march.due, march.paid, march.back_payment_due) == (110_000, 80_000, 30_000)
    assert fee_month(member, D(2025, 2, 1)).back_payment_due == 0
    with pytest.raises(ValidationError) as excinfo:
        services.back_payment_record(
            cell=cell, member=member, month=D(2025, 2, 1), paid_on=D(2025, 4, 5), by=by
        )
    assert "02/2025" in error_of(excinfo, "month")
    payment = services.back_payment_record(
        cell=cell, member=member, month=D(2025, 3, 1), paid_on=D(2025, 4, 5), by=by
    )
    assert (payment.kind, payment.amount_due, payment.amount_paid) == (
        "back_payment",
        30_000,
        30_000,
    )
    march = fee_month(member, D(2025, 3, 1))
    assert (march.paid, march.back_payment_due, march.paid_on) == (110_000, 0, D(2025, 3, 5))
    with pytest.raises(ValidationError):
        services.back_payment_record(
            cell=cell, member=member, month=D(2025, 3, 1), paid_on=D(2025, 4, 5), by=by
        )
    # A second raise for the same month: reverse the first back-payment, then pay it all.
    services.basis_set(
        member=member,
        category="salaried",
        base_amount=12_000_000,
        effective_from=D(2025, 3, 1),
        by=by,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.back_payment_record(
            cell=cell, member=member, month=D(2025, 3, 1), paid_on=D(2025, 4, 6), by=by
        )
    assert "reverse" in error_of(excinfo, "month")
    services.payment_reverse(payment=payment, reason="Tính lại truy thu", by=by)
    payment = services.back_payment_record(
        cell=cell, member=member, month=D(2025, 3, 1), paid_on=D(2025, 4, 6), by=by
    )
    assert payment.amount_paid == 40_000


def test_back_payment_in_the_cell_she_moved_to(cell, by):
    member = member_in(cell, base=8_000_000, since=D(2024, 12, 1))
    services.payments_record(
        cell=cell, member=member, months=[D(2025, 1, 1)], paid_on=D(2025, 1, 5), by=by
    )
    new = CellFactory(committee=cell.committee)
    stranger = CellFactory(committee=cell.committee)
    CellMembership.objects.filter(member=member).update(end_date=D(2025, 5, 31))
    CellMembership.objects.create(member=member, cell=new, start_date=D(2025, 6, 1))
    FeeBasisFactory(member=member, base_amount=9_000_000, effective_from=D(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.back_payment_record(
            cell=stranger, member=member, month=D(2025, 1, 1), paid_on=D(2025, 7, 5), by=by
        )
    payment = services.back_payment_record(
        cell=new, member=member, month=D(2025, 1, 1), paid_on=D(2025, 7, 5), by=by
    )
    assert (payment.cell, payment.amount_paid) == (new, 10_000)


# --- Payments ---------------------------------------------------------------------------------


def test_payments_record_several_months(cell, by):
    member = member_in(cell, base=9_876_000)
    payments = services.payments_record(
        cell=cell,
        member=member,
        months=[D(2025, 3, 1), D(2025, 1, 15), D(2025, 2, 1), D(2025, 1, 1)],
        paid_on=D(2025, 3, 5),
        by=by,
        amounts={D(2025, 2, 1): 100_000},
    )
    assert [(p.month, p.amount_due, p.amount_paid) for p in payments] == [
        (D(2025, 1, 1), 99_000, 99_000),
        (D(2025, 2, 1), 99_000, 100_000),
        (D(2025, 3, 1), 99_000, 99_000),
    ]
    assert all(p.recorded_by == by and p.kind == "regular" for p in payments)
    assert payments[0].history.get().history_user == by


def test_payments_in_advance(cell, by):
    member = member_in(cell)
    ahead = add_months(this_month(), 12)
    payments = services.payments_record(
        cell=cell, member=member, months=[ahead], paid_on=timezone.localdate(), by=by
    )
    assert payments[0].month == ahead
    with pytest.raises(ValidationError) as excinfo:
        services.payments_record(
            cell=cell,
            member=member,
            months=[add_months(ahead, 1)],
            paid_on=timezone.localdate(),
            by=by,
        )
    assert "12" in error_of(excinfo, "months")
    with pytest.raises(ValidationError) as excinfo:
        services.payments_record(
            cell=cell, member=member, months=[D(2025, 3, 1)], paid_on=D(2024, 1, 5), by=by
        )
    assert excinfo.value.message_dict["paid_on"]


@pytest.mark.parametrize(
    ("amount", "ok"),
    [(-100_000, False), (0, False), (1, True), (1_000_000, True), (1_000_001, False)],
)
def test_payment_amount_bounds(cell, by, amount, ok):
    member = member_in(cell)  # 100,000 due
    call = {
        "cell": cell,
        "member": member,
        "months": [D(2025, 1, 1), D(2025, 2, 1)],
        "paid_on": D(2025, 2, 5),
        "by": by,
        "amounts": {D(2025, 2, 1): amount},
    }
    if ok:
        services.payments_record(**call)
        assert FeePayment.objects.count() == 2
    else:
        with pytest.raises(ValidationError) as excinfo:
            services.payments_record(**call)
        assert excinfo.value.message_dict["amount"]
        assert not FeePayment.objects.exists()


def test_paying_a_month_twice_is_refused_and_nothing_is_saved(cell, by):
    member = member_in(cell)
    services.payments_record(
        cell=cell, member=member, months=[D(2025, 2, 1)], paid_on=D(2025, 2, 5), by=by
    )
    with pytest.raises(ValidationError) as excinfo:
        services.payments_record(
            cell=cell,
            member=member,
            months=[D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)],
            paid_on=D(2025, 3, 5),
            by=by,
        )
    assert "02/2025" in error_of(excinfo, "months")
    assert FeePayment.objects.count() == 1


def test_a_concurrent_payment_becomes_the_message(cell, by, monkeypatch):
    """The check read the month as unpaid, another request paid it meanwhile: the constraint
    refuses the second and the user sees the same message, not a 500."""
    member = member_in(cell)
    stale = Ledger(
        [member.pk], D(2025, 1, 1), D(2025, 1, 1), rules=CommitteeSettings(), today=D(2026, 1, 1)
    )
    FeePaymentFactory(member=member, cell=cell, month=D(2025, 1, 1))
    monkeypatch.setattr(services, "ledger_for", lambda *args, **kwargs: stale)
    with pytest.raises(ValidationError) as excinfo:
        services.payments_record(
            cell=cell, member=member, months=[D(2025, 1, 1)], paid_on=D(2025, 1, 6), by=by
        )
    assert "01/2025" in error_of(excinfo, "months")
    with pytest.raises(ValidationError) as excinfo:
        services.month_record(
            cell=cell, month=D(2025, 1, 1), member_ids=[member.pk], paid_on=D(2025, 1, 6), by=by
        )
    assert excinfo.value.message_dict["member_ids"]
    assert FeePayment.objects.count() == 1


def test_payment_date_in_the_future_is_refused(cell, by):
    member = member_in(cell)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.payments_record(
            cell=cell, member=member, months=[this_month()], paid_on=tomorrow, by=by
        )
    assert excinfo.value.message_dict["paid_on"]
    with pytest.raises(ValidationError) as excinfo:
        services.month_record(
            cell=cell, month=this_month(), member_ids=[member.pk], paid_on=tomorrow, by=by
        )
    assert excinfo.value.message_dict["paid_on"]
    assert not FeePayment.objects.exists()


def test_a_month_she_was_not_in_the_cell_is_refused(cell, by):
    member = member_in(cell, joined=D(2025, 3, 10))
    other = CellFactory(committee=cell.committee)
    with pytest.raises(ValidationError) as excinfo:
        services.payments_record(
            cell=cell,
            member=member,
            months=[D(2025, 2, 1), D(2025, 3, 1)],
            paid_on=D(2025, 3, 15),
            by=by,
        )
    assert "02/2025" in error_of(excinfo, "months")
    with pytest.raises(ValidationError):
        services.payments_record(
            cell=other, member=member, months=[D(2025, 3, 1)], paid_on=D(2025, 3, 15), by=by
        )
    assert not FeePayment.objects.exists()
    services.payments_record(
        cell=cell, member=member, months=[D(2025, 3, 1)], paid_on=D(2025, 3, 15), by=by
    )


def test_no_basis_and_no_month_are_refused(cell, by):
    member = member_in(cell, base=None)
    with pytest.raises(ValidationError) as excinfo:
        services.payments_record(
            cell=cell, member=member, months=[D(2025, 1, 1)], paid_on=D(2025, 1, 5), by=by
        )
    assert "fee basis" in error_of(excinfo, "months")
    with pytest.raises(ValidationError) as excinfo:
        services.payments_record(cell=cell, member=member, months=[], paid_on=D(2025, 1, 5), by=by)
    assert excinfo.value.message_dict["months"]


def test_month_record(cell, by):
    paid_before, a, b, absent = (member_in(cell) for _ in range(4))
    services.payments_record(
        cell=cell, member=paid_before, months=[D(2025, 4, 1)], paid_on=D(2025, 4, 1), by=by
    )
    payments = services.month_record(
        cell=cell,
        month=D(2025, 4, 20),
        member_ids=[str(a.pk), b.pk, paid_before.pk],
        paid_on=D(2025, 4, 5),
        by=by,
    )
    assert {p.member for p in payments} == {a, b}
    assert {(p.month, p.amount_paid, p.paid_on) for p in payments} == {
        (D(2025, 4, 1), 100_000, D(2025, 4, 5))
    }
    assert FeePayment.objects.get(member=paid_before).paid_on == D(2025, 4, 1)
    assert not FeePayment.objects.filter(member=absent).exists()


def test_month_record_is_all_or_nothing(cell, by):
    a = member_in(cell)
    no_basis = member_in(cell, base=None)
    elsewhere = member_in(CellFactory(committee=cell.committee))
    outsider = member_in(CellFactory(committee=CommitteeFactory()))
    for bad in (no_basis, elsewhere, outsider):
        with pytest.raises(ValidationError) as excinfo:
            services.month_record(
                cell=cell,
                month=D(2025, 4, 1),
                member_ids=[a.pk, bad.pk],
                paid_on=D(2025, 4, 5),
                by=by,
            )
        assert excinfo.value.message_dict["member_ids"]
    for ids in ([], ["x"], [999_999]):
        with pytest.raises(ValidationError) as excinfo:
            services.month_record(
                cell=cell, month=D(2025, 4, 1), member_ids=ids, paid_on=D(2025, 4, 5), by=by
            )
        assert excinfo.value.message_dict["member_ids"]
    assert not FeePayment.objects.exists()


def test_payment_reverse(cell, by):
    member = member_in(cell)
    (payment,) = services.payments_record(
        cell=cell, member=member, months=[D(2025, 1, 1)], paid_on=D(2025, 1, 5), by=by
    )
    for reason in ("", "   ", None):
        with pytest.raises(ValidationError) as excinfo:
            services.payment_reverse(payment=payment, reason=reason, by=by)
        assert excinfo.value.message_dict["reason"]
    assert fresh(payment).reversed_at is None
    payment = services.payment_reverse(payment=payment, reason=" Ghi nhầm người ", by=by)
    assert (payment.reversal_reason, payment.reversed_by) == ("Ghi nhầm người", by)
    assert payment.reversed_at is not None
    assert not fee_month(member, D(2025, 1, 1)).is_paid
    with pytest.raises(ValidationError) as excinfo:
        services.payment_reverse(payment=payment, reason="Lần nữa", by=by)
    assert excinfo.value.message_dict["reason"]
    # The month can be paid again; the reversed payment stays on record.
    services.payments_record(
        cell=cell, member=member, months=[D(2025, 1, 1)], paid_on=D(2025, 1, 6), by=by
    )
    assert FeePayment.objects.count() == 2


# --- Valid reasons ----------------------------------------------------------------------------


def test_excuse_record(cell, by):
    member = member_in(cell)
    for month in range(4, 13):
        FeePaymentFactory(member=member, cell=cell, month=D(2025, month, 1))
    assert fee_flags(fresh(cell.committee), 2025)
    excuse = services.excuse_record(member=member, month=D(2025, 2, 14), reason=" Ốm ", by=by)
    assert (excuse.month, excuse.reason, excuse.recorded_by) == (D(2025, 2, 1), "Ốm", by)
    assert fee_flags(fresh(cell.committee), 2025) == []
    with pytest.raises(ValidationError) as excinfo:
        services.excuse_record(member=member, month=D(2025, 2, 1), reason="Lần nữa", by=by)
    assert excinfo.value.message_dict["month"]
    assert FeeExcuse.objects.count() == 1


@pytest.mark.parametrize(
    ("month", "reason", "field"),
    [
        (D(2025, 1, 1), "", "reason"),
        (D(2019, 12, 1), "Ốm", "month"),  # before she joined
        (None, "Ốm", "month"),
    ],
)
def test_excuse_refused(cell, by, month, reason, field):
    member = member_in(cell, since=D(2019, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.excuse_record(member=member, month=month, reason=reason, by=by)
    assert excinfo.value.message_dict[field]
    assert not FeeExcuse.objects.exists()


def test_excuse_refused_for_a_future_month_or_without_basis(cell, by):
    member = member_in(cell)
    with pytest.raises(ValidationError):
        services.excuse_record(member=member, month=add_months(this_month(), 1), reason="Ốm", by=by)
    with pytest.raises(ValidationError):
        services.excuse_record(
            member=member_in(cell, base=None), month=D(2025, 1, 1), reason="Ốm", by=by
        )
    assert not FeeExcuse.objects.exists()


# --- Remittances ------------------------------------------------------------------------------


def test_remittance_record_and_reverse(cell, by):
    committee = cell.committee
    ours = services.remittance_record(
        committee=committee,
        cell=cell,
        month=D(2025, 1, 9),
        amount=70_000,
        remitted_on=D(2025, 1, 20),
        by=by,
    )
    up = services.remittance_record(
        committee=committee, month=D(2025, 1, 1), amount=49_000, remitted_on=D(2025, 1, 25), by=by
    )
    assert (ours.cell, ours.month, up.cell) == (cell, D(2025, 1, 1), None)
    for kwargs in ({"cell": cell}, {}):
        with pytest.raises(ValidationError) as excinfo:
            services.remittance_record(
                committee=committee,
                month=D(2025, 1, 1),
                amount=1_000,
                remitted_on=D(2025, 2, 1),
                by=by,
                **kwargs,
            )
        assert excinfo.value.message_dict["month"]
    with pytest.raises(ValidationError) as excinfo:
        services.remittance_reverse(remittance=ours, reason="", by=by)
    assert excinfo.value.message_dict["reason"]
    services.remittance_reverse(remittance=ours, reason="Sai số tiền", by=by)
    with pytest.raises(ValidationError):
        services.remittance_reverse(remittance=ours, reason="Lần nữa", by=by)
    again = services.remittance_record(
        committee=committee,
        cell=cell,
        month=D(2025, 1, 1),
        amount=71_000,
        remitted_on=D(2025, 1, 21),
        by=by,
    )
    assert Remittance.objects.standing().get(cell=cell) == again
    assert Remittance.objects.count() == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"remitted_on": "future"}, "remitted_on"),
        ({"remitted_on": D(2024, 12, 31)}, "remitted_on"),
        ({"month": "next"}, "month"),
        ({"cell": "foreign"}, "cell"),
    ],
)
def test_remittance_refused(cell, by, changes, field):
    kwargs = {
        "committee": cell.committee,
        "cell": cell,
        "month": D(2025, 1, 1),
        "amount": 70_000,
        "remitted_on": D(2025, 1, 20),
        "by": by,
    }
    kwargs.update(changes)
    if kwargs["remitted_on"] == "future":
        kwargs["remitted_on"] = timezone.localdate() + datetime.timedelta(days=1)
    if kwargs["month"] == "next":
        kwargs["month"] = add_months(this_month(), 1)
    if kwargs["cell"] == "foreign":
        kwargs["cell"] = CellFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.remittance_record(**kwargs)
    assert excinfo.value.message_dict[field]
    assert not Remittance.objects.exists()


def test_remittances_show_in_the_committee_register(cell, by):
    committee = cell.committee
    services.remittance_record(
        committee=committee,
        cell=cell,
        month=D(2025, 1, 1),
        amount=70_000,
        remitted_on=D(2025, 1, 20),
        by=by,
    )
    services.remittance_record(
        committee=committee, month=D(2025, 1, 1), amount=49_000, remitted_on=D(2025, 1, 25), by=by
    )
    total = committee_register(committee, D(2025, 1, 1), D(2025, 1, 1)).totals[0]
    assert (total.received, total.kept, total.to_remit, total.remitted) == (
        70_000,
        21_000,
        49_000,
        49_000,
    )
