"""The operations of API v1: each parses input, calls one selector or service, serialises.

The same selectors and services as the pages, so every rule (visibility, locking, the
edit window, reacting to one's own post) holds here exactly as there.
"""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.params import functions as param

from pnyx.accounts.selectors import get_member
from pnyx.api.auth import caller_of
from pnyx.api.errors import ApiError, errors
from pnyx.api.idempotency import run_idempotent
from pnyx.api.schemas import (
    MAX_ID,
    MAX_PAGE,
    CategoriesOut,
    EditPostIn,
    ForumThreadsOut,
    MemberOut,
    MeOut,
    NewPostIn,
    NewThreadIn,
    PostOut,
    ReactionsOut,
    ThreadCreatedOut,
    ThreadOut,
    ThreadPageOut,
    WhatsNewOut,
    categories_out,
    forum_detail_out,
    me_out,
    member_out,
    post_out,
    reaction_counts_out,
    thread_fields,
    thread_summary_out,
)
from pnyx.core.actors import is_member, require_member
from pnyx.discussion.presenters import post_items, read_thread_page
from pnyx.forums.presenters import read_forum_page
from pnyx.forums.selectors import forum_index, get_forum, whats_new_page
from pnyx.posting.services import create_thread, edit_post, reply_to_thread
from pnyx.reactions.enums import ReactionKind
from pnyx.reactions.models import Reaction
from pnyx.reactions.services import set_reaction
from pnyx.threads.permissions import can_reply_thread
from pnyx.threads.selectors import get_post, get_thread

router = Router()

_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{1,30}$")

READ_ERRORS = errors(401, 404, 422, 503)
WRITE_ERRORS = errors(400, 401, 403, 404, 411, 413, 415, 422, 429, 503)


def _id(description: str) -> int:
    result: int = param.Path(..., ge=1, le=MAX_ID, description=description)
    return result


def _page() -> int:
    result: int = param.Query(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    return result


def _idempotency_key() -> str | None:
    result: str | None = param.Header(
        None,
        alias="Idempotency-Key",
        max_length=128,
        description=(
            "Any unique string of up to 128 characters, e.g. a UUID. Sending the "
            "same request again with the same key returns the first answer and creates "
            "nothing; the same key with a different request is 409. Kept 24 hours."
        ),
    )
    return result


# ---------------------------------------------------------------- reads


@router.get(
    "/categories",
    response={200: CategoriesOut, **READ_ERRORS},
    operation_id="list_categories",
    summary="The category and forum tree with counts",
    tags=["forums"],
)
def list_categories(request: HttpRequest) -> CategoriesOut:
    return categories_out(forum_index(caller_of(request).actor))


@router.get(
    "/forums/{forum_id}/threads",
    response={200: ForumThreadsOut, **READ_ERRORS},
    operation_id="list_forum_threads",
    summary="One page of a forum's threads, as on the forum page",
    tags=["forums"],
)
def list_forum_threads(
    request: HttpRequest, forum_id: int = _id("A forum id."), page: int = _page()
) -> ForumThreadsOut:
    result = read_forum_page(caller_of(request).actor, forum_id, page)
    listing = result.listing
    return ForumThreadsOut(
        forum=forum_detail_out(result.forum, can_start_thread=result.can_start_thread),
        page=listing.number,
        page_count=listing.page_count or 1,
        has_next=listing.has_next,
        threads=[thread_summary_out(entry) for entry in listing.entries],
    )


@router.get(
    "/whats-new",
    response={200: WhatsNewOut, **READ_ERRORS},
    operation_id="whats_new",
    summary="Threads with the latest posts, with unread marks for the caller",
    tags=["forums"],
)
def whats_new(request: HttpRequest, page: int = _page()) -> WhatsNewOut:
    listing = whats_new_page(caller_of(request).actor, page)
    return WhatsNewOut(
        page=listing.number,
        has_next=listing.has_next,
        threads=[thread_summary_out(entry) for entry in listing.entries],
    )


@router.get(
    "/threads/{thread_id}",
    response={200: ThreadPageOut, **READ_ERRORS},
    operation_id="read_thread",
    summary="A thread and one page of its posts (marks them read for a member)",
    tags=["threads"],
)
def read_thread(
    request: HttpRequest, thread_id: int = _id("A thread id."), page: int = _page()
) -> ThreadPageOut:
    page_data = read_thread_page(caller_of(request).actor, thread_id, page)
    return ThreadPageOut(
        thread=ThreadOut(**thread_fields(page_data.thread, can_reply=page_data.can_reply)),
        page=page_data.number,
        page_count=page_data.page_count,
        posts=[post_out(item) for item in page_data.posts],
    )


@router.get(
    "/members/{username}",
    response={200: MemberOut, **READ_ERRORS},
    operation_id="read_member",
    summary="A member's public profile",
    tags=["members"],
)
def read_member(request: HttpRequest, username: str) -> MemberOut:
    if not _USERNAME.match(username):
        raise Http404
    return member_out(get_member(username))


@router.get(
    "/me",
    response={200: MeOut, **READ_ERRORS},
    operation_id="read_me",
    summary="The member the token belongs to",
    tags=["members"],
)
def read_me(request: HttpRequest) -> MeOut:
    actor = caller_of(request).actor
    if not is_member(actor):
        raise ApiError(
            401,
            "authentication_required",
            "Send a personal API token: Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": 'Bearer realm="pnyx"'},
        )
    return me_out(actor)


# ---------------------------------------------------------------- writes

_CREATED_LINKS = {
    "ReadThread": {
        "operationId": "read_thread",
        "parameters": {"thread_id": "$response.body#/id"},
    },
    "ReplyToThread": {
        "operationId": "reply_to_thread",
        "parameters": {"thread_id": "$response.body#/id"},
    },
}
_POST_LINKS = {
    "EditPost": {"operationId": "edit_post", "parameters": {"post_id": "$response.body#/id"}},
    "AddReaction": {
        "operationId": "add_reaction",
        "parameters": {"post_id": "$response.body#/id"},
    },
    "RemoveReaction": {
        "operationId": "remove_reaction",
        "parameters": {"post_id": "$response.body#/id"},
    },
    "ReadPostThread": {
        "operationId": "read_thread",
        "parameters": {"thread_id": "$response.body#/thread_id"},
    },
}


@router.post(
    "/threads",
    response={201: ThreadCreatedOut, **WRITE_ERRORS, **errors(409)},
    operation_id="start_thread",
    summary="Start a thread",
    tags=["threads"],
    openapi_extra={"responses": {201: {"links": _CREATED_LINKS}}},
)
def start_thread(
    request: HttpRequest,
    response: HttpResponse,
    payload: NewThreadIn,
    idempotency_key: str | None = _idempotency_key(),
) -> Status[object]:
    actor = caller_of(request).actor

    def produce(key: str) -> tuple[int, ThreadCreatedOut]:
        forum = get_forum(actor, payload.forum_id)
        thread = create_thread(
            actor, forum, title=payload.title, body=payload.body, idempotency_key=key
        )
        thread.forum = forum
        first = get_post(actor, thread.first_post_id or 0)
        item = post_items(actor, thread, [first])[0]
        return 201, ThreadCreatedOut(
            **thread_fields(thread, can_reply=can_reply_thread(actor, thread)),
            first_post=post_out(item),
        )

    return run_idempotent(request, response, actor, idempotency_key, payload, produce)


@router.post(
    "/threads/{thread_id}/posts",
    response={201: PostOut, **WRITE_ERRORS, **errors(409)},
    operation_id="reply_to_thread",
    summary="Reply to a thread",
    tags=["threads"],
    openapi_extra={"responses": {201: {"links": _POST_LINKS}}},
)
def reply_to_thread_endpoint(
    request: HttpRequest,
    response: HttpResponse,
    payload: NewPostIn,
    thread_id: int = _id("A thread id."),
    idempotency_key: str | None = _idempotency_key(),
) -> Status[object]:
    actor = caller_of(request).actor

    def produce(key: str) -> tuple[int, PostOut]:
        thread = get_thread(actor, thread_id)
        post = reply_to_thread(actor, thread, body=payload.body, idempotency_key=key)
        return 201, post_out(post_items(actor, thread, [post])[0])

    return run_idempotent(request, response, actor, idempotency_key, payload, produce)


@router.patch(
    "/posts/{post_id}",
    response={200: PostOut, **WRITE_ERRORS, **errors(409)},
    operation_id="edit_post",
    summary="Edit a post (its author within the edit window, staff always)",
    tags=["threads"],
)
def edit_post_endpoint(
    request: HttpRequest, payload: EditPostIn, post_id: int = _id("A post id.")
) -> PostOut:
    actor = caller_of(request).actor
    post = get_post(actor, post_id)
    edited = edit_post(actor, post, body=payload.body, base_revision=payload.revision)
    edited.author = post.author
    return post_out(post_items(actor, post.thread, [edited])[0])


def _react(request: HttpRequest, post_id: int, kind: ReactionKind, *, on: bool) -> ReactionsOut:
    actor = caller_of(request).actor
    post = get_post(actor, post_id)
    changed = set_reaction(actor, post, kind.value, on=on)
    if not changed:
        post.refresh_from_db(fields=["reaction_counts"])
    mine = Reaction.objects.filter(post=post, member=require_member(actor)).values_list(
        "kind", flat=True
    )
    return ReactionsOut(
        post_id=post.pk,
        changed=changed,
        reactions=reaction_counts_out(post.reaction_counts or {}),
        my_reactions=sorted(ReactionKind(kind) for kind in mine),
    )


@router.put(
    "/posts/{post_id}/reactions/{kind}",
    response={200: ReactionsOut, **WRITE_ERRORS},
    operation_id="add_reaction",
    summary="Add your reaction of this kind (idempotent)",
    tags=["reactions"],
)
def add_reaction(
    request: HttpRequest, kind: ReactionKind, post_id: int = _id("A post id.")
) -> ReactionsOut:
    return _react(request, post_id, kind, on=True)


@router.delete(
    "/posts/{post_id}/reactions/{kind}",
    response={200: ReactionsOut, **WRITE_ERRORS},
    operation_id="remove_reaction",
    summary="Remove your reaction of this kind (idempotent)",
    tags=["reactions"],
)
def remove_reaction(
    request: HttpRequest, kind: ReactionKind, post_id: int = _id("A post id.")
) -> ReactionsOut:
    return _react(request, post_id, kind, on=False)
