"""The content version: one token that changes whenever something guests can see changes.

Cached guest pages (``pnyx.core.guest_cache``) carry the version they were rendered under
and are served only while it is still the current one, so invalidating every cached page
on every process is one write of a new token to the shared cache, not a search for keys to
delete. Nothing calls the bump by hand: ``on_guest_visible_change`` subscribes to the domain
events (``pnyx.core.events``) that services publish inside their transactions, so the new
token is written once the data is committed, for every write that publishes an event.

Where it lives: in Redis when the cache is shared (several machines), else in a small file
in the data directory (every process on this machine reads it). The token is never reused
(time plus randomness, not a counter), so a version lost to a Redis restart can never
bring an old page back: a missing version simply becomes a new one, and every page stored
before is stale.

With Redis, a bump is ``SET`` and ``PUBLISH`` in one transaction, and each process follows
the channel (``_Follower``) instead of reading the key on every request: before it trusts
the version it holds, a request reads, without waiting, whatever the subscription socket
has received. Redis writes the message to every subscriber in the same pass as its reply to
the writer, so by the time the writer's HTTP response is out and a guest's next request
reaches another process, the message is already in that process's socket and is applied
before the page is looked up. When the subscription is not up (not yet, lost, Redis
restarted), has not been heard from for two seconds (it is PINGed every second), or another
thread is reading it, the request reads the key with a ``GET`` as before, and a lost
subscription is made again later.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache

from pnyx.core.events import Event
from pnyx.core.redis import RedisUnavailable, breaker, client

VERSION_KEY = "guest-pages:version"
REDIS_VERSION_KEY = "pnyx:content-version"
REDIS_VERSION_CHANNEL = "pnyx:content-version"

logger = logging.getLogger(__name__)


def _new_token() -> str:
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


def _version_file() -> Path:
    return Path(settings.DATA_DIR) / "content-version"


def _decode(raw: object) -> str | None:
    return raw.decode() if isinstance(raw, bytes) and raw else None


class _Follower:
    """This process's copy of the version in Redis, kept current by a subscription.

    One per process (a forked worker makes its own: ``_reset_after_fork``) and shared by
    its threads: the connection is used only under ``lock``, taken without waiting; a
    thread that finds it taken reads the key instead. ``version()`` returns None whenever
    the copy cannot be trusted (no subscription, or another thread is reading it): the
    caller then asks Redis.
    """

    PING_EVERY = 1.0  # seconds between health checks of the subscription
    PONG_WITHIN = 1.0  # no answer by then: the subscription is treated as lost
    TRUST_FOR = 2.0  # the copy is used only if Redis was heard from this recently
    RETRY_FIRST = 0.25  # seconds before subscribing again after a failure, doubling...
    RETRY_MAX = 10.0  # ...up to this

    def __init__(self, url: str) -> None:
        self.url = url
        self.lock = threading.Lock()
        # A redis.connection.Connection (untyped in redis-py), not from a pool: nothing
        # reconnects it behind our back, so a lost subscription is always noticed.
        self.connection: Any = None
        self.version_held: str | None = None
        self.retry_at = 0.0
        self.retry_delay = self.RETRY_FIRST
        self.ping_sent: float | None = None
        self.last_ping = 0.0
        self.heard_at = 0.0  # the last message or answer on the subscription

    def version(self) -> str | None:
        """The current version as far as every message received says; None: ask Redis."""
        if not self.lock.acquire(blocking=False):
            return None
        try:
            if self.connection is None:
                if time.monotonic() < self.retry_at or not breaker(self.url).available():
                    return None
                self._subscribe()
                return self.version_held
            return self.version_held if self._drain() else None
        except Exception:
            self._lost()
            return None
        finally:
            self.lock.release()

    def _drain(self) -> bool:
        """Apply what has arrived; True if the copy may be used (Redis answered lately).

        A connection can die without closing (a frozen server, a network cut): a PING every
        second tells, and until Redis has answered within ``TRUST_FOR`` (also after the
        process was idle) the caller reads the key instead.
        """
        connection = self.connection
        while connection.can_read(timeout=0):
            self._apply(connection.read_response(push_request=True))
        now = time.monotonic()
        if self.ping_sent is not None:
            if now - self.ping_sent > self.PONG_WITHIN:
                raise ConnectionError("the version subscription did not answer a PING")
        elif now - self.last_ping > self.PING_EVERY:
            connection.send_command("PING")
            self.ping_sent = self.last_ping = now
        return now - self.heard_at <= self.TRUST_FOR

    def _apply(self, reply: Any) -> None:
        self.heard_at = time.monotonic()
        if isinstance(reply, list):  # a push: ["message", channel, token] or ["subscribe", ...]
            if len(reply) == 3 and reply[0] == b"message" and reply[1] == _CHANNEL_BYTES:
                self.version_held = _decode(reply[2]) or self.version_held
        else:  # the answer to our PING
            self.ping_sent = None

    def _subscribe(self) -> None:
        """Subscribe, then read the key on the same connection (RESP3 allows commands while
        subscribed, and answers them in order): a bump before the GET is in its answer, a
        bump after it arrives as a message."""
        from redis import ConnectionPool
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        pool = ConnectionPool.from_url(
            self.url,
            protocol=3,
            socket_timeout=0.5,
            socket_connect_timeout=0.5,
            retry=Retry(NoBackoff(), 0),
        )
        connection: Any = pool.make_connection()
        try:
            connection.connect()
            connection.send_command("SUBSCRIBE", REDIS_VERSION_CHANNEL)
            version = self._get(connection)
            if version is None:
                _write(_new_token())  # also published: a message older than the next GET
                version = self._get(connection)
            if version is None:
                raise ConnectionError("the content version vanished while subscribing")
        except Exception:
            connection.disconnect()
            raise
        self.connection = connection
        self.version_held = version
        self.ping_sent = None
        self.last_ping = self.heard_at = time.monotonic()
        self.retry_delay = self.RETRY_FIRST

    def _get(self, connection: Any) -> str | None:
        connection.send_command("GET", REDIS_VERSION_KEY)
        while True:
            reply = connection.read_response(push_request=True)
            if not isinstance(reply, list):  # pushes before it are older than its answer
                return _decode(reply)

    def _lost(self) -> None:
        if self.connection is not None or self.retry_delay == self.RETRY_FIRST:
            # Once per outage, not on every retry (e.g. a server without RESP3 or with
            # SUBSCRIBE denied keeps failing; the key is read instead).
            logger.warning(
                "content version subscription %s; reading the key until it is back",
                "lost" if self.connection is not None else "failed",
                exc_info=True,
            )
        if self.connection is not None:
            with contextlib.suppress(Exception):  # already broken; nothing more to do
                self.connection.disconnect()
        self.connection = None
        self.version_held = None
        self.retry_at = time.monotonic() + self.retry_delay
        self.retry_delay = min(self.retry_delay * 2, self.RETRY_MAX)

    def forget(self) -> None:
        """In a forked child: the connection belongs to the parent (never touch it)."""
        self.lock = threading.Lock()
        self.connection = None
        self.version_held = None
        self.retry_at = 0.0
        self.retry_delay = self.RETRY_FIRST


_CHANNEL_BYTES = REDIS_VERSION_CHANNEL.encode()
_follower: _Follower | None = None


_follower_created = threading.Lock()


def _follower_for(url: str) -> _Follower:
    global _follower
    follower = _follower
    if follower is None or follower.url != url:
        with _follower_created:  # one per process, even when threads start together
            follower = _follower
            if follower is None or follower.url != url:
                follower = _follower = _Follower(url)
    return follower


def _reset_after_fork() -> None:
    global _follower_created
    _follower_created = threading.Lock()
    if _follower is not None:
        _follower.forget()


os.register_at_fork(after_in_child=_reset_after_fork)


def followed_version() -> str | None:
    """The version this process holds from the subscription, or None (read the key).

    Only with Redis; reads whatever bump messages have reached this process first.
    """
    url: str = settings.REDIS_URL
    if not url or not settings.GUEST_CACHE_SHARED:
        return None
    return _follower_for(url).version()


def _read() -> str | None:
    if settings.GUEST_CACHE_SHARED:
        redis = client()
        if redis is not None:
            return followed_version() or _decode(redis.get(REDIS_VERSION_KEY))
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
            # One transaction: every process following the channel gets the token that was
            # set, in the order of the writes.
            with redis.pipeline(transaction=True) as pipe:
                pipe.set(REDIS_VERSION_KEY, token)
                pipe.publish(REDIS_VERSION_CHANNEL, token)
                pipe.execute()
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
    except Exception as error:
        # The write itself is committed; a cache outage must not turn it into an error.
        # Pages cached before the outage expire on their own (PNYX_GUEST_CACHE_SECONDS).
        if not isinstance(error, RedisUnavailable):  # (the outage itself is logged once)
            logger.exception("could not bump the guest page version")
        follower = _follower
        if follower is not None:
            # This process's copy is stale now: read the key (which fails while Redis is
            # away: pages are served uncached) until a bump arrives. The breaker bumps
            # once Redis is back (pnyx.core.redis).
            follower.version_held = None


def on_guest_visible_change(event: Event) -> None:
    """The guest cache's subscriber to every domain event (``CoreConfig.ready``): a change
    guests can see makes every cached page stale. Runs after commit."""
    if event.guest_visible:
        bump_content_version()
