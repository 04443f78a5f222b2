"""Request middleware shared by every app."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from core import offline
from core.language import account_language, chosen_language, is_supported, set_language_cookie
from core.uploads import request_body_limit, too_large


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


# The pages a user held on a page she must see first (a password to change, a two-step login to
# set up) may still open: changing her password, logging out, the language switch, the health
# check, and the installable app's files (issue 24), which hold no page of hers.
ALWAYS_OPEN_URL_NAMES = frozenset(
    {
        "password_change",
        "password_change_done",
        "logout",
        "set_language",
        "health",
        "manifest",
        "service_worker",
        "offline",
    }
)


class PasswordChangeRequiredMiddleware:
    """Send a user who must change her password (a one-time password from a login slip) to the
    password change page, whatever page she asks for, until she has changed it.

    Runs after `LoginRequiredMiddleware`, in `process_view` (the URL is resolved by then). htmx
    requests get an `HX-Redirect`, like an expired session.
    """

    ALLOWED_URL_NAMES = ALWAYS_OPEN_URL_NAMES

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


class LanguageMiddleware:
    """The language of each request: her account's choice, else the language cookie, else
    Vietnamese — never the browser's `Accept-Language` (DESIGN §4). Replaces Django's
    `LocaleMiddleware`, at its place (right after the session), so that every answer speaks it.

    When her account holds a choice the cookie does not say (she has just logged in, on another
    browser), the response brings the cookie in line: her choice is applied at login, and the
    login page speaks it after she logs out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        translation.activate(chosen_language(account=account_language(request), cookie=cookie))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # Read again: this request may have logged her in, or recorded a new choice.
        account = account_language(request)
        if (
            is_supported(account)
            and account != cookie
            and settings.LANGUAGE_COOKIE_NAME not in response.cookies
        ):
            set_language_cookie(response, account)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response to a logged-in user, and on every
    response the key of the user it is for (`core.offline.USER_HEADER`).

    Pages, downloads and htmx fragments shown to a logged-in user carry personal data (a member's
    citizen ID, ethnicity, religion): neither a shared proxy nor the browser of a shared computer
    may keep them, to be shown again after she has logged out. The directives are added to what a
    view set (`never_cache` keeps its stricter `no-cache, must-revalidate, max-age=0`; a "public"
    is dropped). Responses to anonymous visitors (the login page, static files served before this
    middleware) are left as they are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        # Who the page is for (a key, not her id; `ANONYMOUS` for nobody): her phone's service
        # worker drops what it kept for anyone else (`core.offline`). An answer without it (a
        # proxy's "bad gateway") is not the app's and changes nothing on the phone.
        response[offline.USER_HEADER] = offline.user_key_of(user)
        return response


class UploadSizeLimitMiddleware:
    """Refuse an upload that is too large from its `Content-Length`, before its body is read.

    A view that receives files is marked with `core.uploads.upload_limit`. A POST to it whose
    declared length exceeds `request_body_limit` of the view's limit is answered like any refused
    upload — the message "larger than the limit of N MB" and "nothing was saved", and the browser
    sent back to the form — without reading the body. It must come before `CsrfViewMiddleware`,
    which reads the body of a POST to find its token; a refusal changes nothing, so it needs no
    token. Anonymous requests go on to the login redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "upload_limit", None)
        if limit is None or request.method != "POST":
            return None
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        max_mb = limit.max_mb(request, *view_args, **view_kwargs)
        if length <= request_body_limit(max_mb):
            return None
        for message in too_large(max_mb).messages:
            messages.error(request, message, fail_silently=True)
        messages.info(
            request,
            _("Nothing was saved. A browser cannot keep a chosen file: choose the file again."),
            fail_silently=True,
        )
        if limit.back is not None:
            return HttpResponseRedirect(limit.back(request, *view_args, **view_kwargs))
        return HttpResponseRedirect(request.get_full_path())
