"""Runs the generator's steps in order, on an empty (or generated-only) PostgreSQL database."""

from django.apps import apps
from django.db import connection

from cells.models import Committee
from demo.scale import fees, library, meetings, organisation, reports, reviews
from demo.scale.plan import EMAIL_DOMAIN, Plan
from demo.scale.sql import Steps, execute, reset_sequences, scalar

APPS = ("cells", "members", "meetings", "fees", "reviews", "library", "reports")


class NotGeneratedData(Exception):
    """The database holds records that the generator did not write: it will not touch them."""


def project_models():
    return [m for label in APPS for m in apps.get_app_config(label).get_models()]


def check_database() -> None:
    """Refuse anything but PostgreSQL holding nothing, or only an earlier generated data set."""
    if connection.vendor != "postgresql":
        raise NotGeneratedData("generate_scale_data needs PostgreSQL (DATABASE_URL=postgres://…).")
    foreign_committees = Committee.objects.exclude(address=EMAIL_DOMAIN).count()
    users = apps.get_model("members", "User").objects
    foreign_users = users.exclude(email__endswith="@" + EMAIL_DOMAIN).count()
    if foreign_committees or foreign_users:
        raise NotGeneratedData(
            f"The database holds {foreign_committees} committees and {foreign_users} users that "
            "generate_scale_data did not write: use an empty database."
        )


def wipe() -> None:
    """Empty every table of the project's apps (an earlier generated set), sessions included."""
    tables = [m._meta.db_table for m in project_models()]
    tables += ["django_session", "django_admin_log", "axes_accessattempt", "axes_accesslog"]
    existing = set(connection.introspection.table_names())
    tables = [t for t in tables if t in existing]
    execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def generate(plan: Plan, write) -> Steps:
    check_database()
    steps = Steps(write)
    execute("SET gen.seed = %s", [str(plan.seed)])
    # Bulk writes: no synchronous commit per statement (a crash loses the generated set, which
    # is re-made from its seed), more memory for the joins and the index builds.
    execute("SET synchronous_commit = off")
    execute("SET work_mem = '256MB'")
    execute("SET maintenance_work_mem = '512MB'")
    # Every reference is made by a join on rows already written, so the foreign keys' per-row
    # triggers are skipped while generating (check constraints and unique indexes still apply;
    # tests/demo/test_scale_data.py checks every reference of a generated set).
    execute("SET session_replication_role = replica")
    try:
        _run(plan, steps)
    finally:
        execute("SET session_replication_role = DEFAULT")
    write(
        f"  database size: {scalar('SELECT pg_size_pretty(pg_database_size(current_database()))')}"
    )
    return steps


def _run(plan: Plan, steps: Steps) -> None:
    steps.run("wipe", wipe)
    steps.run("superiors", lambda: organisation.superiors(plan))
    steps.run("committees", lambda: organisation.committees(plan))
    steps.run("cells", lambda: organisation.cells(plan))
    steps.run("users", lambda: organisation.users(plan))
    steps.run("members", lambda: organisation.members(plan))
    steps.run("positions", lambda: organisation.positions(plan))
    for step_name, step in _app_steps():
        steps.run(step_name, lambda step=step: step(plan))
    steps.run("sequences", lambda: reset_sequences(project_models()) or 0)
    steps.run("analyze", lambda: execute("ANALYZE") or 0)


def _app_steps():
    """The steps of the apps' records, in dependency order (each module's STEPS)."""
    return [*meetings.STEPS, *fees.STEPS, *reviews.STEPS, *library.STEPS, *reports.STEPS]
