"""Views that belong to no app (health check, error pages, the benchmark's bare page) and the form
page every app uses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
