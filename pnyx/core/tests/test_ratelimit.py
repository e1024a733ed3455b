"""The cache-backed rate limiter, the client address it keys on, and PNYX_*_RATE parsing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from pytest_django import Settings

from pnyx.config.env import env_rate
from pnyx.core.ratelimit import Rate, RateLimitError, client_address, hit


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("60/minute", (60, 60)),
        ("1000/hour", (1000, 3600)),
        ("5/10second", (5, 10)),
        ("5/10seconds", (5, 10)),
        ("2/day", (2, 86400)),
        (" 7 / Minutes ", (7, 60)),
        ("off", None),
        ("OFF", None),
    ],
)
def test_env_rate_parses_count_per_period(raw: str, expected: tuple[int, int] | None) -> None:
    assert env_rate("PNYX_X_RATE", "1/second", {"PNYX_X_RATE": raw}) == expected


def test_env_rate_uses_the_default_when_unset() -> None:
    assert env_rate("PNYX_X_RATE", "30/minute", {}) == (30, 60)


@pytest.mark.parametrize(
    "raw", ["60", "0/minute", "-1/minute", "ten/minute", "5/week", "5/0second", ""]
)
def test_env_rate_rejects_nonsense_naming_the_variable(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"^PNYX_X_RATE=.* is not a rate: use a count"):
        env_rate("PNYX_X_RATE", "1/second", {"PNYX_X_RATE": raw})


def test_hit_allows_the_limit_then_refuses_until_the_window_ends() -> None:
    rate = Rate(limit=3, period=60)
    for _ in range(3):
        hit("test", "k", rate, now=120.0)
    with pytest.raises(RateLimitError) as refused:
        hit("test", "k", rate, now=150.5)
    assert (refused.value.retry_after, refused.value.scope) == (30, "test")
    # The next window starts afresh; other keys and scopes never shared the count.
    hit("test", "k", rate, now=180.0)
    hit("test", "other", rate, now=150.0)
    hit("other-scope", "k", rate, now=150.0)


def test_hit_retry_after_is_at_least_one_second() -> None:
    rate = Rate(limit=1, period=1)
    hit("test", "k", rate, now=10.999)
    with pytest.raises(RateLimitError) as refused:
        hit("test", "k", rate, now=10.9999)
    assert refused.value.retry_after == 1


def test_hit_without_a_rate_never_refuses() -> None:
    for _ in range(1000):
        hit("test", "k", None)


def test_rate_from_setting() -> None:
    assert Rate.from_setting((5, 60)) == Rate(limit=5, period=60)
    assert Rate.from_setting(None) is None


def test_client_address_is_remote_addr_unless_behind_a_proxy(settings: Settings) -> None:
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    settings.BEHIND_PROXY = False
    assert client_address(request) == "10.0.0.5"
    settings.BEHIND_PROXY = True
    # Only the entry the proxy itself appended is trusted.
    assert client_address(request) == "5.6.7.8"
    assert client_address(factory.get("/", REMOTE_ADDR="10.0.0.5")) == "10.0.0.5"


def test_client_address_groups_ipv6_by_64_and_unwraps_mapped_ipv4() -> None:
    factory = RequestFactory()
    a = client_address(factory.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1"))
    b = client_address(factory.get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::9"))
    assert a == b == "2001:db8:1:2::/64"
    assert client_address(factory.get("/", REMOTE_ADDR="::ffff:192.0.2.7")) == "192.0.2.7"
    assert client_address(factory.get("/", REMOTE_ADDR="not-an-address")) == "not-an-address"
    assert client_address(factory.get("/", REMOTE_ADDR="")) == "unknown"


def test_hit_counts_when_the_window_expired_between_add_and_incr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.core.cache import cache

    real_incr = cache.incr
    calls = {"n": 0}

    def flaky_incr(key: str, delta: int = 1) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            cache.delete(key)
            raise ValueError(key)
        return real_incr(key, delta)

    monkeypatch.setattr(cache, "incr", flaky_incr)
    rate = Rate(limit=1, period=60)
    hit("test", "k", rate, now=0.0)  # the window re-opened: counted as its first request
    with pytest.raises(RateLimitError):
        hit("test", "k", rate, now=1.0)
