"""Meetings — sinh hoạt: of a cell, the executive committee or the whole committee (DOMAIN §4–5)."""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cells.models import Cell, Committee
from members.models import Member, User


class Body(models.TextChoices):
    """Who meets — the body that holds the meeting."""

    CELL = "cell", _("Cell")
    EXECUTIVE = "executive", pgettext_lazy("meeting body", "Executive committee")
    COMMITTEE = "committee", _("Whole committee")


class Kind(models.TextChoices):
    REGULAR = "regular", _("Regular meeting")
    TOPIC = "topic", _("Topic session")
    REVIEW = "review", _("Year-end review")
    CONFERENCE = "conference", _("Conference")
    EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held")
    APPROVED = "approved", _("Minutes approved")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings the user may see (issue: who sees what) — one rule, here.

        Committee officers see every meeting of their committee, drafts included; cell officers
        their cell's; members their cell's meetings and the committee's conferences once
        published; the executive committee's meetings only officers; observers and clerks the
        published meetings of every cell and conferences.
        """
        from members import access

        acc = access.access_for(user)
        published = ~Q(status=Status.DRAFT)
        condition = Q(committee_id__in=acc.officer_committees) | Q(
            body=Body.CELL, cell_id__in=acc.officer_cells
        )
        condition |= published & Q(body=Body.CELL, cell_id__in=acc.own_cells)
        member_committees = set(acc.reader_committees)
        if acc.member_committee_id:
            member_committees.add(acc.member_committee_id)
        condition |= published & Q(body=Body.COMMITTEE, committee_id__in=member_committees)
        condition |= published & Q(body=Body.CELL, committee_id__in=acc.reader_committees)
        return self.filter(condition)

    def with_related(self):
        return self.select_related("committee", "cell", "chair", "clerk")

    def in_month(self, month: datetime.date):
        return self.filter(date__year=month.year, date__month=month.month)


class Meeting(models.Model):
    """A meeting — buổi sinh hoạt / cuộc họp."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    body = models.CharField(_("held by"), max_length=20, choices=Body.choices)
    cell = models.ForeignKey(
        Cell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("cell"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    includes_topic = models.BooleanField(_("includes a topic session"), default=False)
    includes_review = models.BooleanField(_("includes the year-end review"), default=False)
    date = models.DateField(_("date"))
    # The month a regular meeting counts for (first day): one regular meeting per body per month.
    month = models.DateField(_("month"), editable=False)
    start_time = models.TimeField(_("start time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    clerk = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("clerk"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    recorded_afterwards = models.BooleanField(_("recorded afterwards"), default=False)
    reschedule_reason = models.TextField(_("reason for the new date"), blank=True)
    # Topic session (DOMAIN §5).
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    topic_quarter = models.PositiveSmallIntegerField(
        _("quarter it counts for"), null=True, blank=True
    )
    presenters = models.ManyToManyField(
        Member, blank=True, related_name="presented_meetings", verbose_name=_("presenters")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Publishing (DOMAIN §4.3).
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_late = models.BooleanField(_("published after the lead time"), default=False)
    updated_after_publishing = models.BooleanField(_("updated after publishing"), default=False)
    # A fingerprint of what members were last notified about (agenda, date, place, documents).
    published_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[presenters])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "month"],
                condition=Q(kind="regular", body="cell"),
                name="meetings_one_regular_per_cell_month",
                violation_error_message=_("This cell already has a regular meeting that month."),
            ),
            models.UniqueConstraint(
                fields=["committee", "body", "month"],
                condition=Q(kind="regular") & ~Q(body="cell"),
                name="meetings_one_regular_per_body_month",
                violation_error_message=_("This body already has a regular meeting that month."),
            ),
            models.CheckConstraint(
                condition=(Q(body="cell") & Q(cell__isnull=False))
                | (~Q(body="cell") & Q(cell__isnull=True)),
                name="meetings_cell_matches_body",
                violation_error_message=_("A cell meeting needs its cell; other bodies none."),
            ),
            models.CheckConstraint(
                condition=Q(kind="regular") | (Q(includes_topic=False) & Q(includes_review=False)),
                name="meetings_only_regular_includes_sessions",
                violation_error_message=_("Only a regular meeting can include another session."),
            ),
            models.CheckConstraint(
                condition=Q(topic_quarter__isnull=True)
                | (Q(topic_quarter__gte=1) & Q(topic_quarter__lte=4)),
                name="meetings_topic_quarter_range",
                violation_error_message=_("A quarter is 1 to 4."),
            ),
        ]
        indexes = [
            # The calendar: a committee's meetings in a month.
            models.Index(fields=["committee", "date"], name="meetings_committee_date"),
            # A cell's meetings over time (dashboards: held monthly?).
            models.Index(fields=["cell", "month"], name="meetings_cell_month"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.holder_name} — {self.date:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    @property
    def holder_name(self) -> str:
        if self.body == Body.CELL and self.cell_id:
            return self.cell.name
        return str(Body(self.body).label)

    @property
    def is_topic_session(self) -> bool:
        return self.kind == Kind.TOPIC or self.includes_topic

    @property
    def quarter(self) -> int:
        return (self.month.month - 1) // 3 + 1

    @property
    def is_editable(self) -> bool:
        """Its schedule and agenda can change until it is held."""
        return self.status in (Status.DRAFT, Status.PUBLISHED)


class AgendaItem(models.Model):
    """An agenda item — nội dung sinh hoạt, in one of the standard sections (DOMAIN §4.2)."""

    class Section(models.TextChoices):
        POLITICAL = "political", _("Political and ideological situation")
        TASKS = "tasks", _("Political tasks: last month's review and next month's tasks")
        PARTY = "party", _("Party building")
        OTHER = "other", _("Other matters")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Recorded at the meeting (the minutes, DOMAIN §4.4).
    summary = models.TextField(_("summary"), blank=True)
    conclusion = models.TextField(_("chair's conclusion"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]
        indexes = [models.Index(fields=["meeting", "position"], name="meetings_agenda_order")]

    def __str__(self):
        return self.title


def document_path(instance, filename):
    """Stored under a random name: two files of the same name never collide, names never leak."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"meetings/{instance.meeting.committee_id}/{uuid.uuid4().hex}{suffix}"


class Document(models.Model):
    """A meeting document — tài liệu sinh hoạt: on the meeting or on one agenda item."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="documents", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    archived = models.BooleanField(_("archived"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["meeting", "uploaded_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:document", args=[self.meeting_id, self.pk])

    @property
    def is_inline(self) -> bool:
        """PDF and images open in the browser; the rest download (DESIGN §5)."""
        return self.kind in ("pdf", "jpg", "png")


class ReadReceipt(models.Model):
    """A member opened a document — once per member and document (DESIGN §3: allowed on GET)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("document")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="read_receipts", verbose_name=_("member")
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "member"], name="meetings_receipt_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} — {self.document}"


class StudyMark(models.Model):
    """Studied the documents — đã nghiên cứu tài liệu — marked by a member before the meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="study_marks", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="study_marks", verbose_name=_("member")
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("studied the documents")
        verbose_name_plural = _("studied the documents")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meetings_study_once")
        ]

    def __str__(self):
        return f"{self.member} — {self.meeting}"


class PreparedComment(models.Model):
    """A prepared comment — ý kiến chuẩn bị — on an agenda item, written before the meeting.

    Visible to its author and the cell's officers; editable until the meeting starts.
    """

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="prepared_comments",
        verbose_name=_("agenda item"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="prepared_comments", verbose_name=_("member")
    )
    text = models.TextField(_("comment"), max_length=5000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prepared comment")
        verbose_name_plural = _("prepared comments")
        ordering = ["agenda_item", "updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "member"], name="meetings_one_comment_per_item_member"
            )
        ]

    def __str__(self):
        return self.text[:60]


# --- the record of the meeting: attendance, minutes, contributions, amendments (DOMAIN §4.4–5) ---

# The longest text one field of the minutes takes (a summary, a conclusion, a contribution).
MAX_TEXT = 10_000


class AttendanceQuerySet(models.QuerySet):
    def with_member(self):
        return self.select_related("member").order_by("member__name_sort", "member_id")


class Attendance(models.Model):
    """Attendance — điểm danh: one row per member of the meeting's body on the meeting date."""

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
            # The absence flag: a member's unexcused absences in a year.
            models.Index(fields=["member", "status"], name="meetings_attendance_member"),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_status_display()}"


class Guest(models.Model):
    """A guest — đại biểu, khách mời (e.g. the officer sent by the committee)."""

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
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ready_at = models.DateTimeField(_("marked ready at"), null=True, blank=True)
    ready_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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
