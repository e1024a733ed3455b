"""Small request helpers shared by the views: what the client asked for, safe redirects,
the answer to a page write over its rate limit."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext

from pnyx.core.ratelimit import RateLimitError

# Scripts that want a piece of a page (a post, a form) instead of the whole page send
# this header; the views answer with the same partial templates the pages include.
FRAGMENT_HEADER = "Pnyx-Fragment"


def wants_fragment(request: HttpRequest) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _is_local_path(request: HttpRequest, value: str) -> bool:
    if not value.startswith("/") or value.startswith("//"):
        return False
    if any(ch == "\\" or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return False
    if ".." in value.split("?", 1)[0].split("/"):
        return False
    return url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next_path(request: HttpRequest, value: str | None, default: str = "/") -> str:
    """``value`` if it is a path on this site, else ``default`` (no open redirects).

    Checked as sent and once percent-decoded, so ``/%2F%2Fevil.test`` and friends fail.
    """
    if value and _is_local_path(request, value) and _is_local_path(request, unquote(value)):
        return value
    return default


def rate_limit_message(error: RateLimitError) -> str:
    seconds = error.retry_after
    if error.message:
        return error.message
    return ngettext(
        "You are doing that too often. Wait %(n)d second and try again.",
        "You are doing that too often. Wait %(n)d seconds and try again.",
        seconds,
    ) % {"n": seconds}


def rate_limited_response(request: HttpRequest, error: RateLimitError) -> HttpResponse:
    """429 with ``Retry-After`` and a message saying how long to wait: JSON for scripts,
    the notice alone for fragment requests, a page otherwise."""
    message = rate_limit_message(error)
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse({"error": {"code": "rate_limited", "message": message}})
    else:
        template = "core/partials/rate_limited.html" if wants_fragment(request) else "429.html"
        response = render(request, template, {"message": message})
    response.status_code = 429
    response["Retry-After"] = str(error.retry_after)
    response["Cache-Control"] = "private, no-store"
    return response


View = TypeVar("View", bound=Callable[..., HttpResponse])


def answers_rate_limits(view: View) -> View:
    """Answer a RateLimitError raised in ``view`` (``pnyx.core.ratelimit.check_page_write``)
    with ``rate_limited_response``."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except RateLimitError as error:
            return rate_limited_response(request, error)

    return cast(View, wrapped)
