from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.posting.services import reply_to_thread
from pnyx.reactions.services import set_reaction
from pnyx.testing.factories import first_post, make_member, make_thread
from pnyx.threads.models import Post, Thread, ThreadRead

pytestmark = pytest.mark.django_db


def _url(thread: Thread, page: int = 1) -> str:
    base = f"/threads/{thread.pk}-{thread.slug}/"
    return base if page == 1 else f"{base}page-{page}"


def _thread_with_posts(forum: Forum, total: int, authors: list[Member]) -> Thread:
    thread = make_thread(forum, author=authors[0], title="Long thread")
    for i in range(1, total):
        reply_to_thread(authors[i % len(authors)], thread, body=f"Post body number {i + 1}")
    thread.refresh_from_db()
    return thread


def test_thread_detail_shows_posts_cards_and_jump_links(
    guest_client: Client, thread: Thread, other_member: Member
) -> None:
    response = guest_client.get(_url(thread))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Talks to resume in Geneva</h1>" in html
    assert "The minister said talks would resume on Monday in Geneva." in html
    assert 'href="#thread-bottom"' in html and ">Bottom ↓<" in html
    assert 'href="#top"' in html and ">Top ↑<" in html
    assert "<dt>Joined</dt>" in html
    assert "<dt>Reaction score</dt>" in html
    assert 'height="11">Poland</span>' in html
    assert f'href="/posts/{thread.first_post_id}/"' in html
    assert "Sign in</a> or" in html


def test_thread_detail_paginates_twenty_posts_a_page(
    guest_client: Client, forum: Forum, member: Member, other_member: Member
) -> None:
    thread = _thread_with_posts(forum, 45, [member, other_member])
    first = guest_client.get(_url(thread)).content.decode()
    third = guest_client.get(_url(thread, 3)).content.decode()
    assert first.count('<article class="post') == 20
    assert third.count('<article class="post') == 5
    assert "Post body number 41" in third
    assert f'href="{_url(thread)}page-2" rel="next"' in first
    assert f'href="{_url(thread)}page-2" rel="prev"' in third


def test_thread_detail_page_past_the_end_redirects_to_last_page(
    guest_client: Client, forum: Forum, member: Member
) -> None:
    thread = _thread_with_posts(forum, 25, [member])
    response = guest_client.get(_url(thread, 9))
    assert response.status_code == 302
    assert response["Location"] == _url(thread, 2)


def test_thread_detail_wrong_slug_redirects(guest_client: Client, thread: Thread) -> None:
    response = guest_client.get(f"/threads/{thread.pk}-wrong-slug/")
    assert response.status_code == 302
    assert response["Location"] == _url(thread)


def test_thread_detail_page_one_url_redirects_to_bare(guest_client: Client, thread: Thread) -> None:
    response = guest_client.get(f"{_url(thread)}page-1")
    assert response.status_code == 302
    assert response["Location"] == _url(thread)


def test_thread_detail_hidden_forum_is_404_like_missing(
    guest_client: Client, member_client: Client, staff_forum: Forum, moderator: Member
) -> None:
    secret = make_thread(staff_forum, author=moderator)
    hidden = guest_client.get(_url(secret))
    missing = guest_client.get("/threads/99999999-nothing/")
    assert hidden.status_code == missing.status_code == 404
    assert member_client.get(_url(secret)).status_code == 404


def test_thread_detail_members_forum_hidden_from_guests(
    guest_client: Client, member_client: Client, members_forum: Forum
) -> None:
    thread = make_thread(members_forum)
    assert guest_client.get(_url(thread)).status_code == 404
    assert member_client.get(_url(thread)).status_code == 200


def test_thread_detail_actions_follow_permissions(
    member_client: Client, member: Member, thread: Thread
) -> None:
    mine = reply_to_thread(member, thread, body="My reply")
    html = member_client.get(_url(thread)).content.decode()
    assert f'href="/posts/{mine.pk}/edit/"' in html
    assert f'href="/posts/{thread.first_post_id}/edit/"' not in html
    assert f'href="/posts/{thread.first_post_id}/reply/" data-quote-post=' in html
    assert 'id="reply-title"' in html and "Post reply" in html
    # Members can react to others' posts, not to their own.
    assert f'action="/posts/{thread.first_post_id}/react/"' in html
    assert f'action="/posts/{mine.pk}/react/"' not in html


def test_thread_detail_locked_thread_has_no_reply_form(member_client: Client, forum: Forum) -> None:
    locked = make_thread(forum, is_locked=True)
    html = member_client.get(_url(locked)).content.decode()
    assert "This thread is locked" in html
    assert 'name="body"' not in html


def test_thread_detail_escapes_titles_and_names(guest_client: Client, forum: Forum) -> None:
    author = make_member(username="x_y", display_name='"><svg onload=alert(1)>')
    thread = make_thread(forum, author=author, title="</title><script>alert(1)</script>")
    html = guest_client.get(_url(thread)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<svg onload" not in html
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_thread_detail_marks_unread_posts_and_advances_read_position(
    member_client: Client, member: Member, thread: Thread, other_member: Member
) -> None:
    member_client.get(_url(thread))
    assert ThreadRead.objects.get(member=member, thread=thread).last_read_position == 1
    reply_to_thread(other_member, thread, body="Something new")
    html = member_client.get(_url(thread)).content.decode()
    assert html.count('class="post is-unread"') == 1
    assert ThreadRead.objects.get(member=member, thread=thread).last_read_position == 2


def test_thread_unread_link_lands_on_first_unread_post(
    member_client: Client, member: Member, forum: Forum, other_member: Member
) -> None:
    thread = _thread_with_posts(forum, 22, [other_member])
    ThreadRead.objects.create(member=member, thread=thread, last_read_position=21)
    target = Post.objects.get(thread=thread, position=22)
    response = member_client.get(f"{_url(thread)}unread")
    assert response.status_code == 302
    assert response["Location"] == f"{_url(thread, 2)}#post-{target.pk}"


def test_post_permalink_redirects_to_page_and_anchor(
    guest_client: Client, forum: Forum, member: Member
) -> None:
    thread = _thread_with_posts(forum, 30, [member])
    post = Post.objects.get(thread=thread, position=25)
    response = guest_client.get(f"/posts/{post.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{_url(thread, 2)}#post-{post.pk}"


def test_post_permalink_hidden_post_is_404(
    guest_client: Client, staff_forum: Forum, moderator: Member
) -> None:
    secret = make_thread(staff_forum, author=moderator)
    assert guest_client.get(f"/posts/{secret.first_post_id}/").status_code == 404
    assert guest_client.get("/posts/123456789/").status_code == 404


def test_post_quote_json_gives_markup_for_visible_posts(
    member_client: Client, thread: Thread
) -> None:
    response = member_client.get(f"/posts/{thread.first_post_id}/quote/")
    assert response.status_code == 200
    assert response.json()["markup"].startswith(f'[quote="bob, post:{thread.first_post_id}"]')
    assert response["Cache-Control"] == "private, no-store"


def test_post_history_visible_to_author_and_staff_only(
    member: Member,
    member_client: Client,
    other_member_client: Client,
    moderator_client: Client,
    guest_client: Client,
    forum: Forum,
) -> None:
    from pnyx.posting.services import edit_post

    post = first_post(make_thread(forum, author=member, body="First words"))
    edit_post(member, post, body="Second words")
    url = f"/posts/{post.pk}/history/"
    mine = member_client.get(url)
    assert mine.status_code == 200
    assert "First words" in mine.content.decode()
    assert moderator_client.get(url).status_code == 200
    assert other_member_client.get(url).status_code == 403
    assert guest_client.get(url).status_code == 403
    page = member_client.get(f"/posts/{post.pk}/")["Location"]
    assert f'href="{url}"' in member_client.get(page).content.decode()
    assert f'href="{url}"' not in other_member_client.get(page).content.decode()


def test_quote_of_hidden_post_loses_attribution_for_readers_who_cannot_see_it(
    guest_client: Client,
    moderator_client: Client,
    moderator: Member,
    thread: Thread,
    staff_forum: Forum,
) -> None:
    secret = make_thread(staff_forum, author=moderator, body="Staff-only plans.")
    reply_to_thread(
        moderator,
        thread,
        body=f'[quote="mod_mia, post:{secret.first_post_id}"]\nStaff-only plans.\n[/quote]',
    )
    guest_html = guest_client.get(_url(thread)).content.decode()
    staff_html = moderator_client.get(_url(thread)).content.decode()
    assert f"/posts/{secret.first_post_id}/" not in guest_html
    assert 'class="quote-by">Quote</p>' in guest_html
    assert f'href="/posts/{secret.first_post_id}/"' in staff_html


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("persona", ["guest", "member"])
def test_thread_detail_query_budget_independent_of_posts(
    persona: str,
    forum: Forum,
    member: Member,
    other_member: Member,
    member_client: Client,
    guest_client: Client,
) -> None:
    client = member_client if persona == "member" else guest_client
    small = _thread_with_posts(forum, 3, [other_member, make_member()])
    big = _thread_with_posts(forum, 60, [other_member, make_member(), make_member()])
    for post in Post.objects.filter(thread=big)[:10]:
        set_reaction(member, post, "like", on=True)
    # Warm the per-process caches (site settings, reaction weights) once.
    client.get(_url(small))
    small_count = _count_queries(client, _url(small))
    big_first = _count_queries(client, _url(big))
    big_middle = _count_queries(client, _url(big, 2))
    big_last = _count_queries(client, _url(big, 3))
    assert small_count <= 8
    assert big_first == big_middle == big_last
    assert big_first <= 8
    assert small_count == big_first or persona == "member"


def test_quote_markup_of_a_post_quoting_a_hidden_one_stays_unattributed(
    member_client: Client, moderator: Member, thread: Thread, staff_forum: Forum
) -> None:
    secret = make_thread(staff_forum, author=moderator, body="Staff-only plans.")
    relay = reply_to_thread(
        moderator,
        thread,
        body=f'[quote="mod_mia, post:{secret.first_post_id}"]\nStaff-only plans.\n[/quote]\nYes.',
    )
    markup = member_client.get(f"/posts/{relay.pk}/quote/").json()["markup"]
    reply_page = member_client.get(
        f"/threads/{thread.pk}-{thread.slug}/reply/?quote={relay.pk}"
    ).content.decode()
    assert "[quote]\nStaff-only plans.\n[/quote]" in markup
    for text in (markup, reply_page):
        assert f"post:{secret.first_post_id}" not in text
        assert f"post:{relay.pk}" in text
