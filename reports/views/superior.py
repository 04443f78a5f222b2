"""The superior's dashboard — tổng quan của cấp ủy cấp trên (issue 22 items 2 and 4).

- `superior_home` ("superior/"): the user's superior — straight to its dashboard when she holds a
  grant at one only, else the list to choose from (`?superior=<pk>` picks one: 404 if not hers);
  403 for a user who holds no superior grant (a superuser sees every superior).
- `superior_dashboard` ("superior/<pk>/", `?year=` as the committee dashboard): the committees
  under the superior during the year (`reports.superior.superior_overview`), each opening its own
  dashboard read-only (`dashboard.access`) and each submitted monthly report opening the report.
  404 for a superior where she holds no grant today. Nothing on it changes anything.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from cells.models import Superior, SuperiorBody
from core.db import reads_from_replica
from core.versions import cached_render, committee_scope
from dashboard.committee.charts import Chart, Series
from dashboard.panels import chart_data
from dashboard.views import YEAR_CHOICES, year_from_request
from members import access
from reports.directives import directive_progress, directives_of
from reports.superior import (
    Mark,
    ReportState,
    SuperiorOverview,
    committee_ids_during,
    superior_overview,
)

URL_PLACEHOLDER = 987654321

# Every state has an icon of its own shape (not a colour alone) and a label; the CSS classes are
# those of the committee's compliance matrix.
MARK_ICONS = {
    Mark.ON_TIME: ("bi-check-circle-fill", "matrix-on_time"),
    Mark.LATE: ("bi-clock-history", "matrix-late"),
    Mark.MISSED: ("bi-x-circle-fill", "matrix-missed"),
    Mark.UPCOMING: ("bi-circle", "matrix-upcoming"),
    Mark.NO_ROWS: ("bi-dash-lg", "matrix-na"),
    Mark.ELSEWHERE: ("bi-slash-circle", "matrix-na"),
}
REPORT_ICONS = {
    ReportState.ON_TIME: ("bi-file-earmark-check-fill", "matrix-on_time"),
    ReportState.LATE: ("bi-file-earmark-break", "matrix-late"),
    ReportState.OVERDUE: ("bi-file-earmark-x", "matrix-missed"),
    ReportState.NOT_DUE: ("bi-file-earmark", "matrix-upcoming"),
    ReportState.ELSEWHERE: ("bi-slash-circle", "matrix-na"),
}


def _superiors(user):
    """The superiors the user may open: hers; every one for a superuser."""
    if access.access_for(user).is_superuser:
        return Superior.objects.order_by("name", "pk")
    return access.superiors_of(user)


@require_GET
def superior_home(request):
    superiors = _superiors(request.user)
    chosen = request.GET.get("superior")
    if chosen is not None:
        try:
            pk = int(chosen)
        except ValueError as error:
            raise Http404 from error
        return redirect(
            "reports:superior_dashboard", pk=access.get_superior_for_user(request.user, pk).pk
        )
    superiors = list(superiors)
    if not superiors and not access.access_for(request.user).is_superuser:
        raise PermissionDenied
    if len(superiors) == 1:
        return redirect("reports:superior_dashboard", pk=superiors[0].pk)
    return render(request, "reports/superior_choose.html", {"superiors": superiors})


def _year_choices(superior, year: int, today: datetime.date) -> list[int]:
    """This year back to the year the first committee came under the superior (at most ten
    years), and the year shown if it is not among them. Newest first. One query."""
    first = SuperiorBody.objects.filter(superior=superior).aggregate(first=Min("valid_from"))
    first = first["first"]
    oldest = max(first.year if first else today.year, today.year - YEAR_CHOICES + 1)
    oldest = min(oldest, today.year)
    choices = list(range(today.year, oldest - 1, -1))
    if year not in choices:
        choices.append(year)
        choices.sort(reverse=True)
    return choices


def _link(overview: SuperiorOverview) -> None:
    """Each committee's line opens its dashboard of the year; each submitted report opens the
    report (one reverse() each for the page's many links)."""
    query = "?" + urlencode({"year": overview.year})
    committee_url = reverse("dashboard:committee", args=[URL_PLACEHOLDER])
    report_url = reverse("reports:detail", args=[URL_PLACEHOLDER])
    for line in overview.lines:
        line.url = committee_url.replace(str(URL_PLACEHOLDER), str(line.committee_id)) + query
        for cell in line.months:
            if cell.report_id:
                cell.report_url = report_url.replace(str(URL_PLACEHOLDER), str(cell.report_id))


def meetings_chart(overview: SuperiorOverview) -> Chart:
    """Regular meetings held on time, and held at all, per committee (% of those due in the
    superior's months)."""
    return Chart(
        key="superior-meetings",
        title=gettext("Regular meetings held, by committee"),
        kind="bar",
        labels=[line.name for line in overview.lines],
        series=[
            Series(gettext("Held on time"), [line.on_time_percent for line in overview.lines]),
            Series(gettext("Held"), [line.held_percent for line in overview.lines]),
        ],
        unit="%",
    )


def reports_chart(overview: SuperiorOverview) -> Chart:
    """The monthly reports, month by month: committees that submitted on time, late, not yet."""
    counts = overview.reports_by_month()
    return Chart(
        key="superior-reports",
        title=gettext("Monthly reports, month by month"),
        kind="bar",
        labels=[gettext("M%(month)s") % {"month": month} for month in range(1, 13)],
        series=[
            Series(str(ReportState.LABELS[state]), counts[state])
            for state in (ReportState.ON_TIME, ReportState.LATE, ReportState.OVERDUE)
        ],
        stacked=True,
    )


# The directives whose study the dashboard follows: the latest of the year with a campaign.
DIRECTIVES_SHOWN = 3


def _directive_rows(superior, overview: SuperiorOverview):
    """The study of the superior's latest directives of the year (with a study campaign), one row
    each: the directive, its totals and, for each committee of the page in its order, that
    committee's progress (None where the directive did not go). Three queries."""
    directives = directives_of(superior).filter(
        issued_on__year=overview.year, study_deadline__isnull=False
    )[:DIRECTIVES_SHOWN]
    rows = []
    for progress in directive_progress(directives):
        by_committee = {line.committee_id: line for line in progress.committees}
        rows.append((progress, [by_committee.get(line.committee_id) for line in overview.lines]))
    return rows


def _legend(labels: dict, icons: dict) -> list[tuple[str, str, str]]:
    return [(icons[state][0], icons[state][1], str(label)) for state, label in labels.items()]


def _matrix_rows(overview: SuperiorOverview):
    """Each committee's line with its twelve meeting boxes and twelve report boxes, their words
    made once per page rather than once per box (forty committees: 960 boxes)."""
    months = {m: gettext("Month %(month)s") % {"month": m} for m in range(1, 13)}
    marks = {mark: str(label) for mark, label in Mark.LABELS.items()}
    reports = {state: str(label) for state, label in ReportState.LABELS.items()}
    rows = []
    for line in overview.lines:
        mark_boxes, report_boxes = [], []
        for cell in line.months:
            mark_boxes.append((cell, *MARK_ICONS[cell.mark], months[cell.month], marks[cell.mark]))
            if cell.report_submitted_on:
                when = cell.report_submitted_on.strftime("%d/%m/%Y")
                title, hidden = f" · {when}", f", {when}"
            elif cell.report_due_on:
                due = gettext("due %(date)s") % {"date": cell.report_due_on.strftime("%d/%m/%Y")}
                title, hidden = f" · {due}", ""
            else:
                title = hidden = ""
            label = reports[cell.report]
            report_boxes.append(
                (
                    cell,
                    *REPORT_ICONS[cell.report],
                    months[cell.month],
                    label + title,
                    label + hidden,
                )
            )
        rows.append((line, mark_boxes, report_boxes))
    return rows


# The totals of the key numbers and the table's last line.
TOTALS = (
    "official",
    "probationary",
    "admitted",
    "flagged",
    "fees_remitted",
    "reports_submitted",
    "reports_on_time",
    "reports_overdue",
    "meetings_due",
    "meetings_on_time",
    "topics_held",
    "topics_due",
    "minutes_approved",
    "minutes_approved_late",
    "minutes_pending",
    "minutes_overdue",
)


@require_GET
@reads_from_replica
def superior_dashboard(request, pk):
    superior = access.get_superior_for_user(request.user, pk)
    today = timezone.localdate()
    year = year_from_request(request, today)

    def body_context() -> dict:
        overview = superior_overview(superior, year, today=today)
        _link(overview)
        return {
            "superior": superior,
            "overview": overview,
            "year": year,
            "today": today,
            "rows": _matrix_rows(overview),
            "months": list(range(1, 13)),
            "directive_rows": _directive_rows(superior, overview),
            "charts": [chart_data(meetings_chart(overview)), chart_data(reports_chart(overview))],
            "mark_legend": _legend(Mark.LABELS, MARK_ICONS),
            "report_legend": _legend(ReportState.LABELS, REPORT_ICONS),
            "totals": {name: overview.total(name) for name in TOTALS},
        }

    body = cached_render(
        "superior-dashboard",
        [committee_scope(pk) for pk in committee_ids_during(superior, year)],
        (request.user.pk, superior.pk, year, today),
        "reports/_superior_body.html",
        body_context,
    )
    return render(
        request,
        "reports/superior.html",
        {
            "superior": superior,
            "year": year,
            "today": today,
            "year_choices": _year_choices(superior, year, today),
            "body_html": body,
            "several_superiors": _superiors(request.user)[:2].count() > 1,
        },
    )
