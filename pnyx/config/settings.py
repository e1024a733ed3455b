"""Pnyx settings: every deploy-time value comes from the environment (see docs/configuration.md).

With no environment at all you get a working forum on SQLite under ./pnyx-data.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import Any

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from pnyx.config.env import (
    data_dir,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_rate,
    env_secret,
    env_str,
    private_file,
    redis_url,
    secret_key,
)

# Lets classes such as admin.ModelAdmin[Model] be subscripted at run time (typing only).
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("PNYX_DEBUG", False)
ALLOWED_HOSTS = env_list("PNYX_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("PNYX_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("PNYX_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "pnyx.core",
    "pnyx.accounts",
    "pnyx.forums",
    "pnyx.threads",
    "pnyx.posting",
    "pnyx.reactions",
    "pnyx.alerts",
    "pnyx.audit",
    # After pnyx.forums: its forum policy replaces the visibility policy.
    "pnyx.groups",
    "pnyx.moderation",
    "pnyx.sanctions",
    "pnyx.conversations",
    "pnyx.ignoring",
    "pnyx.search",
    "pnyx.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    # First: every response and log line carries the request's id (the guest page cache,
    # inserted below, comes right after it).
    "pnyx.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "pnyx.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Retries a request once after a lost database connection when that is safe, else 503.
    "pnyx.core.middleware.DatabaseFaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "pnyx.accounts.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "pnyx.accounts.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "pnyx.config.urls"
WSGI_APPLICATION = "pnyx.config.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pnyx.core.context_processors.site",
                "pnyx.alerts.context_processors.alerts",
            ],
        },
    }
]
if not DEBUG:
    # Cache compiled templates in production; APP_DIRS must be off when loaders are set.
    TEMPLATES[0]["APP_DIRS"] = False
    TEMPLATES[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        )
    ]

# ---------------------------------------------------------------- database
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES: dict[str, dict[str, Any]] = {"default": database_from_url(_database_url)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": private_file(DATA_DIR / "pnyx.sqlite3"),
            # Persistent connections: one per worker thread, reused across requests.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA cache_size=-2000;"  # 2 MB per connection: 4 per worker
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- cache
REDIS_URL = redis_url()
if REDIS_URL:
    # Redis is a cache here, never the only copy: while it is down or hung every process
    # carries on with its own memory (pnyx.core.cache, pnyx.core.redis: short timeouts, a
    # breaker that stops asking for a few seconds, one log line per outage).
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "pnyx.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pnyx",
        }
    }
else:
    # A file cache is shared by every worker process on this machine, unlike local memory;
    # this one counts (rate limits) atomically across them.
    CACHES = {
        "default": {
            "BACKEND": "pnyx.core.cache.LockingFileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "KEY_PREFIX": "pnyx",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Guest page cache (performance, see docs/performance.md): whole pages for signed-out
# readers, made stale by a content version every process reads (a file in the data
# directory, or Redis when REDIS_URL is set). 0 seconds turns it off.
# Members one post may @mention (more is refused with a message); each is alerted once.
MENTION_LIMIT = env_int("PNYX_MENTION_LIMIT", 20, minimum=1, maximum=1000)
GUEST_CACHE_SECONDS = env_int("PNYX_GUEST_CACHE_SECONDS", 60, minimum=0, maximum=86400)
GUEST_CACHE_MEMORY_BYTES = env_int("PNYX_GUEST_CACHE_MB", 16, minimum=1, maximum=4096) << 20
# With Redis, pages rendered by one process are served by the others too.
GUEST_CACHE_SHARED = bool(REDIS_URL)
MIDDLEWARE.insert(1, "pnyx.core.guest_cache.GuestCacheMiddleware")
# Rendered posts and thread rows reused while what they show is unchanged (per process).
FRAGMENT_CACHE_BYTES = env_int("PNYX_FRAGMENT_CACHE_MB", 4, minimum=0, maximum=4096) << 20

# Sessions are written to the database (losing the cache signs nobody out) and read
# through the cache (no query per request).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30

# ---------------------------------------------------------------- auth
AUTH_USER_MODEL = "accounts.Member"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# A reset link works once (it is bound to the password hash, the last sign-in and the email
# address, so a sign-in or a change of either also ends it) and for one hour.
PASSWORD_RESET_TIMEOUT = 60 * 60

# ---------------------------------------------------------------- mail
EMAIL_HOST = env_str("PNYX_EMAIL_HOST")
MAIL_CONFIGURED = bool(EMAIL_HOST)
if MAIL_CONFIGURED:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("PNYX_EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("PNYX_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env_secret("PNYX_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("PNYX_EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("PNYX_EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("PNYX_DEFAULT_FROM_EMAIL", "Pnyx <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------- allauth
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory" if MAIL_CONFIGURED else "none"
ACCOUNT_UNIQUE_EMAIL = True
# A reset asked for an unknown address sends nothing (and answers the same as for a known one).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_PRESERVE_USERNAME_CASING = True
ACCOUNT_USERNAME_MIN_LENGTH = 2
ACCOUNT_ADAPTER = "pnyx.accounts.adapter.AccountAdapter"
ACCOUNT_USERNAME_VALIDATORS = "pnyx.accounts.validators.USERNAME_VALIDATORS"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
# Sign-up and password reset answer the same whether an address is registered or not (with
# mail configured; docs/accounts.md says what a forum without mail reveals).
ACCOUNT_PREVENT_ENUMERATION = True
# One address per member: a new one replaces it only once verified; the old one is told.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_FORMS = {
    "add_email": "pnyx.accounts.forms.ChangeEmailForm",
    "reset_password": "pnyx.accounts.forms.ResetPasswordForm",
}
# Changing the email address, the password, two-factor authentication or API tokens asks
# for the password (or a two-factor code) again when the last one is over 5 minutes old.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Counted in the Django cache (Redis when configured, shared by every process). A failed
# sign-in counts per client address and per account (whatever Host the request named):
# 5 failures lock the account for 5 minutes, two-factor codes included.
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# ---------------------------------------------------------------- two-factor (allauth MFA)
MFA_ADAPTER = "pnyx.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# allauth refuses two-factor to an unverified address (someone could have signed up with
# another's address and then lock them out). Without mail no address can be verified, so
# every member may turn it on then.
MFA_ALLOW_UNVERIFIED_EMAIL = not MAIL_CONFIGURED

# ---------------------------------------------------------------- static and media
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "pnyx.core.staticfiles.MinifiedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# A file past pnyx.core.uploads.UPLOAD_MAX_BYTES is dropped as it arrives (never stored).
FILE_UPLOAD_HANDLERS = [
    "pnyx.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# ---------------------------------------------------------------- security
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
_https = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
# Strict-Transport-Security on every answer of an https site (pnyx.core.middleware), even
# when TLS ends at a proxy that does not say so; 0 turns it off.
HSTS_SECONDS = env_int(
    "PNYX_HSTS_SECONDS", 31_536_000 if _https else 0, minimum=0, maximum=63_072_000
)
# Django's defaults, pinned: the page never shares its window with another origin.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("PNYX_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False

# ---------------------------------------------------------------- JSON API v1 (issue 3)
INSTALLED_APPS += ["pnyx.api"]
# django-ninja is not an installed app: importing it (with pydantic) costs every worker
# ~10 MiB, so the API is loaded at its first request (pnyx.config.urls). Its templates and
# the local Swagger UI files are found by path instead, without importing it.
_ninja_spec = find_spec("ninja")
if _ninja_spec is None or not _ninja_spec.submodule_search_locations:
    raise ImproperlyConfigured("django-ninja is not installed.")
_NINJA_DIR = Path(_ninja_spec.submodule_search_locations[0])
TEMPLATES[0]["DIRS"].append(_NINJA_DIR / "templates")
STATICFILES_DIRS = [_NINJA_DIR / "static"]
# Writes (POST/PUT/PATCH/DELETE) per token, and per client address whoever sends them.
API_WRITE_RATE = env_rate("PNYX_API_WRITE_RATE", "60/minute")
API_ADDRESS_WRITE_RATE = env_rate("PNYX_API_ADDRESS_WRITE_RATE", "120/minute")
# Refused with 413 by Content-Length before parsing; room for a 50,000-character post.
API_MAX_BODY_BYTES = env_int(
    "PNYX_API_MAX_BODY_BYTES", 524_288, minimum=65_536, maximum=DATA_UPLOAD_MAX_MEMORY_SIZE
)
# Behind a proxy the client address is the last X-Forwarded-For entry (the proxy's own).
BEHIND_PROXY = env_bool("PNYX_BEHIND_PROXY", False)

# ---------------------------------------------------------------- page write limits (issue 9)
# Per member: replies, new threads and edits; reactions; draft saves; previews (rendering
# Markdown costs CPU). Per client address: all of these together, whoever is signed in.
PAGE_POST_RATE = env_rate("PNYX_PAGE_POST_RATE", "20/minute")
PAGE_REACTION_RATE = env_rate("PNYX_PAGE_REACTION_RATE", "60/minute")
PAGE_DRAFT_RATE = env_rate("PNYX_PAGE_DRAFT_RATE", "120/minute")
PAGE_PREVIEW_RATE = env_rate("PNYX_PAGE_PREVIEW_RATE", "30/minute")
PAGE_ADDRESS_WRITE_RATE = env_rate("PNYX_PAGE_ADDRESS_WRITE_RATE", "300/minute")
# ---------------------------------------------------------------- background jobs (issue 10)
# Django's task API (django-tasks on 5.2) with its database backend: a job is a row, claimed
# with SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL (a write transaction on SQLite). Pnyx's
# worker (pnyx.jobs.worker) adds what the backend lacks: retries with backoff, a lease after
# which a job whose worker died runs again, and periodic jobs (docs/architecture.md, "Jobs").
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "pnyx.jobs"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Attempts per job before it is marked failed (the first run counts as one).
JOB_MAX_ATTEMPTS = env_int("PNYX_JOB_MAX_ATTEMPTS", 5, minimum=1, maximum=100)
# A running job whose worker has not finished it this many seconds after claiming it is
# taken to be lost (its worker killed) and runs again; a job may declare a longer timeout.
JOB_TIMEOUT_SECONDS = env_int("PNYX_JOB_TIMEOUT", 600, minimum=1, maximum=7 * 86400)
# Wait before the first retry; it doubles with each further attempt, up to an hour.
JOB_RETRY_DELAY_SECONDS = env_int("PNYX_JOB_RETRY_DELAY", 30, minimum=0, maximum=3600)

# ---------------------------------------------------------------- i18n and time
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------- logging
LOG_LEVEL = env_str("PNYX_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"PNYX_LOG_LEVEL={LOG_LEVEL!r} is not a level: use DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
# plain: "time level logger [request=… member=… route=…] message"; json: one object a line.
LOG_FORMAT = (env_str("PNYX_LOG_FORMAT") or "plain").lower()
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(
        f"PNYX_LOG_FORMAT={LOG_FORMAT!r} is not a format: use plain or json."
    )
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "pnyx.core.logs.RequestContextFilter"}},
    "formatters": {
        "plain": {"()": "pnyx.core.logs.PlainFormatter"},
        "json": {"()": "pnyx.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # One line per job started and finished is noise; failures are still logged.
        "django_tasks": {"level": "WARNING"},
    },
}
