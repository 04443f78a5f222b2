"""What a meeting decides — votes (biểu quyết), resolutions (nghị quyết) and tasks (nhiệm vụ),
followed up at the next month's meeting (DOMAIN §4.4–6, §6)."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models import Cell, Committee, Term
from meetings import charter
from meetings.models.meeting import AgendaItem, Meeting
from members import access
from members.models import Member, User


class MotionKind(models.TextChoices):
    """What is voted on — and so the threshold and the method (DOMAIN §6)."""

    ORDINARY = "ordinary", _("Resolution or conclusion")
    ADMISSION = "admission", _("Admission of a member")
    RECOGNITION = "recognition", _("Recognition as an official member")
    REPRIMAND = "reprimand", _("Discipline: reprimand")
    WARNING = "warning", _("Discipline: warning")
    DISMISSAL = "dismissal", _("Discipline: dismissal from post")
    EXPULSION = "expulsion", _("Proposal to expel")
    ELECTION = "election", _("Election")


# Kinds voted by secret ballot only (the Charter's rule, `meetings.charter.SECRET_KINDS`).
SECRET_KINDS = tuple(kind for kind in MotionKind if kind in charter.SECRET_KINDS)
# Kinds about one member of the body (the subject).
MEMBER_KINDS = (
    MotionKind.RECOGNITION,
    MotionKind.REPRIMAND,
    MotionKind.WARNING,
    MotionKind.DISMISSAL,
    MotionKind.EXPULSION,
)


class Motion(models.Model):
    """A vote — biểu quyết — at a meeting: the text voted, the tally and the result.

    The result keeps the numbers it was computed from (official members, those subtracted, the
    denominator, the threshold), so later changes to the registry never rewrite it. A secret
    ballot stores only the tallies, never who voted how.
    """

    data_scope = "meeting.committee_id"  # core.versions: what a write touches

    class Method(models.TextChoices):
        HANDS = "hands", _("Show of hands")
        SECRET = "secret", _("Secret ballot")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="motions", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
        verbose_name=_("agenda item"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MotionKind.choices)
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.HANDS
    )
    text = models.TextField(_("text voted on"))
    subject_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions_about",
        verbose_name=_("member concerned"),
    )
    # A person not (yet) on the roll: the candidate for admission, or for an election.
    subject_name = models.CharField(_("person concerned"), max_length=200, blank=True)
    # An admission: the candidate's date of birth (the minimum age, a setting, is checked on the
    # date of the vote by the vote service).
    candidate_birth_date = models.DateField(_("candidate's date of birth"), null=True, blank=True)
    # The tally.
    yes = models.PositiveIntegerField(_("in favour"))
    no = models.PositiveIntegerField(_("against"))
    abstain = models.PositiveIntegerField(_("abstaining"), default=0)
    ballots_issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    ballots_valid = models.PositiveIntegerField(_("valid ballots"), null=True, blank=True)
    ballots_invalid = models.PositiveIntegerField(_("invalid ballots"), null=True, blank=True)
    # The result and the numbers it was computed from (a snapshot).
    official_count = models.PositiveIntegerField(_("official members"))
    away_count = models.PositiveIntegerField(_("on temporary transfer elsewhere"), default=0)
    exempted_absent_count = models.PositiveIntegerField(_("exempted and absent"), default=0)
    suspended_count = models.PositiveIntegerField(_("suspended"), default=0)
    denominator = models.PositiveIntegerField(_("denominator"))
    eligible_present = models.PositiveIntegerField(_("eligible voters present"))
    threshold_numerator = models.PositiveSmallIntegerField(_("threshold: numerator"))
    threshold_denominator = models.PositiveSmallIntegerField(_("threshold: denominator"))
    threshold_strict = models.BooleanField(_("more than (not at least)"))
    passed = models.BooleanField(_("passed"))
    working = models.TextField(_("working"))
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["meeting", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method="secret") | ~Q(kind__in=[k.value for k in SECRET_KINDS]),
                name="meetings_motion_secret_when_required",
                violation_error_message=_(
                    "Discipline, expulsion and elections are voted by secret ballot."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(method="hands")
                    & Q(ballots_issued__isnull=True)
                    & Q(ballots_valid__isnull=True)
                    & Q(ballots_invalid__isnull=True)
                )
                | (
                    Q(method="secret")
                    & Q(ballots_valid__isnull=False)
                    & Q(ballots_invalid__isnull=False)
                    & Q(ballots_issued=F("ballots_valid") + F("ballots_invalid"))
                    & Q(ballots_valid__gte=F("yes") + F("no") + F("abstain"))
                ),
                name="meetings_motion_ballots_add_up",
                violation_error_message=_("The ballots do not add up."),
            ),
            models.CheckConstraint(
                condition=Q(eligible_present__gte=F("yes") + F("no") + F("abstain")),
                name="meetings_motion_tally_at_most_present",
                violation_error_message=_("More votes than eligible members present."),
            ),
            models.CheckConstraint(
                condition=Q(denominator__lte=F("official_count")),
                name="meetings_motion_denominator_at_most_official",
            ),
            models.CheckConstraint(
                condition=Q(candidate_birth_date__isnull=True) | Q(kind="admission"),
                name="meetings_motion_birth_date_of_a_candidate",
                violation_error_message=_("Only an admission records a date of birth."),
            ),
        ]

    def __str__(self):
        return self.text[:80]


class ResolutionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Resolutions the user may read: of meetings she sees, once their minutes are approved;
        before that the officers of the cell or the committee and the meeting's chair and clerk
        (one rule, here)."""
        acc = access.access_for(user)
        approved = Q(meeting__status="approved")
        officer = Q(committee_id__in=acc.officer_committees) | Q(cell_id__in=acc.officer_cells)
        if acc.member_id:
            # The meeting's chair and clerk read its draft record (as `can_read_record`).
            officer |= Q(meeting__clerk_id=acc.member_id) | Q(meeting__chair_id=acc.member_id)
        return self.filter(meeting__in=Meeting.objects.visible_to(user)).filter(approved | officer)

    def with_related(self):
        return self.select_related("committee", "term", "cell", "meeting", "motion")


class Resolution(models.Model):
    """A resolution or conclusion — nghị quyết / kết luận — adopted at a meeting.

    Numbered per issuer (a cell, or the executive committee when `cell` is empty) per document
    type within the term that contains the adoption date: "Số 05-NQ/CB", from 01 each term, no
    gaps and no duplicates (the write service numbers under a lock; constraints back it).
    """

    data_scope = "committee_id"  # core.versions: what a write touches

    class Type(models.TextChoices):
        RESOLUTION = "NQ", _("Resolution")
        CONCLUSION = "KL", _("Conclusion")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("committee")
    )
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("term")
    )
    cell = models.ForeignKey(
        Cell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("cell"),
    )
    doc_type = models.CharField(
        _("type"), max_length=2, choices=Type.choices, default=Type.RESOLUTION
    )
    number = models.PositiveIntegerField(_("number"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("meeting")
    )
    motion = models.OneToOneField(
        Motion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolution",
        verbose_name=_("vote"),
    )
    adopted_on = models.DateField(_("adopted on"))
    title = models.CharField(_("summary"), max_length=300)
    content = models.TextField(_("content"))
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()
    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["term", "cell", "doc_type", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "cell", "doc_type", "number"],
                condition=Q(cell__isnull=False),
                name="meetings_resolution_number_per_cell",
                violation_error_message=_("This number is already used in this term."),
            ),
            models.UniqueConstraint(
                fields=["term", "doc_type", "number"],
                condition=Q(cell__isnull=True),
                name="meetings_resolution_number_per_executive",
                violation_error_message=_("This number is already used in this term."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="meetings_resolution_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def get_absolute_url(self):
        return reverse("meetings:resolution", args=[self.pk])

    @property
    def issuer_symbol(self) -> str:
        """CB for a cell, ĐU for the executive committee (DOMAIN §13)."""
        return "CB" if self.cell_id else "ĐU"

    @property
    def code(self) -> str:
        """ "05-NQ/CB"."""
        return self.code_for(self.number, self.doc_type, self.cell_id)

    @staticmethod
    def code_for(number: int, doc_type: str, cell_id: int | None) -> str:
        """ "05-NQ/CB": the code of any number of a series (a cell's, or the executive's)."""
        return f"{number:02d}-{doc_type}/{'CB' if cell_id else 'ĐU'}"


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Tasks the user may see: her own; every task of the cells she is an officer of; every
        task of the committees she is an officer of (one rule, here)."""
        acc = access.access_for(user)
        condition = Q(committee_id__in=acc.officer_committees) | Q(cell_id__in=acc.officer_cells)
        if acc.member_id:
            condition |= Q(assignments__member_id=acc.member_id)
        return self.filter(condition).distinct()

    def with_related(self):
        return self.select_related("meeting", "meeting__cell", "resolution", "agenda_item")


class Task(models.Model):
    """A task — nhiệm vụ — assigned at a meeting, from a resolution or an agenda item."""

    data_scope = "committee_id"  # core.versions: what a write touches

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("committee")
    )
    # The cell whose meeting assigned it (empty for the executive committee's tasks).
    cell = models.ForeignKey(
        Cell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("cell"),
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("meeting")
    )
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("resolution"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("task"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    deadline = models.DateField(_("deadline"))
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["cell", "deadline"], name="meetings_task_cell_deadline")]

    def __str__(self):
        return self.title


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Assignments the user may see: hers, and those of the cells / committees she is an
        officer of."""
        acc = access.access_for(user)
        condition = Q(task__committee_id__in=acc.officer_committees) | Q(
            task__cell_id__in=acc.officer_cells
        )
        if acc.member_id:
            condition |= Q(member_id=acc.member_id)
        return self.filter(condition)

    def with_related(self):
        return self.select_related(
            "task", "task__meeting", "task__cell", "task__resolution", "member"
        )

    def open(self):
        return self.filter(status=TaskAssignment.Status.OPEN)

    def overdue(self, today):
        return self.open().filter(task__deadline__lt=today)

    def overdue_as_of(self, day):
        """Open and past the deadline as `day` saw them: not done by then, not cancelled by then
        (a cancelled part changes no more: `updated_at` is when it was cancelled), the deadline
        before `day`. For today, the same parts as `overdue(today)`."""
        return self.filter(_overdue_as_of(day))

    def counts_between(self, first, last, *, as_of) -> dict[str, int]:
        """Task parts of the period `first`..`last`: `assigned` at meetings held in it (cancelled
        parts left out, as the dashboard's task chart does), `done` in it (by their date done),
        `overdue` as `as_of` saw them (`overdue_as_of`). One query."""
        return self.order_by().aggregate(
            assigned=models.Count(
                "pk",
                filter=Q(task__meeting__date__gte=first, task__meeting__date__lte=last)
                & ~Q(status=TaskAssignment.Status.CANCELLED),
            ),
            done=models.Count(
                "pk",
                filter=Q(status=TaskAssignment.Status.DONE, done_on__gte=first, done_on__lte=last),
            ),
            overdue=models.Count("pk", filter=_overdue_as_of(as_of)),
        )


def _overdue_as_of(day) -> Q:
    done = Q(status=TaskAssignment.Status.DONE, done_on__lte=day)
    cancelled = Q(status=TaskAssignment.Status.CANCELLED, updated_at__date__lte=day)
    return Q(task__deadline__lt=day) & ~done & ~cancelled


class TaskAssignment(models.Model):
    """One member's part of a task, with her own status: open, done (result, date), cancelled."""

    data_scope = "task.committee_id"  # core.versions: what a write touches

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("task")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="task_assignments", verbose_name=_("member")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    result = models.TextField(_("result"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("task assignment")
        verbose_name_plural = _("task assignments")
        ordering = ["task__deadline", "task_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "member"],
                name="meetings_assignment_once_per_member",
                violation_error_message=_("This member already has this task."),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="meetings_assignment_done_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="meetings_assignment_cancel_has_reason",
                violation_error_message=_("Give the reason for cancelling."),
            ),
        ]
        indexes = [
            models.Index(fields=["member", "status"], name="meetings_assignment_member"),
            # Open assignments of a committee's tasks: the dashboards' and the task board's
            # overdue counts (about 1 assignment in 20 is open).
            models.Index(
                fields=["task"], condition=Q(status="open"), name="meetings_assignment_open"
            ),
        ]

    def __str__(self):
        return f"{self.task} — {self.member}"

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.task.deadline < today

    def overdue_on(self, day) -> bool:
        """Overdue as the review of a meeting held on `day` sees this part: done after its
        deadline, or not done by `day` with the deadline before it. A part done by its deadline
        never is, nor one cancelled by `day` (a cancelled part changes no more: `updated_at` is
        when it was cancelled). Judged on `day`, so what an approved record says stays true."""
        deadline = self.task.deadline
        if self.status == self.Status.DONE and self.done_on <= day:
            return self.done_on > deadline
        if self.status == self.Status.CANCELLED and timezone.localdate(self.updated_at) <= day:
            return False
        return deadline < day


class TaskReview(models.Model):
    """Review of last month's tasks — a row of section (b) of a regular meeting's agenda.

    Until the agenda is published the list is live (the cell's open and overdue tasks); publishing
    keeps it as it was then, in these rows; the minutes record each one's outcome.
    """

    data_scope = "meeting.committee_id"  # core.versions: what a write touches

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="task_reviews", verbose_name=_("meeting")
    )
    assignment = models.ForeignKey(
        TaskAssignment,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("task assignment"),
    )
    # As the agenda listed it when published.
    listed_status = models.CharField(_("status when listed"), max_length=10)
    listed_overdue = models.BooleanField(_("overdue when listed"), default=False)
    outcome = models.TextField(_("outcome"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task review")
        verbose_name_plural = _("task reviews")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "assignment"], name="meetings_task_review_once"
            )
        ]

    def __str__(self):
        return f"{self.meeting} — {self.assignment}"
