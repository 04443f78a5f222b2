"""Read-only pages on a PostgreSQL replica (DESIGN §8): `replica_reads` and `ReplicaRouter`.

With `DATABASE_REPLICA_URL` set, the settings add the `replica` alias and this router. A view
wrapped in `replica_reads` (the dashboards and the year and period reports, which only read)
sends its reads to the replica; everything else reads and writes the primary (`default`):

- the switch is a context variable, on only while the wrapped view runs: the middleware's
  session, login and message reads and writes around it stay on the primary, and so does every
  other thread or request;
- writes always go to the primary, and so do reads inside a transaction on the primary
  (`transaction.atomic`, `select_for_update`): a service called from a wrapped view reads what it
  is about to change from the primary, never a copy that may be a moment behind;
- without a `replica` alias in DATABASES the switch does nothing.

A replica lags its primary by a moment, so only pages that read are wrapped: a page that shows
what the same request has just written (a form, an action) must not be.
"""

import contextlib
import functools
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

DEFAULT = "default"
REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("chibo_replica_reads", default=False)


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside the block go to the replica when one is configured."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reads_from_replica(view):
    """A view decorator: the view's reads go to the replica (`replica_reads`)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


def replica_active() -> bool:
    """Whether a read made now goes to the replica."""
    return (
        _replica_reads.get()
        and REPLICA in settings.DATABASES
        and not connections[DEFAULT].in_atomic_block
    )


class ReplicaRouter:
    """`DATABASE_ROUTERS` when a replica is configured: reads of `replica_reads` blocks on the
    replica, all else on the primary; migrations on the primary only (the replica copies it)."""

    def db_for_read(self, model, **hints):
        return REPLICA if replica_active() else DEFAULT

    def db_for_write(self, model, **hints):
        return DEFAULT

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows: an object read there may point to one of the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT
