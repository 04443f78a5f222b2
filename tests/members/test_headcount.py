"""members.selectors.cell_headcount: the numbers the minutes state (DOMAIN §4.4), at the edges.

The data is built through the services so that status events and memberships are as the app
records them.
"""

import datetime
import itertools

import pytest

from members import services, transfers
from members.models import Status, StatusEvent
from members.selectors import Headcount, cell_headcount
from tests.factories import CellFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)

_names = itertools.count()


def _create(cell, by, **data):
    values = {
        "full_name": f"Trần Thị Lan {next(_names)}",
        "date_of_birth": D(1990, 4, 12),
        "sex": "female",
        "admitted_on": D(2015, 3, 5),
        "status": Status.OFFICIAL,
        "recognised_on": D(2016, 3, 5),
    }
    values.update(data)
    values.setdefault("joined_on", values["admitted_on"])
    if values["status"] == Status.PROBATIONARY:
        values.pop("recognised_on")
    return services.member_create(committee=cell.committee, cell=cell, by=by, **values)


def _counts(headcount: Headcount) -> dict:
    return {
        "total": headcount.total,
        "official": headcount.official,
        "probationary": headcount.probationary,
        "exempted": headcount.exempted,
        "suspended": headcount.suspended,
        "temporary": headcount.temporary,
        "away": headcount.away,
    }


def _expect(**counts) -> dict:
    expected = dict.fromkeys(
        ("total", "official", "probationary", "exempted", "suspended", "temporary", "away"), 0
    )
    expected.update(counts)
    return expected


def test_empty_cell(cell):
    assert _counts(cell_headcount(cell, D(2026, 1, 1))) == _expect()


def test_admitted_that_very_day_is_counted_that_day_not_the_day_before(cell, officer):
    _create(
        cell,
        officer,
        status=Status.PROBATIONARY,
        admitted_on=D(2026, 3, 5),
        joined_on=D(2026, 3, 5),
    )
    assert _counts(cell_headcount(cell, D(2026, 3, 4))) == _expect()
    assert _counts(cell_headcount(cell, D(2026, 3, 5))) == _expect(total=1, probationary=1)


def test_moved_the_day_before_is_counted_in_the_new_cell_not_the_old(committee, cell, officer):
    new_cell = CellFactory(committee=committee)
    member = _create(cell, officer)
    _create(cell, officer)  # stays
    transfers.member_move(member=member, cell=new_cell, date=D(2026, 3, 5), by=officer)
    on = D(2026, 3, 6)
    assert _counts(cell_headcount(cell, on)) == _expect(total=1, official=1)
    assert _counts(cell_headcount(new_cell, on)) == _expect(total=1, official=1)
    # On the move day itself she is in the new cell; the day before, still in the old one.
    assert cell_headcount(cell, D(2026, 3, 5)).total == 1
    assert cell_headcount(new_cell, D(2026, 3, 5)).total == 1
    assert cell_headcount(cell, D(2026, 3, 4)).total == 2
    assert cell_headcount(new_cell, D(2026, 3, 4)).total == 0


def test_exempted_member_is_counted_in_exempted_and_total(cell, officer):
    member = _create(cell, officer)
    _create(cell, officer)
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.EXEMPTED, date=D(2026, 3, 5), by=officer
    )
    assert _counts(cell_headcount(cell, D(2026, 3, 4))) == _expect(total=2, official=2)
    assert _counts(cell_headcount(cell, D(2026, 3, 5))) == _expect(total=2, official=1, exempted=1)


def test_suspended_member_is_counted_in_suspended_and_total(cell, officer):
    member = _create(cell, officer, status=Status.PROBATIONARY, admitted_on=D(2025, 9, 1))
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.SUSPENDED, date=D(2026, 3, 5), by=officer
    )
    assert _counts(cell_headcount(cell, D(2026, 3, 5))) == _expect(total=1, suspended=1)
    assert _counts(cell_headcount(cell, D(2026, 3, 4))) == _expect(total=1, probationary=1)


def test_temporarily_transferred_out_is_away_not_in_total(cell, officer):
    member = _create(cell, officer)
    _create(cell, officer)
    transfers.transfer_record(
        member=member,
        direction="out",
        kind="temporary",
        date=D(2026, 3, 5),
        expected_return=D(2026, 9, 5),
        organisation="Trường Chính trị tỉnh Đắk Lắk",
        by=officer,
    )
    assert _counts(cell_headcount(cell, D(2026, 3, 5))) == _expect(total=1, official=1, away=1)
    assert _counts(cell_headcount(cell, D(2026, 3, 4))) == _expect(total=2, official=2)


def test_hosted_temporary_member_is_temporary_not_in_total(cell, officer):
    _create(cell, officer)
    _create(
        cell,
        officer,
        status=Status.TEMPORARY,
        joined_on=D(2026, 3, 5),
        arrived_from="Đảng bộ xã Cư Kty",
        letter_presented_on=D(2026, 3, 5),
    )
    assert _counts(cell_headcount(cell, D(2026, 3, 5))) == _expect(total=1, official=1, temporary=1)
    assert _counts(cell_headcount(cell, D(2026, 3, 4))) == _expect(total=1, official=1)


def test_member_who_left_before_the_date_is_not_counted(cell, officer):
    member = _create(cell, officer)
    _create(cell, officer)
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.OFFICIAL_OUT, date=D(2026, 3, 5), by=officer
    )
    assert _counts(cell_headcount(cell, D(2026, 3, 6))) == _expect(total=1, official=1)
    # Nor on the day she left: her status that day is "transferred out".
    assert _counts(cell_headcount(cell, D(2026, 3, 5))) == _expect(total=1, official=1)


def test_member_who_left_after_the_date_is_counted(cell, officer):
    member = _create(cell, officer)
    _create(cell, officer)
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.OFFICIAL_OUT, date=D(2026, 3, 5), by=officer
    )
    assert _counts(cell_headcount(cell, D(2026, 3, 4))) == _expect(total=2, official=2)


def test_past_headcount_uses_the_status_on_that_date(cell, officer):
    member = _create(cell, officer, status=Status.PROBATIONARY, admitted_on=D(2025, 1, 10))
    services.member_change_status(
        member=member, kind=StatusEvent.Kind.RECOGNISED, date=D(2026, 1, 15), by=officer
    )
    member.refresh_from_db()
    assert member.status == Status.OFFICIAL
    assert _counts(cell_headcount(cell, D(2025, 6, 1))) == _expect(total=1, probationary=1)
    assert _counts(cell_headcount(cell, D(2026, 1, 14))) == _expect(total=1, probationary=1)
    assert _counts(cell_headcount(cell, D(2026, 1, 15))) == _expect(total=1, official=1)
    assert _counts(cell_headcount(cell, D(2025, 1, 9))) == _expect()


def test_every_kind_at_once(committee, cell, officer):
    """One cell with each kind of member; the total is official + probationary + exempted +
    suspended."""
    _create(cell, officer)
    _create(cell, officer, status=Status.PROBATIONARY, admitted_on=D(2026, 1, 5))
    exempted, suspended, away, gone = (_create(cell, officer) for _ in range(4))
    for member, kind in (
        (exempted, StatusEvent.Kind.EXEMPTED),
        (suspended, StatusEvent.Kind.SUSPENDED),
        (away, StatusEvent.Kind.TEMPORARY_OUT),
        (gone, StatusEvent.Kind.DECEASED),
    ):
        services.member_change_status(member=member, kind=kind, date=D(2026, 2, 1), by=officer)
    _create(
        cell,
        officer,
        status=Status.TEMPORARY,
        joined_on=D(2026, 1, 20),
        arrived_from="Đảng bộ xã Cư Kty",
        letter_presented_on=D(2026, 1, 20),
    )
    # A member of another cell is not counted.
    _create(CellFactory(committee=committee), officer)
    assert _counts(cell_headcount(cell, D(2026, 2, 1))) == _expect(
        total=4, official=1, probationary=1, exempted=1, suspended=1, temporary=1, away=1
    )


@pytest.mark.parametrize("size", [5, 30])
def test_headcount_is_one_query(cell, officer, django_assert_num_queries, size):
    for i in range(size):
        _create(cell, officer, status=Status.PROBATIONARY if i % 3 else Status.OFFICIAL)
    with django_assert_num_queries(1):
        headcount = cell_headcount(cell, D(2026, 1, 1))
    assert headcount.total == size
    assert headcount.official == len(range(0, size, 3))
