"""Rate limits on the shared cache: fixed windows counted with atomic ``add`` + ``incr``.

With ``REDIS_URL`` set the counters live in Redis and every process and machine shares
them; while Redis is away each process counts in its own memory (the limit then holds per
process, ``pnyx.core.cache.ResilientRedisCache``). Without Redis the file cache shares them
between the processes of one machine, counting under a file lock
(``pnyx.core.cache.LockingFileBasedCache``); the test settings use local memory. All three
count atomically, so concurrent requests never pass more than the limit.
"""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds

    @classmethod
    def from_setting(cls, value: tuple[int, int] | None) -> Rate | None:
        return None if value is None else cls(limit=value[0], period=value[1])


class RateLimitError(Exception):
    """Too many requests; try again after ``retry_after`` seconds."""

    def __init__(self, *, retry_after: int, scope: str, message: str = "") -> None:
        super().__init__(f"rate limit {scope!r}: retry after {retry_after} s")
        self.retry_after = retry_after
        self.scope = scope
        # What to tell the member, when the limit has more to say than "wait" (flood
        # limits, slow mode: pnyx.sanctions); pages and the API show it instead.
        self.message = message


def hit(scope: str, key: str, rate: Rate | None, *, now: float | None = None) -> None:
    """Count one request for ``key``; raise RateLimitError when the window's limit is passed.

    The window is ``rate.period`` seconds aligned to the clock; its counter expires with
    it. A refused request still counts, so hammering does not shorten the wait.
    """
    if rate is None:
        return
    now = time.time() if now is None else now
    window = int(now // rate.period)
    cache_key = f"ratelimit:{scope}:{key}:{rate.period}:{window}"
    # add() is a no-op when the key exists; incr() is atomic on every cache Pnyx configures.
    cache.add(cache_key, 0, timeout=rate.period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this request opens the window
        cache.add(cache_key, 1, timeout=rate.period + 1)
        count = 1
    if count > rate.limit:
        retry_after = max(1, math.ceil((window + 1) * rate.period - now))
        raise RateLimitError(retry_after=retry_after, scope=scope)


def client_address(request: HttpRequest) -> str:
    """The address a request came from, for per-address limits.

    REMOTE_ADDR, unless PNYX_BEHIND_PROXY is set: then the last X-Forwarded-For entry,
    the one the proxy in front added (anything before it came from the client and is not
    trusted). IPv6 addresses count per /64, the block one customer usually holds.
    """
    address = request.META.get("REMOTE_ADDR", "") or ""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            address = last
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if parsed.version == 6 and parsed.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed.ipv4_mapped or parsed) if parsed.version == 6 else str(parsed)


# Page writes by kind, each with its per-member rate (the setting's name).
PAGE_WRITE_RATES = {
    "post": "PAGE_POST_RATE",  # replies, new threads, edits
    "reaction": "PAGE_REACTION_RATE",
    "draft": "PAGE_DRAFT_RATE",
    "preview": "PAGE_PREVIEW_RATE",
}


def check_page_write(request: HttpRequest, kind: str) -> None:
    """Count one page write of ``kind`` (see PAGE_WRITE_RATES) for the client address
    (every kind together) and for the signed-in member (each kind on its own); raise
    RateLimitError when either is used up."""
    hit(
        "page-write-address",
        client_address(request),
        Rate.from_setting(settings.PAGE_ADDRESS_WRITE_RATE),
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        setting: tuple[int, int] | None = getattr(settings, PAGE_WRITE_RATES[kind])
        hit(f"page-{kind}", str(user.pk), Rate.from_setting(setting))
