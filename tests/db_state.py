"""What the database holds, read in one query: the row count of every table of the party apps
(issue 20: "a GET changes no row count", "an invalid form changes nothing"), and every row of
every table (the fault tests: "an exception after the first write leaves no row changed")."""

from django.apps import apps
from django.db import connection

# The apps that hold party records (their history tables included); Django's own tables
# (sessions, the login throttle's log, content types) are not party records.
PARTY_APPS = ("cells", "members", "meetings", "fees", "reviews", "library", "reports")
# The three recorded side effects a GET may have (DESIGN §3): a read receipt when a member opens a
# document, a notification marked read (a change of a row, not of a count) and the access log
# (`members.AccessLog`, when it exists).
GET_SIDE_EFFECTS = {"meetings.ReadReceipt", "members.AccessLog"}


def party_tables(*, leave_out=(), every_app: bool = False) -> list[tuple[str, str]]:
    """(model label, table) of every model of the party apps (of every installed app with
    `every_app`), m2m tables included."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if not opts.managed or opts.proxy:
            continue
        if opts.app_label not in PARTY_APPS and not every_app:
            continue
        if opts.label in leave_out:
            continue
        tables.setdefault(opts.db_table, opts.label)
    return sorted((label, table) for table, label in tables.items())


def row_counts(tables) -> dict[str, int]:
    """{model label: number of rows}, in one query."""
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for _l, table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        values = cursor.fetchone()
    return dict(zip((label for label, _t in tables), values, strict=True))


def changed_counts(before: dict, after: dict) -> dict[str, tuple[int, int]]:
    return {
        label: (before[label], after[label]) for label in before if before[label] != after[label]
    }


def every_row(tables) -> dict[str, list[tuple]]:
    """{model label: every row (in a stable order)} — for a small test database."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for label, table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows[label] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return rows


def changed_rows(before: dict, after: dict) -> dict[str, str]:
    """The tables whose rows differ, with how many rows were added, removed or changed."""
    changes = {}
    for label, old in before.items():
        new = after[label]
        if old != new:
            gone, added = set(old) - set(new), set(new) - set(old)
            changes[label] = f"{len(old)} → {len(new)} rows, {len(gone)} gone, {len(added)} new"
    return changes
