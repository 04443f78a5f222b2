"""The attendance sheet — danh sách dự họp (DOMAIN §4.4): start recording, who is on the sheet,
present / excused / unexcused, and guests. One function per write, validated, in one transaction;
every write goes through `meetings.selectors.open_record` (refused before recording started or
once the minutes are approved)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.services import save_with_history as _save
from meetings.decisions import followup
from meetings.models import (
    Attendance,
    Contribution,
    Guest,
    Meeting,
    Minutes,
    Status,
)
from meetings.selectors import body_members, open_record
from members.models import Member
from members.models import Status as MemberStatus

# Members on the body's roll who are not expected at its meetings: away on a temporary transfer
# (they meet where they are hosted).
NOT_ON_SHEET = (MemberStatus.AWAY,)


# Members on the sheet who are absent by their status unless the clerk marks them present; the
# reason is written into the minutes (in Vietnamese, like every record).
ABSENT_BY_STATUS = {
    MemberStatus.EXEMPTED: gettext_lazy("Exempted from party work and meetings"),
    MemberStatus.SUSPENDED: gettext_lazy("Suspended from party activities"),
}


REASON_MAX = 500


GUEST_FIELD_MAX = 200


def sheet_members(meeting: Meeting) -> list[tuple[Member, str]]:
    """(member, her status on the meeting date) for everyone the sheet lists (DOMAIN §4.1)."""
    people = [(m, m.status_on) for m in body_members(meeting)]
    return [(m, status) for m, status in people if status not in NOT_ON_SHEET]


def _sync_sheet(meeting: Meeting, *, by) -> tuple[int, int]:
    """Add a row for each member of the body who has none; drop rows of people no longer in it."""
    wanted = {m.pk: status for m, status in sheet_members(meeting)}
    rows = {row.member_id: row for row in Attendance.objects.filter(meeting=meeting)}
    added = removed = 0
    with translation.override("vi"):
        for member_id, member_status in wanted.items():
            row = rows.get(member_id)
            if row is None:
                row = Attendance(meeting=meeting, member_id=member_id, member_status=member_status)
                if member_status in ABSENT_BY_STATUS:
                    row.status = Attendance.Status.EXCUSED
                    row.reason = str(ABSENT_BY_STATUS[member_status])
                _save(row, by=by)
                added += 1
            elif row.member_status != member_status:
                row.member_status = member_status
                _save(row, by=by)
    for member_id, row in rows.items():
        if member_id not in wanted:
            if Contribution.objects.filter(
                agenda_item__meeting=meeting, speaker_member_id=member_id
            ).exists():
                continue  # She spoke: keep her on the sheet (the clerk sees her row).
            row._history_user = by
            row.delete()
            removed += 1
    return added, removed


@transaction.atomic
def recording_start(*, meeting: Meeting, by) -> Minutes:
    """Start recording a meeting that has taken place (or is taking place today).

    The meeting becomes "held"; its minutes are opened and its attendance sheet lists every member
    of its body on the meeting date, present by default (exempted and suspended members excused,
    with their status as the reason). Running it again changes nothing.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Status.DRAFT:
        raise ValidationError(_("Publish the meeting before recording it."))
    if meeting.date > timezone.localdate():
        raise ValidationError(
            _("This meeting takes place on %(date)s; record it on that day or after.")
            % {"date": meeting.date.strftime("%d/%m/%Y")}
        )
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        if meeting.published_at is None:
            # Never published (entered afterwards): the review of last month's tasks keeps its
            # list from now on, as publishing would have.
            followup.followup_snapshot(meeting=meeting, by=by)
        minutes = _save(Minutes(meeting=meeting, updated_by=by), by=by)
    if meeting.status == Status.PUBLISHED:
        meeting.status = Status.HELD
        _save(meeting, by=by)
    if not minutes.is_locked:
        _sync_sheet(meeting, by=by)
    return minutes


@transaction.atomic
def attendance_refresh(*, meeting: Meeting, by) -> tuple[int, int]:
    """Bring the sheet in line with the body's members on the meeting date (added, removed)."""
    open_record(meeting)
    return _sync_sheet(meeting, by=by)


def apply_attendance(row: Attendance, status: str, reason: str) -> None:
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Choose present, excused or unexcused.")})
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("At most %(max)s characters.") % {"max": REASON_MAX}})
    if status == Attendance.Status.EXCUSED and not reason:
        raise ValidationError({"reason": _("Give the reason for the absence.")})
    row.status = status
    row.reason = reason if status == Attendance.Status.EXCUSED else ""


def sheet_row(meeting: Meeting, member_id) -> Attendance:
    """One member's row on the sheet, locked; refused if she is not on it."""
    row = (
        Attendance.objects.select_for_update()
        .select_related("member")
        .filter(meeting_id=meeting.pk, member_id=member_id)
        .first()
    )
    if row is None:
        raise ValidationError(_("This person is not on the attendance sheet of this meeting."))
    return row


@transaction.atomic
def attendance_set(*, meeting: Meeting, member_id, status: str, by, reason: str = "") -> Attendance:
    """Mark one member present, excused (with a reason) or unexcused."""
    open_record(meeting)
    row = sheet_row(meeting, member_id)
    apply_attendance(row, status, reason)
    return _save(row, by=by)


def _guest_fields(name: str, title: str) -> tuple[str, str]:
    name, title = (name or "").strip(), (title or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the guest's name.")
    for key, value in (("name", name), ("title", title)):
        if len(value) > GUEST_FIELD_MAX:
            errors[key] = _("At most %(max)s characters.") % {"max": GUEST_FIELD_MAX}
    if errors:
        raise ValidationError(errors)
    return name, title


@transaction.atomic
def guest_add(*, meeting: Meeting, name: str, by, title: str = "") -> Guest:
    """A guest at the meeting (e.g. the officer sent by the committee), with her position."""
    open_record(meeting)
    name, title = _guest_fields(name, title)
    return _save(Guest(meeting_id=meeting.pk, name=name, title=title), by=by)


@transaction.atomic
def guest_remove(*, guest: Guest, by) -> None:
    """Take a guest off the draft minutes (her history keeps her); not once she has spoken."""
    open_record(guest.meeting)
    if guest.contributions.exists():
        raise ValidationError(
            _("%(name)s has contributions in the minutes: remove them first.")
            % {"name": guest.name}
        )
    guest._history_user = by
    guest.delete()
