"""The minutes — biên bản (DOMAIN §4.4–5): saving what the clerk writes, ready, approval, and the
quality rubric's grade.

The minutes are saved with optimistic locking: every save names the version it was made on, a save
made on an older version is refused (`StaleMinutes`) and the caller keeps the clerk's text on
screen. Once approved, the record is read-only; a correction is an amendment
(`meetings.record.amendments`)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.rules import rules_for
from core.services import save_with_history as _save
from meetings.decisions import followup
from meetings.models import (
    MAX_TEXT,
    AgendaItem,
    Attendance,
    Contribution,
    Guest,
    Meeting,
    Minutes,
    Status,
)
from meetings.selectors import open_record

QUALITY_FIELDS = (
    ("quality_preparation", "quality_preparation_points"),
    ("quality_attendance", "quality_attendance_points"),
    ("quality_conduct", "quality_conduct_points"),
    ("quality_closing", "quality_closing_points"),
)


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
    # The minutes' quality total after the save, and each agenda item's contribution ids in
    # order (what the autosaving page needs to update itself, without reading again).
    quality_total: int | None = None
    contribution_ids: dict[int, list[int]] = field(default_factory=dict)


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


def too_long(value: str) -> bool:
    return len(value) > MAX_TEXT


def too_long_message() -> str:
    return _(
        "This text is too long (%(length)s characters): at most %(max)s characters fit in one "
        "field. Shorten it or split it into several contributions."
    )


def check_times(opened_at, closed_at, errors: dict) -> None:
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
    `meetings.decisions.followup`).
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes = open_record(meeting)
    if version != minutes.version:
        raise StaleMinutes(minutes.version)
    rules = rules_for(meeting.committee)
    items = items or {}
    quality = quality or {}
    errors: dict[str, str] = {}
    check_times(opened_at, closed_at, errors)
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
            if too_long(value):
                errors[f"item-{item_pk}-{name}"] = too_long_message() % {
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
            if too_long(body):
                errors[key] = too_long_message() % {"length": len(body), "max": MAX_TEXT}
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
    contribution_ids: dict[int, list[int]] = {}
    for contribution_pk, item_pk in (
        Contribution.objects.filter(agenda_item__meeting_id=meeting.pk)
        .order_by("position", "pk")
        .values_list("pk", "agenda_item_id")
    ):
        contribution_ids.setdefault(item_pk, []).append(contribution_pk)
    return SaveResult(
        version=minutes.version,
        changed=changed,
        saved_at=minutes.updated_at or timezone.now(),
        warning=length_warning(meeting, minutes, rules),
        quality_total=minutes.quality_total,
        contribution_ids=contribution_ids,
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
