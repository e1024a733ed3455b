"""Deleting posts and threads, keeping every counter exact (the thread's, the forum's, the
authors' and, through ``posts_deleting``, Reaction scores), as ``repair_counters`` computes
them."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Subquery

from pnyx.accounts.models import Member
from pnyx.core.actors import Actor
from pnyx.core.events import PostChanged, ThreadChanged, publish_on_commit
from pnyx.forums.models import Forum
from pnyx.threads.models import Post, Thread, ThreadRead
from pnyx.threads.permissions import check_delete_post, check_delete_thread
from pnyx.threads.signals import posts_deleting


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
