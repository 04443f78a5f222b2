"""Writes of the quality year: one function per operation, validated, in one transaction.

The review's rules (DOMAIN §7): who is reviewed and who is rated, the self-score's split, the
rating bands and the outstanding quota all come from the committee's settings.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Cell, Committee
from cells.rules import rules_for
from core.dates import add_months
from core.services import save_with_history as _save
from meetings.decisions import vote_rules
from meetings.decisions.votes import thresholds_for, vote_voters
from meetings.models import Attendance, Kind, Meeting
from members.models import Member
from members.models import Status as MemberStatus
from reviews import quota
from reviews.models import Evaluation, Rating, ReviewYear

TEXT_MAX = 10_000
# Reviewed but not rated (DOMAIN §7): exempted and suspended members; new members (a setting).
NOT_RATED_STATUSES = (MemberStatus.EXEMPTED, MemberStatus.SUSPENDED)
# On the cell's roll but not reviewed there: temporary (hosted) members are reviewed in their own
# cell; members away on a temporary transfer are reviewed where they are hosted.
NOT_REVIEWED_STATUSES = (MemberStatus.TEMPORARY, MemberStatus.AWAY)


@dataclass
class Reviewed:
    """A member of the cell on the review date: reviewed, and rated or not (with why)."""

    member: Member
    status: str
    rated: bool
    reason: str = ""


def reviewed_members(cell: Cell, date: datetime.date, rules=None) -> list[Reviewed]:
    """Who the cell reviews on `date` (DOMAIN §7): its members that day except temporary and away
    ones; exempted, suspended and members admitted less than the setting's months before are
    reviewed but not rated. One query."""
    rules = rules or rules_for(cell.committee)
    newest = add_months(date, -rules.rating_min_months)
    people = []
    for member in Member.objects.in_cell_on(cell, date).ordered():
        status = member.status_on
        if status in NOT_REVIEWED_STATUSES:
            continue
        reason = ""
        if status in NOT_RATED_STATUSES:
            reason = str(MemberStatus(status).label)
        elif member.admitted_on and member.admitted_on > newest:
            reason = _("Admitted less than %(months)s months before the review") % {
                "months": rules.rating_min_months
            }
        people.append(Reviewed(member=member, status=status, rated=not reason, reason=reason))
    return people


REVIEW_MEETINGS = Q(kind=Kind.REVIEW) | Q(includes_review=True)


def review_meeting(cell: Cell, year: int) -> Meeting | None:
    """The cell's year-end review meeting of `year` (a review meeting, or a regular one that
    includes the review), the latest if there are several."""
    return (
        Meeting.objects.filter(cell=cell, date__year=year)
        .filter(REVIEW_MEETINGS)
        .order_by("-date", "-pk")
        .first()
    )


def review_date(cell: Cell, year: int) -> datetime.date:
    """The date the cell reviews its members: its review meeting's, else 31 December."""
    meeting = review_meeting(cell, year)
    return meeting.date if meeting else datetime.date(year, 12, 31)


def review_dates(cell_ids, year: int) -> dict[int, datetime.date]:
    """`review_date` of each of the cells at once — one query."""
    dates = {cell_id: datetime.date(year, 12, 31) for cell_id in cell_ids}
    for cell_id, date in (
        Meeting.objects.filter(cell_id__in=list(dates), date__year=year)
        .filter(REVIEW_MEETINGS)
        .order_by("date", "pk")
        .values_list("cell_id", "date")
    ):
        dates[cell_id] = date  # the latest wins
    return dates


def self_assessment_open(cell: Cell, year: int) -> bool:
    """She edits her self-assessment until the review meeting (not after its day)."""
    return timezone.localdate() <= review_date(cell, year)


def _current_cell(member: Member) -> Cell | None:
    membership = member.memberships.filter(end_date__isnull=True).select_related("cell").first()
    return membership.cell if membership else None


def _check_score(value, most: int, field: str, errors: dict):
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        errors[field] = _("Give from 0 to %(max)s points.") % {"max": most}


def _evaluation_for(member: Member, year: int, cell: Cell) -> Evaluation:
    evaluation = Evaluation.objects.select_for_update().filter(member=member, year=year).first()
    if evaluation is None:
        evaluation = Evaluation(
            committee_id=member.committee_id, member=member, cell=cell, year=year
        )
    return evaluation


@transaction.atomic
def self_assessment_save(
    *,
    member: Member,
    year: int,
    by,
    strengths: str = "",
    shortcomings: str = "",
    causes: str = "",
    remedies: str = "",
    self_rating: str = "",
    self_score_general: int | None = None,
    self_score_tasks: int | None = None,
) -> Evaluation:
    """Her annual self-assessment (she writes her own; nobody else posts it): texts, the rating
    she proposes and her self-score split as the committee says (30 + 70 by default). Editable
    until the cell's review meeting."""
    user_member = getattr(by, "member", None)
    if user_member is None or user_member.pk != member.pk:
        raise ValidationError(_("Only the member herself writes her self-assessment."))
    cell = _current_cell(member)
    if cell is None:
        raise ValidationError(_("You are not a member of a cell: there is nobody to review you."))
    if not self_assessment_open(cell, year):
        raise ValidationError(
            _("The review meeting has taken place: the self-assessment can no longer change.")
        )
    rules = rules_for(cell.committee)
    errors: dict[str, str] = {}
    texts = {
        "strengths": strengths,
        "shortcomings": shortcomings,
        "causes": causes,
        "remedies": remedies,
    }
    for name, value in texts.items():
        if len(value or "") > TEXT_MAX:
            errors[name] = _("At most %(max)s characters.") % {"max": TEXT_MAX}
    if self_rating and self_rating not in Rating.values:
        errors["self_rating"] = _("Choose a rating.")
    _check_score(self_score_general, rules.self_score_general_points, "self_score_general", errors)
    _check_score(self_score_tasks, rules.self_score_task_points, "self_score_tasks", errors)
    if errors:
        raise ValidationError(errors)
    evaluation = _evaluation_for(member, year, cell)
    if not (evaluation.proposed_rating or evaluation.final_rating):
        # Rated or not (with why) as the cell will review her: a new member's self-assessment
        # must not make her a rated member the committee has to decide.
        reviewed = next(
            (
                r
                for r in reviewed_members(cell, review_date(cell, year), rules)
                if r.member.pk == member.pk
            ),
            None,
        )
        evaluation.rated = reviewed is not None and reviewed.rated
        evaluation.not_rated_reason = (
            "" if evaluation.rated else (reviewed.reason if reviewed else _("Not reviewed here"))
        )[:200]
    for name, value in texts.items():
        setattr(evaluation, name, (value or "").strip())
    evaluation.self_rating = self_rating or ""
    evaluation.self_score_general = self_score_general
    evaluation.self_score_tasks = self_score_tasks
    evaluation.submitted_at = timezone.now()
    return _save(evaluation, by=by)


# Not on the sheet when the review meeting's attendance is not recorded: excused by their
# status, as the attendance sheet starts them (exempted, suspended) or away elsewhere.
ABSENT_BY_STATUS = (MemberStatus.EXEMPTED, MemberStatus.SUSPENDED, MemberStatus.AWAY)
# The engine's tally fields → the proposal's.
VOTE_FIELDS = {"yes": "votes_yes", "no": "votes_no", "abstain": "votes_abstain"}


def proposal_voters(cell: Cell, year: int) -> list[vote_rules.Voter]:
    """Who votes on the cell's rating proposals (DOMAIN §6, §7): the members of the cell at its
    review meeting — the attendance sheet of that meeting, as for any vote
    (`meetings.decisions.votes.vote_voters`). A review recorded without its attendance (no
    meeting, or no sheet): the members of the cell on the review date, present unless their
    status excuses them (exempted, suspended, away)."""
    meeting = review_meeting(cell, year)
    if meeting is not None and Attendance.objects.filter(meeting_id=meeting.pk).exists():
        return vote_voters(meeting)
    date = meeting.date if meeting else datetime.date(year, 12, 31)
    return [
        vote_rules.Voter(status=status, present=status not in ABSENT_BY_STATUS)
        for status in Member.objects.in_cell_on(cell, date).values_list("status_on", flat=True)
    ]


def proposal_count(
    cell: Cell, year: int, *, yes: int = 0, no: int = 0, abstain: int = 0
) -> vote_rules.Outcome:
    """The cell's vote on a proposal, through the Charter's rules engine: official members
    present vote, the ordinary majority (setting) of the denominator; with an empty tally, who may
    vote and the denominator (what the review page says). Raises `vote_rules.VoteError`."""
    return vote_rules.count(
        "ordinary",
        "hands",
        proposal_voters(cell, year),
        vote_rules.Tally(yes=yes, no=no, abstain=abstain),
        thresholds_for(cell.committee),
    )


@transaction.atomic
def rating_propose(
    *,
    cell: Cell,
    member: Member,
    year: int,
    rating: str,
    by,
    votes_yes: int | None = None,
    votes_no: int | None = None,
    votes_abstain: int | None = None,
) -> Evaluation:
    """The cell proposes a member's rating by a vote (the committee decides).

    The vote is counted as any other (`proposal_count`): a tally above the members present who
    may vote is refused, and so is a proposal the vote did not pass or one without a tally. A
    passed proposal is saved with its tally and the working ("5 đảng viên chính thức → 5;
    4 tán thành > 5/2 → thông qua").
    """
    cell = Cell.objects.select_for_update().select_related("committee").get(pk=cell.pk)
    if ReviewYear.objects.filter(
        committee_id=cell.committee_id, year=year, confirmed_at__isnull=False
    ).exists():
        raise ValidationError(_("The committee has confirmed this year's ratings."))
    date = review_date(cell, year)
    people = {r.member.pk: r for r in reviewed_members(cell, date)}
    reviewed = people.get(member.pk)
    if reviewed is None:
        raise ValidationError(_("%(name)s is not reviewed in this cell.") % {"name": member})
    if not reviewed.rated:
        raise ValidationError(
            _("%(name)s is not rated this year (%(reason)s).")
            % {"name": member.full_name, "reason": reviewed.reason}
        )
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose a rating.")})
    errors: dict[str, str] = {}
    for name, value in (
        ("votes_yes", votes_yes),
        ("votes_no", votes_no),
        ("votes_abstain", votes_abstain),
    ):
        if value is None:
            if name != "votes_abstain":
                errors[name] = _("Give the tally of the cell's vote on this proposal.")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors[name] = _("Give a whole number, 0 or more.")
    if errors:
        raise ValidationError(errors)
    votes_abstain = votes_abstain or 0
    try:
        outcome = proposal_count(cell, year, yes=votes_yes, no=votes_no, abstain=votes_abstain)
    except vote_rules.VoteError as error:
        raise ValidationError({VOTE_FIELDS.get(error.field, "votes_yes"): error.message}) from None
    if not outcome.passed:
        raise ValidationError(
            {
                "votes_yes": _(
                    "The cell did not pass this proposal (%(working)s): only a proposal the cell "
                    "passed goes to the committee."
                )
                % {"working": outcome.working}
            }
        )
    evaluation = _evaluation_for(member, year, cell)
    evaluation.rated = True
    evaluation.not_rated_reason = ""
    evaluation.proposed_rating = rating
    evaluation.votes_yes, evaluation.votes_no, evaluation.votes_abstain = (
        votes_yes,
        votes_no,
        votes_abstain,
    )
    evaluation.vote_working = outcome.working
    evaluation.proposed_at = timezone.now()
    evaluation.proposed_by = by
    return _save(evaluation, by=by)


def quota_check(ratings, committee: Committee) -> quota.QuotaCheck:
    return quota.check(ratings, rules_for(committee).outstanding_quota_percent)


@transaction.atomic
def ratings_confirm(
    *, committee: Committee, year: int, decisions: dict[int, str], by
) -> quota.QuotaCheck:
    """The committee decides the year's ratings (evaluation pk → rating) and confirms the set.

    The whole set of the committee's final ratings that year is checked against the quota; a set
    that breaks it is refused with the numbers ("7 xuất sắc > ⌊20% × 30⌋ = 6: bớt 1") and nothing
    is saved.
    """
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    evaluations = {
        e.pk: e
        for e in Evaluation.objects.select_for_update().filter(committee=committee, year=year)
    }
    errors = []
    for pk, rating in decisions.items():
        evaluation = evaluations.get(pk)
        if evaluation is None:
            errors.append(_("An evaluation of another committee or year was sent."))
        elif not evaluation.rated:
            errors.append(
                _("%(name)s is not rated this year.") % {"name": evaluation.member.full_name}
            )
        elif rating not in Rating.values:
            errors.append(
                _("Choose a rating for %(name)s.") % {"name": evaluation.member.full_name}
            )
    if errors:
        raise ValidationError(errors)
    final = {pk: e.final_rating for pk, e in evaluations.items() if e.rated}
    final.update(decisions)
    missing = [evaluations[pk] for pk, rating in final.items() if not rating]
    if missing:
        raise ValidationError(
            _("Decide a rating for every member rated this year: %(names)s.")
            % {"names": ", ".join(e.member.full_name for e in missing[:10])}
        )
    check = quota_check(final.values(), committee)
    if not check.ok:
        raise ValidationError(
            _("Over the quota of outstanding ratings: %(working)s.") % {"working": check.working}
        )
    now = timezone.now()
    for pk, rating in decisions.items():
        evaluation = evaluations[pk]
        if evaluation.final_rating != rating:
            evaluation.final_rating = rating
            evaluation.decided_at = now
            evaluation.decided_by = by
            _save(evaluation, by=by)
    review_year, _created = ReviewYear.objects.get_or_create(committee=committee, year=year)
    review_year.confirmed_at = now
    review_year.confirmed_by = by
    _save(review_year, by=by)
    return check
