"""Views that belong to no app (health check, error pages, the benchmark's bare page) and the form
page every app uses."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from core import offline
from core.forms import apply_service_errors
from core.uploads import DOCUMENT_TYPES, is_inline


def form_page(request, *, form, service, success_message, template, context, redirect_to):
    """A page with one form that a write service saves.

    On a POST with valid data, `service(**form.cleaned_data)` is called: on success the message is
    flashed and the browser sent to `redirect_to(result)` (anything `redirect` takes); a
    `ValidationError` goes back on the form (`apply_service_errors`). Otherwise — a GET, invalid
    data or a refusal — `template` is shown with the form and `context`.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = service(**form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, success_message)
            return redirect(redirect_to(result))
    return render(request, template, {"form": form, **context})


@login_not_required
@require_GET
@never_cache
def health(request):
    """Answers 200 when the app and its database respond (for a load balancer or uptime check),
    503 when the database does not. Public, over plain HTTP too (`SECURE_REDIRECT_EXEMPT`)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def bare_page(request):
    """The base template with nothing in it, for a logged-in user: the yardstick of the HTTP
    benchmark (`bench/run.py`, DESIGN §6) — what every page pays for the middleware, the session
    and the navigation before its own work."""
    return render(request, "core/bare.html")


# --- the installable app and reading offline (issue 24) -------------------------------------------


@login_not_required
@require_GET
@cache_control(public=True, max_age=86400)
def manifest(request):
    """The web app manifest: a phone installs chibo as an app, under its Vietnamese name (the
    browser fetches it with no cookie: Vietnamese, whatever language she chose)."""
    with translation.override("vi"):
        data = {
            "id": "/",
            "name": _("chibo — Party committee and cell work"),
            "short_name": _("Party cell"),
            "description": _(
                "The party committee's and cells' meetings, documents and tasks, readable offline."
            ),
            "lang": "vi",
            "dir": "ltr",
            "start_url": reverse("dashboard:home"),
            "scope": "/",
            "display": "standalone",
            "theme_color": "#b3161b",
            "background_color": "#ffffff",
            "icons": [
                {"src": static("img/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("img/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {
                    "src": static("img/icons/icon-maskable-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
            "shortcuts": [
                {"name": _("My tasks"), "url": reverse("meetings:my_tasks")},
                {"name": _("Meetings"), "url": reverse("meetings:calendar")},
            ],
        }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@login_not_required
@require_GET
def service_worker(request):
    """The service worker, at the root so that it serves every page of the app: its settings, then
    its code, a static file (`static/js/sw.js`). Never cached: the browser checks it at every
    visit, and a new release installs a new one."""
    config = {
        "release": offline.shell_release(),
        "offlineUrl": reverse("offline"),
        "checkUrl": reverse("meetings:offline_check"),
        "staticUrl": static(""),
        "shell": [static(asset) for asset in offline.SHELL_ASSETS],
        "anonymous": offline.ANONYMOUS,
        "headers": {
            "user": offline.USER_HEADER,
            "keep": offline.KEEP_HEADER,
            "title": offline.TITLE_HEADER,
            "receipt": offline.RECEIPT_HEADER,
            "prefetch": offline.PREFETCH_HEADER,
        },
    }
    body = (
        "/* chibo's service worker (issue 24): settings of this release, then its code. */\n"
        f"self.CHIBO = {json.dumps(config)};\n"
        f"importScripts({json.dumps(static('js/sw.js'))});\n"
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def offline_page(request):
    """Shown by the service worker when a page she asks for offline was not kept: the pages kept
    on this phone, listed by the page's script from the service worker. Nothing of any user is in
    it, so the service worker may keep it for everyone."""
    return render(request, "core/offline.html")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def file_response(stored, *, kind: str, filename: str) -> FileResponse:
    """A stored upload served to a user the view has let see it (DESIGN §5): PDF and images
    inline, the rest as an attachment, under `filename`, typed by its real kind, never cached or
    sniffed; 404 when the file is missing from the storage."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=not is_inline(kind),
        filename=filename,
        content_type=DOCUMENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
