"""HTTP benchmark of chibo's main pages: gunicorn under wrk, each page as the persona who uses it.

    .venv/bin/python bench/run.py --out docs/bench/demo-sqlite          # demo data on SQLite
    .venv/bin/python bench/run.py --smoke                                # 1 s a page: does it run?
    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/chibo_bench \\
        --redis --out docs/bench/demo-postgres-redis

Without `--database-url` it migrates a throw-away SQLite database in a temporary folder and loads
the demo data (`seed_demo`); with it, the database is used as it is (demo data or
`generate_scale_data`): nothing is written to it but the logins (sessions, last login, django-axes'
log). gunicorn runs with the production settings (`deploy/gunicorn.conf.py`, DEBUG off, a
throw-away SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, static files collected into a temporary folder for
the manifest storage) and 2 sync workers — one request at a time each, as on a 2-core server —
on a free port of 127.0.0.1. Each persona logs in through the real login form; wrk sends her
session cookie and `X-Forwarded-Proto: https`, as nginx would (deploy/nginx-chibo.conf).

Each page is first asked once and must answer 200 (a 302 to the log-in page means the session
broke), then warmed up, then loaded by wrk (4 connections, 2 threads) for `--duration` seconds;
`bench/page.lua` reports the latency percentiles, the throughput and the errors. The report (a
markdown table on stdout: p50/p95/p99, requests/s and its ratio to the bare page's, DESIGN §6)
and, with `--out`, the raw wrk outputs and a JSON file are written.

Exit status: 0; 1 when a page answered an error or anything but 2xx (or, with `--p95-limit`, was
slower than it), or a page or a login failed before the load; 2 when wrk (or Redis, with
`--redis`) is missing.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA_SCRIPT = Path(__file__).resolve().parent / "page.lua"
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
HOST = "127.0.0.1"
WORKERS = 2
CONNECTIONS = 4
THREADS = 2
# A request slower than this counts as a wrk timeout error (wrk's default, 2 s, would turn a slow
# page into an error; the run fails on errors, not on slowness).
WRK_TIMEOUT_S = 30
REDIS_URL = "redis://127.0.0.1:6379/14"
DEFAULT_PASSWORD = "chibo-demo-2025"
# Persona role → the demo login (`seed_demo`); `--users` names others (generate_scale_data).
DEFAULT_USERS = {
    "committee": "committee",
    "secretary": "secretary1",
    "member": "member1",
    "superior": "superior",
}
# Sent with every request, as the proxy in front of gunicorn sends it: without it, DEBUG off
# redirects plain HTTP to HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# Other programs taking more than this share of the CPUs make the figures too low to compare.
BUSY_LIMIT = 0.10
BUSY_WARNING = "**the machine was busy: these figures are too low**"
INSTALL_WRK = (
    "wrk is not installed. On Debian or Ubuntu: sudo apt-get install -y wrk "
    "(elsewhere: build it from https://github.com/wg/wrk)."
)


# --- options ---------------------------------------------------------------------------------------


def parse_users(text: str) -> dict[str, str]:
    """`committee=NAME,secretary=NAME,…` → {role: username}, over the demo logins."""
    users = dict(DEFAULT_USERS)
    for part in filter(None, (p.strip() for p in text.split(","))):
        role, sep, name = part.partition("=")
        role, name = role.strip(), name.strip()
        if not sep or not name:
            raise ValueError(f"{part!r}: expected ROLE=USERNAME")
        if role not in DEFAULT_USERS:
            raise ValueError(f"{role!r}: the roles are {', '.join(DEFAULT_USERS)}")
        users[role] = name
    return users


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        help="an existing, migrated database to use as it is (default: a temporary SQLite "
        "database with the demo data)",
    )
    parser.add_argument(
        "--redis",
        action="store_true",
        help=f"cache and sessions in Redis ({REDIS_URL}, emptied first)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="PAGE_CACHE=0: every page rendered afresh, as on the first view after a write",
    )
    parser.add_argument(
        "--duration", type=int, default=10, help="seconds of load a page (default 10)"
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of warm-up load a page (default 2)"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="1 s a page and no warm-up load: does it run?"
    )
    parser.add_argument(
        "--users",
        default="",
        help="committee=NAME,secretary=NAME,member=NAME,superior=NAME (default: the demo "
        "logins " + ",".join(f"{r}={u}" for r, u in DEFAULT_USERS.items()) + ")",
    )
    parser.add_argument(
        "--password", default=DEFAULT_PASSWORD, help="the personas' password (default: the demo's)"
    )
    parser.add_argument("--out", type=Path, help="folder for the report, JSON and raw wrk outputs")
    parser.add_argument(
        "--p95-limit", type=float, help="also fail when a page's p95 latency exceeds this, ms"
    )
    args = parser.parse_args(argv)
    try:
        args.users = parse_users(args.users)
    except ValueError as error:
        parser.error(f"--users {error}")
    if args.smoke:
        args.duration, args.warmup = 1, 0
    if args.duration < 1 or args.warmup < 0:
        parser.error("--duration must be at least 1 and --warmup at least 0")
    return args


# --- wrk's results and the report (pure) ---------------------------------------------------------


def parse_wrk(output: str) -> dict:
    """The JSON line `bench/page.lua` prints at the end of a wrk run."""
    for line in reversed(output.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            data = json.loads(line)
            if data.get("bench") == "chibo":
                return data
    raise ValueError("wrk printed no result line (is bench/page.lua its script?)")


def error_count(result: dict) -> int:
    """Socket errors and timeouts (answers ≥ 400 are in `non_2xx`)."""
    errors = result["errors"]
    return sum(errors[kind] for kind in ("connect", "read", "write", "timeout"))


def with_ratios(rows: list[dict], bare: str = "bare") -> list[dict]:
    """Each row with `ratio`: its requests/s over the bare page's (None without a bare page)."""
    base = next((r["wrk"]["requests_per_s"] for r in rows if r["slug"] == bare), None)
    return [{**row, "ratio": row["wrk"]["requests_per_s"] / base if base else None} for row in rows]


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| page | persona | p50 ms | p95 ms | p99 ms | req/s | × bare | errors / non-2xx | path |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    for row in rows:
        result, latency = row["wrk"], row["wrk"]["latency_ms"]
        ratio = "–" if row.get("ratio") is None else f"{row['ratio']:.2f}"
        lines.append(
            f"| {row['label']} | {row['persona']} | {latency['p50']:.1f} | {latency['p95']:.1f} "
            f"| {latency['p99']:.1f} | {result['requests_per_s']:.1f} | {ratio} "
            f"| {error_count(result)} / {result['non_2xx']} | `{row['path']}` |"
        )
    return "\n".join(lines)


def failures(rows: list[dict], p95_limit: float | None = None) -> list[str]:
    """Why the run fails: errors or answers other than 2xx; with a limit, a slow page."""
    found = []
    for row in rows:
        result = row["wrk"]
        errors, non_2xx = error_count(result), result["non_2xx"]
        if errors or non_2xx:
            found.append(f"{row['label']}: {errors} errors, {non_2xx} answers not 2xx")
        if p95_limit is not None and result["latency_ms"]["p95"] > p95_limit:
            p95 = result["latency_ms"]["p95"]
            found.append(f"{row['label']}: p95 {p95:.1f} ms > {p95_limit:g} ms")
    return found


def report_header(meta: dict) -> str:
    return "\n".join(
        [
            f"# chibo HTTP benchmark — {meta['database']}",
            "",
            f"- date: {meta['date']}; git commit: {meta['commit']}",
            f"- machine: {meta['cpus']} CPUs (nproc), {meta['cpu_model']}, {meta['ram']} RAM; "
            "wrk shares these cores with gunicorn and the database",
            f"- database: {meta['database_detail']}",
            f"- cache and sessions: {meta['sessions']}",
            f"- server: gunicorn {meta['gunicorn']}, {WORKERS} sync workers "
            "(deploy/gunicorn.conf.py, recycling off), DEBUG off, "
            f"Python {meta['python']}, Django {meta['django']}",
            f"- load: {meta['wrk']}, {CONNECTIONS} connections, {THREADS} threads, "
            f"{meta['duration']} s a page after {meta['warmup']}; the session cookie of a real "
            "login; × bare: requests/s over the bare page's (the base template, nothing in it)",
            f"- other programs' load: {busy_text(meta['busy_before'])} of the CPUs busy before "
            f"the run, {busy_text(meta['busy_after'])} after (2 s with nothing of the benchmark "
            f"running), at most {busy_text(meta['busy_between'])} between two pages (0.5 s, gunicorn left out)"
            + (f"; {BUSY_WARNING}" if is_busy(meta) else ""),
        ]
    )


def is_busy(meta: dict) -> bool:
    keys = ("busy_before", "busy_after", "busy_between")
    return any((meta.get(k) or 0) > BUSY_LIMIT for k in keys)


# --- the machine and the code --------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def git_commit(root: Path = ROOT) -> str:
    """The checked-out commit, read from `.git` (no git needed): short hash and branch."""
    git = root / ".git"
    try:
        if git.is_file():  # a worktree: "gitdir: <path>"
            git = (root / git.read_text().split(":", 1)[1].strip()).resolve()
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head[5:]
        common = git / "commondir"
        base = (git / common.read_text().strip()).resolve() if common.is_file() else git
        for folder in (git, base):
            if (folder / ref).is_file():
                return f"{(folder / ref).read_text().strip()[:12]} ({ref.rsplit('/', 1)[-1]})"
        packed = base / "packed-refs"
        if packed.is_file():
            for line in packed.read_text().splitlines():
                if line.endswith(" " + ref):
                    return f"{line.split()[0][:12]} ({ref.rsplit('/', 1)[-1]})"
    except (OSError, IndexError):
        pass
    return "unknown"


def cpu_ticks(pid: int) -> int:
    """CPU time a process has used (user + system, in the ticks of /proc/stat); 0 when gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])


def process_tree(pid: int) -> list[int]:
    """`pid` and its children (gunicorn's master and workers)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return [pid, *children]


def cpu_busy(seconds: float = 2.0, exclude: int | None = None) -> float | None:
    """The share of the machine's CPU time that was busy over `seconds` while this process slept,
    leaving out the process tree `exclude` (gunicorn, finishing the requests wrk left in flight):
    what other programs took (a busy machine lowers every figure). None without /proc/stat."""

    def sample() -> tuple[int, int, int]:
        # cpu  user nice system idle iowait irq softirq steal …
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        ours = sum(cpu_ticks(p) for p in pids)
        return sum(fields), fields[3] + fields[4], ours

    pids = process_tree(exclude) if exclude else []
    try:
        total, idle, ours = sample()
        time.sleep(seconds)
        total2, idle2, ours2 = sample()
    except (OSError, ValueError, IndexError):
        return None
    elapsed = total2 - total
    if elapsed <= 0:
        return None
    return max(0.0, (elapsed - (idle2 - idle) - (ours2 - ours)) / elapsed)


def busy_text(share: float | None) -> str:
    return "unknown" if share is None else f"{share:.0%}"


def without_password(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def say(message: str) -> None:
    """Progress goes to stderr: stdout is the report."""
    print(message, file=sys.stderr, flush=True)


# --- Django in this process: the database, the static files, the pages' ids -----------------------


def environment(
    folder: Path, database_url: str, redis: bool, page_cache: bool = True
) -> dict[str, str]:
    """Production settings for this process and gunicorn's."""
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "PAGE_CACHE": "1" if page_cache else "0",
        "PAGE_CACHE_DIR": str(folder / "pages"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": str(WORKERS),
        "GUNICORN_ACCESS_LOG": "0",
    }
    if redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    if "REDIS_URL" not in env:
        os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(database_given: bool) -> None:
    """The demo database (when none is given), the static files, an empty Redis database."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    with open(os.devnull, "w") as quiet:
        if database_given:
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                raise SystemExit(
                    "The database has unapplied migrations: run `manage.py migrate` on it first."
                )
        else:
            say("Migrating a temporary SQLite database and loading the demo data…")
            call_command("migrate", verbosity=0, interactive=False)
            call_command("seed_demo", stdout=quiet)
        say("Collecting the static files (the manifest storage needs them)…")
        call_command("collectstatic", verbosity=0, interactive=False, stdout=quiet)
    if os.environ.get("REDIS_URL"):
        cache.clear()  # Redis database 14: nothing left from an earlier run


def database_description(database_given: bool) -> tuple[str, str]:
    """(short name, detail) of the database engine and data set."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
        name = f"PostgreSQL {version}"
    elif connection.vendor == "sqlite":
        import sqlite3

        name = f"SQLite {sqlite3.sqlite_version}"
    else:
        name = connection.vendor
    if database_given:
        url = without_password(os.environ["DATABASE_URL"])
        return name, f"{name}, `{url}` as it is"
    return name, f"{name}, a temporary file with the demo data (migrate + seed_demo)"


def pages(users: dict[str, str]) -> list[dict]:
    """The pages, each with the persona (role) who normally opens it and its path, their ids
    resolved in the data the persona sees."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from cells.models import Committee
    from meetings.models import Meeting
    from meetings.models import Status as MeetingStatus
    from members import access
    from reports.models import PeriodReport

    User = get_user_model()
    found = {}
    for role, username in users.items():
        try:
            found[role] = User.objects.get(username=username)
        except User.DoesNotExist:
            raise SystemExit(f"No user {username!r} ({role}): see --users.") from None

    def missing(what: str):
        return SystemExit(f"Cannot benchmark: {what}.")

    committee_acc = access.access_for(found["committee"])
    committee = (
        Committee.objects.filter(pk__in=committee_acc.officer_committees)
        .order_by("name", "pk")
        .first()
    )
    if committee is None:
        raise missing(f"{users['committee']} is no committee officer")
    secretary_acc = access.access_for(found["secretary"])
    cells = secretary_acc.editor_cells or secretary_acc.officer_cells
    if not cells:
        raise missing(f"{users['secretary']} is no cell officer")
    cell_pk = min(cells)
    meeting = (
        Meeting.objects.visible_to(found["secretary"])
        .filter(cell_id=cell_pk, status=MeetingStatus.HELD, minutes__isnull=False)
        .order_by("-date", "-pk")
        .first()
    )
    if meeting is None:
        raise missing(f"no held meeting with minutes in the cell of {users['secretary']}")
    report = (
        PeriodReport.objects.filter(committee=committee, kind=PeriodReport.Kind.MONTH)
        .order_by("-period_start", "-pk")
        .first()
    )
    if report is None:
        raise missing(f"no monthly report of {committee.name}")
    superior = access.superiors_of(found["superior"]).first()
    if superior is None:
        raise missing(f"{users['superior']} holds no grant at a superior")

    def page(slug, label, role, path):
        return {"slug": slug, "label": label, "role": role, "persona": users[role], "path": path}

    return [
        # The yardstick: the base template with nothing in it (same middleware and session).
        page("bare", "bare page", "member", reverse("bare")),
        page(
            "committee-dashboard",
            "committee dashboard",
            "committee",
            reverse("dashboard:committee", args=[committee.pk]),
        ),
        page(
            "superior-dashboard",
            "superior dashboard",
            "superior",
            reverse("reports:superior_dashboard", args=[superior.pk]),
        ),
        page("secretary-home", "cell secretary's home", "secretary", reverse("dashboard:my_home")),
        page("member-home", "member's home", "member", reverse("dashboard:my_home")),
        page(
            "member-list",
            "member list, filtered and searched",
            "committee",
            reverse("members:list") + "?q=nguyen&status=official",
        ),
        page(
            "meeting",
            "latest held meeting",
            "secretary",
            reverse("meetings:detail", args=[meeting.pk]),
        ),
        page("minutes", "its minutes", "secretary", reverse("meetings:minutes", args=[meeting.pk])),
        page("calendar", "meeting calendar", "member", reverse("meetings:calendar")),
        page("task-board", "task board", "secretary", reverse("meetings:task_board")),
        page(
            "fee-register",
            "cell fee register",
            "secretary",
            reverse("fees:cell_register", args=[cell_pk]),
        ),
        page(
            "library-search",
            "library search",
            "member",
            reverse("library:documents") + "?q=quy+che",
        ),
        page(
            "monthly-report",
            "latest monthly report",
            "committee",
            reverse("reports:detail", args=[report.pk]),
        ),
    ]


# --- gunicorn and HTTP ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(GUNICORN_CONFIG),
        "--bind",
        f"{HOST}:{port}",
        "--worker-class",
        "sync",
        # No recycling during the run: a fresh process's first requests would be in the figures.
        "--max-requests",
        "0",
        # Its control socket would go to the home folder, shared by every run.
        "--no-control-socket",
        "--error-logfile",
        str(log),
    ]
    # The production configuration reads its address from GUNICORN_BIND (its default, a Unix
    # socket under /run/chibo, would also place the control socket there).
    env = {**os.environ, "GUNICORN_BIND": f"{HOST}:{port}"}
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def request(port, method, path, *, cookies=None, body=None, headers=None):
    """(status, headers, body text) of one request, redirects not followed."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        sent = {**PROXY_HEADERS, **(headers or {})}
        if cookies:
            sent["Cookie"] = cookie_header(cookies)
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_until_up(port: int, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (status {process.returncode}):\n{tail(log)}")
        try:
            if request(port, "GET", "/health/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer /health/ within {timeout:g} s:\n{tail(log)}")


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text().splitlines()[-lines:])
    except OSError:
        return ""


def logged_only_info(log: Path) -> bool:
    """gunicorn said nothing but its start and stop (no warning, no error, no traceback)."""
    try:
        return all("[INFO]" in line for line in log.read_text().splitlines())
    except OSError:
        return True


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def keep_cookies(cookies: dict[str, str], headers) -> None:
    """Apply the Set-Cookie headers of an answer to `cookies` (a deleted cookie goes)."""
    for raw in headers.get_all("Set-Cookie") or []:
        jar = SimpleCookie()
        jar.load(raw)
        for name, morsel in jar.items():
            if morsel.value == "" or morsel["max-age"] == "0":
                cookies.pop(name, None)
            else:
                cookies[name] = morsel.value


def login(port: int, username: str, password: str) -> dict[str, str]:
    """Log in through the login form, as a browser does: the session's cookies."""
    from django.conf import settings
    from django.urls import reverse

    path = reverse("login")
    cookies: dict[str, str] = {}
    status, headers, body = request(port, "GET", path)
    keep_cookies(cookies, headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None:
        raise SystemExit(f"The login page answered {status} without a form.")
    origin = f"https://{HOST}:{port}"
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    )
    status, headers, _body = request(
        port,
        "POST",
        path,
        cookies=cookies,
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + path,
        },
    )
    keep_cookies(cookies, headers)
    location = headers.get("Location", "")
    if status != 302 or settings.SESSION_COOKIE_NAME not in cookies:
        hint = {200: "wrong username or password?", 429: "locked out by django-axes"}
        raise SystemExit(
            f"Login as {username!r} failed: {status} ({hint.get(status, 'unexpected answer')})."
        )
    if location.startswith(reverse("login_two_factor")):
        raise SystemExit(f"Login as {username!r} asks for a two-step code: choose another user.")
    return cookies


def check_pages(port: int, rows: list[dict], sessions: dict) -> list[str]:
    """Each page asked once (and twice more, a small warm-up) as its persona: the problems."""
    from django.urls import reverse

    problems = []
    for row in rows:
        for _ in range(3):
            status, headers, _body = request(
                port, "GET", row["path"], cookies=sessions[row["role"]]
            )
            if status != 200:
                break
        say(f"  {status}  {row['path']}  ({row['persona']})")
        if status != 200:
            location = headers.get("Location", "")
            why = (
                "the session broke (sent to the login page)"
                if location.startswith(reverse("login"))
                else location or "not a page"
            )
            problems.append(f"{row['label']} ({row['persona']}): {status} — {why}")
    return problems


def run_wrk(port: int, path: str, cookies: dict[str, str], seconds: int) -> tuple[str, dict]:
    command = [
        "wrk",
        f"--threads={THREADS}",
        f"--connections={CONNECTIONS}",
        f"--duration={seconds}s",
        f"--timeout={WRK_TIMEOUT_S}s",
        "--latency",
        f"--script={LUA_SCRIPT}",
        f"--header=Cookie: {cookie_header(cookies)}",
        *(f"--header={name}: {value}" for name, value in PROXY_HEADERS.items()),
        f"http://{HOST}:{port}{path}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    output = done.stdout + (f"\n[stderr]\n{done.stderr}" if done.stderr.strip() else "")
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}) on {path}:\n{output}")
    return output, parse_wrk(done.stdout)


def wrk_version() -> str:
    done = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    match = re.search(r"wrk (\S+)", done.stdout + done.stderr)
    return f"wrk {match.group(1)}" if match else "wrk"


# --- the run -------------------------------------------------------------------------------------


def write_out(folder: Path, report: str, meta: dict, rows: list[dict], raw: dict[str, str]):
    (folder / "wrk").mkdir(parents=True, exist_ok=True)
    (folder / "report.md").write_text(report + "\n")
    (folder / "results.json").write_text(
        json.dumps({"meta": meta, "pages": rows}, indent=2, ensure_ascii=False) + "\n"
    )
    for slug, output in raw.items():
        (folder / "wrk" / f"{slug}.txt").write_text(output)


def benchmark(args, folder: Path) -> int:
    database_given = bool(args.database_url)
    database_url = args.database_url or f"sqlite:///{folder / 'db.sqlite3'}"
    setup_django(environment(folder, database_url, args.redis, not args.no_page_cache))
    import django
    import gunicorn
    from django.db import connections

    prepare(database_given)
    database, database_detail = database_description(database_given)
    rows = pages(args.users)
    connections.close_all()  # this process only reads ids: gunicorn's workers have the database

    meta = {
        "database": database + (" + Redis" if args.redis else ""),
        "database_detail": database_detail,
        "sessions": (
            f"Redis ({REDIS_URL}): cache, sessions cached_db"
            if args.redis
            else "sessions in the database, cache in each process's memory"
        )
        + (
            "; pages' cached parts off (`--no-page-cache`)"
            if args.no_page_cache
            else "; pages' cached parts on (`core.versions`)"
        ),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": git_commit(),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "ram": ram(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "wrk": wrk_version(),
        "workers": WORKERS,
        "worker_class": "sync",
        "connections": CONNECTIONS,
        "threads": THREADS,
        "duration": args.duration,
        "warmup": f"a {args.warmup} s warm-up" if args.warmup else "3 warm-up requests",
    }
    meta["busy_before"] = cpu_busy()
    if is_busy(meta):
        say(f"Other programs keep {busy_text(meta['busy_before'])} of the CPUs busy.")
    port, log = free_port(), folder / "gunicorn.log"
    say(f"Starting gunicorn ({WORKERS} sync workers) on {HOST}:{port}…")
    server = start_gunicorn(port, log)
    try:
        wait_until_up(port, server, log)
        roles = dict.fromkeys(row["role"] for row in rows)
        sessions = {role: login(port, args.users[role], args.password) for role in roles}
        say("Each page once, as its persona:")
        problems = check_pages(port, rows, sessions)
        if problems:
            say("\nPages that do not answer 200, no load run:\n  " + "\n  ".join(problems))
            return 1
        raw, between = {}, []
        for row in rows:
            # Between two pages: whatever keeps the CPUs busy but gunicorn is another program.
            between.append(cpu_busy(0.5, exclude=server.pid))
            if args.warmup:
                run_wrk(port, row["path"], sessions[row["role"]], args.warmup)
            say(f"Loading {row['label']} for {args.duration} s…")
            raw[row["slug"]], row["wrk"] = run_wrk(
                port, row["path"], sessions[row["role"]], args.duration
            )
    finally:
        stop(server)
        if args.out and not logged_only_info(log):
            args.out.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(log, args.out / "gunicorn.log")

    meta["busy_after"] = cpu_busy()
    meta["busy_between"] = max((b for b in between if b is not None), default=None)
    meta["busy_between_pages"] = between
    rows = with_ratios(rows)
    report = report_header(meta) + "\n\n" + markdown_table(rows)
    found = failures(rows, args.p95_limit)
    if found:
        report += "\n\nFailed:\n\n" + "\n".join(f"- {line}" for line in found)
    print(report)
    if args.out:
        write_out(args.out, report, meta, rows, raw)
        say(f"Written to {args.out}/")
    return 1 if found else 0


def main(argv=None) -> int:
    args = parse_args(argv)
    # A SIGTERM ends the run like Ctrl-C: through the `finally` that stops gunicorn.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if shutil.which("wrk") is None:
        print(INSTALL_WRK, file=sys.stderr)
        return 2
    if args.redis:
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_timeout=3).ping()
        except redis.RedisError as error:
            print(
                f"Redis does not answer at {REDIS_URL} ({error}). On Debian or Ubuntu: "
                "sudo apt-get install -y redis-server (then start it).",
                file=sys.stderr,
            )
            return 2
    if args.out:
        args.out = args.out.resolve()
    with tempfile.TemporaryDirectory(prefix="chibo-http-bench-") as tmp:
        return benchmark(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
