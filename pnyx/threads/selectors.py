"""Reads of threads and posts. Every one takes the actor and never shows what it may not see."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from pnyx.accounts.models import Member
from pnyx.accounts.selectors import MemberCard, member_card
from pnyx.core.actors import Actor, is_member
from pnyx.core.markup import (
    hide_quote_sources,
    hide_quote_sources_in_markup,
    quoted_posts_in_html,
    safe_post_html,
)
from pnyx.core.pagination import page_window
from pnyx.core.prepared import MAX_ID, PreparedInQuery, PreparedQuery
from pnyx.core.site_settings import get_site_settings
from pnyx.core.times import relative_time
from pnyx.forums.permissions import forum_visibility_q_for, readable_visibilities, visible_forums
from pnyx.reactions.enums import SYMBOLS, ReactionKind
from pnyx.reactions.models import Reaction
from pnyx.reactions.permissions import can_react_to_post
from pnyx.threads.models import Post, PostRevision, Thread, ThreadRead
from pnyx.threads.permissions import (
    can_edit_post,
    can_reply_thread,
    can_view_post_history,
    check_view_post_history,
    check_view_thread,
)


@dataclass(frozen=True, slots=True)
class ReactionCount:
    kind: str
    label: str
    symbol: str
    count: int
    mine: bool


@dataclass(frozen=True, slots=True)
class PostView:
    """A post as a page shows it: plain values, with its times already as text."""

    pk: int
    position: int
    created_at: datetime
    created_label: str
    edited_at: datetime | None
    edited_label: str
    author: MemberCard | None


@dataclass(frozen=True, slots=True)
class PostItem:
    """One post for one reader. Immutable and hashable: it is the cache key of its rendered
    HTML (``{% fragment %}``), so it holds everything that HTML shows."""

    post: PostView
    html: SafeString
    is_unread: bool
    can_edit: bool
    can_react: bool
    can_view_history: bool
    can_reply: bool
    reactions: tuple[ReactionCount, ...]
    # The row itself, for adapters that need more than a page shows (the API, quoting).
    # Left out of equality and hashing, so out of the fragment cache key: templates must
    # never read it.
    record: Post = field(compare=False, repr=False)
    # Forums whose quotes lost their attribution in ``html`` (the reader may not see them).
    hidden_forum_ids: frozenset[int] = frozenset()

    @property
    def reaction_total(self) -> int:
        return sum(reaction.count for reaction in self.reactions)

    @property
    def source(self) -> str:
        """The Markdown source, with the same quotes unattributed as in ``html``."""
        if not self.hidden_forum_ids:
            return self.record.source
        return hide_quote_sources_in_markup(
            self.record.source, self.record.html, self.hidden_forum_ids
        )

    @property
    def quoted_post_ids(self) -> list[int]:
        """The posts quoted with attribution, as this reader sees them."""
        return quoted_posts_in_html(self.html)


@dataclass
class ThreadPage:
    thread: Thread
    number: int
    page_count: int
    posts: list[PostItem]
    can_reply: bool
    per_page: int
    pages: list[int | None] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count


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
_own_reactions: PreparedInQuery[tuple[int, str]] = PreparedInQuery(
    lambda member_id, post_ids: Reaction.objects.filter(
        member_id=member_id, post_id__in=post_ids
    ).values_list("post_id", "kind"),
    1,
    max_length=100,
)


def _visible(actor: Actor, thread: Thread | None) -> Thread:
    if thread is None:
        raise Http404
    check_view_thread(actor, thread)
    return thread


def get_thread(actor: Actor, thread_id: int) -> Thread:
    # An id no row can have is not looked up (the ORM answers those "does not exist" too).
    thread_id = int(thread_id)  # as the ORM takes it (True is 1)
    return _visible(actor, _thread_by_id.first(thread_id) if 0 < thread_id <= MAX_ID else None)


def get_thread_to_write(actor: Actor, thread_id: int) -> Thread:
    """The thread as ``get_thread`` finds it, loading only what permission checks and the
    redirect after a write need (its forum and that forum's parent): a reply is a hot
    write, and the other joins are half of its selecting. Anything else loads on use."""
    thread_id = int(thread_id)
    found = (
        Thread.objects.select_related("forum", "forum__parent").filter(pk=thread_id).first()
        if 0 < thread_id <= MAX_ID
        else None
    )
    return _visible(actor, found)


def get_post(actor: Actor, post_id: int) -> Post:
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


def get_read_position(actor: Actor, thread: Thread) -> int | None:
    if not is_member(actor):
        return None
    return _read_position.first(actor.pk, thread.pk)


_kinds_by_language: dict[str, tuple[tuple[str, str, str], ...]] = {}


def _reaction_kinds() -> tuple[tuple[str, str, str], ...]:
    """(kind, label, symbol) of every reaction, labels in the active language."""
    language = get_language()
    kinds = _kinds_by_language.get(language)
    if kinds is None:
        kinds = tuple((kind.value, str(kind.label), SYMBOLS[kind]) for kind in ReactionKind)
        _kinds_by_language[language] = kinds
    return kinds


def reaction_counts(post: Post, mine: set[str]) -> tuple[ReactionCount, ...]:
    counts: dict[str, int] = post.reaction_counts or {}
    return tuple(
        ReactionCount(
            kind=kind, label=label, symbol=symbol, count=int(counts.get(kind, 0)), mine=kind in mine
        )
        for kind, label, symbol in _reaction_kinds()
    )


def thread_page(
    actor: Actor, thread: Thread, number: int, *, read_position: int | None = None
) -> ThreadPage:
    """One page of a thread: a fixed number of queries whatever the page size."""
    per_page = get_site_settings().posts_per_page
    page_count = page_count_for(thread, per_page)
    if number < 1 or number > page_count:
        raise Http404
    first = (number - 1) * per_page + 1
    posts = _posts_between.run(thread.pk, first, first + per_page)
    can_reply = can_reply_thread(actor, thread)
    items = post_items(actor, thread, posts, read_position=read_position, can_reply=can_reply)
    return ThreadPage(
        thread=thread,
        number=number,
        page_count=page_count,
        posts=items,
        can_reply=can_reply,
        per_page=per_page,
        pages=page_window(number, page_count),
    )


def post_items(
    actor: Actor,
    thread: Thread,
    posts: list[Post],
    *,
    read_position: int | None = None,
    can_reply: bool | None = None,
) -> list[PostItem]:
    """Posts of ``thread`` as ``actor`` sees them: quotes from forums the actor may not see
    lose their attribution, plus the actor's reactions and what they may do. At most two
    queries whatever the number of posts."""
    if can_reply is None:
        can_reply = can_reply_thread(actor, thread)
    for post in posts:
        post.thread = thread
    mine: dict[int, set[str]] = {}
    if is_member(actor) and posts:
        for post_id, kind in _own_reactions.run(actor.pk, values=[post.pk for post in posts]):
            mine.setdefault(post_id, set()).add(kind)

    cutoff = actor.read_cutoff if is_member(actor) else None
    hidden: set[int] = set()
    quoted_forums = {
        forum_id
        for post in posts
        for forum_id in (post.quote_forum_ids or [])
        if forum_id != thread.forum_id
    }
    if quoted_forums:
        seen = set(visible_forums(actor).filter(pk__in=quoted_forums).values_list("pk", flat=True))
        hidden = quoted_forums - seen

    now = timezone.now()
    cards: dict[int, MemberCard] = {}
    items = []
    for post in posts:
        author = None
        if post.author is not None:
            author = cards.get(post.author.pk)
            if author is None:
                author = cards[post.author.pk] = member_card(post.author)
        view = PostView(
            pk=post.pk,
            position=post.position,
            created_at=post.created_at,
            created_label=relative_time(post.created_at, now),
            edited_at=post.edited_at,
            edited_label=relative_time(post.edited_at, now) if post.edited_at else "",
            author=author,
        )
        hidden_here = frozenset(hidden.intersection(post.quote_forum_ids or []))
        items.append(
            PostItem(
                post=view,
                html=safe_post_html(
                    hide_quote_sources(post.html, hidden_here) if hidden_here else post.html
                ),
                is_unread=cutoff is not None
                and post.created_at > cutoff
                and (read_position is None or post.position > read_position),
                can_edit=can_edit_post(actor, post),
                can_react=can_react_to_post(actor, post),
                can_view_history=post.revision > 0 and can_view_post_history(actor, post),
                can_reply=can_reply,
                reactions=reaction_counts(post, mine.get(post.pk, set())),
                hidden_forum_ids=hidden_here,
                record=post,
            )
        )
    return items


def get_post_item(actor: Actor, post_id: int) -> PostItem:
    """One post as a thread page shows it (for replacing or adding it in place)."""
    post = get_post(actor, post_id)
    thread = post.thread
    return post_items(
        actor,
        thread,
        [post],
        read_position=post.position,
        can_reply=can_reply_thread(actor, thread),
    )[0]


@dataclass
class PostsAfter:
    items: list[PostItem]
    has_more: bool


def posts_after(actor: Actor, thread: Thread, position: int, *, limit: int) -> PostsAfter:
    """Posts after ``position`` (the newest a reader has on screen), at most ``limit``."""
    posts = list(
        Post.objects.filter(thread=thread, position__gt=position)
        .select_related("author")
        .order_by("position")[: limit + 1]
    )
    items = post_items(
        actor,
        thread,
        posts[:limit],
        read_position=position,
        can_reply=can_reply_thread(actor, thread),
    )
    return PostsAfter(items=items, has_more=len(posts) > limit)


def post_location(post: Post) -> tuple[Thread, int]:
    """The thread and page number a post appears on."""
    per_page = get_site_settings().posts_per_page
    return post.thread, page_of_position(post.position, per_page)


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


def post_history(actor: Actor, post: Post) -> QuerySet[PostRevision]:
    check_view_post_history(actor, post)
    return post.revisions.select_related("editor").order_by("-revision")


_recent_posts_of: PreparedQuery[Post] = PreparedQuery(
    lambda author_id, visibilities, limit: (
        Post.objects.filter(author_id=author_id)
        .filter(forum_visibility_q_for(list(visibilities), "thread__forum__"))
        .select_related("thread", "thread__forum")
        .order_by("-created_at")[:limit]
    ),
    1,
)


def member_recent_posts(actor: Actor, member: Member, limit: int = 10) -> list[Post]:
    """The member's latest posts in forums the actor may see (``visible_posts``)."""
    return _recent_posts_of.run(member.pk, shape=(tuple(readable_visibilities(actor)), limit))
