"""A plain Redis client for the hottest cache reads (the guest page cache's version check).

Django's RedisCache pickles every value and builds every key; for one small value read on
every cached page that is most of the cost. This client shares nothing with it but the
server (REDIS_URL) and uses keys of its own under ``pnyx:``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from redis import Redis


@functools.cache
def _client(url: str) -> Redis:
    from redis import Redis

    return Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


def client() -> Redis | None:
    """The client for REDIS_URL, or None when there is no Redis (one machine)."""
    url: str = settings.REDIS_URL
    return _client(url) if url else None
