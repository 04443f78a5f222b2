"""chibo settings: read from environment variables, with safe defaults for a local run (DESIGN §5)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

_INSECURE_KEY = "django-insecure-chibo-local-development-only"
SECRET_KEY = env.str("SECRET_KEY", default=_INSECURE_KEY)
if not DEBUG and SECRET_KEY == _INSECURE_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off. "
        "Set the SECRET_KEY environment variable (or DEBUG=1 for a local run)."
    )

# The public address of the app, for links in e-mails sent outside a request (scheduled jobs).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    # Two-step login (issue 20): TOTP codes from a phone app, recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "cells",
    "members",
    "fees",
    "library",
    "meetings",
    "reviews",
    "reports",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for a slow connection (issue 24: a member's meeting page, 31 kB, is 7 kB
    # compressed). Django's GZip mitigates BREACH (random padding; CSRF tokens are masked).
    # WhiteNoise serves the static files compressed already.
    "django.middleware.gzip.GZipMiddleware",
    # The Content-Security-Policy header (CONTENT_SECURITY_POLICY below) on every answer of the
    # app — after WhiteNoise, which answers static files itself. django-csp's middleware, with the
    # admin's exception (core/csp.py).
    "core.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese unless she chose English (her account, the cookie); never Accept-Language.
    # Early, so that every answer — even a refusal by the middleware below — speaks it.
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads a POST's body: an upload too large is refused before it is read.
    "core.middleware.UploadSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # `request.user.otp_device` / `is_verified()`: the device this session's two-step login used.
    "django_otp.middleware.OTPMiddleware",
    # `Cache-Control: private, no-store` on every response to a logged-in user.
    "core.middleware.PrivateNoStoreMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "core.middleware.PasswordChangeRequiredMiddleware",
    # An officer whose committee requires two-step login sets it up before she goes on.
    "members.middleware.TwoFactorSetupRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboard.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: an SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# A PostgreSQL streaming replica (DESIGN §8): the dashboards and the year and period reports read
# there (`core.db`); nothing else does. Only pages that read and show nothing they have just
# written go there, because a replica may be a moment behind: a form or an action reads the primary.
# In tests the alias is a mirror of the primary's test database (no second database).
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["replica"].setdefault("CONN_HEALTH_CHECKS", True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.db.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default (one process). Several processes need a shared cache for the
# password-reset limits to hold across them: CACHE_URL=dbcache://chibo_cache (then
# `manage.py createcachetable`) or redis://host:6379/1. REDIS_URL (DESIGN §8) puts the cache in
# Redis with Django's own backend — and the sessions too, below.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "chibo",
        }
    }

# The dashboards' heavy parts, rendered once per version of their data (`core.versions`, DESIGN
# §8): in Redis when there is one, else in files every gunicorn worker of the machine shares (a
# process's own memory would miss another worker's writes).
CACHES["pages"] = (
    {**CACHES["default"]}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.path("PAGE_CACHE_DIR", default=BASE_DIR / "var" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
)
# Off by default while developing (`DEBUG`): a template being edited shows at once.
PAGE_CACHE = env.bool("PAGE_CACHE", default=not DEBUG)
# How long a part is kept at most; the tokens of its data replace it at once on every write.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)
# A replica may lag its primary by a moment: parts read there are kept for less.
PAGE_CACHE_REPLICA_SECONDS = env.int("PAGE_CACHE_REPLICA_SECONDS", default=30)
# The apps whose writes replace the tokens (`core.versions.connect`).
DATA_VERSION_APPS = ["cells", "members", "fees", "meetings", "reviews", "library", "reports"]

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Passwords are hashed with Argon2id (argon2-cffi), Django's first choice: stronger and, on a
# 2-core machine, faster to check than PBKDF2 with its 1,000,000 iterations. A password stored
# with PBKDF2 is still accepted, and re-hashed with Argon2 when its owner next logs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock an account/IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The client's address: REMOTE_ADDR when clients connect directly (0); behind N reverse proxies
# that each append the address they received from to X-Forwarded-For, the N-th address from its
# right (`core.clientip.client_ip`). Without it, behind a proxy every client has the proxy's
# address and five wrong passwords lock an account for everyone.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
# The code of the two-step login's second step is never written into axes' failure records.
AXES_SENSITIVE_PARAMETERS = ["code"]

# Two-step login (django-otp, `members.two_factor`): the name the phone app shows beside the
# codes; each wrong code also makes the device wait 1, 2, 4… seconds before the next one is
# checked (django-otp's throttle, on top of axes, which counts wrong codes like wrong passwords);
# the secret keys are not shown in the administration.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="chibo")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Password reset e-mails: at most this many per e-mail address and per client address in the
# window; past that the same "sent" page is shown and no e-mail leaves.
PASSWORD_RESET_MAX_PER_ADDRESS = env.int("PASSWORD_RESET_MAX_PER_ADDRESS", default=3)
PASSWORD_RESET_MAX_PER_CLIENT = env.int("PASSWORD_RESET_MAX_PER_CLIENT", default=3)
PASSWORD_RESET_WINDOW_MINUTES = env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60)

# Internationalisation: Vietnamese first.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# Static and uploaded files.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Backups (`manage.py backup` / `restore`, core/backup.py): where the archives go, and the Fernet
# key that encrypts them (`manage.py backup --generate-key`); none: not encrypted.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_KEY = env.str("BACKUP_KEY", default="")
# Uploads: a file over 1 MB (the smallest upload limit a committee may set) streams to a temporary
# file instead of memory; the other fields of a request may take 2.5 MB (Django's default). A body
# larger than the committee's limit plus these is refused before it is read
# (`core.middleware.UploadSizeLimitMiddleware`).
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2560 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files in an S3-compatible bucket (django-storages; AWS, MinIO, a provider's object
# storage) when S3_BUCKET is set (DESIGN §8): every app process on every machine reads the same
# files. They are still served only by the app's own views, which check who may see them
# (`core.views.file_response`): the objects are private (no ACL: the bucket's own policy, which
# must not be public), no page ever links to the bucket, a name already taken is never overwritten.
# Downloads larger than FILE_UPLOAD_MAX_MEMORY_SIZE pass through a temporary file, not memory.
# `manage.py backup` copies MEDIA_ROOT only: with a bucket, keep the files with its versioning.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL,
            "region_name": env.str("S3_REGION", default="") or None,
            # Unset: boto3's own chain (AWS_* variables, the machine's role).
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            # Another server than AWS answers the bucket in the path (…/bucket/key) unless its
            # DNS is set up for bucket.host names.
            "addressing_style": env.str(
                "S3_ADDRESSING_STYLE", default="path" if S3_ENDPOINT_URL else ""
            )
            or None,
            "location": env.str("S3_PREFIX", default="media"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "max_memory_size": FILE_UPLOAD_MAX_MEMORY_SIZE,
        },
    }

# E-mail: the console locally; EMAIL_URL (smtp+tls://user:pass@host:587) in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="chibo <no-reply@chibo.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP server may take to answer: a hanging server fails that e-mail (retried by the
# next `send_reminders` run) instead of hanging the command or a request.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Forms.
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions live in the database so that any number of app processes can share them. With Redis
# (REDIS_URL) each request reads its session from Redis and every change is written to both, so a
# restarted or emptied Redis logs nobody out ("cached_db": never lose data).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)

# Security: strict when DEBUG is off (manage.py check --deploy is clean).
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content Security Policy (django-csp 4): everything from the app's own origin and nothing inline —
# no inline <script> or <style>, no style="" or on…="" attributes, no javascript: URLs, no eval.
# Scripts are static files; data reaches them through json_script or data-* attributes; htmx is
# configured through its meta tag in base.html (no indicator <style>, no eval, no <script> in
# swapped fragments). `data:` images: Bootstrap's CSS draws its small icons (menu button, select
# arrow, check mark, validation marks) as SVG data URLs. No page may be framed (frame-ancestors,
# as X-Frame-Options for older browsers), forms post only to the app, <base> and plugins are off.
# tests/e2e/test_csp.py loads a page of every URL name (and the admin's kinds of page) in Chromium
# and fails on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Added on the pages of Django's admin only (core/csp.py): style="" attributes, which third-party
# admin templates use (django-simple-history's history list). A superuser's tool, not ours to
# rewrite; an attribute cannot run a script, and scripts stay as strict there as everywhere.
CONTENT_SECURITY_POLICY_ADMIN = {"style-src-attr": ["'unsafe-inline'"]}

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The health check answers over plain HTTP too: a monitor or the proxy may ask the app's socket
    # directly (`curl --unix-socket /run/chibo/chibo.sock http://localhost/health/`).
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# Local runs serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
