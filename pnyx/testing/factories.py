"""Test data, made through the same services members use. Keyword-only options, safe defaults."""

from __future__ import annotations

import itertools

from django.contrib.auth.models import AnonymousUser

from pnyx.accounts.models import Member
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Category, Forum
from pnyx.posting.services import create_thread, reply_to_thread
from pnyx.sanctions.flood import pace_limits_suspended
from pnyx.threads.models import Post, Thread

PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


def _n() -> int:
    return next(_sequence)


def make_member(
    *,
    username: str | None = None,
    display_name: str = "",
    email: str | None = None,
    country: str = "",
    location: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    is_active: bool = True,
    password: str = PASSWORD,
) -> Member:
    username = username or f"member{_n()}"
    member = Member(
        username=username,
        display_name=display_name,
        email=email if email is not None else f"{username.lower()}@example.org",
        country=country,
        location=location,
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
        is_active=is_active,
    )
    member.set_password(password)
    member.save()
    return member


def make_category(*, name: str | None = None, position: int = 0) -> Category:
    n = _n()
    return Category.objects.create(
        name=name or f"Category {n}", slug=f"category-{n}", position=position
    )


def make_forum(
    *,
    category: Category | None = None,
    parent: Forum | None = None,
    name: str | None = None,
    visibility: str = Visibility.PUBLIC,
) -> Forum:
    n = _n()
    return Forum.objects.create(
        category=category or (parent.category if parent else make_category()),
        parent=parent,
        name=name or f"Forum {n}",
        slug=f"forum-{n}",
        visibility=visibility,
    )


def make_thread(
    forum: Forum | None = None,
    *,
    author: Member | None = None,
    title: str | None = None,
    body: str = "The opening post of a test thread.",
    replies: int = 0,
    reply_author: Member | None = None,
    is_locked: bool = False,
    is_pinned: bool = False,
) -> Thread:
    forum = forum or make_forum()
    author = author or make_member()
    with pace_limits_suspended():  # test data, not a member's burst
        thread = create_thread(author, forum, title=title or f"Thread {_n()}", body=body)
        for i in range(replies):
            reply_to_thread(reply_author or author, thread, body=f"Reply number {i + 1}.")
    if is_locked or is_pinned:
        thread.is_locked, thread.is_pinned = is_locked, is_pinned
        thread.save(update_fields=["is_locked", "is_pinned"])
    thread.refresh_from_db()
    return thread


def make_post(thread: Thread, *, author: Member | None = None, body: str = "A reply.") -> Post:
    with pace_limits_suspended():
        return reply_to_thread(author or make_member(), thread, body=body)


def first_post(thread: Thread) -> Post:
    return Post.objects.select_related("thread", "author").get(thread=thread, position=1)


def guest() -> AnonymousUser:
    return AnonymousUser()


def make_token(member: Member, *, name: str = "test script") -> str:
    """A personal API token for ``member``; returns the full token string."""
    from pnyx.accounts.services import create_token

    return create_token(member, member, name=name).secret


def counters_snapshot() -> list[object]:
    """Every stored counter (threads, forums, members, posts' reaction counts), in order:
    compare before and after ``repair_counters()`` to show that nothing was off."""
    return [
        list(
            Thread.objects.order_by("pk").values_list(
                "reply_count", "first_post_id", "last_post_id", "last_post_at", "last_poster_id"
            )
        ),
        list(
            Forum.objects.order_by("pk").values_list(
                "thread_count",
                "post_count",
                "last_thread_id",
                "last_post_id",
                "last_post_at",
                "last_poster_id",
            )
        ),
        list(Member.objects.order_by("pk").values_list("post_count", "reaction_score")),
        list(Post.objects.order_by("pk").values_list("reaction_counts", flat=True)),
    ]
