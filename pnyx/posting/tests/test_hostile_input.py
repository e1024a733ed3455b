"""Posting findings of the hostile-input probe (issue 9): reused form keys, a damaged draft
sequence, text that only looks empty or runs its direction on, and page writes flooding
(SECURITY.md MISC-01, RL-03, DOS-01's Preview cost)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.api.errors import response_for_exception
from pnyx.core.errors import FormKeyReusedError
from pnyx.core.text import balance_bidi, looks_empty
from pnyx.forums.models import Forum
from pnyx.posting.services import create_thread, reply_to_thread
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import first_post
from pnyx.threads.models import Post, Thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_window_held")]

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u3164\u2800 \u00ad"
RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _reply_url(thread: Thread) -> str:
    return f"/threads/{thread.pk}-{thread.slug}/reply/"


def _key_of(html: str) -> str:
    found = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


# ---------------------------------------------------------------- reused form keys


def test_reused_form_key_with_other_text_is_refused_and_the_text_kept(
    member_client: Client, member: Member, thread: Thread
) -> None:
    url = _reply_url(thread)
    first = member_client.post(url, {"body": "My first answer", "idempotency_key": "k" * 20})
    assert first.status_code == 302

    # Back, edit, resubmit without JavaScript: the same key with new text.
    again = member_client.post(url, {"body": "A second thought", "idempotency_key": "k" * 20})

    assert again.status_code == 409
    html = again.content.decode()
    assert "This form was already sent with a different text" in html
    assert "A second thought" in html
    new_key = _key_of(html)
    assert new_key != "k" * 20
    assert list(Post.objects.filter(author=member).values_list("source", flat=True)) == [
        "My first answer"
    ]
    # Sending the kept form posts the new text as well.
    third = member_client.post(url, {"body": "A second thought", "idempotency_key": new_key})
    assert third.status_code == 302
    assert Post.objects.filter(author=member).count() == 2


def test_resubmitting_the_same_form_still_returns_the_first_post(
    member_client: Client, member: Member, thread: Thread
) -> None:
    url = _reply_url(thread)
    data = {"body": "Same text", "idempotency_key": "same-key-123"}
    first = member_client.post(url, data)
    second = member_client.post(url, data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert Post.objects.filter(author=member).count() == 1


def test_reused_key_still_matches_a_post_edited_since(member: Member, thread: Thread) -> None:
    from pnyx.posting.services import edit_post

    post = reply_to_thread(member, thread, body="Original", idempotency_key="edited-key-1")
    edit_post(member, post, body="Edited later")
    assert reply_to_thread(member, thread, body="Original", idempotency_key="edited-key-1") == post
    with pytest.raises(FormKeyReusedError):
        reply_to_thread(member, thread, body="Something else", idempotency_key="edited-key-1")


def test_reused_thread_key_with_another_title_is_refused(member: Member, forum: Forum) -> None:
    thread = create_thread(member, forum, title="First", body="Body", idempotency_key="thread-k-1")
    same = create_thread(member, forum, title="First", body="Body", idempotency_key="thread-k-1")
    assert same.pk == thread.pk
    with pytest.raises(FormKeyReusedError, match="already sent with a different text"):
        create_thread(member, forum, title="Second", body="Body", idempotency_key="thread-k-1")
    with pytest.raises(FormKeyReusedError):
        create_thread(member, forum, title="First", body="Other", idempotency_key="thread-k-1")
    assert Thread.objects.filter(author=member).count() == 1


def test_a_reply_key_cannot_start_a_thread(member: Member, thread: Thread, forum: Forum) -> None:
    reply_to_thread(member, thread, body="Body", idempotency_key="reply-key-01")
    with pytest.raises(FormKeyReusedError):
        create_thread(member, forum, title="New", body="Body", idempotency_key="reply-key-01")


def test_api_answers_a_reused_form_key_with_409() -> None:
    response = response_for_exception(
        RequestFactory().post("/api/v1/threads"), FormKeyReusedError("Already sent.")
    )
    assert response.status_code == 409
    assert json.loads(response.content)["error"] == {
        "code": "idempotency_key_reused",
        "message": "Already sent.",
        "fields": {"Idempotency-Key": ["Already used for a different request."]},
    }


# ---------------------------------------------------------------- draft sequence


@pytest.mark.parametrize("sequence", ["99999999999999999999999", str(2**31), "-1"])
def test_damaged_draft_sequence_is_refused_before_anything_is_saved(
    member_client: Client, member: Member, thread: Thread, sequence: str
) -> None:
    response = member_client.post(
        _reply_url(thread), {"body": "Saved or not?", "draft_sequence": sequence}
    )
    assert response.status_code == 400
    assert not Post.objects.filter(author=member).exists()


def test_service_refuses_a_draft_sequence_out_of_range(member: Member, thread: Thread) -> None:
    with pytest.raises(ValidationError, match="The form is damaged"):
        reply_to_thread(member, thread, body="Text", draft_sequence=2**40)
    assert not Post.objects.filter(author=member).exists()


# ---------------------------------------------------------------- empty-looking text, bidi


@pytest.mark.parametrize("body", [ZERO_WIDTH, "\u200b" * 500, "\u3164", " \u2800 \n\u200d"])
def test_misc_01_posts_of_invisible_characters_are_refused(
    body: str, member: Member, thread: Thread, forum: Forum
) -> None:
    with pytest.raises(ValidationError, match="Write something first"):
        reply_to_thread(member, thread, body=body)
    with pytest.raises(ValidationError, match="Give the thread a title"):
        create_thread(member, forum, title=body, body="Visible")


def test_misc_01_invisible_post_is_refused_on_the_page_and_the_api(
    member_client: Client, member_api: ApiClient, thread: Thread
) -> None:
    page = member_client.post(_reply_url(thread), {"body": ZERO_WIDTH})
    assert page.status_code == 400
    assert "Write something first." in page.content.decode()
    api = member_api.post(f"/threads/{thread.pk}/posts", {"body": ZERO_WIDTH})
    assert api.status_code == 422
    assert error_of(api)["fields"] == {"body": ["Write something first."]}


def test_misc_01_unpaired_direction_controls_are_closed(
    member: Member, forum: Forum, thread: Thread
) -> None:
    started = create_thread(member, forum, title=f"Invoice {RLO}fdp.exe", body=f"a{RLO}b\nc{PDF}d")
    assert started.title == f"Invoice {RLO}fdp.exe{PDF}"
    assert first_post(started).source == f"a{RLO}b{PDF}\ncd"
    paired = reply_to_thread(member, thread, body=f"x{LRI}y{PDI}z")
    assert paired.source == f"x{LRI}y{PDI}z"


def _balanced(line: str) -> bool:
    stack: list[str] = []
    for ch in line:
        if ch in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068":
            stack.append(ch)
        elif ch == PDF:
            if not stack or stack[-1] in "\u2066\u2067\u2068":
                return False
            stack.pop()
        elif ch == PDI:
            if not any(opened in "\u2066\u2067\u2068" for opened in stack):
                return False
            while stack.pop() not in "\u2066\u2067\u2068":
                pass
    return not stack


@given(st.text(alphabet=st.sampled_from([*BIDI, "a", "\u05d0", "\n", " "]), max_size=60))
def test_balance_bidi_leaves_every_line_balanced_and_only_touches_controls(text: str) -> None:
    balanced = balance_bidi(text)
    assert all(_balanced(line) for line in balanced.split("\n"))
    assert balance_bidi(balanced) == balanced
    strip = {ord(ch): None for ch in BIDI}
    assert balanced.translate(strip) == text.translate(strip)


@given(st.text())
def test_looks_empty_is_false_for_any_text_with_a_letter_or_digit(text: str) -> None:
    assert looks_empty(text + "a") is False
    assert looks_empty(f"{text}7{text}") is False


# ---------------------------------------------------------------- page write limits (RL-03)


@pytest.fixture
def tight(settings: Settings) -> Settings:
    settings.PAGE_POST_RATE = (2, 60)
    settings.PAGE_PREVIEW_RATE = (1, 60)
    settings.PAGE_DRAFT_RATE = (1, 60)
    settings.PAGE_REACTION_RATE = (1, 60)
    settings.PAGE_ADDRESS_WRITE_RATE = None
    return settings


def _assert_limited(response: Any) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Cache-Control"] == "private, no-store"


def test_rl_03_replies_past_the_limit_get_429_with_the_text_kept(
    tight: Settings, member_client: Client, member: Member, thread: Thread
) -> None:
    url = _reply_url(thread)
    for n in range(2):
        assert member_client.post(url, {"body": f"Reply {n}"}).status_code == 302
    refused = member_client.post(url, {"body": "One too many"})
    _assert_limited(refused)
    html = refused.content.decode()
    assert "You are doing that too often. Wait" in html
    assert "One too many" in html
    assert Post.objects.filter(author=member).count() == 2


def test_rl_03_fragment_reply_past_the_limit_answers_the_composer_with_429(
    tight: Settings, member_client: Client, thread: Thread
) -> None:
    url = _reply_url(thread)
    for n in range(2):
        member_client.post(url, {"body": f"Reply {n}"}, headers={"Pnyx-Fragment": "1"})
    refused = member_client.post(url, {"body": "Fragment"}, headers={"Pnyx-Fragment": "1"})
    _assert_limited(refused)
    assert refused.content.decode().lstrip().startswith("<form")


def test_rl_03_new_threads_and_edits_share_the_post_limit(
    tight: Settings, member_client: Client, member: Member, forum: Forum
) -> None:
    url = f"/forums/{forum.pk}-{forum.slug}/new-thread/"
    assert member_client.post(url, {"title": "One", "body": "Body"}).status_code == 302
    post = Post.objects.get(author=member)
    edit = f"/posts/{post.pk}/edit/"
    assert member_client.post(edit, {"body": "Edited", "revision": "0"}).status_code == 302
    _assert_limited(member_client.post(url, {"title": "Two", "body": "Body"}))
    _assert_limited(member_client.post(edit, {"body": "Again", "revision": "1"}))


def test_rl_03_previews_are_limited_on_the_page_and_for_scripts(
    tight: Settings, member_client: Client, thread: Thread
) -> None:
    url = _reply_url(thread)
    assert member_client.post(url, {"body": "**Look**", "preview": "1"}).status_code == 200
    _assert_limited(member_client.post(url, {"body": "**Again**", "preview": "1"}))
    script = member_client.post(
        "/posting/preview/", {"body": "x"}, headers={"Accept": "application/json"}
    )
    _assert_limited(script)
    assert script.json()["error"]["code"] == "rate_limited"


def test_rl_03_draft_saves_are_limited(
    tight: Settings, member_client: Client, thread: Thread
) -> None:
    url = _reply_url(thread)
    headers = {"Accept": "application/json"}
    data = {"body": "Draft", "draft_sequence": "0", "save_draft": "1"}
    assert member_client.post(url, data, headers=headers).status_code == 200
    refused = member_client.post(url, {**data, "draft_sequence": "1"}, headers=headers)
    _assert_limited(refused)
    assert refused.json()["error"]["message"].startswith("You are doing that too often.")


def test_rl_03_reactions_are_limited(
    tight: Settings, other_member_client: Client, member: Member, thread: Thread
) -> None:
    post = reply_to_thread(member, thread, body="React to me")
    url = f"/posts/{post.pk}/react/"
    assert other_member_client.post(url, {"kind": "like"}).status_code == 302
    refused = other_member_client.post(url, {"kind": "agree"})
    _assert_limited(refused)
    assert "You are doing that too often." in refused.content.decode()


def test_rl_03_one_address_is_limited_whoever_signs_in(
    settings: Settings,
    member_client: Client,
    other_member_client: Client,
    thread: Thread,
) -> None:
    settings.PAGE_ADDRESS_WRITE_RATE = (3, 60)
    url = _reply_url(thread)
    assert member_client.post(url, {"body": "a"}).status_code == 302
    assert other_member_client.post(url, {"body": "b"}).status_code == 302
    assert member_client.post(url, {"body": "c"}).status_code == 302
    _assert_limited(other_member_client.post(url, {"body": "d"}))
