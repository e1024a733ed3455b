from __future__ import annotations

import re

import pytest
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.testing.factories import first_post, make_thread
from pnyx.threads.models import Post, PostRevision, Thread

pytestmark = pytest.mark.django_db


def _key(html: str) -> str:
    match = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def test_thread_create_page_requires_sign_in(guest_client: Client, forum: Forum) -> None:
    response = guest_client.get(f"/forums/{forum.pk}-{forum.slug}/new-thread/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_thread_create_in_hidden_forum_is_404(member_client: Client, staff_forum: Forum) -> None:
    response = member_client.get(f"/forums/{staff_forum.pk}-{staff_forum.slug}/new-thread/")
    assert response.status_code == 404


def test_thread_create_unknown_forum_is_404(member_client: Client) -> None:
    assert member_client.get("/forums/987654-nowhere/new-thread/").status_code == 404


def test_thread_create_posts_and_redirects(member_client: Client, forum: Forum) -> None:
    url = f"/forums/{forum.pk}-{forum.slug}/new-thread/"
    key = _key(member_client.get(url).content.decode())
    response = member_client.post(
        url, {"title": "Ceasefire holds", "body": "First post", "idempotency_key": key}
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/threads/{thread.pk}-ceasefire-holds/"


def test_thread_create_double_submit_creates_one_thread(
    member_client: Client, forum: Forum
) -> None:
    url = f"/forums/{forum.pk}-{forum.slug}/new-thread/"
    key = _key(member_client.get(url).content.decode())
    data = {"title": "Once only", "body": "Body", "idempotency_key": key}
    first = member_client.post(url, data)
    second = member_client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Thread.objects.count() == 1


def test_thread_create_errors_keep_the_text_and_save_nothing(
    member_client: Client, forum: Forum
) -> None:
    url = f"/forums/{forum.pk}-{forum.slug}/new-thread/"
    response = member_client.post(
        url, {"title": "", "body": "My carefully written text", "idempotency_key": "abcdefgh1234"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give the thread a title." in html
    assert "My carefully written text" in html
    assert Thread.objects.count() == 0


def test_thread_create_title_too_long_is_explained(member_client: Client, forum: Forum) -> None:
    url = f"/forums/{forum.pk}-{forum.slug}/new-thread/"
    response = member_client.post(url, {"title": "x" * 201, "body": "Body"})
    assert response.status_code == 400
    assert "Keep the title to 200 characters (it has 201)." in response.content.decode()
    assert Thread.objects.count() == 0


def test_thread_create_preview_shows_html_and_saves_nothing(
    member_client: Client, forum: Forum
) -> None:
    url = f"/forums/{forum.pk}-{forum.slug}/new-thread/"
    response = member_client.post(url, {"title": "T", "body": "**Bold**", "preview": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Bold</strong>" in html
    assert "**Bold**" in html
    assert Thread.objects.count() == 0


def test_reply_redirects_to_the_new_post(member_client: Client, thread: Thread) -> None:
    response = member_client.post(
        f"/threads/{thread.pk}-{thread.slug}/reply/",
        {"body": "A reply", "idempotency_key": "reply-key-0001"},
    )
    post = Post.objects.get(position=2)
    assert response.status_code == 302
    assert response["Location"] == f"/threads/{thread.pk}-{thread.slug}/#post-{post.pk}"


def test_reply_double_submit_creates_one_post(member_client: Client, thread: Thread) -> None:
    url = f"/threads/{thread.pk}-{thread.slug}/reply/"
    data = {"body": "Only once", "idempotency_key": "reply-key-0002"}
    member_client.post(url, data)
    member_client.post(url, data)
    assert Post.objects.filter(thread=thread).count() == 2


def test_reply_empty_body_shows_error(member_client: Client, thread: Thread) -> None:
    response = member_client.post(f"/threads/{thread.pk}-{thread.slug}/reply/", {"body": "  "})
    assert response.status_code == 400
    assert "Write something first." in response.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1


def test_reply_guest_is_sent_to_sign_in(guest_client: Client, thread: Thread) -> None:
    response = guest_client.post(f"/threads/{thread.pk}-{thread.slug}/reply/", {"body": "Hi"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Post.objects.filter(thread=thread).count() == 1


def test_reply_to_locked_thread_is_403(member_client: Client, forum: Forum) -> None:
    locked = make_thread(forum, is_locked=True)
    response = member_client.post(f"/threads/{locked.pk}-{locked.slug}/reply/", {"body": "Hi"})
    assert response.status_code == 403
    assert "locked" in response.content.decode()


def test_reply_page_prefills_a_whole_post_quote(member_client: Client, thread: Thread) -> None:
    post = first_post(thread)
    response = member_client.get(f"/threads/{thread.pk}-{thread.slug}/reply/?quote={post.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"[quote=&quot;bob, post:{post.pk}&quot;]" in html


def test_reply_page_quote_of_hidden_post_is_404(
    member_client: Client, thread: Thread, moderator: Member, staff_forum: Forum
) -> None:
    secret = make_thread(staff_forum, author=moderator)
    response = member_client.get(
        f"/threads/{thread.pk}-{thread.slug}/reply/?quote={secret.first_post_id}"
    )
    assert response.status_code == 404


def test_reply_preview_button_keeps_text(member_client: Client, thread: Thread) -> None:
    response = member_client.post(
        f"/threads/{thread.pk}-{thread.slug}/reply/", {"body": "_Draft_", "preview": "1"}
    )
    assert "<em>Draft</em>" in response.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1


def test_edit_page_and_save(member: Member, member_client: Client, forum: Forum) -> None:
    post = first_post(make_thread(forum, author=member, body="Before"))
    page = member_client.get(f"/posts/{post.pk}/edit/")
    assert page.status_code == 200
    assert "Before" in page.content.decode()
    response = member_client.post(f"/posts/{post.pk}/edit/", {"body": "After", "revision": "0"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.source == "After"
    assert PostRevision.objects.filter(post=post, previous_source="Before").exists()


def test_edit_conflict_returns_409_keeping_both_texts(
    member: Member, member_client: Client, moderator_client: Client, forum: Forum
) -> None:
    post = first_post(make_thread(forum, author=member, body="Original"))
    moderator_client.post(f"/posts/{post.pk}/edit/", {"body": "Moderated", "revision": "0"})
    response = member_client.post(f"/posts/{post.pk}/edit/", {"body": "Mine", "revision": "0"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Moderated" in html
    assert "Mine" in html
    assert 'name="revision" value="1"' in html
    post.refresh_from_db()
    assert post.source == "Moderated"


def test_edit_someone_elses_post_is_403(
    other_member_client: Client, member: Member, forum: Forum
) -> None:
    post = first_post(make_thread(forum, author=member))
    assert other_member_client.get(f"/posts/{post.pk}/edit/").status_code == 403
    assert (
        other_member_client.post(
            f"/posts/{post.pk}/edit/", {"body": "X", "revision": "0"}
        ).status_code
        == 403
    )


def test_preview_endpoint_returns_sanitised_html(member_client: Client) -> None:
    response = member_client.post("/posting/preview/", {"body": "<b>x</b> *y*"})
    assert response.status_code == 200
    assert response.json() == {"html": "<p>&lt;b&gt;x&lt;/b&gt; <em>y</em></p>\n"}
    assert response["Cache-Control"] == "private, no-store"


def test_preview_endpoint_reports_empty_body(member_client: Client) -> None:
    response = member_client.post("/posting/preview/", {"body": ""})
    assert response.status_code == 400
    assert response.json() == {"error": "Write something first."}


def test_preview_endpoint_requires_sign_in(guest_client: Client) -> None:
    assert guest_client.post("/posting/preview/", {"body": "x"}).status_code == 302
