"""The figures of a periodic report as plain data — số liệu của báo cáo (issue 22, DOMAIN §15).

`figures_json(period_figures(…))` turns the figures the dashboards count
(`reports.measures.period.period_figures`, one place per number) into a JSON-able dict: a draft
reads it live (`report_figures`), a submitted report keeps it frozen in `PeriodReport.figures`,
and the print view and the DOCX (`reports.document`) read that one structure whichever it is.

    {
      "start": "2025-03-01", "end": "2025-03-31", "as_of": "2025-03-31",
      "members": {"total", "official", "probationary", "admitted", "recognised",
                  "transferred_in", "transferred_out", "temporarily_in", "temporarily_out",
                  "deceased", "removed", "disciplined"},
      "meetings": {"rows": [{"key", "name" ("" for the executive committee), "cell_id",
                             "held", "on_time", "late", "missed", "present", "attendance_rows",
                             "attendance_percent" ("80.0" or None), "topics_held"}, …],
                   "total": {the same counts for every row},
                   "grades": {"good", "fair", "average", "poor"}},
      "study": {"started", "participants", "done",
                "campaigns": [{"title", "starts_on", "deadline", "participants", "done"}, …]},
      "supervision": {"total", "regular", "thematic", "inspection", "violations"},
      "fees": {"collected", "received", "remitted"},   (VND)
      "tasks": {"assigned", "done", "overdue"},
    }

Dates are ISO strings, percentages strings with one decimal (a Decimal is not JSON), counts
integers. The names of cells are frozen with the figures (a cell renamed later keeps its old name
in a submitted report).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict
from decimal import Decimal

from fees.rates import month_end
from reports.measures.period import PeriodFigures, period_figures
from reports.models import PeriodReport

Kind = PeriodReport.Kind
# The months a period of each kind spans.
SPAN_MONTHS = {Kind.MONTH: 1, Kind.QUARTER: 3, Kind.HALF: 6, Kind.YEAR: 12}
MEETING_COUNTS = ("held", "on_time", "late", "missed", "present", "attendance_rows", "topics_held")


def period_bounds(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month, quarter, half-year or year of `kind` containing
    `day`."""
    span = SPAN_MONTHS[kind]
    first_month = (day.month - 1) // span * span + 1
    start = datetime.date(day.year, first_month, 1)
    return start, month_end(datetime.date(day.year, first_month + span - 1, 1))


def is_period_start(kind: str, day: datetime.date) -> bool:
    """Is `day` the first day of a period of `kind`?"""
    return kind in SPAN_MONTHS and period_bounds(kind, day)[0] == day


def _percent(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.1f}"


def figures_json(figures: PeriodFigures) -> dict:
    """The figures of a period as JSON-able data (see the module's docstring)."""
    meetings = figures.meetings
    rows = [
        {
            "key": row.key,
            "name": str(row.name) if row.cell_id is not None else "",
            "cell_id": row.cell_id,
            "held": row.held,
            "on_time": row.on_time,
            "late": row.late,
            "missed": row.missed,
            "present": row.present,
            "attendance_rows": row.attendance_rows,
            "attendance_percent": _percent(row.attendance_percent),
            "topics_held": row.topics_held,
        }
        for row in meetings.rows
    ]
    total = {name: sum(row[name] for row in rows) for name in MEETING_COUNTS}
    total["attendance_percent"] = _percent(meetings.attendance_percent)
    study = figures.study
    return {
        "start": figures.start.isoformat(),
        "end": figures.end.isoformat(),
        "as_of": figures.as_of.isoformat(),
        "members": asdict(figures.members),
        "meetings": {"rows": rows, "total": total, "grades": dict(meetings.grades)},
        "study": {
            "started": study.started,
            "participants": study.participants,
            "done": study.done,
            "campaigns": [
                {
                    "title": campaign.title,
                    "starts_on": campaign.starts_on.isoformat(),
                    "deadline": campaign.deadline.isoformat(),
                    "participants": campaign.participants,
                    "done": campaign.done,
                }
                for campaign in study.campaigns
            ],
        },
        "supervision": asdict(figures.supervision),
        "fees": asdict(figures.fees),
        "tasks": asdict(figures.tasks),
    }


def live_figures(report: PeriodReport, *, today: datetime.date | None = None) -> dict:
    """The report's figures counted now from the records (a draft's; a submission freezes them).
    The queries of `period_figures`: a constant number."""
    return figures_json(
        period_figures(report.committee, report.period_start, report.period_end, today=today)
    )


def report_figures(report: PeriodReport, *, today: datetime.date | None = None) -> dict:
    """What the report states: the frozen figures of a submitted version, the live ones of a
    draft."""
    if report.figures is not None and report.is_submitted:
        return report.figures
    return live_figures(report, today=today)
