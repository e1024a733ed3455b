"""Searching, for pages and the API: one function per question, each taking the actor.

Every search is narrowed to the forums the actor's Access reads before the engine is asked,
so a post in a hidden forum is never found, counted or hinted at; results carry only what
the reader may see. Pages are capped offsets (``MAX_PAGE`` pages of ``PER_PAGE``): no
result list is ever counted or scanned past its last page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from django.http import Http404
from django.utils.safestring import SafeString

from pnyx.accounts.models import Member
from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor
from pnyx.core.site_settings import get_site_settings
from pnyx.forums.models import Forum
from pnyx.forums.tree import current_forum_tree
from pnyx.search.backends import Filters, Hit, get_backend
from pnyx.search.backends.base import Sort
from pnyx.search.query import MAX_TERMS, QueryError, Term, parse_query, words_of
from pnyx.search.query import Query as ParsedQuery
from pnyx.search.stopwords import ENGLISH
from pnyx.threads.models import Post, Thread, thread_page_url
from pnyx.threads.permissions import check_view_thread
from pnyx.threads.selectors import page_of_position

PER_PAGE = 20
MAX_PAGE = 10
SIMILAR_LIMIT = 5

__all__ = ["MAX_PAGE", "PER_PAGE", "QueryError", "SearchError"]


class SearchError(QueryError):
    """A filter that cannot be used (an unknown forum or member, a page too far);
    ``field`` is the parameter at fault."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class ResultItem:
    """One post found, with where it is read."""

    post_id: int
    url: str
    position: int
    page: int
    thread_id: int
    thread_title: str
    thread_url: str
    forum_id: int
    forum_name: str
    forum_url: str
    author_name: str | None
    author_url: str | None
    created_at: datetime
    is_first: bool
    snippet: SafeString


@dataclass(frozen=True, slots=True)
class ResultPage:
    items: tuple[ResultItem, ...]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True, slots=True)
class SimilarThread:
    thread_id: int
    title: str
    url: str
    forum_name: str
    forum_url: str
    last_post_at: datetime
    reply_count: int


def _descendants(forum_id: int) -> set[int]:
    parents = current_forum_tree().parents
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found = {forum_id}
    stack = [forum_id]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _results(access: Access, hits: list[Hit], page: int, per_page: int) -> ResultPage:
    has_next = len(hits) > per_page
    hits = hits[:per_page]
    posts = {
        row["pk"]: row
        for row in Post.objects.filter(pk__in=[hit.post_id for hit in hits]).values(
            "pk", "position", "thread__title", "thread__slug", "thread__forum_id"
        )
    }
    forums = {
        row["pk"]: row
        for row in Forum.objects.filter(pk__in={hit.forum_id for hit in hits}).values(
            "pk", "name", "slug"
        )
    }
    author_ids = {hit.author_id for hit in hits if hit.author_id is not None}
    authors = {
        row["pk"]: row
        for row in Member.objects.filter(pk__in=author_ids).values("pk", "username", "display_name")
    }
    per_thread_page = get_site_settings().posts_per_page
    items = []
    for hit in hits:
        post = posts.get(hit.post_id)
        forum = forums.get(hit.forum_id)
        # A post deleted or moved since the engine answered is left out: the page never
        # shows a post outside the forums the reader may read.
        if (
            post is None
            or forum is None
            or post["thread__forum_id"] != hit.forum_id
            or hit.forum_id not in access.grants.read
        ):
            continue
        author = authors.get(hit.author_id) if hit.author_id is not None else None
        number = page_of_position(post["position"], per_thread_page)
        thread_url = thread_page_url(hit.thread_id, post["thread__slug"], 1)
        items.append(
            ResultItem(
                post_id=hit.post_id,
                url=f"{thread_page_url(hit.thread_id, post['thread__slug'], number)}"
                f"#post-{hit.post_id}",
                position=post["position"],
                page=number,
                thread_id=hit.thread_id,
                thread_title=post["thread__title"],
                thread_url=thread_url,
                forum_id=hit.forum_id,
                forum_name=forum["name"],
                forum_url=Forum(pk=forum["pk"], slug=forum["slug"]).get_absolute_url(),
                author_name=(author["display_name"] or author["username"]) if author else None,
                author_url=Member(username=author["username"]).get_absolute_url()
                if author
                else None,
                created_at=hit.created_at,
                is_first=hit.is_first,
                snippet=hit.snippet,
            )
        )
    return ResultPage(items=tuple(items), page=page, has_next=has_next)


def _check_page(page: int) -> None:
    if page < 1 or page > MAX_PAGE:
        raise SearchError(
            f"Only the first {MAX_PAGE} pages of results are shown: add words or filters.",
            "page",
        )


def search_posts(
    actor: Actor | Access,
    q: str,
    *,
    forum_id: int | None = None,
    member: str | None = None,
    after: date | None = None,
    before: date | None = None,
    threads_only: bool = False,
    sort: Sort = "relevance",
    page: int = 1,
) -> ResultPage:
    """The posts ``actor`` may read that match ``q`` and the filters. Raises QueryError
    (or SearchError) with a message for the reader when the search cannot be run."""
    access = access_of(actor)
    query = parse_query(q)
    _check_page(page)
    readable = access.grants.read
    if forum_id is not None:
        # A hidden forum is answered exactly like a missing one.
        if forum_id not in readable:
            raise SearchError("There is no such forum.", "forum")
        readable = readable & _descendants(forum_id)
    author_id = None
    if member:
        author_id = (
            Member.objects.filter(username__iexact=member.strip(), is_active=True)
            .values_list("pk", flat=True)
            .first()
        )
        if author_id is None:
            raise SearchError("There is no member with that name.", "member")
    filters = Filters(
        forum_ids=frozenset(readable),
        author_id=author_id,
        after=_day_start(after) if after else None,
        before=_day_start(before) + timedelta(days=1) if before else None,
        threads_only=threads_only,
    )
    return _run(access, query, filters, sort, page)


def _run(access: Access, query: ParsedQuery, filters: Filters, sort: Sort, page: int) -> ResultPage:
    if not filters.forum_ids:
        return ResultPage(items=(), page=page, has_next=False)
    hits = get_backend().search(
        query, filters, sort=sort, offset=(page - 1) * PER_PAGE, limit=PER_PAGE + 1
    )
    return _results(access, hits, page, PER_PAGE)


def search_thread(
    actor: Actor | Access,
    thread: Thread,
    q: str,
    *,
    page: int = 1,
    sort: Literal["position", "relevance"] = "position",
) -> ResultPage:
    """The posts of ``thread`` that match ``q``, in thread order (Http404 when the actor
    may not read the thread)."""
    access = access_of(actor)
    check_view_thread(access, thread)
    query = parse_query(q)
    _check_page(page)
    filters = Filters(forum_ids=frozenset({thread.forum_id}), thread_id=thread.pk)
    # Within one thread, posts in order of position are posts in order of time.
    hits = get_backend().search(
        query,
        filters,
        sort="relevance" if sort == "relevance" else "oldest",
        offset=(page - 1) * PER_PAGE,
        limit=PER_PAGE + 1,
    )
    return _results(access, hits, page, PER_PAGE)


def similar_query(title: str, body: str = "") -> ParsedQuery | None:
    """Any of the title's words (and a few of the text's longest), as one OR clause."""
    words: list[str] = []
    for word in words_of(title):
        if word not in ENGLISH and len(word) > 1 and word not in words:
            words.append(word)
    extra = sorted(
        {w for w in words_of(body) if w not in ENGLISH and len(w) > 4 and w not in words},
        key=lambda w: (-len(w), w),
    )
    words = (words[: MAX_TERMS - 4] + extra)[: MAX_TERMS // 2 + 2] if extra else words
    words = words[:MAX_TERMS]
    if not words:
        return None
    return ParsedQuery(clauses=(tuple(Term((word,)) for word in words),))


def similar_threads(
    actor: Actor | Access, title: str, body: str = "", *, limit: int = SIMILAR_LIMIT
) -> list[SimilarThread]:
    """Up to ``limit`` threads the actor may read whose title and first post look like
    ``title`` and ``body`` (a new thread's): the story may already be discussed."""
    access = access_of(actor)
    query = similar_query(title, body)
    if query is None or not access.grants.read:
        return []
    hits = get_backend().search(
        query,
        Filters(forum_ids=access.grants.read, threads_only=True),
        sort="relevance",
        offset=0,
        limit=limit,
    )
    return _threads(access, [hit.thread_id for hit in hits])


def _threads(access: Access, thread_ids: Iterable[int]) -> list[SimilarThread]:
    ids = list(dict.fromkeys(thread_ids))
    threads = {
        thread.pk: thread
        for thread in Thread.objects.filter(pk__in=ids, forum_id__in=access.grants.read)
        .select_related("forum")
        .only("pk", "title", "slug", "last_post_at", "reply_count", "forum__name", "forum__slug")
    }
    return [
        SimilarThread(
            thread_id=thread.pk,
            title=thread.title,
            url=thread.get_absolute_url(),
            forum_name=thread.forum.name,
            forum_url=thread.forum.get_absolute_url(),
            last_post_at=thread.last_post_at,
            reply_count=thread.reply_count,
        )
        for thread_id in ids
        if (thread := threads.get(thread_id)) is not None
    ]


def get_thread_or_404(actor: Actor | Access, thread_id: int) -> Thread:
    thread = Thread.objects.filter(pk=thread_id).first()
    if thread is None:
        raise Http404
    check_view_thread(access_of(actor), thread)
    return thread
