"""Writes about reading: read positions and view counts."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from pnyx.core.actors import Actor, is_member
from pnyx.threads.models import Post, Thread, ThreadRead

VIEW_FLUSH_EVERY = 10


def mark_thread_read(
    actor: Actor, thread: Thread, position: int, *, previous: int | None = None
) -> None:
    """Record that ``actor`` has read ``thread`` up to ``position`` (never moves back).

    ``previous`` is the position already known (from the page's read lookup), which saves
    a query; None means no record exists yet.
    """
    if not is_member(actor):
        return
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
    """Count a view; returns the count to show.

    Views are gathered in the shared cache and written to the database every
    VIEW_FLUSH_EVERY views, so reading a thread costs no write most of the time.
    """
    key = f"thread-views:{thread.pk}"
    try:
        pending = cache.incr(key)
    except ValueError:
        cache.add(key, 0, timeout=None)
        pending = cache.incr(key)
    if pending >= VIEW_FLUSH_EVERY:
        cache.decr(key, pending)
        Thread.objects.filter(pk=thread.pk).update(view_count=F("view_count") + pending)
        thread.view_count += pending
        return thread.view_count
    return thread.view_count + pending


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
    from pnyx.accounts.models import Member
    from pnyx.forums.models import Forum
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
    return {"threads": threads, "forums": forums, "members": members, "posts": len(reacted | stale)}
