"""The installable app (issue 24): the manifest, the service worker's script, the offline page
(`core/views.py`), what the logout deletes, and the static files kept when the worker installs
(`core/offline.py`). The worker itself runs in the browser tests (tests/e2e/test_offline.py).
"""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse

from core import offline
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_in_vietnamese_with_its_icons(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # never asked: a manifest has no cookie
    response = client.get(reverse("manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["lang"] == "vi"
    assert data["name"].startswith("chibo — Công tác")
    assert data["short_name"] == "Chi bộ"
    assert (data["start_url"], data["scope"], data["display"]) == ("/", "/", "standalone")
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in data["icons"])
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]


def test_the_service_worker_is_served_at_the_root_never_cached_with_its_settings(client):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    config = json.loads(re.search(r"self\.CHIBO = (\{.*\});", body).group(1))
    assert config["offlineUrl"] == reverse("offline")
    assert config["checkUrl"] == reverse("meetings:offline_check")
    assert config["headers"]["keep"] == offline.KEEP_HEADER
    assert config["shell"] == [static(asset) for asset in offline.SHELL_ASSETS]
    assert f'importScripts("{static("js/sw.js")}")' in body
    # No inline code to allow: the worker is a script of the app's own origin (CSP script-src).
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_every_file_the_worker_keeps_exists():
    for asset in offline.SHELL_ASSETS:
        assert finders.find(asset), asset


def test_every_asset_the_base_template_links_is_kept_by_the_worker(client, plain_user):
    client.force_login(plain_user)
    page = client.get(reverse("bare")).content.decode()
    linked = set(re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page))
    kept = {static(asset) for asset in offline.SHELL_ASSETS}
    assert linked and linked <= kept, linked - kept


def test_the_offline_page_holds_nothing_of_the_user(client):
    user = UserFactory(full_name="Hoàng Thị Riêng Tư", username="rieng-tu")
    client.force_login(user)
    response = client.get(reverse("offline"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Riêng Tư" not in body and "rieng-tu" not in body
    assert "csrfmiddlewaretoken" not in body and "X-CSRFToken" not in body
    assert 'id="offline-kept"' in body


def test_a_user_who_must_change_her_password_still_gets_the_app_files(client):
    user = UserFactory(must_change_password=True)
    client.force_login(user)
    for name in ("manifest", "service_worker", "offline"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("bare")).status_code == 302


def test_the_logout_deletes_what_the_site_stored_on_the_phone(client, plain_user):
    client.force_login(plain_user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_the_user_key_tells_users_apart_and_hides_who_she_is():
    one, two = UserFactory.build(pk=41), UserFactory.build(pk=42)
    assert offline.user_key(one) == offline.user_key(one)
    assert offline.user_key(one) != offline.user_key(two)
    assert offline.user_key(one) != "41" and len(offline.user_key(one)) == 20


def test_mark_kept_marks_only_a_whole_page_for_some_days():
    page = offline.mark_kept(HttpResponse("x"), days=5, title="Họp chi bộ", receipt_url="/r/")
    assert page[offline.KEEP_HEADER] == "5"
    assert page[offline.TITLE_HEADER] == "H%E1%BB%8Dp%20chi%20b%E1%BB%99"
    assert page[offline.RECEIPT_HEADER] == "/r/"
    assert offline.KEEP_HEADER not in offline.mark_kept(HttpResponse("x"), days=0, title="t")
    refused = offline.mark_kept(HttpResponse("x", status=404), days=5, title="t")
    assert offline.KEEP_HEADER not in refused
