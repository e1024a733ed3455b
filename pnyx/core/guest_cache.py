"""Whole-page cache for signed-out readers (guests are most of a forum's traffic).

What is cached: the HTML of views decorated with ``@guest_cacheable`` (index, forum pages,
What's new, threads, member profiles), rendered for a request that carries no session
cookie, no messages cookie and no Authorization header. A page is stored only when it is
a 200 ``text/html`` response to a GET, sets no cookie, used no CSRF token, showed no
message, and was rendered for an anonymous user: nothing rendered for a member is ever
stored, and a request carrying a session cookie never reads the cache.

The key is the scheme, the raw host (stored only after Django validated it against
ALLOWED_HOSTS), the path, the normalised query string (only ``QUERY_PARAMS`` count; the
view sees the request with every other parameter removed, so a page can only ever reflect
its key) and the ``pnyx_theme`` cookie (``light``, ``dark`` or absent; another value is
dropped before the view runs). Nothing else of the request reaches a cacheable view's
output, which is what makes poisoning impossible: no header such as ``X-Forwarded-Host``
or ``Accept`` is keyed because none is read.

Invalidation is by version (``pnyx.core.content_version``): every entry carries the
version it was rendered under, read *before* rendering, and is served only while that is
still the current version, which every write that changes a guest page replaces. Entries
also expire after ``PNYX_GUEST_CACHE_SECONDS`` so relative times ("5 minutes ago") and
view counts stay close to true.

Storage has two levels: each process keeps pages in memory (a bounded FIFO), and when the
cache is shared between machines (Redis) pages are also written there, so one process's
render serves the others. A hit costs one read of the version (a file read on one machine;
with Redis, a look at this process's subscription to version changes, or one round trip
when it is not up) plus a dictionary lookup.

Two entry points share this code: ``GuestCacheMiddleware`` (first in MIDDLEWARE; it
stores pages, and serves hits under any WSGI server or the test client) and
``GuestCacheApplication``, which ``pnyx.config.wsgi`` wraps around Django so that a hit is
answered before Django builds a request object. Responses say ``X-Cache: HIT`` or
``X-Cache: MISS`` (only on requests that may use the cache).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeAlias
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.cookie import parse_cookie
from django.http.response import HttpResponseBase

from pnyx.core.content_version import (
    REDIS_VERSION_KEY,
    VERSION_KEY,
    current_content_version,
    followed_version,
)
from pnyx.core.memory import BoundedStore
from pnyx.core.redis import client

logger = logging.getLogger(__name__)

THEME_COOKIE = "pnyx_theme"
THEMES = frozenset({"light", "dark"})
# Query parameters that change a cacheable page. None do today (pages are numbered in the
# path); every other parameter is removed before the view runs.
QUERY_PARAMS: frozenset[str] = frozenset()

STATE = "pnyx.guest_cache"  # environ/META: the lookup's outcome for this request
CACHEABLE = "pnyx.guest_cache.cacheable"  # META: the view opted in
ON_HIT = "pnyx.guest_cache.on_hit"  # META: (handler name, argument) to run on each hit
_SHARED_PREFIX = "guest-page:"
REDIS_PAGE_PREFIX = "pnyx:guest-page:"
_ENTRY_OVERHEAD = 512  # bytes counted per entry besides the body

WSGIEnviron: TypeAlias = dict[str, Any]
StartResponse: TypeAlias = Callable[..., Any]
HitHandler: TypeAlias = Callable[[int], bool]


@dataclass(frozen=True, slots=True)
class Entry:
    version: str
    expires: float  # time.time()
    headers: tuple[tuple[str, str], ...]
    body: bytes
    on_hit: tuple[str, int] | None = None


@dataclass(frozen=True, slots=True)
class Miss:
    """The request may use the cache, nothing current was stored: render, then store."""

    key: str
    version: str


memory: BoundedStore[str, Entry] = BoundedStore(lambda entry: len(entry.body) + _ENTRY_OVERHEAD)
_hit_handlers: dict[str, HitHandler] = {}


def register_hit_handler(name: str, handler: HitHandler) -> None:
    """Something to do on every cache hit of a page that asked for it (e.g. count a view).

    The handler returns True when it used the database, so the caller can release the
    connection as Django does at the end of a request.
    """
    _hit_handlers[name] = handler


def run_on_cache_hits(request: HttpRequest, name: str, argument: int) -> None:
    """Ask for ``name(argument)`` to run whenever the page being rendered is served from
    the cache (the view itself runs only on a miss)."""
    request.META[ON_HIT] = (name, argument)


def clear() -> None:
    """Forget this process's pages (tests; the shared copies go stale by version)."""
    memory.clear()


# ---------------------------------------------------------------- keys


def _scheme(environ: WSGIEnviron) -> str:
    """As Django's ``HttpRequest.scheme``."""
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    if proxy_header:
        header, secure_value = proxy_header
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return str(environ.get("wsgi.url_scheme", "http"))


def _raw_host(environ: WSGIEnviron, scheme: str) -> str:
    """As Django's ``HttpRequest._get_raw_host`` (validated against ALLOWED_HOSTS before
    anything is stored under it)."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        return str(environ["HTTP_X_FORWARDED_HOST"])
    if "HTTP_HOST" in environ:
        return str(environ["HTTP_HOST"])
    host = str(environ.get("SERVER_NAME", ""))
    port = str(environ.get("SERVER_PORT", ""))
    return host if port == ("443" if scheme == "https" else "80") else f"{host}:{port}"


def normalised_query(query_string: str) -> str:
    if not query_string or not QUERY_PARAMS:
        return ""
    kept = sorted(
        (name, value)
        for name, value in parse_qsl(query_string, keep_blank_values=True)
        if name in QUERY_PARAMS
    )
    return urlencode(kept)


def _theme(cookies: dict[str, str]) -> str:
    value = cookies.get(THEME_COOKIE, "")
    return value if value in THEMES else ""


def request_key(environ: WSGIEnviron) -> str | None:
    """The cache key for this request, or None when it must not use the cache."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    if environ.get("HTTP_AUTHORIZATION"):
        return None
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    # An empty cookie is a deleted one (what a sign-out leaves behind): it counts as absent.
    if cookies.get(settings.SESSION_COOKIE_NAME) or cookies.get(CookieStorage.cookie_name):
        return None
    scheme = _scheme(environ)
    raw = "\n".join(
        (
            scheme,
            _raw_host(environ, scheme),
            str(environ.get("SCRIPT_NAME", "")) + str(environ.get("PATH_INFO", "")),
            normalised_query(str(environ.get("QUERY_STRING", ""))),
            _theme(cookies),
        )
    )
    return hashlib.blake2b(raw.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


# ---------------------------------------------------------------- lookup and store

_last_warning = 0.0


def _warn(message: str) -> None:
    """Log cache trouble at most once a minute (a Redis outage must not flood the log)."""
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        logger.warning(message, exc_info=True)


def lookup(environ: WSGIEnviron) -> Entry | Miss | None:
    """A current entry (hit), a Miss to fill after rendering, or None (not cacheable)."""
    ttl: int = settings.GUEST_CACHE_SECONDS
    if ttl <= 0:
        return None
    key = request_key(environ)
    if key is None:
        return None
    try:
        entry = memory.get(key)
        now = time.time()
        if entry is not None and entry.expires > now:
            version = current_content_version()
            if entry.version == version:
                return entry
            return Miss(key, version)
        if settings.GUEST_CACHE_SHARED:
            shared, stored_version = _shared_get(key)
            version = stored_version or current_content_version()
            if isinstance(shared, Entry) and shared.version == version and shared.expires > now:
                memory.put(key, shared, settings.GUEST_CACHE_MEMORY_BYTES)
                return shared
            return Miss(key, version)
        return Miss(key, current_content_version())
    except Exception:
        _warn("guest page cache unavailable; serving without it")
        return None


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method != "GET" or not request.META.get(CACHEABLE):
        return False
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    if "no-store" in response.get("Cache-Control", "") or "private" in response.get(
        "Cache-Control", ""
    ):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token
    messages = getattr(request, "_messages", None)
    if messages is not None and (
        messages.used or messages.added_new or getattr(messages, "_queued_messages", None)
    ):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    try:
        request.get_host()  # ALLOWED_HOSTS (CommonMiddleware has already checked it)
    except Exception:
        return False
    return True


def store(request: HttpRequest, response: HttpResponse, miss: Miss) -> None:
    on_hit = request.META.get(ON_HIT)
    entry = Entry(
        version=miss.version,
        expires=time.time() + settings.GUEST_CACHE_SECONDS,
        headers=tuple(
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("x-cache", "set-cookie")
        ),
        body=response.content,
        on_hit=on_hit if isinstance(on_hit, tuple) else None,
    )
    memory.put(miss.key, entry, settings.GUEST_CACHE_MEMORY_BYTES)
    if settings.GUEST_CACHE_SHARED:
        try:
            _shared_set(miss.key, entry)
        except Exception:
            _warn("could not store a guest page in the shared cache")


def _shared_get(key: str) -> tuple[object, str | None]:
    """The shared copy of a page and the current version, in one round trip (the
    version from the subscription when it is up)."""
    redis = client()
    if redis is not None:
        followed = followed_version()
        if followed is not None:
            raw_page = redis.get(REDIS_PAGE_PREFIX + key)
            page = pickle.loads(raw_page) if isinstance(raw_page, bytes) else None  # noqa: S301
            return page, followed
        raw_page, raw_version = redis.mget([REDIS_PAGE_PREFIX + key, REDIS_VERSION_KEY])
        page = pickle.loads(raw_page) if isinstance(raw_page, bytes) else None  # noqa: S301
        version = raw_version.decode() if isinstance(raw_version, bytes) else None
        return page, version
    found = cache.get_many([_SHARED_PREFIX + key, VERSION_KEY])
    version = found.get(VERSION_KEY)
    return found.get(_SHARED_PREFIX + key), version if isinstance(version, str) else None


def _shared_set(key: str, entry: Entry) -> None:
    redis = client()
    seconds = settings.GUEST_CACHE_SECONDS
    if redis is not None:
        # Our own pickles under our own key, read back only by this module.
        redis.set(REDIS_PAGE_PREFIX + key, pickle.dumps(entry), ex=seconds)
    else:
        cache.set(_SHARED_PREFIX + key, entry, timeout=seconds)


def _run_hit_handler(entry: Entry) -> bool:
    if entry.on_hit is None:
        return False
    name, argument = entry.on_hit
    handler = _hit_handlers.get(name)
    if handler is None:
        return False
    try:
        return handler(argument)
    except Exception:
        _warn(f"guest page cache: the {name!r} hit handler failed")
        return True


# ---------------------------------------------------------------- entry points


def guest_cacheable(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Let the guest cache store this view's pages.

    On a request that may use the cache, the view sees it normalised as the key sees it:
    query parameters outside QUERY_PARAMS and an unknown theme cookie are removed first.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if isinstance(request.META.get(STATE), Miss):
            query = normalised_query(request.META.get("QUERY_STRING", ""))
            if query != request.META.get("QUERY_STRING", ""):
                request.META["QUERY_STRING"] = query
                request.GET = QueryDict(query)
            if request.COOKIES.get(THEME_COOKIE) is not None and not _theme(request.COOKIES):
                del request.COOKIES[THEME_COOKIE]
            request.META[CACHEABLE] = True
        return view(request, *args, **kwargs)

    return wrapped


class GuestCacheMiddleware:
    """Serves and stores guest pages; first in MIDDLEWARE so a hit skips everything else.

    Changes made in the admin make pages stale like any other write: the admin publishes
    domain events (``pnyx.core.admin.PublishesEvents``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        state = request.META.get(STATE, _UNSET)
        if state is _UNSET:  # not looked up by GuestCacheApplication
            state = lookup(request.META)
            if isinstance(state, Entry):
                _run_hit_handler(state)  # inside Django's request: it closes connections
                return _hit_response(state, request.method == "HEAD")
            request.META[STATE] = state
        response = self.get_response(request)
        if isinstance(state, Miss):
            if isinstance(response, HttpResponse) and _storable(request, response):
                store(request, response, state)
            response["X-Cache"] = "MISS"
        return response


_UNSET = object()


def _hit_response(entry: Entry, head: bool) -> HttpResponse:
    response = HttpResponse(b"" if head else entry.body)
    for name, value in entry.headers:
        response[name] = value
    response["X-Cache"] = "HIT"
    return response


class GuestCacheApplication:
    """WSGI wrapper: answers cache hits without building a Django request at all."""

    def __init__(self, application: Callable[[WSGIEnviron, StartResponse], Iterable[bytes]]):
        self.application = application

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> Iterable[bytes]:
        state = lookup(environ)
        if isinstance(state, Entry):
            if _run_hit_handler(state):
                close_old_connections()
            start_response("200 OK", [*state.headers, ("X-Cache", "HIT")])
            return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [state.body]
        environ[STATE] = state
        return self.application(environ, start_response)
