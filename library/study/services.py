"""Writes to the study campaigns — học tập, quán triệt (issue 19 part 3): one function per
operation, validated and saved in one transaction, the acting user as `by` (in the history). A
refused operation raises `ValidationError` with a clear message and saves nothing. Who may call
which one is `library.access`'s question (the views ask it).

The rules decided here:
- A campaign is on a document of the committee's library that is not archived and open to all
  members (an officers-only document cannot be given to every member to study). Who must study
  it is fixed when it is started: the members on the roll (`members.models.ON_ROLL`) whose
  current cell is one of the chosen cells (none chosen: every active cell of the committee), each
  row keeping her cell. Those with a login are told (in the app, by e-mail) — unless the deadline
  has already passed (history entered afterwards).
- "After the deadline" is after the end of the deadline day (`StudyCampaign.is_past_deadline`).
- A member confirms she studied it, and (where a report is asked) submits her report: a text
  and/or a file (type read from the content, the committee's size limit). Submitting a report
  also marks her as having studied. She edits it until the deadline. After the deadline a first
  report is still accepted and marked late; an edit is refused.
- Extending the deadline (only to a later day) recomputes nothing: a report keeps the `late` mark
  it got against the deadline in force when it came in. A report that comes in after the old
  deadline but by the new one is on time, and the member may edit her report again until the new
  deadline. The members not done yet are told of the new deadline.
- An officer records on behalf of a member (most have no login): her study and/or her
  handwritten report, the day it was handed in (`received_on`, today by default) deciding whether
  it is late; the rows keep who recorded them. A report the member submitted herself is never
  replaced on her behalf. Nothing is undone by recording (a study stays recorded).
- Reminders go to the members with a login who are not done, at most once a day each
  (`StudyParticipant.last_reminded_on`).
- An archived campaign changes no more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cells.models import Cell, Committee
from cells.rules import rules_for
from core import versions
from core.services import save_with_history as _save
from core.uploads import DOCUMENT_TYPES, check_upload, save_with_upload, stored_name
from library.models import LibraryDocument, StudyCampaign, StudyParticipant, StudyReport
from library.study.selectors import report_editable
from members.models import ON_ROLL, CellMembership
from members.notifications import notify

TITLE_MAX = StudyCampaign._meta.get_field("title").max_length
NAME_MAX = StudyReport._meta.get_field("original_name").max_length
# A handwritten report handed in on an earlier day is dated at noon of that day.
RECEIVED_AT = datetime.time(12, 0)


def _date(value, field: str) -> datetime.date:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError({field: _("Enter the date.")})
    return value


def _text(value, field: str) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise ValidationError({field: _("Null characters are not allowed.")})
    return text


def _day(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def _lock_campaign(campaign: StudyCampaign) -> StudyCampaign:
    campaign = (
        StudyCampaign.objects.select_for_update(of=("self",))
        .select_related("committee", "document")
        .get(pk=campaign.pk)
    )
    if campaign.archived:
        raise ValidationError(_("This campaign is archived: nothing in it can change."))
    return campaign


def _lock_participant(participant: StudyParticipant) -> StudyParticipant:
    participant = (
        StudyParticipant.objects.select_for_update(of=("self",))
        .select_related("campaign__committee", "campaign__document", "member")
        .get(pk=participant.pk)
    )
    if participant.campaign.archived:
        raise ValidationError(_("This campaign is archived: nothing in it can change."))
    return participant


def _report_of(participant: StudyParticipant) -> StudyReport | None:
    return StudyReport.objects.select_for_update().filter(participant=participant).first()


def _original_name(upload) -> str:
    return stored_name(upload, default="report", max_length=NAME_MAX)


def _checked_kind(upload, committee: Committee) -> str:
    try:
        return check_upload(
            upload, allowed=DOCUMENT_TYPES, max_mb=rules_for(committee).upload_max_mb
        )
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error


def _save_report(report: StudyReport, *, upload, kind: str | None, by) -> StudyReport:
    """Validate and save the report; a new file is stored under a name from its real kind."""
    report._history_user = by
    if upload is not None:
        report.original_name = _original_name(upload)
        report.file_kind = kind
        report.full_clean(exclude=["file", "participant", "recorded_by"])
        return save_with_upload(report, "file", upload, stem="report", kind=kind)
    report.full_clean(exclude=["participant", "recorded_by"])
    report.save()
    return report


def _mark_studied(participant: StudyParticipant, *, moment, recorded_by, by) -> None:
    if participant.studied_at is None:
        participant.studied_at = moment
        participant.studied_recorded_by = recorded_by
        participant._history_user = by
        participant.save(update_fields=["studied_at", "studied_recorded_by"])


def _users_of(participants) -> list:
    return [p.member.user for p in participants if p.member.user_id]


# --- starting, extending, archiving ---------------------------------------------------------------


@dataclass(frozen=True)
class StartResult:
    campaign: StudyCampaign
    participants: int
    notified: int


def _campaign_cells(committee: Committee, cells) -> list[Cell]:
    cells = list(cells or [])
    for cell in cells:
        if cell.committee_id != committee.pk or not cell.is_active:
            raise ValidationError({"cells": _("Choose active cells of this committee.")})
    return cells


def _announce(campaign: StudyCampaign, users, *, extended: bool = False) -> int:
    """Tell the members (in Vietnamese, the party's own language) — how many were told."""
    with translation.override("vi"):
        values = {"title": campaign.title, "deadline": _day(campaign.deadline)}
        if extended:
            title = _("Study: new deadline %(deadline)s — %(title)s") % values
        else:
            title = _("Study by %(deadline)s: %(title)s") % values
        lines = [
            _("Document: %(document)s") % {"document": campaign.document},
            _("Deadline: %(deadline)s") % values,
        ]
        if campaign.report_required:
            lines.append(_("A written report is required."))
        if campaign.instructions:
            lines.append(campaign.instructions)
        lines.append(
            _("Open the campaign to confirm you have studied the document.")
            if not campaign.report_required
            else _("Open the campaign to confirm you have studied it and submit your report.")
        )
    return notify(users=users, title=title, body="\n".join(lines), url=campaign.get_absolute_url())


@transaction.atomic
def campaign_start(
    committee: Committee,
    document: LibraryDocument,
    *,
    title: str,
    cells,
    starts_on: datetime.date,
    deadline: datetime.date,
    report_required: bool,
    instructions: str = "",
    by,
) -> StartResult:
    """Start a campaign: the participants are fixed now (see the module's rules) and told."""
    if document.committee_id != committee.pk:
        raise ValidationError({"document": _("This document is not in the committee's library.")})
    if document.archived:
        raise ValidationError({"document": _("This document is archived.")})
    if document.audience != LibraryDocument.Audience.MEMBERS:
        raise ValidationError(
            {
                "document": _(
                    "This document is open to officers only: open it to all members before "
                    "asking them to study it."
                )
            }
        )
    title = _text(title, "title")
    if not title:
        raise ValidationError({"title": _("Give the campaign a title.")})
    starts_on = _date(starts_on, "starts_on")
    deadline = _date(deadline, "deadline")
    if deadline < starts_on:
        raise ValidationError({"deadline": _("The deadline cannot be before the start date.")})
    instructions = _text(instructions, "instructions")
    chosen = _campaign_cells(committee, cells)
    in_cells = chosen or list(Cell.objects.filter(committee=committee).active())
    memberships = list(
        CellMembership.objects.filter(
            cell__in=in_cells,
            end_date__isnull=True,
            member__committee=committee,
            member__status__in=ON_ROLL,
        )
        .select_related("member__user")
        .order_by("member_id")
    )
    if not memberships:
        raise ValidationError({"cells": _("No member on the roll in the chosen cells.")})
    campaign = StudyCampaign(
        committee=committee,
        document=document,
        title=title[:TITLE_MAX],
        instructions=instructions,
        starts_on=starts_on,
        deadline=deadline,
        report_required=bool(report_required),
        created_by=by,
    )
    _save(campaign, by=by)
    if chosen:
        campaign.cells.set(chosen)
    participants = bulk_create_with_history(
        [
            StudyParticipant(campaign=campaign, member=m.member, cell_id=m.cell_id)
            for m in memberships
        ],
        StudyParticipant,
        default_user=by,
    )
    versions.touch([versions.committee_scope(committee.pk)])  # a bulk write sends no signal
    notified = 0
    if not campaign.is_past_deadline():
        notified = _announce(campaign, [m.member.user for m in memberships if m.member.user_id])
    return StartResult(campaign=campaign, participants=len(participants), notified=notified)


@transaction.atomic
def campaign_extend(*, campaign: StudyCampaign, deadline: datetime.date, by) -> int:
    """Move the deadline later; the members not done yet are told. Returns how many were told.
    Reports keep their `late` mark (see the module's rules)."""
    campaign = _lock_campaign(campaign)
    deadline = _date(deadline, "deadline")
    if deadline <= campaign.deadline:
        raise ValidationError(
            {
                "deadline": _("The new deadline must be later than the current one (%(date)s).")
                % {"date": _day(campaign.deadline)}
            }
        )
    campaign.deadline = deadline
    _save(campaign, by=by)
    if campaign.is_past_deadline():
        return 0
    missing = campaign.participants.not_done().select_related("member__user")
    return _announce(campaign, _users_of(missing), extended=True)


@transaction.atomic
def campaign_archive(*, campaign: StudyCampaign, by) -> StudyCampaign:
    """Take a campaign off the lists; it is kept (never deleted) with its reports."""
    campaign = StudyCampaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)
    if not campaign.archived:
        campaign.archived = True
        _save(campaign, by=by)
    return campaign


# --- the member's own part ------------------------------------------------------------------------


@transaction.atomic
def study_confirm(*, participant: StudyParticipant, by, now=None) -> StudyParticipant:
    """She has studied the document (once; confirming again changes nothing)."""
    participant = _lock_participant(participant)
    _mark_studied(participant, moment=now or timezone.now(), recorded_by=None, by=by)
    return participant


@transaction.atomic
def report_submit(
    *, participant: StudyParticipant, text: str, upload=None, by, now=None
) -> StudyReport:
    """Her report (a text and/or a file). A first report after the deadline is accepted and
    marked late; she edits it until the deadline, not after. A new file replaces the old one; an
    empty text with no file (and none stored) is refused."""
    participant = _lock_participant(participant)
    campaign = participant.campaign
    if not campaign.report_required:
        raise ValidationError(_("This campaign asks for no written report."))
    now = now or timezone.now()
    report = _report_of(participant)
    if not report_editable(campaign, report, now):
        raise ValidationError(
            _("The deadline (%(date)s) has passed: your report can no longer be changed.")
            % {"date": _day(campaign.deadline)}
        )
    text = _text(text, "text")
    if not text and upload is None and not (report and report.file):
        raise ValidationError({"text": _("Write your report or attach a file.")})
    kind = _checked_kind(upload, campaign.committee) if upload is not None else None
    if report is None:
        late = campaign.is_past_deadline(now)
        report = StudyReport(participant=participant, submitted_at=now, late=late)
    report.text, report.updated_at, report.recorded_by = text, now, None
    report = _save_report(report, upload=upload, kind=kind, by=by)
    _mark_studied(participant, moment=now, recorded_by=None, by=by)
    return report


# --- officers ---------------------------------------------------------------------------------------


@transaction.atomic
def record_on_behalf(
    *,
    participant: StudyParticipant,
    studied: bool,
    text: str = "",
    upload=None,
    by,
    received_on: datetime.date | None = None,
) -> StudyParticipant:
    """An officer records a member's study and/or her handwritten report (typed, or scanned as a
    file), handed in on `received_on` (today by default) — late when that is after the deadline.
    Marked as recorded by `by`."""
    participant = _lock_participant(participant)
    campaign = participant.campaign
    today = timezone.localdate()
    received_on = _date(received_on or today, "received_on")
    if received_on > today:
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    if received_on < campaign.starts_on:
        raise ValidationError(
            {
                "received_on": _("The date cannot be before the campaign starts (%(date)s).")
                % {"date": _day(campaign.starts_on)}
            }
        )
    text = _text(text, "text")
    has_report = bool(text) or upload is not None
    if not studied and not has_report:
        raise ValidationError(_("Nothing to record: tick “studied” or enter her report."))
    if has_report and not campaign.report_required:
        raise ValidationError({"text": _("This campaign asks for no written report.")})
    report = _report_of(participant) if has_report else None
    if report is not None and report.recorded_by_id is None:
        raise ValidationError(
            {"text": _("She submitted her report herself: it cannot be replaced on her behalf.")}
        )
    now = timezone.now()
    moment = (
        now
        if received_on == today
        else timezone.make_aware(datetime.datetime.combine(received_on, RECEIVED_AT))
    )
    if has_report:
        kind = _checked_kind(upload, campaign.committee) if upload is not None else None
        if report is None:
            report = StudyReport(
                participant=participant,
                submitted_at=moment,
                late=campaign.is_past_deadline(received_on),
            )
        report.text, report.updated_at, report.recorded_by = text, now, by
        _save_report(report, upload=upload, kind=kind, by=by)
    _mark_studied(participant, moment=moment, recorded_by=by, by=by)
    return participant


@transaction.atomic
def remind_missing(*, campaign: StudyCampaign, by, cell: Cell | None = None, today=None) -> int:
    """Remind the members with a login who are not done (of `cell` only when given), at most once
    a day each. Returns how many were reminded."""
    campaign = _lock_campaign(campaign)
    today = today or timezone.localdate()
    missing = campaign.participants.not_done().filter(
        member__user__isnull=False, member__user__is_active=True
    )
    if cell is not None:
        missing = missing.filter(cell=cell)
    missing = list(
        missing.exclude(last_reminded_on__gte=today)
        .select_for_update(of=("self",))
        .select_related("member__user")
        .order_by("pk")
    )
    if not missing:
        return 0
    with translation.override("vi"):
        values = {"title": campaign.title, "deadline": _day(campaign.deadline)}
        title = _("Reminder: study by %(deadline)s — %(title)s") % values
        body = (
            _(
                "You have not yet confirmed that you studied the document or submitted your "
                "report. Deadline: %(deadline)s."
            )
            if campaign.report_required
            else _(
                "You have not yet confirmed that you studied the document. Deadline: %(deadline)s."
            )
        ) % values
    notify(users=_users_of(missing), title=title, body=body, url=campaign.get_absolute_url())
    for participant in missing:
        participant.last_reminded_on = today
    bulk_update_with_history(missing, StudyParticipant, ["last_reminded_on"], default_user=by)
    versions.touch([versions.committee_scope(campaign.committee_id)])  # a bulk write: no signal
    return len(missing)
