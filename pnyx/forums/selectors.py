"""Reads for the forum index, forum pages and What's new."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone

from pnyx.accounts.models import Member
from pnyx.accounts.selectors import MemberCard, member_card
from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor, is_member
from pnyx.core.pagination import page_window
from pnyx.core.prepared import MAX_ID, PreparedInQuery, PreparedQuery
from pnyx.core.site_settings import get_site_settings
from pnyx.core.times import relative_time
from pnyx.forums.models import Category, Forum
from pnyx.forums.permissions import check_read_forum, check_view_forum, visible_forums
from pnyx.threads.models import Thread, ThreadRead

WHATS_NEW_MAX_PAGES = 50


@dataclass
class ForumEntry:
    forum: Forum
    subforums: list[Forum] = field(default_factory=list)


@dataclass
class CategoryEntry:
    category: Category
    forums: list[ForumEntry] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ForumRef:
    name: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


@dataclass(frozen=True, slots=True)
class ThreadRow:
    """A thread as a list row shows it: plain values, times already as text, so a rendered
    row can be reused while they stay the same (``{% fragment %}``)."""

    pk: int
    slug: str
    title: str
    url: str
    is_pinned: bool
    is_locked: bool
    reply_count: int
    view_count: int
    created_at: datetime
    created_label: str
    last_post_id: int | None
    last_post_at: datetime
    last_label: str
    author: MemberCard | None
    last_poster: MemberCard | None
    forum: ForumRef

    def get_absolute_url(self) -> str:
        return self.url


@dataclass(frozen=True, slots=True)
class ThreadEntry:
    thread: ThreadRow
    is_unread: bool
    # The row itself, for adapters that need more than a list row shows (the API). Left out
    # of equality and hashing, so out of the fragment cache key: templates must never read it.
    record: Thread = field(compare=False, repr=False)


@dataclass
class ThreadListPage:
    entries: list[ThreadEntry]
    number: int
    page_count: int | None
    has_next: bool
    pages: list[int | None] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def forum_index(actor: Actor | Access) -> list[CategoryEntry]:
    """The category tree with counts and latest post, in one query."""
    forums = list(
        visible_forums(actor)
        .select_related("category", "last_thread", "last_poster")
        .order_by("category__position", "category_id", "position", "id")
    )
    entries: dict[int, CategoryEntry] = {}
    by_id: dict[int, ForumEntry] = {}
    for forum in forums:
        if forum.parent_id is None:
            category = entries.setdefault(forum.category_id, CategoryEntry(forum.category))
            by_id[forum.pk] = ForumEntry(forum)
            category.forums.append(by_id[forum.pk])
    for forum in forums:
        if forum.parent_id is not None and forum.parent_id in by_id:
            by_id[forum.parent_id].subforums.append(forum)
    return list(entries.values())


# The hot reads of forum pages and What's new, their SQL built once per connection
# (pnyx.core.prepared); the shape holds the forums the reader may read (a frozenset of ids,
# one compiled query per set, and readers share a few sets) and the slice.
_forum_by_id: PreparedQuery[Forum] = PreparedQuery(
    lambda forum_id: (
        Forum.objects.select_related("category", "parent").filter(pk=forum_id).order_by()
    ),
    1,
)
_subforums: PreparedQuery[Forum] = PreparedQuery(
    lambda forum_id, forum_ids: Forum.objects.filter(
        parent_id=forum_id, pk__in=sorted(forum_ids)
    ).select_related("last_thread", "last_poster"),
    1,
)
_forum_threads: PreparedQuery[Thread] = PreparedQuery(
    lambda forum_id, order, start, stop: (
        Thread.objects.filter(forum_id=forum_id)
        .select_related("author", "last_poster")
        .order_by(*order)[start:stop]
    ),
    1,
)
_latest_threads: PreparedQuery[Thread] = PreparedQuery(
    lambda forum_ids, order, start, stop: (
        _in_forums(Thread.objects.all(), forum_ids)
        .select_related("forum", "author", "last_poster")
        .order_by(*order)[start:stop]
    ),
    0,
)


def _in_forums(threads: QuerySet[Thread], forum_ids: frozenset[int]) -> QuerySet[Thread]:
    """Threads in these forums, found by walking an index in date order and checking the
    forum id it holds: "forum_id + 0" keeps databases from looking threads up by forum and
    sorting them (most threads are in forums most readers read)."""
    return threads.alias(forum_number=F("forum_id") + 0).filter(forum_number__in=sorted(forum_ids))


_read_positions: PreparedInQuery[tuple[int, int]] = PreparedInQuery(
    lambda member_id, thread_ids: ThreadRead.objects.filter(
        member_id=member_id, thread_id__in=thread_ids
    ).values_list("thread_id", "last_read_position"),
    1,
    max_length=100,
)


def get_forum(actor: Actor | Access, forum_id: int) -> Forum:
    # An id no row can have is not looked up (the ORM answers those "does not exist" too).
    forum_id = int(forum_id)  # as the ORM takes it (True is 1)
    forum = _forum_by_id.first(forum_id) if 0 < forum_id <= MAX_ID else None
    if forum is None:
        raise Http404
    check_view_forum(actor, forum)
    return forum


def subforums(actor: Actor | Access, forum: Forum) -> list[Forum]:
    """The forum's direct subforums the actor may see (their own subforums are on their
    pages)."""
    found = _subforums.run(forum.pk, shape=(access_of(actor).grants.view,))
    for subforum in found:
        subforum.parent = forum
    return found


def read_marks(actor: Actor, threads: list[Thread]) -> dict[int, bool]:
    """thread id → has posts the member has not read. Guests get no marks."""
    if not is_member(actor) or not threads:
        return {}
    cutoff: datetime = actor.read_cutoff
    read = dict(_read_positions.run(actor.pk, values=[thread.pk for thread in threads]))
    # Unread: something was posted after the "all read" cutoff, and the member's read
    # position (if any) is short of the last post.
    return {
        thread.pk: thread.last_post_at > cutoff and read.get(thread.pk, 0) < thread.post_total
        for thread in threads
    }


def _entries(actor: Actor, threads: list[Thread]) -> list[ThreadEntry]:
    marks = read_marks(actor, threads)
    now = timezone.now()
    cards: dict[int, MemberCard] = {}
    forums: dict[int, ForumRef] = {}

    def card(member: Member | None) -> MemberCard | None:
        if member is None:
            return None
        found = cards.get(member.pk)
        if found is None:
            found = cards[member.pk] = member_card(member)
        return found

    entries = []
    for thread in threads:
        forum = forums.get(thread.forum_id)
        if forum is None:
            forum = forums[thread.forum_id] = ForumRef(
                thread.forum.name, thread.forum.get_absolute_url()
            )
        row = ThreadRow(
            pk=thread.pk,
            slug=thread.slug,
            title=thread.title,
            url=thread.get_absolute_url(),
            is_pinned=thread.is_pinned,
            is_locked=thread.is_locked,
            reply_count=thread.reply_count,
            view_count=thread.view_count,
            created_at=thread.created_at,
            created_label=relative_time(thread.created_at, now),
            last_post_id=thread.last_post_id,
            last_post_at=thread.last_post_at,
            last_label=relative_time(thread.last_post_at, now),
            author=card(thread.author),
            last_poster=card(thread.last_poster),
            forum=forum,
        )
        entries.append(ThreadEntry(row, marks.get(thread.pk, False), thread))
    return entries


# Past this many rows, a list page first finds its 25 thread ids in an index alone (no
# table rows, no joins), then loads those 25: the skipped rows cost index entries only.
DEFERRED_FROM = 50


def _page_of(
    queryset: QuerySet[Thread], order: tuple[str, ...], offset: int, size: int
) -> list[Thread]:
    """``queryset.order_by(*order)[offset:offset + size]``, deep pages through the index."""
    if offset < DEFERRED_FROM:
        return list(queryset.order_by(*order)[offset : offset + size])
    return _deep_page_of(queryset, order, offset, size)


def _deep_page_of(
    queryset: QuerySet[Thread], order: tuple[str, ...], offset: int, size: int
) -> list[Thread]:
    ids = list(queryset.order_by(*order).values_list("pk", flat=True)[offset : offset + size])
    by_id = queryset.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def forum_threads_page(actor: Actor, forum: Forum, number: int) -> ThreadListPage:
    check_read_forum(actor, forum)
    per_page = get_site_settings().threads_per_page
    page_count = max(1, -(-forum.thread_count // per_page))
    if number < 1 or number > page_count:
        raise Http404
    offset = (number - 1) * per_page
    order = ("-is_pinned", "-last_post_at", "-id")
    if offset < DEFERRED_FROM:
        threads = _forum_threads.run(forum.pk, shape=(order, offset, offset + per_page))
    else:
        threads = _deep_page_of(
            Thread.objects.filter(forum=forum).select_related("author", "last_poster"),
            order,
            offset,
            per_page,
        )
    for thread in threads:
        thread.forum = forum
    return ThreadListPage(
        entries=_entries(actor, threads),
        number=number,
        page_count=page_count,
        has_next=number < page_count,
        pages=page_window(number, page_count),
    )


def whats_new_page(actor: Actor, number: int, *, new_threads: bool = False) -> ThreadListPage:
    """Threads with the latest posts (or the newest threads), newest first.

    Fetches one row more than a page to know whether another page exists, so it never
    counts the whole table; it stops after WHATS_NEW_MAX_PAGES pages.
    """
    if number < 1 or number > WHATS_NEW_MAX_PAGES:
        raise Http404
    per_page = get_site_settings().threads_per_page
    order = ("-created_at", "-id") if new_threads else ("-last_post_at", "-id")
    offset = (number - 1) * per_page
    readable = access_of(actor).grants.read
    if not readable:
        rows = []
    elif offset < DEFERRED_FROM:
        rows = _latest_threads.run(shape=(readable, order, offset, offset + per_page + 1))
    else:
        # Deep pages: the ids first, from the index alone (no join), then those rows.
        rows = _page_of(
            _in_forums(Thread.objects.all(), readable).select_related(
                "forum", "author", "last_poster"
            ),
            order,
            offset,
            per_page + 1,
        )
    if not rows and number > 1:
        raise Http404
    has_next = len(rows) > per_page and number < WHATS_NEW_MAX_PAGES
    threads = rows[:per_page]
    return ThreadListPage(
        entries=_entries(actor, threads),
        number=number,
        page_count=None,
        has_next=has_next,
    )
