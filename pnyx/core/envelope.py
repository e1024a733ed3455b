"""The JSON API's error envelope, ``{"error": {"code", "message", "fields"}}``, built here.

It lives in core, below every app, because core's own answers to a failed request (the 503
of a lost database connection, met by core's middleware or error handler before or outside
the API's own handling) answer ``/api/`` paths in it too. ``pnyx.api.errors`` maps the
API's exceptions to statuses and builds every answer with ``error_response``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpRequest, JsonResponse

from pnyx.core import faults
from pnyx.core.logs import request_id_of


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    fields: Mapping[str, Sequence[str]] | None = None,
    headers: Mapping[str, str] | None = None,
    current_revision: int | None = None,
    request_id: str | None = None,
    until: str | None = None,
) -> JsonResponse:
    detail: dict[str, Any] = {
        "code": code,
        "message": message,
        "fields": {name: [str(m) for m in messages] for name, messages in (fields or {}).items()},
    }
    if current_revision is not None:
        detail["current_revision"] = current_revision
    if request_id is not None:
        detail["request_id"] = request_id
    if until is not None:
        detail["until"] = until
    response = JsonResponse({"error": detail}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def unavailable(request: HttpRequest) -> JsonResponse:
    """503: the database could not be reached (``pnyx.core.faults``)."""
    return error_response(
        503,
        "unavailable",
        "The database is unavailable for a moment; try again shortly.",
        headers={"Retry-After": str(faults.RETRY_AFTER_SECONDS)},
        request_id=request_id_of(request),
    )
