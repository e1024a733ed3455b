"""The guest page cache: served only to guests, never holding a member's page, stale at once
after every write that changes a page, and keyed so that no request can poison it."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from pnyx.accounts.models import Member
from pnyx.accounts.services import update_profile
from pnyx.core import guest_cache
from pnyx.core.content_version import (
    VERSION_KEY,
    bump_content_version,
    current_content_version,
)
from pnyx.core.guest_cache import (
    CACHEABLE,
    STATE,
    Entry,
    GuestCacheApplication,
    Miss,
    guest_cacheable,
    lookup,
    request_key,
)
from pnyx.core.memory import BoundedStore
from pnyx.forums.models import Forum
from pnyx.posting.services import create_thread, edit_post, reply_to_thread
from pnyx.reactions.services import set_reaction
from pnyx.testing.factories import first_post, make_thread
from pnyx.threads import services as thread_services
from pnyx.threads.models import Thread

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings: Settings, tmp_path: Path) -> None:
    settings.GUEST_CACHE_SECONDS = 60
    # The version file lives in the data directory, which parallel test processes share.
    settings.DATA_DIR = tmp_path


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> DjangoCaptureOnCommitCallbacks:
    """Wrap writes in ``with committed(execute=True):`` so their on-commit work runs (a
    test's transaction is never committed)."""
    return django_capture_on_commit_callbacks


def _get(client: Client, url: str, **headers: Any) -> tuple[str, str | None]:
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode(), response.get("X-Cache")


def _environ(path: str, **extra: str) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }
    environ.update(extra)
    return environ


@pytest.fixture
def warm(thread: Thread, guest_client: Client) -> str:
    """The thread's URL, its guest page already cached."""
    url = thread.get_absolute_url()
    assert guest_client.get(url)["X-Cache"] == "MISS"
    assert guest_client.get(url)["X-Cache"] == "HIT"
    return url


# ---------------------------------------------------------------- hits


def test_guest_cache_second_guest_request_is_a_hit_costing_no_query(
    warm: str, guest_client: Client
) -> None:
    miss_html = Client().get(warm).content
    with CaptureQueriesContext(connection) as queries:
        response = guest_client.get(warm)
    assert response["X-Cache"] == "HIT"
    assert response.content == miss_html
    assert len(queries) == 0
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    "url_of",
    [
        lambda thread: "/",
        lambda thread: thread.forum.get_absolute_url(),
        lambda thread: "/whats-new/",
        lambda thread: "/whats-new/threads/",
        lambda thread: thread.author.get_absolute_url(),
        lambda thread: thread.get_absolute_url(),
    ],
    ids=["index", "forum", "whats-new", "whats-new-threads", "profile", "thread"],
)
def test_guest_cache_serves_every_cacheable_page_from_the_cache(
    url_of: Any, thread: Thread, guest_client: Client
) -> None:
    url = url_of(thread)
    assert _get(guest_client, url)[1] == "MISS"
    assert _get(guest_client, url)[1] == "HIT"


def test_guest_cache_head_request_is_answered_from_the_cache_without_a_body(
    warm: str, guest_client: Client
) -> None:
    response = guest_client.head(warm)
    assert response["X-Cache"] == "HIT"
    assert response.content == b""


def test_guest_cache_hit_still_counts_a_thread_view(
    warm: str, thread: Thread, guest_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = thread_services._pending_views.get(thread.pk, 0)
    for _ in range(3):
        assert guest_client.get(warm)["X-Cache"] == "HIT"
    assert thread_services._pending_views[thread.pk] == before + 3
    monkeypatch.setattr(thread_services, "VIEW_FLUSH_SECONDS", 0.0)
    assert guest_client.get(warm)["X-Cache"] == "HIT"
    thread.refresh_from_db()
    assert thread.view_count == before + 4


def test_guest_cache_off_when_seconds_is_zero(
    thread: Thread, guest_client: Client, settings: Settings
) -> None:
    settings.GUEST_CACHE_SECONDS = 0
    url = thread.get_absolute_url()
    guest_client.get(url)
    response = guest_client.get(url)
    assert "X-Cache" not in response


def test_guest_cache_entry_expires_after_its_seconds(
    warm: str, guest_client: Client, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + settings.GUEST_CACHE_SECONDS + 1)
    assert guest_client.get(warm)["X-Cache"] == "MISS"


# ---------------------------------------------------------------- writes are visible at once


def test_guest_cache_new_reply_is_visible_to_guests_at_once_everywhere(
    warm: str,
    thread: Thread,
    member: Member,
    guest_client: Client,
    committed: DjangoCaptureOnCommitCallbacks,
) -> None:
    other_urls = ["/", thread.forum.get_absolute_url(), "/whats-new/", "/members/alice/"]
    for url in other_urls:
        guest_client.get(url)
        guest_client.get(url)
    with committed(execute=True):
        reply_to_thread(member, thread, body="Breaking: the talks moved to Vienna.")
    html, state = _get(guest_client, warm)
    assert state == "MISS"
    assert "Breaking: the talks moved to Vienna." in html
    assert "1 reply" in html
    for url in other_urls:
        assert _get(guest_client, url)[1] == "MISS", url
    assert "the talks moved to Vienna" in _get(guest_client, "/members/alice/")[0]


def test_guest_cache_new_thread_is_visible_on_the_forum_page_at_once(
    forum: Forum, member: Member, guest_client: Client, committed: DjangoCaptureOnCommitCallbacks
) -> None:
    url = forum.get_absolute_url()
    guest_client.get(url)
    guest_client.get(url)
    with committed(execute=True):
        create_thread(member, forum, title="Elections called for June", body="It is official.")
    html, state = _get(guest_client, url)
    assert state == "MISS"
    assert "Elections called for June" in html


def test_guest_cache_edit_reaction_and_profile_change_are_visible_at_once(
    warm: str,
    thread: Thread,
    member: Member,
    other_member: Member,
    guest_client: Client,
    committed: DjangoCaptureOnCommitCallbacks,
) -> None:
    post = first_post(thread)
    with committed(execute=True):
        edit_post(other_member, post, body="The minister said talks resume on Tuesday.")
    html, state = _get(guest_client, warm)
    assert (state, "talks resume on Tuesday" in html) == ("MISS", True)
    assert _get(guest_client, warm)[1] == "HIT"

    with committed(execute=True):
        set_reaction(member, post, "like", on=True)
    html, state = _get(guest_client, warm)
    assert state == "MISS"
    assert '<span class="reaction-count">1</span>' in html

    with committed(execute=True):
        update_profile(
            other_member, other_member, display_name="Bob Renamed", country="", location=""
        )
    html, state = _get(guest_client, warm)
    assert (state, "Bob Renamed" in html) == ("MISS", True)


def test_guest_cache_bump_waits_for_the_commit(
    thread: Thread,
    member: Member,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    before = current_content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply_to_thread(member, thread, body="Not committed yet.")
    assert current_content_version() == before
    for callback in callbacks:
        callback()
    assert current_content_version() != before


def test_guest_cache_view_counts_do_not_make_pages_stale(
    warm: str, thread: Thread, guest_client: Client, member_client: Client
) -> None:
    before = current_content_version()
    member_client.get(warm)
    thread_services.flush_thread_views()
    assert current_content_version() == before
    assert guest_client.get(warm)["X-Cache"] == "HIT"


def test_guest_cache_admin_change_makes_pages_stale(
    warm: str,
    thread: Thread,
    admin_client: Client,
    guest_client: Client,
    committed: DjangoCaptureOnCommitCallbacks,
) -> None:
    with committed(execute=True):
        response = admin_client.post(
            f"/admin/threads/thread/{thread.pk}/change/",
            {"title": "Talks called off", "slug": thread.slug},
        )
    assert response.status_code == 302
    html, state = _get(guest_client, warm)
    assert (state, "Talks called off" in html) == ("MISS", True)


def test_guest_cache_lost_version_never_revives_old_pages(
    warm: str, guest_client: Client, settings: Settings
) -> None:
    (Path(settings.DATA_DIR) / "content-version").unlink()
    assert guest_client.get(warm)["X-Cache"] == "MISS"
    assert guest_client.get(warm)["X-Cache"] == "HIT"


def test_guest_cache_version_lives_in_the_shared_cache_when_there_is_one(
    warm: str, guest_client: Client, settings: Settings
) -> None:
    settings.GUEST_CACHE_SHARED = True
    assert cache.get(VERSION_KEY) is None
    assert guest_client.get(warm)["X-Cache"] == "MISS"  # a new version, in the cache
    token = cache.get(VERSION_KEY)
    assert isinstance(token, str)
    assert guest_client.get(warm)["X-Cache"] == "HIT"
    cache.delete(VERSION_KEY)
    assert guest_client.get(warm)["X-Cache"] == "MISS"
    assert cache.get(VERSION_KEY) != token


def test_content_version_is_a_new_token_on_every_bump() -> None:
    seen = {current_content_version()}
    for _ in range(20):
        bump_content_version()
        seen.add(current_content_version())
    assert len(seen) == 21


# ---------------------------------------------------------------- members


def test_guest_cache_member_is_never_served_a_cached_guest_page(
    warm: str, member_client: Client
) -> None:
    response = member_client.get(warm)
    html = response.content.decode()
    assert "X-Cache" not in response
    assert 'class="account-name">Alice Example<' in html
    assert "Reply to this thread" in html


def test_guest_cache_member_pages_are_never_stored(
    thread: Thread, member_client: Client, guest_client: Client
) -> None:
    url = thread.get_absolute_url()
    member_client.get(url)
    member_client.get(url)
    html, state = _get(guest_client, url)
    assert state == "MISS"
    assert "Alice Example" not in html
    assert "Sign in</a> or" in html


def test_guest_cache_any_session_cookie_bypasses_the_cache(
    warm: str, guest_client: Client, settings: Settings
) -> None:
    """Even a stale or forged session cookie: such requests neither read nor fill it."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    response = client.get(warm)
    assert response.status_code == 200
    assert "X-Cache" not in response


def test_guest_cache_authorization_header_bypasses_the_cache(
    warm: str, guest_client: Client
) -> None:
    response = guest_client.get(warm, HTTP_AUTHORIZATION="Bearer abc")
    assert "X-Cache" not in response


def test_guest_cache_messages_cookie_bypasses_so_the_message_is_shown(
    warm: str, guest_client: Client
) -> None:
    member = Member.objects.get(username="bob")
    client = Client()
    client.force_login(member)
    response = client.post("/accounts/logout/", follow=True)
    assert "You have signed out." in response.content.decode()
    assert "X-Cache" not in response
    assert client.get(warm)["X-Cache"] == "HIT"


# ---------------------------------------------------------------- what is not stored


def test_guest_cache_does_not_store_pages_holding_a_csrf_token(guest_client: Client) -> None:
    guest_client.get("/accounts/login/")
    response = guest_client.get("/accounts/login/")
    assert "X-Cache" not in response or response["X-Cache"] == "MISS"
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_guest_cache_does_not_store_errors_or_redirects(
    thread: Thread, guest_client: Client
) -> None:
    for _ in range(2):
        assert guest_client.get("/threads/999999-nothing/").status_code == 404
        assert guest_client.get(f"/threads/{thread.pk}-wrong-slug/").status_code == 302
    assert guest_client.get("/threads/999999-nothing/")["X-Cache"] == "MISS"
    assert guest_client.get(f"/threads/{thread.pk}-wrong-slug/")["X-Cache"] == "MISS"


def test_guest_cache_does_not_store_views_that_did_not_opt_in(guest_client: Client) -> None:
    guest_client.get("/healthz")
    assert guest_client.get("/healthz")["X-Cache"] == "MISS"


# ---------------------------------------------------------------- poisoning


def test_guest_cache_query_string_junk_never_reaches_the_page(
    thread: Thread, guest_client: Client
) -> None:
    url = thread.get_absolute_url()
    guest_client.get(url)
    poisoned = guest_client.get(url + "?next=//evil.test/&utm_source=evil")
    assert poisoned.status_code == 200
    assert "evil" not in poisoned.content.decode()
    html, state = _get(guest_client, url)
    assert state == "HIT"
    assert "evil" not in html


def test_guest_cache_unknown_host_is_refused_and_stores_nothing(
    warm: str, guest_client: Client
) -> None:
    assert guest_client.get(warm, HTTP_HOST="evil.test").status_code == 400
    assert guest_client.get(warm, HTTP_HOST="evil.test").status_code == 400
    assert guest_client.get(warm)["X-Cache"] == "HIT"


def test_guest_cache_forwarded_host_is_not_keyed_and_not_reflected(
    thread: Thread, guest_client: Client
) -> None:
    url = thread.get_absolute_url()
    guest_client.get(url)
    html, _state = _get(guest_client, url, HTTP_X_FORWARDED_HOST="evil.test")
    assert "evil.test" not in html
    assert request_key(_environ(url, HTTP_X_FORWARDED_HOST="evil.test")) == request_key(
        _environ(url)
    )


def test_guest_cache_accept_json_still_gets_the_html_page(warm: str, guest_client: Client) -> None:
    response = guest_client.get(warm, HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["X-Cache"] == "HIT"


def test_guest_cache_theme_cookie_is_keyed_and_unknown_values_count_as_absent(
    thread: Thread,
) -> None:
    url = thread.get_absolute_url()
    plain = request_key(_environ(url))
    light = request_key(_environ(url, HTTP_COOKIE="pnyx_theme=light"))
    dark = request_key(_environ(url, HTTP_COOKIE="pnyx_theme=dark"))
    junk = request_key(_environ(url, HTTP_COOKIE='pnyx_theme="><script>'))
    assert len({plain, light, dark}) == 3
    assert junk == plain


@pytest.mark.parametrize(
    ("state", "theme", "expected"),
    [
        (Miss("key", "version"), "neon", {"cookies": {"other": "1"}, "path": "/x/", "get": {}}),
        (
            Miss("key", "version"),
            "dark",
            {"cookies": {"other": "1", "pnyx_theme": "dark"}, "path": "/x/", "get": {}},
        ),
        (
            None,
            "neon",
            {
                "cookies": {"other": "1", "pnyx_theme": "neon"},
                "path": "/x/?next=evil&a=1",
                "get": {"next": "evil", "a": "1"},
            },
        ),
    ],
    ids=["guest-junk-theme", "guest-dark", "not-cacheable-untouched"],
)
def test_guest_cacheable_shows_the_view_the_request_as_the_key_sees_it(
    rf: RequestFactory, state: Miss | None, theme: str, expected: dict[str, Any]
) -> None:
    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen.update(
            cookies=dict(request.COOKIES),
            path=request.get_full_path(),
            get=request.GET.dict(),
        )
        return HttpResponse("ok")

    request = rf.get("/x/?next=evil&a=1", HTTP_COOKIE=f"pnyx_theme={theme}; other=1")
    request.META[STATE] = state
    guest_cacheable(view)(request)
    assert seen == expected
    assert request.META.get(CACHEABLE) is (True if state else None)


def test_guest_cache_keys_differ_by_scheme_host_and_path(thread: Thread) -> None:
    url = thread.get_absolute_url()
    keys = {
        request_key(_environ(url)),
        request_key(_environ(url, HTTP_HOST="localhost")),
        request_key(_environ(url, **{"wsgi.url_scheme": "https"})),
        request_key(_environ(url + "page-2")),
    }
    assert len(keys) == 4
    assert request_key(_environ(url, REQUEST_METHOD="POST")) is None


# ---------------------------------------------------------------- the WSGI front and sharing


class _Recorder:
    def __init__(self) -> None:
        self.environs: list[dict[str, Any]] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.environs.append(environ)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"from django"]


def test_guest_cache_wsgi_front_answers_hits_without_django(
    warm: str, guest_client: Client
) -> None:
    inner = _Recorder()
    started: list[tuple[str, list[tuple[str, str]]]] = []
    body = GuestCacheApplication(inner)(
        _environ(warm), lambda status, headers: started.append((status, headers))
    )
    assert inner.environs == []
    assert started[0][0] == "200 OK"
    assert ("X-Cache", "HIT") in started[0][1]
    assert b"".join(body) == guest_client.get(warm).content


def test_guest_cache_wsgi_front_passes_misses_on_with_the_lookup(thread: Thread) -> None:
    inner = _Recorder()
    app = GuestCacheApplication(inner)
    assert b"".join(app(_environ(thread.get_absolute_url()), lambda *a: None)) == b"from django"
    assert isinstance(inner.environs[0][STATE], Miss)
    app(_environ("/", HTTP_COOKIE="sessionid=abc"), lambda *a: None)
    assert inner.environs[1][STATE] is None


def test_guest_cache_shared_store_serves_pages_rendered_by_another_process(
    thread: Thread, guest_client: Client, settings: Settings
) -> None:
    settings.GUEST_CACHE_SHARED = True
    url = thread.get_absolute_url()
    guest_client.get(url)
    guest_client.get(url)
    guest_cache.clear()  # another process: nothing in its memory
    assert isinstance(lookup(_environ(url)), Entry)
    guest_cache.clear()
    assert guest_client.get(url)["X-Cache"] == "HIT"
    bump_content_version()
    guest_cache.clear()
    assert isinstance(lookup(_environ(url)), Miss)


def test_guest_cache_outage_serves_pages_without_the_cache(
    thread: Thread, guest_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down() -> str:
        raise ConnectionError("cache is down")

    monkeypatch.setattr(guest_cache, "current_content_version", down)
    response = guest_client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert "X-Cache" not in response


def test_guest_cache_memory_evicts_the_oldest_pages_past_its_size() -> None:
    store: BoundedStore[str, Entry] = BoundedStore(lambda e: len(e.body) + 512)
    for n in range(5):
        store.put(str(n), Entry("v", 0.0, (), b"x" * 1000), max_bytes=3 * 1600)
    assert [key for key in "01234" if store.get(key)] == ["2", "3", "4"]
    store.put("big", Entry("v", 0.0, (), b"x" * 10_000), max_bytes=3 * 1600)
    assert store.get("big") is None
    store.put("3", Entry("v", 0.0, (), b"y"), max_bytes=3 * 1600)
    assert store.size == 2 * 1512 + 1 + 512
    store.clear()
    assert store.size == 0


def test_make_thread_helper_goes_through_services(
    forum: Forum, member: Member, committed: DjangoCaptureOnCommitCallbacks
) -> None:
    before = current_content_version()
    with committed(execute=True):
        make_thread(forum, author=member)
    assert current_content_version() != before


class _FakeRedis:
    """The commands the guest cache sends to Redis, in memory (without a subscription)."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def set(self, key: str, value: bytes | str, ex: int | None = None) -> None:
        self.data[key] = value.encode() if isinstance(value, str) else value

    def mget(self, keys: list[str]) -> list[bytes | None]:
        return [self.data.get(key) for key in keys]

    def publish(self, channel: str, message: str) -> int:
        return 0  # nobody follows the channel: every reader reads the key

    def pipeline(self, transaction: bool = True) -> _FakePipeline:
        return _FakePipeline(self)


class _FakePipeline:
    def __init__(self, redis: _FakeRedis) -> None:
        self.redis = redis
        self.commands: list[Callable[[], object]] = []

    def __enter__(self) -> _FakePipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def set(self, key: str, value: str) -> None:
        self.commands.append(lambda: self.redis.set(key, value))

    def publish(self, channel: str, message: str) -> None:
        self.commands.append(lambda: self.redis.publish(channel, message))

    def execute(self) -> list[object]:
        return [command() for command in self.commands]


def test_guest_cache_with_redis_shares_pages_and_the_version(
    thread: Thread, guest_client: Client, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pnyx.core import content_version

    redis = _FakeRedis()
    monkeypatch.setattr(content_version, "client", lambda: redis)
    monkeypatch.setattr(guest_cache, "client", lambda: redis)
    settings.GUEST_CACHE_SHARED = True
    url = thread.get_absolute_url()
    assert guest_client.get(url)["X-Cache"] == "MISS"
    assert set(redis.data) == {
        "pnyx:content-version",
        *(k for k in redis.data if k.startswith("pnyx:guest-page:")),
    }
    assert any(k.startswith("pnyx:guest-page:") for k in redis.data)
    guest_cache.clear()  # another process
    assert guest_client.get(url)["X-Cache"] == "HIT"
    bump_content_version()
    guest_cache.clear()
    assert guest_client.get(url)["X-Cache"] == "MISS"
    redis.data.pop("pnyx:content-version")  # Redis restarted: a new version, no old page
    assert guest_client.get(url)["X-Cache"] == "MISS"
    assert guest_client.get(url)["X-Cache"] == "HIT"


def test_content_version_bump_survives_a_store_outage(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from pnyx.core import content_version

    class Down(_FakeRedis):
        def set(self, key: str, value: bytes | str, ex: int | None = None) -> None:
            raise ConnectionError("Redis is down")

        def pipeline(self, transaction: bool = True) -> _FakePipeline:
            raise ConnectionError("Redis is down")

    monkeypatch.setattr(content_version, "client", lambda: Down())
    settings.GUEST_CACHE_SHARED = True
    bump_content_version()  # logs, does not raise: the write it follows is committed
    assert "could not bump the guest page version" in caplog.text
