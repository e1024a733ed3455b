"""What the read endpoints answer, what they hide, their caching headers and query budgets."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from pnyx.accounts.models import Member
from pnyx.core.site_settings import get_site_settings
from pnyx.forums.models import Forum
from pnyx.posting.services import reply_to_thread
from pnyx.reactions.services import set_reaction
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import first_post, make_forum, make_member, make_thread
from pnyx.threads.models import Thread

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- content


def test_categories_tree_with_counts_and_last_post(guest_api: ApiClient, thread: Thread) -> None:
    forum = thread.forum
    sub = make_forum(parent=forum, name="Elections")
    body = guest_api.get("/categories").json()
    assert body == {
        "categories": [
            {
                "id": forum.category_id,
                "name": forum.category.name,
                "slug": forum.category.slug,
                "description": "",
                "forums": [
                    {
                        "id": forum.pk,
                        "name": "News & Current Events",
                        "slug": forum.slug,
                        "description": "",
                        "url": forum.get_absolute_url(),
                        "thread_count": 1,
                        "post_count": 1,
                        "last_post": {
                            "thread": {
                                "id": thread.pk,
                                "title": "Talks to resume in Geneva",
                                "url": thread.get_absolute_url(),
                            },
                            "posted_at": thread.last_post_at.isoformat()[:23] + "Z",
                            "author": {
                                "username": "bob",
                                "display_name": "Bob Other",
                                "url": "/members/bob/",
                            },
                        },
                        "subforums": [
                            {
                                "id": sub.pk,
                                "name": "Elections",
                                "slug": sub.slug,
                                "description": "",
                                "url": sub.get_absolute_url(),
                                "thread_count": 0,
                                "post_count": 0,
                                "last_post": None,
                            }
                        ],
                    }
                ],
            }
        ]
    }


def test_forum_threads_page_as_on_the_forum_page(
    member_api: ApiClient, guest_api: ApiClient, thread: Thread
) -> None:
    pinned = make_thread(thread.forum, title="Read first", is_pinned=True)
    body = member_api.get(f"/forums/{thread.forum_id}/threads").json()
    assert body["forum"] == {
        "id": thread.forum_id,
        "name": "News & Current Events",
        "slug": thread.forum.slug,
        "description": "",
        "url": thread.forum.get_absolute_url(),
        "thread_count": 2,
        "post_count": 2,
        "can_start_thread": True,
    }
    assert (body["page"], body["page_count"], body["has_next"]) == (1, 1, False)
    assert [t["id"] for t in body["threads"]] == [pinned.pk, thread.pk]
    row = body["threads"][1]
    assert row["title"] == "Talks to resume in Geneva"
    assert row["author"]["username"] == "bob"
    assert (row["reply_count"], row["is_pinned"], row["is_locked"]) == (0, False, False)
    assert row["is_unread"] is True
    guest = guest_api.get(f"/forums/{thread.forum_id}/threads").json()
    assert guest["forum"]["can_start_thread"] is False
    assert [t["is_unread"] for t in guest["threads"]] == [False, False]


def test_reading_a_thread_marks_it_read_for_whats_new(
    member_api: ApiClient, thread: Thread
) -> None:
    assert member_api.get("/whats-new").json()["threads"][0]["is_unread"] is True
    member_api.get(f"/threads/{thread.pk}")
    listing = member_api.get("/whats-new").json()
    assert (listing["page"], listing["has_next"]) == (1, False)
    assert listing["threads"][0]["id"] == thread.pk
    assert listing["threads"][0]["is_unread"] is False
    assert listing["threads"][0]["forum"]["name"] == "News & Current Events"


def test_thread_posts_carry_source_html_quotes_and_reactions(
    member: Member, member_api: ApiClient, other_member: Member, thread: Thread
) -> None:
    opening = first_post(thread)
    reply = reply_to_thread(
        member,
        thread,
        body=f'[quote="bob, post:{opening.pk}"]\ntalks would resume\n[/quote]\n\nGood **news**.',
    )
    set_reaction(member, opening, "agree", on=True)
    set_reaction(other_member, reply, "like", on=True)
    body = member_api.get(f"/threads/{thread.pk}").json()
    assert body["thread"]["reply_count"] == 1
    assert body["thread"]["can_reply"] is True
    first, second = body["posts"]
    assert first["my_reactions"] == ["agree"]
    assert first["reactions"] == {
        "like": 0,
        "agree": 1,
        "disagree": 0,
        "informative": 0,
        "funny": 0,
    }
    assert (first["can_edit"], first["can_react"]) == (False, True)
    assert second == {
        "id": reply.pk,
        "thread_id": thread.pk,
        "position": 2,
        "url": f"/posts/{reply.pk}/",
        "author": {"username": "alice", "display_name": "Alice Example", "url": "/members/alice/"},
        "body": reply.source,
        "html": reply.html,
        "created_at": reply.created_at.isoformat()[:23] + "Z",
        "edited_at": None,
        "revision": 0,
        "quotes": [opening.pk],
        "reactions": {"like": 1, "agree": 0, "disagree": 0, "informative": 0, "funny": 0},
        "my_reactions": [],
        "can_edit": True,
        "can_react": False,
    }
    assert '<a href="/posts/' in second["html"]


def test_quotes_from_hidden_forums_lose_their_attribution_in_html_body_and_quotes(
    moderator: Member,
    forum: Forum,
    staff_forum: Forum,
    member_api: ApiClient,
    moderator_api: ApiClient,
) -> None:
    secret = make_thread(staff_forum, author=moderator, body="The staff plan is ready.")
    hidden_post = first_post(secret)
    public = make_thread(
        forum,
        author=moderator,
        body=f'[quote="mod_mia, post:{hidden_post.pk}"]\nThe staff plan is ready.\n[/quote]\n\nOK.',
    )
    as_member = member_api.get(f"/threads/{public.pk}").json()["posts"][0]
    assert as_member["quotes"] == []
    assert as_member["body"] == "[quote]\nThe staff plan is ready.\n[/quote]\n\nOK."
    assert "mod_mia" not in as_member["html"]
    assert f"/posts/{hidden_post.pk}/" not in as_member["html"]
    assert str(staff_forum.pk) not in as_member["html"]
    assert '<p class="quote-by">Quote</p>' in as_member["html"]
    assert "The staff plan is ready." in as_member["html"]
    as_staff = moderator_api.get(f"/threads/{public.pk}").json()["posts"][0]
    assert as_staff["quotes"] == [hidden_post.pk]
    assert as_staff["body"].startswith(f'[quote="mod_mia, post:{hidden_post.pk}"]')
    assert (
        f'<a href="/posts/{hidden_post.pk}/" rel="nofollow ugc noopener">mod_mia</a> said:'
        in (as_staff["html"])
    )


def test_member_profile(guest_api: ApiClient, member: Member) -> None:
    member.post_count, member.reaction_score = 7, 3
    member.save(update_fields=["post_count", "reaction_score"])
    body = guest_api.get("/members/ALICE").json()
    assert body == {
        "username": "alice",
        "display_name": "Alice Example",
        "url": "/members/alice/",
        "avatar_url": None,
        "joined_at": member.date_joined.isoformat()[:23] + "Z",
        "country": "FR",
        "location": "DE",
        "post_count": 7,
        "reaction_score": 3,
    }
    plain = make_member(username="plain")
    assert guest_api.get("/members/plain").json()["country"] is None
    assert guest_api.get("/members/plain").json()["display_name"] == plain.username
    assert guest_api.get("/members/%00").status_code == 404
    assert guest_api.get("/members/" + "a" * 31).status_code == 404


def test_me(moderator_api: ApiClient, member_api: ApiClient) -> None:
    assert moderator_api.get("/me").json()["is_staff"] is True
    me = member_api.get("/me").json()
    assert (me["username"], me["is_staff"], me["country"]) == ("alice", False, "FR")


# ---------------------------------------------------------------- caller, caching, cookies


def test_guest_reads_are_public_and_token_reads_private(
    guest_api: ApiClient, member_api: ApiClient, thread: Thread
) -> None:
    guest = guest_api.get(f"/threads/{thread.pk}")
    assert guest["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert guest["Vary"] == "Authorization"
    assert "Set-Cookie" not in guest
    token = member_api.get(f"/threads/{thread.pk}")
    assert token["Cache-Control"] == "private, no-store"
    assert token["Vary"] == "Authorization"
    missing = guest_api.get("/threads/424242")
    assert missing["Cache-Control"] == "no-store"
    write = guest_api.post(f"/threads/{thread.pk}/posts", {"body": "x"})
    assert write["Cache-Control"] == "no-store"
    assert write["Vary"] == "Authorization"


def test_session_cookies_are_ignored(member_client: Client, forum: Forum) -> None:
    """Signed in on the site but no token: the API sees a guest, so a cross-site request
    riding on the cookie can do nothing (and needs no CSRF token to be refused)."""
    client = Client(enforce_csrf_checks=True)
    client.cookies = member_client.cookies
    api = ApiClient(client=client)
    assert client.get("/account/settings/").status_code == 200  # the session is valid
    me = api.get("/me")
    assert me.status_code == 401
    response = api.post("/threads", {"forum_id": forum.pk, "title": "CSRF", "body": "x"})
    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_required"
    assert Thread.objects.count() == 0


def test_docs_and_openapi_are_served(guest_api: ApiClient) -> None:
    docs = guest_api.client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js"></script>' in html
    assert '"url": "/api/v1/openapi.json"' in html
    assert '"validatorUrl": null' in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    assert "unsafe" not in docs["Content-Security-Policy"]
    schema = guest_api.client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Pnyx API"


# ---------------------------------------------------------------- query budgets


def _thread_with(forum: Forum, author: Member, replies: int) -> Thread:
    return make_thread(forum, author=author, replies=replies)


@pytest.mark.parametrize("replies", [2, 19])
def test_thread_read_budget_does_not_grow_with_posts(
    replies: int,
    forum: Forum,
    other_member: Member,
    member_api: ApiClient,
    guest_api: ApiClient,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    thread = _thread_with(forum, other_member, replies)
    member_api.get("/me")  # the token's "last used" write happens here, not below
    get_site_settings()  # cached for every request after the first
    # token, thread, read position, posts, my reactions, read mark
    with django_assert_max_num_queries(6):
        response = member_api.get(f"/threads/{thread.pk}")
    assert len(response.json()["posts"]) == replies + 1
    # thread, posts
    with django_assert_max_num_queries(2):
        assert guest_api.get(f"/threads/{thread.pk}").status_code == 200


@pytest.mark.parametrize("threads", [2, 12])
def test_list_budgets_do_not_grow_with_threads(
    threads: int,
    forum: Forum,
    other_member: Member,
    member_api: ApiClient,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for _ in range(threads):
        make_thread(forum, author=other_member)
    member_api.get("/me")
    get_site_settings()
    with django_assert_max_num_queries(2):  # token, forums
        assert member_api.get("/categories").status_code == 200
    with django_assert_max_num_queries(4):  # token, forum, threads, read marks
        assert len(member_api.get(f"/forums/{forum.pk}/threads").json()["threads"]) == threads
    with django_assert_max_num_queries(3):  # token, threads, read marks
        assert len(member_api.get("/whats-new").json()["threads"]) == threads
    with django_assert_max_num_queries(2):  # token, member
        assert member_api.get("/members/bob").status_code == 200
