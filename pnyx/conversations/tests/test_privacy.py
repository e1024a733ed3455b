"""A conversation exists only for its active participants: every URL answers 404 to anybody
else (guests are sent to sign in first), whoever they are, and changes nothing. Run on
SQLite and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.conversations import selectors, services
from pnyx.conversations.models import Conversation, ConversationDraft, Message, Participant
from pnyx.testing.factories import make_member

pytestmark = pytest.mark.django_db

ROLES = ["guest", "stranger", "former", "moderator", "admin"]


@dataclass
class Scene:
    conversation: Conversation
    message: Message
    outsider: Member | None


def _client(user: Member | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def scene(request: pytest.FixtureRequest, member: Member, other_member: Member) -> Scene:
    carol = make_member(username="carol")
    conversation = services.start_conversation(
        member, recipients="bob, carol", title="Private plans", body="Secret words"
    )
    message = Message.objects.get(conversation=conversation)
    role = request.param
    outsider: Member | None
    if role == "guest":
        outsider = None
    elif role == "stranger":
        outsider = make_member(username="stranger")
    elif role == "former":
        services.leave_conversation(carol, selectors.get_membership(carol, conversation.pk))
        outsider = carol
    elif role == "moderator":
        outsider = make_member(username="mod_max", is_staff=True)
    else:
        outsider = make_member(username="root_ron", is_superuser=True)
    return Scene(conversation, message, outsider)


def _state(conversation: Conversation) -> tuple[object, ...]:
    return (
        list(Message.objects.filter(conversation=conversation).values_list("pk", "source")),
        list(
            Participant.objects.filter(conversation=conversation).values_list(
                "member_id", "left_at", "read_up_to"
            )
        ),
        ConversationDraft.objects.count(),
    )


def _gets(scene: Scene) -> list[str]:
    c, m = scene.conversation.pk, scene.message.pk
    return [
        f"/conversations/{c}/",
        f"/conversations/{c}/?page=2",
        f"/conversations/{c}/reply/",
        f"/conversations/{c}/reply/?quote={m}",
        f"/conversations/{c}/invite/",
        f"/conversations/{c}/leave/",
        f"/conversations/{c}/unread/",
        f"/conversations/messages/{m}/",
    ]


def _posts(scene: Scene) -> list[tuple[str, dict[str, str]]]:
    c = scene.conversation.pk
    return [
        (f"/conversations/{c}/reply/", {"body": "Let me in", "idempotency_key": "x" * 16}),
        (f"/conversations/{c}/reply/", {"body": "Draft", "draft_sequence": "0", "save_draft": "1"}),
        (f"/conversations/{c}/reply/", {"body": "Peek", "preview": "1"}),
        (f"/conversations/{c}/invite/", {"recipients": "stranger, mod_max, root_ron"}),
        (f"/conversations/{c}/leave/", {}),
        (f"/conversations/preview/?conversation={c}", {"body": "Peek"}),
    ]


@pytest.mark.parametrize("scene", ROLES, indirect=True)
def test_every_page_is_404_to_outsiders(scene: Scene) -> None:
    client = _client(scene.outsider)
    before = _state(scene.conversation)
    for url in _gets(scene):
        response = client.get(url)
        if scene.outsider is None:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next="), url
        else:
            assert response.status_code == 404, url
        assert b"Secret words" not in response.content
        assert b"Private plans" not in response.content
    for url, data in _posts(scene):
        response = client.post(url, data)
        assert response.status_code == (302 if scene.outsider is None else 404), url
        assert b"Secret words" not in response.content
    assert _state(scene.conversation) == before
    if scene.outsider is not None:
        listing = client.get("/conversations/")
        assert listing.status_code == 200
        assert b"Private plans" not in listing.content


@pytest.mark.parametrize("scene", ["stranger"], indirect=True)
def test_404_is_the_same_as_for_a_missing_conversation(scene: Scene) -> None:
    client = _client(scene.outsider)
    hidden_url = f"/conversations/{scene.conversation.pk}/"
    hidden = client.get(hidden_url)
    missing = client.get("/conversations/999999/")
    assert hidden.status_code == missing.status_code == 404
    # the same page but for the address itself (in the sign-out form's "next")
    assert _without_tokens(hidden.content).replace(hidden_url.encode(), b"") == _without_tokens(
        missing.content
    ).replace(b"/conversations/999999/", b"")


def _without_tokens(html: bytes) -> bytes:
    """The page without what differs per request (request id, CSRF token)."""
    html = re.sub(rb"[0-9a-f]{32}", b"", html)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", html)


def test_a_participant_cannot_quote_another_conversations_message(
    member: Member, other_member: Member, other_member_client: Client
) -> None:
    services.start_conversation(member, recipients="bob", title="Mine", body="B")
    carol = make_member(username="carol")
    theirs = services.start_conversation(member, recipients="carol", title="Theirs", body="Hidden")
    hidden = Message.objects.get(conversation=theirs)
    mine = Conversation.objects.get(title="Mine")
    page = other_member_client.get(f"/conversations/{mine.pk}/reply/?quote={hidden.pk}")
    assert page.status_code == 404
    assert carol.pk  # carol is in "Theirs", bob is not
