from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pnyx.accounts.models import Member
from pnyx.conversations import selectors as conversation_selectors
from pnyx.conversations import services as conversations
from pnyx.forums.models import Forum
from pnyx.ignoring.models import Ignore
from pnyx.ignoring.selectors import ignored_ids, is_ignoring, list_ignored
from pnyx.ignoring.services import ignore_member, unignore_member
from pnyx.posting.services import reply_to_thread
from pnyx.testing.factories import make_member, make_thread

pytestmark = pytest.mark.django_db


def test_ignore_and_unignore(member: Member, other_member: Member) -> None:
    assert ignored_ids(member.pk) == frozenset()
    assert ignore_member(member, other_member) is True
    assert ignore_member(member, other_member) is False
    assert ignored_ids(member.pk) == frozenset({other_member.pk})
    assert is_ignoring(member.pk, other_member.pk)
    assert not is_ignoring(other_member.pk, member.pk)
    assert list_ignored(member) == [other_member]
    assert unignore_member(member, other_member) is True
    assert unignore_member(member, other_member) is False
    assert ignored_ids(member.pk) == frozenset()
    assert not Ignore.objects.exists()


def test_ignored_ids_is_cached_and_dropped_on_change(
    member: Member, other_member: Member, django_capture_on_commit_callbacks: object
) -> None:
    ignored_ids(member.pk)
    with CaptureQueriesContext(connection) as queries:
        assert ignored_ids(member.pk) == frozenset()
    assert len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        ignore_member(member, other_member)
    assert ignored_ids(member.pk) == frozenset({other_member.pk})
    assert ignored_ids(None) == frozenset()


def test_nobody_ignores_themselves_or_staff(member: Member, moderator: Member) -> None:
    with pytest.raises(PermissionDenied):
        ignore_member(member, member)
    with pytest.raises(PermissionDenied):
        ignore_member(member, moderator)


def test_ignored_members_cannot_start_or_invite(
    member: Member,
    other_member: Member,
    moderator: Member,
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        ignore_member(member, other_member)
    with pytest.raises(ValidationError) as refused:
        conversations.start_conversation(other_member, recipients="alice", title="T", body="B")
    assert refused.value.message_dict["recipients"] == [
        "You may not bring alice into a conversation: their settings do not allow it."
    ]
    carol = make_member(username="carol")
    conversation = conversations.start_conversation(
        other_member, recipients="carol", title="T", body="B", open_invite=True
    )
    with pytest.raises(ValidationError):
        conversations.invite_members(
            other_member,
            conversation_selectors.get_membership(other_member, conversation.pk),
            "alice",
        )
    # someone else may invite alice; and alice may write to the member she ignores
    conversations.invite_members(
        carol, conversation_selectors.get_membership(carol, conversation.pk), "alice"
    )
    conversations.start_conversation(member, recipients="bob", title="T", body="B")


def test_staff_only_refuses_members_but_not_staff(
    member: Member, other_member: Member, moderator: Member
) -> None:
    conversations.set_accept_from(member, "staff")
    assert conversation_selectors.get_accept_from(member) == "staff"
    with pytest.raises(ValidationError):
        conversations.start_conversation(other_member, recipients="alice", title="T", body="B")
    conversations.start_conversation(moderator, recipients="alice", title="Staff", body="B")
    conversations.set_accept_from(member, "members")
    conversations.start_conversation(other_member, recipients="alice", title="T", body="B")
    with pytest.raises(ValidationError):
        conversations.set_accept_from(member, "nobody")


def test_ignored_posts_are_collapsed_on_thread_pages(
    forum: Forum, member: Member, other_member: Member, member_client: Client, guest_client: Client
) -> None:
    thread = make_thread(forum, author=member, body="Opening words")
    reply_to_thread(other_member, thread, body="Words of bob")
    url = f"/threads/{thread.pk}-{thread.slug}/"
    assert b"post-ignored" not in member_client.get(url).content
    member_client.post("/account/ignored/", {"username": "bob", "action": "ignore"})
    page = member_client.get(url).content.decode()
    assert page.count('<details class="post-ignored">') == 1
    assert "A post by Bob Other, whom you ignore." in page
    assert "Words of bob" in page  # still there, behind the summary (no JavaScript needed)
    guest_page = guest_client.get(url).content.decode()
    assert "post-ignored" not in guest_page


def test_thread_page_costs_no_more_queries_for_ignoring(
    forum: Forum, member: Member, other_member: Member, member_client: Client
) -> None:
    thread = make_thread(forum, author=member, body="Opening words")
    for n in range(5):
        reply_to_thread(other_member, thread, body=f"Reply {n}")
    url = f"/threads/{thread.pk}-{thread.slug}/"

    def count() -> int:
        member_client.get(url)  # warm
        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(url).status_code == 200
        return len(queries)

    before = count()
    member_client.post("/account/ignored/", {"username": "bob", "action": "ignore"})
    assert count() == before


def test_pages(
    member_client: Client, member: Member, other_member: Member, moderator: Member
) -> None:
    profile = member_client.get("/members/bob/").content.decode()
    assert 'value="ignore"' in profile
    assert "/conversations/new/?to=bob" in profile
    assert 'value="ignore"' not in member_client.get("/members/mod_mia/").content.decode()
    response = member_client.post(
        "/account/ignored/", {"username": "bob", "action": "ignore", "next": "/members/bob/"}
    )
    assert response["Location"] == "/members/bob/"
    assert 'value="unignore"' in member_client.get("/members/bob/").content.decode()
    listing = member_client.get("/account/ignored/")
    assert b"Bob Other" in listing.content
    evil = member_client.post(
        "/account/ignored/",
        {"username": "bob", "action": "unignore", "next": "https://evil.example/"},
    )
    assert evil["Location"] == "/account/ignored/"
    assert not is_ignoring(member.pk, other_member.pk)
    assert member_client.post("/account/ignored/", {"username": "mod_mia"}).status_code == 403
    assert member_client.post("/account/ignored/", {"username": "ghost"}).status_code == 400


def test_guests_are_sent_to_sign_in(guest_client: Client) -> None:
    response = guest_client.get("/account/ignored/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
