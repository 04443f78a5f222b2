"""Self-criticism and criticism — tự phê bình và phê bình (DOMAIN §7.1), recorded at a meeting.

One record per member reviewed: her self-criticism, each criticism or comment (by whom, what),
her response and the chair's conclusion. Written like the rest of the meeting's record: only
while the record is open (`meetings.selectors.open_record`: after recording started, until the minutes
are approved), by whoever records the meeting (`access.can_record` — the view checks it).

Confidential (DESIGN §3): the member concerned and the officers of the meeting's cell and
committee read the records (`CriticismRecord.objects.visible_to`); while the record is open, the
meeting's recorders (its clerk) also write them. `reads_all` and `may_read` below are that rule
for one meeting, used by the views and the meeting page's record panel — no query (the user's
access is cached).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from core.services import save_with_history as _save
from meetings import access as meeting_access
from meetings.models import MAX_TEXT, Attendance, Criticism, CriticismRecord, Meeting, Minutes
from meetings.selectors import open_record
from members import access

# The longest name of a guest who makes a comment (as `Criticism.by_name`).
BY_NAME_MAX = 200


@dataclass
class CriticismText:
    """One criticism as the form sends it: a member on the attendance sheet, or a guest's name."""

    by_member_id: int | None = None
    by_name: str = ""
    text: str = ""


# --- who reads and writes ----------------------------------------------------------------------


def reads_all(user, meeting: Meeting) -> bool:
    """Every record of the meeting: the officers of its cell and of its committee (the rule of
    `CriticismRecordQuerySet.visible_to`, for one meeting)."""
    acc = access.access_for(user)
    return meeting.committee_id in acc.officer_committees or (
        meeting.cell_id is not None and meeting.cell_id in acc.officer_cells
    )


def record_open(minutes: Minutes | None) -> bool:
    """Records are written while the meeting's record is open (started, not yet approved)."""
    return minutes is not None and not minutes.is_locked


def may_write(user, meeting: Meeting, minutes: Minutes | None) -> bool:
    """Write the records: whoever records the meeting, while its record is open."""
    return record_open(minutes) and meeting_access.can_record(user, meeting)


def may_list(user, meeting: Meeting, minutes: Minutes | None) -> bool:
    """The list of the meeting's records: the officers; its recorders while it is open."""
    return reads_all(user, meeting) or may_write(user, meeting, minutes)


def may_read(user, meeting: Meeting, minutes: Minutes | None, member_id: int) -> bool:
    """One member's record: she herself, the officers, the recorders while it is open."""
    return access.access_for(user).member_id == member_id or may_list(user, meeting, minutes)


# --- reading -----------------------------------------------------------------------------------


def records_by_member(meeting: Meeting) -> dict[int, CriticismRecord]:
    """{member id: record, with `criticism_count`} for the meeting — one query. For pages whose
    access is already checked (`may_list`)."""
    records = (
        CriticismRecord.objects.filter(meeting_id=meeting.pk)
        .select_related("member")
        .annotate(criticism_count=Count("criticisms"))
        .order_by("member__name_sort", "pk")
    )
    return {record.member_id: record for record in records}


def criticisms_of(record: CriticismRecord | None) -> list[Criticism]:
    """The record's criticisms in order, with their authors — one query (none without one)."""
    if record is None or record.pk is None:
        return []
    return list(
        Criticism.objects.filter(record_id=record.pk)
        .select_related("by_member")
        .order_by("position", "pk")
    )


# --- writing -----------------------------------------------------------------------------------


def too_long(length: int) -> str:
    return _(
        "This text is too long (%(length)s characters): at most %(max)s characters fit in one "
        "field."
    ) % {"length": length, "max": MAX_TEXT}


def _clean_rows(criticisms, sheet: set[int], errors: dict) -> list[tuple[int | None, str, str]]:
    """The criticisms to keep, in order, as (member id, guest name, text); rows left empty are
    dropped. Errors are keyed `criticism-<index>` by the row's place in what was sent."""
    rows = []
    for index, row in enumerate(criticisms):
        if not isinstance(row, CriticismText):
            row = CriticismText(*row)
        key = f"criticism-{index}"
        member_id = row.by_member_id
        name = (row.by_name or "").strip()
        text = (row.text or "").strip()
        if member_id in ("", None):
            member_id = None
        if member_id is None and not name and not text:
            continue  # an empty row
        if member_id is not None:
            try:
                member_id = int(member_id)
            except (TypeError, ValueError):
                member_id = -1
        if member_id is not None and member_id not in sheet:
            errors[key] = _("Choose a member on the attendance sheet of this meeting.")
        elif member_id is not None and name:
            errors[key] = _("Choose a member or write a guest's name, not both.")
        elif len(name) > BY_NAME_MAX:
            errors[key] = _("The name is too long: at most %(max)s characters.") % {
                "max": BY_NAME_MAX
            }
        elif member_id is None and not name:
            errors[key] = _("Say who made the comment: a member on the sheet or a guest's name.")
        elif not text:
            errors[key] = _("Write what was said.")
        elif len(text) > MAX_TEXT:
            errors[key] = too_long(len(text))
        else:
            rows.append((member_id, name, text))
    return rows


@transaction.atomic
def criticism_record_save(
    *,
    meeting: Meeting,
    member,
    by,
    self_criticism: str = "",
    response: str = "",
    conclusion: str = "",
    criticisms=(),
) -> CriticismRecord:
    """Write one member's self-criticism and criticism record at the meeting.

    `member`: a member on the meeting's attendance sheet (or her id). `criticisms`: every row of
    the form, in order — `CriticismText`s or (by_member_id | None, by_name, text) tuples; each is
    by a member on the sheet or by a guest (her name), rows left empty are dropped. The saved
    criticisms are replaced in order: the first row updates the first criticism, and so on;
    new ones are added and the extra ones removed, each change in the history.

    Refused (`ValidationError`, nothing saved) before recording started and once the minutes are
    approved, for a member not on the sheet, and for bad rows (keyed `criticism-<index>`). The
    caller checks that `by` may record the meeting.
    """
    open_record(meeting)
    member_id = getattr(member, "pk", member)
    sheet = set(
        Attendance.objects.filter(meeting_id=meeting.pk).values_list("member_id", flat=True)
    )
    if member_id not in sheet:
        raise ValidationError(_("This person is not on the attendance sheet of this meeting."))
    values = {
        "self_criticism": (self_criticism or "").strip(),
        "response": (response or "").strip(),
        "conclusion": (conclusion or "").strip(),
    }
    errors: dict[str, str] = {}
    for name, value in values.items():
        if len(value) > MAX_TEXT:
            errors[name] = too_long(len(value))
    rows = _clean_rows(criticisms or (), sheet, errors)
    if errors:
        raise ValidationError(errors)

    record = (
        CriticismRecord.objects.select_for_update()
        .filter(meeting_id=meeting.pk, member_id=member_id)
        .first()
    )
    if record is None:
        if not rows and not any(values.values()):
            raise ValidationError(
                _(
                    "Nothing to save: write her self-criticism, a criticism, her response or the "
                    "conclusion."
                )
            )
        record = CriticismRecord(meeting_id=meeting.pk, member_id=member_id)
    fields_changed = any(getattr(record, n) != v for n, v in values.items())
    for name, value in values.items():
        setattr(record, name, value)
    created = record.pk is None
    if created:
        record.updated_by = by
        _save(record, by=by)

    changed = False
    saved = list(
        Criticism.objects.select_for_update().filter(record_id=record.pk).order_by("position", "pk")
    )
    for position, (author_id, name, text) in enumerate(rows, start=1):
        criticism = saved[position - 1] if position <= len(saved) else Criticism(record=record)
        new = (position, author_id, name, text)
        old = (criticism.position, criticism.by_member_id, criticism.by_name, criticism.text)
        if criticism.pk is None or new != old:
            criticism.position = position
            criticism.by_member_id = author_id
            criticism.by_name = name
            criticism.text = text
            _save(criticism, by=by)
            changed = True
    for extra in saved[len(rows) :]:
        extra._history_user = by
        extra.delete()
        changed = True
    if not created and (fields_changed or changed):
        # Who last changed the record (its criticisms included), and when.
        record.updated_by = by
        _save(record, by=by)
    return record
