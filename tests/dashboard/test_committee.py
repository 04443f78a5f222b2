"""The committee dashboard's charts and alerts (issue 10 item 1): the package
`dashboard/committee/`, on the hand-built year of `tests/reports/committee_year.py` (the matrix
and the key numbers they read are tested in `tests/reports/`). Then the settings that move the
lines, and the query count — matrix, key numbers, charts and alerts together — for 2 cells ×
3 months against 10 cells × 12 months.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cells.services import rules_update
from dashboard.committee.alerts import (
    AbsenceAlert,
    MinutesAlert,
    MissedAlert,
    ProbationAlert,
    ResidenceAlert,
)
from dashboard.committee.alerts import alerts as committee_alerts
from dashboard.committee.charts import (
    attendance_chart,
    documents_chart,
    quality_chart,
    ratings_chart,
    tasks_chart,
)
from meetings.models import (
    Attendance,
    Body,
    Document,
    Kind,
    Meeting,
    Minutes,
    ReadReceipt,
    Task,
    TaskAssignment,
)
from members.models import CellMembership
from reports.measures.matrix import compliance_matrix
from reports.measures.numbers import key_numbers
from reviews.models import Evaluation
from tests.factories import (
    CellFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
)
from tests.reports.committee_year import (
    TODAY,
    YEAR,
    D,
    P,
    T,
    at,
    fresh,
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


# --- the charts ---------------------------------------------------------------------------------


def charts(w, today=TODAY):
    committee = fresh(w.committee)
    m = compliance_matrix(committee, YEAR, today=today)
    return m, committee


def values(chart):
    return [s.values for s in chart.series]


def test_attendance_chart(w):
    m, committee = charts(w)
    chart = attendance_chart(committee, YEAR, m)
    assert (chart.key, chart.kind, chart.unit, chart.stacked) == ("attendance", "line", "%", False)
    assert chart.labels == [f"M{n}" for n in range(1, 13)]
    assert [s.label for s in chart.series] == [r.name for r in m.rows]
    none = [None] * 8
    assert values(chart) == [
        [P("75.0"), P("50.0"), None, P("75.0"), *none],  # A: 3/4, 2/4 (one excused), —, 3/4
        [P("50.0"), P("50.0"), P("100.0"), None, *none],  # B (not the topic session of April)
        [None] * 12,
        [P("100.0"), None, P("100.0"), None, *none],
    ]
    assert chart.as_json() == {
        "type": "line",
        "unit": "%",
        "stacked": False,
        "labels": chart.labels,
        "datasets": [
            {"label": s.label, "data": [None if v is None else float(v) for v in s.values]}
            for s in chart.series
        ],
    }
    assert chart.as_json()["datasets"][0]["data"][:3] == [75.0, 50.0, None]


def test_documents_chart(w):
    m, committee = charts(w)
    chart = documents_chart(committee, YEAR, m)
    assert (chart.key, chart.kind, chart.unit) == ("documents", "line", "%")
    assert chart.labels == [f"M{n}" for n in range(1, 13)]
    # A's January: An1 and Dự opened a live document before 16:30 local (An2 after, An3 only an
    # archived one, Bình1 is not on the sheet): 2 of 4. February: only an archived document.
    # B's March: a document nobody opened.
    assert values(chart) == [
        [P("50.0")] + [None] * 11,
        [None, None, P("0.0")] + [None] * 9,
        [None] * 12,
        [None] * 12,
    ]
    assert chart.as_json()["datasets"][1]["data"][2] == 0.0
    assert not chart.is_empty


def test_tasks_chart(w):
    m, committee = charts(w)
    chart = tasks_chart(committee, YEAR, m, today=TODAY)
    assert (chart.key, chart.kind, chart.stacked) == ("tasks", "bar", True)
    assert chart.labels == [r.name for r in m.rows]
    assert [s.label for s in chart.series] == ["Done", "Open", "Overdue"]
    # A: An1 done, An2 open (31/12), An3 overdue; B: Bình1 done, Bình2 cancelled (left out),
    # the task due in 2026 left out; the executive committee: An1's check overdue.
    assert values(chart) == [[1, 1, 0, 0], [1, 0, 0, 0], [1, 0, 0, 1]]
    assert chart.as_json()["datasets"][2] == {"label": "Overdue", "data": [1.0, 0.0, 0.0, 1.0]}
    # Earlier in the year nothing was overdue yet.
    early = tasks_chart(committee, YEAR, m, today=D(2025, 2, 1))
    assert values(early) == [[1, 1, 0, 0], [2, 0, 0, 1], [0, 0, 0, 0]]


def test_quality_chart(w):
    m, committee = charts(w)
    chart = quality_chart(committee, YEAR, m)
    assert (chart.key, chart.kind, chart.stacked) == ("quality", "bar", True)
    assert chart.labels == [r.name for r in m.rows]
    assert [s.label for s in chart.series] == ["Good", "Fair", "Average", "Poor"]
    # A: 100 (January), 70 (February); B: 55, 35 and the topic session 100 (any kind counts;
    # January has no score); the executive committee: 95.
    assert values(chart) == [[1, 1, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0]]


def test_quality_chart_uses_the_committees_bands(w):
    rules_update(committee=w.committee, by=w.by, quality_fair_min=75, quality_average_min=60)
    m, committee = charts(w)
    chart = quality_chart(committee, YEAR, m)
    # A's 70 is now Average, B's 55 Poor.
    assert values(chart) == [[1, 1, 0, 1], [0, 0, 0, 0], [1, 0, 0, 0], [0, 2, 0, 0]]


def test_ratings_chart(w):
    chart = ratings_chart(fresh(w.committee), YEAR)
    assert (chart.key, chart.kind) == ("ratings", "bar")
    assert chart.labels == ["Completed excellently", "Completed well", "Completed", "Not completed"]
    assert [s.label for s in chart.series] == ["Members"]
    assert values(chart) == [[1, 2, 0, 1]]  # not the undecided one, the unrated one, nor 2024
    assert chart.as_json()["datasets"] == [{"label": "Members", "data": [1.0, 2.0, 0.0, 1.0]}]
    assert ratings_chart(fresh(w.committee), 2024).series[0].values == [0, 1, 0, 0]
    assert ratings_chart(fresh(w.committee), 2023).is_empty


# --- alerts -------------------------------------------------------------------------------------


def alerts(w, today=TODAY, year=YEAR):
    committee = fresh(w.committee)
    m = compliance_matrix(committee, year, today=today)
    return committee_alerts(committee, year, m, today=today)


def test_alerts(w):
    found = alerts(w)
    assert found.probation == [
        ProbationAlert(w.p3.pk, "Phạm Thị Cb", "Chi bộ C", D(2025, 3, 1), -50),
        ProbationAlert(w.p2.pk, "Phạm Thị Ca", "Chi bộ C", D(2025, 5, 1), 11),
    ]  # not Dự, whose probation ends on 01/12/2025
    assert found.absences == [AbsenceAlert(w.a2.pk, "Lê Văn An2", "Chi bộ A", 3)]
    assert found.residence == [
        ResidenceAlert(w.a.pk, "Chi bộ A", 1, ["Lê Văn An2"]),  # requested only
        ResidenceAlert(w.b.pk, "Chi bộ B", 2, ["Trần Văn Bình1", "Trần Văn Bình2"]),
        ResidenceAlert(w.c.pk, "Chi bộ C", 2, ["Phạm Thị Ca", "Phạm Thị Cb"]),
    ]  # Dự is a student; Cb's comment is of 2024
    assert found.missed == [
        MissedAlert(f"cell-{w.a.pk}", "Chi bộ A", [3], [1]),
        MissedAlert("executive", "Executive committee", [2], []),
    ]
    assert found.minutes == [
        MinutesAlert(w.b_jan.pk, "Chi bộ B", D(2025, 1, 3), 107),
        MinutesAlert(w.x_mar.pk, "Executive committee", D(2025, 3, 5), 46),
        MinutesAlert(w.b_topic.pk, "Chi bộ B", D(2025, 4, 10), 10),
    ]  # not A's April meeting (5 days)
    assert found.count == 2 + 1 + 3 + 2 + 3


def test_absence_flag_count_setting(w):
    rules_update(committee=w.committee, by=w.by, absence_flag_count=4)
    assert alerts(w).absences == []
    rules_update(committee=w.committee, by=w.by, absence_flag_count=2)
    # Bình1 missed two regular meetings (the topic session does not count).
    assert [(a.name, a.unexcused) for a in alerts(w).absences] == [
        ("Lê Văn An2", 3),
        ("Trần Văn Bình1", 2),
    ]


def test_minutes_alerts_follow_the_approval_days(w):
    rules_update(committee=w.committee, by=w.by, minutes_approval_days=10)
    assert [a.meeting_id for a in alerts(w).minutes] == [w.b_jan.pk, w.x_mar.pk]


def test_probation_warning_days_setting(w):
    rules_update(committee=w.committee, by=w.by, probation_warning_days=10)
    assert [a.member_id for a in alerts(w).probation] == [w.p3.pk]
    rules_update(committee=w.committee, by=w.by, probation_warning_days=365)
    assert [a.member_id for a in alerts(w).probation] == [w.p3.pk, w.p2.pk, w.p.pk]


def test_alerts_of_another_year(w):
    # 2024 seen in 2025: no probation alerts (they are about today), residence of 2024 (Cb's is
    # received), nothing held nor missed... every 2024 month missed for every row.
    found = alerts(w, year=2024)
    assert found.probation == [] and found.absences == [] and found.minutes == []
    assert [(a.cell_name, a.missing) for a in found.residence] == [
        ("Chi bộ A", 3),
        ("Chi bộ B", 2),
        ("Chi bộ C", 1),
    ]
    assert [a.months for a in found.missed] == [list(range(1, 13))] * 3  # A, B, executive
    # Next year: nothing about residence yet.
    assert alerts(w, year=2026).residence == []


def test_residence_alert_follows_the_cell_of_the_roll_day(w):
    CellMembership.objects.filter(member=w.b2).update(end_date=D(2025, 4, 1))
    CellMembership.objects.create(member=w.b2, cell=w.a, start_date=D(2025, 4, 2))
    assert [(a.cell_name, a.names) for a in alerts(w).residence][:2] == [
        ("Chi bộ A", ["Lê Văn An2", "Trần Văn Bình2"]),
        ("Chi bộ B", ["Trần Văn Bình1"]),
    ]


# --- the number of queries ----------------------------------------------------------------------


def _bulk_year(committee, n_cells: int, n_months: int):
    """n cells, each with one member, holding the first n months' regular meetings (approved or
    not, scored, with a document opened, a task), a topic session per quarter, and the executive
    committee's meetings — through bulk writes (fast; the selectors only read)."""
    term = TermFactory(committee=committee, start_date=D(2020, 7, 1), end_date=D(2025, 6, 30))
    cells = [
        CellFactory(committee=committee, code=f"Q{n:02d}", name=f"Chi bộ Q{n:02d}")
        for n in range(n_cells)
    ]
    members = [MemberFactory(committee=committee, cell=cell) for cell in cells]
    PositionFactory(
        member=members[0], role="committee_secretary", term=term, start_date=D(2020, 1, 1)
    )
    plans = []
    for month in range(1, n_months + 1):
        day = D(YEAR, month, 5 + month % 3)
        holders = [*zip(cells, members, strict=True), (None, members[0])]
        for cell, member in holders:
            plans.append((cell, member, Kind.REGULAR, day))
            if cell and month % 3 == 0:
                plans.append((cell, member, Kind.TOPIC, day + datetime.timedelta(days=1)))
    meetings = Meeting.objects.bulk_create(
        Meeting(
            committee=committee,
            body=Body.CELL if cell else Body.EXECUTIVE,
            cell=cell,
            kind=kind,
            topic="Chuyên đề" if kind == Kind.TOPIC else "",
            date=day,
            month=day.replace(day=1),
            start_time=T(16, 30),
            status="approved" if day.month % 2 else "held",
        )
        for cell, member, kind, day in plans
    )
    Minutes.objects.bulk_create(
        Minutes(
            meeting=meeting,
            state="approved" if meeting.status == "approved" else "draft",
            approved_at=at(meeting.date, 20) if meeting.status == "approved" else None,
            quality_preparation=10 + n % 5,
            quality_attendance=15,
            quality_conduct=40,
            quality_closing=15,
        )
        for n, meeting in enumerate(meetings)
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member=member,
            member_status="official",
            # Absent without reason from the cell's regular meetings of odd months.
            status="unexcused"
            if meeting.cell_id and meeting.kind == Kind.REGULAR and meeting.date.month % 2
            else "present",
        )
        for meeting, (_cell, member, _kind, _day) in zip(meetings, plans, strict=True)
    )
    docs = Document.objects.bulk_create(
        Document(
            meeting=meeting,
            title="Dự thảo",
            file="meetings/x.pdf",
            original_name="x.pdf",
            kind="pdf",
            size=1,
        )
        for meeting in meetings
    )
    ReadReceipt.objects.bulk_create(
        ReadReceipt(document=doc, member=member)
        for doc, (_cell, member, _kind, _day) in zip(docs, plans, strict=True)
    )
    task_rows = Task.objects.bulk_create(
        Task(
            committee=committee,
            cell=meeting.cell,
            meeting=meeting,
            title="Việc",
            deadline=meeting.date + datetime.timedelta(days=20),
        )
        for meeting in meetings
    )
    TaskAssignment.objects.bulk_create(
        TaskAssignment(
            task=task,
            member=member,
            status="done" if n % 3 == 0 else "open",
            done_on=task.deadline if n % 3 == 0 else None,
        )
        for n, (task, (_cell, member, _kind, _day)) in enumerate(zip(task_rows, plans, strict=True))
    )
    Evaluation.objects.bulk_create(
        Evaluation(committee=committee, member=member, cell=cell, year=YEAR, final_rating="good")
        for cell, member in zip(cells, members, strict=True)
    )
    return len(meetings)


def _run_everything(committee, today):
    m = compliance_matrix(committee, YEAR, today=today)
    results = [
        m,
        key_numbers(committee, YEAR, m),
        attendance_chart(committee, YEAR, m),
        documents_chart(committee, YEAR, m),
        tasks_chart(committee, YEAR, m),
        quality_chart(committee, YEAR, m),
        ratings_chart(committee, YEAR),
        committee_alerts(committee, YEAR, m),
    ]
    for chart in results[2:7]:
        chart.as_json()
    return results


def test_the_queries_do_not_grow_with_cells_and_months(committee, other_committee):
    today = D(2025, 12, 20)
    few_count = _bulk_year(committee, 2, 3)
    many_count = _bulk_year(other_committee, 10, 12)
    assert (few_count, many_count) == (2 * 3 + 2 + 3, 10 * 12 + 10 * 4 + 12)
    committee, other_committee = fresh(committee), fresh(other_committee)
    with CaptureQueriesContext(connection) as few:
        small = _run_everything(committee, today)
    with CaptureQueriesContext(connection) as many:
        large = _run_everything(other_committee, today)
    assert len(few) == len(many)
    # The settings, three for the matrix, three for the key numbers, one per chart (two for the
    # documents), nine for the alerts (six of them the Charter's two flags, `dashboard.flags`).
    assert len(few) == 1 + 3 + 3 + 1 + 2 + 1 + 1 + 1 + 9
    # The data was really there: every row and month filled in the large one.
    large_matrix, large_numbers = large[0], large[1]
    assert len(large_matrix.rows) == 11
    assert large_numbers.meetings_held == 11 * 12
    assert large_numbers.topics_held == 40
    assert all(v is not None for s in large[2].series for v in s.values)
    assert all(v == P("0.0") for s in large[3].series for v in s.values)  # opened "now": after
    assert sum(sum(s.values) for s in large[4].series) == 10 * 12 + 10 * 4 + 12
    assert sum(sum(s.values) for s in large[5].series) == 10 * 12 + 10 * 4 + 12
    assert large[6].series[0].values == [0, 10, 0, 0]
    assert [a.unexcused for a in large[7].absences] == [6] * 10  # Jan, Mar, …, Nov
    assert small[7].absences == []  # January and March only: 2 < 3
    assert small[1].meetings_held == 3 * 3
    assert [a.months for a in large[7].missed] == []
