"""Rate-limit counters hold under concurrency on every cache Pnyx configures (issue 9: "the
API write limit does not hold under concurrency on the default file cache").

Several worker processes count in one window at the same moment; exactly the limit may
pass, never more. Without Redis the file cache shares the count between the processes;
with Redis down each process counts on its own (the limit then holds per process).
"""

from __future__ import annotations

import multiprocessing
import pickle
import time
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from pytest_django import Settings

from pnyx.core.cache import LockingFileBasedCache
from pnyx.core.ratelimit import Rate, RateLimitError, hit
from pnyx.testing.redis import REDIS_SERVER, PrivateRedis

PROCESSES = 6
TRIES = 25  # each: 150 requests in all
LIMIT = 60
NOW = 1_800_000_000.0  # one window for every process


def _count(barrier: Barrier, results: multiprocessing.SimpleQueue[int], limit: int) -> None:
    caches.close_all()  # nothing shared with the parent but the store itself
    barrier.wait()
    accepted = 0
    for _ in range(TRIES):
        try:
            hit("api-write-token", "one-token", Rate(limit=limit, period=3600), now=NOW)
        except RateLimitError:
            continue
        accepted += 1
    results.put(accepted)


def _accepted_per_process(limit: int = LIMIT) -> list[int]:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(PROCESSES)
    results: multiprocessing.SimpleQueue[int] = context.SimpleQueue()
    workers = [
        context.Process(target=_count, args=(barrier, results, limit)) for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    return sorted(results.get() for _ in workers)


@pytest.fixture
def file_cache(tmp_path: Path, settings: Settings) -> Path:
    settings.CACHES = {
        "default": {
            "BACKEND": "pnyx.core.cache.LockingFileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    return tmp_path / "cache"


@pytest.fixture
def redis_cache(tmp_path: Path, settings: Settings) -> Iterator[PrivateRedis]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {"BACKEND": "pnyx.core.cache.ResilientRedisCache", "LOCATION": server.url}
    }
    yield server
    server.stop()


def test_concurrent_processes_pass_exactly_the_limit_on_the_file_cache(
    file_cache: Path,
) -> None:
    assert sum(_accepted_per_process()) == LIMIT


def test_concurrent_processes_pass_exactly_the_limit_on_redis(
    redis_cache: PrivateRedis,
) -> None:
    assert sum(_accepted_per_process()) == LIMIT


def test_with_redis_down_each_process_still_counts_its_own_limit(
    redis_cache: PrivateRedis,
) -> None:
    redis_cache.stop()
    # Never unlimited, never refusing everyone: each process lets its limit through.
    assert _accepted_per_process(limit=10) == [10] * PROCESSES


def _expiry(directory: Path) -> float:
    [entry] = list(directory.glob("*.djcache"))
    with entry.open("rb") as handle:
        expires: float = pickle.load(handle)  # noqa: S301 - the test's own cache file
    return expires


def test_file_cache_incr_keeps_the_entry_expiry(file_cache: Path) -> None:
    assert isinstance(caches["default"], LockingFileBasedCache)
    assert cache.add("count", 0, timeout=30) is True
    assert cache.add("count", 5, timeout=30) is False
    expires = _expiry(file_cache)
    time.sleep(0.01)
    assert cache.incr("count") == 1
    assert cache.incr("count", 4) == 5
    assert cache.get("count") == 5
    assert _expiry(file_cache) == expires
    assert (file_cache / LockingFileBasedCache.LOCK_NAME).exists()


def test_file_cache_incr_of_a_missing_or_expired_key_raises(file_cache: Path) -> None:
    with pytest.raises(ValueError, match="Key 'missing' not found"):
        cache.incr("missing")
    cache.set("gone", 1, timeout=0.05)
    time.sleep(0.1)
    with pytest.raises(ValueError, match="Key 'gone' not found"):
        cache.incr("gone")
