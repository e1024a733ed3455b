"""Logs that say which request they belong to, and never what it carried.

``RequestIdMiddleware`` (``pnyx.core.middleware``) gives each request an id, answers it in
the ``X-Request-ID`` header and on error pages, and binds the request here for the time it
runs. ``RequestContextFilter`` then adds to every log record made meanwhile, in any logger:
``request_id``, ``member_id`` (only once the request has signed someone in; looking never
queries) and ``route`` (the URL *pattern*, never the path, which can hold a reset key).
With ``PNYX_LOG_FORMAT=json`` each record is one JSON object per line.

Both formatters pass the finished text, exception included, through ``redact``: API tokens,
bearer credentials, password-reset and e-mail confirmation keys in paths, and values of
parameters named like secrets (``password=…``, ``sessionid=…``) are replaced by
``[redacted]``. That is the second wall: nothing in Pnyx logs a request's body or headers.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.core.signals import request_finished
from django.http import HttpRequest

REQUEST_ID = "pnyx.request_id"  # request.META key
REDACTED = "[redacted]"

_current: ContextVar[HttpRequest | None] = ContextVar("pnyx_request", default=None)

_SECRETS = [
    # API tokens: pnyx_<public id>_<secret>; the public id is kept (it names the token).
    (re.compile(r"\b(pnyx_[0-9a-f]+_)[A-Za-z0-9_-]+"), rf"\1{REDACTED}"),
    (re.compile(r"(?i)\b(bearer|basic)\s+[^\s,;\"']+"), rf"\1 {REDACTED}"),
    # allauth's password-reset and e-mail confirmation links.
    (re.compile(r"(/password/reset/key/)[^/\s\"']+"), rf"\1{REDACTED}"),
    (re.compile(r"(/confirm-email/)[^/\s\"']+"), rf"\1{REDACTED}"),
    (
        re.compile(
            r"(?i)\b([\w-]*(?:password|passwd|secret|token|sessionid|csrftoken|api[_-]?key)"
            r"[\w-]*)([\"']?\s*[=:]\s*[\"']?)([^\s&;,\"']+)"
        ),
        rf"\1\2{REDACTED}",
    ),
]


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def bind(request: HttpRequest) -> None:
    """Make ``request`` the one this thread's log records belong to, until it is finished
    (Django logs 4xx and 5xx answers after the middleware has returned them)."""
    _current.set(request)


def _unbind(**kwargs: Any) -> None:
    _current.set(None)


request_finished.connect(_unbind, dispatch_uid="pnyx.core.logs")


def request_id_of(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    value = request.META.get(REQUEST_ID)
    return value if isinstance(value, str) else None


def current_request_id() -> str | None:
    return request_id_of(_current.get())


def _member_id(request: HttpRequest) -> int | None:
    # Only what the request has already looked up: a log line must never query.
    user = request.__dict__.get("_cached_user")
    if user is None:
        caller = request.__dict__.get("auth")  # the API's Caller
        user = getattr(caller, "actor", None)
    if user is not None and getattr(user, "is_authenticated", False):
        member_id = getattr(user, "pk", None)
        return member_id if isinstance(member_id, int) else None
    return None


def _route(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    route = getattr(match, "route", None)
    return route if isinstance(route, str) else None


class RequestContextFilter(logging.Filter):
    """Adds ``request_id``, ``member_id`` and ``route`` (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _current.get()
        record.request_id = request_id_of(request)
        record.member_id = None if request is None else _member_id(request)
        record.route = None if request is None else _route(request)
        return True


class PlainFormatter(logging.Formatter):
    """``time level logger [request member route] message``, redacted."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(context)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        parts = [
            f"request={record.__dict__.get('request_id')}"
            if record.__dict__.get("request_id")
            else "",
            f"member={record.__dict__.get('member_id')}"
            if record.__dict__.get("member_id")
            else "",
            f"route={record.__dict__.get('route')}" if record.__dict__.get("route") else "",
        ]
        context = " ".join(part for part in parts if part)
        record.context = f" [{context}]" if context else ""
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line, redacted: time, level, logger, message, request_id,
    member_id, route, and ``exception`` (the traceback) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "request_id": record.__dict__.get("request_id"),
            "member_id": record.__dict__.get("member_id"),
            "route": record.__dict__.get("route"),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = redact("".join(traceback.format_exception(*record.exc_info)))
        elif record.exc_text:
            entry["exception"] = redact(record.exc_text)
        if record.stack_info:
            entry["stack"] = redact(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
