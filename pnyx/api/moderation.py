"""The moderation operations of API v1 (issue 11): thread tools, post deletion, reports and
the audit log. They call the same services and selectors as the moderation pages."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router
from ninja.params import functions as param
from pydantic import AfterValidator

from pnyx.api.auth import caller_of
from pnyx.api.errors import errors
from pnyx.api.schemas import MAX_ID, Input, OptionalJsonInt, ThreadOut, Title, thread_fields
from pnyx.forums.selectors import get_forum
from pnyx.moderation.selectors import thread_closing
from pnyx.moderation.services import update_thread
from pnyx.moderation.services.threads import REASON_MAX
from pnyx.threads.permissions import can_reply_thread
from pnyx.threads.selectors import get_thread

router = Router()

WRITE_ERRORS = errors(400, 401, 403, 404, 411, 413, 415, 422, 429, 503)


def _id(description: str) -> int:
    result: int = param.Path(..., ge=1, le=MAX_ID, description=description)
    return result


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("give the time with its offset, e.g. 2026-05-01T18:00:00Z")
    return value


Reason = Annotated[
    str, Field(max_length=REASON_MAX, description="Why, for the audit log (optional).")
]
ClosesAt = Annotated[
    datetime | None,
    Field(
        strict=False,
        description=(
            "When the thread locks itself (ISO 8601 with an offset, in the future); null "
            "removes the timed close."
        ),
    ),
    AfterValidator(_aware),
]


class ThreadUpdateIn(Input):
    """Only the fields sent change (null, or the current value, changes nothing; only
    ``closes_at`` takes null to remove the timed close)."""

    title: Title | None = None
    forum_id: OptionalJsonInt = Field(None, ge=1, le=MAX_ID, description="Move to this forum.")
    locked: bool | None = None
    pinned: bool | None = None
    closes_at: ClosesAt = None
    reason: Reason = ""


class ModeratedThreadOut(ThreadOut):
    closes_at: datetime | None


@router.patch(
    "/threads/{thread_id}",
    response={200: ModeratedThreadOut, **WRITE_ERRORS},
    operation_id="update_thread",
    summary="Rename, move, lock, pin or set the timed close of a thread (moderators)",
    tags=["moderation"],
)
def update_thread_endpoint(
    request: HttpRequest, payload: ThreadUpdateIn, thread_id: int = _id("A thread id.")
) -> ModeratedThreadOut:
    actor = caller_of(request).actor
    thread = get_thread(actor, thread_id)
    sent = payload.model_fields_set
    changes: dict[str, Any] = {}
    for name, field in (("title", "title"), ("locked", "locked"), ("pinned", "pinned")):
        value = getattr(payload, name)
        if name in sent and value is not None:
            changes[field] = value
    if "forum_id" in sent and payload.forum_id is not None:
        changes["forum"] = get_forum(actor, payload.forum_id)
    if "closes_at" in sent:
        changes["closes_at"] = payload.closes_at
    thread = update_thread(actor, thread, reason=payload.reason, **changes)
    return ModeratedThreadOut(
        **thread_fields(thread, can_reply=can_reply_thread(actor, thread)),
        closes_at=thread_closing(thread),
    )
