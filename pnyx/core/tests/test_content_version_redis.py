"""The content version with Redis: each process follows bumps through a subscription, and
still sees every bump at once when the subscription is late, lost or not there.

These run against a real ``redis-server`` of their own (a Unix socket in a temporary
directory, nothing saved), so parallel test processes never share a version; they are
skipped where redis-server is not installed.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from pnyx.accounts.models import Member
from pnyx.core import content_version, guest_cache
from pnyx.core.content_version import (
    REDIS_VERSION_CHANNEL,
    REDIS_VERSION_KEY,
    bump_content_version,
    current_content_version,
    followed_version,
)
from pnyx.core.redis import breaker, client
from pnyx.posting.services import reply_to_thread
from pnyx.testing.redis import REDIS_SERVER, PrivateRedis
from pnyx.threads.models import Thread

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")


@pytest.fixture
def redis_server(tmp_path: Path, settings: Settings) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    settings.REDIS_URL = server.url
    settings.GUEST_CACHE_SHARED = True
    settings.GUEST_CACHE_SECONDS = 60
    settings.DATA_DIR = tmp_path
    yield server
    shared = client()
    if shared is not None:
        shared.close()
    content_version._follower = None
    server.stop()


def _stored(server: PrivateRedis) -> str:
    """The version in Redis."""
    raw = server.admin().get(REDIS_VERSION_KEY)
    assert isinstance(raw, bytes)
    return raw.decode()


def _follower(server: PrivateRedis) -> content_version._Follower:
    """A follower of its own: another process, as far as Redis can tell."""
    return content_version._Follower(server.url)


def _pubsub_clients(server: PrivateRedis) -> int:
    subscribers = server.admin().pubsub_numsub(REDIS_VERSION_CHANNEL)
    return int(subscribers[0][1])


def _warm(guest_client: Client, url: str) -> None:
    assert guest_client.get(url)["X-Cache"] == "MISS"
    assert guest_client.get(url)["X-Cache"] == "HIT"


def test_a_bump_reaches_every_follower_at_once(redis_server: PrivateRedis) -> None:
    first = current_content_version()
    others = [_follower(redis_server) for _ in range(3)]
    assert [other.version() for other in others] == [first] * 3
    assert _pubsub_clients(redis_server) == 4  # theirs and this process's
    for _ in range(200):
        bump_content_version()
        current = _stored(redis_server)
        # No waiting: the message is in each follower's socket before the bump returns.
        assert [other.version() for other in others] == [current] * 3


def test_the_follower_reads_no_key_per_request(redis_server: PrivateRedis) -> None:
    version = current_content_version()
    assert followed_version() == version
    admin = redis_server.admin()
    before = int(admin.info("stats")["total_commands_processed"])
    for _ in range(50):
        assert current_content_version() == version
    after = int(admin.info("stats")["total_commands_processed"])
    assert after - before <= 2  # INFO itself (and at most one PING); no GET per request


def test_a_new_process_subscribes_then_reads_the_version(redis_server: PrivateRedis) -> None:
    # Nothing in Redis yet: the first follower creates the version, and it is the one every
    # later reader gets.
    follower = _follower(redis_server)
    created = follower.version()
    assert created is not None
    assert redis_server.admin().get(REDIS_VERSION_KEY) == created.encode()
    assert _follower(redis_server).version() == created


def test_a_lost_subscription_falls_back_to_reading_the_key_and_comes_back(
    redis_server: PrivateRedis,
) -> None:
    follower = _follower(redis_server)
    assert follower.version() == current_content_version()
    admin = redis_server.admin()
    admin.client_kill_filter(_type="pubsub")
    bump_content_version()  # the killed follower never gets this message
    assert follower.version() is None  # noticed: the caller must read the key
    assert follower.connection is None
    assert current_content_version() == _stored(redis_server)  # this process: read the key
    assert follower.version() is None  # not before its retry time
    follower.retry_at = 0.0
    assert follower.version() == _stored(redis_server)  # subscribed again, read the key once
    bump_content_version()
    assert follower.version() == _stored(redis_server)


def test_the_process_version_is_never_stale_while_the_subscription_is_down(
    redis_server: PrivateRedis,
) -> None:
    assert current_content_version() == followed_version()
    redis_server.admin().client_kill_filter(_type="pubsub")
    for _ in range(5):
        bump_content_version()
        assert current_content_version() == _stored(redis_server)
    # Either still down (None: the key is read) or already subscribed again, which reads
    # the key at once: never an older version.
    assert followed_version() in (None, _stored(redis_server))


def test_a_silent_subscription_is_not_trusted_then_dropped(redis_server: PrivateRedis) -> None:
    follower = _follower(redis_server)
    assert follower.version() is not None
    assert redis_server.process is not None
    os.kill(redis_server.process.pid, signal.SIGSTOP)  # Redis stops answering, silently
    try:
        follower.last_ping = 0.0  # due for a health check
        assert follower.version() is not None  # heard from a moment ago
        assert follower.ping_sent is not None
        follower.heard_at -= follower.TRUST_FOR + 0.1
        assert follower.version() is None  # not heard from lately: read the key
        assert follower.connection is not None  # but the PING is not late yet
        follower.ping_sent -= follower.PONG_WITHIN + 0.1
        assert follower.version() is None
        assert follower.connection is None  # given up: subscribe again later
    finally:
        os.kill(redis_server.process.pid, signal.SIGCONT)


def test_an_idle_process_checks_the_subscription_before_trusting_it(
    redis_server: PrivateRedis,
) -> None:
    follower = _follower(redis_server)
    assert follower.version() is not None
    # Idle for a while: nothing heard, no PING sent.
    follower.heard_at -= 60
    follower.last_ping -= 60
    assert follower.version() is None  # reads the key this once, and sends a PING
    assert follower.ping_sent is not None
    deadline = time.monotonic() + 2
    while follower.ping_sent is not None and time.monotonic() < deadline:
        time.sleep(0.001)
        follower.version()
    assert follower.version() == _stored(redis_server)  # answered: trusted again
    assert follower.connection is not None


def test_a_restarted_redis_gives_a_new_version_and_never_an_old_page(
    redis_server: PrivateRedis, thread: Thread, guest_client: Client
) -> None:
    url = thread.get_absolute_url()
    _warm(guest_client, url)
    before = followed_version()
    assert before is not None
    redis_server.stop()
    assert guest_client.get(url).get("X-Cache") is None  # served, without the cache
    redis_server.start()
    shared = client()
    assert shared is not None
    shared.connection_pool.reset()
    content_version._follower_for(redis_server.url).retry_at = 0.0
    # The outage opened this process's breaker: let its wait be over, as time would.
    assert breaker(redis_server.url).is_open
    breaker(redis_server.url).open_until = 0.0
    assert guest_client.get(url)["X-Cache"] == "MISS"  # the old page is not revived
    after = followed_version()
    assert after is not None and after != before
    assert guest_client.get(url)["X-Cache"] == "HIT"


def test_a_reply_on_one_process_shows_at_once_to_guests_on_another(
    redis_server: PrivateRedis,
    thread: Thread,
    member: Member,
    guest_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    url = thread.get_absolute_url()
    _warm(guest_client, url)
    assert _pubsub_clients(redis_server) == 1
    # The reply bumps the version through Redis; the page cache learns of it only from the
    # message on its subscription (it reads no key while subscribed).
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_thread(member, thread, body="Seen at once on every process")
    page = guest_client.get(url)
    assert page["X-Cache"] == "MISS"
    assert "Seen at once on every process" in page.content.decode()
    assert followed_version() == _stored(redis_server)


def test_a_forked_worker_subscribes_on_its_own(redis_server: PrivateRedis) -> None:
    assert followed_version() == current_content_version()
    parent_connection = content_version._follower_for(redis_server.url).connection
    ready_read, ready_write = os.pipe()
    go_read, go_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 1
        try:
            follower = content_version._follower_for(redis_server.url)
            assert follower.connection is None
            first = followed_version()
            assert first is not None and follower.connection is not parent_connection
            os.write(ready_write, b"1")
            os.read(go_read, 1)  # the parent has bumped
            seen = followed_version()
            code = 0 if seen == _stored(redis_server) else 2
        finally:
            os._exit(code)
    os.read(ready_read, 1)
    assert _pubsub_clients(redis_server) == 2
    bump_content_version()
    os.write(go_write, b"1")
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # The parent's own subscription survived the child.
    assert followed_version() == _stored(redis_server)


def test_threads_never_read_a_version_older_than_the_last_finished_bump(
    redis_server: PrivateRedis,
) -> None:
    assert current_content_version() is not None
    published: list[str] = []  # tokens in bump order
    order: dict[str, int] = {}
    stop = threading.Event()
    errors: list[str] = []

    def bumper() -> None:
        for _ in range(150):
            bump_content_version()
            token = _stored(redis_server)
            order[token] = len(published)
            published.append(token)
        stop.set()

    def reader() -> None:
        while not stop.is_set():
            floor = len(published) - 1  # bumps finished before this read started
            seen = current_content_version()
            if floor >= 0 and order.get(seen, len(published)) < floor:
                errors.append(f"read bump {order[seen]} after bump {floor} had finished")

    readers = [threading.Thread(target=reader) for _ in range(4)]
    for each in readers:
        each.start()
    bumper()
    for each in readers:
        each.join()
    assert errors == []
    assert followed_version() == published[-1]


def test_the_cache_takes_the_version_from_the_subscription(
    redis_server: PrivateRedis, thread: Thread, guest_client: Client
) -> None:
    url = thread.get_absolute_url()
    _warm(guest_client, url)
    guest_cache.clear()  # another process: the page comes from Redis
    admin = redis_server.admin()
    before = int(admin.info("stats")["total_commands_processed"])
    assert guest_client.get(url)["X-Cache"] == "HIT"
    assert guest_client.get(url)["X-Cache"] == "HIT"
    after = int(admin.info("stats")["total_commands_processed"])
    assert after - before <= 3  # INFO, one GET of the page, perhaps a PING; no version GET
