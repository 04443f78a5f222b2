"""The committee's library, study campaigns and political-theory training (DOMAIN §1, §14).

- `LibraryDocument` — văn bản, tài liệu của đảng bộ: a directive or resolution of a superior body,
  the committee's own resolution (linked to the numbered `meetings.Resolution`, never retyped), a
  plan, working rules, study material. Open to all members of the committee or to its officers
  only. A superseded document stays, pointing to the newer one; nothing is deleted (archived).
- `LibraryFile` — a file of a document, through the content-checked uploads (`core.uploads`).
- `MeetingLink` — the document was attached to (discussed at) a meeting, on one agenda item or on
  the meeting as a whole; the meeting page shows it through `library.selectors`.
- `StudyCampaign` — học tập, quán triệt: members (the whole committee or some cells) study a
  document by a deadline, optionally writing a report (bài thu hoạch). Who must study is fixed when
  the campaign starts: one `StudyParticipant` per member.
- `StudyReport` — bài thu hoạch: her text and/or file; late when submitted after the deadline;
  `recorded_by` is the officer who entered it on her behalf (a member without an account).
- `TrainingCourse` — bồi dưỡng lý luận chính trị: a course a member attended; her theory level on
  the record follows from the highest completed theory course (`library.training.services`).

`library` uses `members` and `meetings`; nothing below it imports it (DESIGN §2).
"""

import datetime

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models import Cell, Committee
from core.text import search_key
from core.uploads import is_inline
from meetings.models import AgendaItem, Meeting, Resolution
from members import access
from members.models import Member, TheoryLevel, User


def library_file_path(instance, filename):
    return f"library/{instance.document.committee_id}/{instance.document_id}/{filename}"


def study_report_path(instance, filename):
    campaign = instance.participant.campaign
    return f"library/{campaign.committee_id}/study/{campaign.pk}/{filename}"


# --- documents (helper A) ---------------------------------------------------------------------

# A search reads at most this many characters of what was typed (a longer one is cut, never a 500).
SEARCH_MAX = 100
# …and at most this many of its words.
SEARCH_WORDS = 10


class LibraryDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The documents the user may read (DOMAIN §10) — the one rule, here; `library.access`
        asks it (`may_see_document`, `get_document_for_user`).

        - open to all members: the committee's members, its officers, clerks and observers;
        - officers only: the committee's officers and clerks, and the officers of its cells (the
          cell committees: secretary, deputy, members) — never a member or an observer as such;
        - archived: only who manages the library (officers and clerks,
          `library.access.may_manage_documents`).

        A superuser without an office reads none (DESIGN §3).
        """
        acc = access.access_for(user)
        managers = acc.registry_committees  # officers and clerks
        readers = set(acc.officer_committees | managers | acc.reader_committees)
        if acc.member_committee_id:
            readers.add(acc.member_committee_id)
        officers = Q(committee_id__in=acc.officer_committees | managers)
        if acc.officer_cells:
            cells = Cell.objects.filter(pk__in=acc.officer_cells).values("committee_id")
            officers |= Q(committee_id__in=cells)
        audience = Q(audience=LibraryDocument.Audience.MEMBERS, committee_id__in=readers) | (
            Q(audience=LibraryDocument.Audience.OFFICERS) & officers
        )
        return self.filter(audience).filter(Q(archived=False) | Q(committee_id__in=managers))

    def active(self):
        return self.filter(archived=False)

    def search(self, text: str):
        """Title, number (typed or the resolution's) and summary contain every word typed, with
        or without diacritics (`search_text`, kept by `save()`); only the first `SEARCH_MAX`
        characters and `SEARCH_WORDS` words count. A trigram index serves it on PostgreSQL."""
        words = search_key((text or "")[:SEARCH_MAX]).split()[:SEARCH_WORDS]
        queryset = self
        for word in words:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def newest_first(self):
        """By date issued, newest first (undated last) — the `library_doc_newest` index."""
        return self.order_by(F("issued_on").desc(nulls_last=True), "-pk")

    def with_related(self):
        """What a list row shows: the committee, the resolution (its number), whether it was
        superseded, and `file_count` (its files on show) — one query however many rows."""
        return self.select_related("committee", "resolution", "resolution__cell").annotate(
            file_count=Count("files", filter=Q(files__archived=False))
        )


class LibraryFileQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)


class MeetingLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)

    def visible_to(self, user):
        """Links the user sees: to a meeting she sees, of a document she reads (not archived)."""
        documents = LibraryDocument.objects.visible_to(user).filter(archived=False)
        return self.active().filter(
            document__in=documents, meeting__in=Meeting.objects.visible_to(user)
        )


class LibraryDocument(models.Model):
    """Văn bản, tài liệu — one document of the committee's library."""

    data_scope = "committee_id"  # core.versions: what a write touches

    class Kind(models.TextChoices):
        SUPERIOR = "superior", _("Directive or resolution of a superior body")
        RESOLUTION = "resolution", _("Committee resolution")
        PLAN = "plan", _("Plan")
        RULES = "rules", _("Working rules")
        STUDY = "study", _("Study material")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("All members")
        OFFICERS = "officers", _("Officers only")

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="library_documents",
        verbose_name=_("committee"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    # Typed by hand for a document from outside ("05-CT/TU"); empty for the committee's own
    # resolutions, whose number comes from `resolution`.
    number = models.CharField(_("number and symbol"), max_length=50, blank=True)
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_documents",
        verbose_name=_("resolution"),
    )
    issuer = models.CharField(_("issuing body"), max_length=200, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    archived = models.BooleanField(_("archived"), default=False)
    # Title, number and summary without diacritics (`core.text.search_key`), kept by `save()`.
    search_text = models.TextField(_("search key"), editable=False, default="")
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = LibraryDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["committee", "-issued_on"], name="library_doc_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(effective_on__gte=F("issued_on")),
                name="library_doc_effective_after_issued",
                violation_error_message=_("The effective date cannot be before the date issued."),
            ),
            models.CheckConstraint(
                condition=Q(resolution__isnull=True) | Q(kind="resolution"),
                name="library_doc_resolution_kind",
                violation_error_message=_(
                    "Only a committee resolution links to a resolution of a meeting."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=F("pk")),
                name="library_doc_not_superseded_by_itself",
                violation_error_message=_("A document cannot supersede itself."),
            ),
            models.UniqueConstraint(
                fields=["resolution"],
                condition=Q(resolution__isnull=False),
                name="library_doc_one_per_resolution",
                violation_error_message=_("This resolution is already in the library."),
            ),
        ]

    def __str__(self):
        return f"{self.display_number} {self.title}".strip()

    def save(self, *args, **kwargs):
        code = self.resolution.code if self.resolution_id else ""
        self.search_text = search_key(" ".join([self.title, self.number, code, self.summary]))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("library:document", args=[self.pk])

    @property
    def display_number(self) -> str:
        """The number and symbol shown: typed, or the linked resolution's ("Số 05-NQ/CB")."""
        if self.resolution_id:
            return self.resolution.code
        return self.number


class LibraryFile(models.Model):
    """A file of a library document (checked by `core.uploads`)."""

    data_scope = "document.committee_id"  # core.versions: what a write touches

    document = models.ForeignKey(
        LibraryDocument, on_delete=models.PROTECT, related_name="files", verbose_name=_("document")
    )
    file = models.FileField(_("file"), upload_to=library_file_path, max_length=300)
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
    archived = models.BooleanField(_("archived"), default=False)

    history = HistoricalRecords()
    objects = LibraryFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("library file")
        verbose_name_plural = _("library files")
        ordering = ["document", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("library:file_download", args=[self.document_id, self.pk])

    @property
    def is_inline(self) -> bool:
        """PDF and images open in the browser; the rest download (as meeting documents)."""
        return is_inline(self.kind)


class MeetingLink(models.Model):
    """A library document attached to a meeting — on one agenda item, or on the meeting."""

    data_scope = "meeting.committee_id"  # core.versions: what a write touches

    document = models.ForeignKey(
        LibraryDocument,
        on_delete=models.PROTECT,
        related_name="meeting_links",
        verbose_name=_("document"),
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="library_links", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_links",
        verbose_name=_("agenda item"),
    )
    added_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    archived = models.BooleanField(_("archived"), default=False)

    history = HistoricalRecords()
    objects = MeetingLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting link")
        verbose_name_plural = _("meeting links")
        ordering = ["meeting", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "meeting"],
                condition=Q(archived=False),
                name="library_link_once_per_meeting",
                violation_error_message=_("This document is already attached to the meeting."),
            ),
        ]

    def __str__(self):
        return f"{self.document} — {self.meeting}"


# --- study campaigns (helper B) ---------------------------------------------------------------


def study_done(prefix: str = "") -> Q:
    """ "Done" for a participant row (`prefix` "participants__" from a campaign): studied, and
    reported when the campaign asks for a report. The same rule as `study_is_done`."""
    return Q(**{f"{prefix}studied_at__isnull": False}) & (
        Q(**{f"{prefix}campaign__report_required": False}) | Q(**{f"{prefix}report__isnull": False})
    )


def study_is_done(*, studied: bool, reported: bool, report_required: bool) -> bool:
    """ "Done" for one participant in Python — the rule of `study_done`."""
    return studied and (reported or not report_required)


def campaign_committees(user) -> frozenset[int]:
    """The committees whose study campaigns the user sees: those she belongs to as a member, an
    officer, a clerk or an observer — a superuser as such none (DESIGN §3). Who studied and what
    she wrote are asked separately (`StudyParticipant.objects.visible_to`,
    `StudyReport.objects.visible_to`)."""
    acc = access.access_for(user)
    committees = set(acc.officer_committees | acc.registry_committees | acc.reader_committees)
    if acc.member_committee_id:
        committees.add(acc.member_committee_id)
    return frozenset(committees)


class StudyCampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The campaigns of `campaign_committees(user)`."""
        return self.filter(committee_id__in=campaign_committees(user))

    def started_between(self, first, last):
        """The campaigns that started `first`..`last` (both included)."""
        return self.filter(starts_on__gte=first, starts_on__lte=last)

    def with_counts(self):
        """`participant_count`, `studied_count`, `reported_count`, `done_count` (one query)."""
        return self.annotate(
            participant_count=Count("participants", distinct=True),
            studied_count=Count(
                "participants",
                filter=Q(participants__studied_at__isnull=False),
                distinct=True,
            ),
            reported_count=Count(
                "participants", filter=Q(participants__report__isnull=False), distinct=True
            ),
            done_count=Count("participants", filter=study_done("participants__"), distinct=True),
        )


class StudyParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who studied (names): the member herself, the officers of her cell (the cell stored on
        the row) and of the committee — not other members, observers or a superuser as such."""
        acc = access.access_for(user)
        condition = Q(campaign__committee_id__in=acc.officer_committees) | Q(
            cell_id__in=acc.officer_cells
        )
        if acc.member_id:
            condition |= Q(member_id=acc.member_id)
        return self.filter(condition)

    def with_state(self):
        """`has_report` on each row, with the member, her cell, her report and who recorded them
        loaded — one query however many rows ("done": `study_done`)."""
        return self.select_related(
            "member", "cell", "studied_recorded_by", "report", "report__recorded_by"
        ).annotate(
            has_report=Exists(StudyReport.objects.filter(participant=OuterRef("pk"))),
        )

    def done(self):
        return self.filter(study_done())

    def not_done(self):
        return self.exclude(study_done())


class StudyReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Confidential (DESIGN §3): the member herself, the officers of her cell and of the
        committee — never other members, observers or a superuser without office."""
        acc = access.access_for(user)
        condition = Q(participant__campaign__committee_id__in=acc.officer_committees) | Q(
            participant__cell_id__in=acc.officer_cells
        )
        if acc.member_id:
            condition |= Q(participant__member_id=acc.member_id)
        return self.filter(condition)


class StudyCampaign(models.Model):
    """Học tập, quán triệt — members study a document by a deadline (optionally with a report)."""

    data_scope = "committee_id"  # core.versions: what a write touches

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="study_campaigns",
        verbose_name=_("committee"),
    )
    document = models.ForeignKey(
        LibraryDocument,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("document"),
    )
    title = models.CharField(_("title"), max_length=300)
    instructions = models.TextField(_("instructions"), blank=True)
    # Empty = the whole committee; otherwise the members of these cells when the campaign started.
    cells = models.ManyToManyField(
        Cell, blank=True, related_name="study_campaigns", verbose_name=_("cells")
    )
    starts_on = models.DateField(_("start date"))
    deadline = models.DateField(_("deadline"))
    report_required = models.BooleanField(_("a written report is required"), default=False)
    archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StudyCampaignQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[cells])

    class Meta:
        verbose_name = _("study campaign")
        verbose_name_plural = _("study campaigns")
        ordering = ["-deadline", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("starts_on")),
                name="library_campaign_deadline_after_start",
                violation_error_message=_("The deadline cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:campaign_detail", args=[self.pk])

    def is_past_deadline(self, when=None) -> bool:
        """The one rule for "after the deadline": later than the end of the deadline day, in the
        committee's time zone. `when`: a moment, a day, or (None) now."""
        if when is None:
            day = timezone.localdate()
        elif isinstance(when, datetime.datetime):
            day = timezone.localdate(when)
        else:
            day = when
        return day > self.deadline


class StudyParticipant(models.Model):
    """One member who must study a campaign's document, and whether she has."""

    data_scope = "campaign.committee_id"  # core.versions: what a write touches

    campaign = models.ForeignKey(
        StudyCampaign,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("campaign"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="study_participations",
        verbose_name=_("member"),
    )
    # Her cell when the campaign started (progress per cell stays as it was).
    cell = models.ForeignKey(
        Cell, on_delete=models.PROTECT, related_name="+", verbose_name=_("cell")
    )
    studied_at = models.DateTimeField(_("studied at"), null=True, blank=True)
    # The officer who recorded her study on her behalf; empty when she confirmed it herself.
    studied_recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("study recorded by"),
    )
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)

    objects = StudyParticipantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study participant")
        verbose_name_plural = _("study participants")
        ordering = ["campaign", "cell", "member__name_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"],
                name="library_participant_once",
                violation_error_message=_("She is already in this campaign."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.campaign}"


class StudyReport(models.Model):
    """Bài thu hoạch — one member's report for a campaign (text and/or a file)."""

    data_scope = "participant.campaign.committee_id"  # core.versions: what a write touches

    participant = models.OneToOneField(
        StudyParticipant,
        on_delete=models.PROTECT,
        related_name="report",
        verbose_name=_("participant"),
    )
    text = models.TextField(_("report"), blank=True)
    file = models.FileField(_("file"), upload_to=study_report_path, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_kind = models.CharField(_("file type"), max_length=10, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("updated at"))
    late = models.BooleanField(_("late"), default=False)
    # The officer who entered it on her behalf (a handwritten report); empty when she did.
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = StudyReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study report")
        verbose_name_plural = _("study reports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(file=""),
                name="library_report_not_empty",
                violation_error_message=_("A report needs a text or a file."),
            ),
        ]

    def __str__(self):
        return f"{self.participant}"


class TrainingCourseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Her courses are part of her record's personal fields (`members.access.can_see_personal`):
        the member herself, the officers of her current cell, her committee's registry (officers
        and clerk) — not other members, observers or a superuser as such."""
        acc = access.access_for(user)
        in_cells = Member.objects.filter(
            memberships__cell_id__in=acc.officer_cells, memberships__end_date__isnull=True
        ).values("pk")
        condition = Q(member__committee_id__in=acc.registry_committees) | Q(member_id__in=in_cells)
        if acc.member_id:
            condition |= Q(member_id=acc.member_id)
        return self.filter(condition)

    def standing(self):
        """Not archived (an archived course was recorded by mistake; its history stays)."""
        return self.filter(archived=False)

    def completed(self, on=None):
        """Completed (an end date), by `on` when given."""
        done = self.filter(end_date__isnull=False)
        return done.filter(end_date__lte=on) if on is not None else done

    def theory(self):
        """The political-theory courses: the kinds that give a level (`TrainingCourse.LEVELS`)."""
        return self.filter(kind__in=list(TrainingCourse.LEVELS))


class TrainingCourse(models.Model):
    """Bồi dưỡng lý luận chính trị — one course a member attended (DOMAIN §14)."""

    data_scope = "member.committee_id"  # core.versions: what a write touches

    class Kind(models.TextChoices):
        AWARENESS = "awareness", _("Awareness course (before admission)")
        NEW_MEMBER = "new_member", _("Course for new members")
        ELEMENTARY = "elementary", _("Elementary political theory (sơ cấp)")
        INTERMEDIATE = "intermediate", _("Intermediate political theory (trung cấp)")
        ADVANCED = "advanced", _("Advanced political theory (cao cấp)")
        BACHELOR = "bachelor", _("Bachelor of political theory (cử nhân)")
        OTHER = "other", _("Other training")

    # The theory level a completed course gives (the highest decides `Member.theory_level`).
    LEVELS = {
        Kind.ELEMENTARY: TheoryLevel.ELEMENTARY,
        Kind.INTERMEDIATE: TheoryLevel.INTERMEDIATE,
        Kind.ADVANCED: TheoryLevel.ADVANCED,
        Kind.BACHELOR: TheoryLevel.BACHELOR,
    }

    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="training_courses",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("course name"), max_length=300, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = TrainingCourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["member", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="library_course_ends_after_start",
                violation_error_message=_("A course cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(certificate_date__isnull=True)
                | Q(certificate_date__gte=F("start_date")),
                name="library_course_certificate_after_start",
                violation_error_message=_(
                    "The certificate cannot be dated before the course starts."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_kind_display()}"

    @property
    def completed(self) -> bool:
        """Completed: it has an end date (the certificate may come later)."""
        return self.end_date is not None
