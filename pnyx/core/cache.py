"""Cache backends: Redis that an outage cannot take the site down with, and a file cache
whose counters hold across processes.

Both keep Django's cache API, so every cache user (sessions, allauth's rate limits, site
settings, ``pnyx.core.ratelimit``) gets the behaviour without knowing it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import re
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from pnyx.core.redis import Breaker, breaker, connection_options, is_outage

T = TypeVar("T")

# Sessions are read from the database while Redis is away, not from one process's memory:
# a session ended on one process (sign-out) must not live on in another's.
_NOT_KEPT_IN_MEMORY = ("django.contrib.sessions.cached_db",)
# Keys written while Redis is away are deleted from it when it comes back (it may hold an
# older value: a session since ended, site settings since changed). Past this many, the
# whole cache database is emptied instead.
MAX_MISSED_KEYS = 100_000


class _Outage:
    """What one process remembers for one Redis server while it is away."""

    def __init__(self, location: str, state: Breaker) -> None:
        self.memory_name = f"pnyx-redis-fallback:{location}"
        self.lock = threading.Lock()
        self.missed: set[str] = set()
        self.too_many = False
        state.before_close.insert(0, self.forget_missed)

    def note(self, keys: Iterable[str]) -> None:
        with self.lock:
            if not self.too_many:
                self.missed.update(keys)
                if len(self.missed) > MAX_MISSED_KEYS:
                    self.too_many = True
                    self.missed.clear()

    def forget_missed(self, redis: Any) -> None:
        with self.lock:
            keys, too_many = list(self.missed), self.too_many
        if too_many:
            redis.flushdb()
        for start in range(0, len(keys), 1000):
            redis.delete(*keys[start : start + 1000])
        with self.lock:
            self.missed.difference_update(keys)
            self.too_many = self.too_many and not too_many


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _after_fork() -> None:
    """A forked worker must not inherit a lock some other thread of its parent held."""
    global _outages_lock
    _outages_lock = threading.Lock()
    for outage in _outages.values():
        outage.lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork)


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that falls back to this process's memory while Redis is away.

    Timeouts are short and there are no retries (``pnyx.core.redis.connection_options``);
    the first failure opens the process's breaker for the server, and until it closes
    every operation goes to a local-memory cache: pages keep working, counters keep
    counting (per process: a rate limit then holds in each process, never nowhere), and
    sessions are read from the database. See ``pnyx.core.redis`` for the breaker.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = {**params, "OPTIONS": {**connection_options(), **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        location = re.split("[;,]", server)[0]  # the server written to, as RedisCache splits
        self._breaker = breaker(location)
        outage = _outages.get(location)
        if outage is None:
            with _outages_lock:
                outage = _outages.get(location)
                if outage is None:
                    outage = _outages[location] = _Outage(location, self._breaker)
        self._outage = outage
        self._memory = LocMemCache(
            outage.memory_name,
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": self.key_prefix,
                "VERSION": self.version,
                "KEY_FUNCTION": self.key_func,
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            },
        )

    def _either(self, on_redis: Callable[[], T], in_memory: Callable[[], T]) -> T:
        if self._breaker.available():
            try:
                return on_redis()
            except Exception as error:
                if not is_outage(error):
                    raise
                self._breaker.failed(error)
        return in_memory()

    def _missed(self, keys: Iterable[str], version: int | None) -> None:
        self._outage.note(self.make_and_validate_key(key, version=version) for key in keys)

    @staticmethod
    def _kept(key: str) -> bool:
        return not key.startswith(_NOT_KEPT_IN_MEMORY)

    def add(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        # Not noted as missed: what Redis holds for an added key (a counter, a lock) is
        # still right when it comes back.
        def in_memory() -> bool:
            return self._memory.add(key, value, timeout, version) if self._kept(key) else True

        return self._either(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), in_memory
        )

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        def in_memory() -> Any:
            return self._memory.get(key, default, version) if self._kept(key) else default

        return self._either(
            lambda: super(ResilientRedisCache, self).get(key, default, version), in_memory
        )

    def set(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        def in_memory() -> None:
            self._missed([key], version)
            if self._kept(key):
                self._memory.set(key, value, timeout, version)

        self._either(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), in_memory
        )

    def touch(
        self, key: str, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        def in_memory() -> bool:
            return self._memory.touch(key, timeout, version) if self._kept(key) else False

        return self._either(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), in_memory
        )

    def delete(self, key: str, version: int | None = None) -> bool:
        def in_memory() -> bool:
            self._missed([key], version)
            return self._memory.delete(key, version)

        return self._either(
            lambda: super(ResilientRedisCache, self).delete(key, version), in_memory
        )

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        keys = list(keys)

        def in_memory() -> dict[str, Any]:
            return self._memory.get_many([key for key in keys if self._kept(key)], version)

        return self._either(
            lambda: super(ResilientRedisCache, self).get_many(keys, version), in_memory
        )

    def has_key(self, key: str, version: int | None = None) -> bool:
        def in_memory() -> bool:
            return self._memory.has_key(key, version) if self._kept(key) else False

        return self._either(
            lambda: super(ResilientRedisCache, self).has_key(key, version), in_memory
        )

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        def in_memory() -> int:
            return self._memory.incr(key, delta, version)

        return self._either(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), in_memory
        )

    def set_many(
        self,
        data: Mapping[str, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[str]:
        def in_memory() -> list[str]:
            self._missed(data, version)
            kept = {key: value for key, value in data.items() if self._kept(key)}
            return self._memory.set_many(kept, timeout, version)

        return self._either(
            lambda: super(ResilientRedisCache, self).set_many(dict(data), timeout, version),
            in_memory,
        )

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        keys = list(keys)

        def in_memory() -> None:
            self._missed(keys, version)
            self._memory.delete_many(keys, version)

        self._either(lambda: super(ResilientRedisCache, self).delete_many(keys, version), in_memory)

    def clear(self) -> None:
        def in_memory() -> None:
            with self._outage.lock:  # everything may be stale in Redis: empty it when back
                self._outage.too_many = True
                self._outage.missed.clear()
            self._memory.clear()

        def on_redis() -> None:
            super(ResilientRedisCache, self).clear()

        self._either(on_redis, in_memory)


class LockingFileBasedCache(FileBasedCache):
    """Django's file cache with ``add`` and ``incr`` atomic across processes.

    Django's file cache reads, changes and writes a counter in three steps, so workers
    counting at once lose increments (and a rate limit lets more through than it says).
    Here both run under an exclusive ``flock`` on one lock file in the cache directory,
    taken through a descriptor of their own, so threads exclude each other too. ``incr``
    keeps the entry's expiry (Django's resets it to the default timeout).
    """

    LOCK_NAME = "counters.lock"  # not a *.djcache file: culling and clear() leave it alone

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(location, params)
        self._directory = os.path.abspath(location)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        os.makedirs(self._directory, 0o700, exist_ok=True)
        path = os.path.join(self._directory, self.LOCK_NAME)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # releases the lock

    def add(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        with self._locked():
            name: str = self._key_to_file(key, version)  # type: ignore[attr-defined]
            try:
                with open(name, "rb") as handle:
                    expires = pickle.load(handle)  # noqa: S301 - our own cache files
                    value = pickle.loads(zlib.decompress(handle.read()))  # noqa: S301
            except FileNotFoundError:
                value, expires = None, None
            remaining = None if expires is None else expires - time.time()
            if value is None or (remaining is not None and remaining <= 0):
                raise ValueError(f"Key '{key}' not found")
            new_value = value + delta
            self._rewrite(name, expires, new_value)
            return int(new_value)

    def _rewrite(self, name: str, expires: float | None, value: Any) -> None:
        """Replace an entry's value and keep its expiry exactly (``set`` would compute a new
        one from a remaining time, drifting by however long this took)."""
        descriptor, temporary = tempfile.mkstemp(dir=self._directory)
        try:
            with open(descriptor, "wb") as handle:
                pickle.dump(expires, handle, self.pickle_protocol)
                handle.write(zlib.compress(pickle.dumps(value, self.pickle_protocol)))
            os.replace(temporary, name)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temporary)
            raise
