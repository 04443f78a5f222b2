"""Self-criticism and criticism — tự phê bình và phê bình (DOMAIN §7.1), recorded per member
reviewed at a meeting (above all the year-end review).

Confidential (DESIGN §3): the member concerned and the officers of her cell and committee only —
the rule is `CriticismRecordQuerySet.visible_to`; never other members, observers or superusers
without office.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.meeting import Meeting
from members import access
from members.models import Member, User


class CriticismRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access.access_for(user)
        condition = Q(meeting__committee_id__in=acc.officer_committees) | Q(
            meeting__cell_id__in=acc.officer_cells
        )
        if acc.member_id:
            condition |= Q(member_id=acc.member_id)
        return self.filter(condition)


class CriticismRecord(models.Model):
    """One member's self-criticism and the criticism she received at a meeting."""

    data_scope = "meeting.committee_id"  # core.versions: what a write touches

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="criticism_records",
        verbose_name=_("meeting"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="criticism_records",
        verbose_name=_("member"),
    )
    self_criticism = models.TextField(_("self-criticism"), blank=True)
    response = models.TextField(_("her response"), blank=True)
    conclusion = models.TextField(_("chair's conclusion"), blank=True)
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
    objects = CriticismRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-criticism and criticism record")
        verbose_name_plural = _("self-criticism and criticism records")
        ordering = ["meeting", "member__name_sort", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="meetings_criticism_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} — {self.meeting}"


class Criticism(models.Model):
    """A criticism or comment on a member — ý kiến phê bình, góp ý: by whom, what."""

    data_scope = "record.meeting.committee_id"  # core.versions: what a write touches

    record = models.ForeignKey(
        CriticismRecord,
        on_delete=models.PROTECT,
        related_name="criticisms",
        verbose_name=_("record"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    by_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_name = models.CharField(_("by (guest)"), max_length=200, blank=True)
    text = models.TextField(_("criticism or comment"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criticism")
        verbose_name_plural = _("criticisms")
        ordering = ["record", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(by_member__isnull=False) | ~Q(by_name=""),
                name="meetings_criticism_has_author",
                violation_error_message=_("Say who made the comment."),
            ),
        ]

    def __str__(self):
        return self.text[:60]
