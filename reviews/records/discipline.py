"""Discipline — kỷ luật (DOMAIN §7, issue 9 item 7): reprimand, warning, dismissal from post or
expulsion.

`discipline_add` records one, validated and saved with its history in one transaction (a
`ValidationError` naming the field, nothing saved): a probationary member (her status on the
decision date) is only reprimanded or warned; the vote that decided it, if named, is about her,
of the same kind, and passed. `discipline_motions` lists the votes that can be named. Recorded by
the officers of her committee whose scope covers every position and role grant she holds
(`reviews.records.access.may_decide`, checked by the view).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import save_with_history as _save
from meetings import charter
from meetings.models import Motion, MotionKind
from members.models import ON_ROLL, Member, StatusEvent
from members.models import Status as MemberStatus
from reviews.models import Discipline
from reviews.records.checks import NUMBER_MAX, TEXT_MAX, check_date, check_text, day_text

# The votes that decide a discipline, by form (the same values).
DISCIPLINE_KINDS = (
    MotionKind.REPRIMAND,
    MotionKind.WARNING,
    MotionKind.DISMISSAL,
    MotionKind.EXPULSION,
)


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
            "day": day_text(motion.meeting.date)
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
        check_date(decided_on, "decided_on", errors, today=today)
    reason = check_text(reason, "reason", errors, most=TEXT_MAX, required=_("Give the reason."))
    decision_number = check_text(decision_number, "decision_number", errors, most=NUMBER_MAX)
    if "decided_on" not in errors:
        status = _status_on(member, decided_on)
        if status is None:
            errors["decided_on"] = _("%(name)s was not yet a member on %(day)s.") % {
                "name": member.full_name,
                "day": day_text(decided_on),
            }
        elif status not in ON_ROLL and not (
            status == MemberStatus.EXPELLED and form == Discipline.Form.EXPULSION
        ):
            errors["decided_on"] = _("%(name)s was no longer on the roll on %(day)s.") % {
                "name": member.full_name,
                "day": day_text(decided_on),
            }
        elif status == MemberStatus.PROBATIONARY and form in charter.NOT_FOR_PROBATIONARY:
            errors["form"] = _(
                "%(name)s was a probationary member on %(day)s: probationary members hold no "
                "post and are disciplined only by a reprimand or a warning."
            ) % {"name": member.full_name, "day": day_text(decided_on)}
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


def discipline_motions(member: Member):
    """The votes about her that can decide a discipline (any result: the service says why one
    that did not pass cannot)."""
    return (
        Motion.objects.filter(subject_member_id=member.pk, kind__in=DISCIPLINE_KINDS)
        .select_related("meeting")
        .order_by("-meeting__date", "-pk")
    )
