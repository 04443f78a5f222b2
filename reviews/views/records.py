"""Residence-place comments, commendations, discipline (issue 9 items 6–7).

- `residence_list` (GET): the comments of a year — every working member (official or
  probationary) of the cells the user follows, with her comment's status and how many are still
  missing; filters by cell and status; paginated. The officers of a cell see its members, the
  committee's officers every cell; anyone else 403.
- `residence_edit` (GET/POST): one member's comment of the year — requested, received (with an
  optional scan, uploaded without JavaScript) or exempt; `?scan=1` downloads the scan. Her cell's
  secretary or deputy, or an officer of her committee; 404 for a member the user may not see,
  403 for one she sees but may not change.
- `commendation_add`, `discipline_add` (GET/POST): the committee's officers only; back to the
  member's page with a message.
"""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cells.rules import rules_for
from core.forms import apply_service_errors, posted, posted_files
from core.redirects import requested_next
from core.uploads import upload_limit
from members import access
from reviews.forms import (
    CommendationForm,
    DisciplineForm,
    ResidenceFilterForm,
    ResidenceForm,
)
from reviews.models import ResidenceComment
from reviews.records import access as record_access
from reviews.records import checks, commendations, discipline, residence

PAGE_SIZE = 25


def _year_or_404(year: int) -> None:
    if not checks.year_in_range(year):
        raise Http404


def _decided_member(request, member_pk):
    """A member the user sees (else 404) and whose commendations and discipline she records (else
    403): the committee's officers."""
    member = access.get_member_for_user(request.user, member_pk)
    if not record_access.may_decide(request.user, member):
        raise PermissionDenied
    return member


# --- residence-place comments -------------------------------------------------------------------


@require_GET
def residence_list(request, year):
    _year_or_404(year)
    if not record_access.may_see_residence_list(request.user):
        raise PermissionDenied
    cells = residence.residence_cells(request.user)
    filters = ResidenceFilterForm(request.GET or None, cells=cells)
    chosen = filters.values()
    listing = residence.residence_listing(request.user, year, **chosen)
    page = Paginator(listing.members, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = residence.residence_rows(request.user, year, page.object_list)
    return render(
        request,
        "reviews/residence_list.html",
        {
            "year": year,
            "listing": listing,
            "filter": filters,
            "filtered": any(chosen.values()),
            "page": page,
            "rows": rows,
            "next_url": request.get_full_path(),
            "previous_year": year - 1 if checks.year_in_range(year - 1) else None,
            "next_year": year + 1 if checks.year_in_range(year + 1) else None,
        },
    )


def _residence_save(form, *, member, year, by):
    """Call the service of the chosen status with the form's fields."""
    data = form.cleaned_data
    status = data["status"]
    if status == ResidenceComment.Status.RECEIVED:
        return residence.residence_receive(
            member=member,
            year=year,
            by=by,
            received_on=data["received_on"],
            residence_cell=data["residence_cell"],
            good=data["good"],
            text=data["text"],
            scan=data["scan"],
        )
    if status == ResidenceComment.Status.EXEMPT:
        return residence.residence_exempt(
            member=member, year=year, by=by, reason=data["exempt_reason"]
        )
    return residence.residence_request(
        member=member, year=year, by=by, requested_on=data["requested_on"]
    )


def _scan_download(comment, member, year):
    if comment is None or not comment.scan:
        raise Http404
    suffix = PurePath(comment.scan.name).suffix.lower() or ".pdf"
    try:
        handle = comment.scan.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=f"nhan-xet-noi-cu-tru-{year}-{member.pk}{suffix}"
    )


def _residence_max_mb(request, year, member_pk) -> int:
    return rules_for(access.get_member_for_user(request.user, member_pk).committee).upload_max_mb


@upload_limit(_residence_max_mb)
@require_http_methods(["GET", "POST"])
def residence_edit(request, year, member_pk):
    _year_or_404(year)
    member = access.get_member_for_user(request.user, member_pk)
    if not record_access.may_edit_residence(request.user, member):
        raise PermissionDenied
    comment = ResidenceComment.objects.filter(member_id=member.pk, year=year).first()
    if request.method == "GET" and request.GET.get("scan"):
        return _scan_download(comment, member, year)
    default_next = reverse("reviews:residence_list", args=[year])
    next_url = requested_next(request, default_next)
    max_mb = rules_for(member.committee).upload_max_mb
    form = ResidenceForm(
        posted(request),
        posted_files(request),
        comment=comment,
        max_mb=max_mb,
        initial={"next": next_url},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _residence_save(form, member=member, year=year, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The residence-place comment of %(name)s for %(year)s was saved: %(status)s.")
                % {
                    "name": member.full_name,
                    "year": year,
                    "status": saved.get_status_display().lower(),
                },
            )
            return redirect(next_url)
    return render(
        request,
        "reviews/residence_form.html",
        {
            "member": member,
            "year": year,
            "comment": comment,
            "form": form,
            "cancel_url": next_url,
        },
    )


# --- commendations and discipline ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def commendation_add(request, member_pk):
    member = _decided_member(request, member_pk)
    form = CommendationForm(posted(request), initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            commendations.commendation_add(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The commendation of %(name)s was recorded.") % {"name": member.full_name},
            )
            return redirect(member)
    return render(
        request,
        "reviews/commendation_form.html",
        {"member": member, "form": form, "cancel_url": member.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
def discipline_add(request, member_pk):
    member = _decided_member(request, member_pk)
    form = DisciplineForm(posted(request), motions=discipline.discipline_motions(member))
    if request.method == "POST" and form.is_valid():
        try:
            discipline.discipline_add(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The discipline of %(name)s was recorded.") % {"name": member.full_name},
            )
            return redirect(member)
    return render(
        request,
        "reviews/discipline_form.html",
        {"member": member, "form": form, "cancel_url": member.get_absolute_url()},
    )
