"""The superior's view across its committees — tổng quan của cấp ủy cấp trên (issue 22 items 2
and 4, DOMAIN §15, DESIGN §3).

`superior_overview(superior, year, today=)` is plain data for the superior's dashboard: the
committees under the superior at some time of the year, and for each of them, month by month,
what the committee's own dashboard shows (the compliance matrix, `reports.measures.matrix`), the
monthly report to the superior, and the key numbers. Nothing confidential: no criticism,
supervision, evaluation or personal field — names of people are not in it at all.

Which months are the superior's (a committee that moved to another superior shows only its months
under this one, DESIGN §3): a month belongs to the superior the committee was under on the
month's last day — the day a month's report is addressed by (`reports.models.PeriodReport`). The
other months of the year are "elsewhere": nothing of them is shown. A quarter is the superior's
when its last month is.

- meetings, per committee × month: a mark summarising the matrix's rows (the cells and the
  executive committee) for the month — **missed** when a row missed its meeting, else **late**
  when one was held late, else **upcoming** when one is still to be held, else **on time**; **no
  rows** when no row owed a meeting; the topic quarters held / due (cells × quarters ended or
  held) and the minutes approved / pending / overdue, over the superior's months;
- the monthly report, per committee × month: **on time** or **late** by its first submitted
  version's day against the superior's deadline (`reports.models.due_on`), with the latest
  submitted version to open; a draft is the committee's own business and reads **not
  submitted** — **overdue** once the deadline has passed, **not due** before;
- key numbers: the roll (official, probationary) and the members flagged (the Charter's two flags,
  as `dashboard.flags` counts them: absences without reason from the setting's number of regular
  cell meetings, or the setting's number of months of fees unpaid or paid late without a reason)
  on the roll day (today, or 31 December of a past year) — for the committees under the superior
  on that day only; the admissions (status events "admitted"), the fees remitted to the superior
  (the committee's standing remittances) and the reports submitted (and on time), of every kind,
  in the superior's months;
- alerts across the committees: missed meetings, minutes overdue for approval, monthly reports
  overdue.

Each committee's rules are its own settings (read with the committees). A fixed number of queries
whatever the number of committees, cells, members or months: the committees (with their settings),
three for the matrices, the roll, the admissions, the absences, the members, who of them may be
flagged for fees and four for their fee months, the remittances, the submitted reports — fifteen.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.models import Superior, SuperiorBody
from cells.rules import rules_for
from fees.models import Remittance
from fees.selectors import fee_flagged_by_committee
from meetings.models import Attendance
from members.models import Member, Status, StatusEvent
from reports.measures.matrix import MinutesState, MonthState, QuarterState, compliance_matrices
from reports.models import PeriodReport, due_on
from reviews.reports.data import percent_of


class Mark:
    """The meetings of a committee's month, summarised (the worst state of its rows first)."""

    ON_TIME = MonthState.ON_TIME
    LATE = MonthState.LATE
    MISSED = MonthState.MISSED
    UPCOMING = MonthState.UPCOMING
    NO_ROWS = MonthState.NOT_APPLICABLE
    ELSEWHERE = "elsewhere"  # the committee was under another superior (or none) that month

    LABELS = {
        ON_TIME: _("All held on time"),
        LATE: _("Some held late"),
        MISSED: _("Some missed"),
        UPCOMING: _("Still to be held"),
        NO_ROWS: _("No meeting due"),
        ELSEWHERE: _("Not under this superior"),
    }


class ReportState:
    """A committee's monthly report as the superior sees it."""

    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"  # not submitted (or only a draft) and its deadline has passed
    NOT_DUE = "not_due"  # not submitted, still in time
    ELSEWHERE = "elsewhere"

    LABELS = {
        ON_TIME: _("Submitted on time"),
        LATE: _("Submitted late"),
        OVERDUE: _("Not submitted"),
        NOT_DUE: _("Not due yet"),
        ELSEWHERE: _("Not under this superior"),
    }


@dataclass
class MonthCell:
    """One committee × one month of the superior's dashboard."""

    month: int  # 1..12
    mark: str  # Mark
    on_time: int = 0  # rows of the matrix held on time that month
    late: int = 0
    missed: int = 0
    due: int = 0  # rows that owed the month's meeting
    minutes_overdue: int = 0
    report: str = ReportState.ELSEWHERE
    report_id: int | None = None  # the latest submitted version, to open
    report_submitted_on: datetime.date | None = None  # the first submitted version's day
    report_due_on: datetime.date | None = None
    report_url: str = ""  # set by the view

    @property
    def under(self) -> bool:
        return self.mark != Mark.ELSEWHERE

    @property
    def mark_label(self) -> str:
        return str(Mark.LABELS[self.mark])

    @property
    def report_label(self) -> str:
        return str(ReportState.LABELS[self.report])


@dataclass
class CommitteeLine:
    """A committee under the superior during the year: its months and its key numbers."""

    committee_id: int
    name: str
    months: list[MonthCell]
    under_on_roll_day: bool
    # Regular meetings of the superior's months (rows × months of the matrix).
    meetings_on_time: int = 0
    meetings_late: int = 0
    meetings_missed: int = 0
    topics_held: int = 0  # cell-quarters with their topic session(s) held
    topics_due: int = 0  # … held, or ended without them
    minutes_approved: int = 0  # approved within the setting's days
    minutes_approved_late: int = 0
    minutes_pending: int = 0
    minutes_overdue: int = 0
    # On the roll day, for a committee then under the superior (None otherwise).
    official: int | None = None
    probationary: int | None = None
    flagged: int | None = None
    # In the superior's months.
    admitted: int = 0
    fees_remitted: int = 0  # đồng
    reports_submitted: int = 0  # reports of every kind, their first submission
    reports_on_time: int = 0
    url: str = ""  # the committee's dashboard for the year, set by the view

    @property
    def meetings_due(self) -> int:
        return self.meetings_on_time + self.meetings_late + self.meetings_missed

    @property
    def on_time_percent(self) -> Decimal | None:
        return percent_of(self.meetings_on_time, self.meetings_due)

    @property
    def held_percent(self) -> Decimal | None:
        return percent_of(self.meetings_on_time + self.meetings_late, self.meetings_due)

    @property
    def reports_overdue(self) -> int:
        return sum(1 for cell in self.months if cell.report == ReportState.OVERDUE)


@dataclass
class MissedAlert:
    committee_id: int
    committee: str
    row: str  # the cell, or the executive committee
    months: list[int]


@dataclass
class MinutesAlert:
    committee_id: int
    committee: str
    row: str
    month: int
    date: datetime.date | None
    days: int  # since the meeting


@dataclass
class ReportAlert:
    committee_id: int
    committee: str
    month: int
    due_on: datetime.date


@dataclass
class Alerts:
    missed: list[MissedAlert] = field(default_factory=list)
    minutes: list[MinutesAlert] = field(default_factory=list)
    reports: list[ReportAlert] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.missed) + len(self.minutes) + len(self.reports)


@dataclass
class SuperiorOverview:
    superior: Superior
    year: int
    today: datetime.date
    roll_day: datetime.date  # the day the roll and the flags are counted on
    lines: list[CommitteeLine]
    alerts: Alerts

    def total(self, name: str) -> int:
        """The sum of a key number over the committees (those without it left out)."""
        return sum(getattr(line, name) or 0 for line in self.lines)

    @property
    def on_time_percent(self) -> Decimal | None:
        return percent_of(self.total("meetings_on_time"), self.total("meetings_due"))

    def reports_by_month(self) -> dict[str, list[int]]:
        """{ReportState: committees per month} for the on time / late / overdue states."""
        counts = {state: [0] * 12 for state in ReportState.LABELS}
        for line in self.lines:
            for cell in line.months:
                counts[cell.report][cell.month - 1] += 1
        return counts


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _under_on(spans, day: datetime.date) -> bool:
    return any(start <= day and (end is None or day <= end) for start, end in spans)


def _mark(on_time: int, late: int, missed: int, upcoming: int) -> str:
    if missed:
        return Mark.MISSED
    if late:
        return Mark.LATE
    if upcoming:
        return Mark.UPCOMING
    if on_time:
        return Mark.ON_TIME
    return Mark.NO_ROWS


def _meetings(line: CommitteeLine, matrix, under: list[bool], today, alerts: Alerts) -> None:
    """The line's months and meeting numbers from the committee's matrix (its months only)."""
    for index, cell in enumerate(line.months):
        if not under[index]:
            continue
        counts = defaultdict(int)
        for row in matrix.rows:
            box = row.months[index]
            counts[box.state] += 1
            counts[box.minutes] += 1
            if box.minutes == MinutesState.OVERDUE:
                alerts.minutes.append(
                    MinutesAlert(
                        line.committee_id,
                        line.name,
                        row.name,
                        cell.month,
                        box.date,
                        (today - box.date).days if box.date else 0,
                    )
                )
        cell.on_time, cell.late = counts[MonthState.ON_TIME], counts[MonthState.LATE]
        cell.missed = counts[MonthState.MISSED]
        cell.due = cell.on_time + cell.late + cell.missed + counts[MonthState.UPCOMING]
        cell.minutes_overdue = counts[MinutesState.OVERDUE]
        cell.mark = _mark(cell.on_time, cell.late, cell.missed, counts[MonthState.UPCOMING])
        line.meetings_on_time += cell.on_time
        line.meetings_late += cell.late
        line.meetings_missed += cell.missed
        line.minutes_approved += counts[MinutesState.APPROVED]
        line.minutes_approved_late += counts[MinutesState.APPROVED_LATE]
        line.minutes_pending += counts[MinutesState.PENDING]
        line.minutes_overdue += counts[MinutesState.OVERDUE]
    for row in matrix.rows:
        missed = [
            box.month
            for box in row.months
            if under[box.month - 1] and box.state == MonthState.MISSED
        ]
        if missed:
            alerts.missed.append(MissedAlert(line.committee_id, line.name, row.name, missed))
    for row in matrix.cell_rows:
        for box in row.quarters:
            if not under[box.quarter * 3 - 1]:
                continue
            if box.state == QuarterState.HELD:
                line.topics_held += 1
                line.topics_due += 1
            elif box.state == QuarterState.MISSING:
                line.topics_due += 1


def _reports(lines, year, *, superior, today, under, alerts: Alerts) -> None:
    """The monthly reports per month, and the reports submitted (every kind) in the superior's
    months. One query: the submitted versions of the year's periods."""
    # {committee id: {(kind, period start): its submitted versions, oldest first}}
    versions = defaultdict(lambda: defaultdict(list))
    for version in (
        PeriodReport.objects.submitted()
        .filter(committee_id__in=[line.committee_id for line in lines], period_end__year=year)
        .order_by("version")
        .values("pk", "committee_id", "kind", "period_start", "period_end", "submitted_at")
    ):
        report = version["kind"], version["period_start"]
        versions[version["committee_id"]][report].append(version)
    deadline_day = superior.report_deadline_day
    for line in lines:
        for (kind, start), found in versions[line.committee_id].items():
            end = found[0]["period_end"]
            if not under[line.committee_id][end.month - 1]:
                continue
            submitted_on = timezone.localdate(found[0]["submitted_at"])
            on_time = submitted_on <= due_on(end, deadline_day)
            line.reports_submitted += 1
            line.reports_on_time += int(on_time)
            if kind == PeriodReport.Kind.MONTH:
                cell = line.months[start.month - 1]
                cell.report = ReportState.ON_TIME if on_time else ReportState.LATE
                cell.report_id, cell.report_submitted_on = found[-1]["pk"], submitted_on
        for cell in line.months:
            if not cell.under:
                continue
            cell.report_due_on = due_on(_month_end(year, cell.month), deadline_day)
            if cell.report_id is None:
                overdue = today > cell.report_due_on
                cell.report = ReportState.OVERDUE if overdue else ReportState.NOT_DUE
                if overdue:
                    alerts.reports.append(
                        ReportAlert(line.committee_id, line.name, cell.month, cell.report_due_on)
                    )


def _flagged(committees, year, *, rules, today) -> dict[int, int]:
    """{committee id: members flagged} (`dashboard.flags.member_flags` of each committee, counted
    for all at once). Six queries: the absences, the members, their fee months (`Ledger`)."""
    if not committees:
        return {}
    ids = [committee.pk for committee in committees]
    least = min(rules[pk].absence_flag_count for pk in ids)
    flagged = defaultdict(set)
    for row in (
        Attendance.objects.filter(meeting__committee_id__in=ids)
        .absence_flags(year, least, "meeting__committee_id")
        .order_by()
    ):
        committee_id = row["meeting__committee_id"]
        if row["unexcused"] >= rules[committee_id].absence_flag_count:
            flagged[committee_id].add(row["member_id"])
    members = defaultdict(list)
    for member_id, committee_id in Member.objects.filter(committee_id__in=ids).values_list(
        "pk", "committee_id"
    ):
        members[committee_id].append(member_id)
    for committee_id, found in fee_flagged_by_committee(
        members, year, rules=rules, today=today
    ).items():
        flagged[committee_id] |= found
    return {committee_id: len(found) for committee_id, found in flagged.items()}


def committee_ids_during(superior: Superior, year: int) -> list[int]:
    """The committees under the superior on some day of `year` (those its overview shows)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return list(
        SuperiorBody.objects.filter(superior=superior)
        .during(first, last)
        .order_by()
        .values_list("committee_id", flat=True)
        .distinct()
    )


def superior_overview(superior: Superior, year: int, *, today=None) -> SuperiorOverview:
    """The superior's dashboard of `year` (see the module's docstring)."""
    today = today or timezone.localdate()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    roll_day = min(today, last)
    spans, committees = defaultdict(list), {}
    for body in (
        SuperiorBody.objects.filter(superior=superior)
        .during(first, last)
        .select_related("committee", "committee__rules")
        .order_by("committee__name", "committee_id", "valid_from")
    ):
        committees[body.committee_id] = body.committee
        spans[body.committee_id].append((body.valid_from, body.valid_until))
    rules = {pk: rules_for(committee) for pk, committee in committees.items()}
    matrices = compliance_matrices(committees.values(), year, today=today, rules=rules)
    under = {
        pk: [_under_on(spans[pk], _month_end(year, month)) for month in range(1, 13)]
        for pk in committees
    }
    on_roll_day = [c for pk, c in committees.items() if _under_on(spans[pk], roll_day)]
    on_roll_day_ids = {committee.pk for committee in on_roll_day}
    alerts = Alerts()
    lines = []
    for pk, committee in committees.items():
        line = CommitteeLine(
            committee_id=pk,
            name=committee.name,
            months=[
                MonthCell(month, Mark.NO_ROWS if under[pk][month - 1] else Mark.ELSEWHERE)
                for month in range(1, 13)
            ],
            under_on_roll_day=pk in on_roll_day_ids,
        )
        _meetings(line, matrices[pk], under[pk], today, alerts)
        lines.append(line)
    by_id = {line.committee_id: line for line in lines}
    _reports(lines, year, superior=superior, today=today, under=under, alerts=alerts)
    ids = list(committees)
    # The roll on the roll day, of the committees then under the superior.
    roll = defaultdict(dict)
    for committee_id, status, n in (
        Member.objects.filter(committee_id__in=on_roll_day_ids)
        .on_roll_on(roll_day)
        .order_by()
        .values("committee_id", "status_on")
        .annotate(n=Count("pk"))
        .values_list("committee_id", "status_on", "n")
    ):
        roll[committee_id][status] = n
    flagged = _flagged(on_roll_day, year, rules=rules, today=today)
    for committee in on_roll_day:
        line = by_id[committee.pk]
        line.official = roll[committee.pk].get(Status.OFFICIAL, 0)
        line.probationary = roll[committee.pk].get(Status.PROBATIONARY, 0)
        line.flagged = flagged.get(committee.pk, 0)
    # Admissions and remittances of the superior's months.
    for committee_id, day in StatusEvent.objects.filter(
        member__committee_id__in=ids, kind=StatusEvent.Kind.ADMITTED, date__year=year
    ).values_list("member__committee_id", "date"):
        if under[committee_id][day.month - 1]:
            by_id[committee_id].admitted += 1
    for row in (
        Remittance.objects.standing()
        .filter(committee_id__in=ids, cell__isnull=True, month__year=year)
        .order_by()
        .values("committee_id", "month")
        .annotate(total=Sum("amount"))
    ):
        if under[row["committee_id"]][row["month"].month - 1]:
            by_id[row["committee_id"]].fees_remitted += row["total"]
    return SuperiorOverview(
        superior=superior,
        year=year,
        today=today,
        roll_day=roll_day,
        lines=lines,
        alerts=alerts,
    )
