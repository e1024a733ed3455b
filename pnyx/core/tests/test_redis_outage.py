"""Redis down or hung: every page, write and sign-in still works, limits still hold, and
nothing stale comes back with it (issue 9: "Redis down takes the whole site down";
SECURITY.md C.1 Redis down / hung).

A private redis-server (``pnyx.testing.redis``) is stopped or frozen with SIGSTOP in the
middle of each test; the cache is the production one (``ResilientRedisCache``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from django.core.cache import cache, caches
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from pnyx.accounts.models import Member
from pnyx.core import content_version, redis
from pnyx.core.cache import ResilientRedisCache
from pnyx.core.forms import new_form_key
from pnyx.core.redis import breaker
from pnyx.testing.api import ApiClient
from pnyx.testing.factories import PASSWORD, make_token
from pnyx.testing.redis import REDIS_SERVER, PrivateRedis
from pnyx.threads.models import Post, Thread

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")

T = TypeVar("T")
OUTAGES = ["stopped", "hung"]
# Generous for a loaded CI machine; what proves that nothing waits on Redis is the
# breaker's count of failed commands (one for the whole outage).
FAST = 3.0


@pytest.fixture
def redis_cache(tmp_path: Path, settings: Settings) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "pnyx.core.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "pnyx",
        }
    }
    settings.GUEST_CACHE_SHARED = True
    settings.GUEST_CACHE_SECONDS = 60
    settings.DATA_DIR = tmp_path
    yield server
    plain = redis.client()
    if plain is not None:
        plain.close()
    content_version._follower = None
    server.stop()


def _break(server: PrivateRedis, outage: str) -> None:
    if outage == "stopped":
        server.stop()
    else:
        server.hang()


def _mend(server: PrivateRedis, outage: str) -> None:
    """Redis is back, and the breaker's wait is over (as if OPEN_SECONDS had passed)."""
    if outage == "stopped":
        server.start()
    else:
        server.resume()
    breaker(server.url).open_until = 0.0


def _fast(call: Callable[[], T]) -> T:
    started = time.monotonic()
    result = call()
    elapsed = time.monotonic() - started
    assert elapsed < FAST, f"took {elapsed:.2f} s"
    return result


def _redis_keys(server: PrivateRedis) -> set[str]:
    return {key.decode() if isinstance(key, bytes) else key for key in server.admin().keys("*")}


def test_the_cache_is_redis_while_it_answers(redis_cache: PrivateRedis) -> None:
    assert isinstance(caches["default"], ResilientRedisCache)
    cache.set("greeting", "hello")
    assert "pnyx:1:greeting" in _redis_keys(redis_cache)
    assert cache.get("greeting") == "hello"


@pytest.mark.parametrize("outage", OUTAGES)
def test_pages_writes_sign_in_and_the_api_work_while_redis_is_away(
    outage: str,
    redis_cache: PrivateRedis,
    member: Member,
    thread: Thread,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    url = thread.get_absolute_url()
    guest = Client()
    reader = Client()
    reader.force_login(member)
    api = ApiClient(make_token(member))
    assert guest.get(url).status_code == 200  # (creates the site settings: a new version)
    guest.get(url)
    assert guest.get(url)["X-Cache"] == "HIT"  # served from Redis's version: it is in use
    assert reader.get(url).status_code == 200
    assert any(key.startswith("pnyx:1:django.contrib.sessions") for key in _redis_keys(redis_cache))

    _break(redis_cache, outage)

    page = _fast(lambda: guest.get(url))
    assert page.status_code == 200
    assert thread.title in page.content.decode()
    assert _fast(lambda: guest.get("/")).status_code == 200
    signed_in = _fast(lambda: reader.get(url))
    assert signed_in.status_code == 200
    assert 'action="/accounts/logout/"' in signed_in.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        replied = _fast(
            lambda: reader.post(
                f"{url}reply/",
                {"body": "Written while Redis is away", "idempotency_key": new_form_key()},
            )
        )
    assert replied.status_code == 302
    assert Post.objects.filter(thread=thread, source="Written while Redis is away").count() == 1

    visitor = Client()
    signed = _fast(
        lambda: visitor.post("/accounts/login/", {"login": member.username, "password": PASSWORD})
    )
    assert signed.status_code == 302
    assert visitor.get("/account/settings/").status_code == 200

    assert _fast(lambda: api.get(f"/threads/{thread.pk}")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        created = _fast(lambda: api.post(f"/threads/{thread.pk}/posts", {"body": "By the API"}))
    assert created.status_code == 201

    health = _fast(lambda: guest.get("/healthz"))
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": True, "redis": False}
    # Only the first command waited (and failed); nothing asked Redis after it.
    assert breaker(redis_cache.url).failures == 1

    _mend(redis_cache, outage)
    assert guest.get("/healthz").json() == {"status": "ok", "database": True, "redis": True}


@pytest.mark.parametrize("outage", OUTAGES)
def test_write_and_sign_in_limits_still_hold_while_redis_is_away(
    outage: str,
    redis_cache: PrivateRedis,
    settings: Settings,
    member: Member,
    thread: Thread,
) -> None:
    settings.API_WRITE_RATE = (3, 60)
    settings.API_ADDRESS_WRITE_RATE = None
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    api = ApiClient(make_token(member))
    _break(redis_cache, outage)

    statuses = [
        api.post(f"/threads/{thread.pk}/posts", {"body": f"number {n}"}).status_code
        for n in range(5)
    ]
    assert statuses == [201, 201, 201, 429, 429]

    guesser = Client()
    for _ in range(3):
        wrong = guesser.post("/accounts/login/", {"login": member.username, "password": "wrong"})
        assert wrong.status_code == 200
        assert "Too many failed login attempts" not in wrong.content.decode()
    # Limited now, even with the right password: the count was kept without Redis.
    refused = guesser.post("/accounts/login/", {"login": member.username, "password": PASSWORD})
    assert refused.status_code != 302
    assert "Too many failed login attempts" in refused.content.decode()
    # Another visitor (another address) is not refused along with the guesser.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert (
        other.post("/accounts/login/", {"login": member.username, "password": PASSWORD}).status_code
        == 302
    )


def test_a_sign_out_during_the_outage_is_not_undone_when_redis_returns(
    redis_cache: PrivateRedis, member: Member, thread: Thread
) -> None:
    reader = Client()
    reader.force_login(member)
    assert reader.get("/account/settings/").status_code == 200  # the session is in Redis
    stolen = reader.cookies["sessionid"].value
    redis_cache.hang()  # Redis keeps its copy of the session
    assert reader.post("/accounts/logout/").status_code == 302
    redis_cache.resume()
    breaker(redis_cache.url).open_until = 0.0

    thief = Client()
    thief.cookies["sessionid"] = stolen
    response = thief.get("/account/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_values_written_during_the_outage_do_not_come_back_stale(
    redis_cache: PrivateRedis,
) -> None:
    cache.set("site", "before")
    cache.set("untouched", "kept")
    redis_cache.hang()
    cache.set("site", "during")  # e.g. the admin changed the site settings
    assert cache.get("site") == "during"  # this process's memory meanwhile
    cache.delete("untouched")
    redis_cache.resume()
    breaker(redis_cache.url).open_until = 0.0

    assert cache.get("site") is None  # Redis's "before" was dropped: read afresh
    assert cache.get("untouched") is None
    assert not {"pnyx:1:site", "pnyx:1:untouched"} & _redis_keys(redis_cache)
    cache.set("site", "after")
    assert cache.get("site") == "after"


def test_guest_pages_cached_before_the_outage_are_not_served_after_it(
    redis_cache: PrivateRedis,
    member: Member,
    thread: Thread,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    url = thread.get_absolute_url()
    guest = Client()
    guest.get(url)
    guest.get(url)
    assert guest.get(url)["X-Cache"] == "HIT"
    redis_cache.hang()
    writer = Client()
    writer.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        writer.post(
            f"{url}reply/", {"body": "Said during the outage", "idempotency_key": new_form_key()}
        )
    redis_cache.resume()
    breaker(redis_cache.url).open_until = 0.0

    page = guest.get(url)
    assert page["X-Cache"] == "MISS"
    assert "Said during the outage" in page.content.decode()


@pytest.mark.parametrize("outage", OUTAGES)
def test_one_failure_stops_the_waiting_and_each_outage_is_logged_once(
    outage: str, redis_cache: PrivateRedis, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="pnyx.core.redis")
    cache.set("counter", 0)
    _break(redis_cache, outage)
    started = time.monotonic()
    cache.get("anything")  # pays the timeout once, at most
    first = time.monotonic() - started
    started = time.monotonic()
    for _ in range(200):
        cache.get("anything")
        cache.add("counter", 0)
        cache.incr("counter")
    rest = time.monotonic() - started
    assert first < FAST  # one wait of at most redis.TIMEOUT (plus a loaded machine's delays)
    assert rest < 0.5  # 600 operations without a single wait
    assert breaker(redis_cache.url).failures == 1
    assert cache.get("counter") == 200
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == ["Redis is unavailable"]

    _mend(redis_cache, outage)
    cache.get("anything")
    assert [r.getMessage() for r in caplog.records][1:] == [
        "Redis answers again; the shared cache is back in use"
    ]


def test_while_the_wait_lasts_redis_is_not_asked(redis_cache: PrivateRedis) -> None:
    redis_cache.hang()
    cache.get("x")
    state = breaker(redis_cache.url)
    assert state.is_open
    redis_cache.resume()
    admin = redis_cache.admin()

    def commands() -> int:
        return int(admin.info("stats")["total_commands_processed"])

    first = commands()
    per_info = commands() - first  # what asking costs by itself
    before = commands()
    cache.get("x")
    cache.set("y", 1)
    assert cache.get("y") == 1
    assert commands() - before == per_info  # nothing from the cache: not even a PING yet
    assert state.is_open


def test_a_failure_that_is_not_an_outage_is_raised(redis_cache: PrivateRedis) -> None:
    redis_cache.admin().set("pnyx:1:text", b"not a number")
    with pytest.raises(Exception, match="not an integer"):
        cache.incr("text")
    assert not breaker(redis_cache.url).is_open


def test_a_flapping_redis_is_logged_at_most_once_a_minute(
    redis_cache: PrivateRedis, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="pnyx.core.redis")
    for _ in range(3):  # e.g. a full Redis: it answers the PING, then refuses the next write
        redis_cache.hang()
        cache.get("x")
        redis_cache.resume()
        breaker(redis_cache.url).open_until = 0.0
        assert cache.get("x") is None
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == [
        "Redis is unavailable",
        "Redis answers again; the shared cache is back in use",
    ]
