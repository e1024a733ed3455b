"""Drafts through the composer pages (without JavaScript) and the autosave (JSON)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.posting.models import Draft
from pnyx.posting.services import save_draft
from pnyx.threads.models import Post, Thread

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def _reply_url(thread: Thread) -> str:
    return f"/threads/{thread.pk}-{thread.slug}/reply/"


def _create_url(forum: Forum) -> str:
    return f"/forums/{forum.pk}-{forum.slug}/new-thread/"


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match is not None, name
    return match.group(1)


def test_autosave_answers_the_new_sequence(member_client: Client, thread: Thread) -> None:
    response = member_client.post(
        _reply_url(thread),
        {"save_draft": "1", "body": "Typing…", "draft_sequence": "0"},
        headers=JSON,
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["sequence"] == 1
    assert data["saved_at"] == Draft.objects.get().updated_at.isoformat()
    assert Draft.objects.get().body == "Typing…"


def test_autosave_from_a_stale_window_answers_409_with_the_saved_draft(
    member_client: Client, member: Member, thread: Thread
) -> None:
    save_draft(member, thread=thread, body="Newer text", sequence=0)

    response = member_client.post(
        _reply_url(thread),
        {"save_draft": "1", "body": "Older", "draft_sequence": "0"},
        headers=JSON,
    )

    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "code": "draft_conflict",
            "message": (
                "This draft was saved or posted in another window since this one last saved."
            ),
        },
        "sequence": 1,
        "title": "",
        "body": "Newer text",
    }
    assert Draft.objects.get().body == "Newer text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": "x", "draft_sequence": "abc"}, "The draft could not be saved"),
        ({"body": "x" * 50_001, "draft_sequence": "0"}, "Keep the post to 50000 characters"),
    ],
)
def test_autosave_invalid_input_answers_400(
    member_client: Client, thread: Thread, data: dict[str, str], message: str
) -> None:
    response = member_client.post(_reply_url(thread), {"save_draft": "1", **data}, headers=JSON)

    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(message)
    assert Draft.objects.count() == 0


def test_autosave_for_a_new_thread(member_client: Client, forum: Forum) -> None:
    response = member_client.post(
        _create_url(forum),
        {"save_draft": "1", "title": "Budget", "body": "", "draft_sequence": "0"},
        headers=JSON,
    )

    assert response.status_code == 200
    assert Draft.objects.get(forum=forum).title == "Budget"


def test_autosave_needs_sign_in(guest_client: Client, thread: Thread) -> None:
    response = guest_client.post(
        _reply_url(thread), {"save_draft": "1", "body": "x", "draft_sequence": "0"}, headers=JSON
    )

    assert response.status_code == 302
    assert Draft.objects.count() == 0


def test_autosave_in_a_hidden_forum_is_404(member_client: Client, staff_forum: Forum) -> None:
    response = member_client.post(
        _create_url(staff_forum),
        {"save_draft": "1", "body": "x", "draft_sequence": "0"},
        headers=JSON,
    )

    assert response.status_code == 404


def test_save_draft_button_without_javascript_saves_and_comes_back(
    member_client: Client, thread: Thread
) -> None:
    response = member_client.post(
        _reply_url(thread), {"save_draft": "1", "body": "Words so far", "draft_sequence": "0"}
    )

    assert response.status_code == 302
    assert response["Location"] == _reply_url(thread)
    page = member_client.get(response["Location"]).content.decode()
    assert "Draft saved." in page
    assert ">\nWords so far</textarea>" in page
    assert _hidden(page, "draft_sequence") == "1"
    assert "Your draft was restored" in page


def test_save_draft_button_for_a_new_thread_comes_back_to_the_form(
    member_client: Client, forum: Forum
) -> None:
    response = member_client.post(
        _create_url(forum),
        {"save_draft": "1", "title": "Elections", "body": "Turnout", "draft_sequence": "0"},
    )

    assert response["Location"] == _create_url(forum)
    page = member_client.get(_create_url(forum)).content.decode()
    assert 'value="Elections"' in page
    assert ">\nTurnout</textarea>" in page


def test_save_draft_button_conflict_keeps_the_text_and_shows_the_saved_draft(
    member_client: Client, member: Member, thread: Thread
) -> None:
    save_draft(member, thread=thread, body="Saved elsewhere", sequence=0)

    response = member_client.post(
        _reply_url(thread), {"save_draft": "1", "body": "Typed here", "draft_sequence": "0"}
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "This draft was saved or posted in another window" in page
    assert '<pre class="conflict-source">Saved elsewhere</pre>' in page
    assert ">\nTyped here</textarea>" in page
    assert _hidden(page, "draft_sequence") == "1"  # saving again knowingly replaces it
    again = member_client.post(
        _reply_url(thread), {"save_draft": "1", "body": "Typed here", "draft_sequence": "1"}
    )
    assert again.status_code == 302
    assert Draft.objects.get().body == "Typed here"


def test_save_draft_button_for_a_new_thread_conflict(
    member_client: Client, member: Member, forum: Forum
) -> None:
    save_draft(member, forum=forum, title="Other", body="Elsewhere", sequence=0)

    response = member_client.post(
        _create_url(forum),
        {"save_draft": "1", "title": "Mine", "body": "Here", "draft_sequence": "0"},
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert '<pre class="conflict-source">Other\n\nElsewhere</pre>' in page
    assert 'value="Mine"' in page


def test_save_draft_button_with_too_long_text_shows_the_error(
    member_client: Client, thread: Thread
) -> None:
    response = member_client.post(
        _reply_url(thread), {"save_draft": "1", "body": "x" * 50_001, "draft_sequence": "0"}
    )

    assert response.status_code == 400
    assert "Keep the post to 50000 characters" in response.content.decode()


def test_thread_page_restores_the_draft_into_the_reply_box(
    member_client: Client, member: Member, thread: Thread
) -> None:
    save_draft(member, thread=thread, body="Unfinished <reply>", sequence=0)

    page = member_client.get(thread.get_absolute_url()).content.decode()

    assert ">\nUnfinished &lt;reply&gt;</textarea>" in page
    assert _hidden(page, "draft_sequence") == "1"
    assert "Your draft was restored" in page
    assert "data-drafts" in page


def test_thread_page_without_a_draft_starts_at_sequence_zero(
    member_client: Client, thread: Thread
) -> None:
    page = member_client.get(thread.get_absolute_url()).content.decode()

    assert _hidden(page, "draft_sequence") == "0"
    assert "Your draft was restored" not in page


def test_reply_page_with_a_quote_adds_it_after_the_draft(
    member_client: Client, member: Member, thread: Thread
) -> None:
    save_draft(member, thread=thread, body="My opening words", sequence=0)

    page = member_client.get(f"{_reply_url(thread)}?quote={thread.first_post_id}").content.decode()

    assert (
        f">\nMy opening words\n\n[quote=&quot;bob, post:{thread.first_post_id}&quot;]\n"
        "The minister said talks would resume on Monday in Geneva.\n[/quote]\n\n</textarea>"
    ) in page


def test_new_thread_page_restores_the_draft(
    member_client: Client, member: Member, forum: Forum
) -> None:
    save_draft(member, forum=forum, title="A title", body="A body", sequence=0)

    page = member_client.get(_create_url(forum)).content.decode()

    assert 'value="A title"' in page
    assert ">\nA body</textarea>" in page
    assert "Your draft was restored" in page


def test_posting_a_reply_empties_the_draft(
    member_client: Client,
    member: Member,
    thread: Thread,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    save_draft(member, thread=thread, body="Final words", sequence=0)
    page = member_client.get(thread.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            _reply_url(thread),
            {
                "body": "Final words",
                "idempotency_key": _hidden(page, "idempotency_key"),
                "draft_sequence": _hidden(page, "draft_sequence"),
            },
        )

    assert Draft.objects.get().is_empty is True
    again = member_client.get(thread.get_absolute_url()).content.decode()
    assert "Final words</textarea>" not in again
    assert _hidden(again, "draft_sequence") == "2"


def test_drafts_json_carries_no_other_members_text(
    member_client: Client, other_member: Member, thread: Thread
) -> None:
    save_draft(other_member, thread=thread, body="Bob's secret draft", sequence=0)

    response = member_client.post(
        _reply_url(thread), {"save_draft": "1", "body": "Mine", "draft_sequence": "0"}, headers=JSON
    )

    assert response.status_code == 200
    assert "Bob's secret draft" not in json.dumps(response.json())
    assert Draft.objects.get(member=other_member).body == "Bob's secret draft"


def test_post_count_unchanged_by_draft_saves(member_client: Client, thread: Thread) -> None:
    member_client.post(
        _reply_url(thread), {"save_draft": "1", "body": "Only a draft", "draft_sequence": "0"}
    )

    assert Post.objects.filter(thread=thread).count() == 1
