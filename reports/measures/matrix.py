"""The compliance matrix — bảng theo dõi sinh hoạt chi bộ (issue 10 item 1, DOMAIN §4.1, §5).

Cells (and the executive committee) × 12 months of regular meetings, plus each cell's topic
quarters and the state of each held meeting's minutes. Shared by the committee dashboard (its key
numbers, charts and alerts, `dashboard.committee`), the year report (`dashboard.report`), the
figures of a period (`reports.measures.period`), the periodic reports and — for many committees
at once, `compliance_matrices` — the superior's view (`reports.superior`).

Definitions (DOMAIN §4.1, §5):
- a row is an active cell of the committee (ordered by code), then the executive committee;
- a month's regular meeting is **on time** when held (status held or approved) on or before the
  scheduled day (`meetings.planning.schedule.scheduled_day`) plus the grace days (setting),
  **late** when held after it, **missed** when the month has ended without one held,
  **upcoming** otherwise; a month before the cell was founded, or after it was dissolved, is
  **not applicable**;
- a quarter's topic session (cells only) is **held** when the cell held at least the required number
  (setting `topic_sessions_per_quarter`) of topic sessions counting for that quarter (kind topic, or a
  regular meeting including one; the quarter is `topic_quarter`, else the meeting month's quarter),
  **missing** when the quarter has ended without them, **upcoming** otherwise;
- minutes are **approved** when approved within `minutes_approval_days` (setting, default 7) of the
  meeting date, **approved late** after that, **pending** while a held meeting's minutes are not
  approved (**overdue** once more than that many days have passed);
- a box also says whether the month's meeting was **published late** (`Meeting.published_late`)
  and how many of its documents were **added late** (`Document.added_late`, not archived): after
  the deadline for documents, `document_lead_days` before the meeting.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, Q
from django.db.models.functions import Coalesce, ExtractQuarter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cells.models import Cell, Committee, CommitteeSettings
from cells.rules import rules_for
from meetings.models import Body, Kind, Meeting
from meetings.planning.schedule import on_time_until, scheduled_day
from meetings.record.minutes import approval_due_on
from reports.measures.common import (
    EXECUTIVE_KEY,
    HELD,
    ROW_BODIES,
    row_key,
    topic_sessions_of,
)


class MonthState:
    ON_TIME = "on_time"
    LATE = "late"
    MISSED = "missed"
    UPCOMING = "upcoming"
    NOT_APPLICABLE = "na"

    LABELS = {
        ON_TIME: _("Held on time"),
        LATE: _("Held late"),
        MISSED: _("Missed"),
        UPCOMING: _("Upcoming"),
        NOT_APPLICABLE: _("Not applicable"),
    }


class QuarterState:
    HELD = "held"
    MISSING = "missing"
    UPCOMING = "upcoming"
    NOT_APPLICABLE = "na"

    LABELS = {
        HELD: _("Topic session held"),
        MISSING: _("No topic session"),
        UPCOMING: _("Quarter not over"),
        NOT_APPLICABLE: _("Not applicable"),
    }


class MinutesState:
    NONE = ""  # no meeting held that month
    APPROVED = "approved"
    APPROVED_LATE = "approved_late"
    PENDING = "pending"
    OVERDUE = "overdue"  # pending for more than `minutes_approval_days`

    LABELS = {
        NONE: "",
        APPROVED: _("Minutes approved"),
        APPROVED_LATE: _("Minutes approved late"),
        PENDING: _("Minutes not yet approved"),
        OVERDUE: _("Minutes overdue for approval"),
    }


@dataclass
class MonthBox:
    """One box of the compliance matrix: a row's regular meeting of one month."""

    month: int  # 1..12
    state: str  # MonthState
    meeting_id: int | None = None  # the month's regular meeting, held or not, if there is one
    date: datetime.date | None = None
    meeting_status: str = ""  # meetings.models.Status value, "" when no meeting
    minutes: str = MinutesState.NONE
    url: str = ""  # set by the view for the user: the meeting, or the calendar of that month
    published_late: bool = False  # the meeting was published after the deadline for documents
    documents_late: int = 0  # its documents added after that deadline (not archived)

    @property
    def state_label(self) -> str:
        return str(MonthState.LABELS[self.state])

    @property
    def minutes_label(self) -> str:
        return str(MinutesState.LABELS[self.minutes])


@dataclass
class QuarterBox:
    quarter: int  # 1..4
    state: str  # QuarterState
    held: int = 0
    required: int = 0

    @property
    def state_label(self) -> str:
        return str(QuarterState.LABELS[self.state])


@dataclass
class MatrixRow:
    key: str  # "cell-<pk>" or "executive"
    name: str
    cell_id: int | None  # None for the executive committee
    months: list[MonthBox] = field(default_factory=list)  # always 12
    quarters: list[QuarterBox] = field(default_factory=list)  # always 4 (NOT_APPLICABLE for exec)

    def count(self, state: str) -> int:
        return sum(1 for box in self.months if box.state == state)


@dataclass
class Matrix:
    year: int
    today: datetime.date
    scheduled: list[datetime.date]  # the scheduled day of each month (12)
    rows: list[MatrixRow]

    @property
    def cell_rows(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.cell_id is not None]


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _exists_on(day: datetime.date, founded_on, dissolved_on) -> bool:
    return (founded_on is None or founded_on <= day) and (
        dissolved_on is None or day <= dissolved_on
    )


def _minutes_state(meeting: dict, today: datetime.date, rules) -> str:
    """The minutes of a held meeting: approved (late or not), pending, or overdue."""
    due_on = approval_due_on(meeting["date"], rules)
    approved_at = meeting["minutes__approved_at"]
    if approved_at is not None:
        late = timezone.localdate(approved_at) > due_on
        return MinutesState.APPROVED_LATE if late else MinutesState.APPROVED
    if today > due_on:
        return MinutesState.OVERDUE
    return MinutesState.PENDING


def _month_box(month, meeting, *, applicable, due, ended, today, rules) -> MonthBox:
    box = MonthBox(month=month, state=MonthState.NOT_APPLICABLE)
    held = False
    if meeting is not None:
        box.meeting_id = meeting["pk"]
        box.date = meeting["date"]
        box.meeting_status = meeting["status"]
        box.published_late = meeting["published_late"]
        box.documents_late = meeting["documents_late"]
        held = meeting["status"] in HELD
        if held:
            box.minutes = _minutes_state(meeting, today, rules)
    if not applicable:
        return box
    if held:
        box.state = MonthState.ON_TIME if meeting["date"] <= due else MonthState.LATE
    elif ended:
        box.state = MonthState.MISSED
    else:
        box.state = MonthState.UPCOMING
    return box


def _quarter_boxes(year, months, held_by_quarter, *, today, rules) -> list[QuarterBox]:
    required = rules.topic_sessions_per_quarter
    boxes = []
    for quarter in range(1, 5):
        held = held_by_quarter.get(quarter, 0)
        in_quarter = months[(quarter - 1) * 3 : quarter * 3]
        if all(box.state == MonthState.NOT_APPLICABLE for box in in_quarter):
            state = QuarterState.NOT_APPLICABLE
        elif held >= required:
            state = QuarterState.HELD
        elif _month_end(year, quarter * 3) < today:
            state = QuarterState.MISSING
        else:
            state = QuarterState.UPCOMING
        boxes.append(QuarterBox(quarter=quarter, state=state, held=held, required=required))
    return boxes


def compliance_matrix(committee, year: int, *, today=None, rules=None) -> Matrix:
    """Cells (and the executive committee) × 12 months, plus the topic quarters, of one committee
    (`compliance_matrices` for one). Three queries: the cells, the year's regular meetings (with
    their minutes), the topic sessions counted per cell and quarter (and the settings, when
    neither `rules` nor the committee carries them)."""
    rules = rules or rules_for(committee)
    return compliance_matrices([committee], year, today=today, rules={committee.pk: rules})[
        committee.pk
    ]


def _settings_of(committees, given) -> dict:
    """{committee id: settings}: those `given`, those the committee carries (`rules_for`, e.g.
    after `select_related("rules")`), the rest read in one query (the DOMAIN defaults, unsaved,
    where none were ever stored)."""
    found = dict(given or {})
    missing = []
    for committee in committees:
        if committee.pk in found:
            continue
        if Committee.rules.is_cached(committee):
            found[committee.pk] = rules_for(committee)
        else:
            missing.append(committee)
    if missing:
        stored = {
            settings.committee_id: settings
            for settings in CommitteeSettings.objects.filter(
                committee_id__in=[committee.pk for committee in missing]
            )
        }
        for committee in missing:
            found[committee.pk] = stored.get(committee.pk) or CommitteeSettings(committee=committee)
    return found


def compliance_matrices(committees, year: int, *, today=None, rules=None) -> dict[int, Matrix]:
    """{committee id: its matrix} for several committees at once (the superior's view), each
    by its own settings (`rules`: {committee id: settings}, else `_settings_of`).

    Rows: the cells that exist during the year (founded by its end, not dissolved before its
    start), by code, then the executive committee. A month applies to a holder that exists on the
    month's scheduled day (so a cell founded on the 20th starts with the next month, a cell
    dissolved on the 10th still owes that month's meeting); a month that does not apply still
    carries its meeting, if any, for the link. A month is over when its last day is before today.
    Three queries whatever the number of committees: the cells, the year's regular meetings (with
    their minutes), the topic sessions counted per cell and quarter — and one for the settings
    of the committees that come without them.
    """
    committees = list(committees)
    if not committees:
        return {}
    today = today or timezone.localdate()
    settings = _settings_of(committees, rules)
    ids = [committee.pk for committee in committees]
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    cells = defaultdict(list)
    for cell in (
        Cell.objects.filter(committee_id__in=ids)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=last))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first))
        .order_by("code", "pk")
        .values("pk", "committee_id", "name", "founded_on", "dissolved_on")
    ):
        cells[cell["committee_id"]].append(cell)
    meetings = {}
    for meeting in (
        Meeting.objects.filter(
            committee_id__in=ids, kind=Kind.REGULAR, body__in=ROW_BODIES, month__year=year
        )
        .order_by()
        .values(
            "pk",
            "committee_id",
            "body",
            "cell_id",
            "month",
            "date",
            "status",
            "minutes__approved_at",
            "published_late",
        )
        .annotate(
            documents_late=Count(
                "documents", filter=Q(documents__added_late=True, documents__archived=False)
            )
        )
    ):
        key = meeting["committee_id"], row_key(meeting["body"], meeting["cell_id"])
        meetings[key, meeting["month"].month] = meeting
    topics = defaultdict(dict)
    for count in (
        topic_sessions_of(ids)
        .filter(month__year=year)
        .annotate(
            counts_for=Coalesce(
                "topic_quarter", ExtractQuarter("month"), output_field=IntegerField()
            )
        )
        .order_by()
        .values("cell_id", "counts_for")
        .annotate(n=Count("pk"))
    ):
        topics[count["cell_id"]][count["counts_for"]] = count["n"]
    return {
        committee.pk: _matrix(
            committee,
            year,
            today=today,
            rules=settings[committee.pk],
            cells=cells.get(committee.pk, []),
            meetings=meetings,
            topics=topics,
        )
        for committee in committees
    }


def _matrix(committee, year, *, today, rules, cells, meetings, topics) -> Matrix:
    """One committee's matrix from the rows the three queries read."""
    scheduled = [scheduled_day(year, month, rules.meeting_day) for month in range(1, 13)]

    def months(key, founded_on, dissolved_on) -> list[MonthBox]:
        return [
            _month_box(
                month,
                meetings.get(((committee.pk, key), month)),
                applicable=_exists_on(scheduled[month - 1], founded_on, dissolved_on),
                due=on_time_until(year, month, rules),
                ended=_month_end(year, month) < today,
                today=today,
                rules=rules,
            )
            for month in range(1, 13)
        ]

    rows = []
    for cell in cells:
        key = row_key(Body.CELL, cell["pk"])
        boxes = months(key, cell["founded_on"], cell["dissolved_on"])
        quarters = _quarter_boxes(year, boxes, topics.get(cell["pk"], {}), today=today, rules=rules)
        rows.append(MatrixRow(key, cell["name"], cell["pk"], boxes, quarters))
    rows.append(
        MatrixRow(
            EXECUTIVE_KEY,
            str(Body.EXECUTIVE.label),
            None,
            months(EXECUTIVE_KEY, committee.founded_on, None),
            [QuarterBox(quarter, QuarterState.NOT_APPLICABLE) for quarter in range(1, 5)],
        )
    )
    return Matrix(year=year, today=today, scheduled=scheduled, rows=rows)
