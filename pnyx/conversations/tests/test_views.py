from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pnyx.accounts.models import Member
from pnyx.conversations import selectors, services
from pnyx.conversations.models import Conversation, ConversationDraft, Message, Participant
from pnyx.core.models import SiteSettings
from pnyx.testing.factories import make_member

pytestmark = pytest.mark.django_db


def _form(client: Client, url: str) -> dict[str, str]:
    """The hidden fields of the compose form at ``url`` (its key and draft sequence)."""
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    fields = {}
    for name in ("idempotency_key", "draft_sequence"):
        start = html.index(f'name="{name}"')
        value = html.index('value="', start) + len('value="')
        fields[name] = html[value : html.index('"', value)]
    return fields


def test_the_header_links_to_conversations(member_client: Client) -> None:
    page = member_client.get("/")
    assert b'href="/conversations/"' in page.content


def test_start_reply_and_list_without_javascript(
    member_client: Client, other_member_client: Client, member: Member, other_member: Member
) -> None:
    make_member(username="carol")
    data = {
        **_form(member_client, "/conversations/new/"),
        "recipients": "bob, carol",
        "title": "Our trip",
        "body": "Where do we go?",
    }
    response = member_client.post("/conversations/new/", data)
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/conversations/{conversation.pk}/"
    # sent again (back and resubmit): the same conversation
    assert member_client.post("/conversations/new/", data)["Location"] == response["Location"]
    assert Conversation.objects.count() == 1
    assert set(
        Participant.objects.filter(conversation=conversation).values_list(
            "member__username", flat=True
        )
    ) == {"alice", "bob", "carol"}

    listing = other_member_client.get("/conversations/")
    assert listing.status_code == 200
    assert listing["Cache-Control"] == "private, no-store"
    assert b"Our trip" in listing.content
    assert b"badge-new" in listing.content

    page = other_member_client.get(f"/conversations/{conversation.pk}/")
    assert page.status_code == 200
    assert b"Where do we go?" in page.content
    assert selectors.unread_conversation_count(other_member) == 0

    reply_url = f"/conversations/{conversation.pk}/reply/"
    response = other_member_client.post(
        reply_url, {**_form(other_member_client, reply_url), "body": "To the sea."}
    )
    message = Message.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/conversations/messages/{message.pk}/"
    followed = other_member_client.get(response["Location"])
    assert followed["Location"] == f"/conversations/{conversation.pk}/#message-{message.pk}"
    assert selectors.unread_conversation_count(member) == 1


def test_errors_stay_on_the_form(member_client: Client, other_member: Member) -> None:
    fields = _form(member_client, "/conversations/new/")
    response = member_client.post(
        "/conversations/new/", {**fields, "recipients": "nobody", "title": "T", "body": "B"}
    )
    assert response.status_code == 400
    assert b"No member is called nobody." in response.content
    assert not Conversation.objects.exists()


def test_preview_and_save_draft_without_javascript(member_client: Client, member: Member) -> None:
    fields = _form(member_client, "/conversations/new/")
    data = {**fields, "recipients": "bob", "title": "T", "body": "**bold**"}
    preview = member_client.post("/conversations/new/", {**data, "preview": "1"})
    assert preview.status_code == 200
    assert b"<strong>bold</strong>" in preview.content
    saved = member_client.post("/conversations/new/", {**data, "save_draft": "1"})
    assert saved.status_code == 302
    draft = ConversationDraft.objects.get(member=member)
    assert (draft.title, draft.recipients, draft.body) == ("T", "bob", "**bold**")
    page = member_client.get("/conversations/new/")
    assert b"Your draft was restored" in page.content
    # a stale window's save is a conflict shown on the form, nothing overwritten
    stale = member_client.post("/conversations/new/", {**data, "body": "old", "save_draft": "1"})
    assert stale.status_code == 409
    assert ConversationDraft.objects.get(member=member).body == "**bold**"


def test_preview_for_scripts_resolves_quotes_in_the_conversation(
    member: Member, other_member: Member, member_client: Client
) -> None:
    conversation = services.start_conversation(member, recipients="bob", title="T", body="Words")
    message = Message.objects.get()
    body = services.quote_message_source(message)
    answer = member_client.post(
        f"/conversations/preview/?conversation={conversation.pk}", {"body": body}
    )
    assert answer.status_code == 200
    assert f"/conversations/messages/{message.pk}/" in answer.json()["html"]


def test_quote_link_fills_the_reply_form(
    member: Member, other_member: Member, other_member_client: Client
) -> None:
    conversation = services.start_conversation(member, recipients="bob", title="T", body="Words")
    message = Message.objects.get()
    page = other_member_client.get(f"/conversations/{conversation.pk}/reply/?quote={message.pk}")
    assert page.status_code == 200
    assert f"[quote=&quot;alice, post:{message.pk}&quot;]" in page.content.decode()


def test_invite_and_leave_pages(
    member: Member, other_member: Member, member_client: Client, other_member_client: Client
) -> None:
    carol = make_member(username="carol")
    conversation = services.start_conversation(member, recipients="bob", title="T", body="B")
    response = member_client.post(
        f"/conversations/{conversation.pk}/invite/", {"recipients": "carol"}
    )
    assert response.status_code == 302
    assert selectors.get_membership(carol, conversation.pk)
    refused = other_member_client.post(
        f"/conversations/{conversation.pk}/invite/", {"recipients": "alice"}
    )
    assert refused.status_code == 403
    confirm = other_member_client.get(f"/conversations/{conversation.pk}/leave/")
    assert confirm.status_code == 200
    left = other_member_client.post(f"/conversations/{conversation.pk}/leave/")
    assert left["Location"] == "/conversations/"
    assert other_member_client.get(f"/conversations/{conversation.pk}/").status_code == 404


def test_starting_too_many_is_refused_on_the_form(
    member: Member, other_member: Member, member_client: Client
) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"conversations_per_hour": 1})
    services.start_conversation(member, recipients="bob", title="T", body="B")
    fields = _form(member_client, "/conversations/new/")
    response = member_client.post(
        "/conversations/new/", {**fields, "recipients": "bob", "title": "T2", "body": "B2"}
    )
    assert response.status_code == 429
    assert b"as many conversations as you may in an hour" in response.content
    assert int(response["Retry-After"]) > 0


def test_list_query_budget(
    member: Member, member_client: Client, django_assert_max_num_queries: object
) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"conversations_per_hour": 0})
    others = [make_member() for _ in range(3)]
    for n in range(30):
        services.start_conversation(
            member, recipients=[o.username for o in others], title=f"C{n}", body="B"
        )
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert member_client.get("/conversations/").status_code == 200
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert member_client.get("/conversations/?page=2").status_code == 200


def test_conversation_page_query_budget_independent_of_messages(
    member: Member, other_member: Member, member_client: Client
) -> None:
    def conversation_with(n: int) -> Conversation:
        conversation = services.start_conversation(
            member, recipients="bob", title=f"With {n}", body="First"
        )
        theirs = selectors.get_membership(other_member, conversation.pk)
        for i in range(n):
            services.reply_to_conversation(other_member, theirs, body=f"Message {i}")
        return conversation

    small, big = conversation_with(2), conversation_with(45)
    member_client.get(f"/conversations/{small.pk}/")  # warm the per-process caches

    def count(url: str) -> int:
        member_client.get(url)  # read once: the counted visit marks nothing read
        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(url).status_code == 200
        return len(queries)

    small_count = count(f"/conversations/{small.pk}/")
    big_counts = {count(f"/conversations/{big.pk}/?page={p}") for p in (1, 2, 3)}
    assert small_count <= 6
    assert big_counts == {small_count}
    # a first visit marks the page read: one more statement, whatever the page
    fresh = conversation_with(45)
    with CaptureQueriesContext(connection) as queries:
        member_client.get(f"/conversations/{fresh.pk}/?page=3")
    assert len(queries) == small_count + 1
