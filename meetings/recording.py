"""Holding a meeting: attendance, guests, minutes, approval and amendments (DOMAIN §4.4–5, §7).

One function per write, validated, in one transaction. The minutes are saved with optimistic
locking: every save names the version it was made on, a save made on an older version is refused
(`StaleMinutes`) and the caller keeps the clerk's text on screen. Once approved, attendance and
minutes are read-only; a correction is an amendment that changes the record itself and keeps who,
when, why and old → new.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.rules import rules_for
from core.services import save_with_history as _save
from meetings import followup
from meetings.models import (
    MAX_TEXT,
    AgendaItem,
    Amendment,
    Attendance,
    Contribution,
    Guest,
    Meeting,
    Minutes,
    Status,
)
from meetings.selectors import body_members
from meetings.services import SECTION_ORDER
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
QUALITY_FIELDS = (
    ("quality_preparation", "quality_preparation_points"),
    ("quality_attendance", "quality_attendance_points"),
    ("quality_conduct", "quality_conduct_points"),
    ("quality_closing", "quality_closing_points"),
)
REASON_MAX = 500
GUEST_FIELD_MAX = 200


class StaleMinutes(ValidationError):
    """The minutes were saved by someone else since this form was loaded."""

    def __init__(self, current_version: int):
        self.current_version = current_version
        super().__init__(
            _(
                "Someone else saved these minutes while you were typing (now version "
                "%(version)s). Your text was NOT saved and is still on this page: copy what you "
                "need, reload the page to see their changes, then add yours again."
            )
            % {"version": current_version},
            code="stale",
        )


class Grade:
    """The meeting-quality grade — xếp loại chất lượng buổi sinh hoạt (DOMAIN §7)."""

    GOOD = "good"
    FAIR = "fair"
    AVERAGE = "average"
    POOR = "poor"
    LABELS = {
        GOOD: gettext_lazy("Good"),
        FAIR: gettext_lazy("Fair"),
        AVERAGE: gettext_lazy("Average"),
        POOR: gettext_lazy("Poor"),
    }


def quality_grade(total: int | None, rules) -> str | None:
    """The grade of a score by the committee's bands: Tốt ≥ 90 / Khá ≥ 70 / Trung bình ≥ 50 / Kém."""
    if total is None:
        return None
    if total >= rules.quality_good_min:
        return Grade.GOOD
    if total >= rules.quality_fair_min:
        return Grade.FAIR
    if total >= rules.quality_average_min:
        return Grade.AVERAGE
    return Grade.POOR


def minimum_length(meeting: Meeting, rules) -> int:
    """The shortest the meeting may last, in minutes: longer with a topic session (DOMAIN §4.4)."""
    if meeting.is_topic_session:
        return rules.min_topic_meeting_minutes
    return rules.min_meeting_minutes


def length_warning(meeting: Meeting, minutes: Minutes, rules=None) -> str | None:
    """A warning when the recorded meeting is shorter than the committee's minimum."""
    length = minutes.length_minutes
    if length is None:
        return None
    rules = rules or rules_for(meeting.committee)
    needed = minimum_length(meeting, rules)
    if length >= needed:
        return None
    return _(
        "The meeting lasted %(length)s minutes, shorter than the %(needed)s minutes the "
        "committee requires%(topic)s."
    ) % {
        "length": length,
        "needed": needed,
        "topic": _(" for a meeting with a topic session") if meeting.is_topic_session else "",
    }


# --- starting the record and the attendance sheet ---------------------------------------------


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


def open_record(meeting: Meeting) -> Minutes:
    """The meeting's minutes, locked for this transaction: every write to the record of the
    meeting (attendance, minutes, votes, resolutions, tasks) goes through here, and is refused
    before recording started or once the minutes are approved."""
    minutes = Minutes.objects.select_for_update().filter(meeting_id=meeting.pk).first()
    if minutes is None:
        raise ValidationError(_("Start recording the meeting first."))
    if minutes.is_locked:
        raise ValidationError(
            _("The minutes are approved and locked: correct them with an amendment.")
        )
    return minutes


@transaction.atomic
def attendance_refresh(*, meeting: Meeting, by) -> tuple[int, int]:
    """Bring the sheet in line with the body's members on the meeting date (added, removed)."""
    open_record(meeting)
    return _sync_sheet(meeting, by=by)


def _apply_attendance(row: Attendance, status: str, reason: str) -> None:
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Choose present, excused or unexcused.")})
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("At most %(max)s characters.") % {"max": REASON_MAX}})
    if status == Attendance.Status.EXCUSED and not reason:
        raise ValidationError({"reason": _("Give the reason for the absence.")})
    row.status = status
    row.reason = reason if status == Attendance.Status.EXCUSED else ""


def _sheet_row(meeting: Meeting, member_id) -> Attendance:
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
    row = _sheet_row(meeting, member_id)
    _apply_attendance(row, status, reason)
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


# --- the minutes ------------------------------------------------------------------------------


@dataclass
class ContributionText:
    """One contribution as the form sends it: `speaker` is "m<pk>" (a member) or "g<pk>" (a
    guest); `id` is the saved contribution it edits, or None for a new one."""

    speaker: str = ""
    text: str = ""
    id: int | None = None


@dataclass
class ItemText:
    summary: str = ""
    conclusion: str = ""
    contributions: list[ContributionText] = field(default_factory=list)


@dataclass
class SaveResult:
    version: int
    changed: bool
    saved_at: datetime.datetime
    warning: str | None = None


def _speaker(meeting: Meeting, code: str, members: set[int], guests: set[int]):
    """(member_id, guest_id) for a speaker code, or None if it names nobody at this meeting."""
    code = (code or "").strip()
    if len(code) < 2 or not code[1:].isdigit():
        return None
    pk = int(code[1:])
    if code[0] == "m" and pk in members:
        return pk, None
    if code[0] == "g" and pk in guests:
        return None, pk
    return None


def _too_long(value: str) -> bool:
    return len(value) > MAX_TEXT


def _too_long_message() -> str:
    return _(
        "This text is too long (%(length)s characters): at most %(max)s characters fit in one "
        "field. Shorten it or split it into several contributions."
    )


def _check_times(opened_at, closed_at, errors: dict) -> None:
    if opened_at and closed_at and closed_at <= opened_at:
        errors["closed_at"] = _("The closing time must be after the opening time.")


def _check_quality(quality: dict, rules, errors: dict) -> None:
    for name, setting in QUALITY_FIELDS:
        value = quality.get(name)
        if value is None:
            continue
        most = getattr(rules, setting)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
            errors[name] = _("Give from 0 to %(max)s points.") % {"max": most}


@transaction.atomic
def minutes_save(
    *,
    meeting: Meeting,
    version: int,
    by,
    opened_at: datetime.time | None = None,
    closed_at: datetime.time | None = None,
    chair_id: int | None = None,
    clerk_id: int | None = None,
    items: dict[int, ItemText] | None = None,
    quality: dict[str, int | None] | None = None,
    reviews: dict[int, str] | None = None,
) -> SaveResult:
    """Save the clerk's minutes (the autosave and the form's submit both come here).

    `version` is the version the form was loaded with: when the minutes have been saved since,
    nothing is written and `StaleMinutes` is raised. A save that changes something raises the
    version by one; saving minutes that were marked ready returns them to draft. A contribution
    row with no text is left out (a row just added); one with an `id` and no text is removed.
    `reviews`: the outcome of each task of the review of last month's tasks ({TaskReview pk: text},
    `meetings.followup`).
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes = open_record(meeting)
    if version != minutes.version:
        raise StaleMinutes(minutes.version)
    rules = rules_for(meeting.committee)
    items = items or {}
    quality = quality or {}
    errors: dict[str, str] = {}
    _check_times(opened_at, closed_at, errors)
    _check_quality(quality, rules, errors)
    sheet = set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    guests = set(Guest.objects.filter(meeting=meeting).values_list("pk", flat=True))
    for key, person in (("chair", chair_id), ("clerk", clerk_id)):
        if person is not None and person not in sheet:
            errors[key] = _("Choose a member on the attendance sheet.")
    agenda = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
    saved = {
        c.pk: c
        for c in Contribution.objects.filter(agenda_item__meeting=meeting).select_for_update()
    }
    plans: list[tuple[AgendaItem, ItemText, list]] = []
    for item_pk, text in items.items():
        item = agenda.get(item_pk)
        if item is None:
            errors[f"item-{item_pk}"] = _("This item is not on the meeting's agenda.")
            continue
        for name in ("summary", "conclusion"):
            value = getattr(text, name) or ""
            if _too_long(value):
                errors[f"item-{item_pk}-{name}"] = _too_long_message() % {
                    "length": len(value),
                    "max": MAX_TEXT,
                }
        rows = []
        for index, row in enumerate(text.contributions):
            key = f"item-{item_pk}-c{index}"
            body = (row.text or "").strip()
            existing = saved.get(row.id) if row.id else None
            if row.id and (existing is None or existing.agenda_item_id != item_pk):
                errors[key] = _("This contribution is no longer in the minutes; reload the page.")
                continue
            if not body:
                rows.append((existing, None, ""))  # removed (if saved) or an empty new row
                continue
            if _too_long(body):
                errors[key] = _too_long_message() % {"length": len(body), "max": MAX_TEXT}
                continue
            speaker = _speaker(meeting, row.speaker, sheet, guests)
            if speaker is None:
                errors[key] = _("Choose who spoke.")
                continue
            rows.append((existing, speaker, body))
        plans.append((item, text, rows))
    review_plans = followup.check_outcomes(meeting, reviews or {}, errors)
    if errors:
        raise ValidationError(errors)

    changed = False
    for name, value in (("opened_at", opened_at), ("closed_at", closed_at)):
        if getattr(minutes, name) != value:
            setattr(minutes, name, value)
            changed = True
    for name, _setting in QUALITY_FIELDS:
        if name in quality and getattr(minutes, name) != quality[name]:
            setattr(minutes, name, quality[name])
            changed = True
    meeting_changed = False
    for name, person in (("chair_id", chair_id), ("clerk_id", clerk_id)):
        if person is not None and getattr(meeting, name) != person:
            setattr(meeting, name, person)
            meeting_changed = True
    if meeting_changed:
        _save(meeting, by=by)
        changed = True
    for item, text, rows in plans:
        summary, conclusion = (text.summary or "").strip(), (text.conclusion or "").strip()
        if (item.summary, item.conclusion) != (summary, conclusion):
            item.summary, item.conclusion = summary, conclusion
            _save(item, by=by)
            changed = True
        position = 0
        for existing, speaker, body in rows:
            if speaker is None:
                if existing is not None:
                    existing._history_user = by
                    existing.delete()
                    changed = True
                continue
            position += 10
            member_id, guest_id = speaker
            contribution = existing or Contribution(agenda_item=item)
            new = (position, member_id, guest_id, body)
            old = (
                contribution.position,
                contribution.speaker_member_id,
                contribution.speaker_guest_id,
                contribution.text,
            )
            if existing is None or new != old:
                contribution.position = position
                contribution.speaker_member_id = member_id
                contribution.speaker_guest_id = guest_id
                contribution.text = body
                _save(contribution, by=by)
                changed = True
    if followup.save_outcomes(review_plans, by=by):
        changed = True
    if changed:
        minutes.version += 1
        minutes.updated_by = by
        if minutes.state == Minutes.State.READY:
            minutes.state = Minutes.State.DRAFT
            minutes.ready_at = None
            minutes.ready_by = None
        _save(minutes, by=by)
    return SaveResult(
        version=minutes.version,
        changed=changed,
        saved_at=minutes.updated_at or timezone.now(),
        warning=length_warning(meeting, minutes, rules),
    )


@transaction.atomic
def minutes_mark_ready(*, meeting: Meeting, by) -> Minutes:
    """The clerk has read the minutes back: they wait for the chair's approval."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes = open_record(meeting)
    missing = []
    if meeting.chair_id is None:
        missing.append(_("the chair"))
    if meeting.clerk_id is None:
        missing.append(_("the clerk"))
    if minutes.opened_at is None:
        missing.append(_("the opening time"))
    if minutes.closed_at is None:
        missing.append(_("the closing time"))
    if minutes.quality_total is None:
        missing.append(_("the meeting-quality score"))
    if missing:
        raise ValidationError(
            _("Before marking the minutes ready, fill in: %(missing)s.")
            % {"missing": ", ".join(str(m) for m in missing)}
        )
    minutes.state = Minutes.State.READY
    minutes.ready_at = timezone.now()
    minutes.ready_by = by
    return _save(minutes, by=by)


def person_name(user) -> str:
    """How a document names the user: her member record's name, else her account's."""
    member = getattr(user, "member", None)
    return (member.full_name if member else "") or user.full_name or user.get_username()


def approval_due_on(meeting_date: datetime.date, rules) -> datetime.date:
    """The last day a meeting's minutes count as approved on time: `minutes_approval_days` (a
    committee setting) after the meeting. Approved later, they were approved late; still not
    approved after it, they are overdue."""
    return meeting_date + datetime.timedelta(days=rules.minutes_approval_days)


def overdue_if_held_before(today: datetime.date, rules) -> datetime.date:
    """The same rule for a query: minutes still not approved today are overdue when their meeting
    was held before this day (`approval_due_on` is then before today)."""
    return today - datetime.timedelta(days=rules.minutes_approval_days)


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by) -> Minutes:
    """Thông qua: the chair (or the cell secretary) approves the minutes; they are locked."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes = open_record(meeting)
    if minutes.state != Minutes.State.READY:
        raise ValidationError(_("The clerk has not marked the minutes ready yet."))
    minutes.state = Minutes.State.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by = by
    minutes.approved_by_name = person_name(by)
    _save(minutes, by=by)
    meeting.status = Status.APPROVED
    _save(meeting, by=by)
    return minutes


# --- amendments -------------------------------------------------------------------------------


def _approved_minutes(meeting: Meeting) -> Minutes:
    minutes = Minutes.objects.select_for_update().filter(meeting_id=meeting.pk).first()
    if minutes is None or not minutes.is_locked:
        raise ValidationError(
            _("The minutes are not approved yet: change them directly, no amendment is needed.")
        )
    return minutes


def _check_why(why: str) -> str:
    why = (why or "").strip()
    if not why:
        raise ValidationError({"why": _("Give the reason for the correction.")})
    if len(why) > REASON_MAX * 4:
        raise ValidationError({"why": _("At most %(max)s characters.") % {"max": REASON_MAX * 4}})
    return why


def attendance_text(row: Attendance) -> str:
    """How the minutes state one attendance row ("Vắng có lý do (ốm)"), in Vietnamese."""
    with translation.override("vi"):
        label = str(Attendance.Status(row.status).label)
        return f"{label} ({row.reason})" if row.reason else label


@transaction.atomic
def amend_attendance(
    *, meeting: Meeting, member_id, status: str, why: str, by, reason: str = ""
) -> Amendment:
    """Correct one attendance row of approved minutes: the row changes, the amendment says how."""
    _approved_minutes(meeting)
    why = _check_why(why)
    row = _sheet_row(meeting, member_id)
    before = attendance_text(row)
    _apply_attendance(row, status, reason)
    after = attendance_text(row)
    if after == before:
        raise ValidationError(_("Nothing would change: the sheet already says this."))
    _save(row, by=by)
    with translation.override("vi"):
        label = _("Attendance — %(name)s") % {"name": row.member.full_name}
    return _save(
        Amendment(
            meeting_id=meeting.pk,
            target=f"attendance:{row.member_id}",
            label=label,
            old_value=before,
            new_value=after,
            reason=why,
            made_by=by,
            made_by_name=person_name(by),
        ),
        by=by,
    )


@dataclass
class Target:
    """A field of approved minutes that an amendment may correct."""

    key: str
    label: str
    value: str
    kind: str = "text"  # "text" or "time"


def amendment_targets(meeting: Meeting) -> list[Target]:
    """Every text of the minutes an amendment may correct, labelled as the minutes name it."""
    minutes = Minutes.objects.get(meeting_id=meeting.pk)
    targets = []
    with translation.override("vi"):
        for name, label in (
            ("opened_at", _("Opening time")),
            ("closed_at", _("Closing time")),
        ):
            value = getattr(minutes, name)
            targets.append(
                Target(
                    f"minutes:{name}", str(label), value.strftime("%H:%M") if value else "", "time"
                )
            )
        items = AgendaItem.objects.filter(meeting_id=meeting.pk).order_by("position", "pk")
        contributions = (
            Contribution.objects.filter(agenda_item__meeting_id=meeting.pk)
            .select_related("speaker_member", "speaker_guest")
            .order_by("position", "pk")
        )
        by_item: dict[int, list[Contribution]] = {}
        for contribution in contributions:
            by_item.setdefault(contribution.agenda_item_id, []).append(contribution)
        ordered = sorted(items, key=lambda i: (SECTION_ORDER.index(i.section), i.position, i.pk))
        # The outcomes of the review of last month's tasks, after section (b)'s items.
        reviews = [Target(*target) for target in followup.review_targets(meeting)]
        after_tasks = SECTION_ORDER.index(AgendaItem.Section.TASKS)
        for number, item in enumerate(ordered, start=1):
            if reviews and SECTION_ORDER.index(item.section) > after_tasks:
                targets += reviews
                reviews = []
            targets.append(
                Target(
                    f"item:{item.pk}:summary",
                    _("Item %(number)s (%(title)s) — summary")
                    % {"number": number, "title": item.title},
                    item.summary,
                )
            )
            for index, contribution in enumerate(by_item.get(item.pk, []), start=1):
                targets.append(
                    Target(
                        f"contribution:{contribution.pk}",
                        _("Item %(number)s — contribution %(index)s (%(speaker)s)")
                        % {
                            "number": number,
                            "index": index,
                            "speaker": contribution.speaker_name,
                        },
                        contribution.text,
                    )
                )
            targets.append(
                Target(
                    f"item:{item.pk}:conclusion",
                    _("Item %(number)s (%(title)s) — conclusion")
                    % {"number": number, "title": item.title},
                    item.conclusion,
                )
            )
        targets += reviews
    return targets


def _parse_time(value: str) -> datetime.time:
    value = (value or "").strip()
    for fmt in ("%H:%M", "%H:%M:%S", "%Hh%M", "%H.%M"):
        try:
            return datetime.datetime.strptime(value, fmt).time()
        except ValueError:
            continue
    raise ValidationError({"new_value": _("Write the time as hh:mm, e.g. 16:30.")})


@transaction.atomic
def amend_text(*, meeting: Meeting, target: str, new_value: str, why: str, by) -> Amendment:
    """Correct one text (or time) of approved minutes: the record changes, the amendment says how."""
    minutes = _approved_minutes(meeting)
    why = _check_why(why)
    choices = {t.key: t for t in amendment_targets(meeting)}
    chosen = choices.get(target)
    if chosen is None:
        raise ValidationError({"target": _("Choose what to correct.")})
    new_value = (new_value or "").strip()
    if _too_long(new_value):
        raise ValidationError(
            {"new_value": _too_long_message() % {"length": len(new_value), "max": MAX_TEXT}}
        )
    kind, _sep, rest = target.partition(":")
    if chosen.kind == "time":
        when = _parse_time(new_value)
        new_value = when.strftime("%H:%M")
        if new_value == chosen.value:
            raise ValidationError({"new_value": _("Nothing would change: the text is the same.")})
        setattr(minutes, rest, when)
        errors: dict[str, str] = {}
        _check_times(minutes.opened_at, minutes.closed_at, errors)
        if errors:
            raise ValidationError({"new_value": errors["closed_at"]})
        _save(minutes, by=by)
    else:
        if new_value == chosen.value:
            raise ValidationError({"new_value": _("Nothing would change: the text is the same.")})
        if kind == "item":
            pk, _sep, name = rest.partition(":")
            item = AgendaItem.objects.select_for_update().get(pk=int(pk), meeting_id=meeting.pk)
            setattr(item, name, new_value)
            _save(item, by=by)
        elif kind == "review":
            followup.outcome_amend(meeting=meeting, pk=int(rest), outcome=new_value, by=by)
        else:  # a contribution
            contribution = Contribution.objects.select_for_update().get(
                pk=int(rest), agenda_item__meeting_id=meeting.pk
            )
            if not new_value:
                raise ValidationError({"new_value": _("A contribution cannot be emptied.")})
            contribution.text = new_value
            _save(contribution, by=by)
    return _save(
        Amendment(
            meeting_id=meeting.pk,
            target=target,
            # The label quotes an item title or a guest (up to 300 characters each): shorten it.
            label=Truncator(chosen.label).chars(Amendment._meta.get_field("label").max_length),
            old_value=chosen.value,
            new_value=new_value,
            reason=why,
            made_by=by,
            made_by_name=person_name(by),
        ),
        by=by,
    )
