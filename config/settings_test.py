"""Settings for the test suite: the production settings with fast, self-contained pieces."""

import atexit
import copy
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The replica (DESIGN §8) is a test mirror of the primary: no database of its own, the same test
# database through a connection of its own. That connection does not see what a test writes inside
# its transaction, so the router is off here; tests/core/test_db.py turns it on around the tests
# that check it (transactional ones).
DATABASES["replica"] = {  # noqa: F405
    **copy.deepcopy({k: v for k, v in DATABASES["default"].items() if k != "TEST"}),  # noqa: F405
    "TEST": {"MIRROR": "default"},
}
DATABASE_ROUTERS: list[str] = []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A fresh folder per process: each pytest-xdist worker imports these settings itself, so workers
# never share uploaded files. Removed when the process ends.
MEDIA_ROOT = tempfile.mkdtemp(prefix="chibo-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
AXES_ENABLED = True
STATIC_ROOT = None
# The test client builds its handler (and its middleware) per test: WhiteNoise must not scan every
# static file each time. Browser tests are served static files by the live server itself.
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
# The page-part cache (`core.versions`) is off: the test database is rolled back after each test,
# the cache is not. tests/core/test_versions.py and the dashboards' cache tests turn it on, with a
# cache of their own.
PAGE_CACHE = False
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}  # noqa: F405
