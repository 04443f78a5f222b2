"""The hand-built year the superior's view is tested on (issue 22 item 2 and 4):
`tests/reports/test_superior.py` and `tests/reports/test_views_superior.py` build it once per
module. 2025, seen on 25 October 2025; records made directly (fast), the rules through the real
selectors.

- The commune (reports due by the 20th) has had `school` since 2001 and `moved` since 1 July 2025
  (before, `moved` was under the district); `later` comes under it only in 2026. The ward has the
  `clinic`.
- school: cell S1 holds its meeting on time every month but February (late) and March (missed),
  October to come; the executive committee every month to September on time. A topic session in
  February (Q1). Minutes approved the day after, but February's late (25/02) and September's
  S1 never (overdue). Members: three official (o1, o2, o3), one probationary admitted 10/03/2025;
  o1 absent without reason three times (flagged), o3 twice (not: the setting is 3), o2 never pays
  her fees (flagged), o3 pays every month. The committee remitted 500.000 đ for January and
  600.000 đ for February to its superior (and 700.000 đ for March, reversed). Monthly reports:
  January submitted on 18/02 (on time), February on 25/03 (late; a correction on 28/03), March a
  draft; the first quarter's report on 10/04 (on time).
- moved (absence flag at 2): cell M1 holds July and September, misses August (and all before);
  its executive committee January to September. Members: m1 official (absent twice: flagged),
  mp probationary admitted 01/03/2025 (under the district), mq admitted 01/08/2025. Remitted
  300.000 đ for April (district) and 400.000 đ for August (commune). Monthly reports: March
  (04/04, to the district) and July (15/08) submitted.
"""

import datetime
from types import SimpleNamespace

from cells.models import CommitteeSettings
from meetings.models import Attendance, Minutes
from meetings.planning.schedule import scheduled_day
from members.models import Status
from reports.models import PeriodReport
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MeetingFactory,
    MemberFactory,
    RemittanceFactory,
    SuperiorBodyFactory,
    SuperiorFactory,
    SuperiorRoleFactory,
    UserFactory,
)

D = datetime.date
YEAR = 2025
TODAY = D(2025, 10, 25)
MOVE = D(2025, 7, 1)


def on(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def meeting(committee, cell, day, *, kind="regular", status="held", approved=None):
    """A meeting of `cell` (None: the executive committee); its minutes approved on `approved`,
    or not approved (held)."""
    found = MeetingFactory(
        committee=committee,
        cell=cell,
        body="cell" if cell else "executive",
        kind=kind,
        date=day,
        status=status,
    )
    if status == "held":
        Minutes.objects.create(
            meeting=found,
            state="approved" if approved else "draft",
            approved_at=on(approved) if approved else None,
        )
    return found


def monthly(committee, cell, months, *, skip=(), late=None, unapproved=()):
    """The regular meetings of `months` on their scheduled day (5th), minutes approved the day
    after; `late` = {month: day held}."""
    found = {}
    for month in months:
        if month in skip:
            continue
        day = (late or {}).get(month) or scheduled_day(YEAR, month, 5)
        approved = None if month in unapproved else day + datetime.timedelta(days=1)
        found[month] = meeting(committee, cell, day, approved=approved)
    return found


def absent(meetings, member):
    for found in meetings:
        Attendance.objects.create(
            meeting=found, member=member, member_status=member.status, status="unexcused"
        )


def report(committee, superior, by, month, submitted, *, kind="month", version=1, months=1):
    start = D(YEAR, month, 1)
    end_month = month + months - 1
    end = (D(YEAR, end_month + 1, 1) if end_month < 12 else D(YEAR + 1, 1, 1)) - datetime.timedelta(
        days=1
    )
    return PeriodReport.objects.create(
        committee=committee,
        kind=kind,
        period_start=start,
        period_end=end,
        superior=superior,
        number=month if kind == "month" else 20 + month,
        number_year=YEAR,
        version=version,
        correction_reason="Sửa số liệu" if version > 1 else "",
        status="submitted" if submitted else "draft",
        issued_on=submitted or end,
        created_by=by,
        submitted_at=on(submitted) if submitted else None,
        submitted_by=by if submitted else None,
        figures={} if submitted else None,
    )


def build_world():
    w = SimpleNamespace()
    by = UserFactory()
    w.commune = SuperiorFactory(name="Đảng ủy xã Yang Kang", report_deadline_day=20)
    w.district = SuperiorFactory(name="Huyện ủy Krông Bông", kind="district")
    w.ward = SuperiorFactory(name="Đảng ủy phường Ea Tam", kind="ward")
    w.school = CommitteeFactory(name="Đảng bộ A Trường THPT")
    w.moved = CommitteeFactory(name="Đảng bộ B Trường THCS")
    w.later = CommitteeFactory(name="Đảng bộ C Trường Tiểu học")
    w.clinic = CommitteeFactory(name="Đảng bộ Trạm Y tế")
    body = SuperiorBodyFactory
    body(committee=w.school, superior=w.commune, name=w.commune.name, valid_from=D(2001, 2, 23))
    body(
        committee=w.moved, superior=w.district, name=w.district.name,
        valid_from=D(2001, 2, 23), valid_until=MOVE - datetime.timedelta(days=1),
    )  # fmt: skip
    body(committee=w.moved, superior=w.commune, name=w.commune.name, valid_from=MOVE)
    body(committee=w.later, superior=w.commune, name=w.commune.name, valid_from=D(2026, 1, 1))
    body(committee=w.clinic, superior=w.ward, name=w.ward.name, valid_from=D(2015, 1, 1))
    CommitteeSettings.objects.create(committee=w.moved, absence_flag_count=2)
    w.officer = SuperiorRoleFactory(superior=w.commune).user
    w.district_officer = SuperiorRoleFactory(superior=w.district).user
    w.ward_officer = SuperiorRoleFactory(superior=w.ward).user

    # The school.
    w.s1 = CellFactory(committee=w.school, code="S1", name="Chi bộ S1")
    s1 = monthly(w.school, w.s1, range(1, 10), skip={3}, late={2: D(2025, 2, 12)}, unapproved={9})
    Minutes.objects.filter(meeting=s1[2]).update(approved_at=on(D(2025, 2, 25)))
    w.s1_meetings = s1
    monthly(w.school, None, range(1, 10))
    meeting(w.school, w.s1, D(2025, 2, 20), kind="topic", approved=D(2025, 2, 21))
    w.o1, w.o2, w.o3 = (
        MemberFactory(committee=w.school, cell=w.s1, full_name=name)
        for name in ("Lê Văn Một", "Lê Văn Hai", "Lê Văn Ba")
    )
    w.p = MemberFactory(
        committee=w.school, cell=w.s1, status=Status.PROBATIONARY,
        admitted_on=D(2025, 3, 10), recognised_on=None,
    )  # fmt: skip
    absent([s1[1], s1[4], s1[5]], w.o1)
    absent([s1[6], s1[7]], w.o3)
    FeeBasisFactory(member=w.o2)
    FeeBasisFactory(member=w.o3)
    for month in range(1, 10):
        FeePaymentFactory(member=w.o3, cell=w.s1, month=D(YEAR, month, 1))
    RemittanceFactory(committee=w.school, cell=None, month=D(YEAR, 1, 1), amount=500_000)
    RemittanceFactory(committee=w.school, cell=None, month=D(YEAR, 2, 1), amount=600_000)
    RemittanceFactory(
        committee=w.school, cell=None, month=D(YEAR, 3, 1), amount=700_000,
        reversed_at=on(D(2025, 4, 25)), reversal_reason="Nhầm",
    )  # fmt: skip
    RemittanceFactory(cell=w.s1, month=D(YEAR, 1, 1), amount=999_000)  # a cell's, to the school
    w.jan = report(w.school, w.commune, by, 1, D(2025, 2, 18))
    w.feb = report(w.school, w.commune, by, 2, D(2025, 3, 25))
    w.feb2 = report(w.school, w.commune, by, 2, D(2025, 3, 28), version=2)
    w.mar_draft = report(w.school, w.commune, by, 3, None)
    w.q1 = report(w.school, w.commune, by, 1, D(2025, 4, 10), kind="quarter", months=3)

    # The committee that moved.
    w.m1_cell = CellFactory(committee=w.moved, code="M1", name="Chi bộ M1")
    m1 = monthly(w.moved, w.m1_cell, (7, 8, 9), skip={8})
    monthly(w.moved, None, range(1, 10))
    w.m1 = MemberFactory(committee=w.moved, cell=w.m1_cell, full_name="Phạm Văn Chuyển")
    w.mp, w.mq = (
        MemberFactory(
            committee=w.moved,
            cell=w.m1_cell,
            status=Status.PROBATIONARY,
            admitted_on=day,
            recognised_on=None,
        )
        for day in (D(2025, 3, 1), D(2025, 8, 1))
    )
    absent([m1[7], m1[9]], w.m1)
    RemittanceFactory(committee=w.moved, cell=None, month=D(YEAR, 4, 1), amount=300_000)
    RemittanceFactory(committee=w.moved, cell=None, month=D(YEAR, 8, 1), amount=400_000)
    w.moved_mar = report(w.moved, w.district, by, 3, D(2025, 4, 4))
    w.moved_jul = report(w.moved, w.commune, by, 7, D(2025, 8, 15))

    # The clinic, under the ward: a report and a meeting the commune never sees.
    clinic_cell = CellFactory(committee=w.clinic, code="T1")
    monthly(w.clinic, clinic_cell, range(1, 10))
    w.clinic_report = report(w.clinic, w.ward, by, 1, D(2025, 2, 10))
    return w


def build_many(superior, n: int, *, prefix: str):
    """`n` committees under `superior` all year, each with a cell, two members (one absent without
    reason three times, one with unpaid fees), its meetings, a remittance and two reports."""
    by = UserFactory()
    for i in range(n):
        committee = CommitteeFactory(name=f"{prefix} {i:02d}")
        SuperiorBodyFactory(
            committee=committee, superior=superior, name=superior.name, valid_from=D(2020, 1, 1)
        )
        cell = CellFactory(committee=committee, code="X1")
        meetings = monthly(committee, cell, range(1, 10), skip={3}, unapproved={9})
        first, second = (MemberFactory(committee=committee, cell=cell) for _ in range(2))
        absent([meetings[1], meetings[2], meetings[4]], first)
        FeeBasisFactory(member=second)
        RemittanceFactory(committee=committee, cell=None, month=D(YEAR, 1, 1))
        report(committee, superior, by, 1, D(2025, 2, 18))
        report(committee, superior, by, 2, D(2025, 3, 25))
