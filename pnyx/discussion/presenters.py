"""What thread pages and the API show: posts as one reader sees them, and one function per page
flow, so each view and each API endpoint makes one call (``read_thread_page``,
``read_posts_after``, ``get_post_item``).

View models are frozen, hashable values: a post's rendered HTML is cached under its
``PostItem`` (``{% fragment %}``), so the item holds everything that HTML shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import overload

from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString

from pnyx.accounts.selectors import MemberCard, member_card
from pnyx.core.access import access_of
from pnyx.core.actors import Actor, is_member
from pnyx.core.markup import (
    hide_quote_sources,
    hide_quote_sources_in_markup,
    quoted_posts_in_html,
    safe_post_html,
)
from pnyx.core.pages import Redirect
from pnyx.core.pagination import page_window
from pnyx.core.site_settings import get_site_settings
from pnyx.core.times import relative_time
from pnyx.reactions.permissions import can_react_to_post
from pnyx.reactions.presenters import ReactionCount, reaction_counts
from pnyx.reactions.selectors import own_reactions
from pnyx.threads.models import Post, Thread
from pnyx.threads.permissions import can_edit_post, can_reply_thread, can_view_post_history
from pnyx.threads.selectors import (
    get_post,
    get_read_position,
    get_thread,
    page_count_for,
    posts_after_position,
    posts_on_page,
)
from pnyx.threads.services import count_thread_view, mark_thread_read


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
    # The thread's view count with this view (pages count views; the API does not).
    view_count: int | None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count


@dataclass
class PostsAfter:
    thread: Thread
    items: list[PostItem]
    has_more: bool


def post_items(
    actor: Actor,
    thread: Thread,
    posts: list[Post],
    *,
    read_position: int | None = None,
    can_reply: bool | None = None,
) -> list[PostItem]:
    """Posts of ``thread`` as ``actor`` sees them: quotes from forums the actor may not read
    lose their attribution, plus the actor's reactions and what they may do. At most one
    query (the actor's reactions) whatever the number of posts."""
    access = access_of(actor)
    if can_reply is None:
        can_reply = can_reply_thread(access, thread)
    for post in posts:
        post.thread = thread
    mine = own_reactions(access, [post.pk for post in posts])

    cutoff = actor.read_cutoff if is_member(actor) else None
    readable = access.grants.read
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
        hidden_here = (
            frozenset(post.quote_forum_ids).difference(readable, (thread.forum_id,))
            if post.quote_forum_ids
            else frozenset()
        )
        items.append(
            PostItem(
                post=view,
                html=safe_post_html(
                    hide_quote_sources(post.html, hidden_here) if hidden_here else post.html
                ),
                is_unread=cutoff is not None
                and post.created_at > cutoff
                and (read_position is None or post.position > read_position),
                can_edit=can_edit_post(access, post),
                can_react=can_react_to_post(access, post),
                can_view_history=post.revision > 0 and can_view_post_history(access, post),
                can_reply=can_reply,
                reactions=reaction_counts(post, mine.get(post.pk, set())),
                hidden_forum_ids=hidden_here,
                record=post,
            )
        )
    return items


def thread_page(
    actor: Actor, thread: Thread, number: int, *, read_position: int | None = None
) -> ThreadPage:
    """One page of a thread: a fixed number of queries whatever the page size."""
    per_page = get_site_settings().posts_per_page
    page_count = page_count_for(thread, per_page)
    if number < 1 or number > page_count:
        raise Http404
    posts = posts_on_page(thread, number, per_page)
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


@overload
def read_thread_page(
    actor: Actor,
    thread_id: int,
    number: int,
    *,
    slug: None = None,
    paged_url: bool = False,
    count_view: bool = False,
) -> ThreadPage: ...


@overload
def read_thread_page(
    actor: Actor,
    thread_id: int,
    number: int,
    *,
    slug: str,
    paged_url: bool = False,
    count_view: bool = False,
) -> ThreadPage | Redirect: ...


def read_thread_page(
    actor: Actor,
    thread_id: int,
    number: int,
    *,
    slug: str | None = None,
    paged_url: bool = False,
    count_view: bool = False,
) -> ThreadPage | Redirect:
    """Reading one page of a thread: the page as the actor sees it, its posts marked read.

    Pages pass the URL's ``slug`` (and whether it spelt out ``page-N``): a page asked for
    under another slug, past the last page or as an explicit ``page-1`` is a Redirect to its
    canonical URL, before anything is read or counted. Without a slug (the API) a page past
    the last is Http404. ``count_view`` counts the view (pages do)."""
    thread = get_thread(actor, thread_id)
    if slug is not None:
        page_count = page_count_for(thread, get_site_settings().posts_per_page)
        if slug != thread.slug or number > page_count or (number == 1 and paged_url):
            return Redirect(thread.page_url(min(number, page_count)))
    read_position = get_read_position(actor, thread)
    page = thread_page(actor, thread, number, read_position=read_position)
    if page.posts:
        mark_thread_read(actor, thread, page.posts[-1].post.position, previous=read_position)
    if count_view:
        page.view_count = count_thread_view(thread)
    return page


def get_post_item(actor: Actor, post_id: int) -> PostItem:
    """One post as a thread page shows it (for replacing or adding it in place)."""
    post = get_post(actor, post_id)
    return post_items(actor, post.thread, [post], read_position=post.position)[0]


def posts_after(actor: Actor, thread: Thread, position: int, *, limit: int) -> PostsAfter:
    """Posts after ``position`` (the newest a reader has on screen), at most ``limit``."""
    posts = posts_after_position(thread, position, limit + 1)
    items = post_items(actor, thread, posts[:limit], read_position=position)
    return PostsAfter(thread=thread, items=items, has_more=len(posts) > limit)


def read_posts_after(actor: Actor, thread_id: int, position: int, *, limit: int) -> PostsAfter:
    """Reading the posts that arrived after ``position``: they count as read."""
    thread = get_thread(actor, thread_id)
    result = posts_after(actor, thread, position, limit=limit)
    if result.items:
        mark_thread_read(
            actor,
            thread,
            result.items[-1].post.position,
            previous=get_read_position(actor, thread),
        )
    return result
