"""The record of a held meeting — attendance, guests, minutes, contributions, amendments
(DOMAIN §4.4–5)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from meetings.models.meeting import AgendaItem, Body, Kind, Meeting
from members.models import Member, User

# The longest text one field of the minutes takes (a summary, a conclusion, a contribution).
MAX_TEXT = 10_000


class AttendanceQuerySet(models.QuerySet):
    def with_member(self):
        return self.select_related("member").order_by("member__name_sort", "member_id")

    def absence_flags(self, year: int, flag_count: int, *fields: str):
        """The absence flag (DOMAIN §7): per member, her unexcused absences from the regular cell
        meetings of the calendar year, for members with at least `flag_count` of them (the
        committee's `absence_flag_count`). Rows of `member_id`, `fields` and `unexcused`."""
        return (
            self.filter(
                status=Attendance.Status.UNEXCUSED,
                meeting__body=Body.CELL,
                meeting__kind=Kind.REGULAR,
                meeting__month__year=year,
            )
            .values("member_id", *fields)
            .annotate(unexcused=models.Count("pk"))
            .filter(unexcused__gte=flag_count)
        )


class Attendance(models.Model):
    """Attendance — điểm danh: one row per member of the meeting's body on the meeting date."""

    # core.versions: the meeting's committee, and the member's own — a member who moved keeps
    # the absences she had elsewhere, and her new committee's flags count them.
    data_scope = ("meeting.committee_id", "member.committee_id")

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        UNEXCUSED = "unexcused", _("Unexcused")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("member")
    )
    # Her status on the meeting date (official, probationary, …): the headcount block counts it.
    member_status = models.CharField(_("member status that day"), max_length=20)
    status = models.CharField(
        _("attendance"), max_length=20, choices=Status.choices, default=Status.PRESENT
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="meetings_attendance_once_per_member",
                violation_error_message=_("This member is already on the attendance sheet."),
            ),
            models.CheckConstraint(
                condition=~Q(status="excused") | ~Q(reason=""),
                name="meetings_attendance_excused_has_reason",
                violation_error_message=_("Give the reason for the absence."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["present", "excused", "unexcused"]),
                name="meetings_attendance_status_valid",
            ),
        ]
        indexes = [
            # The absence flag (`absence_flags`, DOMAIN §7) of a committee's or a superior's
            # committees' year: only unexcused rows (about 1 in 100) of the year's meetings.
            models.Index(
                fields=["meeting"],
                condition=Q(status="unexcused"),
                name="meetings_attendance_unexcused",
            ),
            # The absence flag: a member's unexcused absences in a year.
            models.Index(fields=["member", "status"], name="meetings_attendance_member"),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_status_display()}"


class Guest(models.Model):
    """A guest — đại biểu, khách mời (e.g. the officer sent by the committee)."""

    data_scope = "meeting.committee_id"  # core.versions: what a write touches

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="guests", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("position"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["meeting", "pk"]

    def __str__(self):
        return f"{self.name} ({self.title})" if self.title else self.name


class Minutes(models.Model):
    """Minutes — biên bản: written by the clerk, marked ready, approved (then locked)."""

    data_scope = "meeting.committee_id"  # core.versions: what a write touches

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        READY = "ready", _("Ready for approval")
        APPROVED = "approved", _("Approved")

    meeting = models.OneToOneField(
        Meeting, on_delete=models.PROTECT, related_name="minutes", verbose_name=_("meeting")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    # Optimistic locking: every save raises it; a save made on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    opened_at = models.TimeField(_("opening time"), null=True, blank=True)
    closed_at = models.TimeField(_("closing time"), null=True, blank=True)
    # The meeting-quality score per criterion of the committee's rubric (DOMAIN §7).
    quality_preparation = models.PositiveSmallIntegerField(_("preparation"), null=True, blank=True)
    quality_attendance = models.PositiveSmallIntegerField(
        pgettext_lazy("meeting quality", "attendance"), null=True, blank=True
    )
    quality_conduct = models.PositiveSmallIntegerField(_("conduct"), null=True, blank=True)
    quality_closing = models.PositiveSmallIntegerField(_("closing"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    ready_at = models.DateTimeField(_("marked ready at"), null=True, blank=True)
    ready_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked ready by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # Who approved, as the document names her (the chair or the cell secretary).
    approved_by_name = models.CharField(_("approved by"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(opened_at__isnull=True)
                | Q(closed_at__isnull=True)
                | Q(closed_at__gt=models.F("opened_at")),
                name="meetings_minutes_closes_after_opening",
                violation_error_message=_("The closing time must be after the opening time."),
            ),
            models.CheckConstraint(
                condition=(Q(state="approved") & Q(approved_at__isnull=False))
                | (~Q(state="approved") & Q(approved_at__isnull=True)),
                name="meetings_minutes_approved_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.meeting}"

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.APPROVED

    @property
    def quality_total(self) -> int | None:
        parts = (
            self.quality_preparation,
            self.quality_attendance,
            self.quality_conduct,
            self.quality_closing,
        )
        if any(p is None for p in parts):
            return None
        return sum(parts)

    @property
    def length_minutes(self) -> int | None:
        if self.opened_at is None or self.closed_at is None:
            return None
        start = self.opened_at.hour * 60 + self.opened_at.minute
        end = self.closed_at.hour * 60 + self.closed_at.minute
        return end - start


class Contribution(models.Model):
    """A contribution — ý kiến phát biểu: a speaker (a member or a guest) and what she said."""

    data_scope = "agenda_item.meeting.committee_id"  # core.versions: what a write touches

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("agenda item"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    speaker_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("speaker"),
    )
    speaker_guest = models.ForeignKey(
        Guest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("speaker (guest)"),
    )
    text = models.TextField(_("what was said"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["agenda_item", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(speaker_member__isnull=False) & Q(speaker_guest__isnull=True))
                | (Q(speaker_member__isnull=True) & Q(speaker_guest__isnull=False)),
                name="meetings_contribution_one_speaker",
                violation_error_message=_("Choose who spoke."),
            ),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def speaker_name(self) -> str:
        if self.speaker_member_id:
            return self.speaker_member.full_name
        return str(self.speaker_guest)


class Amendment(models.Model):
    """An amendment — đính chính: a correction of approved minutes (who, when, why, old → new).

    The correction changes the record itself (the attendance row, the minutes text); this row
    keeps what it was, what it became and why. Amendments are never edited or deleted.
    """

    data_scope = "meeting.committee_id"  # core.versions: what a write touches

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("meeting")
    )
    # What was corrected, as a key ("attendance:12", "item:5:summary", "minutes:closed_at") and
    # as the minutes name it, in Vietnamese ("Điểm danh — Nguyễn Văn A").
    target = models.CharField(_("corrected field"), max_length=100)
    label = models.CharField(_("what was corrected"), max_length=300)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    reason = models.TextField(_("reason"))
    made_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by (account)"),
    )
    made_by_name = models.CharField(_("made by"), max_length=200)
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["meeting", "made_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="meetings_amendment_has_reason",
                violation_error_message=_("Give the reason for the correction."),
            ),
        ]

    def __str__(self):
        return self.label
