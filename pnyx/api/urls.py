"""URLs of /api/v1/, each wrapped in a guard that runs before django-ninja.

The guard refuses what must not be parsed at all (413 for a body over
PNYX_API_MAX_BODY_BYTES by its Content-Length, 415 for a body that is not JSON), reads a
chunked body (no Content-Length) under the same limit, or answers 411 where the server
cannot tell where it ends,
answers unknown paths and wrong methods in the JSON error envelope, and sets the
caching headers every API response carries.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from pnyx.api.api import api
from pnyx.api.errors import not_found
from pnyx.core.envelope import error_response

View = Callable[..., HttpResponseBase]
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _too_large() -> HttpResponse:
    return error_response(
        413, "too_large", f"The request body is larger than {settings.API_MAX_BODY_BYTES} bytes."
    )


def _read_chunked(request: HttpRequest) -> HttpResponse | int:
    """A chunked body (no Content-Length) read whole, up to the same limit; its length, or
    411 when the server cannot say where it ends."""
    if not request.META.get("wsgi.input_terminated"):
        return error_response(
            411,
            "length_required",
            "Send the body with a Content-Length header: this server cannot read a chunked "
            "request body.",
        )
    stream = request.META["wsgi.input"]
    limit = settings.API_MAX_BODY_BYTES
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(65_536, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        return _too_large()
    # What Django and django-ninja read as the body from now on.
    request._body = b"".join(chunks)
    request.META["CONTENT_LENGTH"] = str(size)
    return size


def _refuse(request: HttpRequest) -> HttpResponse | None:
    if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        read = _read_chunked(request)
        if isinstance(read, HttpResponse):
            return read
        length = read
    else:
        raw_length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw_length)
        except ValueError:
            return error_response(400, "bad_request", "The Content-Length header is not a number.")
        if length > settings.API_MAX_BODY_BYTES:
            return _too_large()
    if request.method in BODY_METHODS and length > 0 and not _is_json(request.content_type or ""):
        return error_response(
            415, "unsupported_media_type", "Send the body as JSON: Content-Type: application/json."
        )
    return None


def set_cache_headers(request: HttpRequest, response: HttpResponseBase) -> None:
    """``private`` for anything answered to a token; a guest's successful read may be
    kept by a shared cache but must be revalidated at once; everything else ``no-store``.
    ``Vary: Authorization`` always, since the answer depends on the caller."""
    if "HTTP_AUTHORIZATION" in request.META:
        response["Cache-Control"] = "private, no-store"
    elif request.method in ("GET", "HEAD") and response.status_code == 200:
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
    else:
        response["Cache-Control"] = "no-store"
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    if "Authorization" not in vary:
        response["Vary"] = ", ".join([*vary, "Authorization"])


def guard(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase | None = _refuse(request)
        if response is None:
            # HEAD is a GET without the body (RequestIdMiddleware drops it).
            head = request.method == "HEAD"
            if head:
                request.method = "GET"
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = not_found()
            finally:
                if head:
                    request.method = "HEAD"
            if response.status_code == 405 and not response.get("Content-Type", "").startswith(
                "application/json"
            ):
                allowed = response.get("Allow", "")
                response = error_response(
                    405,
                    "method_not_allowed",
                    f"This address answers {allowed or 'no methods'}.",
                    headers={"Allow": allowed},
                )
        set_cache_headers(request, response)
        return response

    return csrf_exempt(guarded)


@guard
def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponseBase:
    return not_found()


def _one_path(views: list[View]) -> View:
    """One view for an address that several routers answer (``GET /threads/{id}`` in one,
    ``PATCH /threads/{id}`` in another): the first whose methods include the request's.
    django-ninja makes one URL pattern per router and path, and Django would send every
    method to the first of them."""
    if len(views) == 1:
        return views[0]

    def dispatch(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        allowed: list[str] = []
        for view in views:
            response = view(request, *args, **kwargs)
            if not isinstance(response, HttpResponseNotAllowed):
                return response
            allowed += [m.strip() for m in response["Allow"].split(",") if m.strip()]
        return HttpResponseNotAllowed(sorted(set(allowed)))

    return dispatch


def _guarded(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    flat: list[URLPattern] = []
    by_route: dict[str, list[URLPattern]] = {}
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):  # pragma: no cover - django-ninja makes none
            raise TypeError(f"unexpected nested URLs in the API: {pattern!r}")
        flat.append(pattern)
        by_route.setdefault(str(pattern.pattern), []).append(pattern)
    result: list[URLPattern | URLResolver] = []
    for pattern in flat:
        views = list(dict.fromkeys(p.callback for p in by_route[str(pattern.pattern)]))
        result.append(
            URLPattern(pattern.pattern, guard(_one_path(views)), pattern.default_args, pattern.name)
        )
    return result


_patterns, APP_NAME, NAMESPACE = api.urls

# Mounted under /api/ by pnyx.config.urls, which imports this module only when a request
# (or a reverse of an "api-v1:" name) first needs it; the application and instance
# namespaces are given there, as APP_NAME and NAMESPACE.
urlpatterns = [
    path("v1/", include(_guarded(list(_patterns)))),
    re_path(r"^(?P<rest>.*)$", unknown_path),
]
