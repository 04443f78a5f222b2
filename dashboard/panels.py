"""The committee dashboard's panels — các khối của trang tổng quan đảng bộ (issue 10 item 1).

A panel is a key, a partial template and a `build` function that turns a `DashboardContext` into
the data its template shows. The page (`dashboard.views.committee_dashboard`) builds every panel of
`COMMITTEE_PANELS` in order and includes each template with its data, so a later feature adds a
panel by writing one selector, one partial and one line here — the view does not change.

Panels built on confidential records (`officers_only`) are left out for everyone but the
committee's officers (`dashboard.access.sees_confidential`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from cells.models import CommitteeSettings
from dashboard.access import sees_confidential
from dashboard.committee.alerts import Alerts, MissedAlert, alerts
from dashboard.committee.charts import (
    Chart,
    attendance_chart,
    documents_chart,
    quality_chart,
    ratings_chart,
    tasks_chart,
)
from dashboard.fees import build_panel as build_fees
from dashboard.study import build_panel as build_study
from dashboard.supervision import build_panel as build_supervision
from meetings import access as meeting_access
from meetings.models import Meeting
from members import access
from reports.measures.matrix import (
    Matrix,
    MatrixRow,
    MinutesState,
    MonthBox,
    MonthState,
    QuarterBox,
    QuarterState,
    compliance_matrix,
)
from reports.measures.numbers import KeyNumbers, key_numbers

URL_PLACEHOLDER = 987654321


@dataclass
class DashboardContext:
    """What every panel may read: the committee, the year, "today", the rules and the user.

    The compliance matrix and the meetings the user may open are computed once, on first use.
    """

    committee: Any
    year: int
    today: datetime.date
    rules: CommitteeSettings
    user: Any

    @cached_property
    def matrix(self) -> Matrix:
        return compliance_matrix(self.committee, self.year, today=self.today, rules=self.rules)

    @cached_property
    def meeting_ids(self) -> frozenset[int]:
        """The committee's meetings of the year that the user may open (one query)."""
        year = (datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31))
        return frozenset(
            Meeting.objects.visible_to(self.user)
            .filter(committee=self.committee)
            .filter(Q(date__range=year) | Q(month__range=year))
            .order_by()
            .values_list("pk", flat=True)
        )

    @cached_property
    def can_open_calendar(self) -> bool:
        return meeting_access.section_visible(self.user)

    @cached_property
    def sees_confidential(self) -> bool:
        return sees_confidential(self.user, self.committee.pk)

    @cached_property
    def links_members(self) -> bool:
        """Names in the alerts link to member records for the committee's officers only
        (observers may not open the registry)."""
        return self.committee.pk in access.access_for(self.user).officer_committees

    @cached_property
    def _meeting_url_pattern(self) -> str:
        # One reverse() for the page's many boxes: the URL of a placeholder meeting.
        return reverse("meetings:detail", args=[URL_PLACEHOLDER])

    def meeting_url(self, meeting_id: int | None) -> str:
        if meeting_id and meeting_id in self.meeting_ids:
            return self._meeting_url_pattern.replace(str(URL_PLACEHOLDER), str(meeting_id))
        return ""

    def calendar_url(self, month: int) -> str:
        """The meeting calendar of that month of the year ("" if the user has no calendar)."""
        if not self.can_open_calendar:
            return ""
        query = urlencode({"month": f"{self.year:04d}-{month:02d}"})
        return f"{reverse('meetings:calendar')}?{query}"

    def box_url(self, box: MonthBox) -> str:
        """Where a box of the matrix leads this user: the month's meeting if she may open it,
        else the calendar of that month (a missed month has no meeting)."""
        return self.meeting_url(box.meeting_id) or self.calendar_url(box.month)

    @cached_property
    def linked_matrix(self) -> Matrix:
        """The matrix with `MonthBox.url` of every box filled for this user (done once)."""
        for row in self.matrix.rows:
            for box in row.months:
                box.url = self.box_url(box)
        return self.matrix


@dataclass(frozen=True)
class Panel:
    """One block of the dashboard: `build(ctx)` returns what `template` shows as `data`."""

    key: str
    template: str
    build: Callable[[DashboardContext], Any]
    officers_only: bool = False
    # The Bootstrap column the panel takes in the page's grid.
    column: str = "col-12"


# --- the panels' data ----------------------------------------------------------------------------


@dataclass
class ChartData:
    """A chart, the JSON handed to Chart.js and the element ids its template uses."""

    chart: Chart
    json: dict
    script_id: str
    table_id: str
    canvas_id: str

    @property
    def has_data(self) -> bool:
        return not self.chart.is_empty


def chart_data(chart: Chart) -> ChartData:
    return ChartData(
        chart=chart,
        json=chart.as_json(),
        script_id=f"chart-{chart.key}",
        table_id=f"chart-{chart.key}-table",
        canvas_id=f"chart-{chart.key}-canvas",
    )


# The matrix shows every state by an icon of its own shape (not by colour alone) and a label.
MONTH_ICONS = {
    MonthState.ON_TIME: "bi-check-circle-fill",
    MonthState.LATE: "bi-clock-history",
    MonthState.MISSED: "bi-x-circle-fill",
    MonthState.UPCOMING: "bi-circle",
    MonthState.NOT_APPLICABLE: "bi-dash-lg",
}
QUARTER_ICONS = {
    QuarterState.HELD: "bi-journal-check",
    QuarterState.MISSING: "bi-journal-x",
    QuarterState.UPCOMING: "bi-journal",
    QuarterState.NOT_APPLICABLE: "bi-dash-lg",
}
MINUTES_ICONS = {
    MinutesState.APPROVED: "bi-file-earmark-check",
    MinutesState.APPROVED_LATE: "bi-file-earmark-check-fill",
    MinutesState.PENDING: "bi-file-earmark",
    MinutesState.OVERDUE: "bi-file-earmark-x",
}


@dataclass
class LegendEntry:
    state: str
    icon: str
    label: str
    css: str  # matrix-<state> or minutes-<state>


def _legend(labels: dict, icons: dict, prefix: str) -> list[LegendEntry]:
    return [
        LegendEntry(state=state, icon=icons[state], label=str(label), css=f"{prefix}-{state}")
        for state, label in labels.items()
        if state in icons
    ]


@dataclass
class BoxView:
    """A box of the matrix as the page shows it: its icons, tooltip and spoken text are put
    together once here, not by the template for each of the 12 × rows boxes."""

    box: MonthBox
    icon: str
    minutes_icon: str
    title: str  # "Held late · 14/10/2026 · Minutes approved"
    text: str  # for screen readers: "Month 10: Held late, 14/10/2026, Minutes approved"


@dataclass
class QuarterView:
    box: QuarterBox
    icon: str
    title: str
    text: str


@dataclass
class RowView:
    row: MatrixRow
    months: list[BoxView]
    quarters: list[QuarterView]


def _box_view(box: MonthBox) -> BoxView:
    parts = [box.state_label]
    if box.date:
        parts.append(box.date.strftime("%d/%m/%Y"))
    if box.published_late:
        parts.append(gettext("Published late"))
    if box.documents_late:
        parts.append(
            ngettext(
                "%(count)s document added late",
                "%(count)s documents added late",
                box.documents_late,
            )
            % {"count": box.documents_late}
        )
    if box.minutes:
        parts.append(box.minutes_label)
    month = gettext("Month %(month)s") % {"month": box.month}
    return BoxView(
        box=box,
        icon=MONTH_ICONS[box.state],
        minutes_icon=MINUTES_ICONS.get(box.minutes, ""),
        title=" · ".join(parts),
        text=f"{month}: {', '.join(parts)}",
    )


def _quarter_view(box: QuarterBox) -> QuarterView:
    title = box.state_label
    if box.required:
        title += f" ({box.held}/{box.required})"
    quarter = gettext("Q%(quarter)s") % {"quarter": box.quarter}
    return QuarterView(
        box=box,
        icon=QUARTER_ICONS[box.state],
        title=title,
        text=f"{quarter}: {box.state_label}",
    )


@dataclass
class MatrixData:
    matrix: Matrix
    rows: list[RowView] = field(default_factory=list)
    months: list[int] = field(default_factory=lambda: list(range(1, 13)))
    quarters: list[int] = field(default_factory=lambda: [1, 2, 3, 4])

    @property
    def month_legend(self) -> list[LegendEntry]:
        return _legend(MonthState.LABELS, MONTH_ICONS, "matrix")

    @property
    def quarter_legend(self) -> list[LegendEntry]:
        return _legend(QuarterState.LABELS, QUARTER_ICONS, "quarter")

    @property
    def minutes_legend(self) -> list[LegendEntry]:
        return _legend(MinutesState.LABELS, MINUTES_ICONS, "minutes")


@dataclass
class MonthLink:
    month: int
    text: str
    url: str = ""


@dataclass
class MissedLine:
    alert: MissedAlert
    months: list[MonthLink]


@dataclass
class AlertsData:
    alerts: Alerts
    links_members: bool
    # (alert, url) pairs: the member's record (officers) or the meeting ("" where she may not go).
    probation: list[tuple[Any, str]]
    absences: list[tuple[Any, str]]
    minutes: list[tuple[Any, str]]
    missed: list[MissedLine]
    absence_flag_count: int
    minutes_approval_days: int
    # The Charter's two flags side by side (`dashboard.flags.MemberFlag`, url) and their settings.
    flags: list[tuple[Any, str]] = field(default_factory=list)
    unpaid_fee_flag_months: int = 3


def build_key_numbers(ctx: DashboardContext) -> KeyNumbers:
    return key_numbers(ctx.committee, ctx.year, ctx.matrix, today=ctx.today)


def build_matrix(ctx: DashboardContext) -> MatrixData:
    matrix = ctx.linked_matrix
    rows = [
        RowView(
            row=row,
            months=[_box_view(box) for box in row.months],
            quarters=[_quarter_view(box) for box in row.quarters],
        )
        for row in matrix.rows
    ]
    return MatrixData(matrix=matrix, rows=rows)


def build_alerts(ctx: DashboardContext) -> AlertsData:
    found = alerts(ctx.committee, ctx.year, ctx.matrix, today=ctx.today, rules=ctx.rules)
    rows = {row.key: row for row in ctx.linked_matrix.rows}

    def member_url(member_id: int) -> str:
        return reverse("members:detail", args=[member_id]) if ctx.links_members else ""

    def month_link(row_key: str, month: int) -> MonthLink:
        row = rows.get(row_key)
        box = row.months[month - 1] if row and len(row.months) >= month else None
        url = box.url if box is not None else ctx.calendar_url(month)
        return MonthLink(month=month, text=f"{month:02d}/{ctx.year}", url=url)

    return AlertsData(
        alerts=found,
        links_members=ctx.links_members,
        probation=[(a, member_url(a.member_id)) for a in found.probation],
        absences=[(a, member_url(a.member_id)) for a in found.absences],
        minutes=[(a, ctx.meeting_url(a.meeting_id)) for a in found.minutes],
        missed=[
            MissedLine(alert=a, months=[month_link(a.row_key, m) for m in a.months])
            for a in found.missed
        ],
        absence_flag_count=ctx.rules.absence_flag_count,
        minutes_approval_days=ctx.rules.minutes_approval_days,
        flags=[(f, member_url(f.member_id)) for f in found.flags],
        unpaid_fee_flag_months=ctx.rules.unpaid_fee_flag_months,
    )


def build_attendance(ctx: DashboardContext) -> ChartData:
    return chart_data(attendance_chart(ctx.committee, ctx.year, ctx.matrix))


def build_documents(ctx: DashboardContext) -> ChartData:
    return chart_data(documents_chart(ctx.committee, ctx.year, ctx.matrix))


def build_tasks(ctx: DashboardContext) -> ChartData:
    return chart_data(tasks_chart(ctx.committee, ctx.year, ctx.matrix, today=ctx.today))


def build_quality(ctx: DashboardContext) -> ChartData:
    return chart_data(quality_chart(ctx.committee, ctx.year, ctx.matrix, rules=ctx.rules))


def build_ratings(ctx: DashboardContext) -> ChartData:
    return chart_data(ratings_chart(ctx.committee, ctx.year))


CHART_TEMPLATE = "dashboard/panels/_chart.html"
HALF = "col-12 col-xl-6"

# In display order.
COMMITTEE_PANELS: list[Panel] = [
    Panel("key_numbers", "dashboard/panels/_key_numbers.html", build_key_numbers),
    Panel("alerts", "dashboard/panels/_alerts.html", build_alerts),
    Panel("matrix", "dashboard/panels/_matrix.html", build_matrix),
    Panel("attendance", CHART_TEMPLATE, build_attendance, column=HALF),
    Panel("documents", CHART_TEMPLATE, build_documents, column=HALF),
    Panel("tasks", CHART_TEMPLATE, build_tasks, column=HALF),
    Panel("quality", CHART_TEMPLATE, build_quality, column=HALF),
    Panel("ratings", CHART_TEMPLATE, build_ratings, officers_only=True, column=HALF),
    Panel("fees", "dashboard/panels/_fees.html", build_fees, column=HALF),
    Panel("study", "dashboard/panels/_study.html", build_study, column=HALF),
    Panel(
        "supervision",
        "dashboard/panels/_supervision.html",
        build_supervision,
        officers_only=True,
        column=HALF,
    ),
]


def visible_panels(ctx: DashboardContext, panels: list[Panel] | None = None) -> list[Panel]:
    panels = COMMITTEE_PANELS if panels is None else panels
    return [p for p in panels if not p.officers_only or ctx.sees_confidential]


def build_panels(
    ctx: DashboardContext, panels: list[Panel] | None = None
) -> list[tuple[Panel, Any]]:
    """(panel, its data) for every panel the user may see, in display order."""
    return [(panel, panel.build(ctx)) for panel in visible_panels(ctx, panels)]
