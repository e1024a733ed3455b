"""Redis, asked only while it answers: the plain client and the breaker every Redis user shares.

Redis is a cache and a message bus for Pnyx, never the only copy of anything, so an outage
must cost speed, not pages. Each process keeps one ``Breaker`` per Redis server: the first
command that fails (refused, timed out after ``TIMEOUT`` seconds, or refused by a full or
read-only server) opens it, and for the next ``OPEN_SECONDS`` nothing in the process waits
on Redis again: the Django cache (``pnyx.core.cache.ResilientRedisCache``) answers from this
process's memory, and the plain client below raises ``RedisUnavailable`` at once, which its
callers (the guest page cache, the content version) treat as "serve without the cache".
After that time one thread sends a PING; when it is answered the keys written while Redis
was away are dropped from it and the breaker closes. Outages and recoveries are logged once
each, never the server's address (it may hold a password).

The plain client serves the hottest cache reads (the guest page cache's version check):
Django's RedisCache pickles every value and builds every key; for one small value read on
every cached page that is most of the cost. It shares nothing with it but the server
(REDIS_URL) and the breaker, and uses keys of its own under ``pnyx:``.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from redis import Redis

logger = logging.getLogger(__name__)

TIMEOUT = 0.25  # seconds to connect, and to wait for any answer
OPEN_SECONDS = 5.0  # after a failure, Redis is not asked again for this long
LOG_EVERY = 60.0  # seconds: outages are logged at most this often


class RedisUnavailable(ConnectionError):  # noqa: N818 - reads as the state it reports
    """Redis failed a moment ago; it is not asked again until the breaker's time is up."""


def is_outage(error: BaseException) -> bool:
    """The server is gone, hung or refusing writes (full, read-only, loading): not a bug."""
    from redis import exceptions

    if isinstance(
        error,
        exceptions.ConnectionError
        | exceptions.TimeoutError
        | exceptions.OutOfMemoryError
        | exceptions.ReadOnlyError
        | OSError,
    ):
        return True
    return isinstance(error, exceptions.ResponseError) and str(error).startswith("MISCONF")


def connection_options() -> dict[str, Any]:
    """Timeouts and no retries: a failure reaches the breaker at once, not after backoffs."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {
        "socket_connect_timeout": TIMEOUT,
        "socket_timeout": TIMEOUT,
        "retry": Retry(NoBackoff(), 0),
    }


class Breaker:
    """Whether this process should ask one Redis server now (see the module docstring)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.open_until: float | None = None  # None: closed, Redis is asked
        self.probe = threading.Lock()
        self.prober: int | None = None  # the thread checking whether Redis is back
        self.failures = 0
        self.reported_at = -LOG_EVERY  # when an outage was last logged
        self.reported = False  # an outage was logged and its end not yet
        # Run by the checking thread once Redis answers, before anyone else may ask it.
        self.before_close: list[Callable[[Redis], None]] = [_new_content_version]
        self._pinger: Redis | None = None

    @property
    def is_open(self) -> bool:
        return self.open_until is not None

    def available(self) -> bool:
        """True when Redis may be asked; while it is open, one caller at a time re-checks."""
        until = self.open_until
        if until is None or self.prober == threading.get_ident():
            return True
        if time.monotonic() < until or not self.probe.acquire(blocking=False):
            return False
        try:
            if self.open_until is None:  # another thread closed it meanwhile
                return True
            self.prober = threading.get_ident()
            failures = self.failures
            pinger = self.pinger()
            pinger.ping()
            for hook in self.before_close:
                hook(pinger)
            if self.failures != failures:  # a hook's command failed (and was logged)
                raise RedisUnavailable("Redis failed again while coming back")
        except Exception:
            self.open_until = time.monotonic() + OPEN_SECONDS
            return False
        finally:
            self.prober = None
            self.probe.release()
        self.open_until = None
        if self.reported:
            self.reported = False
            logger.warning("Redis answers again; the shared cache is back in use")
        return True

    def failed(self, error: BaseException) -> None:
        """Redis failed a command: stop asking it for OPEN_SECONDS."""
        self.failures += 1
        now = time.monotonic()
        # Once per outage, and at most once a minute while it flaps (a full Redis refuses
        # each write after answering the check).
        if self.open_until is None and now - self.reported_at >= LOG_EVERY:
            self.reported, self.reported_at = True, now
            logger.warning(
                "Redis is unavailable (%s: %s); using this process's memory instead and "
                "trying again every %g seconds",
                type(error).__name__,
                error,
                OPEN_SECONDS,
            )
        self.open_until = now + OPEN_SECONDS

    def pinger(self) -> Redis:
        """A client that ignores the breaker (for the check and the hooks before closing)."""
        if self._pinger is None:
            from redis import Redis

            self._pinger = Redis.from_url(self.url, **connection_options())
        return self._pinger

    def after_fork(self) -> None:
        self.probe = threading.Lock()
        self.prober = None
        self._pinger = None


def _new_content_version(_redis: Redis) -> None:
    """Writes made during the outage could not make cached guest pages stale: do it now,
    so no page cached before the outage is served after it."""
    if settings.REDIS_URL and settings.GUEST_CACHE_SHARED:
        from pnyx.core.content_version import bump_content_version

        bump_content_version()


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker(url: str) -> Breaker:
    found = _breakers.get(url)
    if found is None:
        with _breakers_lock:
            found = _breakers.setdefault(url, Breaker(url))
    return found


def _after_fork() -> None:
    global _breakers_lock
    _breakers_lock = threading.Lock()
    for each in _breakers.values():
        each.after_fork()
    _client.cache_clear()


os.register_at_fork(after_in_child=_after_fork)


def guarded(call: Callable[[], Any], url: str) -> Any:
    """Run one Redis call through the breaker of ``url``."""
    state = breaker(url)
    if not state.available():
        raise RedisUnavailable("Redis failed a moment ago; not asking it again yet")
    try:
        return call()
    except Exception as error:
        if is_outage(error):
            state.failed(error)
        raise


@functools.cache
def _client(url: str) -> Redis:
    from redis import Redis
    from redis.client import Pipeline

    class GuardedPipeline(Pipeline):
        def execute(self, raise_on_error: bool = True) -> list[Any]:
            result: list[Any] = guarded(
                lambda: super(GuardedPipeline, self).execute(raise_on_error), url
            )
            return result

    class GuardedRedis(Redis):
        def execute_command(self, *args: Any, **options: Any) -> Any:
            return guarded(
                lambda: super(GuardedRedis, self).execute_command(*args, **options),  # type: ignore[no-untyped-call]
                url,
            )

        def pipeline(self, transaction: bool = True, shard_hint: Any = None) -> Pipeline:
            return GuardedPipeline(
                self.connection_pool, self.response_callbacks, transaction, shard_hint
            )

    return GuardedRedis.from_url(url, **connection_options())


def client() -> Redis | None:
    """The client for REDIS_URL, or None when there is no Redis (one machine).

    Its commands raise ``RedisUnavailable`` at once while the breaker is open.
    """
    url: str = settings.REDIS_URL
    return _client(url) if url else None


def check() -> bool | None:
    """For /healthz: None without Redis, else whether it answers a PING now."""
    redis = client()
    if redis is None:
        return None
    try:
        redis.ping()
    except Exception:
        return False
    return True
