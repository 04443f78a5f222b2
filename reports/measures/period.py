"""The figures of a period — số liệu của kỳ báo cáo (issue 22, DOMAIN §15): what the monthly,
quarterly, half-year and year reports to the superior state, each counted where the dashboard
counts it (one place per number).

`period_figures(committee, start, end)` for the days `start`..`end` (a month: its first and last
day; a quarter, a half-year, a year likewise):

- members: the roll at the end (`members.selectors.committee_headcount`: the total counts
  official, probationary, exempted and suspended members — not hosted members nor those away on
  a temporary transfer), and the status events dated in the period (`StatusEvent.objects.between`):
  admissions, recognitions as official, official transfers in and out, temporary transfers in
  (hosted) and out (away), deaths, removals from the roll and expulsions; the discipline decisions
  made in it (`Discipline.objects.decided_between`);
- meetings: per row of the compliance matrix (`reports.measures.matrix`: the cells, then the
  executive committee) over the months of the period — regular meetings on time, late, missed;
  the attendance of those regular meetings (present / rows of their sheets, as the key numbers
  and the attendance chart count it); the topic sessions held in those months
  (`common.topic_sessions`, by the meeting's month); and the meeting-quality grades of every
  held meeting of those months (`common.quality_counts`, as the quality chart);
- study: the campaigns that started in the period, with their participants and those done
  (`StudyCampaign.objects.started_between(…).with_counts()`);
- supervision: the records made in the period (`SupervisionRecord.objects.recorded_between`) —
  numbers only;
- fees: what the cells collected for the months of the period, what they handed to the
  committee and what the committee remitted to its superior (`fees.selectors.committee_register`);
- tasks: the parts assigned at meetings held in the period, done in it, and overdue at its end
  (`TaskAssignment.objects.counts_between`).

"At the end" is the period's last day, or today when the period is not over. A month of the
period is one whose first day is in `start`'s month .. `end`'s month. A constant number of
queries whatever the number of cells, members, meetings or months (three more for each further
calendar year the period touches, for that year's matrix).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from cells.rules import rules_for
from fees.rates import months_between
from fees.selectors import committee_register
from library.models import StudyCampaign
from meetings.models import Attendance, Body, TaskAssignment
from meetings.record.minutes import Grade
from members.models import StatusEvent
from members.selectors import committee_headcount
from reports.measures.common import (
    quality_counts,
    regular_attendance_between,
    row_key,
    topic_sessions,
)
from reports.measures.matrix import MonthState, compliance_matrix
from reviews.models import Discipline, SupervisionRecord
from reviews.reports.data import percent_of

GRADES = (Grade.GOOD, Grade.FAIR, Grade.AVERAGE, Grade.POOR)


@dataclass
class MemberFigures:
    total: int  # on the roll at the end (official + probationary + exempted + suspended)
    official: int
    probationary: int
    admitted: int
    recognised: int
    transferred_in: int  # official transfers in
    transferred_out: int  # official transfers out
    temporarily_in: int  # hosted members who arrived on a temporary transfer
    temporarily_out: int  # members who went away on a temporary transfer
    deceased: int
    removed: int  # removed from the roll or expelled
    disciplined: int  # discipline decisions


@dataclass
class RowMeetings:
    """One row of the compliance matrix over the months of the period."""

    key: str  # "cell-<pk>" or "executive"
    name: str
    cell_id: int | None  # None for the executive committee
    on_time: int = 0
    late: int = 0
    missed: int = 0
    present: int = 0  # attendance at its regular meetings of those months
    attendance_rows: int = 0
    topics_held: int = 0  # cells only

    @property
    def held(self) -> int:
        return self.on_time + self.late

    @property
    def attendance_percent(self) -> Decimal | None:
        return percent_of(self.present, self.attendance_rows)


@dataclass
class MeetingFigures:
    rows: list[RowMeetings]
    grades: dict[str, int]  # Grade → meetings (every row and kind), in GRADES order

    def _sum(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.rows)

    @property
    def held(self) -> int:
        return self._sum("held")

    @property
    def on_time(self) -> int:
        return self._sum("on_time")

    @property
    def late(self) -> int:
        return self._sum("late")

    @property
    def missed(self) -> int:
        return self._sum("missed")

    @property
    def topics_held(self) -> int:
        return self._sum("topics_held")

    @property
    def attendance_percent(self) -> Decimal | None:
        return percent_of(self._sum("present"), self._sum("attendance_rows"))


@dataclass
class CampaignFigures:
    campaign_id: int
    title: str
    starts_on: datetime.date
    deadline: datetime.date
    participants: int
    done: int


@dataclass
class StudyFigures:
    campaigns: list[CampaignFigures] = field(default_factory=list)  # started in the period

    @property
    def started(self) -> int:
        return len(self.campaigns)

    @property
    def participants(self) -> int:
        return sum(c.participants for c in self.campaigns)

    @property
    def done(self) -> int:
        return sum(c.done for c in self.campaigns)


@dataclass
class SupervisionFigures:
    total: int
    regular: int
    thematic: int
    inspection: int
    violations: int  # concluded on signs of a violation


@dataclass
class FeeFigures:
    collected: int  # by the cells, for the months of the period (VND)
    received: int  # handed by the cells to the committee
    remitted: int  # handed by the committee to its superior


@dataclass
class TaskFigures:
    assigned: int
    done: int
    overdue: int  # at the end


@dataclass
class PeriodFigures:
    start: datetime.date
    end: datetime.date
    as_of: datetime.date  # "at the end": the last day, or today while the period runs
    members: MemberFigures
    meetings: MeetingFigures
    study: StudyFigures
    supervision: SupervisionFigures
    fees: FeeFigures
    tasks: TaskFigures


def member_figures(committee, start, end, *, as_of) -> MemberFigures:
    """Three queries: the roll at `as_of`, the status events, the disciplines."""
    roll = committee_headcount(committee, as_of)
    events = StatusEvent.objects.filter(member__committee=committee).between(start, end)
    kinds = events.counts_by_kind()
    kind = StatusEvent.Kind
    return MemberFigures(
        total=roll.total,
        official=roll.official,
        probationary=roll.probationary,
        admitted=kinds.get(kind.ADMITTED, 0),
        recognised=kinds.get(kind.RECOGNISED, 0),
        transferred_in=kinds.get(kind.OFFICIAL_IN, 0),
        transferred_out=kinds.get(kind.OFFICIAL_OUT, 0),
        temporarily_in=kinds.get(kind.TEMPORARY_IN, 0),
        temporarily_out=kinds.get(kind.TEMPORARY_OUT, 0),
        deceased=kinds.get(kind.DECEASED, 0),
        removed=kinds.get(kind.REMOVED, 0) + kinds.get(kind.EXPELLED, 0),
        disciplined=Discipline.objects.filter(member__committee=committee)
        .decided_between(start, end)
        .count(),
    )


def meeting_figures(committee, months, *, today, rules) -> MeetingFigures:
    """Three queries per calendar year of `months` (its matrix), then three: the attendance, the
    topic sessions, the quality grades."""
    rows: dict[str, RowMeetings] = {}
    for year in sorted({month.year for month in months}):
        matrix = compliance_matrix(committee, year, today=today, rules=rules)
        wanted = {month.month for month in months if month.year == year}
        for matrix_row in matrix.rows:
            row = rows.setdefault(
                matrix_row.key, RowMeetings(matrix_row.key, matrix_row.name, matrix_row.cell_id)
            )
            for box in matrix_row.months:
                if box.month not in wanted:
                    continue
                if box.state == MonthState.ON_TIME:
                    row.on_time += 1
                elif box.state == MonthState.LATE:
                    row.late += 1
                elif box.state == MonthState.MISSED:
                    row.missed += 1
    first, last = months[0], months[-1]
    for group in (
        regular_attendance_between(committee, first, last)
        .order_by()
        .values("meeting__body", "meeting__cell_id")
        .annotate(
            total=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT))
        )
    ):
        row = rows.get(row_key(group["meeting__body"], group["meeting__cell_id"]))
        if row is not None:
            row.present, row.attendance_rows = group["present"], group["total"]
    for group in (
        topic_sessions(committee)
        .filter(month__gte=first, month__lte=last)
        .order_by()
        .values("cell_id")
        .annotate(n=Count("pk"))
    ):
        row = rows.get(row_key(Body.CELL, group["cell_id"]))
        if row is not None:
            row.topics_held = group["n"]
    grades = dict.fromkeys(GRADES, 0)
    for (_key, grade), n in quality_counts(committee, first, last, rules=rules).items():
        grades[grade] += n
    return MeetingFigures(rows=list(rows.values()), grades=grades)


def study_figures(committee, start, end) -> StudyFigures:
    """One query: the campaigns that started in the period, with their counts."""
    campaigns = (
        StudyCampaign.objects.filter(committee=committee)
        .started_between(start, end)
        .with_counts()
        .order_by("starts_on", "pk")
    )
    return StudyFigures(
        [
            CampaignFigures(
                campaign_id=campaign.pk,
                title=campaign.title,
                starts_on=campaign.starts_on,
                deadline=campaign.deadline,
                participants=campaign.participant_count,
                done=campaign.done_count,
            )
            for campaign in campaigns
        ]
    )


def period_figures(committee, start, end, *, today=None) -> PeriodFigures:
    """The figures of the days `start`..`end` (see the module's docstring). Queries: the settings,
    three for each calendar year's matrix, three for the members, three for the meetings, one for
    the study campaigns, one for supervision, three for fees (the cells, the payments, the
    remittances), one for the tasks."""
    if end < start:
        raise ValueError("A period ends on or after its start.")
    today = today or timezone.localdate()
    as_of = min(end, today)
    rules = rules_for(committee)
    months = months_between(start, end)
    register = committee_register(committee, months[0], months[-1])
    return PeriodFigures(
        start=start,
        end=end,
        as_of=as_of,
        members=member_figures(committee, start, end, as_of=as_of),
        meetings=meeting_figures(committee, months, today=today, rules=rules),
        study=study_figures(committee, start, end),
        supervision=SupervisionFigures(
            **SupervisionRecord.objects.filter(committee=committee)
            .recorded_between(start, end)
            .counts()
        ),
        fees=FeeFigures(
            collected=sum(month.collected for month in register.totals),
            received=sum(month.received for month in register.totals),
            remitted=sum(month.remitted or 0 for month in register.totals),
        ),
        tasks=TaskFigures(
            **TaskAssignment.objects.filter(task__committee=committee).counts_between(
                start, end, as_of=as_of
            )
        ),
    )
