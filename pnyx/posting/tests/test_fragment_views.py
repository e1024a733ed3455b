"""Replying and editing in place: with the fragment header the views answer with the same
partials the pages include (the new post, or the form with its errors)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.forums.tests.html_helpers import by_class, one, parse, text
from pnyx.posting.services import edit_post, save_draft
from pnyx.testing.factories import first_post, make_thread
from pnyx.threads.models import Post, Thread, ThreadRead

pytestmark = pytest.mark.django_db

FRAGMENT = {"Pnyx-Fragment": "1"}


def _reply_url(thread: Thread) -> str:
    return f"/threads/{thread.pk}-{thread.slug}/reply/"


@pytest.mark.django_db(transaction=True)  # the draft is emptied on commit, as in production
def test_reply_fragment_answers_201_with_the_post_partial(
    member_client: Client, member: Member, thread: Thread
) -> None:
    save_draft(member, thread=thread, body="In place", sequence=0)

    response = member_client.post(
        _reply_url(thread),
        {"body": "In **place**", "idempotency_key": "fragment-key-1", "draft_sequence": "1"},
        headers=FRAGMENT,
    )

    post = Post.objects.get(thread=thread, position=2)
    assert response.status_code == 201
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{post.pk}"
    assert response["Pnyx-Draft-Sequence"] == "2"
    assert response["Cache-Control"] == "private, no-store"
    doc = parse(response.content)
    article = one(doc, "post", "article")
    assert article.get("id") == f"post-{post.pk}"
    assert article.get("data-position") == "2"
    assert text(one(article, "post-body")) == "In place"
    assert "<strong>place</strong>" in response.content.decode()
    assert not by_class(doc, "site-header")  # a fragment, not a page
    read = ThreadRead.objects.get(member=member, thread=thread)
    assert read.last_read_position == 2


def test_reply_fragment_without_a_draft_reports_sequence_zero(
    member_client: Client, thread: Thread
) -> None:
    response = member_client.post(_reply_url(thread), {"body": "Hi"}, headers=FRAGMENT)

    assert response.status_code == 201
    assert response["Pnyx-Draft-Sequence"] == "0"


def test_reply_fragment_with_errors_answers_400_with_the_form(
    member_client: Client, thread: Thread
) -> None:
    response = member_client.post(
        _reply_url(thread), {"body": "   ", "draft_sequence": "0"}, headers=FRAGMENT
    )

    assert response.status_code == 400
    doc = parse(response.content)
    form = one(doc, "composer", "form")
    assert form.get("action") == _reply_url(thread)
    assert "data-drafts" in form.attrib
    assert text(one(doc, "field-errors")) == "Write something first."
    assert not by_class(doc, "site-header")
    assert Post.objects.filter(thread=thread).count() == 1


def test_reply_fragment_double_submit_creates_one_post(
    member_client: Client, thread: Thread
) -> None:
    data = {"body": "Once", "idempotency_key": "same-key-123"}
    first = member_client.post(_reply_url(thread), data, headers=FRAGMENT)
    second = member_client.post(_reply_url(thread), data, headers=FRAGMENT)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first["Location"] == second["Location"]
    assert Post.objects.filter(thread=thread).count() == 2


def test_edit_fragment_get_answers_just_the_form(member_client: Client, member: Member) -> None:
    thread = make_thread(author=member, body="Original text")
    post = first_post(thread)

    response = member_client.get(f"/posts/{post.pk}/edit/", headers=FRAGMENT)

    assert response.status_code == 200
    assert "Pnyx-Fragment" in response["Vary"].split(", ")
    doc = parse(response.content)
    form = one(doc, "composer", "form")
    assert form.get("action") == f"/posts/{post.pk}/edit/"
    assert "data-drafts" not in form.attrib
    textarea = next(doc.iter("textarea"))
    assert textarea.get("id") == f"id_edit{post.pk}_body"
    assert (textarea.text or "").strip() == "Original text"
    assert not by_class(doc, "site-header")


def test_edit_fragment_post_answers_the_updated_post(member_client: Client, member: Member) -> None:
    thread = make_thread(author=member, body="Original text")
    post = first_post(thread)

    response = member_client.post(
        f"/posts/{post.pk}/edit/", {"body": "Corrected text", "revision": "0"}, headers=FRAGMENT
    )

    assert response.status_code == 200
    doc = parse(response.content)
    article = one(doc, "post", "article")
    assert article.get("id") == f"post-{post.pk}"
    assert text(one(article, "post-body")) == "Corrected text"
    assert "History" in text(one(article, "post-edited"))


def test_edit_fragment_conflict_answers_409_with_both_texts(
    member_client: Client, member: Member, moderator: Member
) -> None:
    thread = make_thread(author=member, body="Original text")
    post = first_post(thread)
    edit_post(moderator, post, body="Moderator's version", base_revision=0)

    response = member_client.post(
        f"/posts/{post.pk}/edit/", {"body": "My version", "revision": "0"}, headers=FRAGMENT
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert '<pre class="conflict-source">Moderator&#x27;s version</pre>' in html
    assert re.search(r">\s*My version</textarea>", html)
    assert 'name="revision" value="1"' in html


def test_edit_fragment_invalid_answers_400_with_the_form(
    member_client: Client, member: Member
) -> None:
    thread = make_thread(author=member, body="Original text")
    post = first_post(thread)

    response = member_client.post(
        f"/posts/{post.pk}/edit/", {"body": " ", "revision": "0"}, headers=FRAGMENT
    )

    assert response.status_code == 400
    assert text(one(parse(response.content), "field-errors")) == "Write something first."


def test_edit_fragment_of_someone_elses_post_is_refused(
    member_client: Client, thread: Thread
) -> None:
    response = member_client.get(f"/posts/{thread.first_post_id}/edit/", headers=FRAGMENT)

    assert response.status_code == 403


# ---------------------------------------------------------------- the Quote link without script


def test_post_quote_reply_opens_the_reply_form_with_the_quote(
    member_client: Client, thread: Thread
) -> None:
    response = member_client.get(f"/posts/{thread.first_post_id}/reply/")

    assert response.status_code == 302
    assert response["Location"] == f"{_reply_url(thread)}?quote={thread.first_post_id}"


def test_post_quote_reply_sends_guests_to_sign_in(guest_client: Client, thread: Thread) -> None:
    response = guest_client.get(f"/posts/{thread.first_post_id}/reply/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_post_quote_reply_hidden_post_is_404(
    member_client: Client, moderator: Member, staff_forum: Forum
) -> None:
    hidden = make_thread(staff_forum, author=moderator)

    assert member_client.get(f"/posts/{hidden.first_post_id}/reply/").status_code == 404


def test_post_quote_reply_locked_thread_is_403(member_client: Client, forum: Forum) -> None:
    locked = make_thread(forum, is_locked=True)

    assert member_client.get(f"/posts/{locked.first_post_id}/reply/").status_code == 403
