"""A lost database connection costs a retry or a 503, never a 500.

PostgreSQL connections die (a restart, a failover, ``pg_terminate_backend``, a pooler or
firewall dropping idle ones); SQLite can stay locked past its busy timeout. Such an error
is noted on the request (``note_fault``) wherever it surfaces: a page view
(``DatabaseFaultMiddleware.process_exception``), an API operation
(``pnyx.api.errors.response_for_exception``) or a middleware (Django's
``got_request_exception``). ``DatabaseFaultMiddleware`` (``pnyx.core.middleware``) then
discards the broken connection and runs the request once more when that cannot do
anything twice:

* a safe request (GET, HEAD, OPTIONS);
* a request that had sent no write to the database yet (so nothing can have been
  committed: the connection was already dead, or died while reading);
* a write carrying an idempotency key (a compose form's key or the API's
  ``Idempotency-Key``): whatever the first attempt committed, the second returns it.

Anything else, and a second failure, is answered 503 with ``Retry-After``.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpRequest

FAULT = "pnyx.database_fault"  # request.META: the class name of the error
RETRY_AFTER_SECONDS = 5
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# SQLSTATE classes and codes that mean "the connection or server, not the statement".
_TRANSIENT_CLASSES = ("08",)  # connection exception
_TRANSIENT_CODES = frozenset(
    {
        "57P01",  # admin_shutdown (pg_terminate_backend, a fast shutdown)
        "57P02",  # crash_shutdown
        "57P03",  # cannot_connect_now (starting up, in recovery)
        "53300",  # too_many_connections
        "40001",  # serialization_failure
        "40P01",  # deadlock_detected
    }
)
# Statements that cannot change data (what a retry may repeat without a key).
_READS = frozenset({"SELECT", "BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "SHOW", "PRAGMA"})


def is_transient(error: BaseException) -> bool:
    """The database was unreachable or lost the connection; the request may work again."""
    if isinstance(error, InterfaceError):
        return True  # "connection already closed"
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if type(cause).__module__.startswith("psycopg"):
        if sqlstate is None:  # raised by the client: connection refused, lost, timed out
            return True
        return sqlstate.startswith(_TRANSIENT_CLASSES) or sqlstate in _TRANSIENT_CODES
    return "database is locked" in str(error)  # SQLite past its busy timeout


def note_fault(request: HttpRequest, error: BaseException) -> bool:
    """Remember a transient database error on the request; True if it was one."""
    if not is_transient(error):
        return False
    request.META[FAULT] = type(error.__cause__ or error).__name__
    return True


def _note_uncaught(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    error = sys.exc_info()[1]
    if request is not None and error is not None:
        note_fault(request, error)


got_request_exception.connect(_note_uncaught, dispatch_uid="pnyx.core.faults")


class WriteWatch:
    """A database execute wrapper that notes whether any statement could have written."""

    def __init__(self) -> None:
        self.wrote = False

    def __call__(
        self, execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        if not self.wrote:
            words = sql.lstrip(" (\n").split(None, 1)
            self.wrote = not words or words[0].upper() not in _READS
        return execute(sql, params, many, context)


def has_idempotency_key(request: HttpRequest) -> bool:
    if request.headers.get("Idempotency-Key"):
        return True
    if request.method != "POST":
        return False
    try:
        return bool(request.POST.get("idempotency_key"))
    except Exception:  # a body read another way, or unreadable: no key we can trust
        return False


def may_retry(request: HttpRequest, watch: WriteWatch) -> bool:
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return False  # inside a transaction we do not own (a test's, ATOMIC_REQUESTS)
    return request.method in SAFE_METHODS or not watch.wrote or has_idempotency_key(request)


def discard_broken_connection() -> None:
    """Close the default connection; with a pool, replace the idle ones that died too (a
    server restart kills them all, and the retry must not draw another dead one)."""
    connection = connections[DEFAULT_DB_ALIAS]
    with contextlib.suppress(Exception):  # it is broken; closing is all that was asked
        connection.close()
    pool = getattr(connection, "pool", None)
    if pool is not None:
        with contextlib.suppress(Exception):  # the retry will report what is still wrong
            pool.check()


def forget_attempt(request: HttpRequest) -> None:
    """What the first attempt left on the request that the second must compute afresh."""
    for name in ("_cached_user", "user", "auser", "session", "_messages", "resolver_match"):
        request.__dict__.pop(name, None)
    files = request.__dict__.get("_files")
    if files is not None:
        for upload in files.values():
            with contextlib.suppress(Exception):  # one that cannot rewind stays as it is
                upload.seek(0)
