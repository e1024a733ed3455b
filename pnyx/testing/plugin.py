"""Pytest fixtures: the cast of personas and their signed-in clients, plus a clean cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from pnyx.accounts.models import Member
    from pnyx.core.events import Event
    from pnyx.forums.models import Forum
    from pnyx.testing.api import ApiClient
    from pnyx.threads.models import Thread

settings.register_profile(
    "pnyx",
    deadline=None,
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "150")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("pnyx")


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    from django.core.cache import cache

    from pnyx.core import guest_cache
    from pnyx.core.site_settings import forget_site_settings
    from pnyx.forums.tree import forget_forum_tree
    from pnyx.groups.policy import forget_settings
    from pnyx.threads import services as thread_services

    cache.clear()
    guest_cache.clear()
    forget_site_settings()
    forget_forum_tree()
    forget_settings()
    thread_services._pending_views.clear()
    yield
    forget_site_settings()
    guest_cache.clear()


@pytest.fixture(autouse=True)
def _no_timed_view_flush(monkeypatch: pytest.MonkeyPatch) -> None:
    """View counts are written once a second; tests decide when (query counts stay exact)."""
    from pnyx.threads import services

    monkeypatch.setattr(services, "VIEW_FLUSH_SECONDS", float("inf"))


@pytest.fixture(autouse=True)
def _no_flood_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests post faster than members may; the flood tests ask for ``flood_limits``."""
    from pnyx.sanctions import flood

    monkeypatch.setattr(flood, "LIMITS_APPLY", False)


@pytest.fixture
def rate_window_held(monkeypatch: pytest.MonkeyPatch) -> float:
    """Hold the rate limiter's clock one second into today's first window (UTC).

    Limits count in windows aligned to the clock (``pnyx.core.ratelimit``), so a test whose
    requests straddle a window's end sees its count start again, and a slow machine makes
    that happen now and then. Every period that divides a day starts a window at midnight;
    the cache's own expiry still runs on the real clock."""
    import time
    from types import SimpleNamespace

    from pnyx.core import ratelimit

    held = (time.time() // 86400) * 86400 + 1.0
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: held))
    return held


@pytest.fixture
def flood_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's flood limits apply (SiteSettings.post_interval_seconds, posts_per_hour)."""
    from pnyx.sanctions import flood

    monkeypatch.setattr(flood, "LIMITS_APPLY", True)


@pytest.fixture
def guest() -> AnonymousUser:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def member(db: None) -> Member:
    from pnyx.testing.factories import make_member

    return make_member(username="alice", display_name="Alice Example", country="FR", location="DE")


@pytest.fixture
def other_member(db: None) -> Member:
    from pnyx.testing.factories import make_member

    return make_member(username="bob", display_name="Bob Other", country="PL")


@pytest.fixture
def moderator(db: None) -> Member:
    from pnyx.testing.factories import make_member

    return make_member(username="mod_mia", is_staff=True)


@pytest.fixture
def admin(db: None) -> Member:
    from pnyx.testing.factories import make_member

    return make_member(username="root_rita", is_superuser=True)


@pytest.fixture
def banned_member(db: None) -> Member:
    """A deactivated account: it can neither sign in nor act."""
    from pnyx.testing.factories import make_member

    return make_member(username="gone_gus", is_active=False)


def _client_for(user: Member | None) -> Client:
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def guest_client(db: None) -> Client:
    return _client_for(None)


@pytest.fixture
def member_client(member: Member) -> Client:
    return _client_for(member)


@pytest.fixture
def other_member_client(other_member: Member) -> Client:
    return _client_for(other_member)


@pytest.fixture
def moderator_client(moderator: Member) -> Client:
    return _client_for(moderator)


@pytest.fixture
def admin_client(admin: Member) -> Client:
    return _client_for(admin)


@pytest.fixture
def forum(db: None) -> Forum:
    from pnyx.testing.factories import make_forum

    return make_forum(name="News & Current Events")


@pytest.fixture
def members_forum(db: None) -> Forum:
    from pnyx.forums.enums import Visibility
    from pnyx.testing.factories import make_forum

    return make_forum(name="Members' Lounge", visibility=Visibility.MEMBERS)


@pytest.fixture
def staff_forum(db: None) -> Forum:
    from pnyx.forums.enums import Visibility
    from pnyx.testing.factories import make_forum

    return make_forum(name="Staff Room", visibility=Visibility.STAFF)


@pytest.fixture
def thread(forum: Forum, other_member: Member) -> Thread:
    from pnyx.testing.factories import make_thread

    return make_thread(
        forum,
        author=other_member,
        title="Talks to resume in Geneva",
        body="The minister said talks would resume on Monday in Geneva.",
    )


# ---------------------------------------------------------------- JSON API clients


def _api_for(user: Member | None) -> ApiClient:
    from pnyx.testing.api import ApiClient
    from pnyx.testing.factories import make_token

    return ApiClient(make_token(user) if user is not None else None)


@pytest.fixture
def guest_api(db: None) -> ApiClient:
    return _api_for(None)


@pytest.fixture
def member_api(member: Member) -> ApiClient:
    return _api_for(member)


@pytest.fixture
def other_member_api(other_member: Member) -> ApiClient:
    return _api_for(other_member)


@pytest.fixture
def moderator_api(moderator: Member) -> ApiClient:
    return _api_for(moderator)


@pytest.fixture
def published_events() -> Iterator[list[Event]]:
    """Every domain event delivered while the test runs, in order. Delivery happens on
    commit: wrap writes in ``django_capture_on_commit_callbacks(execute=True)``."""
    from pnyx.core.events import Event, subscribe, unsubscribe

    delivered: list[Event] = []
    subscribe(Event, delivered.append)
    yield delivered
    unsubscribe(Event, delivered.append)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Append why tests were skipped to the file named by PNYX_SKIP_REPORT, one line per
    reason, so that scripts/test can end by listing every group of tests it did not run."""
    path = os.environ.get("PNYX_SKIP_REPORT")
    if not path or hasattr(terminalreporter.config, "workerinput"):  # xdist workers: no
        return
    reasons: dict[str, int] = {}
    seen: set[str] = set()
    for report in terminalreporter.stats.get("skipped", []):
        if report.nodeid in seen:
            continue
        seen.add(report.nodeid)
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ").strip().splitlines()[0] if reason else "?"
        reasons[reason] = reasons.get(reason, 0) + 1
    with open(path, "a", encoding="utf-8") as report_file:
        for reason, count in sorted(reasons.items()):
            report_file.write(f"{count} test{'s' if count != 1 else ''}: {reason}\n")
