"""A script holding only a token does what a member does on the pages."""

from __future__ import annotations

import pytest

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.testing.api import ApiClient
from pnyx.threads.models import Post, PostQuote, PostRevision, Thread

pytestmark = pytest.mark.django_db


def test_news_bot_story_reply_with_quote_react_edit_and_read_back(
    member: Member,
    member_api: ApiClient,
    other_member: Member,
    other_member_api: ApiClient,
    forum: Forum,
) -> None:
    # A news bot (alice's token) posts a story.
    created = member_api.post(
        "/threads",
        {
            "forum_id": forum.pk,
            "title": "Parliament passes the budget",
            "body": "The budget passed **214 to 190** on Thursday.\n\nSource: wire.",
        },
    )
    assert created.status_code == 201
    story = created.json()
    thread = Thread.objects.get()
    assert story["id"] == thread.pk
    assert story["title"] == "Parliament passes the budget"
    assert story["url"] == f"/threads/{thread.pk}-parliament-passes-the-budget/"
    assert story["forum"] == {
        "id": forum.pk,
        "name": "News & Current Events",
        "url": forum.get_absolute_url(),
    }
    assert story["can_reply"] is True
    opening = story["first_post"]
    assert (opening["position"], opening["author"]["username"]) == (1, "alice")
    assert opening["html"] == (
        "<p>The budget passed <strong>214 to 190</strong> on Thursday.</p>\n<p>Source: wire.</p>\n"
    )

    # Bob replies, quoting a sentence of the story.
    reply = other_member_api.post(
        f"/threads/{thread.pk}/posts",
        {
            "body": f'[quote="alice, post:{opening["id"]}"]\nThe budget passed 214 to 190\n'
            "[/quote]\n\nA narrow win."
        },
    )
    assert reply.status_code == 201
    answer = reply.json()
    assert (answer["position"], answer["thread_id"], answer["quotes"]) == (
        2,
        thread.pk,
        [opening["id"]],
    )
    assert answer["html"].startswith(
        f'<blockquote class="quote" data-quote-post="{opening["id"]}" '
        f'data-quote-forum="{forum.pk}"><p class="quote-by"><a href="/posts/{opening["id"]}/"'
    )
    assert "not word for word" not in answer["html"]
    assert PostQuote.objects.filter(post_id=answer["id"], quoted_post_id=opening["id"]).exists()

    # Alice reacts to the reply, twice (idempotent), then reads the thread back.
    put = member_api.put(f"/posts/{answer['id']}/reactions/agree")
    assert put.status_code == 200
    assert put.json() == {
        "post_id": answer["id"],
        "changed": True,
        "reactions": {"like": 0, "agree": 1, "disagree": 0, "informative": 0, "funny": 0},
        "my_reactions": ["agree"],
    }
    again = member_api.put(f"/posts/{answer['id']}/reactions/agree")
    assert again.json()["changed"] is False
    assert again.json()["reactions"]["agree"] == 1
    other_member.refresh_from_db()
    assert other_member.reaction_score == 1

    read = member_api.get(f"/threads/{thread.pk}").json()
    assert [p["id"] for p in read["posts"]] == [opening["id"], answer["id"]]
    assert read["posts"][1]["my_reactions"] == ["agree"]
    assert read["thread"]["reply_count"] == 1

    # Bob edits his reply with the revision he read; the old text goes to history.
    edited = other_member_api.patch(
        f"/posts/{answer['id']}", {"body": "A narrow win, as expected.", "revision": 0}
    )
    assert edited.status_code == 200
    assert (edited.json()["revision"], edited.json()["quotes"]) == (1, [])
    assert edited.json()["edited_at"] is not None
    assert edited.json()["my_reactions"] == []
    assert edited.json()["reactions"]["agree"] == 1
    revision = PostRevision.objects.get(post_id=answer["id"])
    assert revision.previous_source.startswith('[quote="alice, post:')
    assert not PostQuote.objects.filter(post_id=answer["id"]).exists()

    # Alice takes her reaction back, twice.
    removed = member_api.delete(f"/posts/{answer['id']}/reactions/agree")
    assert (removed.json()["changed"], removed.json()["my_reactions"]) == (True, [])
    assert member_api.delete(f"/posts/{answer['id']}/reactions/agree").json()["changed"] is False
    other_member.refresh_from_db()
    assert other_member.reaction_score == 0

    # What's new shows the thread; profiles show the counts.
    whats_new = other_member_api.get("/whats-new").json()
    assert [t["id"] for t in whats_new["threads"]] == [thread.pk]
    profile = member_api.get("/members/bob").json()
    assert (profile["post_count"], profile["reaction_score"]) == (1, 0)
    assert Post.objects.count() == 2


def test_edit_without_revision_overwrites_and_same_text_changes_nothing(
    other_member_api: ApiClient, thread: Thread
) -> None:
    post = Post.objects.get(thread=thread)
    same = other_member_api.patch(f"/posts/{post.pk}", {"body": post.source})
    assert same.status_code == 200
    assert same.json()["revision"] == 0
    changed = other_member_api.patch(f"/posts/{post.pk}", {"body": "New text"})
    assert changed.json()["revision"] == 1
    assert changed.json()["body"] == "New text"
    assert PostRevision.objects.count() == 1


def test_staff_edit_keeps_the_author(moderator_api: ApiClient, thread: Thread) -> None:
    post = Post.objects.get(thread=thread)
    edited = moderator_api.patch(f"/posts/{post.pk}", {"body": "Moderated."})
    assert edited.json()["author"]["username"] == "bob"
    assert edited.json()["can_edit"] is True
