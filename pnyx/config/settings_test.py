"""Test settings: only what makes the suite fast and hermetic differs from production."""

from __future__ import annotations

import os
import tempfile

# The data directory (secret key, media, SQLite file) is a throw-away one per test run.
os.environ.setdefault("PNYX_DATA_DIR", tempfile.mkdtemp(prefix="pnyx-test-"))

from pnyx.config.settings import *  # noqa: F403
from pnyx.config.settings import DATABASES, TEMPLATES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests (and the browser suite) get Pnyx's CSS and JavaScript minified, as production does.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "pnyx.core.staticfiles.MinifyingFinder",
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
ACCOUNT_RATE_LIMITS = False
# on_commit callbacks never run inside a test's transaction, so a write would not make cached
# guest pages stale; the cache's own tests turn it on and commit their writes.
GUEST_CACHE_SECONDS = 0
TEMPLATES[0]["OPTIONS"]["debug"] = True
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = ""

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # In-memory test database; the WAL pragma is meaningless there.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA foreign_keys=ON;"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # pytest-django creates test_<name>; pooling fights with its connection handling.
    DATABASES["default"]["OPTIONS"].pop("pool", None)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
