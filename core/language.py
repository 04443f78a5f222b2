"""The interface language (DESIGN §4): Vietnamese, unless the user herself chose English.

Her choice is kept on her account (the user's `language`, when she is logged in) and in Django's
language cookie; the browser's `Accept-Language` is never asked. Dates and times read the same in
both languages (`config/formats/`: 24-hour `H:i`, `d/m/Y`).
"""

from django.conf import settings
from django.contrib.auth.middleware import get_user


def is_supported(code) -> bool:
    """One of `settings.LANGUAGES` ("vi", "en")."""
    return isinstance(code, str) and code in dict(settings.LANGUAGES)


def chosen_language(*, account: str = "", cookie: str = "") -> str:
    """Her account's choice, else the cookie's, else the app's language (`LANGUAGE_CODE`, vi)."""
    for code in (account, cookie):
        if is_supported(code):
            return code
    return settings.LANGUAGE_CODE


def account_language(request) -> str:
    """The language her account holds ("" when she is not logged in or never chose).

    Asked before `AuthenticationMiddleware` has set `request.user` too: the user is then read
    from the session through Django's own cache, which that middleware reuses (one query).
    """
    user = getattr(request, "user", None)
    if user is None and hasattr(request, "session"):
        user = get_user(request)
    if user is None or not user.is_authenticated:
        return ""
    return getattr(user, "language", "") or ""


def set_language_cookie(response, code: str) -> None:
    """Remember `code` in the browser (Django's language cookie, with its settings)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
