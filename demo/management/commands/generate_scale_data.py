"""Build a province-sized data set on PostgreSQL for benchmarks (issue 23, DOMAIN §11).

    manage.py generate_scale_data --members 150000 --years 5 [--seed 1]

About 30 superiors, 1,000 committees, 8,000 cells and 150,000 members (150 a committee, 8 cells
each) with five years of monthly meetings and what they record, fees, reviews, supervision, the
library and monthly reports — written with PostgreSQL's bulk paths (`INSERT … SELECT
generate_series`, COPY). The same seed gives the same data. It refuses a database holding
anything it did not generate; an earlier generated set is replaced. Logins: every member is
`m<id>`, the benchmark's personas `bench-committee`, `bench-secretary`, `bench-member` and
`bench-superior`; the password is the demo's (README).
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core import versions
from demo.scale.generate import NotGeneratedData, generate
from demo.scale.plan import Plan


class Command(BaseCommand):
    help = "Build a province-sized data set on PostgreSQL for benchmarks (never on real data)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=150_000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="the day the data set ends on (default: today)",
        )

    def handle(self, *args, members, years, seed, today, **options):
        if members < 24 or not 1 <= years <= 10:
            raise CommandError("--members must be at least 24 and --years between 1 and 10.")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database has unapplied migrations: run `manage.py migrate`.")
        plan = Plan(members=members, years=years, seed=seed, today=today or timezone.localdate())
        self.stdout.write(
            f"Generating {plan.superiors} superiors, {plan.committees} committees, "
            f"{plan.cells} cells, {plan.total_members:,} members, {plan.month_count} months "
            f"({plan.months[0]:%m/%Y}–{plan.months[-1]:%m/%Y}), seed {seed}:"
        )
        started = time.monotonic()
        try:
            generate(plan, self.stdout.write)
        except NotGeneratedData as error:
            raise CommandError(str(error)) from error
        versions.touch_all()  # written by SQL, with no signal: every cached part is made again
        # A database in use has been vacuumed: the visibility maps let the indexes answer alone
        # (index-only scans), as they would on a server that has run for a while.
        vacuumed = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        self.stdout.write(f"  {'vacuum':<34} {'':>16} {time.monotonic() - vacuumed:8.1f} s")
        self.stdout.write(f"Done in {time.monotonic() - started:.0f} s.")
