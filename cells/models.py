"""The party organisation: committee (đảng bộ), its superior body, terms, cells and rule settings."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import search_key
from core.versions import ALL


class CommitteeQuerySet(models.QuerySet):
    def with_organisation(self):
        """Everything the committee page shows, in a fixed number of queries."""
        return self.prefetch_related("superior_bodies", "terms")


class Committee(models.Model):
    """Party committee — đảng bộ cơ sở (grassroots committee)."""

    data_scope = "pk"  # core.versions: what a write touches

    name = models.CharField(_("name"), max_length=200, unique=True)
    place_name = models.CharField(
        _("place name"),
        max_length=100,
        help_text=_('Printed before the date on documents, e.g. "Krông Bông".'),
    )
    founding_decision_number = models.CharField(
        _("founding decision number"), max_length=50, blank=True
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cells:committee_detail", args=[self.pk])

    def superior_body_on(self, date: datetime.date):
        """The superior body whose name is valid on `date` (documents print that name)."""
        for body in self.superior_bodies.all():
            if body.valid_from <= date and (body.valid_until is None or date <= body.valid_until):
                return body
        return None

    def current_term(self, today: datetime.date | None = None):
        """The term that contains today's date, or None between terms."""
        today = today or timezone.localdate()
        return self.terms.containing(today).first()


class SuperiorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Superior(models.Model):
    """Superior — cấp ủy cấp trên: the party committee a grassroots committee reports to (a
    commune or ward committee, a sector committee…), shared by every committee under it.

    Each committee's dated `SuperiorBody` rows point to it; the dated name stays on those rows (a
    superior may be renamed, and a document prints the name valid on its own date). Its officers
    hold `members.SuperiorRole` grants.
    """

    data_scope = ALL  # core.versions: what a write touches

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune party committee")
        WARD = "ward", _("Ward party committee")
        SECTOR = "sector", _("Sector party committee")
        DISTRICT = "district", _("District party committee")
        PROVINCE = "province", _("Provincial party committee")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    # `core.text.search_key(name)`: names that differ only in case, accents or spacing are one
    # superior (set on every save).
    name_key = models.CharField(_("search key"), max_length=200, unique=True, editable=False)
    kind = models.CharField(
        _("type of superior"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE
    )
    place_name = models.CharField(
        _("place name"),
        max_length=100,
        blank=True,
        help_text=_('Printed before the date on its documents, e.g. "Krông Bông".'),
    )
    report_deadline_day = models.PositiveSmallIntegerField(
        _("report deadline day"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the month (1–28) by which each committee sends its monthly report."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active superiors are offered when a committee's superior is chosen."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = SuperiorQuerySet.as_manager()

    class Meta:
        verbose_name = _("superior")
        verbose_name_plural = _("superiors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report_deadline_day__gte=1) & Q(report_deadline_day__lte=28),
                name="cells_superior_deadline_day_range",
                violation_error_message=_("The deadline day must be between 1 and 28."),
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["commune", "ward", "sector", "district", "province", "other"]
                ),
                name="cells_superior_kind_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = search_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def clean(self):
        """Names that differ only in case, accents or spacing name one superior."""
        self.name = " ".join((self.name or "").split())
        self.name_key = search_key(self.name)
        if Superior.objects.filter(name_key=self.name_key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": _("A superior with this name already exists.")})


class SuperiorBodyQuerySet(models.QuerySet):
    def during(self, first, last):
        """The bodies valid on some day from `first` to `last`."""
        return self.filter(valid_from__lte=last).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=first)
        )

    def overlapping(self, *, committee, valid_from, valid_until, exclude_pk=None):
        qs = self.filter(committee=committee).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from)
        )
        if valid_until is not None:
            qs = qs.filter(valid_from__lte=valid_until)
        if exclude_pk:
            qs = qs.exclude(pk=exclude_pk)
        return qs


class SuperiorBody(models.Model):
    """Superior body — cấp ủy cấp trên, with the dates its name is valid for the committee."""

    data_scope = ALL  # core.versions: what a write touches

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="superior_bodies",
        verbose_name=_("committee"),
    )
    superior = models.ForeignKey(
        Superior,
        on_delete=models.PROTECT,
        related_name="bodies",
        verbose_name=_("superior"),
    )
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SuperiorBodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("superior body")
        verbose_name_plural = _("superior bodies")
        ordering = ["committee", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="cells_superiorbody_until_after_from",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["committee", "valid_from"],
                name="cells_superiorbody_one_per_start",
                violation_error_message=_("Another entry starts on the same date."),
            ),
        ]

    def __str__(self):
        return self.name


class TermQuerySet(models.QuerySet):
    def containing(self, date: datetime.date):
        return self.filter(start_date__lte=date, end_date__gte=date)

    def overlapping(self, *, committee, start_date, end_date, exclude_pk=None):
        qs = self.filter(committee=committee, start_date__lte=end_date, end_date__gte=start_date)
        if exclude_pk:
            qs = qs.exclude(pk=exclude_pk)
        return qs


class Term(models.Model):
    """Term — nhiệm kỳ (e.g. 2020–2025) of a committee; terms of one committee never overlap."""

    data_scope = "committee_id"  # core.versions: what a write touches

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="terms", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=50, help_text=_('For example "2025–2030".'))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["committee", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="cells_term_end_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="cells_term_unique_name",
                violation_error_message=_("This committee already has a term with this name."),
            ),
        ]
        indexes = [
            # Term.objects.containing(date) for one committee (the current term, numbering).
            models.Index(fields=["committee", "start_date", "end_date"], name="cells_term_dates"),
        ]

    def __str__(self):
        return self.name

    def is_current(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.start_date <= today <= self.end_date


class CellQuerySet(models.QuerySet):
    # Scoping by user lives in `members.access.visible_cells(user)`: roles come from positions and
    # grants, which are `members` data, and `cells` never imports `members` (DESIGN §2).
    def in_committees(self, committee_ids):
        return self.filter(committee_id__in=committee_ids)

    def active(self):
        return self.filter(status=Cell.Status.ACTIVE)

    def with_committee(self):
        return self.select_related("committee")


class Cell(models.Model):
    """Cell — chi bộ (trực thuộc): a subordinate cell of a committee."""

    data_scope = "committee_id"  # core.versions: what a write touches

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DISSOLVED = "dissolved", _("Dissolved")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="cells", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"), max_length=20, help_text=_("A short code, unique in the committee (e.g. CB1).")
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    dissolution_reason = models.TextField(_("reason for dissolution"), blank=True)

    history = HistoricalRecords()
    objects = CellQuerySet.as_manager()

    class Meta:
        verbose_name = _("cell")
        verbose_name_plural = _("cells")
        ordering = ["committee", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="cells_cell_unique_name",
                violation_error_message=_("This committee already has a cell with this name."),
            ),
            models.UniqueConstraint(
                fields=["committee", "code"],
                name="cells_cell_unique_code",
                violation_error_message=_("This committee already has a cell with this code."),
            ),
            models.CheckConstraint(
                condition=(Q(status="active") & Q(dissolved_on__isnull=True))
                | (Q(status="dissolved") & Q(dissolved_on__isnull=False)),
                name="cells_cell_dissolved_has_date",
                violation_error_message=_("A dissolved cell needs its dissolution date."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "dissolved"]), name="cells_cell_status_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cells:cell_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class TheoryLevel(models.TextChoices):
    """Political theory level — trình độ lý luận chính trị (on a member's record,
    `members.Member.theory_level`; here because a committee setting names one)."""

    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary (sơ cấp)")
    INTERMEDIATE = "intermediate", _("Intermediate (trung cấp)")
    ADVANCED = "advanced", _("Advanced (cao cấp)")
    BACHELOR = "bachelor", _("Bachelor (cử nhân)")


class CommitteeSettings(models.Model):
    """Committee rules — quy định của đảng bộ: every threshold the app applies (DOMAIN §1–8).

    Code reads these through `cells.rules.rules_for(committee)`, never as constants.
    """

    data_scope = "committee_id"  # core.versions: what a write touches

    committee = models.OneToOneField(
        Committee, on_delete=models.CASCADE, related_name="rules", verbose_name=_("committee")
    )
    # Meetings (DOMAIN §4, §5).
    meeting_day = models.PositiveSmallIntegerField(
        _("unified monthly meeting day"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the month (1–28) on which every cell holds its regular meeting."),
    )
    meeting_time = models.TimeField(_("meeting time"), default=datetime.time(16, 30))
    late_grace_days = models.PositiveSmallIntegerField(
        _("grace days before a meeting is late"),
        default=0,
        validators=[MaxValueValidator(27)],
    )
    min_meeting_minutes = models.PositiveSmallIntegerField(
        _("minimum length of a regular meeting (minutes)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
    )
    min_topic_meeting_minutes = models.PositiveSmallIntegerField(
        _("minimum length with a topic session (minutes)"),
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
    )
    document_lead_days = models.PositiveSmallIntegerField(
        _("documents available before the meeting (days)"),
        default=1,
        validators=[MaxValueValidator(30)],
    )
    minutes_approval_days = models.PositiveSmallIntegerField(
        _("days to approve the minutes"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Minutes still not approved this many days after the meeting are flagged on the "
            "dashboard; approved later, they count as approved late."
        ),
    )
    upload_max_mb = models.PositiveSmallIntegerField(
        _("upload size limit (MB)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    topic_sessions_per_quarter = models.PositiveSmallIntegerField(
        _("topic sessions per quarter"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    # The meeting-quality rubric (DOMAIN §7): points per criterion and the grade bands.
    quality_preparation_points = models.PositiveSmallIntegerField(
        _("meeting quality: points for preparation"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    quality_attendance_points = models.PositiveSmallIntegerField(
        _("meeting quality: points for attendance"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    quality_conduct_points = models.PositiveSmallIntegerField(
        _("meeting quality: points for conduct"),
        default=45,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    quality_closing_points = models.PositiveSmallIntegerField(
        _("meeting quality: points for closing"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    quality_good_min = models.PositiveSmallIntegerField(
        _("meeting quality: lowest score graded Good"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(400)],
    )
    quality_fair_min = models.PositiveSmallIntegerField(
        _("meeting quality: lowest score graded Fair"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(400)],
    )
    quality_average_min = models.PositiveSmallIntegerField(
        _("meeting quality: lowest score graded Average"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(400)],
    )
    # Votes (DOMAIN §6): "more than a/b" and "at least c/d" of the denominator.
    majority_numerator = models.PositiveSmallIntegerField(
        _("ordinary majority: numerator"), default=1, validators=[MinValueValidator(1)]
    )
    majority_denominator = models.PositiveSmallIntegerField(
        _("ordinary majority: denominator"), default=2, validators=[MinValueValidator(1)]
    )
    supermajority_numerator = models.PositiveSmallIntegerField(
        _("qualified majority: numerator"), default=2, validators=[MinValueValidator(1)]
    )
    supermajority_denominator = models.PositiveSmallIntegerField(
        _("qualified majority: denominator"), default=3, validators=[MinValueValidator(1)]
    )
    # Discipline (reprimand, warning, dismissal): "more than a/b"; a proposal to expel: "at least
    # c/d" (DOMAIN §6) — each its own setting, not the ordinary and qualified majorities.
    discipline_numerator = models.PositiveSmallIntegerField(
        _("discipline: majority numerator"), default=1, validators=[MinValueValidator(1)]
    )
    discipline_denominator = models.PositiveSmallIntegerField(
        _("discipline: majority denominator"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("A reprimand, a warning or a dismissal passes with more than this fraction."),
    )
    expulsion_numerator = models.PositiveSmallIntegerField(
        _("expulsion: majority numerator"), default=2, validators=[MinValueValidator(1)]
    )
    expulsion_denominator = models.PositiveSmallIntegerField(
        _("expulsion: majority denominator"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("A proposal to expel passes with at least this fraction."),
    )
    temporary_members_vote = models.BooleanField(
        _("temporary (hosted) members vote"), default=False
    )
    # Quality (DOMAIN §7).
    outstanding_quota_percent = models.PositiveSmallIntegerField(
        _('outstanding ratings quota (percent of "good" ratings)'),
        default=20,
        validators=[MaxValueValidator(100)],
    )
    # The year-end rating (DOMAIN §7): the self-score's split, the rating bands, who is rated.
    self_score_general_points = models.PositiveSmallIntegerField(
        _("self-assessment: points for general criteria"),
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    self_score_task_points = models.PositiveSmallIntegerField(
        _("self-assessment: points for task results"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    rating_outstanding_min = models.PositiveSmallIntegerField(
        _("lowest score rated Outstanding"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    rating_good_min = models.PositiveSmallIntegerField(
        _("lowest score rated Good"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    rating_pass_min = models.PositiveSmallIntegerField(
        _("lowest score rated Completed"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    rating_min_months = models.PositiveSmallIntegerField(
        _("months since admission before a member is rated"),
        default=6,
        validators=[MaxValueValidator(24)],
    )
    absence_flag_count = models.PositiveSmallIntegerField(
        _("unexcused absences in a year that flag a member"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    unpaid_fee_flag_months = models.PositiveSmallIntegerField(
        _("unpaid fee months in a year that flag a member"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    # Party fees (DOMAIN §8, QĐ 342): rates in per mille of the base amount, the fixed amounts'
    # range, rounding, the shares kept, and when a month counts as unpaid.
    fee_salaried_permille = models.PositiveSmallIntegerField(
        _("fee of salaried staff (per mille of salary and allowances)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    fee_pension_permille = models.PositiveSmallIntegerField(
        _("fee of pensioners (per mille of the pension)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    fee_fixed_min = models.PositiveIntegerField(
        _("fixed fee: lowest amount (VND)"),
        default=2000,
        validators=[MinValueValidator(1000), MaxValueValidator(1000000)],
    )
    fee_fixed_max = models.PositiveIntegerField(
        _("fixed fee: highest amount (VND)"),
        default=30000,
        validators=[MinValueValidator(1000), MaxValueValidator(1000000)],
    )
    fee_rounding = models.PositiveIntegerField(
        _("fees rounded to the nearest (VND)"),
        default=1000,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
    )
    fee_cell_share_percent = models.PositiveSmallIntegerField(
        _("share of the fees a cell keeps (percent)"),
        default=30,
        validators=[MaxValueValidator(100)],
    )
    fee_committee_share_percent = models.PositiveSmallIntegerField(
        _("share of the fees the committee keeps (percent)"),
        default=30,
        validators=[MaxValueValidator(100)],
    )
    fee_unpaid_after_months = models.PositiveSmallIntegerField(
        _("a month is unpaid if nothing was paid by the end of this many months after it"),
        default=1,
        validators=[MaxValueValidator(12)],
    )
    # Members (DOMAIN §3).
    probation_months = models.PositiveSmallIntegerField(
        _("probation length (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    min_admission_age = models.PositiveSmallIntegerField(
        _("minimum age at admission (years)"),
        default=18,
        validators=[MinValueValidator(16), MaxValueValidator(30)],
    )
    # A temporary transfer out (DOMAIN §3): for work from 3 months to under 1 year; for study
    # from 3 months to 2 years.
    transfer_work_min_months = models.PositiveSmallIntegerField(
        _("temporary transfer for work: at least (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    transfer_work_under_months = models.PositiveSmallIntegerField(
        _("temporary transfer for work: shorter than (months)"),
        default=12,
        validators=[MinValueValidator(2), MaxValueValidator(60)],
    )
    transfer_study_min_months = models.PositiveSmallIntegerField(
        _("temporary transfer for study: at least (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    transfer_study_max_months = models.PositiveSmallIntegerField(
        _("temporary transfer for study: at most (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    transfer_letter_days = models.PositiveSmallIntegerField(
        _("days to present a transfer letter"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    probation_warning_days = models.PositiveSmallIntegerField(
        _("warn before probation ends (days)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    # Political-theory training (DOMAIN §14): officers below this level are due for a course.
    officer_min_theory_level = models.CharField(
        _("political theory level an officer should hold at least"),
        max_length=20,
        choices=TheoryLevel.choices,
        default=TheoryLevel.ELEMENTARY,
    )
    # Scheduled reminders (issue 21, `manage.py send_reminders`): how many days ahead each is sent.
    reminder_meeting_days = models.PositiveSmallIntegerField(
        _("remind of a meeting's documents (days before)"),
        default=2,
        validators=[MaxValueValidator(30)],
        help_text=_(
            "Members who have not opened the documents of a published meeting are reminded this "
            "many days before it (0: on the day)."
        ),
    )
    reminder_task_days = models.PositiveSmallIntegerField(
        _("remind of a task's deadline (days before)"),
        default=3,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "A member is reminded of her open task this many days before its deadline, and once "
            "more when it is overdue."
        ),
    )
    reminder_probation_days = models.PositiveSmallIntegerField(
        _("remind of a probation ending (days before)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("The cell secretary is reminded this many days before a probation ends."),
    )
    reminder_residence_days = models.PositiveSmallIntegerField(
        _("remind of missing residence-place comments (days before the review)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "The cell secretary is reminded this many days before the cell's year-end review "
            "(its review meeting, else 31 December) of the comments still missing."
        ),
    )
    reminder_supervision_days = models.PositiveSmallIntegerField(
        _("remind of supervision falling due (days before)"),
        default=7,
        validators=[MaxValueValidator(90)],
        help_text=_(
            "Who carries out a supervision item, and the member whose follow-up is due, are "
            "reminded this many days before."
        ),
    )
    reminder_study_days = models.PositiveSmallIntegerField(
        _("remind of a study deadline (days before)"),
        default=3,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Members who have not yet confirmed their study (or sent their report) are reminded "
            "this many days before the campaign's deadline."
        ),
    )
    # Security (issue 20): the committee's officers log in with a code from their phone too.
    require_two_factor_officers = models.BooleanField(
        _("officers must use two-step login"),
        default=False,
        help_text=_(
            "The committee's officers then type a code from an app on their phone after their "
            "password; an officer who has not set it up is asked to at her next log-in."
        ),
    )
    # Reading offline (issue 24): how long a member's phone keeps the pages she opened.
    offline_keep_days = models.PositiveSmallIntegerField(
        _("keep pages for reading offline (days)"),
        default=14,
        validators=[MaxValueValidator(90)],
        help_text=_(
            "A member's phone keeps the meetings she opened (agenda, documents) and her tasks, to "
            "read without a connection, for this many days, and meetings held this many days ago "
            "at most. 0: nothing is kept."
        ),
    )
    offline_document_max_mb = models.PositiveSmallIntegerField(
        _("fetch documents for reading offline up to (MB)"),
        default=5,
        validators=[MaxValueValidator(200)],
        help_text=_(
            "When a member opens a meeting, its documents up to this size are fetched to her phone "
            "in the background, to read offline; a larger one is kept once she opens it. On a slow "
            "connection a large file takes minutes. 0: none is fetched in the background."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee rules")
        verbose_name_plural = _("committee rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_day__gte=1) & Q(meeting_day__lte=28),
                name="cells_settings_meeting_day_range",
            ),
            models.CheckConstraint(
                condition=Q(offline_keep_days__lte=90),
                name="cells_settings_offline_keep_days_range",
            ),
            models.CheckConstraint(
                condition=Q(offline_document_max_mb__lte=200),
                name="cells_settings_offline_document_max_mb_range",
            ),
            models.CheckConstraint(
                condition=Q(majority_numerator__lt=models.F("majority_denominator")),
                name="cells_settings_majority_below_one",
            ),
            models.CheckConstraint(
                condition=Q(supermajority_numerator__lte=models.F("supermajority_denominator")),
                name="cells_settings_supermajority_at_most_one",
            ),
            models.CheckConstraint(
                condition=Q(discipline_numerator__gte=1)
                & Q(discipline_numerator__lt=models.F("discipline_denominator")),
                name="cells_settings_discipline_majority_below_one",
            ),
            models.CheckConstraint(
                condition=Q(expulsion_numerator__gte=1)
                & Q(expulsion_numerator__lte=models.F("expulsion_denominator")),
                name="cells_settings_expulsion_majority_at_most_one",
            ),
            models.CheckConstraint(
                condition=Q(transfer_work_min_months__gte=1)
                & Q(transfer_work_under_months__gt=models.F("transfer_work_min_months"))
                & Q(transfer_work_under_months__lte=60),
                name="cells_settings_transfer_work_range",
            ),
            models.CheckConstraint(
                condition=Q(transfer_study_min_months__gte=1)
                & Q(transfer_study_max_months__gte=models.F("transfer_study_min_months"))
                & Q(transfer_study_max_months__lte=60),
                name="cells_settings_transfer_study_range",
            ),
            models.CheckConstraint(
                condition=Q(min_topic_meeting_minutes__gte=models.F("min_meeting_minutes")),
                name="cells_settings_topic_meeting_not_shorter",
            ),
            models.CheckConstraint(
                condition=Q(self_score_general_points=100 - models.F("self_score_task_points")),
                name="cells_settings_self_score_out_of_100",
            ),
            models.CheckConstraint(
                condition=Q(rating_outstanding_min__gt=models.F("rating_good_min"))
                & Q(rating_good_min__gt=models.F("rating_pass_min")),
                name="cells_settings_rating_bands_descending",
            ),
            models.CheckConstraint(
                condition=Q(quality_good_min__gt=models.F("quality_fair_min"))
                & Q(quality_fair_min__gt=models.F("quality_average_min")),
                name="cells_settings_quality_bands_descending",
            ),
            models.CheckConstraint(
                condition=Q(fee_fixed_min__lte=models.F("fee_fixed_max")),
                name="cells_settings_fee_fixed_range",
            ),
            models.CheckConstraint(
                condition=Q(fee_cell_share_percent__lte=100)
                & Q(fee_committee_share_percent__lte=100),
                name="cells_settings_fee_shares_percent",
            ),
            models.CheckConstraint(
                condition=Q(minutes_approval_days__gte=1) & Q(minutes_approval_days__lte=60),
                name="cells_settings_minutes_approval_days_range",
            ),
        ]

    def __str__(self):
        return str(self.committee)

    @property
    def quality_max_points(self) -> int:
        """The rubric's total: the best possible meeting-quality score."""
        return (
            self.quality_preparation_points
            + self.quality_attendance_points
            + self.quality_conduct_points
            + self.quality_closing_points
        )
