"""The quality year — đánh giá, xếp loại chất lượng (DOMAIN §7): self-assessments and ratings
within the quota, cell ratings, residence-place comments, commendations and discipline.

Evaluations are confidential (DESIGN §3): the member concerned and the officers of her cell and
committee only — the rule is `EvaluationQuerySet.visible_to`.
"""

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models import Cell, Committee
from meetings.models import Motion
from members import access
from members.models import CellMembership, Member, User


class Rating(models.TextChoices):
    """Xếp loại chất lượng — the four levels, for members and for cells."""

    OUTSTANDING = "outstanding", _("Completed excellently")
    GOOD = "good", _("Completed well")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")


def confidential_scope(user, *, member_field: str = "member", cell_field: str | None = "cell"):
    """The Q of confidential records the user may read (DESIGN §3): hers, and those of the
    members of the cells and committees she is an officer of — no superuser without office, no
    observer, no other member. With `cell_field`, the record's own cell decides; without it,
    the member's current cell."""
    acc = access.access_for(user)
    condition = Q(**{f"{member_field}__committee_id__in": acc.officer_committees})
    if cell_field:
        condition |= Q(**{f"{cell_field}_id__in": acc.officer_cells})
    else:
        current = CellMembership.objects.filter(
            cell_id__in=acc.officer_cells, end_date__isnull=True
        ).values("member_id")
        condition |= Q(**{f"{member_field}_id__in": current})
    if acc.member_id:
        condition |= Q(**{f"{member_field}_id": acc.member_id})
    return condition


class MemberRecordQuerySet(models.QuerySet):
    """Records about one member (residence comments, commendations, discipline)."""

    def visible_to(self, user):
        return self.filter(confidential_scope(user, cell_field=None))

    def decided_between(self, first, last):
        """Commendations and disciplines decided `first`..`last` (both included)."""
        return self.filter(decided_on__gte=first, decided_on__lte=last)


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(confidential_scope(user))

    def with_related(self):
        return self.select_related("member", "cell", "committee")


class Evaluation(models.Model):
    """A member's evaluation for a year — phiếu tự đánh giá, xếp loại chất lượng đảng viên.

    Her self-assessment (editable until the review meeting), the cell's proposal with its vote,
    the committee's decision. `rated` is False for the members who are reviewed but not rated
    (exempted, suspended, admitted less than the setting's months before the review).
    """

    data_scope = "committee_id"  # core.versions: what a write touches

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("committee")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("member")
    )
    # The cell that reviews her (her cell on the review date).
    cell = models.ForeignKey(
        Cell, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("cell")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rated = models.BooleanField(_("rated"), default=True)
    not_rated_reason = models.CharField(_("why not rated"), max_length=200, blank=True)
    # Her self-assessment.
    strengths = models.TextField(_("strengths"), blank=True)
    shortcomings = models.TextField(_("shortcomings"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    remedies = models.TextField(_("remedies"), blank=True)
    self_rating = models.CharField(
        _("rating she proposes"), max_length=20, choices=Rating.choices, blank=True
    )
    self_score_general = models.PositiveSmallIntegerField(
        _("self-score: general"), null=True, blank=True
    )
    self_score_tasks = models.PositiveSmallIntegerField(
        _("self-score: task results"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("self-assessment submitted at"), null=True, blank=True)
    # The cell's proposal, with its vote.
    proposed_rating = models.CharField(
        _("rating proposed by the cell"), max_length=20, choices=Rating.choices, blank=True
    )
    votes_yes = models.PositiveSmallIntegerField(_("in favour"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstaining"), null=True, blank=True)
    # The result as the rules engine worked it out, in Vietnamese (DOMAIN §6).
    vote_working = models.TextField(_("working of the cell's vote"), blank=True)
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    # The committee's decision.
    final_rating = models.CharField(
        _("rating decided by the committee"), max_length=20, choices=Rating.choices, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision recorded by"),
    )

    history = HistoricalRecords()
    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["year", "cell", "member__name_sort", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="reviews_evaluation_once_a_year",
                violation_error_message=_("This member already has an evaluation for that year."),
            ),
            models.CheckConstraint(
                condition=Q(rated=True) | (Q(proposed_rating="") & Q(final_rating="")),
                name="reviews_evaluation_not_rated_has_no_rating",
                violation_error_message=_("This member is not rated this year."),
            ),
            models.CheckConstraint(
                condition=Q(self_score_general__isnull=True) | Q(self_score_general__lte=100),
                name="reviews_evaluation_general_score_range",
            ),
            models.CheckConstraint(
                condition=Q(self_score_tasks__isnull=True) | Q(self_score_tasks__lte=100),
                name="reviews_evaluation_task_score_range",
            ),
        ]
        indexes = [models.Index(fields=["committee", "year"], name="reviews_evaluation_year")]

    def __str__(self):
        return f"{self.member} — {self.year}"

    @property
    def self_score(self) -> int | None:
        if self.self_score_general is None or self.self_score_tasks is None:
            return None
        return self.self_score_general + self.self_score_tasks


class ReviewYear(models.Model):
    """The committee's confirmation of a year's ratings (within the quota)."""

    data_scope = "committee_id"  # core.versions: what a write touches

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="review_years",
        verbose_name=_("committee"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    confirmed_at = models.DateTimeField(_("ratings confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review year")
        verbose_name_plural = _("review years")
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="reviews_year_once")
        ]

    def __str__(self):
        return f"{self.committee} — {self.year}"


class CellRating(models.Model):
    """A cell's rating for a year — xếp loại chi bộ — decided by the committee."""

    data_scope = "cell.committee_id"  # core.versions: what a write touches

    cell = models.ForeignKey(
        Cell, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("cell")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision recorded by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cell rating")
        verbose_name_plural = _("cell ratings")
        constraints = [
            models.UniqueConstraint(fields=["cell", "year"], name="reviews_cell_rating_once")
        ]

    def __str__(self):
        return f"{self.cell} — {self.year}"


def residence_scan_path(instance, filename):
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"reviews/{instance.member.committee_id}/residence/{uuid.uuid4().hex}{suffix}"


class ResidenceComment(models.Model):
    """A residence-place comment — nhận xét nơi cư trú (Quy định 213) — per member per year."""

    data_scope = "member.committee_id"  # core.versions: what a write touches

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        RECEIVED = "received", _("Received")
        EXEMPT = "exempt", _("Exempt")

    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="residence_comments",
        verbose_name=_("member"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    residence_cell = models.CharField(_("residence cell"), max_length=200, blank=True)
    good = models.BooleanField(_("good"), null=True, blank=True)
    text = models.TextField(_("comment"), blank=True)
    scan = models.FileField(_("scan"), upload_to=residence_scan_path, blank=True, max_length=300)
    exempt_reason = models.CharField(_("why exempt"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = MemberRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("residence-place comment")
        verbose_name_plural = _("residence-place comments")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="reviews_residence_once"),
            models.CheckConstraint(
                condition=~Q(status="received")
                | (Q(received_on__isnull=False) & ~Q(residence_cell="") & Q(good__isnull=False)),
                name="reviews_residence_received_complete",
                violation_error_message=_(
                    "A received comment needs its date, the residence cell and its assessment."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="exempt") | ~Q(exempt_reason=""),
                name="reviews_residence_exempt_has_reason",
                violation_error_message=_("Give the reason for the exemption."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.year}"


class Commendation(models.Model):
    """A commendation — khen thưởng."""

    data_scope = "member.committee_id"  # core.versions: what a write touches

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="commendations", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    form = models.CharField(_("form"), max_length=200)
    deciding_body = models.CharField(_("decided by"), max_length=200)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()
    objects = MemberRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-year", "-decided_on", "pk"]

    def __str__(self):
        return f"{self.member} — {self.form} ({self.year})"


class Discipline(models.Model):
    """A discipline — kỷ luật (reprimand, warning, dismissal from post, expulsion)."""

    data_scope = "member.committee_id"  # core.versions: what a write touches

    class Form(models.TextChoices):
        REPRIMAND = "reprimand", _("Reprimand")
        WARNING = "warning", _("Warning")
        DISMISSAL = "dismissal", _("Dismissal from post")
        EXPULSION = "expulsion", _("Expulsion")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="disciplines", verbose_name=_("member")
    )
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    decided_on = models.DateField(_("decided on"))
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    reason = models.TextField(_("reason"))
    motion = models.ForeignKey(
        Motion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disciplines",
        verbose_name=_("vote that decided it"),
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()
    objects = MemberRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["-decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="reviews_discipline_has_reason",
                violation_error_message=_("Give the reason."),
            )
        ]

    def __str__(self):
        return f"{self.member} — {self.get_form_display()} ({self.decided_on:%d/%m/%Y})"


# --- inspection and supervision — kiểm tra, giám sát (DOMAIN §9) ---------------------------------


class SupervisionKind(models.TextChoices):
    REGULAR = "regular", _("Regular supervision")
    THEMATIC = "thematic", _("Thematic supervision")
    INSPECTION = "inspection", _("Inspection on signs of violation")


class SupervisionDimension(models.TextChoices):
    IDEOLOGY = "ideology", _("Political ideology")
    ETHICS = "ethics", _("Ethics and lifestyle")
    CHARTER = "charter", _("Observing the Charter and the organisation's rules")
    TASKS = "tasks", _("Carrying out assigned tasks")
    RELATIONS = "relations", _("Relations with colleagues, students and residents")


class SupervisionConclusion(models.TextChoices):
    NO_VIOLATION = "no_violation", _("No violation")
    SHORTCOMINGS = "shortcomings", _("Shortcomings to correct")
    VIOLATION = "violation", _("Signs of violation: proposed for discipline")


class SupervisionProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The programmes the user may read: her cells' as an officer of them, every programme of
        her committee as a committee officer — no member, clerk, observer or bare superuser."""
        acc = access.access_for(user)
        return self.filter(
            Q(committee_id__in=acc.officer_committees) | Q(cell_id__in=acc.officer_cells)
        )

    def with_related(self):
        return self.select_related("committee", "cell", "motion__meeting")


class SupervisionProgramme(models.Model):
    """A year's programme of inspection and supervision — chương trình kiểm tra, giám sát — of the
    committee (`cell` empty) or of one cell, adopted by a vote of that body (`motion`); a draft
    until then."""

    data_scope = "committee_id"  # core.versions: what a write touches

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="supervision_programmes",
        verbose_name=_("committee"),
    )
    cell = models.ForeignKey(
        Cell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_programmes",
        verbose_name=_("cell"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)
    motion = models.ForeignKey(
        Motion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_programmes",
        verbose_name=_("vote that adopted it"),
    )
    adopted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adoption recorded by"),
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()
    objects = SupervisionProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision programme")
        verbose_name_plural = _("supervision programmes")
        ordering = ["-year", "cell__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "year"],
                condition=Q(cell__isnull=False),
                name="reviews_supervision_programme_cell_once",
                violation_error_message=_("This cell already has a programme for that year."),
            ),
            models.UniqueConstraint(
                fields=["committee", "year"],
                condition=Q(cell__isnull=True),
                name="reviews_supervision_programme_committee_once",
                violation_error_message=_("The committee already has a programme for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.holder_name} — {self.year}"

    def get_absolute_url(self):
        return reverse("reviews:supervision_programme", args=[self.pk])

    @property
    def holder_name(self) -> str:
        return self.cell.name if self.cell_id else self.committee.name

    @property
    def is_adopted(self) -> bool:
        return self.motion_id is not None


class SupervisionItem(models.Model):
    """One item of a programme: whom (a cell, or members), what kind, which dimension, who
    carries it out and when."""

    data_scope = "programme.committee_id"  # core.versions: what a write touches

    programme = models.ForeignKey(
        SupervisionProgramme,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SupervisionKind.choices)
    dimension = models.CharField(
        _("dimension"), max_length=20, choices=SupervisionDimension.choices
    )
    content = models.CharField(_("content"), max_length=300, blank=True)
    subject_cell = models.ForeignKey(
        Cell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cell supervised"),
    )
    subject_members = models.ManyToManyField(
        Member,
        blank=True,
        related_name="supervision_items",
        verbose_name=_("members supervised"),
    )
    supervisors = models.ManyToManyField(
        Member,
        blank=True,
        related_name="supervising_items",
        verbose_name=_("carried out by"),
    )
    planned_from = models.DateField(_("planned from"))
    planned_until = models.DateField(_("planned until"))
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords(m2m_fields=[subject_members, supervisors])

    class Meta:
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        ordering = ["programme", "planned_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_until__gte=models.F("planned_from")),
                name="reviews_supervision_item_dates_in_order",
                violation_error_message=_("The end of the planned period comes before its start."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.planned_from:%m/%Y}"


class SupervisionRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Confidential (DESIGN §3): the member concerned, the officers of the record's cell and of
        the committee — never other members, observers or a superuser without office."""
        acc = access.access_for(user)
        condition = Q(committee_id__in=acc.officer_committees) | Q(cell_id__in=acc.officer_cells)
        if acc.member_id:
            condition |= Q(member_id=acc.member_id)
        return self.filter(condition)

    def with_related(self):
        return self.select_related(
            "item__programme__cell", "item__programme__committee", "member", "cell", "discipline"
        )

    def recorded_between(self, first, last):
        """The records made `first`..`last` (both included)."""
        return self.filter(recorded_on__gte=first, recorded_on__lte=last)

    def counts(self) -> dict[str, int]:
        """How many records: `total`, by the kind of their item (`regular`, `thematic`,
        `inspection`) and those concluding on signs of a violation (`violations`) — numbers only,
        nothing confidential. One query."""
        by_kind = {
            kind: models.Count("pk", filter=Q(item__kind=kind)) for kind in SupervisionKind.values
        }
        return self.order_by().aggregate(
            total=models.Count("pk"),
            violations=models.Count("pk", filter=Q(conclusion=SupervisionConclusion.VIOLATION)),
            **by_kind,
        )


class SupervisionRecord(models.Model):
    """What an item found about one member (or about the cell supervised): her self-report, the
    findings, the conclusion, the recommendations with their deadline and their follow-up."""

    data_scope = "committee_id"  # core.versions: what a write touches

    item = models.ForeignKey(
        SupervisionItem, on_delete=models.PROTECT, related_name="records", verbose_name=_("item")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee")
    )
    # The member concerned (empty when the record is about the cell supervised).
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_records",
        verbose_name=_("member"),
    )
    # Her cell on the day of the record, or the cell supervised: its officers read the record.
    cell = models.ForeignKey(
        Cell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cell"),
    )
    recorded_on = models.DateField(_("recorded on"))
    self_report = models.TextField(_("self-report"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    conclusion = models.CharField(
        _("conclusion"), max_length=20, choices=SupervisionConclusion.choices, blank=True
    )
    recommendations = models.TextField(_("recommendations"), blank=True)
    followup_deadline = models.DateField(_("follow-up deadline"), null=True, blank=True)
    followup = models.TextField(_("follow-up"), blank=True)
    followup_done_on = models.DateField(_("follow-up done on"), null=True, blank=True)
    discipline = models.ForeignKey(
        Discipline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_records",
        verbose_name=_("discipline it led to"),
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()
    objects = SupervisionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision record")
        verbose_name_plural = _("supervision records")
        ordering = ["item", "member__name_sort", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member"],
                condition=Q(member__isnull=False),
                name="reviews_supervision_record_once_per_member",
                violation_error_message=_("This member already has a record for this item."),
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(member__isnull=True),
                name="reviews_supervision_record_once_per_cell",
                violation_error_message=_("The cell already has a record for this item."),
            ),
            models.CheckConstraint(
                condition=Q(followup_deadline__isnull=True)
                | Q(followup_deadline__gte=models.F("recorded_on")),
                name="reviews_supervision_record_deadline_after_record",
                violation_error_message=_("The follow-up deadline comes before the record."),
            ),
            models.CheckConstraint(
                condition=Q(discipline__isnull=True) | Q(conclusion="violation"),
                name="reviews_supervision_record_discipline_of_a_violation",
                violation_error_message=_("Only a conclusion of a violation leads to discipline."),
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "followup_deadline"], name="reviews_sup_followup"),
        ]

    def __str__(self):
        return f"{self.member or self.cell} — {self.recorded_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("reviews:supervision_record", args=[self.pk])

    @property
    def is_concluded(self) -> bool:
        return bool(self.conclusion)

    @property
    def followup_open(self) -> bool:
        return self.followup_deadline is not None and self.followup_done_on is None
