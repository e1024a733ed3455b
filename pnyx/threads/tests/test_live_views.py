"""The "new replies" notice: a state endpoint polled with ETags, and the posts after N."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.forums.tests.html_helpers import by_class, parse
from pnyx.posting.services import reply_to_thread
from pnyx.testing.factories import make_thread
from pnyx.threads.models import Thread, ThreadRead

pytestmark = pytest.mark.django_db


def _etag(thread: Thread) -> str:
    thread.refresh_from_db()
    return f'"{thread.last_post_id}-{thread.reply_count}"'


def test_thread_state_answers_the_post_count_with_an_etag(
    guest_client: Client, thread: Thread
) -> None:
    response = guest_client.get(f"/threads/{thread.pk}/state/")

    assert response.status_code == 200
    assert response.json() == {"post_count": 1, "last_post_id": thread.first_post_id}
    assert response["ETag"] == _etag(thread)
    assert response["Cache-Control"] == "no-cache"


def test_thread_state_unchanged_answers_304_after_one_query(
    guest_client: Client,
    thread: Thread,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    etag = _etag(thread)

    with django_assert_num_queries(1):
        response = guest_client.get(f"/threads/{thread.pk}/state/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_thread_state_accepts_a_list_and_weak_tags(guest_client: Client, thread: Thread) -> None:
    sent = f'"nope", W/{_etag(thread)}'

    response = guest_client.get(f"/threads/{thread.pk}/state/", HTTP_IF_NONE_MATCH=sent)

    assert response.status_code == 304


def test_thread_state_after_a_reply_answers_the_new_count(
    guest_client: Client, thread: Thread, member: Member
) -> None:
    old = _etag(thread)
    reply_to_thread(member, thread, body="News")

    response = guest_client.get(f"/threads/{thread.pk}/state/", HTTP_IF_NONE_MATCH=old)

    assert response.status_code == 200
    assert response.json()["post_count"] == 2
    assert response["ETag"] == _etag(thread) != old


def test_thread_state_of_a_hidden_thread_is_404_like_a_missing_one(
    member_client: Client, staff_forum: Forum, moderator: Member
) -> None:
    hidden = make_thread(staff_forum, author=moderator)

    assert member_client.get(f"/threads/{hidden.pk}/state/").status_code == 404
    assert member_client.get("/threads/987654/state/").status_code == 404


def test_thread_posts_after_answers_the_newer_posts_as_the_page_shows_them(
    member_client: Client, member: Member, thread: Thread
) -> None:
    for n in (2, 3, 4):
        reply_to_thread(member, thread, body=f"Reply {n}")

    response = member_client.get(f"/threads/{thread.pk}/posts/?after=2")

    assert response.status_code == 200
    assert response["Pnyx-More"] == "0"
    assert response["X-Robots-Tag"] == "noindex"
    articles = by_class(parse(response.content), "post", "article")
    assert [a.get("data-position") for a in articles] == ["3", "4"]
    assert ThreadRead.objects.get(member=member, thread=thread).last_read_position == 4


def test_thread_posts_after_stops_at_a_page_and_says_more(
    guest_client: Client, member: Member, forum: Forum
) -> None:
    thread = make_thread(forum, author=member, replies=25)

    response = guest_client.get(f"/threads/{thread.pk}/posts/?after=1")

    articles = by_class(parse(response.content), "post", "article")
    assert len(articles) == 20
    assert articles[0].get("data-position") == "2"
    assert response["Pnyx-More"] == "1"


def test_thread_posts_after_the_last_is_empty(guest_client: Client, thread: Thread) -> None:
    response = guest_client.get(f"/threads/{thread.pk}/posts/?after=1")

    assert response.status_code == 200
    assert response.content.strip() == b""
    assert response["Pnyx-More"] == "0"


@pytest.mark.parametrize("after", ["", "-1", "abc", "1" * 12])
def test_thread_posts_needs_a_position(guest_client: Client, thread: Thread, after: str) -> None:
    response = guest_client.get(f"/threads/{thread.pk}/posts/?after={after}")

    assert response.status_code == 400


def test_thread_posts_of_a_hidden_thread_is_404(
    member_client: Client, staff_forum: Forum, moderator: Member
) -> None:
    hidden = make_thread(staff_forum, author=moderator)

    assert member_client.get(f"/threads/{hidden.pk}/posts/?after=0").status_code == 404


def test_thread_page_last_page_carries_the_live_urls(guest_client: Client, thread: Thread) -> None:
    html = guest_client.get(thread.get_absolute_url()).content.decode()

    assert f'data-state-url="/threads/{thread.pk}/state/"' in html
    assert f'data-posts-url="/threads/{thread.pk}/posts/"' in html
    assert f'data-etag="&quot;{thread.first_post_id}-0&quot;"' in html


def test_thread_page_before_the_last_is_not_live(
    guest_client: Client, member: Member, forum: Forum
) -> None:
    thread = make_thread(forum, author=member, replies=25)

    html = guest_client.get(thread.get_absolute_url()).content.decode()

    assert "data-live" not in html
    assert "data-live" in guest_client.get(thread.page_url(2)).content.decode()
