"""Residence-place comments — nhận xét nơi cư trú (Quy định 213; DOMAIN §7, issue 9 item 6).

Writes, each validated and saved with its history in one transaction (a `ValidationError` naming
the field, nothing saved): the member's comment of a year — one per member per year, created on
first use and then updated — is requested (`residence_request`); received (`residence_receive`:
date, the residence cell, good or not, the text, an optional scan: PDF, JPG or PNG within the
committee's size limit); or exempt (`residence_exempt`), with the reason (a student studying
away).

Reads: the cells whose comments a user follows (`residence_cells`), the working members of a year
with the status of their comment (`residence_listing`) and a page of them as rows
(`residence_rows`) — each scoped to the user, each a fixed number of queries.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Cell
from cells.rules import rules_for
from core.services import save_with_history as _save
from core.uploads import DOCUMENT_TYPES, IMAGE_TYPES, check_upload, save_with_upload
from members.access import access_for
from members.models import ON_ROLL, CellMembership, Member
from members.models import Status as MemberStatus
from reviews.models import ResidenceComment
from reviews.records.access import may_edit_residence
from reviews.records.checks import NAME_MAX, TEXT_MAX, check_date, check_text, check_year, day_text

# "Each working member" gets a residence-place comment: official and probationary members
# (temporary members get theirs in their own cell; exempted, suspended and away members are
# not working in the cell).
WORKING = (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY)
# A scan of the comment: a PDF or a photo.
SCAN_TYPES = {"pdf": DOCUMENT_TYPES["pdf"], **IMAGE_TYPES}


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
    check_year(year, errors, today)
    check_date(requested_on, "requested_on", errors, today=today, year=year)
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
    check_year(year, errors, today)
    if received_on is None:
        errors["received_on"] = _("Give the date the comment was received.")
    else:
        check_date(received_on, "received_on", errors, today=today, year=year)
    residence_cell = check_text(
        residence_cell,
        "residence_cell",
        errors,
        most=NAME_MAX,
        required=_("Give the name of the residence cell that wrote the comment."),
    )
    if not isinstance(good, bool):
        errors["good"] = _("Say whether the comment is good or not.")
    text = check_text(text, "text", errors, most=TEXT_MAX)
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
                % {"day": day_text(comment.requested_on)}
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
    return save_with_upload(comment, "scan", scan, stem="scan", kind=kind)


@transaction.atomic
def residence_exempt(*, member: Member, year: int, by, reason: str) -> ResidenceComment:
    """She is exempt from the comment this year, with the reason (a student studying away)."""
    today = timezone.localdate()
    _check_member_on_roll(member)
    errors: dict = {}
    check_year(year, errors, today)
    reason = check_text(
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


# --- the residence-place comments of a year -----------------------------------------------------


def residence_cells(user):
    """The cells whose members' comments the user follows: the cells she is an officer of, and
    every cell of the committees she is an officer of."""
    acc = access_for(user)
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


def missing_comments(committee, year: int, *, day: datetime.date):
    """The committee's working members (official or probationary, not students) on the roll on
    `day`, each in her cell that day, with no residence-place comment of `year` received or
    exempt — rows of `row_cell_id`, `row_cell_name`, `row_cell_code`, `pk`, `full_name`, by cell
    and name (one query; the committee's alerts and the reminders read it)."""
    memberships = (
        CellMembership.objects.filter(
            member=OuterRef("pk"), cell__committee=committee, start_date__lte=day
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("-start_date")
    )
    settled = ResidenceComment.objects.filter(
        member=OuterRef("pk"),
        year=year,
        status__in=(ResidenceComment.Status.RECEIVED, ResidenceComment.Status.EXEMPT),
    )
    return (
        Member.objects.filter(committee=committee, is_student=False)
        .on_roll_on(day)
        .filter(status_on__in=WORKING)
        .annotate(
            row_cell_id=Subquery(memberships.values("cell_id")[:1]),
            row_cell_name=Subquery(memberships.values("cell__name")[:1]),
            row_cell_code=Subquery(memberships.values("cell__code")[:1]),
        )
        .filter(row_cell_id__isnull=False)
        .exclude(Exists(settled))
        .order_by("row_cell_code", "row_cell_id", "name_sort", "pk")
        .values("row_cell_id", "row_cell_name", "row_cell_code", "pk", "full_name")
    )


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
