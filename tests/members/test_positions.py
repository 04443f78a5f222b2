"""Offices (positions): one secretary per cell and per committee at a time; the officer lists."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members import positions, transfers
from members.models import Position, Status
from members.selectors import (
    current_committee_officers,
    current_officers,
    current_positions_by_member,
)
from tests.factories import CellFactory, MemberFactory, TermFactory

pytestmark = pytest.mark.django_db

D = datetime.date
R = Position.Role
# The `term` fixture (tests/conftest.py) runs 01/07/2025 – 30/06/2030.


def _in(cell, name=None):
    """An official member of `cell` since 2015."""
    kwargs = {"full_name": name} if name else {}
    return MemberFactory(committee=cell.committee, cell=cell, **kwargs)


def _assign(member, role, term, by, **kwargs):
    kwargs.setdefault("start_date", D(2025, 7, 1))
    return positions.position_assign(member=member, role=role, term=term, by=by, **kwargs)


def _refused(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value.message_dict


# --- one secretary at a time --------------------------------------------------------------------


def test_assign_a_cell_secretary(cell, term, officer):
    member = _in(cell)
    position = _assign(member, R.CELL_SECRETARY, term, officer, cell=cell)
    position.refresh_from_db()
    assert (position.member, position.committee, position.cell, position.term) == (
        member,
        cell.committee,
        cell,
        term,
    )
    assert (position.start_date, position.end_date) == (D(2025, 7, 1), None)
    assert position.history.get().history_user == officer


def test_a_second_cell_secretary_in_an_overlapping_period_is_refused(cell, term, officer):
    holder = _in(cell, "Nguyễn Thị Hồng")
    _assign(holder, R.CELL_SECRETARY, term, officer, cell=cell)
    errors = _refused(
        _assign,
        member=_in(cell),
        role=R.CELL_SECRETARY,
        term=term,
        by=officer,
        cell=cell,
        start_date=D(2026, 1, 1),
    )
    assert "role" in errors
    assert "Nguyễn Thị Hồng" in errors["role"][0]
    assert "01/07/2025" in errors["role"][0]
    assert Position.objects.count() == 1


def test_a_secretary_overlapping_a_later_one_is_refused(cell, term, officer):
    """An open-ended secretary from 2025 would overlap a secretary already set for 2027."""
    _assign(
        _in(cell, "Lê Thị Mai"),
        R.CELL_SECRETARY,
        term,
        officer,
        cell=cell,
        start_date=D(2027, 1, 1),
    )
    errors = _refused(
        _assign, member=_in(cell), role=R.CELL_SECRETARY, term=term, by=officer, cell=cell
    )
    assert "Lê Thị Mai" in errors["role"][0]
    # Ending before the other one starts is fine.
    _assign(_in(cell), R.CELL_SECRETARY, term, officer, cell=cell, end_date=D(2026, 12, 31))
    assert Position.objects.count() == 2


def test_secretary_after_the_previous_one_ended(cell, term, officer):
    first = _assign(_in(cell), R.CELL_SECRETARY, term, officer, cell=cell)
    positions.position_end(position=first, end_date=D(2026, 3, 31), by=officer)
    # Starting on the day the first one ended still overlaps.
    errors = _refused(
        _assign,
        member=_in(cell),
        role=R.CELL_SECRETARY,
        term=term,
        by=officer,
        cell=cell,
        start_date=D(2026, 3, 31),
    )
    assert "role" in errors
    second = _assign(
        _in(cell), R.CELL_SECRETARY, term, officer, cell=cell, start_date=D(2026, 4, 1)
    )
    assert second.pk
    assert Position.objects.filter(role=R.CELL_SECRETARY, cell=cell).count() == 2


def test_secretaries_of_different_cells(committee, term, officer):
    cell_a, cell_b = CellFactory(committee=committee), CellFactory(committee=committee)
    _assign(_in(cell_a), R.CELL_SECRETARY, term, officer, cell=cell_a)
    _assign(_in(cell_b), R.CELL_SECRETARY, term, officer, cell=cell_b)
    assert Position.objects.filter(role=R.CELL_SECRETARY).count() == 2


def test_one_committee_secretary_at_a_time(cell, term, officer):
    _assign(_in(cell, "Hoàng Văn Hiệu"), R.COMMITTEE_SECRETARY, term, officer)
    errors = _refused(
        _assign,
        member=_in(cell),
        role=R.COMMITTEE_SECRETARY,
        term=term,
        by=officer,
        start_date=D(2028, 1, 1),
    )
    assert "Hoàng Văn Hiệu" in errors["role"][0]
    assert Position.objects.count() == 1


def test_committee_secretary_after_the_previous_one_ended(cell, term, officer):
    first = _assign(_in(cell), R.COMMITTEE_SECRETARY, term, officer)
    positions.position_end(position=first, end_date=D(2026, 3, 31), by=officer)
    _assign(_in(cell), R.COMMITTEE_SECRETARY, term, officer, start_date=D(2026, 4, 1))
    assert Position.objects.filter(role=R.COMMITTEE_SECRETARY).count() == 2


def test_committee_secretaries_of_different_committees(cell, term, officer):
    other_cell = CellFactory()
    other_term = TermFactory(committee=other_cell.committee)
    _assign(_in(cell), R.COMMITTEE_SECRETARY, term, officer)
    _assign(_in(other_cell), R.COMMITTEE_SECRETARY, other_term, officer)
    assert Position.objects.filter(role=R.COMMITTEE_SECRETARY).count() == 2


def test_the_cell_secretary_may_also_be_the_committee_secretary(cell, term, officer):
    member = _in(cell)
    _assign(member, R.CELL_SECRETARY, term, officer, cell=cell)
    position = _assign(member, R.COMMITTEE_SECRETARY, term, officer, cell=cell)
    assert position.cell is None  # a committee office has no cell
    assert member.positions.count() == 2


@pytest.mark.parametrize(
    "role", [R.CELL_DEPUTY, R.CELL_COMMITTEE_MEMBER, R.COMMITTEE_DEPUTY, R.COMMITTEE_MEMBER]
)
def test_deputies_and_committee_members_may_be_several(cell, term, officer, role):
    kwargs = {"cell": cell} if role in Position.CELL_ROLES else {}
    for _ in range(3):
        _assign(_in(cell), role, term, officer, **kwargs)
    assert Position.objects.filter(role=role).count() == 3


def test_the_same_member_cannot_hold_the_same_open_office_twice(cell, term, officer):
    member = _in(cell)
    _assign(member, R.CELL_DEPUTY, term, officer, cell=cell)
    errors = _refused(
        _assign,
        member=member,
        role=R.CELL_DEPUTY,
        term=term,
        by=officer,
        cell=cell,
        start_date=D(2026, 1, 1),
    )
    assert "role" in errors
    assert member.positions.count() == 1


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Position.CELL_ROLES))
def test_a_cell_role_needs_a_cell(cell, term, officer, role):
    errors = _refused(_assign, member=_in(cell), role=role, term=term, by=officer)
    assert "cell" in errors
    assert not Position.objects.exists()


def test_a_cell_role_needs_membership_in_that_cell(committee, cell, term, officer):
    other_cell = CellFactory(committee=committee)
    errors = _refused(
        _assign, member=_in(other_cell), role=R.CELL_SECRETARY, term=term, by=officer, cell=cell
    )
    assert "cell" in errors
    assert not Position.objects.exists()


def test_a_cell_role_from_before_she_joined_is_refused(cell, term, officer):
    member = MemberFactory(committee=cell.committee, cell=cell, cell__joined_on=D(2026, 1, 1))
    errors = _refused(_assign, member=member, role=R.CELL_DEPUTY, term=term, by=officer, cell=cell)
    assert "cell" in errors
    _assign(member, R.CELL_DEPUTY, term, officer, cell=cell, start_date=D(2026, 1, 1))


def test_a_cell_of_another_committee_is_refused(cell, term, officer):
    other_cell = CellFactory()
    errors = _refused(
        _assign, member=_in(cell), role=R.CELL_SECRETARY, term=term, by=officer, cell=other_cell
    )
    assert "cell" in errors


@pytest.mark.parametrize("start_date", [D(2025, 6, 30), D(2030, 7, 1)])
def test_start_must_fall_within_the_term(cell, term, officer, start_date):
    errors = _refused(
        _assign,
        member=_in(cell),
        role=R.COMMITTEE_MEMBER,
        term=term,
        by=officer,
        start_date=start_date,
    )
    assert "start_date" in errors
    assert not Position.objects.exists()


@pytest.mark.parametrize("start_date", [D(2025, 7, 1), D(2030, 6, 30)])
def test_start_on_the_first_or_last_day_of_the_term(cell, term, officer, start_date):
    assert _assign(_in(cell), R.COMMITTEE_MEMBER, term, officer, start_date=start_date).pk


def test_a_term_of_another_committee_is_refused(cell, term, officer):
    other_term = TermFactory()
    errors = _refused(
        _assign, member=_in(cell), role=R.COMMITTEE_MEMBER, term=other_term, by=officer
    )
    assert "term" in errors
    assert not Position.objects.exists()


def test_end_before_start_is_refused(cell, term, officer):
    errors = _refused(
        _assign,
        member=_in(cell),
        role=R.COMMITTEE_MEMBER,
        term=term,
        by=officer,
        start_date=D(2026, 1, 2),
        end_date=D(2026, 1, 1),
    )
    assert "end_date" in errors


@pytest.mark.parametrize("status", [Status.PROBATIONARY, Status.TEMPORARY])
@pytest.mark.parametrize("role", [R.CELL_DEPUTY, R.COMMITTEE_MEMBER])
def test_probationary_and_hosted_members_hold_no_office(cell, term, officer, status, role):
    member = MemberFactory(committee=cell.committee, cell=cell, status=status, recognised_on=None)
    kwargs = {"cell": cell} if role in Position.CELL_ROLES else {}
    errors = _refused(_assign, member=member, role=role, term=term, by=officer, **kwargs)
    assert "role" in errors
    assert not Position.objects.exists()


def test_end_must_fall_within_the_term(cell, term, officer):
    errors = _refused(
        _assign,
        member=_in(cell),
        role=R.COMMITTEE_MEMBER,
        term=term,
        by=officer,
        end_date=D(2030, 7, 1),
    )
    assert "end_date" in errors
    assert _assign(_in(cell), R.COMMITTEE_MEMBER, term, officer, end_date=D(2030, 6, 30)).pk


def test_a_past_cell_office_while_she_was_in_that_cell(committee, cell, term, officer):
    member = _in(cell)
    transfers.member_move(
        member=member, cell=CellFactory(committee=committee), date=D(2026, 9, 1), by=officer
    )
    position = _assign(member, R.CELL_DEPUTY, term, officer, cell=cell, end_date=D(2026, 8, 31))
    assert position.cell == cell
    errors = _refused(
        _assign,
        member=member,
        role=R.CELL_COMMITTEE_MEMBER,
        term=term,
        by=officer,
        cell=cell,
        start_date=D(2026, 9, 1),
    )
    assert "cell" in errors


# --- position_end -------------------------------------------------------------------------------


def test_position_end(cell, term, officer):
    position = _assign(_in(cell), R.CELL_SECRETARY, term, officer, cell=cell)
    ended = positions.position_end(position=position, end_date=D(2026, 3, 31), by=officer)
    position.refresh_from_db()
    assert ended.end_date == position.end_date == D(2026, 3, 31)
    assert position.history.first().history_user == officer


def test_position_end_on_the_start_day(cell, term, officer):
    position = _assign(_in(cell), R.CELL_SECRETARY, term, officer, cell=cell)
    positions.position_end(position=position, end_date=D(2025, 7, 1), by=officer)
    position.refresh_from_db()
    assert position.end_date == D(2025, 7, 1)


def test_position_end_refusals(cell, term, officer):
    position = _assign(_in(cell), R.CELL_SECRETARY, term, officer, cell=cell)
    errors = _refused(
        positions.position_end, position=position, end_date=D(2025, 6, 30), by=officer
    )
    assert "end_date" in errors
    position.refresh_from_db()
    assert position.end_date is None
    positions.position_end(position=position, end_date=D(2026, 3, 31), by=officer)
    with pytest.raises(ValidationError):
        positions.position_end(position=position, end_date=D(2026, 4, 30), by=officer)
    position.refresh_from_db()
    assert position.end_date == D(2026, 3, 31)


# --- the officer lists --------------------------------------------------------------------------


def test_current_officers_secretary_first(committee, cell, term, officer):
    # Created in reverse order of rank, names chosen against the rank order.
    member_b = _assign(
        _in(cell, "Nguyễn Văn Bình"), R.CELL_COMMITTEE_MEMBER, term, officer, cell=cell
    )
    member_a = _assign(_in(cell, "Trần Văn An"), R.CELL_COMMITTEE_MEMBER, term, officer, cell=cell)
    deputy = _assign(_in(cell, "Lê Văn Anh"), R.CELL_DEPUTY, term, officer, cell=cell)
    secretary = _assign(_in(cell, "Phạm Thị Yến"), R.CELL_SECRETARY, term, officer, cell=cell)
    # Not listed: an office that ended, one that starts later, another cell's secretary and a
    # committee office of a member of this cell.
    ended = _assign(_in(cell), R.CELL_DEPUTY, term, officer, cell=cell)
    positions.position_end(
        position=ended, end_date=timezone.localdate() - datetime.timedelta(days=1), by=officer
    )
    _assign(_in(cell), R.CELL_DEPUTY, term, officer, cell=cell, start_date=D(2030, 1, 1))
    other_cell = CellFactory(committee=committee)
    _assign(_in(other_cell), R.CELL_SECRETARY, term, officer, cell=other_cell)
    _assign(secretary.member, R.COMMITTEE_MEMBER, term, officer)

    assert current_officers(cell) == [secretary, deputy, member_a, member_b]


def test_current_committee_officers_secretary_first(committee, cell, term, officer):
    member = _assign(_in(cell, "Nguyễn Văn Bình"), R.COMMITTEE_MEMBER, term, officer)
    deputy = _assign(_in(cell, "Trần Văn An"), R.COMMITTEE_DEPUTY, term, officer)
    secretary = _assign(_in(cell, "Phạm Thị Yến"), R.COMMITTEE_SECRETARY, term, officer)
    _assign(_in(cell), R.CELL_SECRETARY, term, officer, cell=cell)  # a cell office: not listed
    ended = _assign(_in(cell), R.COMMITTEE_MEMBER, term, officer)
    positions.position_end(
        position=ended, end_date=timezone.localdate() - datetime.timedelta(days=1), by=officer
    )
    other_cell = CellFactory()
    _assign(
        _in(other_cell),
        R.COMMITTEE_SECRETARY,
        TermFactory(committee=other_cell.committee),
        officer,
    )

    assert current_committee_officers(committee) == [secretary, deputy, member]


def test_officer_lists_are_one_query(committee, cell, term, officer, django_assert_num_queries):
    for role in (R.CELL_SECRETARY, R.CELL_DEPUTY, R.CELL_COMMITTEE_MEMBER):
        _assign(_in(cell), role, term, officer, cell=cell)
    for role in (R.COMMITTEE_SECRETARY, R.COMMITTEE_MEMBER):
        _assign(_in(cell), role, term, officer)
    with django_assert_num_queries(1):
        names = [p.member.full_name for p in current_officers(cell)]
    assert len(names) == 3
    with django_assert_num_queries(1):
        names = [p.member.full_name for p in current_committee_officers(committee)]
    assert len(names) == 2


def test_current_positions_by_member(cell, term, officer):
    member = _in(cell)
    deputy = _assign(member, R.CELL_DEPUTY, term, officer, cell=cell)
    executive = _assign(member, R.COMMITTEE_MEMBER, term, officer)
    other = _in(cell)
    ended = _assign(other, R.CELL_COMMITTEE_MEMBER, term, officer, cell=cell)
    positions.position_end(position=ended, end_date=D(2025, 12, 31), by=officer)
    result = current_positions_by_member([member.pk, other.pk])
    assert set(result) == {member.pk}
    assert set(result[member.pk]) == {deputy, executive}
