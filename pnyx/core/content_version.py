"""The content version: one token that changes whenever something guests can see changes.

Cached guest pages (``pnyx.core.guest_cache``) carry the version they were rendered under
and are served only while it is still the current one, so invalidating every cached page
on every process is one write of a new token to the shared cache, not a search for keys to
delete. Services that change what guests see call ``bump_content_version_on_commit()``
inside their transaction; the new token is written once the data is committed.

Where it lives: in Redis when the cache is shared (several machines), else in a small file
in the data directory (every process on this machine reads it). The token is never reused
(time plus randomness, not a counter), so a version lost to a Redis restart can never
bring an old page back: a missing version simply becomes a new one, and every page stored
before is stale.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from pnyx.core.redis import client

VERSION_KEY = "guest-pages:version"

logger = logging.getLogger(__name__)


def _new_token() -> str:
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


def _version_file() -> Path:
    return Path(settings.DATA_DIR) / "content-version"


REDIS_VERSION_KEY = "pnyx:content-version"


def _read() -> str | None:
    if settings.GUEST_CACHE_SHARED:
        redis = client()
        if redis is not None:
            raw = redis.get(REDIS_VERSION_KEY)
            return raw.decode() if isinstance(raw, bytes) else None
        value = cache.get(VERSION_KEY)
        return value if isinstance(value, str) else None
    try:
        with open(_version_file(), "rb") as handle:
            return handle.read().decode() or None
    except FileNotFoundError:
        return None


def _write(token: str) -> None:
    if settings.GUEST_CACHE_SHARED:
        redis = client()
        if redis is not None:
            redis.set(REDIS_VERSION_KEY, token)
        else:
            cache.set(VERSION_KEY, token, timeout=None)
        return
    # One machine: a file beside the database, replaced atomically (a reader sees the old
    # token or the new one). Cheaper than the file cache, which lists its directory on
    # every write.
    path = _version_file()
    temporary = path.with_name(f".content-version.{os.getpid()}.{threading.get_ident()}")
    temporary.write_bytes(token.encode())
    os.replace(temporary, path)


def current_content_version() -> str:
    """The current version; creates one when there is none yet.

    Raises whatever the store raises (a Redis outage): callers serve without the cache.
    """
    version = _read()
    if version is None:
        _write(_new_token())  # two processes racing both write; the last one stands
        version = _read() or _new_token()
    return version


def bump_content_version() -> None:
    """Make every cached guest page stale, on every process, now."""
    try:
        _write(_new_token())
    except Exception:
        # The write itself is committed; a cache outage must not turn it into an error.
        # Pages cached before the outage expire on their own (PNYX_GUEST_CACHE_SECONDS).
        logger.exception("could not bump the guest page version")


def bump_content_version_on_commit() -> None:
    """Bump the version once the current transaction commits (at once outside one)."""
    transaction.on_commit(bump_content_version)
