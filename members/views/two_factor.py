"""Two-step login pages (`members.two_factor` holds the rules).

- `login_two_factor` (GET/POST `/account/login/code/`): the log-in's second step. After a right
  password, a user with two-step login is not logged in yet: the login view remembers who she is
  in the session (`login_pending`) and sends her here for the code (or a recovery code). A wrong
  code counts with axes like a wrong password (`user_login_failed` with her user name): five
  lock her out. The session is logged in, and marked verified (`django_otp.login`), only here.
- `two_factor` (GET): her two-step login — on or off, recovery codes left, what she can do.
- `two_factor_setup` (GET/POST): the QR code and the secret as text, confirmed by the app's first
  code; then her 10 recovery codes, once (`two_factor_codes`).
- `two_factor_codes` (GET/POST): the codes just made, shown once; new codes with her password.
- `two_factor_disable` (GET/POST): turn it off with her password or a code.
- `two_factor_users` (GET), `two_factor_reset` (GET/POST): a superuser resets the two-step login
  of someone who lost her phone (recorded, and she is notified).
"""

import time
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login

from core.forms import apply_service_errors, posted
from core.redirects import safe_next
from members import two_factor
from members.forms import (
    TwoFactorCodeForm,
    TwoFactorDisableForm,
    TwoFactorPasswordForm,
    TwoFactorSetupForm,
)
from members.middleware import SETUP_REQUIRED_SESSION_KEY, require_setup, setup_done
from members.models import User

# Between the right password and the right code: who she is, how she was authenticated, where
# she was going, since when. Ten minutes to find her phone.
PENDING_SESSION_KEY = "chibo_two_factor_pending"
PENDING_SECONDS = 10 * 60
# The secret shown on the set-up page, kept until she confirms it (nothing is stored before).
SECRET_SESSION_KEY = "chibo_two_factor_secret"
# The recovery codes just made, until the page that shows them once takes them out.
CODES_SESSION_KEY = "chibo_two_factor_codes"
PAGE_SIZE = 25


# --- the log-in's second step -------------------------------------------------------------------


def login_pending(request, user, *, redirect_to: str):
    """Her password was right and she uses two-step login: remember her (not logged in yet) and
    ask for the code. Called by the login view (`members.views.accounts.LoginView`)."""
    request.session.cycle_key()
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": redirect_to or "",
        "at": int(time.time()),
    }
    return redirect("login_two_factor")


def login_done(request, user):
    """Her password was right and she has no two-step login: she is logged in (by the login
    view). If her committee requires it of its officers, she sets it up before she goes on."""
    _forget_pending(request)  # someone else's second step, left half-way in this browser
    if two_factor.is_required(user):
        require_setup(request)  # the set-up page says why
        return redirect("members:two_factor_setup")
    return None


def _pending_user(request):
    """The user waiting for her code, or None (nobody, or her ten minutes are over)."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict):
        return None, None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_SESSION_KEY, None)
        return None, None
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


def _forget_pending(request) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


@login_not_required
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def login_two_factor(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, _("Log in with your user name and password first."))
        return redirect("login")
    credentials = {"username": user.get_username()}
    form = TwoFactorCodeForm(posted(request))
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, credentials):
            _forget_pending(request)
            return get_lockout_response(request, credentials=credentials)
        if form.is_valid():
            result = two_factor.verify(user=user, code=form.cleaned_data["code"])
            if result.device is not None:
                return _logged_in(request, user, pending, result)
            if result.wait_seconds:
                message = ngettext(
                    "Too many wrong codes: wait %(count)s second, then type the code again.",
                    "Too many wrong codes: wait %(count)s seconds, then type the code again.",
                    result.wait_seconds,
                ) % {"count": result.wait_seconds}
            else:
                message = _(
                    "That code is not right. Type the 6 digits the app shows now, or a recovery "
                    "code you have not used."
                )
            form.add_error("code", message)
            # Counted like a wrong password: axes locks her out at the limit (AxesMiddleware
            # then answers with the lock-out page).
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                _forget_pending(request)
    return render(
        request, "registration/two_factor_login.html", {"form": form, "pending_user": user}
    )


def _logged_in(request, user, pending, result):
    _forget_pending(request)
    auth_login(request, user, backend=pending["backend"])
    otp_login(request, result.device)
    if result.recovery:
        messages.warning(
            request,
            ngettext(
                "You logged in with a recovery code; it cannot be used again. %(count)s code is "
                "left: make new ones on your two-step login page.",
                "You logged in with a recovery code; it cannot be used again. %(count)s codes are "
                "left: make new ones on your two-step login page.",
                result.recovery_left,
            )
            % {"count": result.recovery_left},
        )
    default = resolve_url(settings.LOGIN_REDIRECT_URL)
    return HttpResponseRedirect(safe_next(pending.get("next"), default))


# --- her own two-step login ---------------------------------------------------------------------


@require_safe
def two_factor_page(request):
    user = request.user
    device = two_factor.app_device(user)
    return render(
        request,
        "members/two_factor.html",
        {
            "device": device,
            "recovery_left": two_factor.recovery_codes_left(user) if device else 0,
            "requiring": two_factor.requiring_committees(user),
            "verified": bool(getattr(user, "otp_device", None)),
        },
    )


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    user = request.user
    secret = request.session.get(SECRET_SESSION_KEY)
    if not secret:
        secret = request.session[SECRET_SESSION_KEY] = two_factor.new_secret()
    form = TwoFactorSetupForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = two_factor.setup_confirm(
                user=user, secret=secret, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            if not hasattr(error, "error_dict"):  # the secret was not usable: a new one
                secret = request.session[SECRET_SESSION_KEY] = two_factor.new_secret()
        else:
            request.session.pop(SECRET_SESSION_KEY, None)
            otp_login(request, result.device)
            setup_done(request)
            request.session[CODES_SESSION_KEY] = result.recovery_codes
            messages.success(request, _("Two-step login is on."))
            return redirect("members:two_factor_codes")
    return render(
        request,
        "members/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_data_uri(user, secret),
            "secret_text": two_factor.secret_text(secret),
            "replacing": two_factor.is_enabled(user),
            "required": bool(request.session.get(SETUP_REQUIRED_SESSION_KEY)),
        },
    )


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_codes(request):
    """The recovery codes just made, once: they leave the session as the page is drawn. Without
    new codes: how many are left, and new ones with her password."""
    user = request.user
    fresh = request.session.pop(CODES_SESSION_KEY, None) if request.method == "GET" else None
    if fresh:
        return render(request, "members/two_factor_codes.html", {"codes": fresh})
    if not two_factor.is_enabled(user):
        messages.info(request, _("Two-step login is not on for your account."))
        return redirect("members:two_factor")
    form = TwoFactorPasswordForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.recovery_codes_new(user=user, password=form.cleaned_data["password"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            request.session[CODES_SESSION_KEY] = codes
            messages.success(
                request, _("New recovery codes were made; the old ones no longer work.")
            )
            return redirect("members:two_factor_codes")
    return render(
        request,
        "members/two_factor_codes.html",
        {"form": form, "recovery_left": two_factor.recovery_codes_left(user)},
    )


@sensitive_post_parameters("password", "code")
@require_http_methods(["GET", "POST"])
def two_factor_disable(request):
    user = request.user
    if not two_factor.is_enabled(user):
        messages.info(request, _("Two-step login is not on for your account."))
        return redirect("members:two_factor")
    requiring = two_factor.requiring_committees(user)
    form = TwoFactorDisableForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.disable(
                user=user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Two-step login is off."))
            return redirect("members:two_factor")
    return render(
        request, "members/two_factor_disable.html", {"form": form, "requiring": requiring}
    )


# --- a superuser resets a lost phone ------------------------------------------------------------


def _require_superuser(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


@require_safe
def two_factor_users(request):
    _require_superuser(request)
    # A NUL character cannot reach PostgreSQL (a 500): no name holds one.
    search = request.GET.get("q", "").replace("\x00", "")[:100]
    users = two_factor.users_with_two_factor(search)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/two_factor_users.html", {"page": page, "search": search})


@require_http_methods(["GET", "POST"])
def two_factor_reset(request, pk):
    _require_superuser(request)
    target = get_object_or_404(User, pk=pk)
    device = two_factor.app_device(target)
    if request.method == "POST":
        try:
            two_factor.reset(user=target, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The two-step login of %(name)s was reset; she was notified.")
                % {"name": target.get_full_name()},
            )
        return redirect("members:two_factor_users")
    if device is None:
        messages.info(
            request,
            _("%(name)s has no two-step login to reset.") % {"name": target.get_full_name()},
        )
        return redirect("members:two_factor_users")
    return render(request, "members/two_factor_reset.html", {"target": target, "device": device})


# --- the administration's log-in ----------------------------------------------------------------


@login_not_required
@require_safe
def admin_login(request):
    """The administration's log-in page is the app's own (`/admin/login/` is routed here): its
    form would log in with a password alone. A logged-in user who is not staff is refused."""
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied
        return redirect(safe_next(request.GET.get("next"), resolve_url("admin:index")))
    login_url = resolve_url("login")
    next_url = safe_next(request.GET.get("next"), resolve_url("admin:index"))
    return HttpResponseRedirect(f"{login_url}?{urlencode({'next': next_url})}")
