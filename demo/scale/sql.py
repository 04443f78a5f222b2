"""SQL building blocks of the scale generator: one `INSERT … SELECT` per table, PostgreSQL only.

`insert_select(model, columns, source)` writes the statement from the model's own fields: the
columns a step names take its SQL expressions; every other column takes the field's default
(a constant, `now()` for the creation times, NULL where the field allows it), so a field added to
a model later either gets its default here or stops the generator with its name — never a
half-filled row.
"""

import datetime
import time
from collections.abc import Callable

from django.db import connection, models
from django.utils import timezone

NOW_DEFAULTS = (timezone.now, datetime.datetime.now)


def rnd(expr: str, salt: int, modulo: int = 1000) -> str:
    """A deterministic pseudo-random integer in [0, modulo) of a row's key and a salt.

    (Modulo is `mod()`, never `%`, in every SQL here: `%` is the driver's placeholder.)

    PostgreSQL's own 64-bit hash of the key, seeded with the generator's seed plus the salt
    (`gen.seed` in the session): the same seed gives the same data set, on any run.
    """
    return (
        f"mod(abs(hashint8extended(({expr})::bigint, "
        f"current_setting('gen.seed')::bigint * 1000 + {salt})), {modulo})"
    )


def _literal(value) -> str:
    """An SQL literal of a default value (the driver quotes it), so that the only placeholders
    of a statement are the step's own, in its own order."""
    with connection.cursor() as cursor:
        return cursor.mogrify("%s", [value]).decode()


def _default_sql(field) -> tuple[str, list]:
    if field.has_default():
        default = field.default
        if default in NOW_DEFAULTS:
            return "now()", []
        value = default() if callable(default) else default
        if isinstance(value, models.Choices):
            value = value.value
        return _literal(field.get_db_prep_value(value, connection)), []
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "now()", []
    if field.null:
        return "NULL", []
    if field.blank and isinstance(field, models.CharField | models.TextField | models.FileField):
        return "''", []
    raise ValueError(f"{field.model.__name__}.{field.name}: no value and no default")


def insert_select(model, columns: dict[str, str], source: str, params=None) -> int:
    """`INSERT INTO <model's table> (…) SELECT … <source>`; returns the rows written.

    `columns` maps a field's column (`committee_id`, `status`) to an SQL expression over
    `source` (which starts with FROM, or is empty for a single row).
    """
    names, exprs, args = [], [], []
    known = set(columns)
    for field in model._meta.concrete_fields:
        column = field.column
        if column in known:
            names.append(column)
            exprs.append(columns[column])
            known.discard(column)
            continue
        if field.primary_key:
            continue
        sql, values = _default_sql(field)
        names.append(column)
        exprs.append(sql)
        args.extend(values)
    if known:
        raise ValueError(f"{model.__name__}: unknown columns {sorted(known)}")
    statement = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(names)}) "
        f"SELECT {', '.join(exprs)} {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*args, *(params or [])])
        return cursor.rowcount


def execute(sql: str, params=None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount


def scalar(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def reset_sequences(models_list) -> None:
    """Identity columns continue after the explicit ids the generator wrote."""
    for model in models_list:
        table = model._meta.db_table
        pk = model._meta.pk.column
        execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{pk}'), "
            f"COALESCE((SELECT MAX({pk}) FROM {table}), 0) + 1, false)"
        )


class Steps:
    """Runs the generator's steps, each timed and counted, and prints one line per step."""

    def __init__(self, write: Callable[[str], None]):
        self.write = write
        self.timings: list[tuple[str, float, int]] = []

    def run(self, name: str, step: Callable[[], int]) -> int:
        started = time.monotonic()
        rows = step() or 0
        elapsed = time.monotonic() - started
        self.timings.append((name, elapsed, rows))
        self.write(f"  {name:<34} {rows:>11,} rows {elapsed:8.1f} s")
        return rows


class indexes_dropped:
    """Builds a big table's secondary indexes once after its rows are in, instead of updating
    them row by row: drops the indexes that back no constraint, recreates them on exit (with the
    same definitions, so `migrate` and the models still describe the database)."""

    def __init__(self, *models_):
        self.tables = [m._meta.db_table for m in models_]
        self.definitions: list[str] = []

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
                "AND i.schemaname = current_schema() "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [self.tables],
            )
            found = cursor.fetchall()
            for name, definition in found:
                cursor.execute(f'DROP INDEX "{name}"')
                self.definitions.append(definition)
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            for definition in self.definitions:
                cursor.execute(definition)
        return False
