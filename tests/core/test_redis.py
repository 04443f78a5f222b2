"""Cache and sessions in Redis when `REDIS_URL` is set (issue 23 item 4, DESIGN §8).

The settings are read in a process of their own, with and without `REDIS_URL`. The live tests run
against the Redis server of `CHIBO_TEST_REDIS_URL` (CI starts one on 127.0.0.1:6379 and sets it:
they must not be skipped there): the cache's values and counters, a login whose session is read
from Redis, and a session that survives an emptied Redis (written to the database too). The rest
of the suite keeps its per-process memory cache: the two workers never share a Redis.
"""

import os
import uuid

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.core.settings_probe import settings_in_subprocess
from tests.factories import UserFactory

TEST_REDIS_URL = os.environ.get("CHIBO_TEST_REDIS_URL", "")
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), "
    "s.SESSION_ENGINE]))"
)


def _settings(**env) -> list:
    return settings_in_subprocess(PRINT_SETTINGS, unset=("REDIS_URL", "CACHE_URL"), **env)


def test_redis_url_puts_the_cache_and_the_sessions_in_redis():
    assert _settings(REDIS_URL="redis://127.0.0.1:6379/3") == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3",
        "django.contrib.sessions.backends.cached_db",
    ]


def test_without_it_the_memory_cache_and_database_sessions():
    backend, _location, engine = _settings()
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    assert engine == "django.contrib.sessions.backends.db"


# --- against a live Redis ---------------------------------------------------------------------

live = pytest.mark.skipif(
    not TEST_REDIS_URL, reason="redis: set CHIBO_TEST_REDIS_URL to a Redis server to run"
)


@pytest.fixture
def redis_settings():
    """The settings `REDIS_URL` gives, on a key prefix of this test's own."""
    prefix = f"chibo-test-{uuid.uuid4().hex}"
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(
        CACHES=redis_cache, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        cache = caches["default"]
        yield cache
        cache.clear()


@live
def test_the_cache_keeps_values_and_counts(redis_settings):
    cache = redis_settings
    cache.set("greeting", {"vi": "Xin chào"}, timeout=60)
    assert cache.get("greeting") == {"vi": "Xin chào"}
    cache.set("tries", 0, timeout=60)
    assert cache.incr("tries") == 1
    assert cache.incr("tries") == 2
    assert cache.get("missing", "none") == "none"


@live
@pytest.mark.django_db
def test_a_login_session_is_read_from_redis_and_survives_an_emptied_redis(client, redis_settings):
    user = UserFactory()
    client.force_login(user)
    key = client.session.session_key
    assert redis_settings.get(f"django.contrib.sessions.cached_db{key}") is not None
    assert Session.objects.filter(session_key=key).exists()
    url = reverse("dashboard:guide")
    client.get(url)
    # The session comes from Redis: no query on the session table.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]

    redis_settings.clear()
    response = client.get(url)
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
