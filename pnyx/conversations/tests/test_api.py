"""The conversation endpoints of API v1, and their privacy: every endpoint answers 404 to
anybody but an active participant, 401 to guests. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from pnyx.accounts.models import Member
from pnyx.conversations import selectors, services
from pnyx.conversations.models import Conversation, Message, Participant
from pnyx.core.models import SiteSettings
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import make_member, make_token

pytestmark = pytest.mark.django_db


def _api(member: Member | None) -> ApiClient:
    return ApiClient(make_token(member) if member is not None else None)


def test_start_read_reply_invite_leave(member: Member, other_member: Member) -> None:
    carol = make_member(username="carol", display_name="Carol C")
    alice, bob = _api(member), _api(other_member)
    started = alice.post(
        "/conversations",
        {"participants": ["bob"], "title": "Trip", "body": "Where *to*?"},
        **{"Idempotency-Key": "start-1"},
    )
    assert started.status_code == 201, started.content
    data = started.json()
    conversation = Conversation.objects.get()
    assert data["id"] == conversation.pk
    assert data["title"] == "Trip"
    assert data["can_invite"] is True
    assert [p["username"] for p in data["participants"]] == ["alice", "bob"]
    assert data["messages"][0]["html"] == "<p>Where <em>to</em>?</p>\n"
    assert data["messages"][0]["position"] == 1
    # the same request with the same key: the same answer, nothing new
    again = alice.post(
        "/conversations",
        {"participants": ["bob"], "title": "Trip", "body": "Where *to*?"},
        **{"Idempotency-Key": "start-1"},
    )
    assert again.json()["id"] == conversation.pk
    assert Conversation.objects.count() == 1

    listing = bob.get("/conversations").json()
    assert listing["total"] == 1
    assert listing["conversations"][0]["unread"] is True
    assert listing["conversations"][0]["participants"] == ["Alice Example"]
    read = bob.get(f"/conversations/{conversation.pk}")
    assert read.status_code == 200
    assert bob.get("/conversations").json()["conversations"][0]["unread"] is False

    reply = bob.post(f"/conversations/{conversation.pk}/messages", {"body": "The sea"})
    assert reply.status_code == 201
    assert reply.json()["position"] == 2
    assert reply.json()["author"]["username"] == "bob"

    refused = bob.put(f"/conversations/{conversation.pk}/participants/carol")
    assert refused.status_code == 403
    invited = alice.put(f"/conversations/{conversation.pk}/participants/carol")
    assert invited.status_code == 200
    assert invited.json()["added"] is True
    assert (
        alice.put(f"/conversations/{conversation.pk}/participants/carol").json()["added"] is False
    )
    assert selectors.get_membership(carol, conversation.pk)

    left = bob.delete(f"/conversations/{conversation.pk}/participants/me")
    assert left.status_code == 204
    assert bob.get(f"/conversations/{conversation.pk}").status_code == 404


def test_invalid_input(member: Member, other_member: Member) -> None:
    alice = _api(member)
    unknown = alice.post("/conversations", {"participants": ["ghost"], "title": "T", "body": "B"})
    assert unknown.status_code == 404
    assert error_of(unknown)["code"] == "member_not_found"
    assert error_of(unknown)["fields"] == {"participants": ["No member is called ghost."]}
    alone = alice.post("/conversations", {"participants": ["alice"], "title": "T", "body": "B"})
    assert alone.status_code == 422
    assert error_of(alone)["fields"] == {"recipients": ["Name at least one member to write to."]}
    empty = alice.post("/conversations", {"participants": [], "title": "T", "body": "B"})
    assert empty.status_code == 422
    extra = alice.post(
        "/conversations",
        {"participants": ["bob"], "title": "T", "body": "B", "starter_id": 3},
    )
    assert extra.status_code == 422


def test_the_hourly_limit_is_429(member: Member, other_member: Member) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"conversations_per_hour": 1})
    alice = _api(member)
    body = {"participants": ["bob"], "title": "T", "body": "B"}
    assert alice.post("/conversations", body).status_code == 201
    limited = alice.post("/conversations", body)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0


ROLES = ["guest", "stranger", "former", "moderator", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_is_hidden_from_outsiders(
    role: str, member: Member, other_member: Member
) -> None:
    carol = make_member(username="carol")
    conversation = services.start_conversation(
        member, recipients="bob, carol", title="Private plans", body="Secret words"
    )
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
    client = _api(outsider)
    before = (
        list(Message.objects.values_list("pk", "source")),
        list(Participant.objects.values_list("member_id", "left_at", "read_up_to")),
    )
    c = conversation.pk
    calls = [
        client.get(f"/conversations/{c}"),
        client.get(f"/conversations/{c}", {"page": 2}),
        client.post(f"/conversations/{c}/messages", {"body": "Let me in"}),
        client.put(f"/conversations/{c}/participants/stranger"),
        client.put(f"/conversations/{c}/participants/{outsider.username if outsider else 'bob'}"),
        client.delete(f"/conversations/{c}/participants/me"),
    ]
    for response in calls:
        expected = 401 if outsider is None else 404
        assert response.status_code == expected, (response.request, response.content)
        assert b"Secret" not in response.content and b"Private plans" not in response.content
    listing = client.get("/conversations")
    if outsider is None:
        assert listing.status_code == 401
    else:
        assert listing.json()["conversations"] == []
    after = (
        list(Message.objects.values_list("pk", "source")),
        list(Participant.objects.values_list("member_id", "left_at", "read_up_to")),
    )
    assert after == before


def test_hidden_and_missing_answer_alike(member: Member, other_member: Member) -> None:
    conversation = services.start_conversation(member, recipients="bob", title="T", body="B")
    stranger = _api(make_member(username="stranger"))
    hidden = stranger.get(f"/conversations/{conversation.pk}")
    missing = stranger.get("/conversations/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
