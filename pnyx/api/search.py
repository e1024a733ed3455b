"""Search in API v1: the whole forum, and one thread. The same selectors as /search/ and
the in-thread search box, so a hidden forum's posts are never found here either."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.params import functions as param

from pnyx.api.auth import caller_of
from pnyx.api.errors import ApiError, errors
from pnyx.api.schemas import MAX_ID
from pnyx.search.query import MAX_QUERY_LENGTH
from pnyx.search.selectors import (
    MAX_PAGE,
    QueryError,
    ResultPage,
    SearchError,
    get_thread_or_404,
    search_posts,
    search_thread,
)

router = Router()

_AFTER = param.Query(None, description="Posted on or after this day (UTC).")
_BEFORE = param.Query(None, description="Posted on or before this day (UTC).")

SEARCH_ERRORS = errors(401, 404, 422, 503)

Q_DESCRIPTION = (
    'Words (all required), "exact phrases", -excluded words and OR between two terms; '
    "anything else is read as text. At most 200 characters and 12 words (422 otherwise)."
)


class SearchHitOut(Schema):
    post_id: int
    url: str
    position: int
    page: int
    thread_id: int
    thread_title: str
    forum_id: int
    forum_name: str
    author: str | None
    created_at: datetime
    first_post: bool
    snippet_html: str


class SearchOut(Schema):
    page: int
    has_next: bool
    results: list[SearchHitOut]


def _out(result: ResultPage) -> SearchOut:
    return SearchOut(
        page=result.page,
        has_next=result.has_next,
        results=[
            SearchHitOut(
                post_id=item.post_id,
                url=item.url,
                position=item.position,
                page=item.page,
                thread_id=item.thread_id,
                thread_title=item.thread_title,
                forum_id=item.forum_id,
                forum_name=item.forum_name,
                author=item.author_name,
                created_at=item.created_at,
                first_post=item.is_first,
                snippet_html=str(item.snippet),
            )
            for item in result.items
        ],
    )


def _refused(error: QueryError) -> ApiError:
    field = error.field if isinstance(error, SearchError) else "q"
    return ApiError(422, "invalid", str(error), fields={field: [str(error)]})


@router.get(
    "/search",
    response={200: SearchOut, **SEARCH_ERRORS},
    operation_id="search",
    summary="Search the posts the caller may read",
    description=(
        "Best (or newest) first, with a snippet whose matches are in `<mark>` (the rest "
        "is escaped HTML). Pages of 20, at most 10 pages: add words or filters to narrow."
    ),
    tags=["search"],
)
def search(
    request: HttpRequest,
    q: str = param.Query(..., max_length=MAX_QUERY_LENGTH, description=Q_DESCRIPTION),
    forum: int | None = param.Query(
        None, ge=1, le=MAX_ID, description="Only this forum and its sub-forums."
    ),
    member: str | None = param.Query(None, max_length=150, description="Only by this member."),
    after: date | None = _AFTER,
    before: date | None = _BEFORE,
    threads_only: bool = param.Query(False, description="Titles and first posts only."),
    sort: Literal["relevance", "date"] = param.Query("relevance"),
    page: int = param.Query(1, ge=1, le=MAX_PAGE, description="Page number, from 1."),
) -> SearchOut:
    try:
        result = search_posts(
            caller_of(request).actor,
            q,
            forum_id=forum,
            member=member,
            after=after,
            before=before,
            threads_only=threads_only,
            sort=sort,
            page=page,
        )
    except QueryError as error:
        raise _refused(error) from None
    return _out(result)


@router.get(
    "/threads/{thread_id}/search",
    response={200: SearchOut, **SEARCH_ERRORS},
    operation_id="search_thread",
    summary="Search one thread: its matching posts in thread order, with their page",
    tags=["search"],
)
def search_in_thread(
    request: HttpRequest,
    thread_id: int = param.Path(..., ge=1, le=MAX_ID, description="A thread id."),
    q: str = param.Query(..., max_length=MAX_QUERY_LENGTH, description=Q_DESCRIPTION),
    page: int = param.Query(1, ge=1, le=MAX_PAGE, description="Page number, from 1."),
) -> SearchOut:
    actor = caller_of(request).actor
    thread = get_thread_or_404(actor, thread_id)
    try:
        result = search_thread(actor, thread, q, page=page)
    except QueryError as error:
        raise _refused(error) from None
    return _out(result)
