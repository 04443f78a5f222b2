"""Amendments — đính chính (DOMAIN §4.5): corrections to approved minutes and attendance. Each
changes the record itself and keeps who, when, why and the value before."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.services import save_with_history as _save
from meetings.decisions import followup
from meetings.models import (
    MAX_TEXT,
    SECTION_ORDER,
    AgendaItem,
    Amendment,
    Attendance,
    Contribution,
    Meeting,
    Minutes,
)
from meetings.record.attendance import REASON_MAX, apply_attendance, sheet_row
from meetings.record.minutes import check_times, person_name, too_long, too_long_message


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
    row = sheet_row(meeting, member_id)
    before = attendance_text(row)
    apply_attendance(row, status, reason)
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
    if too_long(new_value):
        raise ValidationError(
            {"new_value": too_long_message() % {"length": len(new_value), "max": MAX_TEXT}}
        )
    kind, _sep, rest = target.partition(":")
    if chosen.kind == "time":
        when = _parse_time(new_value)
        new_value = when.strftime("%H:%M")
        if new_value == chosen.value:
            raise ValidationError({"new_value": _("Nothing would change: the text is the same.")})
        setattr(minutes, rest, when)
        errors: dict[str, str] = {}
        check_times(minutes.opened_at, minutes.closed_at, errors)
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
