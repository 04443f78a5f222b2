"""Party fees — đảng phí (DOMAIN §8, Quyết định 342-QĐ/TW).

A member's fee follows her **basis** (`FeeBasis`: category and base amount from a month on); a
month is paid by a `FeePayment` recorded in the cell she belonged to that month (a hosted member
pays in the host cell); a wrong entry is **reversed** with a reason, never deleted; an officer may
record a valid reason (`FeeExcuse`) that keeps a late or missing month out of the unpaid-fee flag;
what a cell hands to the committee, and the committee to its superior, is a `Remittance`.

The base amount and the amount due reveal a salary: they are sensitive (the member herself and the
officers of her cell and committee — `fees.access`). Months are stored as the first day of the
month. The rules on them (the amount due, unpaid, paid up to …) are in `fees.rates` (pure) and
`fees.selectors` (reads).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models import Cell, Committee
from members.models import Member, User


class FeeCategory(models.TextChoices):
    """Who pays what (QĐ 342): a share of a salary or a pension, or a fixed amount."""

    SALARIED = "salaried", _("Salaried staff (a share of salary and allowances)")
    PENSIONER = "pensioner", _("Pensioner (a share of the pension)")
    FIXED = "fixed", _("Student or no regular income (a fixed amount)")


class FeeBasisQuerySet(models.QuerySet):
    def for_members(self, member_ids):
        return self.filter(member_id__in=member_ids).order_by("member_id", "effective_from")


class FeeBasis(models.Model):
    """Mức đóng đảng phí — her category and base amount from a month on. The base amount is the
    salary and salary-based allowances (salaried), the pension (pensioner) or the fixed monthly
    amount itself (fixed). A later row from a later month changes what is due from that month on;
    a row dated in the past leaves what was paid as it was and shows the difference as a
    back-payment (truy thu)."""

    data_scope = "member.committee_id"  # core.versions: what a write touches

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="fee_bases", verbose_name=_("member")
    )
    category = models.CharField(_("fee category"), max_length=20, choices=FeeCategory.choices)
    base_amount = models.PositiveBigIntegerField(_("base amount (VND)"))
    effective_from = models.DateField(_("effective from (month)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = FeeBasisQuerySet.as_manager()

    class Meta:
        verbose_name = _("fee basis")
        verbose_name_plural = _("fee bases")
        ordering = ["member", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "effective_from"],
                name="fees_basis_one_per_month",
                violation_error_message=_("She already has a fee basis from this month."),
            ),
            models.CheckConstraint(
                condition=Q(effective_from__day=1),
                name="fees_basis_month_first_day",
                violation_error_message=_("A fee basis starts on the first day of a month."),
            ),
            models.CheckConstraint(
                condition=Q(base_amount__gt=0),
                name="fees_basis_amount_positive",
                violation_error_message=_("The base amount must be more than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_category_display()} ({self.effective_from:%m/%Y})"


class FeePaymentQuerySet(models.QuerySet):
    def standing(self):
        """Payments that count: not reversed."""
        return self.filter(reversed_at__isnull=True)

    def of_member_between(self, member, first, last):
        """Her payments of the months `first`..`last`, reversed ones too, as her fee page lists
        them (month order), with what the page shows of each."""
        return (
            self.filter(member=member, month__gte=first, month__lte=last)
            .select_related("cell", "recorded_by", "reversed_by")
            .order_by("month", "pk")
        )


class FeePayment(models.Model):
    """Thu đảng phí — what one member paid for one month, collected by one cell. `amount_due` is
    what was due when it was recorded (a later raise never changes it); a back-payment (truy thu)
    is a second payment for the same month. Reversed with a reason, never deleted."""

    data_scope = ("cell.committee_id", "member.committee_id")  # core.versions: what a write touches

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Monthly fee")
        BACK_PAYMENT = "back_payment", _("Back-payment")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="fee_payments", verbose_name=_("member")
    )
    cell = models.ForeignKey(
        Cell, on_delete=models.PROTECT, related_name="fee_payments", verbose_name=_("cell")
    )
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    amount_due = models.PositiveBigIntegerField(_("amount due (VND)"))
    amount_paid = models.PositiveBigIntegerField(_("amount paid (VND)"))
    paid_on = models.DateField(_("date paid"))
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reversed by"),
    )
    reversal_reason = models.TextField(_("reason for the reversal"), blank=True)

    history = HistoricalRecords()
    objects = FeePaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("fee payment")
        verbose_name_plural = _("fee payments")
        ordering = ["member", "month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month", "kind"],
                condition=Q(reversed_at__isnull=True),
                name="fees_payment_once_per_month",
                violation_error_message=_("This month is already paid."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="fees_payment_month_first_day",
                violation_error_message=_("A fee month starts on the first day of a month."),
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__gt=0),
                name="fees_payment_amount_positive",
                violation_error_message=_("The amount paid must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(reversed_at__isnull=True) | ~Q(reversal_reason=""),
                name="fees_payment_reversal_has_reason",
                violation_error_message=_("Give the reason for the reversal."),
            ),
        ]
        indexes = [
            models.Index(fields=["cell", "month"], name="fees_payment_cell_month"),
        ]

    def __str__(self):
        return f"{self.member} — {self.month:%m/%Y}: {self.amount_paid}"


class FeeExcuse(models.Model):
    """Lý do chính đáng — an officer's valid reason for a month paid late or not at all: the month
    no longer counts towards the unpaid-fee flag (it is still shown as late or unpaid)."""

    data_scope = "member.committee_id"  # core.versions: what a write touches

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="fee_excuses", verbose_name=_("member")
    )
    month = models.DateField(_("month"))
    reason = models.TextField(_("reason"))
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
        verbose_name = _("valid reason for a fee month")
        verbose_name_plural = _("valid reasons for fee months")
        ordering = ["member", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month"],
                name="fees_excuse_once_per_month",
                violation_error_message=_("A valid reason is already recorded for this month."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="fees_excuse_month_first_day",
                violation_error_message=_("A fee month starts on the first day of a month."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="fees_excuse_has_reason",
                violation_error_message=_("Give the reason."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.month:%m/%Y}"


class RemittanceQuerySet(models.QuerySet):
    def standing(self):
        return self.filter(reversed_at__isnull=True)

    def of_cell_between(self, cell, first, last):
        """What a cell handed to the committee in the months `first`..`last` (reversed ones too),
        in month order."""
        return (
            self.filter(cell=cell, month__gte=first, month__lte=last)
            .select_related("reversed_by")
            .order_by("month", "pk")
        )

    def of_committee_between(self, committee, first, last):
        """Every remittance of the committee's register in the months `first`..`last`: its cells'
        and its own to the superior (reversed ones too), by month and cell."""
        return (
            self.filter(committee=committee, month__gte=first, month__lte=last)
            .select_related("cell", "reversed_by")
            .order_by("month", "cell__code", "pk")
        )


class Remittance(models.Model):
    """Nộp đảng phí lên cấp trên — what a cell handed to the committee for a month (`cell` set), or
    what the committee handed to its superior (`cell` empty). Reversed with a reason, never
    deleted."""

    data_scope = "committee_id"  # core.versions: what a write touches

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="remittances", verbose_name=_("committee")
    )
    cell = models.ForeignKey(
        Cell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remittances",
        verbose_name=_("cell"),
    )
    month = models.DateField(_("month"))
    amount = models.PositiveBigIntegerField(_("amount remitted (VND)"))
    remitted_on = models.DateField(_("date remitted"))
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reversed by"),
    )
    reversal_reason = models.TextField(_("reason for the reversal"), blank=True)

    history = HistoricalRecords()
    objects = RemittanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("remittance")
        verbose_name_plural = _("remittances")
        ordering = ["committee", "month", "cell", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "month"],
                condition=Q(reversed_at__isnull=True, cell__isnull=False),
                name="fees_remittance_cell_once_per_month",
                violation_error_message=_("This month's remittance is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["committee", "month"],
                condition=Q(reversed_at__isnull=True, cell__isnull=True),
                name="fees_remittance_committee_once_per_month",
                violation_error_message=_("This month's remittance is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="fees_remittance_month_first_day",
                violation_error_message=_("A fee month starts on the first day of a month."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="fees_remittance_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(reversed_at__isnull=True) | ~Q(reversal_reason=""),
                name="fees_remittance_reversal_has_reason",
                violation_error_message=_("Give the reason for the reversal."),
            ),
        ]

    def __str__(self):
        return f"{self.cell or self.committee} — {self.month:%m/%Y}: {self.amount}"


class FeeYear(models.Model):
    """A member's year of fees in one row — the months paid by their month's end — kept by the
    payment services in the same transaction as each payment and reversal (`fees.summary`).

    A summary, not a record (no history): it lets a superior's dashboard rule out, in one indexed
    read of its committees' rows, the members who cannot reach the unpaid-fee flag, instead of
    reading a year of payments of every member (issue 23). A member without a row is simply not
    ruled out: the ledger then judges her months, so a missing row never hides a flag.
    """

    data_scope = "committee_id"  # core.versions: what a write touches

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="+", verbose_name=_("committee")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="fee_years", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Bit m - 1 set: month m has a standing regular payment made by the end of month m.
    paid_in_time = models.PositiveIntegerField(_("months paid by their month's end"), default=0)

    class Meta:
        verbose_name = _("fee year")
        verbose_name_plural = _("fee years")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="fees_year_once_per_member"),
            models.CheckConstraint(
                condition=Q(paid_in_time__lt=1 << 12), name="fees_year_twelve_months"
            ),
        ]
        indexes = [
            # The superior's dashboard: the fee years of its committees' members in one year.
            models.Index(fields=["committee", "year"], name="fees_year_committee"),
        ]

    def __str__(self):
        return f"{self.member} — {self.year}"
