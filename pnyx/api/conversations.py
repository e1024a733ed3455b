"""Private conversations in API v1: the same selectors and services as the pages.

Every operation needs a token (401 without one); a conversation the caller is not an active
participant of answers 404 like a missing one, whoever the caller is (moderators and
administrators included).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.params import functions as param
from pydantic import AfterValidator

from pnyx.accounts.models import Member
from pnyx.api.auth import caller_of
from pnyx.api.errors import ApiError, errors
from pnyx.api.idempotency import run_idempotent
from pnyx.api.schemas import MAX_ID, MAX_PAGE, Input, MemberRef, PostText, Title, member_ref
from pnyx.conversations.models import Message, Participant
from pnyx.conversations.permissions import can_invite
from pnyx.conversations.selectors import (
    get_membership,
    list_conversations,
    participants_of,
    read_messages,
)
from pnyx.conversations.services import (
    UNKNOWN_MEMBER,
    invite_members,
    leave_conversation,
    mark_conversation_read,
    reply_to_conversation,
    start_conversation,
)
from pnyx.core.actors import Actor, is_member

router = Router(tags=["conversations"])

READ_ERRORS = errors(401, 404, 422, 503)
WRITE_ERRORS = errors(400, 401, 403, 404, 411, 413, 415, 422, 429, 503)


def _username(value: str) -> str:
    return value.strip().lstrip("@")


Username = Annotated[str, Field(min_length=1, max_length=150), AfterValidator(_username)]


class NewConversationIn(Input):
    participants: list[Username] = Field(
        ...,
        min_length=1,
        max_length=500,
        description="Usernames of the members to write to (besides you).",
    )
    title: Title
    body: PostText
    open_invite: bool = Field(False, description="Whether every participant may invite others.")


class NewMessageIn(Input):
    body: PostText


class MessageOut(Schema):
    id: int
    conversation_id: int
    position: int = Field(..., description="1 for the first message, then 2, 3, …")
    url: str
    author: MemberRef | None
    body: str = Field(..., description="The Markdown source.")
    html: str = Field(..., description="The rendered, sanitised HTML.")
    created_at: datetime


class ConversationSummaryOut(Schema):
    id: int
    title: str
    url: str
    starter: MemberRef | None
    participants: list[str] = Field(..., description="Display names of the other participants.")
    message_count: int
    last_message_at: datetime
    unread: bool


class ConversationsOut(Schema):
    conversations: list[ConversationSummaryOut]
    page: int
    page_count: int
    total: int


class ConversationOut(Schema):
    id: int
    title: str
    url: str
    starter: MemberRef | None
    open_invite: bool
    can_invite: bool
    participants: list[MemberRef]
    message_count: int
    created_at: datetime
    last_message_at: datetime
    page: int
    page_count: int
    messages: list[MessageOut]


class ParticipantsOut(Schema):
    added: bool = Field(..., description="False when the member was in the conversation already.")
    participants: list[MemberRef]


def _member(request: HttpRequest) -> Member:
    actor: Actor = caller_of(request).actor
    if not is_member(actor):
        raise ApiError(
            401,
            "authentication_required",
            "Conversations are private: send a personal API token: Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": 'Bearer realm="pnyx"'},
        )
    return actor


@contextmanager
def _unknown_members_are_404() -> Iterator[None]:
    """A username that names nobody is 404 (as ``GET /members/{username}``), not 422."""
    try:
        yield
    except ValidationError as error:
        named = getattr(error, "error_dict", {}).get("recipients", [])
        unknown = [e for e in named if e.code == UNKNOWN_MEMBER]
        if unknown:
            text = " ".join(str(m) for e in unknown for m in e.messages)
            raise ApiError(404, "member_not_found", text, fields={"participants": [text]}) from None
        raise


def _id() -> int:
    result: int = param.Path(..., ge=1, le=MAX_ID, description="A conversation id.")
    return result


def _page() -> int:
    result: int = param.Query(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    return result


def _idempotency_key() -> str | None:
    result: str | None = param.Header(
        None,
        alias="Idempotency-Key",
        max_length=128,
        description="As for every POST: the same request with the same key creates nothing new.",
    )
    return result


def _refs(members: list[Member]) -> list[MemberRef]:
    return [ref for ref in (member_ref(m) for m in members) if ref is not None]


def _message_out(message: Message, position: int) -> MessageOut:
    return MessageOut(
        id=message.pk,
        conversation_id=message.conversation_id,
        position=position,
        url=message.get_absolute_url(),
        author=member_ref(message.author),
        body=message.source,
        html=message.html,
        created_at=message.created_at,
    )


def _conversation_out(member: Member, membership: Participant, page: int) -> ConversationOut:
    messages = read_messages(membership, page=page)
    if messages.last_message_id is not None:
        mark_conversation_read(member, membership, messages.last_message_id)
    conversation = membership.conversation
    return ConversationOut(
        id=conversation.pk,
        title=conversation.title,
        url=conversation.get_absolute_url(),
        starter=member_ref(conversation.starter),
        open_invite=conversation.open_invite,
        can_invite=can_invite(member, membership),
        participants=_refs(participants_of(membership)),
        message_count=conversation.message_count,
        created_at=conversation.created_at,
        last_message_at=conversation.last_message_at,
        page=messages.page,
        page_count=messages.page_count,
        messages=[_message_out(item.message, item.position) for item in messages.items],
    )


@router.get(
    "/conversations",
    response={200: ConversationsOut, **READ_ERRORS},
    operation_id="list_conversations",
    summary="Your conversations, latest message first",
)
def list_conversations_endpoint(request: HttpRequest, page: int = _page()) -> ConversationsOut:
    listing = list_conversations(_member(request), page=page)
    return ConversationsOut(
        conversations=[
            ConversationSummaryOut(
                id=row.conversation.pk,
                title=row.conversation.title,
                url=row.url,
                starter=member_ref(row.conversation.starter),
                participants=list(row.participant_names),
                message_count=row.conversation.message_count,
                last_message_at=row.conversation.last_message_at,
                unread=row.is_unread,
            )
            for row in listing.rows
        ],
        page=listing.page,
        page_count=listing.page_count,
        total=listing.total,
    )


@router.post(
    "/conversations",
    response={201: ConversationOut, **WRITE_ERRORS, **errors(409)},
    operation_id="start_conversation",
    summary="Start a conversation",
)
def start_conversation_endpoint(
    request: HttpRequest,
    response: HttpResponse,
    payload: NewConversationIn,
    idempotency_key: str | None = _idempotency_key(),
) -> Status[object]:
    member = _member(request)

    def produce(key: str) -> tuple[int, ConversationOut]:
        with _unknown_members_are_404():
            conversation = start_conversation(
                member,
                recipients=payload.participants,
                title=payload.title,
                body=payload.body,
                open_invite=payload.open_invite,
                idempotency_key=key,
            )
        return 201, _conversation_out(member, get_membership(member, conversation.pk), 1)

    return run_idempotent(request, response, member, idempotency_key, payload, produce)


@router.get(
    "/conversations/{conversation_id}",
    response={200: ConversationOut, **READ_ERRORS},
    operation_id="read_conversation",
    summary="A conversation and a page of its messages (marks them read)",
)
def read_conversation(
    request: HttpRequest, conversation_id: int = _id(), page: int = _page()
) -> ConversationOut:
    member = _member(request)
    return _conversation_out(member, get_membership(member, conversation_id), page)


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: MessageOut, **WRITE_ERRORS, **errors(409)},
    operation_id="reply_to_conversation",
    summary="Send a message in a conversation",
)
def reply_to_conversation_endpoint(
    request: HttpRequest,
    response: HttpResponse,
    payload: NewMessageIn,
    conversation_id: int = _id(),
    idempotency_key: str | None = _idempotency_key(),
) -> Status[object]:
    member = _member(request)

    def produce(key: str) -> tuple[int, MessageOut]:
        membership = get_membership(member, conversation_id)
        message = reply_to_conversation(member, membership, body=payload.body, idempotency_key=key)
        message.author = member
        position = Message.objects.filter(
            conversation_id=conversation_id, pk__lte=message.pk
        ).count()
        return 201, _message_out(message, position)

    return run_idempotent(request, response, member, idempotency_key, payload, produce)


@router.delete(
    "/conversations/{conversation_id}/participants/me",
    response={204: None, **WRITE_ERRORS},
    operation_id="leave_conversation",
    summary="Leave a conversation (it is 404 to you afterwards)",
)
def leave_endpoint(request: HttpRequest, conversation_id: int = _id()) -> Status[None]:
    member = _member(request)
    leave_conversation(member, get_membership(member, conversation_id))
    return Status(204, None)


# Declared after the DELETE of /participants/me, so that "me" is never taken for a username.
@router.put(
    "/conversations/{conversation_id}/participants/{username}",
    response={200: ParticipantsOut, **WRITE_ERRORS},
    operation_id="invite_to_conversation",
    summary="Invite a member (idempotent)",
)
def invite_endpoint(
    request: HttpRequest,
    username: Annotated[str, param.Path(..., min_length=1, max_length=150)],
    conversation_id: int = _id(),
) -> ParticipantsOut:
    member = _member(request)
    membership = get_membership(member, conversation_id)
    with _unknown_members_are_404():
        added = invite_members(member, membership, [username])
    return ParticipantsOut(added=bool(added), participants=_refs(participants_of(membership)))
