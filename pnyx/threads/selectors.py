"""Reads of threads and posts. Every one takes the actor (or its Access, pnyx.core.access) and
never shows what it may not see. What pages and the API make of them (posts as a reader sees
them, one function per page flow) is in pnyx.discussion.presenters."""

from __future__ import annotations

import math

from django.db.models import QuerySet
from django.http import Http404

from pnyx.accounts.models import Member
from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor, is_member
from pnyx.core.prepared import MAX_ID, PreparedQuery
from pnyx.core.site_settings import get_site_settings
from pnyx.threads.models import Post, PostRevision, Thread, ThreadRead
from pnyx.threads.permissions import check_view_post_history, check_view_thread

# The hot reads of a thread page, their SQL built once per connection (pnyx.core.prepared).
_thread_by_id: PreparedQuery[Thread] = PreparedQuery(
    lambda thread_id: Thread.objects.select_related(
        "forum", "forum__parent", "forum__category", "author"
    ).filter(pk=thread_id),
    1,
)
_posts_between: PreparedQuery[Post] = PreparedQuery(
    lambda thread_id, first, end: (
        Post.objects.filter(thread_id=thread_id, position__gte=first, position__lt=end)
        .select_related("author")
        .order_by("position")
    ),
    3,
)
_read_position: PreparedQuery[int] = PreparedQuery(
    lambda member_id, thread_id: (
        ThreadRead.objects.filter(member_id=member_id, thread_id=thread_id)
        .order_by("pk")
        .values_list("last_read_position", flat=True)[:1]
    ),
    2,
)


def _visible(actor: Actor | Access, thread: Thread | None) -> Thread:
    if thread is None:
        raise Http404
    check_view_thread(actor, thread)
    return thread


def get_thread(actor: Actor | Access, thread_id: int) -> Thread:
    # An id no row can have is not looked up (the ORM answers those "does not exist" too).
    thread_id = int(thread_id)  # as the ORM takes it (True is 1)
    return _visible(actor, _thread_by_id.first(thread_id) if 0 < thread_id <= MAX_ID else None)


def get_thread_to_write(actor: Actor | Access, thread_id: int) -> Thread:
    """The thread as ``get_thread`` finds it, loading only what a write's pages need (its
    forum and that forum's parent, for the breadcrumbs): a reply is a hot write, and the
    other joins are half of its selecting. Anything else loads on use."""
    thread_id = int(thread_id)
    found = (
        Thread.objects.select_related("forum", "forum__parent").filter(pk=thread_id).first()
        if 0 < thread_id <= MAX_ID
        else None
    )
    return _visible(actor, found)


def get_post(actor: Actor | Access, post_id: int) -> Post:
    try:
        post = Post.objects.select_related(
            "thread", "thread__forum", "thread__forum__parent", "author"
        ).get(pk=post_id)
    except Post.DoesNotExist:
        raise Http404 from None
    check_view_thread(actor, post.thread)
    return post


def page_count_for(thread: Thread, per_page: int) -> int:
    return max(1, math.ceil(thread.post_total / per_page))


def page_of_position(position: int, per_page: int) -> int:
    return (position - 1) // per_page + 1


def get_read_position(actor: Actor | Access, thread: Thread) -> int | None:
    member_id = access_of(actor).member_id
    if member_id is None:
        return None
    return _read_position.first(member_id, thread.pk)


def posts_on_page(thread: Thread, number: int, per_page: int) -> list[Post]:
    """The posts of page ``number`` (positions carry the page: one indexed range scan)."""
    first = (number - 1) * per_page + 1
    return _posts_between.run(thread.pk, first, first + per_page)


def posts_after_position(thread: Thread, position: int, limit: int) -> list[Post]:
    """Up to ``limit`` posts after ``position``, in order."""
    return list(
        Post.objects.filter(thread=thread, position__gt=position)
        .select_related("author")
        .order_by("position")[:limit]
    )


def post_location(post: Post) -> tuple[Thread, int]:
    """The thread and page number a post appears on."""
    per_page = get_site_settings().posts_per_page
    return post.thread, page_of_position(post.position, per_page)


def post_url(post: Post) -> str:
    """Where a post is read: the page of its thread that holds it, at the post's anchor.
    Redirects to a post (its permalink, after a reaction) use this."""
    thread, page = post_location(post)
    return f"{thread.page_url(page)}#post-{post.pk}"


def first_unread_position(actor: Actor, thread: Thread) -> int:
    """Position of the first post ``actor`` has not read; the last post if all are read.

    Without a read record, everything posted before the member's "all read" cutoff
    counts as read.
    """
    if not is_member(actor):
        return 1
    if thread.last_post_at <= actor.read_cutoff:
        return thread.post_total
    read = get_read_position(actor, thread)
    if read is None:
        position = (
            Post.objects.filter(thread=thread, created_at__gt=actor.read_cutoff)
            .order_by("position")
            .values_list("position", flat=True)
            .first()
        )
        return position if position is not None else thread.post_total
    return min(read + 1, thread.post_total)


def get_post_by_position(thread: Thread, position: int) -> Post | None:
    return Post.objects.filter(thread=thread, position=position).first()


def post_history(actor: Actor | Access, post: Post) -> QuerySet[PostRevision]:
    check_view_post_history(actor, post)
    return post.revisions.select_related("editor").order_by("-revision")


_recent_posts_of: PreparedQuery[Post] = PreparedQuery(
    lambda author_id, forum_ids, limit: (
        Post.objects.filter(author_id=author_id, thread__forum_id__in=sorted(forum_ids))
        .select_related("thread", "thread__forum")
        .order_by("-created_at")[:limit]
    ),
    1,
)


def member_recent_posts(actor: Actor | Access, member: Member, limit: int = 10) -> list[Post]:
    """The member's latest posts in forums the actor may read (``visible_posts``). The
    prepared query is kept per set of readable forums."""
    readable = access_of(actor).grants.read
    if not readable:
        return []
    return _recent_posts_of.run(member.pk, shape=(readable, limit))
