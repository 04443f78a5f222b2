"""The member's self-assessment and the cell's review (issue 9 items 2–4, the cell's side).

- `self_assessment` (GET/POST `/reviews/self/<year>/`): her own self-assessment of the current
  or the previous year — nobody else's: there is no member in the URL and any other posted field
  is ignored. Editable until the cell's review meeting, then shown read-only. A user with no
  member record sees a page saying so.
- `cell_review`: the officers of the cell and of its committee — who is reviewed and who is rated
  (with why), whose self-assessment is missing, each member's self-score, the year's evidence,
  the cell's proposal; a small proposal form per rated member for the cell's secretary or deputy
  and the committee officers until the committee confirms the year.
- `propose` (POST): the proposal of one member's rating with its vote tally. Field errors show
  the page again with that member's form as typed; a refusal as a whole is a message naming her.

What the user may not see is a 404; what she sees but may not change, a 403.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cells.models import Cell
from cells.rules import rules_for
from core.forms import apply_service_errors, posted
from members import access
from members.access_log import Kind, log_views
from members.models import CellMembership, Member
from members.models import Status as MemberStatus
from reviews import quota, selectors, services
from reviews.forms import ProposeForm, SelfAssessmentForm
from reviews.models import Evaluation, Rating, ReviewYear

FIRST_YEAR = 2000


# --- helpers ----------------------------------------------------------------------------------


def _review_year_or_404(year: int) -> int:
    """A year the cell may review: not in the future, not before the app's records."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def _cell_for_review(user, cell_pk) -> tuple[Cell, bool]:
    """The cell, for its officers and the officers of its committee (with whether the user may
    propose ratings). 403 for the cell's other members and the committee's observers and clerks
    (they know the cell reviews its members, but the review is confidential); 404 for everyone
    else — members of other cells, other committees, a superuser without office."""
    cell = Cell.objects.select_related("committee").filter(pk=cell_pk).first()
    if cell is None:
        raise Http404
    acc = access.access_for(user)
    committee_officer = cell.committee_id in acc.officer_committees
    if not (committee_officer or cell.pk in acc.officer_cells):
        if cell.pk in acc.own_cells or cell.committee_id in acc.reader_committees:
            raise PermissionDenied
        raise Http404
    return cell, committee_officer or cell.pk in acc.editor_cells


def _rating_label(value: str) -> str:
    return str(Rating(value).label) if value in Rating.values else ""


def _rating_warning(evaluation: Evaluation | None, rules) -> str:
    """A warning when the rating she proposes is above the band of her own self-score (allowed:
    the cell decides); "" otherwise."""
    if evaluation is None:
        return ""
    band = quota.rating_above_band(
        evaluation.self_rating,
        evaluation.self_score,
        outstanding_min=rules.rating_outstanding_min,
        good_min=rules.rating_good_min,
        pass_min=rules.rating_pass_min,
    )
    if band is None:
        return ""
    return _(
        "Your self-score of %(score)s / 100 falls in the band “%(band)s”, below the rating you "
        "propose, “%(rating)s”. You may keep it: say why in your self-assessment; the cell "
        "decides."
    ) % {
        "score": evaluation.self_score,
        "band": _rating_label(band),
        "rating": _rating_label(evaluation.self_rating),
    }


# --- the self-assessment ----------------------------------------------------------------------


def _own_year_or_404(year: int) -> int:
    """Her self-assessment of this year or of the last."""
    today = timezone.localdate()
    if year not in (today.year, today.year - 1):
        raise Http404
    return year


@require_http_methods(["GET", "POST"])
def self_assessment(request, year):
    _own_year_or_404(year)
    acc = access.access_for(request.user)
    if acc.member_id is None:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "reviews/self_assessment.html", {"year": year, "has_member": False})
    member = Member.objects.select_related("committee").get(pk=acc.member_id)
    membership = (
        CellMembership.objects.filter(member_id=member.pk, end_date__isnull=True)
        .select_related("cell__committee")
        .first()
    )
    cell = membership.cell if membership else None
    rules = rules_for(member.committee)
    evaluation = Evaluation.objects.filter(member_id=member.pk, year=year).first()
    meeting = services.review_meeting(cell, year) if cell else None
    date = services.review_date(cell, year) if cell else None
    editable = cell is not None and services.self_assessment_open(cell, year)
    reviewed = None
    if cell is not None:
        reviewed = next(
            (r for r in services.reviewed_members(cell, date, rules) if r.member.pk == member.pk),
            None,
        )
    initial = {}
    if evaluation is not None:
        initial = {
            name: getattr(evaluation, name)
            for name in (
                "strengths",
                "shortcomings",
                "causes",
                "remedies",
                "self_rating",
                "self_score_general",
                "self_score_tasks",
            )
        }
    form = SelfAssessmentForm(
        posted(request),
        initial=initial,
        general_points=rules.self_score_general_points,
        task_points=rules.self_score_task_points,
    )
    url = reverse("reviews:self_assessment", args=[year])
    if request.method == "POST":
        if not editable:
            messages.error(
                request,
                _("You are not a member of a cell: there is nobody to review you.")
                if cell is None
                else _(
                    "The review meeting has taken place: the self-assessment can no longer change."
                ),
            )
            return redirect(url)
        if form.is_valid():
            try:
                services.self_assessment_save(
                    member=member, year=year, by=request.user, **form.service_kwargs()
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    for message in error.messages:
                        messages.error(request, message)
                    return redirect(url)
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your self-assessment for %(year)s was saved.") % {"year": year},
                )
                return redirect(url)  # which warns if her rating is above her score's band
    score = evaluation.self_score if evaluation else None
    band = ""
    if score is not None:
        band = _rating_label(
            quota.rating_for_score(
                score,
                outstanding_min=rules.rating_outstanding_min,
                good_min=rules.rating_good_min,
                pass_min=rules.rating_pass_min,
            )
        )
    ev = selectors.evidence(cell, year, [member.pk])[member.pk] if cell else None
    return render(
        request,
        "reviews/self_assessment.html",
        {
            "year": year,
            "has_member": True,
            "member": member,
            "cell": cell,
            "form": form,
            "evaluation": evaluation,
            "editable": editable,
            "meeting": meeting,
            "deadline": date,
            "reviewed": reviewed,
            "general_points": rules.self_score_general_points,
            "task_points": rules.self_score_task_points,
            "score": score,
            "band": band,
            "rating_warning": _rating_warning(evaluation, rules) if editable else "",
            "ev": ev,
            "other_year": year - 1 if year == timezone.localdate().year else year + 1,
        },
    )


# --- the cell's review ------------------------------------------------------------------------


@dataclass
class Row:
    """One member on the cell's review page."""

    member: Member
    status_label: str
    rated: bool
    reason: str
    evaluation: Evaluation | None
    ev: selectors.Evidence
    form: ProposeForm | None = None

    @property
    def submitted(self) -> bool:
        return self.evaluation is not None and self.evaluation.submitted_at is not None

    @property
    def self_score(self) -> int | None:
        return self.evaluation.self_score if self.evaluation else None

    @property
    def self_rating_label(self) -> str:
        return _rating_label(self.evaluation.self_rating) if self.evaluation else ""

    @property
    def proposed_label(self) -> str:
        return _rating_label(self.evaluation.proposed_rating) if self.evaluation else ""

    @property
    def final_label(self) -> str:
        return _rating_label(self.evaluation.final_rating) if self.evaluation else ""


def _review_page(request, cell: Cell, year: int, may_propose: bool, *, failed=None):
    """The review page. `failed`: (member pk, her proposal form with errors) to show again."""
    rules = rules_for(cell.committee)
    meeting = services.review_meeting(cell, year)
    date = services.review_date(cell, year)
    reviewed = services.reviewed_members(cell, date, rules)
    ids = [r.member.pk for r in reviewed]
    evaluations = {e.member_id: e for e in Evaluation.objects.filter(member_id__in=ids, year=year)}
    evidence = selectors.evidence(cell, year, ids)
    confirmed = ReviewYear.objects.filter(
        committee_id=cell.committee_id, year=year, confirmed_at__isnull=False
    ).exists()
    can_propose = may_propose and not confirmed
    rows = []
    for r in reviewed:
        evaluation = evaluations.get(r.member.pk)
        row = Row(
            member=r.member,
            status_label=str(MemberStatus(r.status).label),
            rated=r.rated,
            reason=r.reason,
            evaluation=evaluation,
            ev=evidence[r.member.pk],
        )
        if can_propose and r.rated:
            if failed and failed[0] == r.member.pk:
                row.form = failed[1]
            else:
                initial = {}
                if evaluation is not None and evaluation.proposed_rating:
                    initial = {
                        "rating": evaluation.proposed_rating,
                        "votes_yes": evaluation.votes_yes,
                        "votes_no": evaluation.votes_no,
                        "votes_abstain": evaluation.votes_abstain,
                    }
                row.form = ProposeForm(initial=initial, member_pk=r.member.pk)
        rows.append(row)
    if request.method == "GET":
        log_views(
            request.user,
            kind=Kind.EVALUATION,
            records=[(row.member, row.evaluation) for row in rows if row.evaluation is not None],
            request=request,
            label=f"{year} · {cell.name}",
        )
    missing = sum(1 for row in rows if not row.submitted)
    return render(
        request,
        "reviews/cell_review.html",
        {
            "cell": cell,
            "year": year,
            "meeting": meeting,
            "date": date,
            "rows": rows,
            "missing": missing,
            "rated_count": sum(1 for row in rows if row.rated),
            "confirmed": confirmed,
            "can_propose": can_propose,
            # Who votes on the proposals and the denominator (the rules engine, empty tally).
            "voting": services.proposal_count(cell, year) if can_propose else None,
            "criticism_url": reverse("meetings:criticism", args=[meeting.pk]) if meeting else "",
            "general_points": rules.self_score_general_points,
            "task_points": rules.self_score_task_points,
        },
    )


@require_GET
def cell_review(request, year, cell_pk):
    _review_year_or_404(year)
    cell, may_propose = _cell_for_review(request.user, cell_pk)
    return _review_page(request, cell, year, may_propose)


@require_POST
def propose(request, year, cell_pk, member_pk):
    _review_year_or_404(year)
    cell, may_propose = _cell_for_review(request.user, cell_pk)
    if not may_propose:
        raise PermissionDenied
    member = Member.objects.filter(pk=member_pk, memberships__cell=cell).distinct().first()
    if member is None:
        raise Http404
    back = reverse("reviews:cell_review", args=[year, cell.pk]) + f"#member-{member.pk}"
    form = ProposeForm(request.POST, member_pk=member.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.rating_propose(cell=cell, member=member, year=year, by=request.user, **data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                for message in error.messages:
                    messages.error(request, message)
                return redirect(back)
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Proposed for %(name)s: %(rating)s.")
                % {"name": member.full_name, "rating": _rating_label(data["rating"])},
            )
            return redirect(back)
    # Her form again, as typed, with its errors; nothing was saved.
    messages.error(
        request,
        _("The proposal for %(name)s was not saved: see the errors in her row.")
        % {"name": member.full_name},
    )
    return _review_page(request, cell, year, may_propose, failed=(member.pk, form))
