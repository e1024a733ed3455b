"""Watching, alerts and alert preferences (issue 12): the same services as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.params import functions as param
from pydantic import Field

from pnyx.alerts.enums import AlertKind
from pnyx.alerts.permissions import check_has_alerts
from pnyx.alerts.presenters import alert_items, alert_link
from pnyx.alerts.selectors import list_alerts, preferences_of, unread_count
from pnyx.alerts.services import (
    mark_read,
    set_preferences,
    unwatch_forum,
    unwatch_thread,
    watch_forum,
    watch_thread,
)
from pnyx.api.auth import caller_of
from pnyx.api.errors import errors
from pnyx.api.schemas import MAX_ID, Input, JsonInt, MemberRef
from pnyx.core.actors import require_member
from pnyx.forums.selectors import get_forum
from pnyx.threads.selectors import get_thread

router = Router()

READ_ERRORS = errors(401, 403, 404, 422, 503)
WRITE_ERRORS = errors(400, 401, 403, 404, 411, 413, 415, 422, 429, 503)

KindName = Literal[
    "reply",
    "thread",
    "quote",
    "mention",
    "reaction",
    "report_outcome",
    "moderation",
    "conversation_message",
]
DeliveryName = Literal["site", "email", "off"]
DigestName = Literal["none", "daily", "weekly"]


def _id(description: str) -> int:
    result: int = param.Path(..., ge=1, le=MAX_ID, description=description)
    return result


class WatchOut(Schema):
    watching: bool
    every_post: bool | None = Field(None, description="Forums: told of every post too.")


class ForumWatchIn(Input):
    every_post: bool = Field(False, description="Also alert for every reply in the forum.")


@router.put(
    "/threads/{thread_id}/watch",
    response={200: WatchOut, **WRITE_ERRORS},
    operation_id="watch_thread",
    summary="Watch a thread: every reply comes as an alert (idempotent)",
    tags=["alerts"],
)
def watch_thread_endpoint(request: HttpRequest, thread_id: int = _id("A thread id.")) -> WatchOut:
    actor = caller_of(request).actor
    watch_thread(actor, get_thread(actor, thread_id))
    return WatchOut(watching=True, every_post=None)


@router.delete(
    "/threads/{thread_id}/watch",
    response={200: WatchOut, **WRITE_ERRORS},
    operation_id="unwatch_thread",
    summary="Stop watching a thread (idempotent)",
    tags=["alerts"],
)
def unwatch_thread_endpoint(request: HttpRequest, thread_id: int = _id("A thread id.")) -> WatchOut:
    actor = caller_of(request).actor
    unwatch_thread(actor, get_thread(actor, thread_id))
    return WatchOut(watching=False, every_post=None)


@router.put(
    "/forums/{forum_id}/watch",
    response={200: WatchOut, **WRITE_ERRORS},
    operation_id="watch_forum",
    summary="Watch a forum: new threads (and with every_post, every reply) come as alerts",
    tags=["alerts"],
)
def watch_forum_endpoint(
    request: HttpRequest,
    payload: ForumWatchIn | None = None,
    forum_id: int = _id("A forum id."),
) -> WatchOut:
    actor = caller_of(request).actor
    every_post = payload.every_post if payload is not None else False
    watch = watch_forum(actor, get_forum(actor, forum_id), every_post=every_post)
    return WatchOut(watching=True, every_post=watch.every_post)


@router.delete(
    "/forums/{forum_id}/watch",
    response={200: WatchOut, **WRITE_ERRORS},
    operation_id="unwatch_forum",
    summary="Stop watching a forum (idempotent)",
    tags=["alerts"],
)
def unwatch_forum_endpoint(request: HttpRequest, forum_id: int = _id("A forum id.")) -> WatchOut:
    actor = caller_of(request).actor
    unwatch_forum(actor, get_forum(actor, forum_id))
    return WatchOut(watching=False, every_post=None)


class AlertOut(Schema):
    id: int
    kind: KindName
    message: str
    post_id: int | None
    thread_id: int | None
    actor: MemberRef | None
    url: str = Field(..., description="Where the alert leads: the post, or what it is about.")
    read: bool
    created_at: datetime


class AlertsOut(Schema):
    unread: int
    alerts: list[AlertOut]
    next_before: int | None = Field(
        None, description="Pass as `before` for older alerts; null on the last page."
    )


@router.get(
    "/alerts",
    response={200: AlertsOut, **READ_ERRORS},
    operation_id="list_alerts",
    summary="Your alerts, newest first",
    tags=["alerts"],
)
def list_alerts_endpoint(
    request: HttpRequest,
    before: int | None = param.Query(
        None, ge=1, le=MAX_ID, description="An alert id: alerts older than it."
    ),
) -> AlertsOut:
    actor = caller_of(request).actor
    check_has_alerts(actor)
    page = list_alerts(actor, before=before)
    items = alert_items(actor, page.alerts)
    out = []
    for alert, item in zip(page.alerts, items, strict=True):
        member = alert.actor
        out.append(
            AlertOut(
                id=item.id,
                kind=AlertKind(item.kind).value,  # type: ignore[arg-type]
                message=item.message,
                post_id=item.post_id,
                thread_id=item.thread_id,
                actor=MemberRef(
                    username=member.username,
                    display_name=member.display_name,
                    url=member.get_absolute_url(),
                )
                if member is not None
                else None,
                url=alert_link(alert),
                read=item.read,
                created_at=item.created_at,
            )
        )
    return AlertsOut(unread=unread_count(actor), alerts=out, next_before=page.next_before)


class MarkReadIn(Input):
    ids: list[JsonInt] | None = Field(
        None, max_length=500, description="Alert ids to mark read (or send all)."
    )
    all: bool = Field(False, description="Mark every alert read.")


class MarkedOut(Schema):
    marked: int
    unread: int


@router.post(
    "/alerts/read",
    response={200: MarkedOut, **WRITE_ERRORS},
    operation_id="mark_alerts_read",
    summary="Mark alerts read: some by id, or all",
    tags=["alerts"],
)
def mark_alerts_read(request: HttpRequest, payload: MarkReadIn) -> MarkedOut:
    actor = caller_of(request).actor
    marked = mark_read(actor, ids=payload.ids or [], everything=payload.all)
    return MarkedOut(marked=marked, unread=unread_count(actor))


class PreferencesOut(Schema):
    kinds: dict[KindName, DeliveryName]
    digest: DigestName
    auto_watch: bool


class PreferencesIn(Input):
    kinds: dict[KindName, DeliveryName] | None = Field(
        None, description="Per alert kind: site, email or off. Kinds not given stay."
    )
    digest: DigestName | None = None
    auto_watch: bool | None = Field(None, description="Watch the threads you start or reply to.")


def _preferences_out(member_id: int) -> PreferencesOut:
    preferences = preferences_of(member_id)
    return PreferencesOut(
        kinds={kind.value: preferences.delivery(kind.value) for kind in AlertKind},  # type: ignore[misc]
        digest=preferences.digest,  # type: ignore[arg-type]
        auto_watch=preferences.auto_watch,
    )


@router.get(
    "/me/alert-preferences",
    response={200: PreferencesOut, **READ_ERRORS},
    operation_id="get_alert_preferences",
    summary="How you hear of each kind of alert",
    tags=["alerts"],
)
def get_alert_preferences(request: HttpRequest) -> PreferencesOut:
    actor = caller_of(request).actor
    check_has_alerts(actor)
    return _preferences_out(require_member(actor).pk)


@router.put(
    "/me/alert-preferences",
    response={200: PreferencesOut, **WRITE_ERRORS},
    operation_id="set_alert_preferences",
    summary="Change how you hear of alerts (what is not sent stays)",
    tags=["alerts"],
)
def put_alert_preferences(request: HttpRequest, payload: PreferencesIn) -> PreferencesOut:
    actor = caller_of(request).actor
    set_preferences(
        actor,
        kinds={str(k): str(v) for k, v in payload.kinds.items()} if payload.kinds else None,
        digest=payload.digest,
        auto_watch=payload.auto_watch,
    )
    return _preferences_out(require_member(actor).pk)
