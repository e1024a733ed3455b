"""What the environment turns on: cookie flags and HSTS for an https site, the log format,
and the cache backends (settings are read once, at start-up, so each case imports them in
a fresh interpreter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

_SHOW = """
import json
from pnyx.config import settings as s
print(json.dumps({
    "session_secure": s.SESSION_COOKIE_SECURE,
    "csrf_secure": s.CSRF_COOKIE_SECURE,
    "session_httponly": s.SESSION_COOKIE_HTTPONLY,
    "samesite": [s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE],
    "hsts": s.HSTS_SECONDS,
    "coop": s.SECURE_CROSS_ORIGIN_OPENER_POLICY,
    "nosniff": s.SECURE_CONTENT_TYPE_NOSNIFF,
    "referrer": s.SECURE_REFERRER_POLICY,
    "formatter": s.LOGGING["handlers"]["console"]["formatter"],
    "filters": s.LOGGING["handlers"]["console"]["filters"],
    "cache": s.CACHES["default"]["BACKEND"],
    "middleware": s.MIDDLEWARE[:2],
}))
"""


def _settings(tmp_path: Path, **environ: str) -> Any:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PNYX_", "REDIS_", "DATABASE_"))
    }
    env.update(PNYX_DATA_DIR=str(tmp_path), **environ)
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", _SHOW], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        return done.stderr.strip().splitlines()[-1]
    return json.loads(done.stdout)


def test_an_https_site_gets_secure_cookies_and_hsts(tmp_path: Path) -> None:
    shown = _settings(tmp_path, PNYX_SITE_URL="https://forum.example")
    assert shown["session_secure"] is True
    assert shown["csrf_secure"] is True
    assert shown["hsts"] == 31_536_000
    assert shown["session_httponly"] is True
    assert shown["samesite"] == ["Lax", "Lax"]
    assert (shown["coop"], shown["nosniff"], shown["referrer"]) == (
        "same-origin",
        True,
        "same-origin",
    )


def test_a_plain_http_site_sets_no_hsts_and_no_secure_cookies(tmp_path: Path) -> None:
    shown = _settings(tmp_path, PNYX_SITE_URL="http://127.0.0.1:8000")
    assert (shown["session_secure"], shown["csrf_secure"], shown["hsts"]) == (False, False, 0)


def test_hsts_can_be_tuned_or_turned_off(tmp_path: Path) -> None:
    site = "https://forum.example"
    assert _settings(tmp_path, PNYX_SITE_URL=site, PNYX_HSTS_SECONDS="300")["hsts"] == 300
    assert _settings(tmp_path, PNYX_SITE_URL=site, PNYX_HSTS_SECONDS="0")["hsts"] == 0


@pytest.mark.parametrize(
    ("value", "formatter"), [("", "plain"), ("json", "json"), ("JSON", "json")]
)
def test_log_format(tmp_path: Path, value: str, formatter: str) -> None:
    shown = _settings(tmp_path, PNYX_LOG_FORMAT=value)
    assert shown["formatter"] == formatter
    assert shown["filters"] == ["request"]
    assert shown["middleware"] == [
        "pnyx.core.middleware.RequestIdMiddleware",
        "pnyx.core.guest_cache.GuestCacheMiddleware",
    ]


def test_a_wrong_log_format_stops_start_up_naming_the_variable(tmp_path: Path) -> None:
    assert _settings(tmp_path, PNYX_LOG_FORMAT="xml") == (
        "django.core.exceptions.ImproperlyConfigured: "
        "PNYX_LOG_FORMAT='xml' is not a format: use plain or json."
    )


def test_cache_backends_count_atomically_with_and_without_redis(tmp_path: Path) -> None:
    assert _settings(tmp_path)["cache"] == "pnyx.core.cache.LockingFileBasedCache"
    with_redis = _settings(tmp_path, REDIS_URL="redis://127.0.0.1:6390/0")
    assert with_redis["cache"] == "pnyx.core.cache.ResilientRedisCache"
