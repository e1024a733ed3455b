"""``Idempotency-Key`` on POST: a retried request gets the first answer, nothing new.

* Same member, same key, same request (method, path and JSON body, compared after
  parsing) within ``RETENTION``: the stored answer again, with ``Idempotent-Replayed:
  true``; nothing is created.
* Same key, different request: 409 ``idempotency_key_reused`` (it conflicts with the
  request the key already stands for); nothing is created.
* Two identical requests at the same moment: the posting services dedupe per author on
  a key derived from the header, so both get the one post (a unique constraint decides).
* Only successful answers are stored: a refused request can be fixed and resent with
  its key. Records older than ``RETENTION`` are deleted when the member next sends a
  key, and by ``pnyx manage clear_idempotency_keys``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Schema, Status

from pnyx.api.errors import ApiError
from pnyx.api.models import IdempotencyRecord
from pnyx.core.actors import Actor, is_member

RETENTION = timedelta(hours=24)
REPLAY_HEADER = "Idempotent-Replayed"

Produce = Callable[[str], tuple[int, Schema]]


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\n".join(parts).encode()).digest()


def fingerprint(request: HttpRequest, payload: Schema) -> str:
    body = json.dumps(payload.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return _digest(request.method or "", request.path, body).hex()


def service_key(method_path: str, key: str, request_fingerprint: str) -> str:
    """The key handed to the posting services (their format: 8–64 of [A-Za-z0-9_-])."""
    digest = _digest(method_path, key, request_fingerprint)
    return "api-" + base64.urlsafe_b64encode(digest).decode().rstrip("=")[:40]


def run_idempotent(
    request: HttpRequest,
    response: HttpResponse,
    actor: Actor,
    key: str | None,
    payload: Schema,
    produce: Produce,
) -> Status[object]:
    """Answer with ``produce(service_key)``, or with the stored answer to the same request.

    ``produce`` performs the write, passing the key it gets to the service, and returns
    (status, response schema).
    """
    if not key or not is_member(actor):
        status, body = produce("")
        return Status(status, body)
    method_path = f"{request.method} {request.path}"[:300]
    request_fingerprint = fingerprint(request, payload)
    cutoff = timezone.now() - RETENTION
    record = IdempotencyRecord.objects.filter(member=actor, key=key, created_at__gt=cutoff).first()
    if record is not None:
        if record.method_path != method_path or record.fingerprint != request_fingerprint:
            raise ApiError(
                409,
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different request; "
                "send a new key with a new request.",
                fields={"Idempotency-Key": ["Already used for a different request."]},
            )
        response[REPLAY_HEADER] = "true"
        return Status(record.status_code, record.response_body)
    status, body = produce(service_key(method_path, key, request_fingerprint))
    with transaction.atomic():
        IdempotencyRecord.objects.filter(member=actor, created_at__lte=cutoff).delete()
        IdempotencyRecord.objects.bulk_create(
            [
                IdempotencyRecord(
                    member=actor,
                    key=key,
                    method_path=method_path,
                    fingerprint=request_fingerprint,
                    status_code=status,
                    response_body=body.model_dump(mode="json"),
                )
            ],
            # A concurrent twin stored the same answer first (its post is this one).
            ignore_conflicts=True,
        )
    return Status(status, body)


def clear_expired(now: datetime | None = None) -> int:
    """Delete every record past its retention time; returns how many went."""
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lte=cutoff).delete()
    return deleted
