"""Where to send the browser back to: a `next` value only when it is a safe local path.

Every view that reads `next` (a query parameter or a hidden field) goes through `safe_next`, so a
hostile or broken value — `abc`, `-1`, `//evil.example`, `https://…`, a control character — never
becomes a redirect to another site, a `NoReverseMatch` (`redirect("abc")` is read as a URL name)
or a bad header: the default is used instead.
"""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def is_local_path(url) -> bool:
    """A path on this site ("/meetings/3/?page=2"), never another host ("//evil.example",
    "https://…", "/\\evil.example"), a bare word ("abc", "-1") or a value with a control
    character (a header may not carry one)."""
    if not isinstance(url, str) or not url.startswith("/"):
        return False
    if any(ord(char) < 32 or ord(char) == 127 for char in url):
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def safe_next(value, default: str) -> str:
    """`value` when it is a safe local path, else `default` (a URL, never a URL name)."""
    return value if is_local_path(value) else default


def requested_next(request, default: str) -> str:
    """The request's `next` (the form's field, else the query's) when safe, else `default`."""
    return safe_next(request.POST.get("next") or request.GET.get("next"), default)


def redirect_next(request, default: str) -> HttpResponseRedirect:
    """A redirect to the request's `next` when it is a safe local path, else to `default`."""
    return HttpResponseRedirect(requested_next(request, default))
