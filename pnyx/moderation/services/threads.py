"""Thread tools: lock, pin, rename, move and timed close, alone or several at once
(``update_thread``, the API's PATCH)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pnyx.audit.enums import AuditTarget
from pnyx.audit.services import record_action
from pnyx.core.actors import Actor
from pnyx.core.events import ThreadChanged, publish_on_commit
from pnyx.forums.models import Forum
from pnyx.moderation.models import ThreadClosing
from pnyx.moderation.permissions import check_moderate_thread, check_move_thread
from pnyx.posting.services import clean_title
from pnyx.threads.models import Post, Thread


class _Unset(Enum):
    UNSET = "unset"


UNSET: Final = _Unset.UNSET
"""A field ``update_thread`` leaves as it is."""

REASON_MAX = 2000


def clean_reason(reason: str) -> str:
    reason = " ".join(reason.replace("\x00", "").split())
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason to %(max)d characters.") % {"max": REASON_MAX}}
        )
    return reason


def thread_slug(title: str) -> str:
    """The slug of a thread titled ``title``, as a new thread's is made."""
    return slugify(title)[:80].strip("-") or "thread"


def _refresh_forum_last_post(forum_id: int) -> None:
    """The forum's last post: its most recently active thread's (as ``repair_counters``)."""
    latest = Thread.objects.filter(forum=OuterRef("pk")).order_by("-last_post_at", "-pk")
    Forum.objects.filter(pk=forum_id).update(
        last_thread_id=Subquery(latest.values("pk")[:1]),
        last_post_id=Subquery(latest.values("last_post_id")[:1]),
        last_post_at=Subquery(latest.values("last_post_at")[:1]),
        last_poster_id=Subquery(latest.values("last_poster_id")[:1]),
    )


def _audit(
    actor: Actor | None,
    action: str,
    thread: Thread,
    reason: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    record_action(
        actor,
        action,
        target_type=AuditTarget.THREAD,
        target_id=thread.pk,
        target_label=thread.title,
        forum_id=thread.forum_id,
        member_id=thread.author_id,
        reason=reason,
        before=before,
        after=after,
    )


def update_thread(
    actor: Actor,
    thread: Thread,
    *,
    title: str | _Unset = UNSET,
    forum: Forum | _Unset = UNSET,
    locked: bool | _Unset = UNSET,
    pinned: bool | _Unset = UNSET,
    closes_at: datetime | _Unset | None = UNSET,
    reason: str = "",
) -> Thread:
    """Change any of a thread's title, forum, locked and pinned state and timed close, in
    one transaction: each change is one audit log entry (``thread.rename``,
    ``thread.move``, ``thread.lock``/``unlock``, ``thread.pin``/``unpin``,
    ``thread.close_at``); a field given with its current value changes nothing. Moving
    keeps both forums' counters exact. Returns the thread as saved."""
    check_moderate_thread(actor, thread)
    reason = clean_reason(reason)
    if not isinstance(title, _Unset):
        title = clean_title(title)
    if not isinstance(forum, _Unset) and forum.pk != thread.forum_id:
        check_move_thread(actor, thread, forum)
    if isinstance(closes_at, datetime) and closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("Choose a time in the future.")})
    changed = False
    with transaction.atomic():
        current = Thread.objects.select_for_update().select_related("forum").get(pk=thread.pk)
        fields: list[str] = []
        if not isinstance(title, _Unset) and title != current.title:
            before = {"title": current.title}
            current.title, current.slug = title, thread_slug(title)
            fields += ["title", "slug"]
            _audit(actor, "thread.rename", current, reason, before, {"title": title})
        if not isinstance(locked, _Unset) and locked != current.is_locked:
            current.is_locked = locked
            fields.append("is_locked")
            action = "thread.lock" if locked else "thread.unlock"
            _audit(actor, action, current, reason, {"locked": not locked}, {"locked": locked})
        if not isinstance(pinned, _Unset) and pinned != current.is_pinned:
            current.is_pinned = pinned
            fields.append("is_pinned")
            action = "thread.pin" if pinned else "thread.unpin"
            _audit(actor, action, current, reason, {"pinned": not pinned}, {"pinned": pinned})
        old_forum_id = current.forum_id
        if not isinstance(forum, _Unset) and forum.pk != current.forum_id:
            _move(actor, current, forum, reason)
            fields.append("forum")
        if fields:
            current.save(update_fields=fields)
            changed = True
        if not isinstance(closes_at, _Unset):
            _set_closing(actor, current, closes_at, reason)
        if changed:
            for forum_id in sorted({old_forum_id, current.forum_id}):
                publish_on_commit(
                    ThreadChanged(
                        kind="updated",
                        thread_id=current.pk,
                        forum_id=forum_id,
                        actor_id=actor.pk,
                    )
                )
    for name in ("title", "slug", "is_locked", "is_pinned", "forum_id"):
        setattr(thread, name, getattr(current, name))
    thread.forum = current.forum
    return thread


def _move(actor: Actor, thread: Thread, forum: Forum, reason: str) -> None:
    """Move ``thread`` (locked) to ``forum`` with both forums' counters."""
    source_id = thread.forum_id
    posts = Post.objects.filter(thread=thread).count()
    _audit(
        actor,
        "thread.move",
        thread,
        reason,
        {"forum_id": source_id, "forum": thread.forum.name},
        {"forum_id": forum.pk, "forum": forum.name},
    )
    # Locked in id order, as every other writer of two forums would.
    list(Forum.objects.select_for_update().filter(pk__in=[source_id, forum.pk]).order_by("pk"))
    thread.forum = forum
    Thread.objects.filter(pk=thread.pk).update(forum=forum)
    Forum.objects.filter(pk=source_id).update(
        thread_count=F("thread_count") - 1, post_count=F("post_count") - posts
    )
    Forum.objects.filter(pk=forum.pk).update(
        thread_count=F("thread_count") + 1, post_count=F("post_count") + posts
    )
    _refresh_forum_last_post(source_id)
    _refresh_forum_last_post(forum.pk)


def _set_closing(actor: Actor, thread: Thread, closes_at: datetime | None, reason: str) -> None:
    existing = ThreadClosing.objects.filter(thread=thread).first()
    before = existing.closes_at if existing is not None else None
    if before == closes_at:
        return
    if closes_at is None:
        ThreadClosing.objects.filter(thread=thread).delete()
    else:
        ThreadClosing.objects.update_or_create(
            thread=thread, defaults={"closes_at": closes_at, "set_by": actor}
        )
    _audit(
        actor, "thread.close_at", thread, reason, {"closes_at": before}, {"closes_at": closes_at}
    )


def lock_thread(actor: Actor, thread: Thread, *, locked: bool = True, reason: str = "") -> Thread:
    """Lock (or, with ``locked=False``, unlock) a thread."""
    return update_thread(actor, thread, locked=locked, reason=reason)


def pin_thread(actor: Actor, thread: Thread, *, pinned: bool = True, reason: str = "") -> Thread:
    """Pin (or, with ``pinned=False``, unpin) a thread."""
    return update_thread(actor, thread, pinned=pinned, reason=reason)


def rename_thread(actor: Actor, thread: Thread, title: str, *, reason: str = "") -> Thread:
    return update_thread(actor, thread, title=title, reason=reason)


def move_thread(actor: Actor, thread: Thread, forum: Forum, *, reason: str = "") -> Thread:
    return update_thread(actor, thread, forum=forum, reason=reason)


def set_thread_closing(
    actor: Actor, thread: Thread, closes_at: datetime | None, *, reason: str = ""
) -> Thread:
    """Have the thread lock itself at ``closes_at`` (None: never)."""
    return update_thread(actor, thread, closes_at=closes_at, reason=reason)


def close_due_threads(now: datetime | None = None) -> int:
    """Lock every thread whose timed close has come (the periodic job runs this); each is
    one audit log entry by the system. Returns how many threads it locked."""
    now = now or timezone.now()
    locked = 0
    due = list(
        ThreadClosing.objects.filter(closes_at__lte=now)
        .order_by("closes_at", "pk")
        .values_list("pk", "thread_id")[:500]
    )
    for closing_id, thread_id in due:
        with transaction.atomic():
            thread = Thread.objects.select_for_update().filter(pk=thread_id).first()
            if not ThreadClosing.objects.filter(pk=closing_id, closes_at__lte=now).delete()[0]:
                continue  # changed or removed meanwhile
            if thread is None or thread.is_locked:
                continue
            thread.is_locked = True
            thread.save(update_fields=["is_locked"])
            _audit(None, "thread.timed_close", thread, "", {"locked": False}, {"locked": True})
            publish_on_commit(
                ThreadChanged(kind="updated", thread_id=thread.pk, forum_id=thread.forum_id)
            )
            locked += 1
    return locked
