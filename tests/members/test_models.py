"""Member registry models: database constraints and the querysets the pages share."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from members.models import CellMembership, Member, Position, Status, StatusEvent, Transfer
from tests.factories import CellFactory, MemberFactory, TermFactory

pytestmark = pytest.mark.django_db

D = datetime.date


# --- card number and citizen ID --------------------------------------------------------------


@pytest.mark.parametrize("field", ["card_number", "citizen_id"])
def test_identifier_is_unique_within_a_committee(committee, field):
    MemberFactory(committee=committee, **{field: "123456789012"})
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(committee=committee, **{field: "123456789012"})
    assert Member.objects.filter(**{field: "123456789012"}).count() == 1


@pytest.mark.parametrize("field", ["card_number", "citizen_id"])
def test_identifier_may_repeat_across_committees(committee, other_committee, field):
    MemberFactory(committee=committee, **{field: "123456789012"})
    MemberFactory(committee=other_committee, **{field: "123456789012"})
    assert Member.objects.filter(**{field: "123456789012"}).count() == 2


@pytest.mark.parametrize("field", ["card_number", "citizen_id"])
def test_identifier_may_be_null_for_many_members(committee, field):
    for _ in range(3):
        MemberFactory(committee=committee, **{field: None})
    assert Member.objects.filter(committee=committee, **{f"{field}__isnull": True}).count() == 3


@pytest.mark.parametrize("field", ["card_number", "citizen_id"])
def test_identifier_is_never_blank(committee, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(committee=committee, **{field: ""})


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("admitted_on", "recognised_on"),
    [
        (D(2015, 3, 5), D(2015, 3, 5)),  # the same day
        (D(2015, 3, 5), D(2015, 3, 4)),  # before
        (None, D(2016, 3, 5)),  # recognised without an admission date
    ],
)
def test_recognised_on_must_come_after_admitted_on(committee, admitted_on, recognised_on):
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(committee=committee, admitted_on=admitted_on, recognised_on=recognised_on)
    assert not Member.objects.exists()


def test_recognised_the_day_after_admission_is_accepted(committee):
    member = MemberFactory(
        committee=committee, admitted_on=D(2015, 3, 5), recognised_on=D(2015, 3, 6)
    )
    assert member.pk


@pytest.mark.parametrize("admitted_on", [D(1985, 5, 10), D(1985, 5, 9)])
def test_admitted_on_must_come_after_date_of_birth(committee, admitted_on):
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(
            committee=committee,
            full_name="Trần Thị Lan",
            date_of_birth=D(1985, 5, 10),
            sex="female",
            admitted_on=admitted_on,
        )
    assert not Member.objects.exists()


def test_member_without_admission_date_is_accepted(committee):
    member = Member.objects.create(
        committee=committee, full_name="Trần Thị Lan", date_of_birth=D(1985, 5, 10), sex="female"
    )
    assert member.admitted_on is None
    assert member.status == Status.PROBATIONARY


# --- cell memberships ---------------------------------------------------------------------------


def test_a_member_has_at_most_one_open_membership(committee):
    cell_a, cell_b = CellFactory(committee=committee), CellFactory(committee=committee)
    member = MemberFactory(committee=committee, cell=cell_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        CellMembership.objects.create(member=member, cell=cell_b, start_date=D(2020, 1, 1))
    assert member.memberships.count() == 1


def test_closed_memberships_may_accompany_the_open_one(committee):
    cell_a, cell_b = CellFactory(committee=committee), CellFactory(committee=committee)
    member = MemberFactory(committee=committee)
    CellMembership.objects.create(
        member=member, cell=cell_a, start_date=D(2015, 3, 5), end_date=D(2018, 1, 1)
    )
    CellMembership.objects.create(
        member=member, cell=cell_a, start_date=D(2018, 1, 2), end_date=D(2019, 1, 1)
    )
    CellMembership.objects.create(member=member, cell=cell_b, start_date=D(2019, 1, 2))
    assert member.memberships.count() == 3
    assert member.current_membership().cell == cell_b


def test_two_members_may_each_have_an_open_membership_in_one_cell(cell):
    MemberFactory(committee=cell.committee, cell=cell)
    MemberFactory(committee=cell.committee, cell=cell)
    assert CellMembership.objects.filter(cell=cell, end_date__isnull=True).count() == 2


def test_membership_cannot_end_before_it_starts(cell):
    member = MemberFactory(committee=cell.committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        CellMembership.objects.create(
            member=member, cell=cell, start_date=D(2020, 1, 2), end_date=D(2020, 1, 1)
        )


# --- positions ----------------------------------------------------------------------------------


def _position(member, **kwargs):
    values = {
        "member": member,
        "committee": member.committee,
        "start_date": D(2025, 7, 1),
    }
    values.update(kwargs)
    if "term" not in values:
        values["term"] = member.committee.terms.first() or TermFactory(committee=member.committee)
    return Position.objects.create(**values)


@pytest.mark.parametrize("role", list(Position.CELL_ROLES))
def test_cell_position_needs_a_cell(cell, role):
    member = MemberFactory(committee=cell.committee, cell=cell)
    with pytest.raises(IntegrityError), transaction.atomic():
        _position(member, role=role, cell=None)
    assert not Position.objects.exists()


@pytest.mark.parametrize("role", list(Position.COMMITTEE_ROLES))
def test_committee_position_has_no_cell(cell, role):
    member = MemberFactory(committee=cell.committee, cell=cell)
    with pytest.raises(IntegrityError), transaction.atomic():
        _position(member, role=role, cell=cell)
    assert not Position.objects.exists()


def test_positions_matching_their_role_are_accepted(cell):
    member = MemberFactory(committee=cell.committee, cell=cell)
    term = TermFactory(committee=cell.committee)
    _position(member, role=Position.Role.CELL_SECRETARY, cell=cell, term=term)
    _position(member, role=Position.Role.COMMITTEE_MEMBER, cell=None, term=term)
    assert member.positions.count() == 2


def test_position_cannot_end_before_it_starts(cell):
    member = MemberFactory(committee=cell.committee, cell=cell)
    with pytest.raises(IntegrityError), transaction.atomic():
        _position(
            member,
            role=Position.Role.CELL_DEPUTY,
            cell=cell,
            start_date=D(2025, 7, 2),
            end_date=D(2025, 7, 1),
        )


# --- transfers ----------------------------------------------------------------------------------


def _transfer(member, **kwargs):
    values = {
        "member": member,
        "direction": Transfer.Direction.OUT,
        "kind": Transfer.Kind.TEMPORARY,
        "date": D(2026, 1, 10),
        "organisation": "Chi bộ Trường Đại học Tây Nguyên",
    }
    values.update(kwargs)
    return Transfer.objects.create(**values)


@pytest.mark.parametrize("expected_return", [D(2026, 1, 10), D(2026, 1, 9)])
def test_transfer_expected_return_must_come_after_the_date(committee, expected_return):
    member = MemberFactory(committee=committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        _transfer(member, expected_return=expected_return)
    assert not Transfer.objects.exists()


def test_transfer_with_a_later_or_no_expected_return_is_accepted(committee):
    member = MemberFactory(committee=committee)
    _transfer(member, expected_return=D(2026, 1, 11))
    _transfer(member, kind=Transfer.Kind.OFFICIAL, expected_return=None)
    assert member.transfers.count() == 2


def test_transfer_letter_cannot_be_presented_before_it_was_issued(committee):
    member = MemberFactory(committee=committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        _transfer(member, letter_issued_on=D(2026, 1, 5), letter_presented_on=D(2026, 1, 4))


def test_presented_days_after_issue(committee):
    member = MemberFactory(committee=committee)
    transfer = _transfer(member, letter_issued_on=D(2026, 1, 5), letter_presented_on=D(2026, 2, 4))
    assert transfer.presented_days_after_issue() == 30
    assert _transfer(member, letter_issued_on=D(2026, 1, 5)).presented_days_after_issue() is None


# --- Member.objects.in_cell_on and with_current_cell ---------------------------------------------


def _event(member, kind, date, status_after):
    return StatusEvent.objects.create(
        member=member, kind=kind, date=date, status_after=status_after
    )


def test_in_cell_on_covers_the_membership_dates(cell):
    member = MemberFactory(committee=cell.committee, with_event=D(2015, 3, 5))
    CellMembership.objects.create(
        member=member, cell=cell, start_date=D(2020, 1, 1), end_date=D(2020, 12, 31)
    )
    members_on = lambda date: list(Member.objects.in_cell_on(cell, date))  # noqa: E731
    assert members_on(D(2019, 12, 31)) == []
    assert members_on(D(2020, 1, 1)) == [member]
    assert members_on(D(2020, 12, 31)) == [member]
    assert members_on(D(2021, 1, 1)) == []


def test_in_cell_on_only_lists_the_cell_asked_for(committee):
    cell_a, cell_b = CellFactory(committee=committee), CellFactory(committee=committee)
    in_a = MemberFactory(committee=committee, cell=cell_a)
    in_b = MemberFactory(committee=committee, cell=cell_b)
    assert list(Member.objects.in_cell_on(cell_a, D(2020, 1, 1))) == [in_a]
    assert list(Member.objects.in_cell_on(cell_b, D(2020, 1, 1))) == [in_b]


def test_in_cell_on_annotates_the_status_on_that_date(cell):
    member = MemberFactory(
        committee=cell.committee, cell=cell, status=Status.PROBATIONARY, recognised_on=None
    )
    _event(member, StatusEvent.Kind.RECOGNISED, D(2016, 3, 5), Status.OFFICIAL)
    _event(member, StatusEvent.Kind.EXEMPTED, D(2020, 6, 1), Status.EXEMPTED)
    status_on = lambda date: Member.objects.in_cell_on(cell, date).get().status_on  # noqa: E731
    assert status_on(D(2015, 3, 5)) == Status.PROBATIONARY
    assert status_on(D(2016, 3, 4)) == Status.PROBATIONARY
    assert status_on(D(2016, 3, 5)) == Status.OFFICIAL
    assert status_on(D(2020, 6, 1)) == Status.EXEMPTED


def test_in_cell_on_excludes_former_members_and_those_without_a_status_yet(cell):
    member = MemberFactory(committee=cell.committee, cell=cell)
    _event(member, StatusEvent.Kind.DECEASED, D(2024, 2, 1), Status.DECEASED)
    assert list(Member.objects.in_cell_on(cell, D(2024, 1, 31))) == [member]
    assert list(Member.objects.in_cell_on(cell, D(2024, 2, 1))) == []
    # Membership from 2015-03-05 but her first event is later: no status, not listed.
    late = MemberFactory(committee=cell.committee, cell=cell, with_event=D(2015, 4, 1))
    assert late not in Member.objects.in_cell_on(cell, D(2015, 3, 20))
    assert late in Member.objects.in_cell_on(cell, D(2015, 4, 1))


def test_with_current_cell_annotates_the_open_membership(committee):
    cell_a, cell_b = CellFactory(committee=committee), CellFactory(committee=committee)
    moved = MemberFactory(committee=committee)
    CellMembership.objects.create(
        member=moved, cell=cell_a, start_date=D(2015, 3, 5), end_date=D(2019, 12, 31)
    )
    CellMembership.objects.create(member=moved, cell=cell_b, start_date=D(2020, 1, 1))
    stayed = MemberFactory(committee=committee, cell=cell_a)
    without = MemberFactory(committee=committee)
    rows = {m.pk: m for m in Member.objects.with_current_cell()}
    assert (rows[moved.pk].current_cell_id, rows[moved.pk].current_cell_name) == (
        cell_b.pk,
        cell_b.name,
    )
    assert rows[stayed.pk].current_cell_id == cell_a.pk
    assert rows[without.pk].current_cell_id is None
    assert rows[without.pk].current_cell_name is None
    assert len(rows) == 3  # one row per member, whatever her history


def test_with_current_cell_is_one_query(committee, django_assert_num_queries):
    cell = CellFactory(committee=committee)
    for _ in range(5):
        MemberFactory(committee=committee, cell=cell)
    with django_assert_num_queries(1):
        names = [m.current_cell_name for m in Member.objects.with_current_cell()]
    assert names == [cell.name] * 5


def test_on_roll_and_ordered(committee):
    lan = MemberFactory(committee=committee, full_name="Nguyễn Thị Lan")
    an = MemberFactory(committee=committee, full_name="Trần Văn An")
    MemberFactory(committee=committee, full_name="Lê Văn Bình", status=Status.DECEASED)
    assert list(Member.objects.on_roll().ordered()) == [an, lan]
    assert not Member.objects.get(full_name="Lê Văn Bình").is_on_roll


def test_a_position_in_the_cell_is_a_cell_role_one_in_the_committee_is_not(cell):
    member = MemberFactory(committee=cell.committee, cell=cell)
    position = _position(member, role=Position.Role.CELL_SECRETARY, cell=cell)
    assert position.is_cell_role
    committee_position = _position(member, role=Position.Role.COMMITTEE_MEMBER, term=position.term)
    assert not committee_position.is_cell_role


def test_in_cell_on_after_a_move_lists_the_member_in_her_new_cell_only(committee):
    old, new = CellFactory(committee=committee), CellFactory(committee=committee)
    member = MemberFactory(committee=committee)
    CellMembership.objects.create(
        member=member, cell=old, start_date=D(2015, 3, 5), end_date=D(2019, 12, 31)
    )
    CellMembership.objects.create(member=member, cell=new, start_date=D(2020, 1, 1))
    assert list(Member.objects.in_cell_on(old, D(2019, 12, 31))) == [member]
    assert list(Member.objects.in_cell_on(new, D(2019, 12, 31))) == []
    assert list(Member.objects.in_cell_on(new, D(2020, 1, 1))) == [member]
    assert list(Member.objects.in_cell_on(old, D(2020, 1, 1))) == []
