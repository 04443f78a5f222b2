"""Tasks — nhiệm vụ — assigned at a meeting and followed up (DOMAIN §4.4, §4.6; issue 8 item 4).

A task is assigned while the meeting is being recorded, to one or more members on its attendance
sheet, each with her own part (`TaskAssignment`): open, done (a result note and the date) or
cancelled (a reason). An open part is overdue once its deadline has passed
(`timezone.localdate()`). The member marks her own part done; the officers who prepare the
meeting's body (`meetings.access.can_edit_meeting`) may mark anyone's part done or cancel it.

Writes are one function each, validated, in one transaction, saved with history; they raise
`ValidationError` (a dict by field, or one message when the write is refused as a whole). The
selectors below read what the pages and the monthly follow-up show, in a constant number of
queries whatever the number of rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Cell
from core.services import save_with_history as _save
from meetings import access as meeting_access
from meetings.models import MAX_TEXT, AgendaItem, Attendance, Meeting, Resolution, Task
from meetings.models import TaskAssignment as Assignment
from meetings.selectors import open_record
from members import access
from members.models import Member

TITLE_MAX = 300
DETAILS_MAX = MAX_TEXT
RESULT_MAX = 5000
REASON_MAX = 2000


def _date(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _pk(value) -> int | None:
    """The primary key of a model instance or of a raw id (None for anything else)."""
    if value is None:
        return None
    pk = getattr(value, "pk", value)
    if isinstance(pk, bool):
        return None
    try:
        return int(pk)
    except (TypeError, ValueError):
        return None


# --- who may do what ----------------------------------------------------------------------------


def may_change(user, assignment: Assignment) -> bool:
    """Mark anyone's part done, cancel it: the officers who prepare the meeting's body."""
    return meeting_access.can_edit_meeting(user, assignment.task.meeting)


def may_complete(user, assignment: Assignment) -> bool:
    """Mark this part done: the member herself, or an officer who may change it."""
    acc = access.access_for(user)
    own = acc.member_id is not None and acc.member_id == assignment.member_id
    return own or may_change(user, assignment)


def board_scope(user) -> Q:
    """The assignments of the task board: those of the cells and committees she is an officer
    of (her own assignments elsewhere are on "My tasks", not here)."""
    acc = access.access_for(user)
    return Q(task__committee_id__in=acc.officer_committees) | Q(task__cell_id__in=acc.officer_cells)


def can_see_board(user) -> bool:
    """The task board is for officers: of a cell (her cell's tasks) or of a committee (all)."""
    acc = access.access_for(user)
    return bool(acc.officer_committees or acc.officer_cells)


# --- writes ---------------------------------------------------------------------------------------


@transaction.atomic
def task_assign(
    *,
    meeting: Meeting,
    title: str,
    deadline: datetime.date | None,
    members,
    by,
    details: str = "",
    resolution: Resolution | None = None,
    agenda_item: AgendaItem | None = None,
) -> Task:
    """Assign a task at a meeting being recorded: what, to whom (members on its attendance
    sheet, one part each), by when (not before the meeting), from a resolution or an agenda item
    of this meeting."""
    open_record(meeting)
    title = (title or "").strip()
    details = (details or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Say what is to be done.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("At most %(max)s characters.") % {"max": TITLE_MAX}
    if len(details) > DETAILS_MAX:
        errors["details"] = _("At most %(max)s characters.") % {"max": DETAILS_MAX}
    if not isinstance(deadline, datetime.date) or isinstance(deadline, datetime.datetime):
        errors["deadline"] = _("Give the deadline.")
    elif deadline < meeting.date:
        errors["deadline"] = _(
            "The deadline cannot be before the meeting (%(date)s): it is assigned there."
        ) % {"date": _date(meeting.date)}

    wanted: list[int] = []
    unknown = False
    for member in members or ():
        pk = _pk(member)
        if pk is None:
            unknown = True
        elif pk not in wanted:
            wanted.append(pk)
    if not wanted and not unknown:
        errors["members"] = _("Choose at least one member.")
    else:
        on_sheet = set(
            Attendance.objects.filter(meeting_id=meeting.pk, member_id__in=wanted).values_list(
                "member_id", flat=True
            )
        )
        missing = [pk for pk in wanted if pk not in on_sheet]
        if missing or unknown:
            names = dict(Member.objects.filter(pk__in=missing).values_list("pk", "full_name"))
            if len(names) < len(missing) or unknown:
                errors["members"] = _(
                    "Choose members on the attendance sheet of this meeting: a task goes to "
                    "members of the meeting's body."
                )
            else:
                errors["members"] = _(
                    "%(names)s: not on the attendance sheet of this meeting. A task goes to "
                    "members of the meeting's body."
                ) % {"names": ", ".join(names[pk] for pk in missing)}

    if resolution is not None and resolution.meeting_id != meeting.pk:
        errors["resolution"] = _("Choose a resolution adopted at this meeting.")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        errors["agenda_item"] = _("Choose an item of this meeting's agenda.")
    if errors:
        raise ValidationError(errors)

    task = _save(
        Task(
            committee_id=meeting.committee_id,
            cell_id=meeting.cell_id,
            meeting=meeting,
            resolution=resolution,
            agenda_item=agenda_item,
            title=title,
            details=details,
            deadline=deadline,
            created_by=by,
        ),
        by=by,
    )
    for member_id in wanted:
        _save(Assignment(task=task, member_id=member_id, updated_by=by), by=by)
    return task


def _locked(assignment: Assignment) -> Assignment:
    """The assignment again, locked for this transaction, with its task and meeting."""
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("task", "task__meeting", "member")
        .get(pk=assignment.pk)
    )


def _check_open(assignment: Assignment) -> None:
    if assignment.status == Assignment.Status.DONE:
        raise ValidationError(
            _("%(name)s's part of this task was already marked done on %(date)s.")
            % {"name": assignment.member.full_name, "date": _date(assignment.done_on)}
        )
    if assignment.status == Assignment.Status.CANCELLED:
        raise ValidationError(
            _("%(name)s's part of this task was cancelled.") % {"name": assignment.member.full_name}
        )


@transaction.atomic
def assignment_done(
    *, assignment: Assignment, by, result: str, done_on: datetime.date | None = None
) -> Assignment:
    """Mark an open part done, with what was done (required) and when (today by default).

    Only the member herself or an officer who prepares the meeting's body; another member is
    refused with a message and nothing is saved.
    """
    assignment = _locked(assignment)
    if not may_complete(by, assignment):
        raise ValidationError(
            _(
                "Only %(name)s herself or the officers of her cell may mark her part of this "
                "task done."
            )
            % {"name": assignment.member.full_name}
        )
    _check_open(assignment)
    result = (result or "").strip()
    today = timezone.localdate()
    done_on = done_on or today
    meeting_date = assignment.task.meeting.date
    errors: dict[str, str] = {}
    if not result:
        errors["result"] = _("Say what was done.")
    elif len(result) > RESULT_MAX:
        errors["result"] = _("At most %(max)s characters.") % {"max": RESULT_MAX}
    if done_on > today:
        errors["done_on"] = _("The date cannot be in the future.")
    elif done_on < meeting_date:
        errors["done_on"] = _(
            "The task was assigned at the meeting of %(date)s: it cannot be done before."
        ) % {"date": _date(meeting_date)}
    if errors:
        raise ValidationError(errors)
    assignment.status = Assignment.Status.DONE
    assignment.result = result
    assignment.done_on = done_on
    assignment.updated_by = by
    return _save(assignment, by=by)


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, by, reason: str) -> Assignment:
    """Cancel an open part, with the reason (the officers who prepare the meeting's body)."""
    assignment = _locked(assignment)
    if not may_change(by, assignment):
        raise ValidationError(_("Only the officers of the cell may cancel a task."))
    _check_open(assignment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("At most %(max)s characters.") % {"max": REASON_MAX}})
    assignment.status = Assignment.Status.CANCELLED
    assignment.cancel_reason = reason
    assignment.updated_by = by
    return _save(assignment, by=by)


# --- selectors ------------------------------------------------------------------------------------


def with_related(queryset: QuerySet) -> QuerySet:
    """Everything a row shows (the task, its meeting and cell, the resolution, the member)."""
    return queryset.with_related().select_related("task__meeting__cell")


def flag(assignments, today: datetime.date, *, user=None, co_assignees: bool = False) -> list:
    """The assignments as a list, each with `overdue`; with `user`, `can_complete` and
    `can_change` for her; with `co_assignees`, the names of the others who share the task (one
    query for all)."""
    rows = list(assignments)
    others: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if co_assignees and rows:
        for task_id, member_id, name in (
            Assignment.objects.filter(task_id__in={a.task_id for a in rows})
            .order_by("member__name_sort", "member_id")
            .values_list("task_id", "member_id", "member__full_name")
        ):
            others[task_id].append((member_id, name))
    for row in rows:
        row.overdue = row.is_overdue(today)
        if user is not None:
            row.can_change = row.status == Assignment.Status.OPEN and may_change(user, row)
            row.can_complete = row.status == Assignment.Status.OPEN and may_complete(user, row)
        if co_assignees:
            row.co_assignees = [name for pk, name in others[row.task_id] if pk != row.member_id]
    return rows


def mark_links(user, rows) -> list:
    """Set `meeting_link` / `resolution_link` on each row: whether the user may open its meeting
    and its resolution (a member reads a resolution once the minutes are approved; she may have
    moved to another cell since) — two queries for all the rows."""
    rows = list(rows)
    if not rows:
        return rows
    meetings = set(
        Meeting.objects.visible_to(user)
        .filter(pk__in={row.task.meeting_id for row in rows})
        .values_list("pk", flat=True)
    )
    resolution_ids = {row.task.resolution_id for row in rows} - {None}
    resolutions = set(
        Resolution.objects.visible_to(user)
        .filter(pk__in=resolution_ids)
        .values_list("pk", flat=True)
    )
    for row in rows:
        row.meeting_link = row.task.meeting_id in meetings
        row.resolution_link = row.task.resolution_id in resolutions
    return rows


@dataclass
class MyTasks:
    """A member's tasks: the open ones (all, by deadline) and the others (done or cancelled,
    most recent first — a queryset the page paginates, then passes through `flag`)."""

    open: list
    closed: QuerySet

    @property
    def overdue(self) -> int:
        return sum(1 for a in self.open if a.overdue)


def my_assignments(member, *, today: datetime.date | None = None) -> MyTasks:
    """Việc của tôi: her open parts first (with overdue flags and co-assignees), then those done
    or cancelled, most recently changed first."""
    today = today or timezone.localdate()
    mine = with_related(Assignment.objects.filter(member_id=_pk(member)))
    open_rows = flag(
        mine.open().order_by("task__deadline", "task_id", "pk"), today, co_assignees=True
    )
    closed = mine.exclude(status=Assignment.Status.OPEN).order_by("-updated_at", "-pk")
    return MyTasks(open=open_rows, closed=closed)


@dataclass(frozen=True)
class Board:
    """The task board's rows (by deadline) and the choices of its filters: the cells she is an
    officer of and the members with a part on the board."""

    rows: QuerySet
    cells: QuerySet
    members: QuerySet


def board(user) -> Board:
    """The task board: the assignments of the cells and committees she is an officer of. The
    board's filters (`meetings.decisions.filters.board_filter`) narrow these rows."""
    acc = access.access_for(user)
    scope = Assignment.objects.visible_to(user).filter(board_scope(user))
    rows = with_related(scope).order_by("task__deadline", "task_id", "member__name_sort", "pk")
    cells_q = Q(committee_id__in=acc.officer_committees) | Q(pk__in=acc.officer_cells)
    cells = Cell.objects.filter(cells_q).order_by("committee_id", "code", "pk")
    members = Member.objects.filter(pk__in=scope.values("member_id")).order_by("name_sort", "pk")
    return Board(rows=rows, cells=cells, members=members)


def overdue_parts(member_id, today: datetime.date):
    """Her open parts past their deadline — the navbar's badge counts them."""
    return Assignment.objects.overdue(today).filter(member_id=member_id)


def overdue_count(member_id, today: datetime.date) -> int:
    """How many of her parts are overdue (one COUNT)."""
    if not member_id:
        return 0
    return overdue_parts(member_id, today).count()


def tasks_given_at(meeting) -> list[Task]:
    """The tasks given at a meeting — what its minutes list (who, what, by when) — in the order
    they were given, each with its assignments (every part, whatever its status since: the record
    says what was decided) and their members, by name — two queries."""
    parts = Assignment.objects.select_related("member").order_by("member__name_sort", "pk")
    return list(
        Task.objects.filter(meeting_id=_pk(meeting))
        .prefetch_related(Prefetch("assignments", queryset=parts))
        .order_by("pk")
    )


def open_assignments_for_cell(cell, today: datetime.date) -> list[Assignment]:
    """The open parts of the cell's tasks, by deadline, each with `overdue` (the monthly
    follow-up lists them in section (b) of the next regular meeting's agenda)."""
    rows = with_related(Assignment.objects.open().filter(task__cell_id=_pk(cell))).order_by(
        "task__deadline", "task_id", "member__name_sort", "pk"
    )
    return flag(rows, today)
