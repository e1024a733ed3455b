"""Every API error, in one envelope, from one place.

``{"error": {"code": "...", "message": "...", "fields": {"field": ["message", …]}}}``

``response_for_exception`` is the only mapping from exceptions (domain errors raised by
selectors and services, pydantic validation, authentication, rate limits) to statuses;
the NinjaAPI registers it for every exception, and the URL guard uses ``error_response``
for what it refuses before an operation runs. The envelope itself is built by
``pnyx.core.envelope``, where core's own 503 answers build it too.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from pnyx.core import faults
from pnyx.core.actors import is_member
from pnyx.core.envelope import error_response, unavailable
from pnyx.core.errors import (
    EditConflictError,
    FormKeyReusedError,
    PnyxError,
    SanctionedError,
)
from pnyx.core.logs import request_id_of
from pnyx.core.ratelimit import RateLimitError

logger = logging.getLogger("pnyx.api")

NON_FIELD = "__all__"
NOT_FOUND_MESSAGE = "Not found."


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]
    current_revision: int | None = None
    # On 500 and 503: the id of the request (also in the X-Request-ID header), to report.
    request_id: str | None = None
    # On 403 for a sanction (code banned, posting_restricted, reply_banned): when it ends,
    # ISO 8601 ("permanent" for a permanent one).
    until: str | None = None


class ErrorOut(Schema):
    error: ErrorDetail


# What each status means, for the OpenAPI document and docs/api.md.
STATUS_DESCRIPTIONS = {
    400: "The request cannot be read: malformed JSON or a malformed header.",
    401: "The token is missing where one is needed, malformed, unknown or revoked.",
    403: "The caller may see this but not do this (the message says why).",
    404: "Missing, or not visible to the caller: the two answers are the same.",
    409: (
        "Conflict: the post changed since the given revision (see current_revision), or "
        "the Idempotency-Key was used for a different request."
    ),
    411: "A chunked request body the server cannot read: send a Content-Length header.",
    413: "The request body, or the post's text, is too large.",
    415: "A request body that is not JSON (send Content-Type: application/json).",
    422: "Invalid fields; ``fields`` has a list of messages per field.",
    429: "Too many writes; try again after the Retry-After header's seconds.",
    503: (
        "The database is unavailable for a moment; try again after the Retry-After "
        "header's seconds (a write sent with an Idempotency-Key is safe to repeat)."
    ),
}


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Response declarations for an operation's error statuses."""
    return dict.fromkeys(statuses, ErrorOut)


class ApiError(Exception):
    """An error the API answers directly (not a domain error)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: Mapping[str, Sequence[str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = {name: list(messages) for name, messages in (fields or {}).items()}
        self.headers = dict(headers or {})


def not_found() -> JsonResponse:
    return error_response(404, "not_found", NOT_FOUND_MESSAGE)


def _schema_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """pydantic errors → {field: [messages]}. ``loc`` is (source, parameter, *path)."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        source = loc[0] if loc else ""
        if source == "body":
            name = ".".join(loc[2:]) or NON_FIELD
        else:
            name = ".".join(loc[1:]) or NON_FIELD
        if source == "header":
            name = name.title()
        fields.setdefault(name, []).append(str(error.get("msg", "Invalid value.")))
    return fields


def _service_fields(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in ValidationError(messages).messages]
                for field, messages in error.error_dict.items()}  # fmt: skip
    return {NON_FIELD: [str(m) for m in error.messages]}


def _is_too_long(error: ValidationError) -> bool:
    return hasattr(error, "error_dict") and any(
        e.code == "max_length" for e in error.error_dict.get("body", [])
    )


def response_for_exception(request: HttpRequest, exc: Exception) -> JsonResponse:
    """The one mapping from exceptions to API error responses."""
    if isinstance(exc, ApiError):
        return error_response(
            exc.status, exc.code, exc.message, fields=exc.fields, headers=exc.headers
        )
    if isinstance(exc, Http404):
        return not_found()
    if isinstance(exc, SchemaValidationError):
        too_large = [e for e in exc.errors if e.get("type") == "too_large"]
        if too_large:
            fields = _schema_fields(too_large)
            return error_response(413, "too_large", next(iter(fields.values()))[0], fields=fields)
        return error_response(
            422,
            "invalid",
            "Some fields are invalid; see fields.",
            fields=_schema_fields(list(exc.errors)),
        )
    if isinstance(exc, ValidationError):
        fields = _service_fields(exc)
        if _is_too_long(exc):
            return error_response(413, "too_large", fields["body"][0], fields=fields)
        return error_response(422, "invalid", "Some fields are invalid; see fields.", fields=fields)
    if isinstance(exc, SanctionedError):
        until = exc.until.isoformat() if exc.until is not None else "permanent"
        return error_response(403, exc.code, exc.message, until=until)
    if isinstance(exc, PermissionDenied):
        message = str(exc) or "You may not do this."
        caller = getattr(request, "auth", None)
        if caller is not None and not is_member(caller.actor):
            return error_response(
                401,
                "authentication_required",
                f"{message} Send a personal API token: Authorization: Bearer <token>.",
                headers={"WWW-Authenticate": 'Bearer realm="pnyx"'},
            )
        return error_response(403, "forbidden", message)
    if isinstance(exc, EditConflictError):
        return error_response(
            409,
            "edit_conflict",
            exc.message,
            fields={"revision": [f"The post is at revision {exc.current_revision} now."]},
            current_revision=exc.current_revision,
        )
    if isinstance(exc, FormKeyReusedError):
        return error_response(
            409,
            exc.code,
            exc.message,
            fields={"Idempotency-Key": ["Already used for a different request."]},
        )
    if isinstance(exc, PnyxError):
        return error_response(400, exc.code, exc.message)
    if isinstance(exc, RateLimitError):
        return error_response(
            429,
            "rate_limited",
            exc.message or f"Too many writes; try again in {exc.retry_after} seconds.",
            headers={"Retry-After": str(exc.retry_after)},
        )
    if isinstance(exc, AuthenticationError):
        return error_response(
            401,
            "invalid_token",
            "The token is not valid: it is malformed, unknown or revoked.",
            headers={"WWW-Authenticate": 'Bearer realm="pnyx", error="invalid_token"'},
        )
    if isinstance(exc, HttpError):
        # django-ninja raises HttpError(400) for a body that is not valid JSON.
        if exc.status_code == 400:
            detail = f" ({exc.__cause__})" if isinstance(exc.__cause__, ValueError) else ""
            return error_response(
                400, "malformed_json", f"The request body is not valid JSON{detail}."
            )
        return error_response(exc.status_code, "error", str(exc))
    if faults.note_fault(request, exc):  # retried or answered 503 by DatabaseFaultMiddleware
        return unavailable(request)
    logger.exception("API request %s %s failed", request.method, request.path, exc_info=exc)
    return error_response(
        500,
        "server_error",
        "Something went wrong on our side.",
        request_id=request_id_of(request),
    )
