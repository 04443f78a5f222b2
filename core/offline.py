"""Reading offline (issue 24): what the server tells the service worker (`static/js/sw.js`).

The service worker keeps a page on the phone only when its answer carries `KEEP_HEADER`: the
server alone decides what is safe to keep (a member's next meetings, their documents, her tasks),
never the browser. Every other page — criticism, supervision, self-assessments, personal records,
officers' registers — carries no such header and is never kept. `Cache-Control: private,
no-store` stays on every answer to a logged-in user (`core.middleware.PrivateNoStoreMiddleware`):
the browser's HTTP cache keeps nothing; the service worker's own storage holds the marked pages,
and is emptied at logout (`CLEAR_SITE_DATA`), when another user's page arrives, and after the
committee's number of days.

The headers:
- `USER_HEADER` on every answer of the app: a key of the user (not her id; `ANONYMOUS` when nobody
  is logged in), so the service worker can tell that another user has logged in on the phone, or
  that she is logged out, and drop the pages kept before — and that an answer without it (a
  proxy's error page while the app is down) is not the app's, and changes nothing;
- `KEEP_HEADER`: the number of days the page may be kept;
- `TITLE_HEADER`: the page's title, for the list of kept pages shown offline (URL-encoded);
- `RECEIPT_HEADER`: on a meeting document, where to post the read receipt of an offline read.

A request with `PREFETCH_HEADER` is the service worker fetching a page to keep it, not the member
opening it: a document fetched so records no read receipt.
"""

import functools
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.utils.crypto import salted_hmac

from core.versions import files_digest

USER_HEADER = "X-Chibo-User"
KEEP_HEADER = "X-Chibo-Offline"
TITLE_HEADER = "X-Chibo-Title"
RECEIPT_HEADER = "X-Chibo-Receipt"
PREFETCH_HEADER = "X-Chibo-Prefetch"
# Sent with the logout's answer: the browser deletes what the site stored (the service worker's
# caches and registration, the local storage) and its HTTP cache of the site.
CLEAR_SITE_DATA = '"cache", "storage"'


def user_key(user) -> str:
    """A key that tells one user from another on a phone and says nothing about who she is."""
    return salted_hmac("chibo.offline.user", str(user.pk)).hexdigest()[:20]


# `USER_HEADER` of an answer to nobody logged in (the log-in page): the phone forgets what it kept.
ANONYMOUS = "-"


def user_key_of(user) -> str:
    """`user_key` of a logged-in user, `ANONYMOUS` for anyone else."""
    return user_key(user) if user is not None and user.is_authenticated else ANONYMOUS


def is_prefetch(request) -> bool:
    """The service worker fetching a page to keep, not the member opening it."""
    return request.headers.get(PREFETCH_HEADER) == "1"


def mark_kept(response, *, days: int, title: str, receipt_url: str = ""):
    """Mark `response` as safe to keep offline for `days` days (nothing when `days` is 0 or the
    answer is not a page shown in full)."""
    if days <= 0 or response.status_code != 200:
        return response
    response[KEEP_HEADER] = str(days)
    response[TITLE_HEADER] = quote(title[:200], safe="")
    if receipt_url:
        response[RECEIPT_HEADER] = receipt_url
    return response


# The static files every page uses (templates/base.html) and the offline page: the service worker
# keeps them when it is installed, so that a kept page shows as it did online. A test checks that
# every asset base.html links is here.
SHELL_ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
    "css/chibo.css",
    "css/print.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/chibo.js",
    "js/offline.js",
    "img/favicon.svg",
    "img/icons/icon-192.png",
)


@functools.cache
def shell_release() -> str:
    """A digest of the static files, read once per process: a new release gives the service
    worker a new script, which keeps the new files."""
    return files_digest(Path(settings.BASE_DIR), ["static"])
