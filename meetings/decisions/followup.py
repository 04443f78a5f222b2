"""The monthly follow-up — kiểm điểm việc thực hiện nhiệm vụ tháng trước (DOMAIN §4.2, §4.6).

Section (b) of a regular cell meeting's agenda reviews the cell's tasks still open that were
assigned at its earlier meetings. Until the agenda is published the list is live
(`open_assignments`); publishing it for the first time keeps it as it was (`followup_snapshot`:
one `TaskReview` per task, with its status and whether it is overdue on the meeting date). A
meeting entered afterwards is never published: its list is kept when its recording starts.

`review_items(meeting)` is what the agenda, the minutes form, the minutes page and the official
minutes show: the live list before the snapshot, the kept rows after it — a constant number of
queries. Whether a task is overdue there is judged on the meeting date from what its part is now
(`ReviewItem.overdue`: done after the deadline, or still open past it), not from the flag kept
when it was listed: a task listed before its deadline and done by it is not overdue. The minutes record each task's outcome: `check_outcomes` / `save_outcomes`, called by
`recording.minutes_save` under the minutes' lock and version; once the minutes are approved an
outcome is corrected by an amendment (target `review:<pk>`, `outcome_amend`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import save_with_history as _save
from meetings.decisions.tasks import open_assignments_for_cell
from meetings.models import (
    MAX_TEXT,
    SECTION_ORDER,
    AgendaItem,
    Body,
    Kind,
    Meeting,
    Minutes,
    TaskAssignment,
    TaskReview,
)


def applies(meeting: Meeting) -> bool:
    """Only a cell's regular meeting reviews last month's tasks (section (b) of its agenda)."""
    return meeting.kind == Kind.REGULAR and meeting.body == Body.CELL and bool(meeting.cell_id)


def is_frozen(meeting: Meeting) -> bool:
    """Whether the meeting's list is kept (no longer live): once published, or for a meeting never
    published (entered afterwards) once its recording has started."""
    if meeting.published_at is not None:
        return True
    return Minutes.objects.filter(meeting_id=meeting.pk).exists()


def review_section_at(section_keys: list[str], reviews) -> int | None:
    """Section (b) reviews last month's tasks: where it goes among a record's sections
    (`section_keys`, in agenda order) when it has no item of its own — or None when it is not to
    be added (nothing to review, or the section is already there). The minutes page and the
    official minutes both place it here."""
    tasks = AgendaItem.Section.TASKS
    if not reviews or tasks in section_keys:
        return None
    return sum(1 for key in section_keys if SECTION_ORDER.index(key) < SECTION_ORDER.index(tasks))


def open_assignments(meeting: Meeting) -> list[TaskAssignment]:
    """The live list: the open parts of the cell's tasks assigned at its earlier meetings (not
    this meeting's own), by deadline, each with `overdue` on the meeting date — one query."""
    return [
        assignment
        for assignment in open_assignments_for_cell(meeting.cell_id, meeting.date)
        if assignment.task.meeting.date < meeting.date
    ]


@dataclass
class ReviewItem:
    """One task of the review as a page shows it: live (no `review`) or as kept; `day`: the
    meeting's date."""

    assignment: TaskAssignment
    day: datetime.date
    review: TaskReview | None = None

    @property
    def overdue(self) -> bool:
        """Done after its deadline, or still open past it on the meeting's date
        (`TaskAssignment.overdue_on`) — from what the part is now, not as it was listed: a part
        listed before its deadline and done by it is not overdue."""
        return self.assignment.overdue_on(self.day)

    @property
    def pk(self) -> int | None:
        """The kept row's pk (the minutes' `review-<pk>-outcome` field), None while live."""
        return self.review.pk if self.review else None

    @property
    def task(self):
        return self.assignment.task

    @property
    def member(self):
        return self.assignment.member

    @property
    def outcome(self) -> str:
        return self.review.outcome if self.review else ""

    @property
    def field_name(self) -> str:
        return field_name(self.pk)

    @property
    def status(self) -> str:
        """Its status as the agenda listed it (live: now)."""
        return self.review.listed_status if self.review else self.assignment.status

    @property
    def changed(self) -> bool:
        """Kept, and its status has changed since (e.g. done since the agenda was published)."""
        return self.review is not None and self.assignment.status != self.review.listed_status


class ReviewList(list):
    """The review's items, with `applies` (a regular cell meeting) and `frozen` (kept, not live)."""

    def __init__(self, items=(), *, applies: bool = False, frozen: bool = False):
        super().__init__(items)
        self.applies = applies
        self.frozen = frozen


def review_items(meeting: Meeting, *, frozen: bool | None = None) -> ReviewList:
    """What section (b) lists: the live list before the snapshot, the kept rows after it.

    One query (two for a meeting entered afterwards, unless the caller says whether it is
    `frozen`: e.g. a page of the minutes, which exist only once the list is kept).
    """
    if not applies(meeting):
        return ReviewList()
    if frozen is None:
        frozen = is_frozen(meeting)
    if not frozen:
        items = [ReviewItem(a, meeting.date) for a in open_assignments(meeting)]
        return ReviewList(items, applies=True, frozen=False)
    rows = (
        TaskReview.objects.filter(meeting_id=meeting.pk)
        .select_related(
            "assignment", "assignment__task", "assignment__member", "assignment__task__resolution"
        )
        .order_by(
            "assignment__task__deadline",
            "assignment__task_id",
            "assignment__member__name_sort",
            "assignment_id",
        )
    )
    items = [ReviewItem(r.assignment, meeting.date, r) for r in rows]
    return ReviewList(items, applies=True, frozen=True)


@transaction.atomic
def followup_snapshot(*, meeting: Meeting, by) -> list[TaskReview]:
    """Keep the review's list as it is now: one `TaskReview` per task of the live list.

    Called when a regular cell meeting is first published, or when the recording of one never
    published starts. Running it again adds no duplicate (and nothing for other meetings).
    """
    if not applies(meeting):
        return []
    listed = set(
        TaskReview.objects.filter(meeting_id=meeting.pk).values_list("assignment_id", flat=True)
    )
    created = []
    for assignment in open_assignments(meeting):
        if assignment.pk in listed:
            continue
        review = TaskReview(
            meeting_id=meeting.pk,
            assignment=assignment,
            listed_status=assignment.status,
            listed_overdue=assignment.overdue,
        )
        created.append(_save(review, by=by))
    return created


# --- the outcomes in the minutes ---------------------------------------------------------------


def field_name(pk) -> str:
    return f"review-{pk}-outcome"


def check_outcomes(
    meeting: Meeting, outcomes: dict[int, str], errors: dict
) -> list[tuple[TaskReview, str]]:
    """Validate the outcomes the minutes form sent ({TaskReview pk: text}), locking the rows.

    An error per field goes into `errors` (`review-<pk>-outcome`); the plan to save is returned.
    The caller has locked the minutes and checked they are open.
    """
    if not outcomes:
        return []
    kept = {r.pk: r for r in TaskReview.objects.select_for_update().filter(meeting_id=meeting.pk)}
    plans = []
    for pk, text in outcomes.items():
        review = kept.get(pk)
        if review is None:
            errors[field_name(pk)] = _(
                "This task is not in this meeting's review of last month's tasks; reload the page."
            )
            continue
        value = (text or "").strip()
        if len(value) > MAX_TEXT:
            errors[field_name(pk)] = _(
                "This text is too long (%(length)s characters): at most %(max)s characters fit "
                "in one field."
            ) % {"length": len(value), "max": MAX_TEXT}
            continue
        plans.append((review, value))
    return plans


def save_outcomes(plans: list[tuple[TaskReview, str]], *, by) -> bool:
    """Save the checked outcomes that changed (with history); whether anything changed."""
    changed = False
    for review, value in plans:
        if review.outcome != value:
            review.outcome = value
            _save(review, by=by)
            changed = True
    return changed


# --- amendments after approval ------------------------------------------------------------------


def review_targets(meeting: Meeting) -> list[tuple[str, str, str]]:
    """(key "review:<pk>", label, outcome) of each kept task — what an amendment may correct.
    Call it with the language of the record active (the labels are written into it)."""
    targets = []
    for item in review_items(meeting, frozen=True):
        label = _("Review of last month's tasks — %(task)s (%(member)s)") % {
            "task": item.task.title,
            "member": item.member.full_name,
        }
        targets.append((f"review:{item.pk}", label, item.outcome))
    return targets


def outcome_amend(*, meeting: Meeting, pk: int, outcome: str, by) -> TaskReview:
    """Write a corrected outcome (the caller, `recording.amend_text`, checked and records it)."""
    review = TaskReview.objects.select_for_update().filter(pk=pk, meeting_id=meeting.pk).first()
    if review is None:
        raise ValidationError({"target": _("Choose what to correct.")})
    review.outcome = outcome
    return _save(review, by=by)
