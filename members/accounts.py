"""Members' logins — tài khoản đảng viên: create one, or one for every member of a cell; reset.

A member with an e-mail gets a link to choose her password (built like Django's password reset);
a member without one gets a printed login slip with a one-time password that she must change at
her first log-in. The one-time password is returned to the caller only — never stored in plain
text. Refusals raise `ValidationError`; nothing is saved then.
"""

import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cells.models import Cell
from core.text import search_key
from members import access
from members.models import CellMembership, Member, User

# No 0/O, 1/l/I: a one-time password is read off paper and typed by hand.
SLIP_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SLIP_PASSWORD_LENGTH = 10
USERNAME_MAX = 30


@dataclass(frozen=True)
class LoginResult:
    """What an officer needs to hand a login over: the slip's password, or that a link went out."""

    member: Member
    user: User
    emailed: bool
    # The one-time password (slip path only); kept out of repr() so it never lands in a log.
    password: str = field(default="", repr=False)
    created: bool = True


# --- pieces ------------------------------------------------------------------------------------


def username_base(full_name: str) -> str:
    """Given name + initials of the family and middle names: "Trần Thị Hồng Nhung" → "nhungtth"."""
    parts = [re.sub(r"[^a-z0-9]", "", part) for part in search_key(full_name).split()]
    parts = [part for part in parts if part]
    if not parts:
        return "dangvien"
    base = parts[-1] + "".join(part[0] for part in parts[:-1])
    return base[:USERNAME_MAX]


def _free_username(base: str) -> str:
    """`base`, or `base2`, `base3`… — the first one no login uses (compared case-insensitively)."""
    taken = {
        name.lower()
        for name in User.objects.filter(username__istartswith=base).values_list(
            "username", flat=True
        )
    }
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def slip_password() -> str:
    return "".join(secrets.choice(SLIP_ALPHABET) for _ in range(SLIP_PASSWORD_LENGTH))


def _absolute(path: str, request=None) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    # Outside a request (a management command): the configured address, if any.
    return settings.SITE_URL.rstrip("/") + path


def set_password_link(user: User, request=None) -> str:
    """The one-use link to choose a password (Django's password-reset token)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return _absolute(path, request)


def _mail_link(*, user: User, created: bool, request=None) -> None:
    """Send the set-password link once the transaction has committed (DESIGN §9)."""
    link = set_password_link(user, request)
    login_url = _absolute(reverse("login"), request)
    with translation.override("vi"):
        if created:
            subject = _("chibo: your login")
            opening = _(
                "A login to chibo, the party committee's work application, was created for you."
            )
        else:
            subject = _("chibo: choose a new password")
            opening = _("Your party committee reset the password of your chibo login.")
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % {"name": user.get_full_name()},
                opening,
                _("Your user name is %(username)s.") % {"username": user.get_username()},
                _("Open this link to choose your password (it can be used once):"),
                link,
                _(
                    "The link expires after %(days)s days; if it has, ask your cell secretary "
                    "to send a new one."
                )
                % {"days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)},
                _("Then log in at %(url)s.") % {"url": login_url},
                _(
                    "If you did not expect this e-mail, tell your cell secretary; "
                    "nobody can log in with this login until a password is chosen."
                ),
            ]
        )
    message = EmailMessage(subject=subject, body=body + "\n", to=[user.email])
    # robust: a mail server that is down must not turn a committed change into an error page.
    transaction.on_commit(message.send, robust=True)


def _set_credentials(user: User, *, member: Member) -> str:
    """The e-mail path (unusable password, link) or the slip path; returns the slip's password."""
    user.full_name = member.full_name
    user.email = member.email
    if member.email:
        user.set_unusable_password()
        user.must_change_password = False
        return ""
    password = slip_password()
    user.set_password(password)
    user.must_change_password = True
    return password


def _takeover_refused() -> ValidationError:
    return ValidationError(
        _(
            "This login carries rights you do not hold (her positions or role grants): "
            "ask a committee officer."
        )
    )


def _check_member(member: Member, *, by) -> None:
    if not member.is_on_roll:
        raise ValidationError(_("This person is a former member; her record is closed."))
    if not access.can_edit_member(by, member):
        if not access.can_act_on_member(by, member):
            raise _takeover_refused()
        raise ValidationError(_("You may not manage the logins of this member."))


def _check_no_takeover(member: Member, *, by) -> None:
    """The login must not carry rights that `by` lacks: whoever hands a password over could use it.

    The one rule of `members.access.can_act_on_member`: a cell secretary may not create or reset
    the login of a committee officer in her cell, a clerk not an officer's; nobody here an
    administrator's (they use the administration).
    """
    user = member.user
    if user is not None and (user.is_superuser or user.is_staff):
        raise ValidationError(
            _("This is an administrator's login: reset it in the administration.")
        )
    if not access.can_act_on_member(by, member):
        raise _takeover_refused()


def _create_user(*, member: Member) -> tuple[User, str]:
    """A new login named after the member; retried with the next number if the name is taken."""
    base = username_base(member.full_name)
    for _attempt in range(5):
        user = User(username=_free_username(base))
        password = _set_credentials(user, member=member)
        try:
            with transaction.atomic():
                user.save()
            return user, password
        except IntegrityError:  # taken meanwhile by a concurrent request: take the next number
            continue
    raise ValidationError(_("Could not find a free user name; try again."))


def _login_create(*, member: Member, by, request=None) -> LoginResult:
    _check_no_takeover(member, by=by)
    user, password = _create_user(member=member)
    member.user = user
    member._history_user = by
    member.save(update_fields=["user"])
    if member.email:
        _mail_link(user=user, created=True, request=request)
    return LoginResult(member=member, user=user, emailed=bool(member.email), password=password)


# --- services ----------------------------------------------------------------------------------


@transaction.atomic
def member_login_create(*, member: Member, by, request=None) -> LoginResult:
    """Create a login for a member on the roll who has none (an e-mailed link or a slip)."""
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    _check_member(member, by=by)
    if member.user_id is not None:
        raise ValidationError(
            _("She already has a login: %(username)s.") % {"username": member.user.username}
        )
    return _login_create(member=member, by=by, request=request)


def cell_members_without_login(cell: Cell):
    """The cell's current members on the roll who have no login yet, in list order."""
    current = CellMembership.objects.filter(cell=cell, end_date__isnull=True)
    return (
        Member.objects.filter(pk__in=current.values("member_id"), user__isnull=True)
        .on_roll()
        .ordered()
    )


def can_manage_cell_logins(user, cell: Cell) -> bool:
    acc = access.access_for(user)
    return cell.committee_id in acc.registry_committees or cell.pk in acc.editor_cells


@transaction.atomic
def cell_logins_create(*, cell: Cell, by, request=None) -> list[LoginResult]:
    """A login for every current member of the cell who has none; the others are left as they are.

    A member whose login would carry rights that `by` lacks (a committee officer in the cell of a
    cell secretary) is skipped too: compare the result with `cell_members_without_login`.
    """
    if not can_manage_cell_logins(by, cell):
        raise ValidationError(_("You may not manage the logins of this cell's members."))
    results = []
    members = cell_members_without_login(cell).select_for_update(of=("self",))
    for member in members:
        try:
            with transaction.atomic():
                results.append(_login_create(member=member, by=by, request=request))
        except ValidationError:
            continue
    return results


@transaction.atomic
def member_password_reset(*, member: Member, by, request=None) -> LoginResult:
    """A new password for a member's login, the same two ways: an e-mailed link or a slip.

    Her old password stops working at once, and so do her open sessions.
    """
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    _check_member(member, by=by)
    user = member.user
    if user is None:
        raise ValidationError(_("She has no login yet."))
    if user.pk == by.pk:
        raise ValidationError(_("Change your own password on the “Change password” page."))
    _check_no_takeover(member, by=by)
    user = User.objects.select_for_update().get(pk=user.pk)
    password = _set_credentials(user, member=member)
    user.save()
    if member.email:
        _mail_link(user=user, created=False, request=request)
    return LoginResult(
        member=member, user=user, emailed=bool(member.email), password=password, created=False
    )
