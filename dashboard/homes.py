"""The personal home's selectors — trang của tôi (issue 10 items 2–3, DOMAIN §4, §7).

One selector per panel; `cell_home` and `member_home` put them together. Each selector is a
handful of aggregate queries whatever the number of members, meetings, documents, tasks or
notifications, so the page costs the same for a small cell as for a large one.

The cell secretary's panels (for each cell the user is an officer of):
- **next meeting** (`next_meeting`): the cell's earliest meeting of any kind dated today or later
  that is not yet held (draft or published);
- **its checklist** (`meeting_checklist`):
  - *agenda drafted* — at least one agenda item is the secretary's own work
    (`AgendaItem.objects.drafted()`: added by her, or a standard item from the schedule that she
    changed). The scheduler's untouched skeleton is not a drafted agenda; an empty agenda is not
    either;
  - *published on time* — published and not `published_late`, and none of its documents added
    after the deadline (`Document.added_late`: the meeting published on time, a document added
    later); while unpublished, the day by which it must be (the day of
    `meetings.planning.preparation.publish_deadline`: `document_lead_days` before the meeting
    starts), overdue once that day has passed;
  - *documents attached* — the number of its documents not archived (at least one);
  - *clerk named*;
  - *who has not opened the documents* — the members of its body
    (`meetings.selectors.body_members`) with no read receipt for any of its documents (only
    asked once it has documents);
- **open and overdue tasks** (`cell_tasks`): the open parts of the cell's tasks
  (`meetings.decisions.tasks.open_assignments_for_cell`, one query), overdue first since they come by
  deadline;
- **flagged members** (`flagged_members`): the two warnings of the Charter, Art. 8, side by side
  (`dashboard.flags.member_flags`): current members of the cell with at least
  `absence_flag_count` (setting) unexcused absences at the year's regular cell meetings (of any
  cell: a member who moved keeps the absences she had, as `reviews.selectors.evidence` counts),
  or with at least `unpaid_fee_flag_months` (setting) months of fees unpaid in the year;
- **minutes to approve** (`minutes_to_approve`): the cell's held meetings whose minutes are not
  approved, oldest first, with the days since, overdue past `minutes_approval_days` (setting).

The member's panels: her next meeting (`my_next_meeting`: the next published meeting of her
current cell, or a published conference of the whole committee, whichever comes first, through
`Meeting.objects.visible_to`), with its agenda and the documents she has not opened; her open
tasks (`meetings.decisions.tasks.my_assignments`); her self-assessment while it is open
(`self_assessment_card`); her unread notifications (`unread_notifications`); the study campaigns
she has not finished (`library.study.selectors.my_open_campaigns`, shown only when there are).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from cells.models import Cell
from cells.rules import rules_for
from dashboard.flags import MemberFlag, member_flags
from library.study.selectors import OpenStudy, my_open_campaigns
from meetings.decisions import tasks as meeting_tasks
from meetings.models import (
    SECTION_ORDER,
    AgendaItem,
    Body,
    Document,
    Meeting,
    ReadReceipt,
)
from meetings.models import Status as MeetingStatus
from meetings.planning.preparation import publish_deadline
from meetings.record.minutes import approval_due_on
from meetings.selectors import body_members
from members.models import CellMembership, Member, Notification
from reviews import services as review_services
from reviews.models import Evaluation

NOTIFICATIONS_SHOWN = 5
NOT_HELD = (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED)


# --- the cell secretary's panels ------------------------------------------------------------------


@dataclass
class Checklist:
    """What is ready for the next meeting (DOMAIN §4.2–4.3)."""

    agenda_drafted: bool
    published: bool
    published_on_time: bool  # published and not late; False while unpublished
    publish_by: datetime.date  # the day of `meetings.planning.preparation.publish_deadline`
    publish_overdue: bool  # unpublished and that day has passed
    documents: int  # documents attached (not archived)
    clerk_named: bool
    documents_late: int = 0  # of those, added after the deadline for documents
    body_size: int = 0  # members of the body (counted only once there are documents)
    not_opened: list[Member] = field(default_factory=list)  # opened none of its documents

    @property
    def documents_attached(self) -> bool:
        return self.documents > 0

    @property
    def lead_time_kept(self) -> bool:
        """Published on time, and no document added after the deadline."""
        return self.published_on_time and not self.documents_late

    @property
    def all_opened(self) -> bool:
        return self.documents_attached and not self.not_opened

    @property
    def done(self) -> int:
        return sum(
            (
                self.agenda_drafted,
                self.lead_time_kept,
                self.documents_attached,
                self.clerk_named,
                self.all_opened,
            )
        )

    total = 5


# A flagged member of the cell's home: `dashboard.flags.MemberFlag` (absences and unpaid months).
FlaggedMember = MemberFlag


@dataclass
class PendingMinutes:
    meeting: Meeting
    days: int  # days since the meeting
    overdue: bool  # more than `minutes_approval_days`
    state: str  # meetings.models.Minutes.State value, "" when the minutes are not opened


@dataclass
class CellHome:
    cell: Cell
    next_meeting: Meeting | None
    checklist: Checklist | None
    tasks: list  # open TaskAssignment rows, by deadline, each with `overdue`
    flagged: list[FlaggedMember]
    minutes: list[PendingMinutes]
    flag_count: int  # the setting the absence flags were computed with
    fee_flag_months: int = 3  # the setting the unpaid-fee flags were computed with

    @property
    def overdue(self) -> int:
        return sum(1 for a in self.tasks if a.overdue)


def next_meeting(cell: Cell, *, today: datetime.date) -> Meeting | None:
    """The cell's next meeting not yet held, with `documents_count`, `documents_late` (of those,
    added late) and `agenda_drafted` — one query."""
    drafted = AgendaItem.objects.drafted().filter(meeting=OuterRef("pk"))
    return (
        Meeting.objects.filter(body=Body.CELL, cell=cell, date__gte=today, status__in=NOT_HELD)
        .select_related("cell", "clerk")
        .annotate(
            documents_count=Count("documents", filter=Q(documents__archived=False)),
            documents_late=Count(
                "documents", filter=Q(documents__archived=False, documents__added_late=True)
            ),
            agenda_drafted=Exists(drafted),
        )
        .order_by("date", "start_time", "pk")
        .first()
    )


def meeting_checklist(meeting: Meeting, *, today: datetime.date, rules) -> Checklist:
    """The checklist of a meeting from `next_meeting` — one more query once it has documents."""
    publish_by = timezone.localdate(publish_deadline(meeting, rules))
    published = meeting.status != MeetingStatus.DRAFT
    checklist = Checklist(
        agenda_drafted=meeting.agenda_drafted,
        published=published,
        published_on_time=published and not meeting.published_late,
        publish_by=publish_by,
        publish_overdue=not published and today > publish_by,
        documents=meeting.documents_count,
        clerk_named=meeting.clerk_id is not None,
        documents_late=meeting.documents_late,
    )
    if checklist.documents:
        opened = ReadReceipt.objects.filter(
            member=OuterRef("pk"), document__meeting=meeting, document__archived=False
        )
        members = list(
            body_members(meeting).annotate(opened=Exists(opened)).order_by("name_sort", "pk")
        )
        checklist.body_size = len(members)
        checklist.not_opened = [m for m in members if not m.opened]
    return checklist


def cell_tasks(cell: Cell, *, today: datetime.date) -> list:
    """The open parts of the cell's tasks, by deadline, each with `overdue` — one query."""
    return meeting_tasks.open_assignments_for_cell(cell, today)


def flagged_members(cell: Cell, *, year: int, today: datetime.date, rules) -> list[FlaggedMember]:
    """Current members of the cell flagged in `year` (Charter, Art. 8): at least
    `absence_flag_count` unexcused absences at the regular cell meetings, or at least
    `unpaid_fee_flag_months` unpaid months of fees — both side by side, most absences first
    (`dashboard.flags.member_flags`: six queries)."""
    return member_flags(cell.committee, year, cell=cell, today=today, rules=rules).members


def minutes_to_approve(cell: Cell, *, today: datetime.date, rules) -> list[PendingMinutes]:
    """The cell's held meetings whose minutes are not approved yet, oldest first — one query."""
    meetings = (
        Meeting.objects.filter(body=Body.CELL, cell=cell, status=MeetingStatus.HELD)
        .select_related("cell", "minutes")
        .order_by("date", "start_time", "pk")
    )
    result = []
    for meeting in meetings:
        days = (today - meeting.date).days
        minutes = getattr(meeting, "minutes", None)
        result.append(
            PendingMinutes(
                meeting=meeting,
                days=days,
                overdue=today > approval_due_on(meeting.date, rules),
                state=minutes.state if minutes else "",
            )
        )
    return result


def cell_home(cell: Cell, *, today: datetime.date, rules=None) -> CellHome:
    """The cell secretary's panels for one cell — at most ten queries (plus the settings when
    `rules` is not given and not already loaded with the cell's committee)."""
    rules = rules or rules_for(cell.committee)
    meeting = next_meeting(cell, today=today)
    return CellHome(
        cell=cell,
        next_meeting=meeting,
        checklist=meeting_checklist(meeting, today=today, rules=rules) if meeting else None,
        tasks=cell_tasks(cell, today=today),
        flagged=flagged_members(cell, year=today.year, today=today, rules=rules),
        minutes=minutes_to_approve(cell, today=today, rules=rules),
        flag_count=rules.absence_flag_count,
        fee_flag_months=rules.unpaid_fee_flag_months,
    )


def officer_cells(cell_ids) -> list[Cell]:
    """The cells the user is an officer of, with their committee and its settings — one query."""
    return list(
        Cell.objects.filter(pk__in=cell_ids)
        .select_related("committee", "committee__rules")
        .order_by("committee__name", "code", "pk")
    )


# --- the member's panels --------------------------------------------------------------------------


@dataclass
class MyMeeting:
    """Her next meeting: the meeting, its agenda in order, and its documents (each with
    `opened`: whether she has opened it)."""

    meeting: Meeting
    agenda: list[AgendaItem]
    documents: list[Document]

    @property
    def unopened(self) -> list[Document]:
        return [d for d in self.documents if not d.opened]


class AssessmentStatus:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"


@dataclass
class SelfAssessmentCard:
    """Her self-assessment of `year` while it is open (until the cell's review meeting)."""

    year: int
    status: str  # AssessmentStatus
    deadline: datetime.date  # the review date: she may edit it until then
    submitted_at: datetime.datetime | None = None


@dataclass
class MemberHome:
    member: Member
    cell: Cell | None
    next_meeting: MyMeeting | None
    tasks: list  # her open TaskAssignment rows, by deadline, each with `overdue`
    self_assessment: SelfAssessmentCard | None
    notifications: list[Notification]
    unread: int
    # Her study campaigns not finished yet (`library.study.selectors.my_open_campaigns`).
    study: list[OpenStudy] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for a in self.tasks if a.overdue)


def current_cell(member: Member) -> Cell | None:
    membership = (
        CellMembership.objects.filter(member_id=member.pk, end_date__isnull=True)
        .select_related("cell__committee")
        .first()
    )
    return membership.cell if membership else None


def my_next_meeting(member: Member, user, cell: Cell | None, *, today) -> MyMeeting | None:
    """Her next published meeting: her current cell's, or the whole committee's conference,
    whichever comes first; with its agenda and documents — three queries (one when none)."""
    whose = Q(body=Body.COMMITTEE, committee_id=member.committee_id)
    if cell is not None:
        whose |= Q(body=Body.CELL, cell_id=cell.pk)
    meeting = (
        Meeting.objects.visible_to(user)
        .filter(whose, status=MeetingStatus.PUBLISHED, date__gte=today)
        .with_related()
        .order_by("date", "start_time", "pk")
        .first()
    )
    if meeting is None:
        return None
    agenda = sorted(
        AgendaItem.objects.filter(meeting=meeting).select_related("presenter"),
        key=lambda i: (SECTION_ORDER.index(i.section), i.position, i.pk),
    )
    mine = ReadReceipt.objects.filter(document=OuterRef("pk"), member_id=member.pk)
    documents = list(
        Document.objects.filter(meeting=meeting, archived=False)
        .annotate(opened=Exists(mine))
        .order_by("uploaded_at", "pk")
    )
    return MyMeeting(meeting=meeting, agenda=agenda, documents=documents)


def my_open_tasks(member: Member, *, today: datetime.date) -> list:
    """Her open task parts, by deadline, each with `overdue` — two queries (one when none)."""
    return meeting_tasks.my_assignments(member, today=today).open


def _assessment_started(evaluation: Evaluation) -> bool:
    return any(
        (
            evaluation.strengths,
            evaluation.shortcomings,
            evaluation.causes,
            evaluation.remedies,
            evaluation.self_rating,
            evaluation.self_score_general is not None,
            evaluation.self_score_tasks is not None,
        )
    )


def self_assessment_card(
    member: Member, cell: Cell | None, *, today: datetime.date
) -> SelfAssessmentCard | None:
    """Her self-assessment of this year while the review season is open — two queries.

    The season is `reviews.services.self_assessment_open`: until the cell's review meeting
    (`review_date`: its date, else 31 December), asked here with `today`. Status: *submitted* once
    she has saved it (`Evaluation.submitted_at`); *draft* when her evaluation exists with some of
    her fields filled but not submitted; *not started* otherwise."""
    if cell is None:
        return None
    year = today.year
    deadline = review_services.review_date(cell, year)
    if today > deadline:
        return None
    evaluation = Evaluation.objects.filter(member_id=member.pk, year=year).first()
    if evaluation is not None and evaluation.submitted_at is not None:
        status = AssessmentStatus.SUBMITTED
    elif evaluation is not None and _assessment_started(evaluation):
        status = AssessmentStatus.DRAFT
    else:
        status = AssessmentStatus.NOT_STARTED
    return SelfAssessmentCard(
        year=year,
        status=status,
        deadline=deadline,
        submitted_at=evaluation.submitted_at if evaluation else None,
    )


def unread_notifications(user, *, limit: int = NOTIFICATIONS_SHOWN) -> tuple[list, int]:
    """Her latest unread notifications (at most `limit`) and how many are unread — two queries."""
    unread = Notification.objects.filter(user=user).unread()
    return list(unread.order_by("-created_at", "-pk")[:limit]), unread.count()


def member_home(member: Member, user, *, today: datetime.date) -> MemberHome:
    """The member's panels — about ten queries whatever she has on record."""
    cell = current_cell(member)
    notifications, unread = unread_notifications(user)
    return MemberHome(
        member=member,
        cell=cell,
        next_meeting=my_next_meeting(member, user, cell, today=today),
        tasks=my_open_tasks(member, today=today),
        self_assessment=self_assessment_card(member, cell, today=today),
        notifications=notifications,
        unread=unread,
        study=my_open_campaigns(member.pk, today=today),
    )
