"""Request middleware shared by every app."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login-by-default, plus an `HX-Redirect` for htmx requests.

    An htmx request whose session has expired must send the browser to the login page, not swap
    the login page into a fragment (DESIGN §9).
    """

    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
            return response
        return super().handle_no_permission(request, view_func)


class PasswordChangeRequiredMiddleware:
    """Send a user who must change her password (a one-time password from a login slip) to the
    password change page, whatever page she asks for, until she has changed it.

    Runs after `LoginRequiredMiddleware`, in `process_view` (the URL is resolved by then). htmx
    requests get an `HX-Redirect`, like an expired session.
    """

    ALLOWED_URL_NAMES = frozenset(
        {"password_change", "password_change_done", "logout", "set_language", "health"}
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and getattr(user, "must_change_password", False)):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in self.ALLOWED_URL_NAMES and not match.namespace:
            return None
        if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
            return None
        target = resolve_url("password_change")
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        messages.info(
            request, _("Choose a new password of your own before you go on."), fail_silently=True
        )
        return HttpResponseRedirect(target)
