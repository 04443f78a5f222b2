"""Data versions and the page-part cache — phiên bản dữ liệu và bộ nhớ đệm trang (DESIGN §8,
issue 23).

A dashboard's heavy part (the compliance matrix, the charts, the alerts) is rendered once and
kept in the shared cache under a key that names, among what the part shows, the **versions of the
data it reads**: a random token per scope — one per committee (`committee:<pk>`) and one for
everything (`all`). Any write to a party record replaces the tokens of the scopes it touches, so
the next page view finds no part under the new key and renders afresh: a cached part is never
older than the last committed write.

Which scope a write touches is declared by its model (`data_scope`, read by `scopes_of`):

- `data_scope = "committee_id"` — a dotted path from the row to its committee's id, e.g.
  `"meeting.committee_id"` for an attendance row (or a tuple of paths); the committee is touched;
- `data_scope = ALL` ("all"), or none declared — everything is touched: rows not tied to one
  committee (a user, an office, a superior and the committees under it);
- `data_scope_moves = "committee_id"` besides — a row that may move (a member): a save that
  changes the field touches the committee it leaves too;
- `data_scope = None` — nothing (rows no cached part reads: notifications, reminders, logs).

`post_save`, `post_delete` and `m2m_changed` of every model of the tracked apps
(`settings.DATA_VERSION_APPS`) are caught here, so no service has to remember a call; the few bulk
writes that send no signal call `touch` themselves, and commands that rewrite the database
(`seed_demo`, `generate_scale_data`, `restore`, `migrate`) touch everything. The tokens are
replaced after the transaction commits (`transaction.on_commit`), and a reader takes the tokens
*before* it reads the data: a part filed under a token may be newer than the token, never older.

Views render a part after their services' transactions have committed (the project does not use
`ATOMIC_REQUESTS`), so a part never holds a write that may still be rolled back. A part's key
also names the release (`release`): a deployment with other templates or code makes every part
again.

Parts are kept at most `PAGE_CACHE_SECONDS`, and at most `PAGE_CACHE_REPLICA_SECONDS` when built
from a replica that may lag (`core.db`). With `PAGE_CACHE = False` (the test suite) nothing is
cached and every page renders as before.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_save,
)
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from core.db import replica_active

ALIAS = "pages"
ALL = "all"
KEY = "chibo:version:{scope}"
PART = "chibo:part:{name}:{digest}"


def committee_scope(pk: int) -> str:
    return f"committee:{pk}"


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE", False)) and ALIAS in settings.CACHES


def _cache():
    return caches[ALIAS]


# --- the tokens ----------------------------------------------------------------------------------


def tokens(scopes: Iterable[str]) -> dict[str, str]:
    """The current token of each scope (and of `all`), making one for a scope that has none."""
    wanted = sorted({ALL, *scopes})
    keys = {scope: KEY.format(scope=scope) for scope in wanted}
    cache = _cache()
    found = cache.get_many(keys.values())
    result = {}
    for scope, key in keys.items():
        token = found.get(key)
        if token is None:
            # Two readers may race here: `add` keeps the first token, and both use it.
            cache.add(key, secrets.token_hex(8), timeout=None)
            token = cache.get(key)
        result[scope] = token
    return result


def _replace(scopes: Iterable[str]) -> None:
    cache = _cache()
    cache.set_many(
        {KEY.format(scope=scope): secrets.token_hex(8) for scope in set(scopes)}, timeout=None
    )


class _Pending:
    """The scopes a transaction has touched so far, replaced together when it commits."""

    def __init__(self, scopes: set[str]):
        self.scopes = scopes

    def __call__(self):
        _replace(self.scopes)


def touch(scopes: Iterable[str], *, using: str = "default") -> None:
    """Replace the scopes' tokens once the current transaction commits (at once outside one).

    The scopes of one transaction are gathered and replaced together, in one cache call."""
    if not enabled():
        return
    scopes = set(scopes)
    if not scopes:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _replace(scopes)
        return
    pending = getattr(connection, "chibo_pending_versions", None)
    # Gather into the callback of the same (save)point only while it still waits for the commit:
    # a rolled-back savepoint drops its callbacks, ours with them.
    here = set(connection.savepoint_ids)
    if pending is not None and any(
        entry[1] is pending and entry[0] == here for entry in connection.run_on_commit
    ):
        pending.scopes.update(scopes)
        return
    pending = _Pending(scopes)
    connection.chibo_pending_versions = pending
    transaction.on_commit(pending, using=using)


def touch_all(*, using: str = "default") -> None:
    touch([ALL], using=using)


# --- which scopes a write touches ----------------------------------------------------------------


def _follow(instance, path: str):
    value = instance
    for name in path.split("."):
        value = getattr(value, name)
        if value is None:
            return None
    return value


def scopes_of(instance) -> set[str]:
    """The scopes a write of `instance` touches: its model's `data_scope` — a dotted path to its
    committee's id (or a tuple of them), `ALL` for everything, `None` for nothing. A model that
    declares none touches everything; so does a path that ends nowhere."""
    declared = getattr(type(instance), "data_scope", ALL)
    if declared is None:
        return set()
    paths = (declared,) if isinstance(declared, str) else declared
    scopes = set()
    for path in paths:
        if path == ALL:
            return {ALL}
        try:
            pk = _follow(instance, path)
        except ObjectDoesNotExist:  # a parent deleted with the row
            return {ALL}
        if pk is None:
            return {ALL}
        scopes.add(committee_scope(pk))
    return scopes


def _tracked(sender) -> bool:
    meta = sender._meta
    return (
        meta.app_label in getattr(settings, "DATA_VERSION_APPS", ())
        # django-simple-history's rows follow their record's own save.
        and not hasattr(sender, "instance_type")
    )


def _before_save(sender, instance, raw=False, **kwargs):
    """A row that moves to another committee (`data_scope_moves`: the field that says which)
    touches the one it leaves as well: read it before the save."""
    field = getattr(sender, "data_scope_moves", None)
    if not field or raw or instance.pk is None or not enabled() or not _tracked(sender):
        return
    before = (
        sender._base_manager.using(kwargs.get("using") or "default")
        .filter(pk=instance.pk)
        .values_list(field, flat=True)
        .first()
    )
    if before is not None and before != getattr(instance, field):
        touch([committee_scope(before)], using=kwargs.get("using") or "default")


def _on_write(sender, instance, update_fields=None, **kwargs):
    ignored = getattr(sender, "data_scope_ignored_fields", frozenset())
    if update_fields and set(update_fields) <= ignored:
        return
    if enabled() and _tracked(sender):
        touch(scopes_of(instance), using=kwargs.get("using") or instance._state.db or "default")


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_") and enabled() and _tracked(type(instance)):
        touch(scopes_of(instance), using=kwargs.get("using") or "default")


def connect() -> None:
    """Catch every write of the tracked apps (`CoreConfig.ready`)."""
    pre_save.connect(_before_save, dispatch_uid="chibo-versions-move")
    post_save.connect(_on_write, dispatch_uid="chibo-versions-save")
    post_delete.connect(_on_write, dispatch_uid="chibo-versions-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="chibo-versions-m2m")
    post_migrate.connect(_on_migrate, dispatch_uid="chibo-versions-migrate")


def _on_migrate(using="default", **kwargs):
    """A migration may rewrite rows without a signal: every part is made again."""
    touch_all(using=using)


# --- the parts -----------------------------------------------------------------------------------


# What the code of a release is made of, besides the apps whose writes replace the tokens
# (`DATA_VERSION_APPS`): a part made by other templates or code is not this one.
RELEASE_FOLDERS = ("config", "core", "dashboard", "templates", "locale")
RELEASE_SUFFIXES = {".py", ".html", ".mo"}


def files_digest(base: Path, folders: Iterable[str], suffixes: set[str] | None = None) -> str:
    """A digest of the files below `base`/`folders` (those ending in `suffixes`; all of them with
    None): their paths, sizes and times — what tells one release from another."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((base / folder).rglob("*")):
            if (suffixes is None or path.suffix in suffixes) and path.is_file():
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns}".encode()
                )
    return digest.hexdigest()[:16]


@functools.cache
def release() -> str:
    """A digest of the release's code, templates and translations, read once per process: a new
    release makes every part again, and the processes of one release share their parts."""
    return files_digest(
        Path(settings.BASE_DIR),
        (*RELEASE_FOLDERS, *settings.DATA_VERSION_APPS),
        RELEASE_SUFFIXES,
    )


def part_key(name: str, scopes: Iterable[str], *parts) -> str:
    """The key of a part: its name, what it varies on (`parts`: the user, the year, "today"…), the
    language, the release and the tokens of its scopes."""
    current = tokens(scopes)
    text = "|".join(
        [release(), translation.get_language() or "", *map(str, parts)]
        + [f"{scope}={token}" for scope, token in sorted(current.items())]
    )
    return PART.format(name=name, digest=hashlib.sha256(text.encode()).hexdigest()[:32])


def csrf_secret(request) -> str:
    """What a part with forms must vary on besides its user: her CSRF secret (a new login makes
    a new one, and a form kept with the old token would be refused)."""
    get_token(request)  # the secret the part's forms will carry, made now if she has none yet
    return request.META.get("CSRF_COOKIE") or ""


def cached_part(
    name: str, scopes: Iterable[str] | None, parts: tuple, build: Callable[[], str]
) -> str:
    """The part `name` as kept under its key, or `build()` rendered now and kept.

    `parts` must hold everything the part shows besides the data of its scopes — at least the
    user whose access it reflects. `scopes` None: no version covers what the part reads (a
    superuser's page over every committee), and it is rendered afresh each time."""
    if not enabled() or scopes is None:
        return build()
    key = part_key(name, scopes, *parts)
    cache = _cache()
    html = cache.get(key)
    if html is None:
        html = build()
        seconds = settings.PAGE_CACHE_SECONDS
        if replica_active():
            seconds = min(seconds, settings.PAGE_CACHE_REPLICA_SECONDS)
        cache.set(key, html, timeout=seconds)
    return html


def cached_render(
    name: str, scopes: Iterable[str] | None, parts: tuple, template: str, context, request=None
):
    """`template` rendered with `context()` as the cached part `name` (`cached_part`); `context`
    is called only when the part is not kept. With `request`, a RequestContext (its forms' CSRF
    token, the tags that read the request)."""

    def build() -> str:
        return render_to_string(template, context(), request=request)

    return mark_safe(cached_part(name, scopes, parts, build))


def render_part(
    request, name: str, scopes: Iterable[str] | None, parts: tuple, template: str, context
):
    """`cached_render` for a part of the page `request` asks for that holds forms: hers (her user
    and CSRF secret are in the key, so its forms post), for `parts` and the data of `scopes`."""
    key_parts = (request.user.pk, csrf_secret(request), *parts)
    return cached_render(name, scopes, key_parts, template, context, request=request)
