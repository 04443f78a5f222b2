"""The committee dashboard's alerts — cảnh báo (issue 10 item 1, DOMAIN §7): probation ending,
the Charter's two flags side by side (absences without reason, unpaid fees —
`dashboard.flags.member_flags`), missing residence-place comments, missed meetings and topic
sessions, minutes not approved in time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from cells.rules import rules_for
from dashboard.flags import Flags, member_flags
from meetings.models import Body, Meeting, Status
from meetings.record.minutes import overdue_if_held_before
from members.models import Member
from members.selectors import probation_ending
from reports.measures.matrix import Matrix, MonthState, QuarterState
from reviews.records.residence import listing_date, missing_comments


@dataclass
class ProbationAlert:
    member_id: int
    name: str
    cell_name: str
    ends_on: datetime.date
    days_left: int  # negative when past


@dataclass
class AbsenceAlert:
    member_id: int
    name: str
    cell_name: str
    unexcused: int


@dataclass
class FeeAlert:
    member_id: int
    name: str
    cell_name: str
    months: list[datetime.date]  # the months of the year unpaid or paid late without a reason


@dataclass
class ResidenceAlert:
    cell_id: int
    cell_name: str
    missing: int  # working members on the roll with no residence comment received or exempt
    names: list[str] = field(default_factory=list)


@dataclass
class MissedAlert:
    row_key: str
    name: str
    months: list[int]  # missed months
    quarters: list[int]  # quarters without their topic session


@dataclass
class MinutesAlert:
    meeting_id: int
    name: str  # the holder (cell name / executive committee)
    date: datetime.date
    days: int  # days since the meeting


@dataclass
class Alerts:
    probation: list[ProbationAlert]
    # The Charter's two flags (Art. 8), one row per flagged member with both counts.
    flags: Flags
    residence: list[ResidenceAlert]
    missed: list[MissedAlert]
    minutes: list[MinutesAlert]

    @property
    def absences(self) -> list[AbsenceAlert]:
        return [
            AbsenceAlert(f.member_id, f.name, f.cell_name, f.unexcused) for f in self.flags.absences
        ]

    @property
    def fees(self) -> list[FeeAlert]:
        return [
            FeeAlert(f.member_id, f.name, f.cell_name, list(f.unpaid_months))
            for f in self.flags.fees
        ]

    @property
    def count(self) -> int:
        return (
            len(self.probation)
            + len(self.flags.absences)
            + len(self.flags.fees)
            + len(self.residence)
            + len(self.missed)
            + len(self.minutes)
        )


def _probation_alerts(committee, year, today, rules) -> list[ProbationAlert]:
    """Probationary members on today's roll whose probation ends within the warning days (or has
    ended without recognition): `members.selectors.probation_ending`. About today: only on the
    current year's dashboard."""
    if year != today.year:
        return []
    found = probation_ending(Member.objects.filter(committee=committee), on=today, rules=rules)
    return [
        ProbationAlert(
            member_id=member.pk,
            name=member.full_name,
            cell_name=member.current_cell_name or "",
            ends_on=member.probation_ends,
            days_left=member.probation_days_left,
        )
        for member in found.members
    ]


def _residence_alerts(committee, year, today) -> list[ResidenceAlert]:
    """Per cell, its working members (official or probationary, not students) on the year's roll
    day with no residence-place comment of the year received or exempt. None for a future year."""
    if year > today.year:
        return []
    members = missing_comments(committee, year, day=listing_date(year, today=today))
    cells: dict[int, ResidenceAlert] = {}
    for member in members:
        alert = cells.setdefault(
            member["row_cell_id"],
            ResidenceAlert(
                cell_id=member["row_cell_id"], cell_name=member["row_cell_name"], missing=0
            ),
        )
        alert.missing += 1
        alert.names.append(member["full_name"])
    return list(cells.values())


def _missed_alerts(matrix: Matrix) -> list[MissedAlert]:
    alerts = []
    for row in matrix.rows:
        months = [box.month for box in row.months if box.state == MonthState.MISSED]
        quarters = [box.quarter for box in row.quarters if box.state == QuarterState.MISSING]
        if months or quarters:
            alerts.append(MissedAlert(row.key, row.name, months, quarters))
    return alerts


def _minutes_alerts(committee, year, today, rules) -> list[MinutesAlert]:
    """The year's held meetings of any kind and body whose minutes are still not approved more
    than `minutes_approval_days` after the meeting, oldest first."""
    limit = overdue_if_held_before(today, rules)
    meetings = (
        Meeting.objects.filter(
            committee=committee, status=Status.HELD, month__year=year, date__lt=limit
        )
        .order_by("date", "start_time", "pk")
        .values("pk", "body", "cell__name", "date")
    )
    return [
        MinutesAlert(
            meeting_id=meeting["pk"],
            name=meeting["cell__name"]
            if meeting["body"] == Body.CELL
            else str(Body(meeting["body"]).label),
            date=meeting["date"],
            days=(today - meeting["date"]).days,
        )
        for meeting in meetings
    ]


def alerts(committee, year: int, matrix: Matrix, *, today=None, rules=None) -> Alerts:
    """What needs the committee's attention. About ten queries (probation, the two flags, residence
    comments, minutes); the missed months and quarters come from the matrix. `today` defaults to
    the matrix's."""
    today = today or matrix.today
    rules = rules or rules_for(committee)
    return Alerts(
        probation=_probation_alerts(committee, year, today, rules),
        flags=member_flags(committee, year, today=today, rules=rules),
        residence=_residence_alerts(committee, year, today),
        missed=_missed_alerts(matrix),
        minutes=_minutes_alerts(committee, year, today, rules),
    )
