"""Request middleware shared by every app."""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpResponse
from django.shortcuts import resolve_url


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
