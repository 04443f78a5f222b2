"""Accounts and access: users (tài khoản) and committee role grants."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models import Committee


class User(AbstractUser):
    """User — tài khoản: a login; linked 1:1 to a member record when she is a member."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    def __str__(self):
        return self.get_full_name()


class CommitteeRoleQuerySet(models.QuerySet):
    def active_on(self, date: datetime.date):
        return self.filter(valid_from__lte=date).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=date)
        )

    def current(self):
        return self.active_on(timezone.localdate())


class CommitteeRole(models.Model):
    """Committee role grant — phân quyền: a user's role in a committee, with dates (DESIGN §3)."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Committee officer")
        CLERK = "clerk", _("Committee clerk")
        OBSERVER = "observer", _("Observer")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="committee_roles", verbose_name=_("user")
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="role_grants",
        verbose_name=_("committee"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = CommitteeRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee role")
        verbose_name_plural = _("committee roles")
        ordering = ["committee", "user", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="members_committeerole_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["officer", "clerk", "observer"]),
                name="members_committeerole_role_valid",
            ),
        ]
        indexes = [
            # access.roles_of(user): the user's current grants.
            models.Index(fields=["user", "valid_from"], name="members_role_user_from"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.committee}"
