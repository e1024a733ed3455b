"""Writes about threads and posts as they are: reading (read positions, view counts),
deleting posts and threads with exact counters, and repairing counters."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, F, Max, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from pnyx.accounts.models import Member
from pnyx.core.actors import Actor, is_member
from pnyx.core.events import ContentRebuilt, PostChanged, ThreadChanged, publish_on_commit
from pnyx.forums.models import Forum
from pnyx.threads.models import Post, Thread, ThreadRead
from pnyx.threads.permissions import check_delete_post, check_delete_thread
from pnyx.threads.signals import posts_deleting, thread_read

VIEW_FLUSH_SECONDS = 1.0

_views_lock = threading.Lock()
_pending_views: dict[int, int] = {}
_last_flush = time.monotonic()


def mark_thread_read(
    actor: Actor, thread: Thread, position: int, *, previous: int | None = None
) -> None:
    """Record that ``actor`` has read ``thread`` up to ``position`` (never moves back).

    ``previous`` is the position already known (from the page's read lookup), which saves
    a query; None means no record exists yet.
    """
    if not is_member(actor):
        return
    thread_read.send(sender=ThreadRead, member_id=actor.pk, thread_id=thread.pk, position=position)
    now = timezone.now()
    if previous is not None:
        if position > previous:
            ThreadRead.objects.filter(
                member=actor, thread=thread, last_read_position__lt=position
            ).update(last_read_position=position, read_at=now)
        return
    # One statement, no savepoint; if another tab created the row meanwhile, its
    # position stands until the next page view moves it on.
    ThreadRead.objects.bulk_create(
        [ThreadRead(member=actor, thread=thread, last_read_position=position, read_at=now)],
        ignore_conflicts=True,
    )


def count_thread_view(thread: Thread) -> int:
    """Count a view; returns the count to show (the stored count plus this process's
    views not yet written)."""
    return thread.view_count + record_thread_view(thread.pk)


def record_thread_view(thread_id: int) -> int:
    """Count a view of a thread in this process; returns the views of it not yet written.

    Views are added up in memory and written with one UPDATE per thread at most every
    VIEW_FLUSH_SECONDS, so reading a thread costs no write and no cache round trip (cached
    guest pages count their views through this too). A crash loses at most that many
    seconds of views; the count is a popularity hint, not a ledger.
    """
    global _last_flush
    with _views_lock:
        pending = _pending_views.get(thread_id, 0) + 1
        _pending_views[thread_id] = pending
        due = time.monotonic() - _last_flush >= VIEW_FLUSH_SECONDS
        if due:
            _last_flush = time.monotonic()
    if due:
        flush_thread_views()
    return pending


def count_cached_thread_view(thread_id: int) -> bool:
    """The guest cache's hit handler for thread pages; True when it wrote to the database."""
    with _views_lock:
        due = time.monotonic() - _last_flush >= VIEW_FLUSH_SECONDS
    record_thread_view(thread_id)
    return due


def flush_thread_views() -> int:
    """Write the views gathered in this process; returns how many threads were updated."""
    with _views_lock:
        pending = dict(_pending_views)
        _pending_views.clear()
    items = sorted(pending.items())
    for start in range(0, len(items), 500):
        chunk = items[start : start + 500]
        Thread.objects.filter(pk__in=[thread_id for thread_id, _ in chunk]).update(
            view_count=F("view_count")
            + Case(*(When(pk=thread_id, then=Value(n)) for thread_id, n in chunk), default=0)
        )
    return len(items)


def mark_all_read(actor: Actor) -> None:
    if not is_member(actor):
        return
    actor.read_cutoff = timezone.now()
    actor.save(update_fields=["read_cutoff"])


def _count(queryset: QuerySet[Any], group: str) -> Coalesce:
    """A correlated COUNT(*) of ``queryset`` per outer row, 0 when there are none."""
    return Coalesce(
        Subquery(queryset.values(group).annotate(n=Count("id")).values("n")[:1]), Value(0)
    )


def repair_counters() -> dict[str, int]:
    """Recompute every denormalised counter and "last post" field from the rows themselves.

    The posting services keep these exact; this is the repair tool for after an import,
    a manual database change or a bug. Returns how many rows of each kind were updated.
    """
    from pnyx.reactions.services import recompute_reaction_scores, recount_post_reactions

    with transaction.atomic():
        posts = Post.objects.filter(thread=OuterRef("pk"))
        last_post = posts.order_by("-position")
        threads = Thread.objects.update(
            reply_count=_count(posts, "thread") - 1,
            first_post_id=Subquery(posts.order_by("position").values("pk")[:1]),
            last_post_id=Subquery(last_post.values("pk")[:1]),
            last_post_at=Subquery(last_post.values("created_at")[:1]),
            last_poster_id=Subquery(last_post.values("author_id")[:1]),
        )
        latest = Thread.objects.filter(forum=OuterRef("pk")).order_by("-last_post_at", "-pk")
        forums = Forum.objects.update(
            thread_count=_count(Thread.objects.filter(forum=OuterRef("pk")), "forum"),
            post_count=_count(Post.objects.filter(thread__forum=OuterRef("pk")), "thread__forum"),
            last_thread_id=Subquery(latest.values("pk")[:1]),
            last_post_id=Subquery(latest.values("last_post_id")[:1]),
            last_post_at=Subquery(latest.values("last_post_at")[:1]),
            last_poster_id=Subquery(latest.values("last_poster_id")[:1]),
        )
        members = Member.objects.update(
            post_count=_count(Post.objects.filter(author=OuterRef("pk")), "author")
        )
        reacted = set(
            Post.objects.filter(reactions__isnull=False).values_list("pk", flat=True).distinct()
        )
        stale = set(Post.objects.exclude(reaction_counts={}).values_list("pk", flat=True))
        for post_id in reacted | stale:
            recount_post_reactions(post_id)
        recompute_reaction_scores()
        publish_on_commit(ContentRebuilt(kind="counters"))
    return {"threads": threads, "forums": forums, "members": members, "posts": len(reacted | stale)}


# ---------------------------------------------------------------- deleting


def delete_post(actor: Actor, post: Post) -> None:
    """Delete a post, keeping every counter exact: the thread's reply count and last post,
    the forum's post count and last post, the author's post count (and, through
    ``posts_deleting``, Reaction score). The posts after it move up one position, so the
    thread's pages stay whole. Deleting a thread's first post deletes the thread.
    Deleting a post that is already gone does nothing.
    """
    try:
        post.thread  # noqa: B018 - the rule asks for its forum; loads it if not yet loaded
    except Thread.DoesNotExist:
        return  # gone already, with its thread
    check_delete_post(actor, post)
    with transaction.atomic():
        thread = Thread.objects.select_for_update().filter(pk=post.thread_id).first()
        current = Post.objects.filter(pk=post.pk).values_list("position", "author_id").first()
        if thread is None or current is None:
            return
        position, author_id = current
        if position == 1:
            delete_thread(actor, thread)
            return
        posts_deleting.send(sender=Post, posts=Post.objects.filter(pk=post.pk))
        Post.objects.filter(pk=post.pk).delete()
        _close_gap(thread, position)
        _point_thread_at_last_post(thread.pk, -1)
        if author_id is not None:
            Member.objects.filter(pk=author_id).update(post_count=F("post_count") - 1)
        Forum.objects.filter(pk=thread.forum_id).update(post_count=F("post_count") - 1)
        _point_forum_at_last_post(thread.forum_id)
        publish_on_commit(
            PostChanged(
                kind="deleted",
                post_id=post.pk,
                thread_id=thread.pk,
                forum_id=thread.forum_id,
                member_id=author_id,
                actor_id=actor.pk,
            )
        )


def delete_thread(actor: Actor, thread: Thread) -> None:
    """Delete a thread and its posts, keeping every counter exact: the forum's thread and
    post counts and last post, each author's post count (and Reaction score, through
    ``posts_deleting``). Subscribers get one ThreadChanged("deleted") for the thread and
    its posts. Deleting a thread that is already gone does nothing."""
    check_delete_thread(actor, thread)
    with transaction.atomic():
        current = Thread.objects.select_for_update().filter(pk=thread.pk).first()
        if current is None:
            return
        posts = Post.objects.filter(thread=current)
        by_author = list(
            posts.exclude(author=None).values_list("author_id").annotate(n=Count("id"))
        )
        total = posts.count()
        posts_deleting.send(sender=Post, posts=posts)
        current.delete()
        for author_id, count in by_author:
            Member.objects.filter(pk=author_id).update(post_count=F("post_count") - count)
        Forum.objects.filter(pk=current.forum_id).update(
            thread_count=F("thread_count") - 1, post_count=F("post_count") - total
        )
        _point_forum_at_last_post(current.forum_id)
        publish_on_commit(
            ThreadChanged(
                kind="deleted", thread_id=thread.pk, forum_id=current.forum_id, actor_id=actor.pk
            )
        )


def _close_gap(thread: Thread, position: int) -> None:
    """Move the posts after ``position`` up by one. In two steps (out of the way, then
    back), because (thread, position) is unique and an UPDATE may visit rows in any
    order; read positions move with the posts."""
    after = Post.objects.filter(thread=thread, position__gt=position)
    last = after.aggregate(last=Max("position"))["last"]
    if last is not None:
        offset = last + 1  # past every post of the thread
        after.update(position=F("position") + offset)
        Post.objects.filter(thread=thread, position__gt=offset).update(
            position=F("position") - offset - 1
        )
    ThreadRead.objects.filter(thread=thread, last_read_position__gte=position).update(
        last_read_position=F("last_read_position") - 1
    )


def _point_thread_at_last_post(thread_id: int, replies: int) -> None:
    last = Post.objects.filter(thread=OuterRef("pk")).order_by("-position")
    Thread.objects.filter(pk=thread_id).update(
        reply_count=F("reply_count") + replies,
        last_post_id=Subquery(last.values("pk")[:1]),
        last_post_at=Subquery(last.values("created_at")[:1]),
        last_poster_id=Subquery(last.values("author_id")[:1]),
    )


def _point_forum_at_last_post(forum_id: int) -> None:
    """The forum's last post: its most recently active thread's, as ``repair_counters``
    works it out."""
    latest = Thread.objects.filter(forum=OuterRef("pk")).order_by("-last_post_at", "-pk")
    Forum.objects.filter(pk=forum_id).update(
        last_thread_id=Subquery(latest.values("pk")[:1]),
        last_post_id=Subquery(latest.values("last_post_id")[:1]),
        last_post_at=Subquery(latest.values("last_post_at")[:1]),
        last_poster_id=Subquery(latest.values("last_poster_id")[:1]),
    )
