"""The committee's side of the quality year (issue 9 items 4, 5, 8): it decides the members'
ratings within the quota, rates its cells, and gets the year's reports.

- `year_overview` (GET): per cell, the members rated with their self-assessment and the cell's
  proposal, a select of the committee's rating each (its decision, else the proposal), the members
  not rated and those still without a proposal; the live quota check of the ratings shown; the
  cells' ratings; links to the report, the workbook and the DOCX.
- `confirm` (POST): the committee decides and confirms the set (`reviews.services.ratings_confirm`);
  over the quota the page comes back (200) with the working and her selections, nothing saved.
- `cell_rating` (POST): a cell's rating for the year (`reviews.cell_ratings.cell_rating_set`).
- `report`, `report_xlsx`, `report_docx` (GET): the year's rating table per cell and for the
  committee.

Evaluations are confidential (DESIGN §3): committee officers only, of their own committee — a
cell secretary, a member, an observer, a clerk, a superuser without office get a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cells.models import Cell, Committee
from core.forms import apply_service_errors
from members import access
from members.access_log import Kind, log_views
from reviews import services
from reviews.cell_ratings import FIRST_YEAR, cell_rating_set
from reviews.forms import CellRatingForm, RatingsForm, posted_decisions
from reviews.models import Evaluation, Rating
from reviews.reports import data as report_data
from reviews.reports import document as report_document
from reviews.reports import workbook as report_workbook

YEAR_PAGE = "reviews/year.html"
REPORT_PAGE = "reviews/report.html"


# --- helpers ----------------------------------------------------------------------------------


def _committee_for(user) -> Committee:
    """The committee whose year the user decides: hers (as a member) if she is its officer,
    else the committee she is an officer of. No committee office (by a position or a grant; a
    superuser's rights do not count): 403."""
    acc = access.access_for(user)
    if not acc.officer_committees:
        raise PermissionDenied
    if acc.member_committee_id in acc.officer_committees:
        pk = acc.member_committee_id
    else:
        pk = min(acc.officer_committees)
    return Committee.objects.select_related("rules").get(pk=pk)


def _check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404
    return year


def _year_page(request, committee, year, *, ratings_form=None, failed_cell=None, status=200):
    """The year page. `ratings_form`: the posted selections to show again (with their errors);
    `failed_cell`: (cell pk, its rating form with errors)."""
    sheets = report_data.year_sheet(committee, year)
    evaluations = [e for sheet in sheets for e in sheet.rated]
    log_views(
        request.user,
        kind=Kind.EVALUATION,
        records=[(e.member, e) for e in evaluations],
        request=request,
        label=f"{year} · {committee.name}",
    )
    if ratings_form is None:
        ratings_form = RatingsForm(
            evaluations=evaluations,
            initial_ratings={e.pk: report_data.initial_rating(e) for e in evaluations},
        )
    selected = ratings_form.selected()
    for sheet in sheets:
        for evaluation in sheet.rated:
            evaluation.select = ratings_form.field_for(evaluation.pk)
        if failed_cell and failed_cell[0] == sheet.cell.pk:
            sheet.form = failed_cell[1]
        else:
            initial = (
                {"rating": sheet.rating.rating, "note": sheet.rating.note} if sheet.rating else {}
            )
            sheet.form = CellRatingForm(cell_pk=sheet.cell.pk, initial=initial)
    undecided = sum(1 for value in selected.values() if not value)
    review_year = committee.review_years.filter(year=year).select_related("confirmed_by").first()
    return render(
        request,
        YEAR_PAGE,
        {
            "committee": committee,
            "year": year,
            "sheets": sheets,
            "form": ratings_form,
            "check": services.quota_check(selected.values(), committee),
            "undecided": undecided,
            "rated_count": len(evaluations),
            "unproposed": sum(sheet.unproposed for sheet in sheets),
            "review_year": review_year,
            "years": (year - 1, year + 1 if year < timezone.localdate().year else None),
        },
        status=status,
    )


# --- the year page, confirming the ratings, a cell's rating -----------------------------------


@require_GET
def year_overview(request, year):
    committee = _committee_for(request.user)
    return _year_page(request, committee, _check_year(year))


def _confirmed_message(committee, year, check) -> str:
    counts = dict(
        Evaluation.objects.filter(committee=committee, year=year, rated=True)
        .values_list("final_rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    levels = ", ".join(
        f"{counts.get(value, 0)} {str(label).lower()}" for value, label in Rating.choices
    )
    return _("The ratings of %(year)s are confirmed: %(levels)s (%(working)s).") % {
        "year": year,
        "levels": levels,
        "working": check.working,
    }


@require_POST
def confirm(request, year):
    committee = _committee_for(request.user)
    year = _check_year(year)
    sheets = report_data.year_sheet(committee, year)
    evaluations = [e for sheet in sheets for e in sheet.rated]
    if not evaluations:
        messages.info(
            request, _("Nothing to confirm: no member is rated for %(year)s yet.") % {"year": year}
        )
        return redirect("reviews:year", year=year)
    form = RatingsForm(
        request.POST,
        evaluations=evaluations,
        initial_ratings={e.pk: report_data.initial_rating(e) for e in evaluations},
    )
    if form.is_valid():
        # Fields the page did not show go to the service too: it refuses them by name.
        decisions = {
            pk: value
            for pk, value in posted_decisions(request.POST).items()
            if f"rating-{pk}" not in form.fields
        }
        decisions.update(form.decisions())
        try:
            check = services.ratings_confirm(
                committee=committee, year=year, decisions=decisions, by=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _confirmed_message(committee, year, check))
            return redirect("reviews:year", year=year)
    # The page again with her selections and why; nothing was saved.
    return _year_page(request, committee, year, ratings_form=form)


@require_POST
def cell_rating(request, year, cell_pk):
    committee = _committee_for(request.user)
    year = _check_year(year)
    cell = Cell.objects.filter(pk=cell_pk, committee=committee).first()
    if cell is None:
        raise Http404
    form = CellRatingForm(request.POST, cell_pk=cell.pk)
    if form.is_valid():
        try:
            record = cell_rating_set(
                cell=cell,
                year=year,
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(cell)s is rated “%(rating)s” for %(year)s.")
                % {"cell": cell.name, "rating": record.get_rating_display(), "year": year},
            )
            return redirect(reverse("reviews:year", kwargs={"year": year}) + "#cell-ratings")
    return _year_page(request, committee, year, failed_cell=(cell.pk, form))


# --- the reports ------------------------------------------------------------------------------


@require_GET
def report(request, year):
    committee = _committee_for(request.user)
    data = report_data.year_report(committee, _check_year(year))
    return render(request, REPORT_PAGE, {"committee": committee, "year": year, "report": data})


@require_GET
def report_xlsx(request, year):
    committee = _committee_for(request.user)
    data = report_data.year_report(committee, _check_year(year), with_members=True)
    response = HttpResponse(
        report_workbook.report_xlsx(data), content_type=report_workbook.XLSX_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{report_workbook.xlsx_filename(data)}"'
    )
    return response


@require_GET
def report_docx(request, year):
    committee = _committee_for(request.user)
    data = report_data.year_report(committee, _check_year(year))
    response = HttpResponse(
        report_document.report_docx(data), content_type=report_document.DOCX_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{report_document.docx_filename(data)}"'
    )
    return response
