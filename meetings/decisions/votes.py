"""Votes at a meeting — biểu quyết (DOMAIN §4.4, §6): the write services over the rules engine.

`vote_record` checks the motion (the text, the member or person concerned, the agenda item),
runs the pure engine of `meetings.decisions.vote_rules` on the members of the body on the meeting date and
stores the tally with the result and every number it was computed from, so later changes to the
registry never rewrite it. Votes belong to the record of the meeting: they are written and
removed only while it is open (recording started, minutes not approved), under a lock on the
meeting and its minutes — like every write of `meetings.record`. A secret ballot stores the
tallies only, never who voted how.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from cells.rules import rules_for
from core.services import save_with_history as _save
from meetings import charter
from meetings.decisions import vote_rules
from meetings.models import (
    MEMBER_KINDS,
    AgendaItem,
    Attendance,
    Meeting,
    Minutes,
    Motion,
    MotionKind,
    Resolution,
)
from meetings.selectors import body_members, open_record
from members.models import Status as MemberStatus
from members.services import below_admission_age, probation_ends_on

TEXT_MAX = 5000
NAME_MAX = 200
# Kinds about a person who is not (yet) a member of the body: the name is typed.
NAMED_KINDS = (MotionKind.ADMISSION, MotionKind.ELECTION)


def vote_voters(meeting: Meeting) -> list[vote_rules.Voter]:
    """The members of the meeting's body on the meeting date, as the engine needs them.

    Everyone on the attendance sheet, with her status that day (`Attendance.member_status`) and
    whether she attended; plus the members away on a temporary transfer, who are not on the sheet
    (they meet where they are hosted) but are subtracted in the working. Two queries.
    """
    rows = list(
        Attendance.objects.filter(meeting_id=meeting.pk).values_list(
            "member_id", "member_status", "status"
        )
    )
    voters = [
        vote_rules.Voter(status=member_status, present=status == Attendance.Status.PRESENT)
        for _member_id, member_status, status in rows
    ]
    on_sheet = {member_id for member_id, _s, _a in rows}
    away = (
        body_members(meeting)
        .filter(status_on=MemberStatus.AWAY)
        .exclude(pk__in=on_sheet)
        .values_list("pk", flat=True)
    )
    voters += [vote_rules.Voter(status=MemberStatus.AWAY, present=False) for _pk in away]
    return voters


def thresholds_for(committee) -> vote_rules.Thresholds:
    """The committee's thresholds (DOMAIN §6, settings): ordinary > 1/2, admission and
    recognition ≥ 2/3, discipline > 1/2, expulsion ≥ 2/3 unless it set others."""
    rules = rules_for(committee)
    return vote_rules.Thresholds(
        majority_numerator=rules.majority_numerator,
        majority_denominator=rules.majority_denominator,
        qualified_numerator=rules.supermajority_numerator,
        qualified_denominator=rules.supermajority_denominator,
        temporary_members_vote=rules.temporary_members_vote,
        discipline_numerator=rules.discipline_numerator,
        discipline_denominator=rules.discipline_denominator,
        expulsion_numerator=rules.expulsion_numerator,
        expulsion_denominator=rules.expulsion_denominator,
    )


def _pk(value) -> int | None:
    """The primary key of an instance or an id; None when empty; -1 when it names nothing (a
    crafted value: it matches no row)."""
    value = getattr(value, "pk", value)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _back_to_draft(minutes: Minutes, by) -> None:
    """Minutes marked ready go back to draft when their votes change: the chair approves what
    the clerk read back."""
    if minutes.state == Minutes.State.READY:
        minutes.state = Minutes.State.DRAFT
        minutes.ready_at = None
        minutes.ready_by = None
        minutes.updated_by = by
        _save(minutes, by=by)


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _check_recognition(meeting, member, errors) -> None:
    """Recognition as an official member is voted once her probation has ended (DOMAIN §3: the
    setting's months from admission, `members.services.probation_ends_on`)."""
    if member.admitted_on is None:
        errors["subject_member"] = _(
            "The admission date of %(name)s is not on her record: enter it before the "
            "recognition vote."
        ) % {"name": member.full_name}
        return
    rules = rules_for(meeting.committee)
    ends = probation_ends_on(member.admitted_on, rules)
    if meeting.date < ends:
        errors["subject_member"] = _(
            "The probation of %(name)s ends on %(end)s (%(months)s months from her admission on "
            "%(admitted)s): recognition as an official member cannot be voted before then."
        ) % {
            "name": member.full_name,
            "end": _day(ends),
            "months": rules.probation_months,
            "admitted": _day(member.admitted_on),
        }


def _check_candidate(meeting, born, errors) -> None:
    """An admission: the candidate's date of birth, and her age on the day of the vote at least
    the committee's minimum (setting, default 18; `members.services.below_admission_age`)."""
    if born in (None, ""):
        errors["candidate_birth_date"] = _(
            "Give the candidate's date of birth: the committee's rules set a minimum age for "
            "admission."
        )
    elif not isinstance(born, datetime.date) or isinstance(born, datetime.datetime):
        errors["candidate_birth_date"] = _("Enter a valid date.")
    elif born >= meeting.date:
        errors["candidate_birth_date"] = _(
            "The date of birth must come before the day of the vote (%(day)s)."
        ) % {"day": _day(meeting.date)}
    else:
        rules = rules_for(meeting.committee)
        if below_admission_age(born, meeting.date, rules):
            errors["candidate_birth_date"] = _(
                "Born on %(born)s, the candidate is under %(age)s on the day of the vote "
                "(%(day)s): the committee's rules admit a member from the age of %(age)s."
            ) % {"born": _day(born), "age": rules.min_admission_age, "day": _day(meeting.date)}


def _check_subject(meeting, kind, subject_member, subject_name, errors) -> tuple[int | None, str]:
    """(member id, name) of the member or person concerned; errors go into `errors`."""
    member_id = _pk(subject_member)
    name = (subject_name or "").strip()
    if kind in MEMBER_KINDS:
        row = None
        if member_id is not None:
            row = (
                Attendance.objects.select_related("member")
                .filter(meeting_id=meeting.pk, member_id=member_id)
                .first()
            )
        if row is None:
            errors["subject_member"] = (
                _("Choose the member concerned.")
                if member_id is None
                else _("Choose a member on the attendance sheet of this meeting.")
            )
            return None, ""
        status = row.member_status
        if kind == MotionKind.RECOGNITION and status != MemberStatus.PROBATIONARY:
            errors["subject_member"] = _(
                "Only a probationary member is recognised as an official member; %(name)s is "
                "not probationary."
            ) % {"name": row.member.full_name}
        elif kind == MotionKind.RECOGNITION:
            _check_recognition(meeting, row.member, errors)
        elif kind in charter.NOT_FOR_PROBATIONARY and status == MemberStatus.PROBATIONARY:
            errors["subject_member"] = _(
                "%(name)s is a probationary member: probationary members hold no post and are "
                "disciplined only by a reprimand or a warning."
            ) % {"name": row.member.full_name}
        # The name as it was on the day of the vote (the minutes print it).
        return row.member_id, row.member.full_name
    if kind in NAMED_KINDS:
        if not name:
            errors["subject_name"] = (
                _("Give the name of the person to be admitted.")
                if kind == MotionKind.ADMISSION
                else _("Give the name of the person elected or the post.")
            )
        elif len(name) > NAME_MAX:
            errors["subject_name"] = _("At most %(max)s characters.") % {"max": NAME_MAX}
        return None, name
    return None, ""


@transaction.atomic
def vote_record(
    *,
    meeting: Meeting,
    kind: str,
    method: str,
    text: str,
    yes,
    no,
    by,
    abstain=0,
    issued=None,
    valid=None,
    invalid=None,
    subject_member=None,
    subject_name: str = "",
    candidate_birth_date: datetime.date | None = None,
    agenda_item=None,
) -> Motion:
    """Record a vote at a meeting whose record is open, with its result (DOMAIN §6).

    Refused with a `ValidationError` naming the field (nothing saved): no text or a text over
    5000 characters; an agenda item of another meeting; for a vote about a member (recognition,
    discipline, expulsion) no member or one not on the attendance sheet, recognition of a member
    who is not probationary or whose probation has not ended on the meeting date, dismissal or
    expulsion of a probationary member; for an admission or an election no name; for an
    admission no date of birth, or a candidate under the committee's minimum age on the meeting
    date; discipline, expulsion or an election by show of hands; negative counts,
    more votes than eligible members present, ballots that do not add up (the engine).
    Refused as a whole (a message) before recording starts and once the minutes are approved.
    """
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    minutes = open_record(meeting)
    errors: dict[str, str] = {}

    text = (text or "").strip()
    if not text:
        errors["text"] = _("Write the text voted on.")
    elif len(text) > TEXT_MAX:
        errors["text"] = _("At most %(max)s characters (this text has %(length)s).") % {
            "max": TEXT_MAX,
            "length": len(text),
        }
    if kind not in MotionKind.values:
        errors["kind"] = _("Choose what is voted on.")
    if method not in Motion.Method.values:
        errors["method"] = _("Choose a show of hands or a secret ballot.")

    item_id = _pk(agenda_item)
    if (
        item_id is not None
        and not AgendaItem.objects.filter(pk=item_id, meeting_id=meeting.pk).exists()
    ):
        errors["agenda_item"] = _("Choose an item of this meeting's agenda.")

    member_id, name = _check_subject(meeting, kind, subject_member, subject_name, errors)
    if kind == MotionKind.ADMISSION:
        _check_candidate(meeting, candidate_birth_date, errors)
    else:
        candidate_birth_date = None  # only an admission keeps one

    tally = vote_rules.Tally(
        yes=yes, no=no, abstain=abstain, issued=issued, valid=valid, invalid=invalid
    )
    outcome = None
    try:
        outcome = vote_rules.count(
            kind, method, vote_voters(meeting), tally, thresholds_for(meeting.committee)
        )
    except vote_rules.VoteError as error:
        errors.setdefault(error.field or "yes", error.message)
    if errors:
        raise ValidationError(errors)

    motion = Motion(
        meeting=meeting,
        agenda_item_id=item_id,
        kind=kind,
        method=method,
        text=text,
        subject_member_id=member_id,
        subject_name=name,
        candidate_birth_date=candidate_birth_date,
        yes=yes,
        no=no,
        abstain=abstain,
        ballots_issued=issued,
        ballots_valid=valid,
        ballots_invalid=invalid,
        official_count=outcome.official,
        away_count=outcome.away,
        exempted_absent_count=outcome.exempted_absent,
        suspended_count=outcome.suspended,
        denominator=outcome.denominator,
        eligible_present=outcome.eligible_present,
        threshold_numerator=outcome.numerator,
        threshold_denominator=outcome.threshold_denominator,
        threshold_strict=outcome.strict,
        passed=outcome.passed,
        working=outcome.working,
        recorded_by=by,
    )
    _save(motion, by=by)
    _back_to_draft(minutes, by)
    return motion


@transaction.atomic
def vote_remove(*, motion: Motion, by) -> None:
    """Take a vote entered by mistake off the draft minutes (its history keeps it).

    Only while the record is open; not once it was adopted as a resolution.
    """
    meeting = Meeting.objects.select_for_update().get(pk=motion.meeting_id)
    minutes = open_record(meeting)
    motion = Motion.objects.select_for_update().filter(pk=motion.pk).first()
    if motion is None:
        raise ValidationError(_("This vote has already been removed."))
    resolution = Resolution.objects.filter(motion_id=motion.pk).first()
    if resolution is not None:
        raise ValidationError(
            _("This vote was adopted as resolution %(code)s: it cannot be removed.")
            % {"code": resolution.code}
        )
    motion._history_user = by
    try:
        with transaction.atomic():
            motion.delete()
    except ProtectedError as error:
        # Another record rests on this vote (a discipline, a supervision programme's adoption).
        raise ValidationError(
            _("This vote decided another record: it cannot be removed.")
        ) from error
    _back_to_draft(minutes, by)
