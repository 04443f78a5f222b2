"""Residence-place comments, commendations and discipline (DOMAIN §7; issue 9 items 6–7).

Writes — one function per operation, validated and saved with its history in one transaction;
bad input is a `ValidationError` naming the field, and nothing is saved:
- `residence_request`, `residence_receive`, `residence_exempt`: the member's residence-place
  comment of a year (nhận xét nơi cư trú, Quy định 213): one per member per year, created on
  first use and then updated — requested; received (date, the residence cell, good or not, the
  text, an optional scan: PDF, JPG or PNG within the committee's size limit); or exempt, with the
  reason (a student studying away).
- `commendation_add`: a commendation (khen thưởng): year, form, deciding body, decision.
- `discipline_add`: a discipline (kỷ luật): reprimand, warning, dismissal from post or expulsion;
  a probationary member (her status on the decision date) is only reprimanded or warned; the vote
  that decided it, if named, is about her, of the same kind, and passed.

The user's right is checked by the view with the questions below (`may_see_residence_list`,
`may_edit_residence`, `may_decide`). Reads: `residence_cells`, `residence_listing`,
`residence_rows`, `member_records`, `discipline_motions` — each scoped to the user, each a fixed
number of queries.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Cell
from cells.rules import rules_for
from core.services import save_with_history as _save
from core.uploads import DOCUMENT_TYPES, IMAGE_TYPES, check_upload
from meetings.models import Motion, MotionKind
from members import access
from members.models import ON_ROLL, CellMembership, Member, StatusEvent
from members.models import Status as MemberStatus
from reviews.models import Commendation, Discipline, ResidenceComment

# The first year a record can be about (the Party was founded in 1930).
YEAR_MIN = 1930
TEXT_MAX = 10_000
NAME_MAX = 200
NUMBER_MAX = Discipline._meta.get_field("decision_number").max_length
# "Each working member" gets a residence-place comment: official and probationary members
# (temporary members get theirs in their own cell; exempted, suspended and away members are
# not working in the cell).
WORKING = (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY)
# A scan of the comment: a PDF or a photo.
SCAN_TYPES = {"pdf": DOCUMENT_TYPES["pdf"], **IMAGE_TYPES}
# The votes that decide a discipline, by form (the same values).
DISCIPLINE_KINDS = (
    MotionKind.REPRIMAND,
    MotionKind.WARNING,
    MotionKind.DISMISSAL,
    MotionKind.EXPULSION,
)
# A probationary member holds no post and is disciplined only by a reprimand or a warning
# (Charter, Art. 35); she is removed from the roll rather than expelled.
NOT_FOR_PROBATIONARY = (Discipline.Form.DISMISSAL, Discipline.Form.EXPULSION)


def _day(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def year_in_range(year, *, today: datetime.date | None = None) -> bool:
    """A year a record may be about: from 1930 to this year."""
    today = today or timezone.localdate()
    return isinstance(year, int) and not isinstance(year, bool) and YEAR_MIN <= year <= today.year


def _check_year(year, errors: dict, today: datetime.date) -> None:
    if not year_in_range(year, today=today):
        errors["year"] = _("Give a year from %(first)s to %(last)s.") % {
            "first": YEAR_MIN,
            "last": today.year,
        }


def _check_text(value, name: str, errors: dict, *, most: int, required: str | None = None) -> str:
    """The text stripped; an error when too long, or empty and `required` (its message)."""
    value = (value or "").strip()
    if len(value) > most:
        errors[name] = _("At most %(max)s characters.") % {"max": most}
    elif required and not value:
        errors[name] = required
    return value


def _check_date(value, name: str, errors: dict, *, today: datetime.date, year: int | None = None):
    """A date that is not in the future (and not before the year it is about)."""
    if value is None:
        return
    if not isinstance(value, datetime.date):
        errors[name] = _("Enter a valid date.")
    elif value > today:
        errors[name] = _("The date cannot be in the future.")
    elif year is not None and year_in_range(year, today=today) and value.year < year:
        errors[name] = _("The date cannot come before the year %(year)s.") % {"year": year}


# --- residence-place comments -------------------------------------------------------------------


def _comment_for(member: Member, year: int) -> ResidenceComment:
    """The member's comment of the year, locked; a new one if there is none (one per year: the
    member row is locked first, so two requests never both create it)."""
    Member.objects.select_for_update().filter(pk=member.pk).first()
    comment = ResidenceComment.objects.select_for_update().filter(member=member, year=year).first()
    return comment or ResidenceComment(member=member, year=year)


def _check_member_on_roll(member: Member) -> None:
    if member.status not in ON_ROLL:
        raise ValidationError(_("%(name)s is no longer on the roll.") % {"name": member.full_name})


def _clear_received(comment: ResidenceComment) -> None:
    """Forget what a received comment said (its history keeps it, and the scan's file)."""
    comment.received_on = None
    comment.residence_cell = ""
    comment.good = None
    comment.text = ""
    comment.scan = ""


@transaction.atomic
def residence_request(*, member: Member, year: int, by, requested_on=None) -> ResidenceComment:
    """The comment has been requested from the cell where she lives (today unless given)."""
    today = timezone.localdate()
    _check_member_on_roll(member)
    errors: dict = {}
    _check_year(year, errors, today)
    _check_date(requested_on, "requested_on", errors, today=today, year=year)
    if errors:
        raise ValidationError(errors)
    comment = _comment_for(member, year)
    comment.status = ResidenceComment.Status.REQUESTED
    comment.requested_on = requested_on or comment.requested_on or today
    comment.exempt_reason = ""
    _clear_received(comment)
    return _save(comment, by=by)


@transaction.atomic
def residence_receive(
    *,
    member: Member,
    year: int,
    by,
    received_on,
    residence_cell: str,
    good: bool,
    text: str = "",
    scan=None,
) -> ResidenceComment:
    """The comment came back: when, from which residence cell, good or not, what it says, and an
    optional scan (PDF, JPG or PNG; the committee's size limit). Without a new scan, the one
    already attached is kept."""
    today = timezone.localdate()
    _check_member_on_roll(member)
    errors: dict = {}
    _check_year(year, errors, today)
    if received_on is None:
        errors["received_on"] = _("Give the date the comment was received.")
    else:
        _check_date(received_on, "received_on", errors, today=today, year=year)
    residence_cell = _check_text(
        residence_cell,
        "residence_cell",
        errors,
        most=NAME_MAX,
        required=_("Give the name of the residence cell that wrote the comment."),
    )
    if not isinstance(good, bool):
        errors["good"] = _("Say whether the comment is good or not.")
    text = _check_text(text, "text", errors, most=TEXT_MAX)
    kind = None
    if scan is not None:
        try:
            kind = check_upload(
                scan, allowed=SCAN_TYPES, max_mb=rules_for(member.committee).upload_max_mb
            )
        except ValidationError as error:
            errors["scan"] = error.messages
    if errors:
        raise ValidationError(errors)
    comment = _comment_for(member, year)
    if comment.requested_on and received_on < comment.requested_on:
        raise ValidationError(
            {
                "received_on": _("The comment was requested on %(day)s: it came back later.")
                % {"day": _day(comment.requested_on)}
            }
        )
    comment.status = ResidenceComment.Status.RECEIVED
    comment.received_on = received_on
    comment.residence_cell = residence_cell
    comment.good = good
    comment.text = text
    comment.exempt_reason = ""
    if kind is None:
        return _save(comment, by=by)
    comment._history_user = by
    comment.full_clean(exclude=["scan"])
    # The stored name comes from the kind read from the content, never from the user's name.
    comment.scan.save(f"scan.{kind}", scan, save=False)
    try:
        comment.save()
    except Exception:
        comment.scan.delete(save=False)
        raise
    return comment


@transaction.atomic
def residence_exempt(*, member: Member, year: int, by, reason: str) -> ResidenceComment:
    """She is exempt from the comment this year, with the reason (a student studying away)."""
    today = timezone.localdate()
    _check_member_on_roll(member)
    errors: dict = {}
    _check_year(year, errors, today)
    reason = _check_text(
        reason,
        "exempt_reason",
        errors,
        most=ResidenceComment._meta.get_field("exempt_reason").max_length,
        required=_("Give the reason for the exemption."),
    )
    if errors:
        raise ValidationError(errors)
    comment = _comment_for(member, year)
    comment.status = ResidenceComment.Status.EXEMPT
    comment.exempt_reason = reason
    _clear_received(comment)
    return _save(comment, by=by)


# --- commendations and discipline ---------------------------------------------------------------


@transaction.atomic
def commendation_add(
    *,
    member: Member,
    year: int,
    form: str,
    deciding_body: str,
    by,
    decision_number: str = "",
    decided_on=None,
) -> Commendation:
    """A commendation for a year: its form, the body that decided it, the decision."""
    today = timezone.localdate()
    errors: dict = {}
    _check_year(year, errors, today)
    form = _check_text(form, "form", errors, most=NAME_MAX, required=_("Give the form."))
    deciding_body = _check_text(
        deciding_body,
        "deciding_body",
        errors,
        most=NAME_MAX,
        required=_("Give the body that decided it."),
    )
    decision_number = _check_text(decision_number, "decision_number", errors, most=NUMBER_MAX)
    _check_date(decided_on, "decided_on", errors, today=today, year=year)
    if errors:
        raise ValidationError(errors)
    commendation = Commendation(
        member=member,
        year=year,
        form=form,
        deciding_body=deciding_body,
        decision_number=decision_number,
        decided_on=decided_on,
        created_by=by,
    )
    return _save(commendation, by=by)


def _status_on(member: Member, date: datetime.date) -> str | None:
    """Her status on `date` (the last status event on or before it); None before her first."""
    return (
        StatusEvent.objects.filter(member_id=member.pk, date__lte=date)
        .order_by("-date", "-pk")
        .values_list("status_after", flat=True)
        .first()
    )


def _check_motion(motion: Motion, member: Member, form: str, decided_on, errors: dict) -> None:
    if motion.subject_member_id != member.pk:
        errors["motion"] = _("This vote is not about %(name)s.") % {"name": member.full_name}
    elif motion.kind != form:
        errors["motion"] = _("This vote was about “%(kind)s”, not “%(form)s”.") % {
            "kind": motion.get_kind_display(),
            "form": Discipline.Form(form).label,
        }
    elif not motion.passed:
        errors["motion"] = _("This vote did not pass: it cannot decide a discipline.")
    elif isinstance(decided_on, datetime.date) and motion.meeting.date > decided_on:
        errors["motion"] = _("The vote (%(day)s) took place after the decision date.") % {
            "day": _day(motion.meeting.date)
        }


@transaction.atomic
def discipline_add(
    *,
    member: Member,
    form: str,
    decided_on,
    reason: str,
    by,
    decision_number: str = "",
    motion: Motion | None = None,
) -> Discipline:
    """A discipline: its form, date, decision number, reason and the vote that decided it.

    Refused: a date in the future or when she was not on the roll; a dismissal from post or an
    expulsion of a member who was probationary that day; a vote about someone else, of another
    kind, that did not pass, or held after the decision.
    """
    today = timezone.localdate()
    errors: dict = {}
    if form not in Discipline.Form.values:
        errors["form"] = _("Choose the form of discipline.")
    if decided_on is None:
        errors["decided_on"] = _("Give the date of the decision.")
    else:
        _check_date(decided_on, "decided_on", errors, today=today)
    reason = _check_text(reason, "reason", errors, most=TEXT_MAX, required=_("Give the reason."))
    decision_number = _check_text(decision_number, "decision_number", errors, most=NUMBER_MAX)
    if "decided_on" not in errors:
        status = _status_on(member, decided_on)
        if status is None:
            errors["decided_on"] = _("%(name)s was not yet a member on %(day)s.") % {
                "name": member.full_name,
                "day": _day(decided_on),
            }
        elif status not in ON_ROLL and not (
            status == MemberStatus.EXPELLED and form == Discipline.Form.EXPULSION
        ):
            errors["decided_on"] = _("%(name)s was no longer on the roll on %(day)s.") % {
                "name": member.full_name,
                "day": _day(decided_on),
            }
        elif status == MemberStatus.PROBATIONARY and form in NOT_FOR_PROBATIONARY:
            errors["form"] = _(
                "%(name)s was a probationary member on %(day)s: probationary members hold no "
                "post and are disciplined only by a reprimand or a warning."
            ) % {"name": member.full_name, "day": _day(decided_on)}
    if motion is not None and "form" not in errors:
        motion = Motion.objects.select_related("meeting").get(pk=motion.pk)
        _check_motion(motion, member, form, decided_on, errors)
    if errors:
        raise ValidationError(errors)
    discipline = Discipline(
        member=member,
        form=form,
        decided_on=decided_on,
        decision_number=decision_number,
        reason=reason,
        motion=motion,
        created_by=by,
    )
    return _save(discipline, by=by)


# --- who may do what ----------------------------------------------------------------------------


def may_see_residence_list(user) -> bool:
    """The officers of a cell (its members) and the committee's officers (every cell)."""
    acc = access.access_for(user)
    return bool(acc.officer_committees or acc.officer_cells)


def _current_cell_id(member: Member) -> int | None:
    if hasattr(member, "current_cell_id"):
        return member.current_cell_id
    membership = member.current_membership()
    return membership.cell_id if membership else None


def may_edit_residence(user, member: Member) -> bool:
    """Her cell's secretary or deputy, or an officer of her committee."""
    acc = access.access_for(user)
    return (
        member.committee_id in acc.officer_committees
        or _current_cell_id(member) in acc.editor_cells
    )


def may_decide(user, member: Member) -> bool:
    """Commendations and discipline are recorded by the officers of her committee."""
    return member.committee_id in access.access_for(user).officer_committees


def _in_confidential_scope(user, member: Member) -> bool:
    """The rule of `MemberRecordQuerySet.visible_to` for one member (no query): herself, the
    officers of her current cell and of her committee."""
    acc = access.access_for(user)
    return (
        member.pk == acc.member_id
        or member.committee_id in acc.officer_committees
        or _current_cell_id(member) in acc.officer_cells
    )


# --- the residence-place comments of a year -----------------------------------------------------


def residence_cells(user):
    """The cells whose members' comments the user follows: the cells she is an officer of, and
    every cell of the committees she is an officer of."""
    acc = access.access_for(user)
    return (
        Cell.objects.filter(
            Q(committee_id__in=acc.officer_committees) | Q(pk__in=acc.officer_cells)
        )
        .select_related("committee")
        .order_by("committee__name", "code", "pk")
    )


def listing_date(year: int, *, today: datetime.date | None = None) -> datetime.date:
    """The day whose members are listed: today for this year, 31 December for a past year."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


class Show:
    """The status filter of the list."""

    MISSING = "missing"
    RECEIVED = "received"
    EXEMPT = "exempt"


_MISSING = Q(comment_status__isnull=True) | Q(comment_status=ResidenceComment.Status.REQUESTED)


@dataclass
class ResidenceListing:
    """The working members of the user's cells on the listing date (a queryset to paginate), and
    how many of them have no comment yet (`missing`) out of `total`."""

    members: object
    total: int
    missing: int
    date: datetime.date


def residence_listing(
    user, year: int, *, cell: Cell | None = None, show: str = ""
) -> ResidenceListing:
    """Each working member (official or probationary) of the cells the user follows, on the
    listing date, with her cell (`row_cell_name`) and the status of her comment of the year
    (`comment_status`, None when nothing was recorded). `cell` narrows to one of them; `show` to
    the missing, received or exempt ones. One query for the counts; the rows are a queryset."""
    date = listing_date(year)
    cells = residence_cells(user)
    if cell is not None:
        cells = cells.filter(pk=cell.pk)
    memberships = CellMembership.objects.filter(
        cell__in=cells.values("pk"), start_date__lte=date
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=date))
    own = memberships.filter(member=OuterRef("pk")).order_by("-start_date")
    comments = ResidenceComment.objects.filter(member=OuterRef("pk"), year=year)
    members = (
        Member.objects.filter(pk__in=memberships.values("member_id"))
        .on_roll_on(date)
        .filter(status_on__in=WORKING)
        .with_current_cell()
        .annotate(
            row_cell_name=Subquery(own.values("cell__name")[:1]),
            row_cell_code=Subquery(own.values("cell__code")[:1]),
            comment_status=Subquery(comments.values("status")[:1]),
        )
    )
    counts = members.aggregate(total=Count("pk"), missing=Count("pk", filter=_MISSING))
    if show == Show.MISSING:
        members = members.filter(_MISSING)
    elif show == Show.RECEIVED:
        members = members.filter(comment_status=ResidenceComment.Status.RECEIVED)
    elif show == Show.EXEMPT:
        members = members.filter(comment_status=ResidenceComment.Status.EXEMPT)
    return ResidenceListing(
        members=members.order_by("row_cell_code", "name_sort", "pk"),
        total=counts["total"],
        missing=counts["missing"],
        date=date,
    )


@dataclass
class ResidenceRow:
    member: Member
    cell_name: str
    comment: ResidenceComment | None
    missing: bool
    can_edit: bool = False


def residence_rows(user, year: int, members) -> list[ResidenceRow]:
    """One row per member of a page of `residence_listing`, with her comment (one query)."""
    members = list(members)
    comments = {
        c.member_id: c
        for c in ResidenceComment.objects.visible_to(user).filter(
            year=year, member_id__in=[m.pk for m in members]
        )
    }
    rows = []
    for member in members:
        comment = comments.get(member.pk)
        rows.append(
            ResidenceRow(
                member=member,
                cell_name=member.row_cell_name or "",
                comment=comment,
                missing=comment is None or comment.status == ResidenceComment.Status.REQUESTED,
                can_edit=may_edit_residence(user, member),
            )
        )
    return rows


# --- a member's record ----------------------------------------------------------------------------


@dataclass
class MemberRecords:
    """Her commendations, disciplines and residence-place comments, as the user may see them."""

    commendations: list = field(default_factory=list)
    disciplines: list = field(default_factory=list)
    residence: list = field(default_factory=list)
    can_decide: bool = False
    can_edit_residence: bool = False
    year: int = 0


def member_records(user, member: Member) -> MemberRecords | None:
    """What the member page shows of her records: None for a user who may not see them (another
    member of her cell, a clerk, an observer…); otherwise three queries, whatever their number."""
    if not _in_confidential_scope(user, member):
        return None
    return MemberRecords(
        commendations=list(Commendation.objects.visible_to(user).filter(member_id=member.pk)),
        disciplines=list(
            Discipline.objects.visible_to(user)
            .filter(member_id=member.pk)
            .select_related("motion__meeting")
        ),
        residence=list(
            ResidenceComment.objects.visible_to(user).filter(member_id=member.pk).order_by("-year")
        ),
        can_decide=may_decide(user, member),
        can_edit_residence=may_edit_residence(user, member),
        year=timezone.localdate().year,
    )


def discipline_motions(member: Member):
    """The votes about her that can decide a discipline (any result: the service says why one
    that did not pass cannot)."""
    return (
        Motion.objects.filter(subject_member_id=member.pk, kind__in=DISCIPLINE_KINDS)
        .select_related("meeting")
        .order_by("-meeting__date", "-pk")
    )
