"""Crisis Tracker settings: one file, driven by environment variables (see `.env.example`).

Every variable has a safe development default except `SECRET_KEY`, which production (DEBUG off)
must set. A malformed value stops start-up with an `ImproperlyConfigured` naming the variable.
"""

import datetime as dt
import os
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def envint(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}.")
    return number


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks_db",
    "events",
]
# Benchmarks and synthetic data (devtools/): on by default in development, off in production.
if envbool("DEVTOOLS", DEBUG):
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the CSRF check reads the body: a paste over the size cap gets a form error, not a bare 400.
    "events.ingest.web.uploads.IngestTooBigMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a clear 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force throttling: five failures for one user name from one address lock it out for 15 minutes.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

ROOT_URLCONF = "crisis_tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "crisis_tracker.wsgi.application"
ASGI_APPLICATION = "crisis_tracker.asgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL we understand: {exc}") from None
if _database["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:/// or postgres:// URL.")
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time; waiting beats "database is locked" under a few concurrent editors.
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DATABASES = {"default": _database}
# Covering indexes (INCLUDE) are PostgreSQL's; SQLite builds the same indexes without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if _database["ENGINE"] == "django.db.backends.sqlite3" else []
# A streaming replica of the primary, for read-only traffic (analysts browsing and exporting): off unless set.
if DATABASE_REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL"):
    try:
        _replica = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=600, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a database URL we understand: {exc}") from None
    if _replica["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// URL.")
    # Tests run against the primary's test database: the replica mirrors it.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["crisis_tracker.routers.ReplicaRouter"]

# The cache holds rendered reader fragments (events/views/pagecache.py), keyed by the data revision.
# Per process by default; CACHE_URL=redis://host:6379/0 shares them between workers and app servers.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL in ("", "locmem://"):
    # A fragment is up to a few hundred kB: a few hundred of them per worker.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 300}}}
elif CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis://, rediss:// or unix:// URL, or empty; got {CACHE_URL!r}.")
# How long a rendered fragment is kept (0: never cached). Any write changes its key long before this.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 300)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"TIME_ZONE must be an IANA zone name such as 'Europe/Paris'; got {TIME_ZONE!r}."
    ) from None
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "/"

# Uploads: Django streams files above this size to a temporary file; the ingest form refuses
# anything above INGEST_MAX_BYTES itself, and DATA_UPLOAD_MAX_MEMORY_SIZE caps pasted text.
INGEST_MAX_BYTES = envint("INGEST_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = INGEST_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Django stores a whole upload before any form sees it: stop storing at INGEST_MAX_BYTES.
FILE_UPLOAD_HANDLERS = [
    "events.ingest.web.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# The analysts' pages require a login unless the published timeline is made public.
PUBLIC_TIMELINE = envbool("PUBLIC_TIMELINE", False)

# Only tests relax this: the URL fetcher refuses every non-public address otherwise.
FETCH_ALLOW_PRIVATE_ADDRESSES = False

# Security headers. Scripts only from our origin with a per-request nonce; no eval anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The spaCy pipeline the ingest stages parse with: the one trained here from GUM (`make nlp`), or the
# name or path of any installed spaCy English pipeline.
INGEST_NLP_PIPELINE = os.environ.get("INGEST_NLP_PIPELINE") or str(BASE_DIR / "nlp" / "pipeline")
if "/" in INGEST_NLP_PIPELINE and not (Path(INGEST_NLP_PIPELINE) / "config.cfg").is_file():
    raise ImproperlyConfigured(
        f"INGEST_NLP_PIPELINE={INGEST_NLP_PIPELINE!r} is not a spaCy pipeline folder (no config.cfg there); "
        "give a pipeline's folder or an installed pipeline's package name."
    )

# Background work (django.tasks): parsing, URL fetches, feed polls and bulk accepts run in a worker
# (`manage.py run_worker`), never in a web request. The database queue needs no other server; the Redis
# queue lets workers on several hosts share the work (docs/scaling.md).
TASKS_QUEUE = os.environ.get("TASKS_QUEUE", "database").strip().lower()
if TASKS_QUEUE == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_QUEUE == "redis":
    TASKS_REDIS_URL = os.environ.get("TASKS_REDIS_URL", "").strip()
    if not TASKS_REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("TASKS_QUEUE=redis needs TASKS_REDIS_URL, a redis://, rediss:// or unix:// URL.")
    INSTALLED_APPS.append("django_tasks_redis")
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "OPTIONS": {
                "REDIS_URL": TASKS_REDIS_URL,
                "REDIS_KEY_PREFIX": os.environ.get("TASKS_REDIS_PREFIX", "crisis_tracker_tasks"),
                # Our own retries (INGEST_TASK_ATTEMPTS) decide; the queue only redelivers a lost message once.
                "REDIS_MAX_DELIVERIES": 2,
            },
        }
    }
else:
    raise ImproperlyConfigured(f"TASKS_QUEUE must be 'database' or 'redis'; got {TASKS_QUEUE!r}.")
# One parse (fetch excluded) may take this long; past it the task fails with a message and the worker goes on.
INGEST_PARSE_BUDGET_SECONDS = envint("INGEST_PARSE_BUDGET_SECONDS", 60, minimum=1)
# A failing task is tried this many times in all, waiting INGEST_RETRY_SECONDS, then twice that, … in between.
INGEST_TASK_ATTEMPTS = envint("INGEST_TASK_ATTEMPTS", 3, minimum=1)
INGEST_RETRY_SECONDS = envint("INGEST_RETRY_SECONDS", 30, minimum=0)
