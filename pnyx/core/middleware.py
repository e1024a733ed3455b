"""Middleware of the core: request ids, retries after a lost database connection, and the
response headers every page carries (CSP as the second wall behind the sanitiser)."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.functional import SimpleLazyObject, empty

from pnyx.core import faults, logs

logger = logging.getLogger(__name__)

_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Django's admin sets a few inline styles; scripts stay locked down there too.
_ADMIN_CSP = _CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
_FORWARDED_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class RequestIdMiddleware:
    """The outermost layer: an id for every request, in the ``X-Request-ID`` header, on
    error pages and in every log line made while it runs (``pnyx.core.logs``).

    Behind a proxy (PNYX_BEHIND_PROXY) an ``X-Request-ID`` the proxy sent is kept, so its
    access log and ours name a request alike. Also answers HEAD without a body (with the
    length the GET body would have), whichever view answered it.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        forwarded = request.META.get("HTTP_X_REQUEST_ID", "")
        if settings.BEHIND_PROXY and _FORWARDED_ID.fullmatch(forwarded):
            request_id = forwarded
        else:
            request_id = uuid.uuid4().hex
        request.META[logs.REQUEST_ID] = request_id
        logs.bind(request)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        if request.method == "HEAD":
            _drop_body(response)
        return response


def _drop_body(response: HttpResponseBase) -> None:
    if response.streaming:
        response.streaming_content = []  # type: ignore[attr-defined]
    elif isinstance(response, HttpResponse):
        if not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        response.content = b""


class DatabaseFaultMiddleware:
    """Runs a request again, once, after a lost database connection when that is safe;
    otherwise the 503 the fault was answered with stands (``pnyx.core.faults``)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def _attempt(self, request: HttpRequest) -> tuple[HttpResponseBase, faults.WriteWatch]:
        watch = faults.WriteWatch()
        # Outermost of the wrappers: it sees each statement before anything can fail it.
        connection.execute_wrappers.insert(0, watch)
        try:
            response = self.get_response(request)
        finally:
            connection.execute_wrappers.remove(watch)
        return response, watch

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response, watch = self._attempt(request)
        error = request.META.pop(faults.FAULT, None)
        if error is None:
            return response
        if not faults.may_retry(request, watch):
            # (Django closes an unusable connection when the request is finished.)
            logger.warning("database unavailable (%s); answered 503", error)
            return response
        logger.warning("database connection lost (%s); running the request again", error)
        faults.discard_broken_connection()
        faults.forget_attempt(request)
        response, _watch = self._attempt(request)
        error = request.META.pop(faults.FAULT, None)
        if error is not None:
            logger.warning("database unavailable again (%s); answered 503", error)
        return response

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        if not faults.note_fault(request, exception):
            return None
        from pnyx.core.views import unavailable  # views import the middleware's neighbours

        return unavailable(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith("/admin/")
            response["Content-Security-Policy"] = _ADMIN_CSP if admin else _CSP
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        hsts: int = settings.HSTS_SECONDS
        if hsts:
            response.setdefault("Strict-Transport-Security", f"max-age={hsts}")
        if "Cache-Control" not in response and _rendered_for_a_member(request):
            # What a page shows a member (their addresses, tokens, drafts) is theirs alone:
            # no shared cache or browser history keeps it unless the view said otherwise
            # (ASVS V8.2.1; allauth's account pages set nothing).
            response["Cache-Control"] = "private, no-store"
        return response


def _rendered_for_a_member(request: HttpRequest) -> bool:
    """True when the view looked at the signed-in member (a page that never asked who is
    signing in shows nothing of theirs); never loads the session or the member itself."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject):
        user = user.__dict__.get("_wrapped", empty)
        if user is empty:
            return False
    return bool(getattr(user, "is_authenticated", False))
