"""Repairing counters: every denormalised counter and "last post" field recomputed from the
rows themselves (threads, forums, members, reactions)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from pnyx.accounts.models import Member
from pnyx.core.events import ContentRebuilt, publish_on_commit
from pnyx.forums.models import Forum
from pnyx.reactions.services import recompute_reaction_scores, recount_post_reactions
from pnyx.threads.models import Post, Thread


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
