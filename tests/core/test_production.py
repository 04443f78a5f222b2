"""The production run (issue 21): gunicorn with the production settings on a Unix socket, as
deploy/chibo.service starts it, answering through the socket as nginx would ask it.

The app is started the way the README's deployment section does: `collectstatic` into its own
folder, then `gunicorn -c deploy/gunicorn.conf.py` with DEBUG off, a secret key and the database
of this test run (PostgreSQL on the PostgreSQL leg; an SQLite file otherwise).
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse

from cells.models import CommitteeSettings

ROOT = Path(settings.BASE_DIR)
HOST = "chibo.example.vn"


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over a Unix socket (what nginx's `proxy_pass http://unix:…` does)."""

    def __init__(self, socket_path: str):
        super().__init__("localhost", timeout=15)
        self.socket_path = socket_path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(15)
        sock.connect(self.socket_path)
        self.sock = sock


def _get(socket_path, path, headers=None):
    conn = UnixHTTPConnection(socket_path)
    try:
        conn.request("GET", path, headers={"Host": HOST, **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _database_url(tmp_path) -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.postgresql":
        user = db["USER"] or "postgres"
        return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{tmp_path / 'production.sqlite3'}"


@pytest.fixture(scope="module")
def production_env(tmp_path_factory, django_db_blocker):
    tmp_path = tmp_path_factory.mktemp("production")
    with django_db_blocker.unblock():
        database_url = _database_url(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TRUSTED_PROXY_COUNT": "1",
        "GUNICORN_BIND": f"unix:{tmp_path / 'chibo.sock'}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "0",
    }
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT"):
        env.pop(name, None)
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    return env, tmp_path, bin_dir


@pytest.fixture(scope="module")
def gunicorn(production_env):
    env, tmp_path, bin_dir = production_env
    socket_path = str(tmp_path / "chibo.sock")
    log = open(tmp_path / "gunicorn.log", "w+b")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"gunicorn stopped: {log.read().decode(errors='replace')}")
            if os.path.exists(socket_path):
                try:
                    if _get(socket_path, "/health/")[0]:
                        break
                except OSError:
                    pass
            if time.monotonic() > deadline:
                pytest.fail("gunicorn did not answer on its socket within 30 s")
            time.sleep(0.1)
        yield socket_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover - only if gunicorn hangs
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_health_through_the_socket_checks_the_database(gunicorn):
    # No X-Forwarded-Proto: a monitor asking the socket directly is not redirected to HTTPS.
    status, headers, body = _get(gunicorn, "/health/")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": "ok"}
    assert headers["Content-Type"] == "application/json"


def test_pages_through_the_socket_with_the_production_settings(gunicorn):
    # As nginx forwards an HTTPS request: the login page, with the compressed, hashed static files.
    status, headers, body = _get(gunicorn, "/account/login/", {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    page = body.decode()
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the production page links its CSS by a hashed name (collectstatic)"
    status, headers, css = _get(gunicorn, stylesheet.group(1), {"X-Forwarded-Proto": "https"})
    assert status == 200 and css
    assert "immutable" in headers["Cache-Control"]
    # Plain HTTP (nginx's port 80 forwards nothing but the redirect): the app redirects to HTTPS.
    status, headers, _ = _get(gunicorn, "/account/login/")
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/account/login/"
    # A host the settings do not name is refused.
    status, _, _ = _get(gunicorn, "/health/", {"Host": "evil.example.com"})
    assert status == 400


def test_deploy_files_agree_with_the_settings():
    nginx = (ROOT / "deploy" / "nginx-chibo.conf").read_text()
    unit = (ROOT / "deploy" / "chibo.service").read_text()
    conf = (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    # nginx forwards to the socket gunicorn binds by default, and the upload limit fits the
    # largest limit a committee is given by default plus the form's other fields.
    assert "unix:/run/chibo/chibo.sock" in nginx and "unix:/run/chibo/chibo.sock" in conf
    assert "RuntimeDirectory=chibo" in unit
    body_mb = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    default_limit = CommitteeSettings._meta.get_field("upload_max_mb").default
    assert body_mb >= default_limit + 3
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    env_example = (ROOT / "deploy" / "env.example").read_text()
    assert "TRUSTED_PROXY_COUNT=1" in env_example


@pytest.mark.django_db
def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
