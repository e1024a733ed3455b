"""Reads. Every read of a conversation starts from the actor's own active participation,
so nobody else can reach one (``get_membership`` answers 404)."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from django.http import Http404
from django.utils.safestring import SafeString

from pnyx.accounts.models import Member
from pnyx.conversations.models import (
    AcceptFrom,
    Conversation,
    ConversationDraft,
    ConversationSettings,
    Message,
    Participant,
)
from pnyx.conversations.permissions import check_read_conversation
from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor
from pnyx.core.markup import safe_post_html
from pnyx.core.site_settings import get_site_settings

CONVERSATIONS_PER_PAGE = 25


def _member_id(access: Access) -> int:
    """The acting member's id; 404 for guests (a conversation is nobody else's business)."""
    if not access.is_member or access.member_id is None:
        raise Http404
    return access.member_id


def get_membership(actor: Actor | Access, conversation_id: int) -> Participant:
    """The actor's active participation in the conversation, with the conversation and its
    starter; 404 for anybody who is not an active participant (whoever they are)."""
    access = access_of(actor)
    found = list(
        Participant.objects.select_related("conversation", "conversation__starter").filter(
            conversation_id=conversation_id, member_id=_member_id(access), left_at__isnull=True
        )[:1]
    )
    if not found:
        raise Http404
    check_read_conversation(access, found[0])
    return found[0]


@dataclass(frozen=True)
class ConversationRow:
    """One line of the conversation list."""

    conversation: Conversation
    participant_names: tuple[str, ...]
    is_unread: bool

    @property
    def url(self) -> str:
        return self.conversation.get_absolute_url()


@dataclass(frozen=True)
class ConversationList:
    rows: list[ConversationRow]
    page: int
    page_count: int
    total: int


def list_conversations(actor: Actor | Access, *, page: int = 1) -> ConversationList:
    """The actor's conversations, latest message first (two queries, and one for the count)."""
    member_id = _member_id(access_of(actor))
    mine = Participant.objects.filter(member_id=member_id, left_at__isnull=True)
    total = mine.count()
    page_count = max(1, ceil(total / CONVERSATIONS_PER_PAGE))
    if page > page_count:
        raise Http404
    start = (page - 1) * CONVERSATIONS_PER_PAGE
    memberships = list(
        mine.select_related("conversation", "conversation__starter").order_by(
            "-last_message_at", "-conversation_id"
        )[start : start + CONVERSATIONS_PER_PAGE]
    )
    names: dict[int, list[str]] = {}
    others = (
        Participant.objects.filter(
            conversation_id__in=[m.conversation_id for m in memberships], left_at__isnull=True
        )
        .exclude(member_id=member_id)
        .order_by("joined_at", "pk")
        .values_list("conversation_id", "member__username", "member__display_name")
    )
    for conversation_id, username, display_name in others:
        names.setdefault(conversation_id, []).append(display_name or username)
    rows = [
        ConversationRow(
            conversation=m.conversation,
            participant_names=tuple(names.get(m.conversation_id, ())),
            is_unread=(m.conversation.last_message_id or 0) > m.read_up_to,
        )
        for m in memberships
    ]
    return ConversationList(rows=rows, page=page, page_count=page_count, total=total)


def unread_conversation_count(actor: Actor | Access) -> int:
    """How many of the actor's conversations have messages they have not seen."""
    access = access_of(actor)
    if not access.is_member or access.member_id is None:
        return 0
    rows = Participant.objects.filter(member_id=access.member_id, left_at__isnull=True).values_list(
        "read_up_to", "conversation__last_message_id"
    )
    return sum(1 for read_up_to, last in rows if (last or 0) > read_up_to)


def messages_per_page() -> int:
    return int(get_site_settings().posts_per_page)


@dataclass(frozen=True)
class MessageItem:
    message: Message
    html: SafeString  # stored HTML, sanitised when the message was written
    position: int  # from 1, in the conversation


@dataclass(frozen=True)
class MessagePage:
    items: list[MessageItem]
    page: int
    page_count: int

    @property
    def last_message_id(self) -> int | None:
        return self.items[-1].message.pk if self.items else None


def read_messages(membership: Participant, *, page: int = 1) -> MessagePage:
    """A page of the conversation's messages, oldest first, with their authors."""
    conversation = membership.conversation
    per_page = messages_per_page()
    page_count = max(1, ceil(conversation.message_count / per_page))
    if page > page_count:
        raise Http404
    start = (page - 1) * per_page
    messages = list(
        Message.objects.filter(conversation_id=conversation.pk)
        .select_related("author")
        .order_by("pk")[start : start + per_page]
    )
    items = [
        MessageItem(message=m, html=safe_post_html(m.html), position=start + i + 1)
        for i, m in enumerate(messages)
    ]
    return MessagePage(items=items, page=page, page_count=page_count)


def participants_of(membership: Participant) -> list[Member]:
    """The conversation's active participants, in the order they joined."""
    return [
        p.member
        for p in Participant.objects.filter(
            conversation_id=membership.conversation_id, left_at__isnull=True
        )
        .select_related("member")
        .order_by("joined_at", "pk")
    ]


def get_message(actor: Actor | Access, message_id: int) -> tuple[Message, Participant]:
    """A message and the actor's participation in its conversation; 404 for non-participants."""
    found = list(Message.objects.filter(pk=message_id).select_related("author")[:1])
    if not found:
        raise Http404
    membership = get_membership(actor, found[0].conversation_id)
    return found[0], membership


def message_page_number(message: Message) -> int:
    """The page of its conversation a message is shown on."""
    before = Message.objects.filter(
        conversation_id=message.conversation_id, pk__lt=message.pk
    ).count()
    return before // messages_per_page() + 1


def first_unread_message_id(membership: Participant) -> int | None:
    return (
        Message.objects.filter(
            conversation_id=membership.conversation_id, pk__gt=membership.read_up_to
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def get_conversation_draft(
    actor: Actor | Access, membership: Participant | None = None
) -> ConversationDraft | None:
    """The actor's own draft: a reply in ``membership``'s conversation, or a new one."""
    access = access_of(actor)
    member_id = _member_id(access)
    if membership is not None:
        check_read_conversation(access, membership)
        return ConversationDraft.objects.filter(
            member_id=member_id, conversation_id=membership.conversation_id
        ).first()
    return ConversationDraft.objects.filter(member_id=member_id, conversation__isnull=True).first()


def get_accept_from(actor: Actor | Access) -> str:
    """Who may bring the actor into conversations (an ``AcceptFrom`` value)."""
    member_id = _member_id(access_of(actor))
    found = ConversationSettings.objects.filter(member_id=member_id).values_list(
        "accept_from", flat=True
    )
    return next(iter(found), AcceptFrom.MEMBERS.value)
