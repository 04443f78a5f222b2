"""The compliance matrix (`reports/measures/matrix.py`, issue 10 item 1) on the hand-built year of
`tests/reports/committee_year.py`, and the settings that move its lines."""

import pytest
from django.utils import translation

from cells.models import Committee
from cells.services import rules_update
from meetings.models import (
    Document,
    Kind,
    Meeting,
)
from reports.measures.matrix import MinutesState as MS
from reports.measures.matrix import MonthState as S
from reports.measures.matrix import QuarterState as Q
from tests.factories import (
    CellFactory,
)
from tests.reports.committee_year import (
    TODAY,
    YEAR,
    D,
    add_document,
    hold,
    matrix,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Labels are compared in English (the source strings)."""
    with translation.override("en"):
        yield


@pytest.fixture
def w(committee_year, db):
    return committee_year


def row(m, key):
    return next(r for r in m.rows if r.key == key)


def states(r):
    return [box.state for box in r.months]


def minutes_states(r):
    return [box.minutes for box in r.months]


def quarters(r):
    return [box.state for box in r.quarters]


UP = [S.UPCOMING]
NA = [S.NOT_APPLICABLE]


# --- the compliance matrix ----------------------------------------------------------------------


def test_matrix_rows_cells_by_code_then_the_executive_committee(w):
    m = matrix(w)
    assert [r.key for r in m.rows] == [
        f"cell-{w.a.pk}",
        f"cell-{w.b.pk}",
        f"cell-{w.c.pk}",
        "executive",
    ]
    assert [r.name for r in m.rows] == ["Chi bộ A", "Chi bộ B", "Chi bộ C", "Executive committee"]
    assert [r.cell_id for r in m.cell_rows] == [w.a.pk, w.b.pk, w.c.pk]
    assert m.year == YEAR and m.today == TODAY
    assert m.scheduled[0] == D(2025, 1, 3)  # the 5th is a Sunday: the Friday before
    assert m.scheduled[3] == D(2025, 4, 4)
    assert m.scheduled[1] == D(2025, 2, 5)
    assert all(len(r.months) == 12 and len(r.quarters) == 4 for r in m.rows)


def test_matrix_month_states(w):
    m = matrix(w)
    a, b, c, x = m.rows
    assert states(a) == [S.ON_TIME, S.LATE, S.MISSED, S.LATE] + UP * 8
    assert states(b) == [S.ON_TIME] * 3 + UP * 9
    assert states(c) == NA * 5 + UP * 7  # founded 20/05: May's meeting day came before
    assert states(x) == [S.ON_TIME, S.MISSED, S.ON_TIME] + UP * 9
    assert a.count(S.LATE) == 2 and a.count(S.MISSED) == 1


def test_matrix_boxes_carry_their_meeting(w):
    a = matrix(w).rows[0]
    jan, feb, mar, apr = a.months[:4]
    assert (jan.meeting_id, jan.date, jan.meeting_status) == (w.a_jan.pk, D(2025, 1, 3), "approved")
    assert (apr.meeting_id, apr.meeting_status) == (w.a_apr.pk, "held")
    assert (mar.meeting_id, mar.date, mar.meeting_status, mar.minutes) == (None, None, "", "")
    assert all(box.url == "" for box in a.months)
    assert jan.state_label == "Held on time" and feb.minutes_label == "Minutes approved late"


def test_matrix_boxes_say_what_was_late(w):
    """Issue 17 item 11: a box says whether its meeting was published late and how many of its
    documents (not archived) were added after the deadline."""
    Meeting.objects.filter(pk=w.a_jan.pk).update(published_late=True)
    late = add_document(w.a_feb, "Bổ sung")
    gone = add_document(w.a_feb, "Bỏ", archived=True)
    add_document(w.a_feb, "Đúng hạn")
    Document.objects.filter(pk__in=[late.pk, gone.pk]).update(added_late=True)
    jan, feb, mar = matrix(w).rows[0].months[:3]
    assert (jan.published_late, jan.documents_late) == (True, 0)
    assert (feb.published_late, feb.documents_late) == (False, 1)
    assert (mar.published_late, mar.documents_late) == (False, 0)


def test_matrix_minutes_states(w):
    a, b, _c, x = matrix(w).rows
    # A: approved 3 days after; 13 days after (> 7); none; 5 days pending.
    assert minutes_states(a)[:4] == [MS.APPROVED, MS.APPROVED_LATE, MS.NONE, MS.PENDING]
    # B: January never approved (107 days): overdue.
    assert minutes_states(b)[:4] == [MS.OVERDUE, MS.APPROVED, MS.APPROVED, MS.NONE]
    assert minutes_states(x)[:3] == [MS.APPROVED, MS.NONE, MS.OVERDUE]


def test_matrix_topic_quarters(w):
    a, b, c, x = matrix(w).rows
    assert quarters(a) == [Q.MISSING, Q.UPCOMING, Q.UPCOMING, Q.UPCOMING]
    # Q1 with February's meeting; Q2 already held on 10/04 though the quarter is not over.
    assert quarters(b) == [Q.HELD, Q.HELD, Q.UPCOMING, Q.UPCOMING]
    assert [(box.held, box.required) for box in b.quarters] == [(1, 1), (1, 1), (0, 1), (0, 1)]
    assert quarters(c) == [Q.NOT_APPLICABLE, Q.UPCOMING, Q.UPCOMING, Q.UPCOMING]
    assert quarters(x) == [Q.NOT_APPLICABLE] * 4


def test_a_topic_session_counts_for_the_quarter_it_names(w):
    # Held in April for Q1: B's first quarter now has two.
    hold(w, cell=w.b, day=D(2025, 4, 2), kind=Kind.TOPIC, topic="Bù", topic_quarter=1)
    b = matrix(w).rows[1]
    assert [box.held for box in b.quarters] == [2, 1, 0, 0]


def test_a_past_year_is_all_due(w):
    a, b, c, _x = matrix(w, today=D(2026, 3, 1)).rows
    assert states(a) == [S.ON_TIME, S.LATE, S.MISSED, S.LATE] + [S.MISSED] * 8
    assert states(b) == [S.ON_TIME] * 3 + [S.MISSED] * 9
    assert states(c) == NA * 5 + [S.MISSED] * 7
    assert quarters(b) == [Q.HELD, Q.HELD, Q.MISSING, Q.MISSING]
    assert quarters(c) == [Q.NOT_APPLICABLE, Q.MISSING, Q.MISSING, Q.MISSING]


def test_a_month_is_due_once_its_last_day_has_passed(w):
    assert matrix(w, today=D(2025, 3, 31)).rows[0].months[2].state == S.UPCOMING
    assert matrix(w, today=D(2025, 4, 1)).rows[0].months[2].state == S.MISSED


def test_a_future_year_is_all_upcoming(w):
    m = matrix(w, year=2027)
    assert states(m.rows[0]) == UP * 12
    assert quarters(m.rows[0]) == [Q.UPCOMING] * 4
    assert m.scheduled[0] == D(2027, 1, 5)


def test_rows_are_the_cells_that_exist_that_year(w):
    gone = CellFactory(
        committee=w.committee,
        code="D1",
        status="dissolved",
        founded_on=D(2010, 1, 1),
        dissolved_on=D(2025, 2, 10),
    )
    CellFactory(committee=w.committee, code="E1", status="dissolved", dissolved_on=D(2024, 12, 31))
    CellFactory(committee=w.committee, code="F1", founded_on=D(2026, 1, 1))
    CellFactory(code="G1")  # another committee's
    m = matrix(w)
    assert [r.cell_id for r in m.cell_rows] == [w.a.pk, w.b.pk, w.c.pk, gone.pk]
    # Dissolved on 10/02: it still owed February's meeting (05/02), nothing after.
    assert states(row(m, f"cell-{gone.pk}")) == [S.MISSED, S.MISSED] + NA * 10
    assert quarters(row(m, f"cell-{gone.pk}")) == [Q.MISSING] + [Q.NOT_APPLICABLE] * 3


def test_the_executive_row_starts_with_the_committee(w):
    Committee.objects.filter(pk=w.committee.pk).update(founded_on=D(2025, 3, 10))
    x = matrix(w).rows[-1]
    assert states(x)[:4] == NA * 3 + UP
    # A month that does not apply still links its meeting.
    assert (x.months[0].meeting_id, x.months[0].minutes) == (w.x_jan.pk, MS.APPROVED)


# --- the settings move the lines ---------------------------------------------------------------


def test_grace_days_turn_a_late_meeting_on_time(w):
    rules_update(committee=w.committee, by=w.by, late_grace_days=7)
    a = matrix(w).rows[0]
    # 12/02 is 7 days after 05/02: on time now; 15/04 is 11 days after 04/04: still late.
    assert states(a)[:4] == [S.ON_TIME, S.ON_TIME, S.MISSED, S.LATE]


def test_approval_days_decide_approved_late(w):
    rules_update(committee=w.committee, by=w.by, minutes_approval_days=14)
    a, b, _c, _x = matrix(w).rows
    assert a.months[1].minutes == MS.APPROVED  # 13 days
    assert b.months[0].minutes == MS.OVERDUE  # still 107 days
    rules_update(committee=w.committee, by=w.by, minutes_approval_days=12)
    assert matrix(w).rows[0].months[1].minutes == MS.APPROVED_LATE


def test_pending_minutes_become_overdue_after_the_approval_days(w):
    # A's April meeting (15/04), not approved: 7 days is still pending, 8 overdue.
    assert matrix(w, today=D(2025, 4, 22)).rows[0].months[3].minutes == MS.PENDING
    assert matrix(w, today=D(2025, 4, 23)).rows[0].months[3].minutes == MS.OVERDUE


def test_two_topic_sessions_a_quarter(w):
    rules_update(committee=w.committee, by=w.by, topic_sessions_per_quarter=2)
    b = matrix(w).rows[1]
    assert quarters(b) == [Q.MISSING, Q.UPCOMING, Q.UPCOMING, Q.UPCOMING]
    assert [(box.held, box.required) for box in b.quarters[:2]] == [(1, 2), (1, 2)]


def test_the_meeting_day_setting_moves_the_schedule(w):
    rules_update(committee=w.committee, by=w.by, meeting_day=2)
    _a, b, _c, x = matrix(w).rows
    # 03/01 is now after the 2nd: late; B's 05/02 and 05/03 too.
    assert states(b)[:3] == [S.LATE] * 3
    assert states(x)[0] == S.LATE
