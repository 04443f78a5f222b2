"""Meetings — sinh hoạt: of a cell, the executive committee or the whole committee (DOMAIN §4–5),
with their agenda, documents and members' preparation."""

import datetime
import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cells.models import Cell, Committee
from core import uploads
from members import access
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


def offline_from(today: datetime.date, days: int) -> datetime.date:
    """The first meeting date kept offline when the committee keeps pages for `days` days."""
    return today - datetime.timedelta(days=days)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings the user may see (issue: who sees what) — one rule, here.

        Committee officers see every meeting of their committee, drafts included; cell officers
        their cell's; members their cell's meetings and the committee's conferences once
        published; the executive committee's meetings only officers; observers and clerks the
        published meetings of every cell and conferences.
        """
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

    def kept_offline(self, *, today: datetime.date, days: int):
        """Meetings a member's phone may keep to read offline (issue 24): those not held more
        than `days` days ago — her next meetings and the last ones; none when `days` is 0."""
        if days <= 0:
            return self.none()
        return self.filter(date__gte=offline_from(today, days))

    def in_month(self, month: datetime.date):
        return self.filter(date__year=month.year, date__month=month.month)


class Meeting(models.Model):
    """A meeting — buổi sinh hoạt / cuộc họp."""

    data_scope = "committee_id"  # core.versions: what a write touches

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
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Publishing (DOMAIN §4.3).
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_late = models.BooleanField(_("published after the lead time"), default=False)
    updated_after_publishing = models.BooleanField(_("updated after publishing"), default=False)
    # A fingerprint of what members were last notified about (agenda, date, place, documents).
    published_fingerprint = models.CharField(
        _("fingerprint of the published content"), max_length=64, blank=True, editable=False
    )

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
            # A committee's (or a superior's committees') meetings of a year by the month they
            # count for: the compliance matrix, attendance rates and absence flags of the
            # dashboards (reports.measures) — without it PostgreSQL scans every meeting.
            models.Index(fields=["committee", "month"], name="meetings_committee_month"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.holder_name} — {self.date:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    def is_kept_offline(self, *, today: datetime.date, days: int) -> bool:
        """`MeetingQuerySet.kept_offline` for this meeting."""
        return days > 0 and self.date >= offline_from(today, days)

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
        """Its schedule and agenda can change, and it can be published, until it is held."""
        return self.status in (Status.DRAFT, Status.PUBLISHED)

    def recording_can_start(self, today: datetime.date) -> bool:
        """Recording starts once the meeting is published and its day has come
        (`meetings.record.attendance.recording_start` refuses it otherwise)."""
        return self.status in (Status.PUBLISHED, Status.HELD) and self.date <= today


class AgendaItemQuerySet(models.QuerySet):
    def drafted(self):
        """Items that are the secretary's own work: added by her, or a standard item she changed
        ("agenda drafted" on her checklist) — decided on data, never on a title's wording."""
        return self.filter(from_schedule=False)


class AgendaItem(models.Model):
    """An agenda item — nội dung sinh hoạt, in one of the standard sections (DOMAIN §4.2)."""

    data_scope = "meeting.committee_id"  # core.versions: what a write touches

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
    # Written by the scheduler (one of the standard items) and not changed since: an agenda of
    # such items only is the scheduler's skeleton, not one the secretary drafted.
    from_schedule = models.BooleanField(_("standard item from the schedule"), default=False)
    # Recorded at the meeting (the minutes, DOMAIN §4.4).
    summary = models.TextField(_("summary"), blank=True)
    conclusion = models.TextField(_("chair's conclusion"), blank=True)

    history = HistoricalRecords()

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]
        indexes = [models.Index(fields=["meeting", "position"], name="meetings_agenda_order")]

    def __str__(self):
        return self.title


def document_path(instance, filename):
    """Stored under a random name: two files of the same name never collide, names never leak."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"meetings/{instance.meeting.committee_id}/{uuid.uuid4().hex}{suffix}"


# The agenda's sections in the order the party sets them (a, b, c, d): agenda, minutes and documents
# list items in this order.
SECTION_ORDER = [choice for choice, _label in AgendaItem.Section.choices]


class Document(models.Model):
    """A meeting document — tài liệu sinh hoạt: on the meeting or on one agenda item."""

    data_scope = "meeting.committee_id"  # core.versions: what a write touches

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
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # Added after the deadline for documents (`document_lead_days` before the meeting starts),
    # even if the meeting itself was published on time.
    added_late = models.BooleanField(_("added after the lead time"), default=False)
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
        return uploads.is_inline(self.kind)


class ReadReceipt(models.Model):
    """A member opened a document — once per member and document (DESIGN §3: allowed on GET)."""

    data_scope = "document.meeting.committee_id"  # core.versions: what a write touches

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("document")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="read_receipts", verbose_name=_("member")
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    # Opened on her phone with no connection (issue 24): posted when the phone was back online,
    # with the moment she opened it.
    offline = models.BooleanField(_("opened offline"), default=False)

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

    data_scope = "meeting.committee_id"  # core.versions: what a write touches

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

    data_scope = "agenda_item.meeting.committee_id"  # core.versions: what a write touches

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
