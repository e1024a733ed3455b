"""Domain events: what changed, published by the services, delivered after commit.

A service that changes something calls ``publish_on_commit(SomethingChanged(...))`` inside
its transaction. Nothing happens until the transaction commits; then every subscriber of
that event type runs, in the order they subscribed. A transaction (or savepoint) that rolls
back publishes nothing, because its on-commit callbacks are dropped with it.

Subscribers register in their app's ``AppConfig.ready()`` with ``subscribe(EventType,
handler)``; subscribing to a base class receives its subclasses too (``subscribe(Event,
…)`` receives everything). The first subscriber is the guest page cache
(``pnyx.core.content_version.on_guest_visible_change``); alerts, search indexing, webhooks
and federation will subscribe to the same events.

Events are frozen and carry ids only (post, thread, forum, member, actor) and a ``kind``
saying what happened, never model instances: a subscriber that needs a row reads it, so it
sees the committed state and can run later (a job) with the same event.

A failing subscriber is logged and does not stop the others: the write it follows is
committed, and a subscriber's trouble (a cache outage) must not turn it into an error.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Something changed. ``actor_id`` is the member who did it (None: the system)."""

    actor_id: int | None = None
    # Whether guests can see the change (every event today): the guest page cache
    # becomes stale for these.
    guest_visible: ClassVar[bool] = True


@dataclass(frozen=True, slots=True, kw_only=True)
class PostChanged(Event):
    """A post was created (a reply, or the first post of a new thread), edited or deleted.
    ``member_id`` is its author (None for a deleted member)."""

    kind: Literal["created", "edited", "deleted"]
    post_id: int
    thread_id: int
    forum_id: int
    member_id: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadChanged(Event):
    """A thread was started, changed (title, pinned, locked, …) or deleted."""

    kind: Literal["created", "updated", "deleted"]
    thread_id: int
    forum_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ReactionChanged(Event):
    """``member_id`` added or removed their ``reaction`` (a ReactionKind value) on a post."""

    kind: Literal["added", "removed"]
    post_id: int
    thread_id: int
    member_id: int
    reaction: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberChanged(Event):
    """What others see of a member changed: their public card (profile, avatar), their
    account as the admin edits it, or the member was deleted."""

    kind: Literal["profile", "avatar", "created", "updated", "deleted"]
    member_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ForumChanged(Event):
    """A forum or a category (``forum_id`` None) was created, changed or deleted."""

    kind: Literal["created", "updated", "deleted"]
    forum_id: int | None
    category_id: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PermissionsChanged(Event):
    """Who may do what changed: a group was created or changed (``group_id``), a member
    joined or left one (``member_id``), or a forum's permissions were set (``forum_id``)."""

    kind: Literal["group", "membership", "forum_permissions"]
    group_id: int | None = None
    member_id: int | None = None
    forum_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SettingsChanged(Event):
    """Run-time settings changed: the site settings row, or the reaction weights (every
    member's Reaction score has been recomputed when this is delivered)."""

    kind: Literal["site", "reaction_weights"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentRebuilt(Event):
    """Many rows changed at once, outside the single-object services: counters repaired
    from the rows, or a seeded forum written in bulk. Subscribers should start afresh."""

    kind: Literal["counters", "seed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversationMessagePosted(Event):
    """A message was posted in a private conversation: its first (``kind`` "started") or a
    reply. ``member_id`` is its author; ``recipient_ids`` the other participants at that
    moment (who should hear of it), so a subscriber needs no query to know them. Private:
    guests never see conversations, so the guest page cache ignores it."""

    guest_visible: ClassVar[bool] = False
    kind: Literal["started", "reply"]
    conversation_id: int
    message_id: int
    member_id: int
    recipient_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertRequested(Event):
    """Tell ``member_id`` of something (``alert_kind``: "report_outcome", "moderation",
    "conversation_message"): apps below the alerts app publish this, the alerts app makes
    the alert in a job. ``object_id`` (a report, a message) makes it idempotent; ``url`` is
    where the alert links (the publisher has checked the member may see it), ``post_id``
    the post it is about, if any (then the post's visibility rules apply)."""

    guest_visible: ClassVar[bool] = False
    member_id: int
    alert_kind: str
    object_id: int | None = None
    post_id: int | None = None
    url: str = ""
    text: str = ""


E = TypeVar("E", bound=Event)
Handler = Callable[[Any], object]

_subscribers: dict[type[Event], list[Handler]] = {}


def subscribe(event_type: type[E], handler: Callable[[E], object]) -> None:
    """Call ``handler(event)`` after commit for every ``event_type`` (or subclass) event.

    Subscribing the same handler twice keeps one subscription (``ready()`` may run more
    than once in tests).
    """
    handlers = _subscribers.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)
        _resolved.clear()


def unsubscribe(event_type: type[Event], handler: Handler) -> None:
    """Undo ``subscribe`` (tests)."""
    handlers = _subscribers.get(event_type, [])
    if handler in handlers:
        handlers.remove(handler)
        _resolved.clear()


_resolved: dict[type[Event], tuple[Handler, ...]] = {}


def _handlers_for(event_type: type[Event]) -> tuple[Handler, ...]:
    """The subscribers of ``event_type`` and of its base classes, most general first."""
    handlers = _resolved.get(event_type)
    if handlers is None:
        handlers = _resolved[event_type] = tuple(
            handler
            for cls in reversed(event_type.__mro__)
            if isinstance(cls, type) and issubclass(cls, Event)
            for handler in _subscribers.get(cls, ())
        )
    return handlers


def deliver(event: Event) -> None:
    """Run every subscriber of ``event`` now (``publish_on_commit`` calls this at commit)."""
    for handler in _handlers_for(type(event)):
        try:
            handler(event)
        except Exception:
            logger.exception("subscriber %r failed on %r", handler, event)


def publish_on_commit(event: Event) -> None:
    """Deliver ``event`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(functools.partial(deliver, event))
