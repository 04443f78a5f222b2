"""Members' logins: create one or a cell's at once, reset a password, print the login slips."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import throttle
from core.clientip import client_ip
from core.offline import CLEAR_SITE_DATA
from core.redirects import safe_next
from members import access, accounts, two_factor
from members.models import CellMembership, Member
from members.views import two_factor as views_two_factor

# The one-time passwords wait here between the POST that made them and the page that prints
# them; that page takes them out, so a reload (or the back button) shows them no more.
SLIPS_SESSION_KEY = "chibo_login_slips"


def _keep_slips(request, results, *, back_url: str) -> None:
    request.session[SLIPS_SESSION_KEY] = {
        "slips": [
            {
                "full_name": r.member.full_name,
                "username": r.user.get_username(),
                "password": r.password,
            }
            for r in results
        ],
        "back_url": back_url,
    }


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _one_member(request, pk, service, *, done: str):
    member = access.get_member_for_user(request.user, pk, edit=True)
    try:
        result = service(member=member, by=request.user, request=request)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect(member)
    if result.emailed:
        messages.success(
            request,
            _("%(done)s A link to choose her password was sent to %(email)s.")
            % {"done": done, "email": result.user.email},
        )
        return redirect(member)
    messages.success(
        request, _("%(done)s Print the login slip and hand it to her.") % {"done": done}
    )
    _keep_slips(request, [result], back_url=member.get_absolute_url())
    return redirect("members:login_slips")


@require_POST
def login_create(request, pk):
    return _one_member(request, pk, accounts.member_login_create, done=_("The login was created."))


@require_POST
def login_reset(request, pk):
    return _one_member(
        request, pk, accounts.member_password_reset, done=_("The password was reset.")
    )


@require_http_methods(["GET", "POST"])
def cell_logins_create(request, pk):
    cell = access.get_cell_for_user(request.user, pk)
    if not accounts.can_manage_cell_logins(request.user, cell):
        raise PermissionDenied
    candidates = list(accounts.cell_members_without_login(cell))
    if request.method == "POST":
        try:
            results = accounts.cell_logins_create(cell=cell, by=request.user, request=request)
        except ValidationError as error:
            _error_messages(request, error)
            return redirect("members:cell_logins", pk=cell.pk)
        emailed = sum(1 for r in results if r.emailed)
        slips = [r for r in results if not r.emailed]
        if results:
            messages.success(
                request,
                ngettext(
                    "%(count)s login was created (%(emailed)s by e-mail, %(slips)s on slips).",
                    "%(count)s logins were created (%(emailed)s by e-mail, %(slips)s on slips).",
                    len(results),
                )
                % {"count": len(results), "emailed": emailed, "slips": len(slips)},
            )
        else:
            messages.info(request, _("No login was created: nobody in the cell needed one."))
        left_out = len(candidates) - len(results)
        if left_out > 0:
            messages.warning(
                request,
                ngettext(
                    "%(count)s member was left out: her login would carry rights you do not "
                    "hold. Ask a committee officer.",
                    "%(count)s members were left out: their logins would carry rights you do "
                    "not hold. Ask a committee officer.",
                    left_out,
                )
                % {"count": left_out},
            )
        if slips:
            _keep_slips(request, slips, back_url=cell.get_absolute_url())
            return redirect("members:login_slips")
        return redirect(cell)
    current = CellMembership.objects.filter(cell=cell, end_date__isnull=True)
    with_login = (
        Member.objects.filter(pk__in=current.values("member_id"), user__isnull=False)
        .on_roll()
        .count()
    )
    return render(
        request,
        "members/cell_logins_confirm.html",
        {
            "cell": cell,
            "committee": cell.committee,
            "candidates": candidates,
            "with_email": sum(1 for m in candidates if m.email),
            "with_login": with_login,
        },
    )


@never_cache
@require_GET
def login_slips(request):
    """The slips just made, once: the passwords leave the session as the page is drawn."""
    kept = request.session.pop(SLIPS_SESSION_KEY, None) or {}
    return render(
        request,
        "members/login_slips.html",
        {
            "slips": kept.get("slips", []),
            "back_url": kept.get("back_url", ""),
            "login_url": request.build_absolute_uri(reverse("login")),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; a one-time password's "change it now" ends with the change."""

    def form_valid(self, form):
        form.user.must_change_password = False  # saved with the new password by form.save()
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a password through an e-mailed link also ends a pending "change it now"."""

    def form_valid(self, form):
        form.user.must_change_password = False  # saved with the new password by form.save()
        return super().form_valid(form)


def _reset_allowed(request, email: str) -> bool:
    """Within the limits per client address, then per e-mail address (settings
    `PASSWORD_RESET_MAX_PER_CLIENT`, `PASSWORD_RESET_MAX_PER_ADDRESS` in
    `PASSWORD_RESET_WINDOW_MINUTES`)? A request refused for its client takes nothing from the
    address's allowance, so one client cannot use up other people's."""
    window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
    return throttle.take(
        "password-reset-client",
        client_ip(request) or "",
        limit=settings.PASSWORD_RESET_MAX_PER_CLIENT,
        window_seconds=window,
    ) and throttle.take(
        "password-reset-address",
        email.strip().lower(),
        limit=settings.PASSWORD_RESET_MAX_PER_ADDRESS,
        window_seconds=window,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per e-mail address and per client address.

    Past a limit no e-mail is sent and the answer is the same "sent" page as always — whether the
    address has an account or not — so the page tells nothing about either.
    """

    def form_valid(self, form):
        if _reset_allowed(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class LoginView(auth_views.LoginView):
    """Django's login; `next` is followed only when it is a safe local path (`core.redirects`).

    Two-step login (`members.views.two_factor`): with it on, a right password is not a log-in
    yet — the code is asked next; without it, an officer whose committee requires it is logged in
    and sent to set it up.
    """

    redirect_authenticated_user = True

    def get_redirect_url(self):
        return safe_next(super().get_redirect_url(), "")

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.is_enabled(user):
            return views_two_factor.login_pending(
                self.request, user, redirect_to=self.get_redirect_url()
            )
        response = super().form_valid(form)
        setup = views_two_factor.login_done(self.request, user)
        return setup or response


class LogoutView(auth_views.LogoutView):
    """Django's logout; `next` is followed only when it is a safe local path (`core.redirects`)."""

    def get_redirect_url(self):
        return safe_next(super().get_redirect_url(), "")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # Nothing of hers stays readable on the phone (issue 24): the pages her service worker
        # kept, its registration and the browser's cache of the site are deleted.
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
