"""The pure parts of the HTTP benchmark (bench/run.py): options, wrk's result line, the report."""

import json
from email.message import Message

import pytest

from bench import run

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/bare/
  2 threads and 4 connections
  Latency Distribution
     50%   33.75ms
  1078 requests in 10.00s, 8.18MB read
Requests/sec:    107.76
"""


def wrk_result(rps: float, *, p95: float = 50.0, non_2xx: int = 0, timeout: int = 0) -> dict:
    return {
        "bench": "chibo",
        "requests": int(rps * 10),
        "duration_s": 10.0,
        "requests_per_s": rps,
        "bytes": 1000,
        "latency_ms": {"p50": 30.0, "p95": p95, "p99": p95 + 10, "mean": 31.0, "max": 90.0},
        "errors": {"connect": 0, "read": 0, "write": 0, "timeout": timeout, "status": 0},
        "non_2xx": non_2xx,
    }


def row(slug: str, rps: float, **kwargs) -> dict:
    return {
        "slug": slug,
        "label": slug.replace("-", " "),
        "role": "member",
        "persona": "member1",
        "path": f"/{slug}/",
        "wrk": wrk_result(rps, **kwargs),
    }


def test_users_default_to_the_demo_logins_and_can_be_overridden():
    assert run.parse_users("") == run.DEFAULT_USERS
    users = run.parse_users("secretary=cb7_bt, superior=tinh_uy")
    assert users == {**run.DEFAULT_USERS, "secretary": "cb7_bt", "superior": "tinh_uy"}


@pytest.mark.parametrize("text", ["secretary", "chair=lan", "member="])
def test_a_wrong_users_option_is_refused(text):
    with pytest.raises(ValueError):
        run.parse_users(text)


def test_smoke_runs_a_second_a_page_without_warm_up():
    args = run.parse_args(["--smoke"])
    assert (args.duration, args.warmup) == (1, 0)
    assert run.parse_args([]).duration == 10


def test_the_result_line_of_page_lua_is_read_from_wrk_output():
    result = wrk_result(107.76)
    assert run.parse_wrk(WRK_OUTPUT + json.dumps(result) + "\n") == result


def test_wrk_output_without_a_result_line_is_an_error():
    with pytest.raises(ValueError, match="no result line"):
        run.parse_wrk(WRK_OUTPUT + '{"other": 1}\n')


def test_ratios_are_to_the_bare_page_of_the_same_run():
    rows = run.with_ratios([row("bare", 100.0), row("dashboard", 40.0)])
    assert [r["ratio"] for r in rows] == [1.0, 0.4]
    assert run.with_ratios([row("dashboard", 40.0)])[0]["ratio"] is None


def test_the_table_has_a_line_a_page():
    table = run.markdown_table(run.with_ratios([row("bare", 100.0), row("calendar", 52.7)]))
    lines = table.splitlines()
    assert lines[0].startswith("| page | persona | p50 ms | p95 ms | p99 ms | req/s | × bare |")
    assert lines[3] == (
        "| calendar | member1 | 30.0 | 50.0 | 60.0 | 52.7 | 0.53 | 0 / 0 | `/calendar/` |"
    )
    assert "| – |" in run.markdown_table([row("calendar", 52.7)])


def test_errors_and_answers_not_2xx_fail_the_run_slowness_only_with_a_limit():
    rows = [row("bare", 100.0), row("redirected", 90.0, non_2xx=3), row("slow", 5.0, p95=400)]
    rows.append(row("timing-out", 1.0, timeout=2))
    assert run.failures(rows) == [
        "redirected: 0 errors, 3 answers not 2xx",
        "timing out: 2 errors, 0 answers not 2xx",
    ]
    assert "slow: p95 400.0 ms > 150 ms" in run.failures(rows, p95_limit=150)


def test_set_cookie_headers_are_kept_and_deleted():
    headers = Message()
    headers["Set-Cookie"] = "csrftoken=abc; Path=/; SameSite=Lax; Secure"
    headers["Set-Cookie"] = "sessionid=s1; HttpOnly; Max-Age=43200; Path=/; Secure"
    headers["Set-Cookie"] = 'django_language=""; Max-Age=0; Path=/'
    cookies = {"django_language": "en"}
    run.keep_cookies(cookies, headers)
    assert cookies == {"csrftoken": "abc", "sessionid": "s1"}
    assert run.cookie_header(cookies) == "csrftoken=abc; sessionid=s1"


def test_the_commit_is_read_from_the_git_folder(tmp_path):
    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    assert run.git_commit(tmp_path) == "unknown"
    (git / "packed-refs").write_text("# pack-refs\n" + "a" * 40 + " refs/heads/main\n")
    assert run.git_commit(tmp_path) == "aaaaaaaaaaaa (main)"
    (git / "refs" / "heads" / "main").write_text("b" * 40 + "\n")
    assert run.git_commit(tmp_path) == "bbbbbbbbbbbb (main)"


def test_a_database_password_is_not_printed():
    url = "postgres://chibo:s3cret@db:5432/chibo"
    assert run.without_password(url) == "postgres://chibo:***@db:5432/chibo"
    assert run.without_password("sqlite:////tmp/db.sqlite3") == "sqlite:////tmp/db.sqlite3"


def test_the_header_states_the_set_up_and_warns_when_the_machine_was_busy():
    meta = {
        "database": "PostgreSQL 15.14",
        "database_detail": "PostgreSQL 15.14, as it is",
        "sessions": "sessions in the database",
        "date": "2025-12-07T22:00:00+07:00",
        "commit": "23a5ab3fabe8 (main)",
        "cpus": 2,
        "cpu_model": "Intel(R) Xeon(R) Processor",
        "ram": "23.5 GiB",
        "python": "3.13.0",
        "django": "5.2.19",
        "gunicorn": "27.0.1",
        "wrk": "wrk 4.1.0",
        "duration": 10,
        "warmup": "a 2 s warm-up",
        "busy_before": 0.02,
        "busy_after": 0.01,
        "busy_between": 0.04,
    }
    header = run.report_header(meta)
    assert "2 CPUs (nproc), Intel(R) Xeon(R) Processor, 23.5 GiB RAM" in header
    assert "2 sync workers" in header
    assert "4 connections, 2 threads, 10 s a page" in header
    assert "2% of the CPUs busy before the run, 1% after" in header
    assert "at most 4% between two pages" in header
    assert run.BUSY_WARNING not in header
    assert run.BUSY_WARNING in run.report_header({**meta, "busy_after": 0.6})
    assert run.BUSY_WARNING in run.report_header({**meta, "busy_between": 0.3})
