"""The periodic report to the superior — báo cáo định kỳ (issue 22, DOMAIN §15).

A committee reports every month (and every quarter, half-year and year: the same report over a
longer period) to the superior it is under at the end of the period. The figures are computed from
the records (`reports.measures.period.period_figures`, one place per number); the secretary adds the
free-text sections (the political and ideological situation, tasks and notable issues, the next
period's plan) and submits.

Versions: every row is one version of one report. A report is its committee, kind and first day of
the period; its number ("Số 07-BC/ĐU") is given when it is first created and kept by every version.
A draft is edited; submitting locks it and freezes its figures (`figures`, the JSON the print view
and the DOCX read, so a submitted report never changes when a record is corrected later). A
correction is a new version — a draft copied from the last submitted one, with the reason — that
is submitted in its turn; the earlier versions stay readable.

On time or late: a report is due by the superior's deadline day (`cells.Superior.report_deadline_day`)
of the month after its period ends (November's report by 20 December); the first submitted
version's day decides.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models import Committee, Superior
from core.versions import ALL
from library.models import LibraryDocument, StudyCampaign
from members.access import access_for, superior_scope

# The longest free-text section (characters); longer is refused with a message, never truncated.
MAX_TEXT = 20_000

models.TextField.register_lookup(Length)


class ReportQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=PeriodReport.Status.SUBMITTED)

    def drafts(self):
        return self.filter(status=PeriodReport.Status.DRAFT)

    def of_report(self, report: PeriodReport):
        """Every version of `report` (same committee, kind and period), oldest first."""
        return self.filter(
            committee_id=report.committee_id, kind=report.kind, period_start=report.period_start
        ).order_by("version")

    def first_versions(self):
        return self.filter(version=1)

    def with_related(self):
        """What a list or a page of reports shows with each row: its committee, superior and
        the users who created and submitted it."""
        return self.select_related("committee", "superior", "created_by", "submitted_by")

    def visible_to(self, user):
        """The versions `user` may read (DESIGN §3, DOMAIN §15): every version of her committees'
        reports for a committee officer or observer; the submitted versions of the committees
        that were under one of her superiors on the report's last day for a superior's officer
        (`members.access.superior_scope`); everything for a superuser; nothing for anyone else
        (members, clerks). One query for a superior's officer's scope, none otherwise."""
        acc = access_for(user)
        if acc.is_superuser:
            return self.all()
        condition = Q(committee_id__in=acc.officer_committees | acc.observer_committees)
        # The committees under her superiors, grouped by the dates they were under them (a
        # handful of distinct date ranges, however many committees: a short OR).
        spans: dict[tuple, list[int]] = {}
        for committee_id, ranges in superior_scope(user).items():
            for span in ranges:
                spans.setdefault((span.start, span.end), []).append(committee_id)
        for (start, end), committee_ids in spans.items():
            under = Q(committee_id__in=committee_ids, period_end__gte=start)
            if end is not None:
                under &= Q(period_end__lte=end)
            condition |= under & Q(status=PeriodReport.Status.SUBMITTED)
        return self.filter(condition)


class PeriodReport(models.Model):
    """Periodic report — báo cáo định kỳ (tháng, quý, sáu tháng, năm), one version of it."""

    data_scope = "committee_id"  # core.versions: what a write touches

    class Kind(models.TextChoices):
        MONTH = "month", _("Monthly report")
        QUARTER = "quarter", _("Quarterly report")
        HALF = "half", _("Six-month report")
        YEAR = "year", _("Year report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class Signer(models.TextChoices):
        SECRETARY = "secretary", _("The secretary (T/M ĐẢNG ỦY — BÍ THƯ)")
        DEPUTY = "deputy", _("A deputy secretary (KT. BÍ THƯ — PHÓ BÍ THƯ)")

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="period_reports",
        verbose_name=_("committee"),
    )
    kind = models.CharField(_("type of report"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    # The superior it is addressed to: the one the committee is under at the end of the period.
    superior = models.ForeignKey(
        Superior,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("superior"),
        null=True,
        blank=True,
    )
    # "Số 07-BC/ĐU": numbered within the committee's reports of `number_year`, kept by versions.
    number = models.PositiveIntegerField(_("number"))
    number_year = models.PositiveSmallIntegerField(_("year of the number"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The document's place and date (DOMAIN §13), recipients and signatory.
    place = models.CharField(_("place"), max_length=100, blank=True)
    issued_on = models.DateField(_("date of the report"))
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("One per line, as printed under “Nơi nhận”.")
    )
    signer = models.CharField(
        _("signed by"), max_length=10, choices=Signer.choices, default=Signer.SECRETARY
    )
    signer_name = models.CharField(_("name of the signatory"), max_length=200, blank=True)
    # The free-text sections (DOMAIN §15).
    situation = models.TextField(_("political and ideological situation"), blank=True)
    notable = models.TextField(_("tasks and notable issues"), blank=True)
    plan = models.TextField(_("plan for the next period"), blank=True)
    # Frozen on submission: the figures as `reports.figures.figures_json` wrote them.
    figures = models.JSONField(_("figures"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
    )

    history = HistoricalRecords()
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-period_start", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "kind", "period_start", "version"],
                name="reports_one_row_per_version",
                violation_error_message=_("This version of the report already exists."),
            ),
            models.UniqueConstraint(
                fields=["committee", "number_year", "number", "version"],
                name="reports_number_unique",
                violation_error_message=_("Another report already has this number."),
            ),
            models.UniqueConstraint(
                fields=["committee", "kind", "period_start"],
                condition=Q(status="draft"),
                name="reports_one_draft",
                violation_error_message=_("This report already has a draft."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["month", "quarter", "half", "year"]),
                name="reports_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"]), name="reports_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(signer__in=["secretary", "deputy"]), name="reports_signer_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="reports_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1) & Q(number__gte=1), name="reports_version_number_min"
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(correction_reason=""),
                name="reports_correction_has_reason",
                violation_error_message=_("A correction needs its reason."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(submitted_at__isnull=False)
                    & Q(submitted_by__isnull=False)
                    & Q(figures__isnull=False)
                ),
                name="reports_submitted_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(situation__length__lte=MAX_TEXT)
                & Q(notable__length__lte=MAX_TEXT)
                & Q(plan__length__lte=MAX_TEXT)
                & Q(recipients__length__lte=MAX_TEXT)
                & Q(correction_reason__length__lte=MAX_TEXT),
                name="reports_text_max_length",
            ),
        ]
        indexes = [models.Index(fields=["kind", "period_start"], name="reports_kind_period")]

    def __str__(self):
        return f"{self.title} — {self.committee}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def period_label(self) -> str:
        """ "11/2026", "quý IV/2026", "6 tháng đầu năm 2026", "năm 2026" (Vietnamese, as printed)."""
        return period_label(self.kind, self.period_start)

    @property
    def title(self) -> str:
        """ "Monthly report 11/2026", "Quarterly report IV/2026"… in the user's language (the
        kind and the period in one phrase: "Báo cáo tháng 11/2026")."""
        start = self.period_start
        if self.kind == self.Kind.MONTH:
            return gettext("Monthly report %(month)s") % {
                "month": f"{start.month:02d}/{start.year}"
            }
        if self.kind == self.Kind.QUARTER:
            quarter = ("I", "II", "III", "IV")[(start.month - 1) // 3]
            return gettext("Quarterly report %(quarter)s/%(year)s") % {
                "quarter": quarter,
                "year": start.year,
            }
        if self.kind == self.Kind.HALF:
            if start.month == 1:
                return gettext("Report for the first half of %(year)s") % {"year": start.year}
            return gettext("Report for the second half of %(year)s") % {"year": start.year}
        return gettext("Year report %(year)s") % {"year": start.year}

    @property
    def number_text(self) -> str:
        """ "Số 07-BC/ĐU" (DOMAIN §13, §15)."""
        return f"Số {self.number:02d}-BC/ĐU"

    def due_on(self) -> datetime.date | None:
        """The superior's deadline: its deadline day of the month after the period ends."""
        if self.superior_id is None:
            return None
        return due_on(self.period_end, self.superior.report_deadline_day)

    @property
    def submitted_on(self) -> datetime.date | None:
        """The local day it was submitted."""
        return timezone.localdate(self.submitted_at) if self.submitted_at else None

    def is_late(self) -> bool | None:
        """Submitted after the superior's deadline? Decided by the first version (a correction
        keeps the report's standing): None for a correction, a draft, or without a superior."""
        due = self.due_on()
        if self.version != 1 or self.submitted_on is None or due is None:
            return None
        return self.submitted_on > due


def due_on(period_end: datetime.date, deadline_day: int) -> datetime.date:
    """The deadline day of the month after the one `period_end` falls in."""
    year, month = (
        (period_end.year + 1, 1)
        if period_end.month == 12
        else (
            period_end.year,
            period_end.month + 1,
        )
    )
    return datetime.date(year, month, deadline_day)


def period_label(kind: str, start: datetime.date) -> str:
    """The period as the report's title names it, in Vietnamese (official documents are)."""
    if kind == PeriodReport.Kind.MONTH:
        return f"tháng {start.month}/{start.year}"
    if kind == PeriodReport.Kind.QUARTER:
        quarter = ("I", "II", "III", "IV")[(start.month - 1) // 3]
        return f"quý {quarter}/{start.year}"
    if kind == PeriodReport.Kind.HALF:
        half = "đầu" if start.month == 1 else "cuối"
        return f"6 tháng {half} năm {start.year}"
    return f"năm {start.year}"


# --- directives flowing down (issue 22 item 5, `reports.directives`) ------------------------------


class Directive(models.Model):
    """Chỉ thị, văn bản của cấp trên — a document a superior sent down to every committee under it
    on the day it was published: one library document in each committee's library
    (`DirectiveCopy`), and there, when asked, a study campaign by `study_deadline`."""

    data_scope = ALL  # core.versions: what a write touches

    superior = models.ForeignKey(
        Superior, on_delete=models.PROTECT, related_name="directives", verbose_name=_("superior")
    )
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("number and symbol"), max_length=50)
    issued_on = models.DateField(_("date issued"))
    # The study campaign's deadline in every committee; empty when no campaign was asked for.
    study_deadline = models.DateField(_("study deadline"), null=True, blank=True)
    report_required = models.BooleanField(_("a written report is required"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            # `reports.directives.directives_of(superior)`: the superior's directives, newest first.
            models.Index(fields=["superior", "-issued_on"], name="reports_directive_newest"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("reports:directive_detail", args=[self.pk])


class DirectiveCopy(models.Model):
    """The directive in one committee's library, and its study campaign there (if any)."""

    data_scope = "committee_id"  # core.versions: what a write touches

    directive = models.ForeignKey(
        Directive, on_delete=models.PROTECT, related_name="copies", verbose_name=_("directive")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee")
    )
    document = models.OneToOneField(
        LibraryDocument,
        on_delete=models.PROTECT,
        related_name="directive_copy",
        verbose_name=_("library document"),
    )
    campaign = models.OneToOneField(
        StudyCampaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directive_copy",
        verbose_name=_("study campaign"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("copy of a directive")
        verbose_name_plural = _("copies of directives")
        ordering = ["directive", "committee__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "committee"],
                name="reports_directive_copy_once",
                violation_error_message=_("The directive is already in this committee's library."),
            ),
        ]

    def __str__(self):
        return f"{self.directive} — {self.committee}"
