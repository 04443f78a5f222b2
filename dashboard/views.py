"""The dashboard app's pages (issue 10). Views parse, call the selectors, render.

Landing and homes (items 2–4):
- `home` ("/", the login redirect): committee officers and observers land on the dashboard of
  their first committee (by name); a user whose only office is a superior grant on the
  superior's dashboard (`reports:superior_home`, issue 22); everyone else on her personal home. A superuser sees every
  dashboard but lands on one only if she also holds an office or a grant there: administering
  the installation is not reading a committee's numbers every morning.
- `my_home` ("home/"): the panels of each cell the user is an officer of
  (`dashboard.homes.cell_home`), her own panels if she has a member record (`member_home`); with
  neither, the overview of the committees she may see.

The committee dashboard — trang tổng quan đảng bộ (item 1):
- `committee_dashboard` ("dashboard/<pk>/"): committee officers and observers (and superusers)
  open it for a year (`?year=`, default this year); a superior's officer too, read-only, for a
  year the committee was under her superior (`dashboard.access`). The page is the panels of
  `dashboard.panels.COMMITTEE_PANELS`, each built by its selector and shown by its partial
  template; nothing on it changes anything.

The committee's year report (item 5):
- `report_xlsx` (GET): the workbook, a sheet per section of the dashboard
  (`dashboard.report.workbook`).
- `report_docx` (GET): the official summary "BÁO CÁO tình hình sinh hoạt chi bộ năm …", always in
  Vietnamese.
Who: committee officers and observers of the committee (`dashboard.access`: 404 for a committee
she may not see, 403 for one she sees without its dashboard). The member ratings (confidential)
are in the report for committee officers only. `?year=` picks the year (absent: this year); a
year that is not a number from 2000 to next year is a 400 with the reason, not another year's
report.
"""

import datetime
import functools

from django.contrib import messages
from django.db.models import Count, Min, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cells.models import Cell, Committee, Term
from cells.rules import rules_for
from core.db import reads_from_replica
from core.versions import cached_render, committee_scope
from dashboard import homes
from dashboard import supervision as supervision_home
from dashboard.access import (
    FIRST_YEAR,
    dashboard_committee_ids,
    get_dashboard_committee,
    parse_year,
    reads_as_superior,
    sees_confidential,
)
from dashboard.panels import DashboardContext, build_panels
from dashboard.report import document, workbook
from dashboard.report.data import year_report
from meetings.models import Meeting
from members import access
from members.models import Member

# --- landing and homes ---------------------------------------------------------------------------


def landing_committee_ids(user) -> frozenset[int]:
    """The committees whose dashboard is the user's landing page: those she is an officer or an
    observer of (a superuser's view of every committee does not count)."""
    acc = access.access_for(user)
    return dashboard_committee_ids(user) & (acc.officer_committees | acc.observer_committees)


def home(request):
    landing = landing_committee_ids(request.user)
    if landing:
        committee = Committee.objects.filter(pk__in=landing).order_by("name", "pk").first()
        return redirect("dashboard:committee", pk=committee.pk)
    if access.only_superior_grants(request.user):
        return redirect("reports:superior_home")
    return my_home(request)


def _committee_rows(user, today):
    """The committees the user may see, with their current term and number of active cells."""
    committees = list(
        access.visible_committees(user)
        .annotate(
            active_cells=Count("cells", filter=Q(cells__status=Cell.Status.ACTIVE), distinct=True)
        )
        .order_by("name")
    )
    current_terms = {
        t.committee_id: t for t in Term.objects.filter(committee__in=committees).containing(today)
    }
    return [(c, current_terms.get(c.pk)) for c in committees]


# Where the member's unread notifications go in her cached panels (`dashboard/home/_member.html`).
NOTIFICATIONS_SLOT = "<!--chibo:notifications-->"


def my_home(request):
    today = timezone.localdate()
    user = request.user
    acc = access.access_for(user)
    cells = homes.officer_cells(acc.officer_cells)

    @functools.cache
    def supervision():
        return supervision_home.home_supervision(
            [cell.pk for cell in cells], acc.member_id, today=today
        )

    built = []

    def cell_context(cell) -> dict:
        cell_home = homes.cell_home(cell, today=today)
        built.append(cell_home)
        return {"ch": cell_home, "supervision": supervision()}

    # Each cell's panels are one cached part (`core.versions`): her own, of the cell's committee.
    cell_parts = [
        cached_render(
            "cell-home",
            [committee_scope(cell.committee_id)],
            (user.pk, cell.pk, today),
            "dashboard/home/_cell.html",
            functools.partial(cell_context, cell),
        )
        for cell in cells
    ]
    member_home, member_part = None, ""
    if acc.member_id:

        def member_context() -> dict:
            nonlocal member_home
            member = Member.objects.get(pk=acc.member_id)
            member_home = homes.member_home(member, user, today=today)
            return {"mh": member_home, "supervision": supervision()}

        # Her own panels are one cached part but for her unread notifications, which change with
        # no write to a party record: they are put in the part's slot at every view.
        member_part = cached_render(
            "member-home",
            [committee_scope(acc.member_committee_id)],
            (user.pk, acc.member_id, today),
            "dashboard/home/_member.html",
            member_context,
        )
        if member_home:
            notifications, unread = member_home.notifications, member_home.unread
        else:
            notifications, unread = homes.unread_notifications(user)
        member_part = member_part.replace(
            NOTIFICATIONS_SLOT,
            render_to_string(
                "dashboard/home/_notifications.html",
                {"mh": {"notifications": notifications, "unread": unread}},
            ),
            1,
        )
    context = {
        "today": today,
        "cell_parts": cell_parts,
        # The panels made for this response (none of those kept from an earlier one).
        "cell_homes": built,
        "member_home": member_home,
        "member_part": mark_safe(member_part),
        "dashboards": [],
        "rows": None,
    }
    landing = landing_committee_ids(user)
    if landing:
        context["dashboards"] = list(
            Committee.objects.filter(pk__in=landing).order_by("name", "pk").only("pk", "name")
        )
    if not (cells or acc.member_id):
        context["rows"] = _committee_rows(user, today)
    return render(request, "dashboard/home.html", context)


# --- the committee dashboard ---------------------------------------------------------------------


# How many years the year switch offers, counting back from this year.
YEAR_CHOICES = 10


def year_from_request(request, today: datetime.date) -> int:
    """`?year=`: absent → this year; not a year the dashboard shows → this year, with a warning."""
    value = request.GET.get("year")
    if value is None or value == "":
        return today.year
    year = parse_year(value, today)
    if year is None:
        messages.warning(
            request,
            _("“%(value)s” is not a year the dashboard can show: here is %(year)s instead.")
            % {"value": value[:20], "year": today.year},
        )
        return today.year
    return year


def year_choices(committee, year: int, today: datetime.date) -> list[int]:
    """This year back to the year of the committee's first meeting (at most ten years), and the
    year shown if it is not among them (e.g. next year's schedule). Newest first."""
    first = Meeting.objects.filter(committee=committee).aggregate(first=Min("date"))["first"]
    oldest = max(first.year if first else today.year, today.year - YEAR_CHOICES + 1)
    oldest = min(oldest, today.year)
    choices = list(range(today.year, oldest - 1, -1))
    if year not in choices:
        choices.append(year)
        choices.sort(reverse=True)
    return choices


def _asked_year(request, today: datetime.date) -> int:
    """The year `?year=` names, this year when absent or bad (`year_from_request` says why)."""
    return parse_year(request.GET.get("year"), today) or today.year


def _superior_years(user, committee, choices: list[int]) -> list[int]:
    """The years of `choices` a superior's officer reads the committee's dashboard for: those it
    was under her superior (`reads_as_superior`; her scope is read once)."""
    return [year for year in choices if reads_as_superior(user, committee.pk, year)]


@require_GET
@reads_from_replica
def committee_dashboard(request, pk):
    today = timezone.localdate()
    committee = get_dashboard_committee(request.user, pk, year=_asked_year(request, today))
    year = year_from_request(request, today)
    # A superior's officer reads it without an office or grant in the committee (issue 22).
    as_superior = committee.pk not in access.access_for(request.user).view_committees

    def panels_context() -> dict:
        ctx = DashboardContext(
            committee=committee,
            year=year,
            today=today,
            rules=rules_for(committee),
            user=request.user,
        )
        ctx.linked_matrix  # noqa: B018 — every box of the matrix gets its link for this user first
        return {"committee": committee, "year": year, "today": today, "panels": build_panels(ctx)}

    panels = cached_render(
        "committee-dashboard",
        [committee_scope(committee.pk)],
        (request.user.pk, committee.pk, year, today),
        "dashboard/_panels.html",
        panels_context,
    )
    query = "?" + urlencode({"year": year})
    choices = year_choices(committee, year, today)
    if as_superior:
        choices = _superior_years(request.user, committee, choices)
    return render(
        request,
        "dashboard/committee.html",
        {
            "committee": committee,
            "year": year,
            "today": today,
            "is_this_year": year == today.year,
            "panels_html": panels,
            "year_choices": choices,
            # Her way back, and no link to the committee's page she may not open.
            "superior_url": reverse("reports:superior_home") if as_superior else "",
            "report_xlsx_url": reverse("dashboard:report_xlsx", args=[committee.pk]) + query,
            "report_docx_url": reverse("dashboard:report_docx", args=[committee.pk]) + query,
            "my_home_url": reverse("dashboard:my_home"),
            # Observers read only: no link that leads to a form (the committee's settings).
            "can_edit_settings": access.can_edit_committee(request.user, committee.pk),
        },
    )


# --- the year report -----------------------------------------------------------------------------


def _report(request, pk):
    """The report the request asks for, or the 400 response explaining a bad year. A superior's
    officer downloads it as she reads the page: for a year the committee was under her superior,
    without the confidential ratings (issue 22)."""
    today = timezone.localdate()
    committee = get_dashboard_committee(request.user, pk, year=_asked_year(request, today))
    value = request.GET.get("year")
    if value is None or value == "":
        year = today.year
    else:
        year = parse_year(value, today)
        if year is None:
            message = _("The year must be a number from %(first)s to %(last)s.") % {
                "first": FIRST_YEAR,
                "last": today.year + 1,
            }
            return None, render(request, "400.html", {"message": message}, status=400)
    data = year_report(
        committee, year, today=today, confidential=sees_confidential(request.user, pk)
    )
    return data, None


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@reads_from_replica
def report_xlsx(request, pk):
    data, error = _report(request, pk)
    if error:
        return error
    return _attachment(workbook.report_xlsx(data), workbook.XLSX_TYPE, workbook.xlsx_filename(data))


@require_GET
@reads_from_replica
def report_docx(request, pk):
    data, error = _report(request, pk)
    if error:
        return error
    return _attachment(document.report_docx(data), document.DOCX_TYPE, document.docx_filename(data))
