"""`members.selectors.secretary_on`: who signs for a cell or the executive committee on a day."""

import datetime

import pytest

from members.selectors import secretary_on
from tests.factories import CellFactory, CommitteeFactory, MemberFactory, PositionFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_secretary_on_the_day_for_a_cell_and_for_the_executive():
    committee = CommitteeFactory()
    cell, other_cell = CellFactory(committee=committee), CellFactory(committee=committee)
    before = MemberFactory(committee=committee, full_name="Trần Văn Trước")
    after = MemberFactory(committee=committee, full_name="Lê Thị Sau")
    other = MemberFactory(committee=committee, full_name="Phạm Văn Khác")
    PositionFactory(member=before, cell=cell, start_date=D(2025, 7, 1), end_date=D(2026, 3, 31))
    PositionFactory(member=after, cell=cell, start_date=D(2026, 4, 1))
    PositionFactory(member=other, cell=other_cell, start_date=D(2025, 7, 1))
    PositionFactory(member=other, role="committee_secretary", start_date=D(2025, 7, 1))

    def for_cell(day):
        return secretary_on(committee_id=committee.pk, cell_id=cell.pk, day=day)

    assert for_cell(D(2026, 3, 31)) == "Trần Văn Trước"
    assert for_cell(D(2026, 4, 1)) == "Lê Thị Sau"
    assert for_cell(D(2025, 6, 30)) == ""
    assert secretary_on(committee_id=committee.pk, cell_id=None, day=D(2026, 1, 1)) == (
        "Phạm Văn Khác"
    )
    assert secretary_on(committee_id=CommitteeFactory().pk, cell_id=None, day=D(2026, 1, 1)) == ""
