"""The compliance matrix of many committees at once (`reports.measures.matrix.compliance_matrices`,
issue 22 item 2): each committee's matrix is the one `compliance_matrix` gives it, by its own
settings, and the queries do not grow with the number of committees."""

import copy
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.models import Committee, CommitteeSettings
from meetings.models import Minutes
from reports.measures.matrix import MinutesState as MS
from reports.measures.matrix import MonthState as S
from reports.measures.matrix import QuarterState as Q
from reports.measures.matrix import compliance_matrices, compliance_matrix
from tests.factories import CellFactory, CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025
TODAY = D(2025, 6, 20)


def held(cell, day, *, committee=None, kind="regular", status="held", approved=None):
    """A meeting of `cell` (None: the executive committee) on `day`, its minutes approved on
    `approved` (a date) or not."""
    meeting = MeetingFactory(
        committee=committee or cell.committee,
        cell=cell,
        body="cell" if cell else "executive",
        kind=kind,
        date=day,
        status=status,
    )
    if status == "held" or approved:
        Minutes.objects.create(
            meeting=meeting,
            state="approved" if approved else "draft",
            approved_at=(
                datetime.datetime.combine(approved, datetime.time(9), tzinfo=datetime.UTC)
                if approved
                else None
            ),
        )
    return meeting


@pytest.fixture(scope="module")
def world(module_db):
    """A: the default settings (meeting on the 5th, no grace days); B: meetings on the 15th;
    C: no cell; and 50 more committees of one cell and one meeting each."""
    a = CommitteeFactory(name="A")
    a1 = CellFactory(committee=a, code="A1", name="Chi bộ A1")
    CellFactory(committee=a, code="A2", name="Chi bộ A2", founded_on=D(2025, 3, 20))
    held(a1, D(2025, 1, 3), approved=D(2025, 1, 6))  # on time, approved on time
    held(a1, D(2025, 2, 12), approved=D(2025, 2, 25))  # late, approved late
    held(a1, D(2025, 2, 20), kind="topic")  # Q1's topic session
    held(a1, D(2025, 4, 4), status="published")  # never held: missed
    held(a1, D(2025, 5, 5))  # on time, minutes overdue
    held(None, D(2025, 1, 3), committee=a, approved=D(2025, 1, 4))
    b = CommitteeFactory(name="B")
    CommitteeSettings.objects.create(committee=b, meeting_day=15)
    b1 = CellFactory(committee=b, code="B1", name="Chi bộ B1")
    held(b1, D(2025, 2, 12))  # on time by B's day (the 14th, a Friday), late by A's
    c = CommitteeFactory(name="C")
    more = []
    for i in range(50):
        committee = CommitteeFactory(name=f"Z{i:02d}")
        held(CellFactory(committee=committee), D(2025, 3, 5 + i % 10))
        more.append(committee.pk)
    return {"a": a.pk, "b": b.pk, "c": c.pk, "more": more}


@pytest.fixture
def w(world, db):
    return copy.deepcopy(world)


def fresh(*pks):
    """The committees again, without cached settings, in the order asked."""
    found = Committee.objects.in_bulk(pks)
    return [found[pk] for pk in pks]


def states(row):
    return [box.state for box in row.months]


def test_each_committee_gets_the_matrix_compliance_matrix_gives_it(w):
    pks = [w["a"], w["b"], w["c"], *w["more"][:3]]
    many = compliance_matrices(fresh(*pks), YEAR, today=TODAY)
    assert list(many) == pks
    for committee in fresh(*pks):
        assert many[committee.pk] == compliance_matrix(committee, YEAR, today=TODAY)


def test_the_rows_and_boxes_by_each_committees_own_settings(w):
    many = compliance_matrices(fresh(w["a"], w["b"], w["c"]), YEAR, today=TODAY)
    a, b, c = many[w["a"]], many[w["b"]], many[w["c"]]
    assert [row.key for row in a.rows][-1] == "executive"
    a1, a2, executive = a.rows
    assert a1.name == "Chi bộ A1"
    assert states(a1) == [S.ON_TIME, S.LATE, S.MISSED, S.MISSED, S.ON_TIME] + [S.UPCOMING] * 7
    assert [box.minutes for box in a1.months[:5]] == [
        MS.APPROVED, MS.APPROVED_LATE, MS.NONE, MS.NONE, MS.OVERDUE,
    ]  # fmt: skip
    assert a1.months[3].meeting_status == "published"
    assert [box.state for box in a1.quarters] == [Q.HELD, Q.UPCOMING, Q.UPCOMING, Q.UPCOMING]
    assert states(a2)[:5] == [S.NOT_APPLICABLE] * 3 + [S.MISSED] * 2
    assert states(executive)[:3] == [S.ON_TIME, S.MISSED, S.MISSED]
    # B meets on the 15th: 12 February is on time there (it would be late in A).
    assert a.scheduled[1] == D(2025, 2, 5) and b.scheduled[1] == D(2025, 2, 14)
    assert states(b.rows[0])[:6] == [S.MISSED, S.ON_TIME, S.MISSED, S.MISSED, S.MISSED, S.UPCOMING]
    # No cell: the executive committee's row only.
    assert [row.key for row in c.rows] == ["executive"]


def test_no_committee_no_matrix_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert compliance_matrices([], YEAR, today=TODAY) == {}


def count(committees, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        compliance_matrices(committees, YEAR, today=TODAY, **kwargs)
    return len(queries)


def test_the_queries_do_not_grow_with_the_committees(w):
    """5 and 50 committees: the settings, the cells, the meetings, the topic sessions."""
    few, many = fresh(*w["more"][:5]), fresh(*w["more"])
    assert count(few) == count(many) == 4
    # Settings given, or carried by the committees: three.
    assert count(many, rules={c.pk: CommitteeSettings(committee=c) for c in many}) == 3
    carried = list(Committee.objects.filter(pk__in=w["more"]).select_related("rules"))
    assert count(carried) == 3


def test_one_committee_still_costs_three_queries(w, django_assert_num_queries):
    (committee,) = Committee.objects.filter(pk=w["a"]).select_related("rules")
    with django_assert_num_queries(3):
        compliance_matrix(committee, YEAR, today=TODAY)
