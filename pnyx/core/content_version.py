"""The content version: one token that changes whenever something guests can see changes.

Cached guest pages (``pnyx.core.guest_cache``) carry the version they were rendered under
and are served only while it is still the current one, so invalidating every cached page
on every process is one write of a new token to the shared cache, not a search for keys to
delete. Services that change what guests see call ``bump_content_version_on_commit()``
inside their transaction; the new token is written once the data is committed.

The token is never reused (time plus randomness, not a counter), so a version key lost
to a cache restart or a cull can never bring an old page back: a missing version simply
becomes a new one, and every page stored before is stale.
"""

from __future__ import annotations

import logging
import secrets
import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "guest-pages:version"

logger = logging.getLogger(__name__)


def _new_token() -> str:
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


def current_content_version() -> str:
    """The current version; creates one when the shared cache has none.

    Raises whatever the cache raises (a Redis outage): callers serve without the cache.
    """
    version = cache.get(VERSION_KEY)
    if isinstance(version, str):
        return version
    cache.add(VERSION_KEY, _new_token(), timeout=None)
    version = cache.get(VERSION_KEY)
    if not isinstance(version, str):  # the cache refuses to keep it (full, or a dummy cache)
        return _new_token()
    return version


def bump_content_version() -> None:
    """Make every cached guest page stale, on every process, now."""
    try:
        cache.set(VERSION_KEY, _new_token(), timeout=None)
    except Exception:
        # The write itself is committed; a cache outage must not turn it into an error.
        # Pages cached before the outage expire on their own (PNYX_GUEST_CACHE_SECONDS).
        logger.exception("could not bump the guest page version")


def bump_content_version_on_commit() -> None:
    """Bump the version once the current transaction commits (at once outside one)."""
    transaction.on_commit(bump_content_version)
