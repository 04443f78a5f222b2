"""The member registry's models: users (tài khoản) and committee role grants, members (đảng
viên), their cell memberships over time, status events, positions, transfers and notifications.

They stay one module (~550 lines, Django's one models module per app): they are one web — every
model points to the member or her login, and the member's querysets query her memberships and
status events — so split, each part would import the others and be read with them.
"""

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models import Committee, Superior, TheoryLevel
from core.versions import ALL

# The languages of the interface, each named in its own language (as the navbar's switch names
# them); `settings.LANGUAGES` lists the same codes.
INTERFACE_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]


class User(AbstractUser):
    """User — tài khoản: a login; linked 1:1 to a member record when she is a member."""

    # core.versions: a user's name and rights may show on a cached part; her logins do not, nor
    # her text size (a class on the page's <html>, outside every cached part).
    data_scope = ALL
    data_scope_ignored_fields = frozenset({"last_login", "large_text"})

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # The secret of her private iCal feed; reset it to revoke an old feed address.
    ical_token = models.CharField(
        _("calendar feed key"), max_length=64, unique=True, null=True, blank=True
    )
    must_change_password = models.BooleanField(
        _("must change password at next log-in"), default=False
    )
    # The interface language she chose with the navbar's switch; empty: she never chose, and the
    # app speaks Vietnamese (the browser's language is never asked, DESIGN §4).
    language = models.CharField(
        _("interface language"), max_length=8, blank=True, choices=INTERFACE_LANGUAGES
    )
    # "Chữ lớn": larger type, larger touch targets and a simpler layout on every page, for older
    # eyes and phones (templates/base.html's <html> class, static/css/chibo.css); she turns it on
    # or off in her menu (members.text_size).
    large_text = models.BooleanField(
        _("large text"),
        default=False,
        help_text=_("Larger type and larger buttons on every page, kept on her account."),
    )

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

    data_scope = "committee_id"  # core.versions: what a write touches

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


class SuperiorRoleQuerySet(CommitteeRoleQuerySet):
    pass


class SuperiorRole(models.Model):
    """Superior role grant — phân quyền cấp trên: a user's office at a superior (its secretary, its
    organisation or inspection officer), with dates (DESIGN §3). She sees the committees under
    that superior on the date in question (`members.access.superior_scope`)."""

    data_scope = ALL  # core.versions: what a write touches

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Secretary of the superior")
        ORGANISATION = "organisation", _("Organisation officer of the superior")
        INSPECTION = "inspection", _("Inspection officer of the superior")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="superior_roles", verbose_name=_("user")
    )
    superior = models.ForeignKey(
        Superior,
        on_delete=models.PROTECT,
        related_name="role_grants",
        verbose_name=_("superior"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = SuperiorRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("superior role")
        verbose_name_plural = _("superior roles")
        ordering = ["superior", "user", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="members_superiorrole_until_after_from",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["secretary", "organisation", "inspection"]),
                name="members_superiorrole_role_valid",
            ),
        ]
        indexes = [
            # access.superior_scope(user): the user's current grants.
            models.Index(fields=["user", "valid_from"], name="members_suprole_user_from"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.superior}"


# --- the member registry (DOMAIN §3) ------------------------------------------------------------


class Status(models.TextChoices):
    """A member's status — tình trạng đảng viên."""

    PROBATIONARY = "probationary", _("Probationary")
    OFFICIAL = "official", _("Official")
    TEMPORARY = "temporary", _("Temporary (hosted)")
    EXEMPTED = "exempted", _("Exempted")
    SUSPENDED = "suspended", _("Suspended")
    AWAY = "away", _("Temporarily transferred out")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    REMOVED = "removed", _("Removed from the roll")
    EXPELLED = "expelled", _("Expelled")
    DECEASED = "deceased", _("Deceased")


# Statuses of a member still on the committee's roll (the others are former members).
ON_ROLL = (
    Status.PROBATIONARY,
    Status.OFFICIAL,
    Status.TEMPORARY,
    Status.EXEMPTED,
    Status.SUSPENDED,
    Status.AWAY,
)


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class MemberQuerySet(models.QuerySet):
    def with_current_cell(self):
        """Each member's current cell as `current_cell_id` / `current_cell_name` (one query)."""
        current = CellMembership.objects.filter(member=models.OuterRef("pk"), end_date__isnull=True)
        return self.annotate(
            current_cell_id=models.Subquery(current.values("cell_id")[:1]),
            current_cell_name=models.Subquery(current.values("cell__name")[:1]),
        )

    def in_cell_on(self, cell, date: datetime.date):
        """The members of `cell` on `date` — đảng viên của chi bộ vào ngày D.

        Membership covers the date; each member is annotated with `status_on`, her status that
        day (the last status event on or before it). Former members are excluded.
        """
        memberships = CellMembership.objects.filter(cell=cell, start_date__lte=date).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=date)
        )
        return self.filter(pk__in=memberships.values("member_id")).on_roll_on(date)

    def on_roll_on(self, date: datetime.date):
        """Members on the roll on `date`, each annotated with `status_on`, her status that day."""
        return self.annotate(status_on=_status_on(date)).filter(status_on__in=ON_ROLL)

    def on_roll(self):
        return self.filter(status__in=ON_ROLL)

    def ordered(self):
        return self.order_by("name_sort", "pk")


def _status_on(date):
    events = StatusEvent.objects.filter(member=models.OuterRef("pk"), date__lte=date).order_by(
        "-date", "-pk"
    )
    return models.Subquery(events.values("status_after")[:1])


def member_photo_path(instance, filename):
    return f"members/{instance.committee_id}/photos/{instance.pk or 'new'}-{filename}"


class Member(models.Model):
    """Party member — đảng viên (the member form 2-HSĐV)."""

    # core.versions: her committee's; a move touches the committee she leaves too.
    data_scope = "committee_id"
    data_scope_moves = "committee_id"

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="members", verbose_name=_("committee")
    )
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("login"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    name_search = models.CharField(_("search key"), max_length=150, editable=False, db_index=True)
    name_sort = models.CharField(_("sort key"), max_length=320, editable=False, db_index=True)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, default="Kinh")
    religion = models.CharField(_("religion"), max_length=50, default="Không")
    home_town = models.CharField(_("home town"), max_length=200, blank=True)
    permanent_address = models.CharField(_("permanent residence"), max_length=300, blank=True)
    current_address = models.CharField(_("current residence"), max_length=300, blank=True)
    # Optional unique values are NULL when absent, never '' (DESIGN §9).
    citizen_id = models.CharField(_("citizen ID"), max_length=12, null=True, blank=True)  # noqa: DJ001
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    education = models.CharField(
        _("general education"), max_length=50, blank=True, help_text=_("For example 12/12.")
    )
    qualification = models.CharField(_("professional qualification"), max_length=200, blank=True)
    theory_level = models.CharField(
        _("political theory level"),
        max_length=20,
        choices=TheoryLevel.choices,
        default=TheoryLevel.NONE,
    )
    job_title = models.CharField(
        _("job or position at the school"),
        max_length=200,
        blank=True,
        help_text=_("For example: Mathematics teacher; for a student, the class (12A1)."),
    )
    is_student = models.BooleanField(_("student"), default=False)
    card_number = models.CharField(_("party card number"), max_length=20, null=True, blank=True)  # noqa: DJ001
    record_number = models.CharField(_("record number"), max_length=20, blank=True)
    admitted_on = models.DateField(_("date admitted"), null=True, blank=True)
    recognised_on = models.DateField(_("date recognised official"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROBATIONARY
    )
    photo = models.ImageField(_("photo"), upload_to=member_photo_path, blank=True)

    history = HistoricalRecords(excluded_fields=["name_search", "name_sort"])
    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_sort", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "card_number"],
                name="members_member_card_unique",
                violation_error_message=_("Another member of the committee has this card number."),
            ),
            models.UniqueConstraint(
                fields=["committee", "citizen_id"],
                name="members_member_citizen_id_unique",
                violation_error_message=_("Another member of the committee has this citizen ID."),
            ),
            models.CheckConstraint(
                condition=Q(recognised_on__isnull=True)
                | Q(admitted_on__isnull=False, recognised_on__gt=models.F("admitted_on")),
                name="members_member_recognised_after_admitted",
                violation_error_message=_("The official date must come after admission."),
            ),
            models.CheckConstraint(
                condition=Q(admitted_on__isnull=True)
                | Q(admitted_on__gt=models.F("date_of_birth")),
                name="members_member_admitted_after_birth",
                violation_error_message=_("The admission date must come after the birth date."),
            ),
            models.CheckConstraint(
                condition=~Q(card_number="") & ~Q(citizen_id=""),
                name="members_member_optional_ids_null_not_blank",
            ),
        ]
        indexes = [
            # Member lists of a committee filtered by status (scoping + filter).
            models.Index(fields=["committee", "status"], name="members_member_comm_status"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("members:detail", args=[self.pk])

    def current_membership(self):
        return self.memberships.filter(end_date__isnull=True).select_related("cell").first()

    @property
    def is_on_roll(self) -> bool:
        return self.status in ON_ROLL


class CellMembership(models.Model):
    """Cell membership over time — sinh hoạt tại chi bộ: one cell at a time, moves are dated."""

    data_scope = "cell.committee_id"  # core.versions: what a write touches

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("member")
    )
    cell = models.ForeignKey(
        "cells.Cell", on_delete=models.PROTECT, related_name="memberships", verbose_name=_("cell")
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cell membership")
        verbose_name_plural = _("cell memberships")
        ordering = ["member", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="members_membership_end_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(end_date__isnull=True),
                name="members_membership_one_open",
                violation_error_message=_("A member belongs to one cell at a time."),
            ),
        ]
        indexes = [
            # Member.objects.in_cell_on(cell, date) and the current members of a cell.
            models.Index(fields=["cell", "start_date", "end_date"], name="members_ms_cell_dates"),
        ]

    def __str__(self):
        return f"{self.member} — {self.cell}"


class StatusEventQuerySet(models.QuerySet):
    def between(self, first: datetime.date, last: datetime.date):
        """The events dated `first`..`last` (both included)."""
        return self.filter(date__gte=first, date__lte=last)

    def counts_by_kind(self) -> dict[str, int]:
        """{kind: events} (one query; a kind without an event is missing)."""
        return dict(
            self.order_by().values("kind").annotate(n=models.Count("pk")).values_list("kind", "n")
        )


class StatusEvent(models.Model):
    """A change of status — biến động đảng viên: dated, with reason and decision number."""

    data_scope = "member.committee_id"  # core.versions: what a write touches

    class Kind(models.TextChoices):
        ADMITTED = "admitted", _("Admitted")
        RECOGNISED = "recognised", _("Recognised official")
        EXEMPTED = "exempted", _("Exempted from activities")
        SUSPENDED = "suspended", _("Suspended")
        REINSTATED = "reinstated", _("Back to activities")
        TEMPORARY_OUT = "temporary_out", _("Temporary transfer out")
        TEMPORARY_IN = "temporary_in", _("Temporary transfer in")
        OFFICIAL_OUT = "official_out", _("Official transfer out")
        OFFICIAL_IN = "official_in", _("Official transfer in")
        REMOVED = "removed", _("Removed from the roll")
        EXPELLED = "expelled", _("Expelled")
        DECEASED = "deceased", _("Deceased")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="status_events", verbose_name=_("member")
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    status_after = models.CharField(_("status after"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
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
    objects = StatusEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("status event")
        verbose_name_plural = _("status events")
        ordering = ["member", "-date", "-pk"]
        indexes = [
            # The status on a date: the last event of a member on or before it.
            models.Index(fields=["member", "date"], name="members_event_member_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.date:%d/%m/%Y}"


class PositionQuerySet(models.QuerySet):
    def active_on(self, date: datetime.date):
        return self.filter(start_date__lte=date).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=date)
        )

    def current(self):
        return self.active_on(timezone.localdate())


class Position(models.Model):
    """An office held — chức vụ: in the executive committee or a cell committee, per term."""

    data_scope = ALL  # core.versions: what a write touches

    class Role(models.TextChoices):
        COMMITTEE_SECRETARY = "committee_secretary", _("Committee secretary")
        COMMITTEE_DEPUTY = "committee_deputy", _("Committee deputy secretary")
        COMMITTEE_MEMBER = "committee_member", _("Executive committee member")
        CELL_SECRETARY = "cell_secretary", _("Cell secretary")
        CELL_DEPUTY = "cell_deputy", _("Cell deputy secretary")
        CELL_COMMITTEE_MEMBER = "cell_committee_member", _("Cell committee member")

    COMMITTEE_ROLES = (Role.COMMITTEE_SECRETARY, Role.COMMITTEE_DEPUTY, Role.COMMITTEE_MEMBER)
    CELL_ROLES = (Role.CELL_SECRETARY, Role.CELL_DEPUTY, Role.CELL_COMMITTEE_MEMBER)

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="positions", verbose_name=_("member")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="positions", verbose_name=_("committee")
    )
    cell = models.ForeignKey(
        "cells.Cell",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("cell"),
    )
    term = models.ForeignKey(
        "cells.Term", on_delete=models.PROTECT, related_name="positions", verbose_name=_("term")
    )
    role = models.CharField(_("position"), max_length=30, choices=Role.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["committee", "cell", "role", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="members_position_end_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__startswith="cell_", cell__isnull=False)
                    | Q(role__startswith="committee_", cell__isnull=True)
                ),
                name="members_position_cell_matches_role",
                violation_error_message=_("A cell position needs its cell; a committee one none."),
            ),
        ]
        indexes = [
            # access: the user's current positions; the cell page: its current officers.
            models.Index(fields=["member", "start_date"], name="members_pos_member_start"),
            models.Index(fields=["cell", "role"], name="members_pos_cell_role"),
        ]

    def __str__(self):
        where = self.cell or self.committee
        return f"{self.get_role_display()} — {where}"

    @property
    def is_cell_role(self) -> bool:
        return self.role in self.CELL_ROLES


class Transfer(models.Model):
    """A transfer of party activities — chuyển sinh hoạt đảng (in or out; official or temporary)."""

    data_scope = ALL  # core.versions: what a write touches

    class Direction(models.TextChoices):
        OUT = "out", _("Out")
        IN = "in", _("In")

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official")
        TEMPORARY = "temporary", _("Temporary")

    class Purpose(models.TextChoices):
        """Why a member goes away on a temporary transfer: the two ranges of DOMAIN §3
        (settings). Not stored on the transfer yet: the status event's reason says it."""

        WORK = "work", _("for work")
        STUDY = "study", _("for study")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("member")
    )
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    organisation = models.CharField(
        _("other party organisation"),
        max_length=200,
        help_text=_("Where the member goes to, or comes from."),
    )
    letter_number = models.CharField(_("letter number"), max_length=50, blank=True)
    letter_issued_on = models.DateField(_("letter issued on"), null=True, blank=True)
    letter_presented_on = models.DateField(_("letter presented on"), null=True, blank=True)
    expected_return = models.DateField(_("expected return"), null=True, blank=True)
    # A temporary transfer out is for work or for study (each with its own range of months).
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices, blank=True)
    event = models.OneToOneField(
        StatusEvent,
        on_delete=models.PROTECT,
        related_name="transfer",
        null=True,
        blank=True,
        verbose_name=_("status event"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["member", "-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_return__isnull=True) | Q(expected_return__gt=models.F("date")),
                name="members_transfer_return_after_date",
                violation_error_message=_("The expected return must come after the transfer."),
            ),
            models.CheckConstraint(
                condition=Q(letter_presented_on__isnull=True)
                | Q(letter_issued_on__isnull=True)
                | Q(letter_presented_on__gte=models.F("letter_issued_on")),
                name="members_transfer_presented_after_issued",
                violation_error_message=_("A letter cannot be presented before it was issued."),
            ),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} — {self.organisation}"

    def presented_days_after_issue(self):
        if self.letter_issued_on and self.letter_presented_on:
            return (self.letter_presented_on - self.letter_issued_on).days
        return None


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A notification — thông báo — to one user, in the app (e-mail is sent alongside)."""

    data_scope = None  # core.versions: what a write touches

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The bell: a user's unread count; the list: her newest first.
            models.Index(fields=["user", "read_at"], name="members_notif_user_read"),
            models.Index(fields=["user", "-created_at"], name="members_notif_user_new"),
        ]

    def __str__(self):
        return self.title


# --- scheduled reminders (issue 21) -------------------------------------------------------------


class Reminder(models.Model):
    """A reminder sent — nhắc việc đã gửi: one per user, kind and occasion (`key`), so that the
    scheduled `send_reminders` never sends the same one twice. Written only by
    `members.reminders.send_due`; `sent_at` stays empty while its e-mail keeps failing (retried
    at the next run)."""

    data_scope = None  # core.versions: what a write touches

    class Kind(models.TextChoices):
        MEETING_DOCUMENTS = "meeting_documents", _("Meeting documents not opened")
        AGENDA_UNPUBLISHED = "agenda_unpublished", _("Agenda not yet published")
        TASK_DUE = "task_due", _("Task due soon")
        TASK_OVERDUE = "task_overdue", _("Task overdue")
        PROBATION = "probation", _("Probation ending")
        RESIDENCE = "residence", _("Residence-place comments missing")
        SUPERVISION = "supervision", _("Supervision falling due")
        STUDY = "study", _("Study deadline")
        FEES = "fees", _("Fees unpaid before the flag")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # What it is about and the occasion, e.g. "task:123:due", "meeting:45:docs".
    key = models.CharField(_("subject"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    notification = models.ForeignKey(
        Notification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notification"),
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"], name="members_reminder_once_per_user"
            ),
        ]
        indexes = [
            # The next run: reminders whose e-mail has not gone out yet.
            models.Index(fields=["sent_at"], name="members_reminder_unsent"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} — {self.key}"


# --- who looked at what (issue 20) --------------------------------------------------------------


class AccessLogQuerySet(models.QuerySet):
    """Reads of the access log; the log is append-only: no update or delete through the ORM."""

    def update(self, **kwargs):
        raise TypeError("The access log is append-only: entries are never changed.")

    def delete(self):
        raise TypeError("The access log is append-only: entries are never deleted.")

    def with_related(self):
        return self.select_related("viewer", "member").order_by("-viewed_at", "-pk")

    def of_member(self, member_id: int):
        """Who viewed her record, newest first (index `members_alog_member_new`)."""
        return self.filter(member_id=member_id).with_related()

    def of_committee(self, committee_id: int):
        """The committee's log, newest first (index `members_alog_committee_new`)."""
        return self.filter(committee_id=committee_id).with_related()


class AccessLog(models.Model):
    """Who looked at what — nhật ký truy cập: one view of a member's sensitive fields or of a
    confidential record (DESIGN §3, the third side effect allowed on GET). Written only by
    `members.access_log.log_view`; never changed or deleted."""

    data_scope = None  # core.versions: what a write touches

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal details")
        CRITICISM = "criticism", _("Criticism record")
        SUPERVISION = "supervision", _("Supervision record")
        EVALUATION = "evaluation", _("Self-assessment and evaluation")
        MEMBER_EXPORT = "member_export", _("Member list export (Excel)")
        DATA_EXPORT = "data_export", _("Download of her own data")

    viewed_at = models.DateTimeField(_("viewed at"), default=timezone.now)
    viewer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("viewed by")
    )
    # The member whose data was seen; the committee that holds it (the secretary's log).
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("member"),
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee")
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    # The record seen (any model), kept as a reference and a short label: the record may change.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of record"),
    )
    object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    label = models.CharField(_("record viewed"), max_length=200, blank=True)
    path = models.CharField(_("page"), max_length=500, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-viewed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "personal",
                        "criticism",
                        "supervision",
                        "evaluation",
                        "member_export",
                        "data_export",
                    ]
                ),
                name="members_accesslog_kind_valid",
            ),
        ]
        indexes = [
            # "Who viewed my record": a member's entries, newest first.
            models.Index(fields=["member", "-viewed_at"], name="members_alog_member_new"),
            # The committee secretary's log, newest first.
            models.Index(fields=["committee", "-viewed_at"], name="members_alog_committee_new"),
        ]

    def __str__(self):
        return f"{self.viewer} — {self.get_kind_display()} — {self.viewed_at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The access log is append-only: entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only: entries are never deleted.")
