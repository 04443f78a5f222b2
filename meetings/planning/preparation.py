"""Members prepare a meeting (DOMAIN §4.3): "studied the documents" and prepared comments.

Writes are keyword-only services in one transaction; they refuse, with a clear message and
nothing saved, a draft meeting, a meeting that has started and anyone who is not a member of the
meeting's body on its date. `comments_for` is the one read of prepared comments.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import access as meeting_access
from meetings.models import AgendaItem, Meeting, PreparedComment, Status, StudyMark
from meetings.selectors import body_members
from members import access
from members.models import Member

COMMENT_MAX_LENGTH = 5000


# --- the rules ---------------------------------------------------------------------------------


def starts_at(meeting: Meeting) -> datetime.datetime:
    """When the meeting starts, as an aware datetime in the committee's zone (settings.TIME_ZONE)."""
    return start_instant(meeting.date, meeting.start_time)


def publish_deadline(meeting: Meeting, rules) -> datetime.datetime:
    """The last moment to publish the meeting on time: `document_lead_days` (a committee
    setting) before it starts. Published later, it is recorded as published late."""
    return starts_at(meeting) - datetime.timedelta(days=rules.document_lead_days)


def start_instant(date: datetime.date, start_time: datetime.time) -> datetime.datetime:
    """A meeting's date and start time as an aware datetime (for rows read with values())."""
    return timezone.make_aware(
        datetime.datetime.combine(date, start_time), timezone.get_default_timezone()
    )


def has_started(meeting: Meeting) -> bool:
    """Started: its start time has passed, or it has been recorded as held."""
    if meeting.status in (Status.HELD, Status.APPROVED):
        return True
    return timezone.now() >= starts_at(meeting)


def is_open(meeting: Meeting) -> bool:
    """Members may prepare: the meeting is published and has not started."""
    return meeting.status == Status.PUBLISHED and not has_started(meeting)


def is_body_member(meeting: Meeting, member_id: int | None) -> bool:
    """A member of the meeting's body on its date (`meetings.selectors.body_members`): the cell's
    members that day, the executive committee's position holders, or the whole committee's roll."""
    return member_id is not None and body_members(meeting).filter(pk=member_id).exists()


def _check_open(meeting: Meeting, member: Member) -> None:
    """Refuse, with the reason, what a member may not prepare (one message, nothing saved)."""
    if meeting.status == Status.DRAFT:
        raise ValidationError(
            _("This meeting has not been published yet: preparation opens when it is.")
        )
    if has_started(meeting):
        raise ValidationError(
            _("The meeting has started: prepared comments and marks can no longer change.")
        )
    if not is_body_member(meeting, member.pk):
        raise ValidationError(
            _("Only the members of %(holder)s on the meeting's date prepare for it.")
            % {"holder": meeting.holder_name}
        )


# --- writes ------------------------------------------------------------------------------------


@transaction.atomic
def study_mark(*, meeting: Meeting, member: Member, by) -> StudyMark:
    """Đã nghiên cứu tài liệu: the member says she has studied the documents. Marking twice
    keeps the first mark. (`by`: the acting user, for the services' common signature; a mark
    has no change history — its `marked_at` is the record.)"""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("cell").get(pk=meeting.pk)
    )
    _check_open(meeting, member)
    mark, _created = StudyMark.objects.get_or_create(meeting=meeting, member=member)
    return mark


@transaction.atomic
def comment_save(*, item: AgendaItem, member: Member, text: str, by) -> PreparedComment | None:
    """Write, rewrite or (with empty text) remove the member's one prepared comment on an item.

    Returns the saved comment, or None when it was removed. Every version stays in its history.
    """
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("cell")
        .get(pk=item.meeting_id)
    )
    item = AgendaItem.objects.select_for_update().filter(pk=item.pk, meeting=meeting).first()
    if item is None:
        raise ValidationError(_("This item is no longer on the agenda."))
    _check_open(meeting, member)
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _(
                    "A prepared comment has at most %(max)s characters (this one has %(count)s)."
                )
                % {"max": COMMENT_MAX_LENGTH, "count": len(text)}
            }
        )
    comment = (
        PreparedComment.objects.select_for_update().filter(agenda_item=item, member=member).first()
    )
    if not text:
        if comment is None:
            raise ValidationError({"text": _("Write your comment first.")})
        comment._history_user = by
        comment.delete()
        return None
    if comment is None:
        comment = PreparedComment(agenda_item=item, member=member)
    elif comment.text == text:
        return comment
    comment.text = text
    comment._history_user = by
    comment.full_clean()
    comment.save()
    return comment


# --- reads -------------------------------------------------------------------------------------


def comments_for(meeting: Meeting, user) -> dict[int, list[PreparedComment]]:
    """{agenda item id: [prepared comments the user may read]} — in one query.

    The meeting's officers (those who prepare it) read every comment, with its author; a member
    reads only her own.
    """
    comments = PreparedComment.objects.filter(agenda_item__meeting=meeting)
    if not meeting_access.can_edit_meeting(user, meeting):
        member_id = access.access_for(user).member_id
        if member_id is None:
            return {}
        comments = comments.filter(member_id=member_id)
    result: dict[int, list[PreparedComment]] = {}
    for comment in comments.select_related("member").order_by(
        "agenda_item_id", "member__name_sort", "pk"
    ):
        result.setdefault(comment.agenda_item_id, []).append(comment)
    return result
