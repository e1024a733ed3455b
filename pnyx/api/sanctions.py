"""Heat controls, warnings and bans in the API (pnyx.sanctions): the same services as the
pages, so every rule holds here exactly as there."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja import Field, Router, Schema, Status
from ninja.params import functions as param

from pnyx.accounts.selectors import get_member
from pnyx.api.auth import caller_of
from pnyx.api.errors import errors
from pnyx.api.schemas import MAX_ID, Input, JsonInt
from pnyx.sanctions.permissions import check_ban_member
from pnyx.sanctions.services import (
    REASON_MAX,
    SLOW_MODE_MAX_SECONDS,
    ban_member,
    set_slow_mode,
)
from pnyx.threads.permissions import check_moderate_thread
from pnyx.threads.selectors import get_thread

router = Router(tags=["moderation"])

WRITE_ERRORS = errors(400, 401, 403, 404, 411, 413, 415, 422, 429, 503)


def _id(description: str) -> int:
    result: int = param.Path(..., ge=1, le=MAX_ID, description=description)
    return result


def parse_until(value: str | None, field: str = "until") -> datetime | None:
    """An ISO 8601 instant with its offset (None stays None); 422 otherwise."""
    if value is None:
        return None
    parsed = parse_datetime(value)
    if parsed is None or timezone.is_naive(parsed):
        raise ValidationError(
            {field: ["An ISO 8601 date and time with its offset, e.g. 2030-01-31T18:00:00Z."]}
        )
    return parsed


class SlowModeIn(Input):
    seconds: JsonInt = Field(
        ...,
        ge=0,
        le=SLOW_MODE_MAX_SECONDS,
        description="Seconds each member waits between two posts in the thread; 0 turns "
        "slow mode off.",
    )
    until: str | None = Field(
        None,
        max_length=64,
        description="When slow mode ends (ISO 8601 with offset, in the future); null: until "
        "turned off.",
        json_schema_extra={"format": "date-time"},
    )
    reason: str = Field("", max_length=REASON_MAX, description="A note for the audit log.")


class SlowModeOut(Schema):
    thread_id: int
    seconds: int
    until: datetime | None
    active: bool


@router.put(
    "/threads/{thread_id}/slow-mode",
    response={200: SlowModeOut, **WRITE_ERRORS},
    operation_id="set_slow_mode",
    summary="Turn a thread's slow mode on or off (moderators of its forum)",
)
def put_slow_mode(
    request: HttpRequest, body: SlowModeIn, thread_id: int = _id("A thread id.")
) -> SlowModeOut:
    actor = caller_of(request).actor
    thread = get_thread(actor, thread_id)
    check_moderate_thread(actor, thread)  # before reading the body: 404/403/401 first
    thread = set_slow_mode(
        actor,
        thread,
        seconds=body.seconds,
        until=parse_until(body.until),
        reason=body.reason,
    )
    return SlowModeOut(
        thread_id=thread.pk,
        seconds=thread.slow_mode_seconds,
        until=thread.slow_mode_until,
        active=thread.slow_mode_active,
    )


class BanIn(Input):
    reason: str = Field(
        ..., min_length=1, max_length=REASON_MAX, description="Why; the member is shown it."
    )
    until: str | None = Field(
        None,
        max_length=64,
        description="When the ban ends (ISO 8601 with offset, in the future); null: permanent.",
        json_schema_extra={"format": "date-time"},
    )


class BanOut(Schema):
    id: int
    username: str
    kind: str
    reason: str
    until: datetime | None
    created_at: datetime


@router.post(
    "/members/{username}/bans",
    response={201: BanOut, **WRITE_ERRORS},
    operation_id="ban_member",
    summary="Ban a member, for a time or for good (staff)",
)
def post_ban(
    request: HttpRequest, body: BanIn, username: str = param.Path(..., max_length=150)
) -> Status[object]:
    actor = caller_of(request).actor
    member = get_member(username)
    check_ban_member(actor, member.pk, bool(member.is_staff))  # 401/403 before the body
    ban = ban_member(actor, member, reason=body.reason, until=parse_until(body.until))
    return Status(
        201,
        BanOut(
            id=ban.pk,
            username=member.username,
            kind=ban.kind,
            reason=ban.reason,
            until=ban.ends_at,
            created_at=ban.created_at,
        ),
    )
