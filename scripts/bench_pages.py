"""Time the dashboard pages on the demo data: median and p95 server time, and the query count.

    .venv/bin/python scripts/bench_pages.py               # 30 runs a page; fails on a slow page
    .venv/bin/python scripts/bench_pages.py --runs 100 --no-fail

It migrates a throw-away SQLite database in a temporary folder (uploads go there too), loads the
demo data (`seed_demo`), then requests each page in-process with Django's test client, logged in
with `force_login`, after one warm-up request: the committee dashboard and its year report (.xlsx
and .docx) as `committee`, the home of `secretary1` and of `member1` (no redirect followed), this
month's report draft (page and .docx) as `committee`, the superior's dashboard as `superior`, and
the guide's index as `member1` (little more than the base template: what every page pays). The
time is the server's (middleware, view, templates), without a network or a browser. DEBUG is off,
as in production (the static-file manifest is replaced by plain static URLs: no collectstatic).

Exits with status 1 when a page's median is `--limit` ms (default 50: the issue's budget for the
dashboard and the homes) or more, a download's (the year report) `--download-limit` ms (default
100: it builds a whole workbook or document) or more, or a page answers
a server error (5xx but 501, the answer of a page still being built); `--no-fail` only reports.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMITTEE_NAME = "Đảng bộ Trường THPT Krông Bông"
SUPERIOR_NAME = "Đảng ủy xã Krông Bông"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="requests per page (default 30)")
    parser.add_argument(
        "--limit", type=float, default=50.0, help="slowest median of a page, ms (default 50)"
    )
    parser.add_argument(
        "--download-limit",
        type=float,
        default=100.0,
        help="slowest median of a download (.xlsx, .docx), ms (default 100)",
    )
    parser.add_argument(
        "--no-fail", action="store_true", help="report only: always exit with status 0"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def setup_django(folder: Path):
    """Settings from the environment, as in production, on a database in `folder`."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-pages-throwaway-secret-key-not-for-production",
            "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "PAGE_CACHE_DIR": str(folder / "pages"),
            "LOG_LEVEL": "ERROR",
        }
    )
    sys.path.insert(0, str(ROOT))
    # No collectstatic: whitenoise has no folder to serve from (static URLs are not timed).
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 30 runs: the 29th fastest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil
    return ordered[int(rank) - 1]


def dashboard_url(committee, name: str) -> str:
    from django.urls import reverse

    return reverse(f"dashboard:{name}", args=[committee.pk])


def pages():
    """(label, username, URL, is_download) of every page timed."""
    from django.urls import reverse

    from cells.models import Committee, Superior
    from reports.models import PeriodReport

    committee = Committee.objects.get(name=COMMITTEE_NAME)
    superior = Superior.objects.get(name=SUPERIOR_NAME)
    report = PeriodReport.objects.filter(committee=committee, status="draft").latest("pk")
    return [
        ("committee dashboard", "committee", dashboard_url(committee, "committee"), False),
        ("report .xlsx", "committee", dashboard_url(committee, "report_xlsx"), True),
        ("report .docx", "committee", dashboard_url(committee, "report_docx"), True),
        ("home secretary1", "secretary1", reverse("dashboard:home"), False),
        ("home member1", "member1", reverse("dashboard:home"), False),
        ("monthly report (draft)", "committee", reverse("reports:detail", args=[report.pk]), False),
        ("monthly report .docx", "committee", reverse("reports:docx", args=[report.pk]), True),
        (
            "superior dashboard",
            "superior",
            reverse("reports:superior_dashboard", args=[superior.pk]),
            False,
        ),
        ("guide (a bare page)", "member1", reverse("dashboard:guide"), False),
    ]


def measure(client, url: str, runs: int):
    """(times in ms, queries of the last request, status codes seen) after one warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, translations, caches
    times, statuses, queries = [], set(), 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        times.append(elapsed * 1000)
        statuses.add(response.status_code)
        queries = len(captured)
    return times, queries, statuses


def main(argv=None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="chibo-bench-") as tmp:
        setup_django(Path(tmp))
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client, override_settings

        print("Migrating and loading the demo data…", flush=True)
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"Ready in {time.perf_counter() - started:.1f} s; {args.runs} runs a page.\n")

        User = get_user_model()
        plain_static = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        rows, failures = [], []
        with override_settings(STORAGES=plain_static):
            for label, username, url, is_download in pages():
                limit = args.download_limit if is_download else args.limit
                client = Client()
                client.force_login(User.objects.get(username=username))
                times, queries, statuses = measure(client, url, args.runs)
                median, p95 = statistics.median(times), percentile(times, 0.95)
                rows.append((label, url, median, p95, queries, statuses))
                if median >= limit:
                    failures.append(f"{label}: median {median:.1f} ms ≥ {limit:g} ms")
                errors = sorted(s for s in statuses if s >= 500 and s != 501)
                if errors:
                    failures.append(f"{label}: server error {errors}")

    width = max(len(label) for label, *_rest in rows)
    print(f"{'page':<{width}}  {'median':>9}  {'p95':>9}  {'queries':>7}  status  url")
    for label, url, median, p95, queries, statuses in rows:
        codes = ",".join(str(s) for s in sorted(statuses))
        print(f"{label:<{width}}  {median:7.1f}ms  {p95:7.1f}ms  {queries:>7}  {codes:<6}  {url}")
    pending = [label for label, *_r, statuses in rows if 501 in statuses]
    if pending:
        print("\nNot built yet (501): " + ", ".join(pending))
    if failures:
        print("\nToo slow or failing:\n  " + "\n  ".join(failures))
        if not args.no_fail:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
