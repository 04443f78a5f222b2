"""Two-step login required: an officer whose committee requires it sets it up before she goes on.

The question "must she?" is asked once, when she logs in (`members.two_factor.is_required`, in
the login view); the answer stays in her session, so this middleware asks no query. Until she has
set it up, every page sends her to the set-up page — like `core.middleware.
PasswordChangeRequiredMiddleware`, which runs before it (a one-time password is changed first).
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url

from core.middleware import ALWAYS_OPEN_URL_NAMES

# Set in her session by the login view when her committee requires two-step login and she has
# not set it up; removed when she has.
SETUP_REQUIRED_SESSION_KEY = "chibo_two_factor_setup_required"


def require_setup(request) -> None:
    request.session[SETUP_REQUIRED_SESSION_KEY] = True


def setup_done(request) -> None:
    request.session.pop(SETUP_REQUIRED_SESSION_KEY, None)


class TwoFactorSetupRequiredMiddleware:
    """Send an officer who must set up two-step login to its set-up page, whatever she asks for.

    Runs in `process_view`, after `LoginRequiredMiddleware` and `PasswordChangeRequiredMiddleware`;
    htmx requests get an `HX-Redirect`, like an expired session.
    """

    # Pages she may still open: setting it up, her new recovery codes, and those always open
    # (changing a one-time password first, logging out, the language switch...).
    ALLOWED_VIEW_NAMES = ALWAYS_OPEN_URL_NAMES | {
        "members:two_factor_setup",
        "members:two_factor_codes",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = getattr(request, "session", None)
        if session is None or not session.get(SETUP_REQUIRED_SESSION_KEY):
            return None
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.ALLOWED_VIEW_NAMES:
            return None
        if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
            return None
        target = resolve_url("members:two_factor_setup")
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)  # the set-up page says why
