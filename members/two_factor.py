"""Two-step login — đăng nhập hai bước: a code from an app on her phone after her password.

Built on django-otp: her phone app is a confirmed `TOTPDevice` (a secret shared with the app, a
6-digit code every 30 seconds); her recovery codes are the tokens of one `StaticDevice` (each
accepted once, for a lost phone). Optional for everyone; required for a committee's officers when
the committee's setting `require_two_factor_officers` says so (`is_required`).

- Set-up: `new_secret` (kept by the page until confirmed — nothing is stored before), the QR code
  and the secret as text for the app, then `setup_confirm` with the app's first code: her device
  and 10 new recovery codes, returned once.
- Log-in: `verify` a code (or a recovery code) against her devices; the login views count a wrong
  one with axes, like a wrong password.
- Her own settings: `recovery_codes_new` (with her password), `disable` (with her password or a
  code; refused when her committee requires it).
- A lost phone without recovery codes: a superuser `reset`s her two-step login — recorded in the
  administration's history of her login and a log record, and she is notified.

Refusals raise `ValidationError` (on the form's field where there is one); nothing is saved then
but the count of wrong codes that makes a device wait.
"""

import base64
import logging
import re
import time
from binascii import unhexlify
from dataclasses import dataclass, field

import segno
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from cells.models import Committee
from cells.rules import rules_for
from members.access import access_for
from members.models import User
from members.notifications import notify

logger = logging.getLogger("chibo.security")

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "chibo"
RECOVERY_DEVICE_NAME = "recovery codes"
# The secret of a TOTP app: 20 random bytes (160 bits, RFC 4226), written in hex.
SECRET_BYTES = 20
CODE_DIGITS = 6

_NOT_CODE_CHARACTERS = re.compile(r"[\s\-]")


@dataclass(frozen=True)
class SetupResult:
    device: TOTPDevice
    # Shown to her once, never stored in the clear anywhere else; kept out of repr() and logs.
    recovery_codes: list[str] = field(repr=False)


@dataclass(frozen=True)
class VerifyResult:
    """The device that accepted the code (None: refused); `recovery` when it was a recovery
    code, with how many she has left; `wait_seconds` when the device refused to check it yet
    (too many wrong codes in a row)."""

    device: TOTPDevice | StaticDevice | None
    recovery: bool = False
    recovery_left: int = 0
    wait_seconds: int = 0


# --- reading -----------------------------------------------------------------------------------


def app_device(user) -> TOTPDevice | None:
    """Her confirmed phone app, if she has set up two-step login."""
    if not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def is_enabled(user) -> bool:
    return app_device(user) is not None


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def users_with_two_factor(search: str = ""):
    """The logins that use two-step login (for a superuser's reset), with when each was set up
    and last used; `search` in the user name, full name or e-mail. One query per page."""
    users = (
        User.objects.filter(totpdevice__confirmed=True)
        .annotate(
            two_factor_since=Min("totpdevice__created_at"),
            two_factor_used=Max("totpdevice__last_used_at"),
        )
        .order_by("username")
    )
    search = (search or "").strip()
    if search:
        users = users.filter(
            Q(username__icontains=search)
            | Q(full_name__icontains=search)
            | Q(email__icontains=search)
        )
    return users


def requiring_committees(user) -> list[Committee]:
    """The committees she is an officer of whose setting requires two-step login of officers."""
    officer_of = access_for(user).officer_committees
    if not officer_of:
        return []
    committees = Committee.objects.filter(pk__in=officer_of).select_related("rules")
    return [c for c in committees if rules_for(c).require_two_factor_officers]


def is_required(user) -> bool:
    """Must she use two-step login? Yes when she is an officer of a committee that requires it
    of its officers (by a position on its executive committee or an officer's role grant)."""
    return bool(requiring_committees(user))


# --- set-up ------------------------------------------------------------------------------------


def new_secret() -> str:
    """A new secret for her phone app (hex); nothing is stored until she confirms it."""
    return random_hex(SECRET_BYTES)


def _valid_secret(secret: str) -> bytes | None:
    if not isinstance(secret, str) or len(secret) != 2 * SECRET_BYTES:
        return None
    try:
        return unhexlify(secret)
    except ValueError:
        return None


def config_url(user, secret: str) -> str:
    """The `otpauth://` address the QR code holds: the app reads the secret and labels from it."""
    device = TOTPDevice(user=user, key=secret, digits=CODE_DIGITS)
    return device.config_url


def secret_text(secret: str) -> str:
    """The secret as she types it into an app without a camera: base32, in groups of four."""
    key = _valid_secret(secret) or b""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_data_uri(user, secret: str) -> str:
    """The QR code of `config_url` as an SVG `data:` address for an `<img>` (the CSP allows
    `data:` images; no script, no inline style)."""
    qr = segno.make(config_url(user, secret), error="m")
    return qr.svg_data_uri(scale=5, border=2, dark="#000", light="#fff")


def normalise_code(code: str) -> str:
    """What she typed, without spaces or dashes ("123 456", "abcd-efgh"), in lower case."""
    return _NOT_CODE_CHARACTERS.sub("", code or "").lower()


def _digits(code: str) -> bool:
    """Only the digits 0–9 ("²" or "١" are digits to Python, not to a TOTP app)."""
    return code.isascii() and code.isdigit()


def _totp_matches(key: bytes, code: str, *, min_t: int | None = None) -> TOTP | None:
    """The TOTP that accepts `code` now (one step of clock difference either way), or None."""
    if len(code) != CODE_DIGITS or not _digits(code):
        return None
    totp = TOTP(key, step=30, t0=0, digits=CODE_DIGITS, drift=0)
    totp.time = time.time()
    return totp if totp.verify(int(code), tolerance=1, min_t=min_t) else None


def _recovery_codes_replace(user) -> list[str]:
    """New recovery codes for her: the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def setup_confirm(*, user, secret: str, code: str) -> SetupResult:
    """Her app is set up once it shows the right code for the secret: her device (replacing an
    earlier phone's) and 10 new recovery codes. The code is then used: it cannot log in again."""
    key = _valid_secret(secret)
    if key is None:
        raise ValidationError(
            _("The set-up has expired. Scan the new QR code and type the code it gives.")
        )
    totp = _totp_matches(key, normalise_code(code))
    if totp is None:
        raise ValidationError(
            {
                "code": _(
                    "That is not the code the app shows for chibo. Type the 6 digits it shows "
                    "now; if it still fails, check the time on your phone is set automatically."
                )
            }
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user,
        name=DEVICE_NAME,
        key=secret,
        digits=CODE_DIGITS,
        confirmed=True,
        drift=totp.drift,
        last_t=totp.t(),
    )
    codes = _recovery_codes_replace(user)
    logger.info("two-step login set up for user %s", user.pk)
    return SetupResult(device=device, recovery_codes=codes)


# --- log-in ------------------------------------------------------------------------------------


def _wait_seconds(device) -> int:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (data or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))


@transaction.atomic
def verify(*, user, code: str) -> VerifyResult:
    """Check a code she typed: 6 digits against her phone app, anything else against her
    recovery codes (a recovery code that works is used up). Each device counts its own wrong
    codes and, after one, waits 1, 2, 4… seconds before it checks the next (django-otp)."""
    code = normalise_code(code)
    if not code or len(code) > 16:
        return VerifyResult(device=None)
    if _digits(code):
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("-pk")
            .first()
        )
    else:
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return VerifyResult(device=None)
    wait = _wait_seconds(device)
    if wait:
        return VerifyResult(device=None, wait_seconds=wait)
    if not device.verify_token(code):
        return VerifyResult(device=None)
    if isinstance(device, StaticDevice):
        return VerifyResult(device=device, recovery=True, recovery_left=device.token_set.count())
    return VerifyResult(device=device)


# --- her own settings --------------------------------------------------------------------------


def _check_password(user, password: str) -> bool:
    return bool(password) and user.check_password(password)


@transaction.atomic
def recovery_codes_new(*, user, password: str) -> list[str]:
    """New recovery codes, with her password; the old ones stop working."""
    if not is_enabled(user):
        raise ValidationError(_("Two-step login is not on for your account."))
    if not _check_password(user, password):
        raise ValidationError({"password": _("That is not your password.")})
    return _recovery_codes_replace(user)


def _remove_devices(user) -> int:
    totp, _detail = TOTPDevice.objects.filter(user=user).delete()
    static, _detail = StaticDevice.objects.filter(user=user).delete()
    return totp + static


def _tell(user, *, title: str, body: str) -> None:
    notify(users=[user], title=title, body=body, url=reverse("members:two_factor"))


def disable(*, user, password: str = "", code: str = "") -> None:
    """Turn two-step login off, with her password or a code (from the app, or a recovery code).
    Refused while her committee requires it of its officers. A wrong code counts for the device's
    wait like one at log-in (checked in its own transaction, kept when this one refuses)."""
    if not is_enabled(user):
        raise ValidationError(_("Two-step login is not on for your account."))
    if is_required(user):
        raise ValidationError(
            _(
                "Your committee requires two-step login for its officers: it cannot be turned "
                "off. To use a new phone, set it up again."
            )
        )
    if not password and not code:
        raise ValidationError(_("Type your password or a code."))
    if not _check_password(user, password) and not (code and verify(user=user, code=code).device):
        raise ValidationError(_("Neither the password nor the code is right."))
    with transaction.atomic(), translation.override("vi"):
        _remove_devices(user)
        _tell(
            user,
            title=_("Two-step login was turned off"),
            body=_(
                "Two-step login was turned off for your chibo login. If you did not do this, "
                "change your password now and tell your committee."
            ),
        )
    logger.info("two-step login turned off by user %s", user.pk)


@transaction.atomic
def reset(*, user, by) -> int:
    """A superuser resets the two-step login of someone who lost her phone and her recovery
    codes: her devices are removed (she logs in with her password, and sets it up again where it
    is required). Recorded in the administration's history of her login and in the log; she is
    notified. Returns the number of devices removed."""
    if not getattr(by, "is_superuser", False):
        raise PermissionDenied
    removed = _remove_devices(user)
    if not removed:
        raise ValidationError(
            _("%(name)s has no two-step login to reset.") % {"name": user.get_full_name()}
        )
    with translation.override("vi"):
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[user],
            action_flag=CHANGE,
            change_message=_("Two-step login reset (a lost phone)."),
            single_object=True,
        )
        _tell(
            user,
            title=_("Your two-step login was reset"),
            body=_(
                "An administrator (%(by)s) reset the two-step login of your chibo login: you log "
                "in with your password only. Set it up again on your phone; if you did not ask "
                "for this, tell your committee."
            )
            % {"by": by.get_full_name()},
        )
    logger.warning("two-step login of user %s reset by superuser %s", user.pk, by.pk)
    return removed
