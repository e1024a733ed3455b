"""Drafts: saved while typing, never overwritten by a stale window, emptied once posted."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.http import Http404
from pytest_django import DjangoCaptureOnCommitCallbacks

from pnyx.accounts.models import Member
from pnyx.core.errors import DraftConflictError
from pnyx.forums.models import Forum
from pnyx.posting.models import Draft
from pnyx.posting.selectors import get_draft
from pnyx.posting.services import BODY_MAX, TITLE_MAX, create_thread, reply_to_thread, save_draft
from pnyx.testing.factories import make_member, make_thread
from pnyx.threads.models import Thread

pytestmark = pytest.mark.django_db


def test_save_draft_first_save_creates_sequence_one(member: Member, thread: Thread) -> None:
    draft = save_draft(member, thread=thread, body="Half a thought", sequence=0)

    draft.refresh_from_db()
    assert (draft.member_id, draft.thread_id, draft.forum_id) == (member.pk, thread.pk, None)
    assert (draft.body, draft.title, draft.sequence) == ("Half a thought", "", 1)


def test_save_draft_each_save_raises_the_sequence(member: Member, thread: Thread) -> None:
    save_draft(member, thread=thread, body="One", sequence=0)
    save_draft(member, thread=thread, body="One two", sequence=1)
    draft = save_draft(member, thread=thread, body="One two three", sequence=2)

    assert draft.sequence == 3
    assert Draft.objects.get().body == "One two three"


def test_save_draft_stale_sequence_is_refused_and_keeps_the_saved_text(
    member: Member, thread: Thread
) -> None:
    save_draft(member, thread=thread, body="Window A", sequence=0)
    save_draft(member, thread=thread, body="Window A, more", sequence=1)

    with pytest.raises(DraftConflictError, match="another window") as caught:
        save_draft(member, thread=thread, body="Window B", sequence=1)

    assert (caught.value.sequence, caught.value.body, caught.value.title) == (
        2,
        "Window A, more",
        "",
    )
    assert Draft.objects.get().body == "Window A, more"


def test_save_draft_sequence_ahead_of_the_server_is_refused(member: Member, thread: Thread) -> None:
    with pytest.raises(DraftConflictError) as caught:
        save_draft(member, thread=thread, body="From the future", sequence=5)

    assert (caught.value.sequence, caught.value.body) == (0, "")
    assert Draft.objects.count() == 0


def test_save_draft_nothing_to_keep_creates_no_row(member: Member, thread: Thread) -> None:
    draft = save_draft(member, thread=thread, body="  \n ", sequence=0)

    assert draft._state.adding is True
    assert draft.sequence == 0
    assert Draft.objects.count() == 0


def test_save_draft_emptying_keeps_the_row_as_an_empty_draft(
    member: Member, thread: Thread
) -> None:
    save_draft(member, thread=thread, body="Something", sequence=0)

    draft = save_draft(member, thread=thread, body="   ", sequence=1)

    draft.refresh_from_db()
    assert (draft.body, draft.sequence, draft.is_empty) == ("", 2, True)


def test_save_draft_for_a_new_thread_keeps_title_and_body(member: Member, forum: Forum) -> None:
    draft = save_draft(member, forum=forum, title="  Ceasefire  ", body="Text\r\nmore", sequence=0)

    draft.refresh_from_db()
    assert (draft.forum_id, draft.thread_id) == (forum.pk, None)
    assert (draft.title, draft.body) == ("Ceasefire", "Text\nmore")


def test_save_draft_title_only_is_a_draft(member: Member, forum: Forum) -> None:
    draft = save_draft(member, forum=forum, title="Just a title", body="", sequence=0)

    assert draft.is_empty is False
    assert Draft.objects.get().title == "Just a title"


def test_save_draft_refuses_text_longer_than_a_post(member: Member, thread: Thread) -> None:
    with pytest.raises(ValidationError, match=f"Keep the post to {BODY_MAX} characters"):
        save_draft(member, thread=thread, body="x" * (BODY_MAX + 1), sequence=0)
    with pytest.raises(ValidationError, match=f"Keep the title to {TITLE_MAX} characters"):
        save_draft(member, forum=thread.forum, title="t" * (TITLE_MAX + 1), body="", sequence=0)
    assert Draft.objects.count() == 0


def test_save_draft_guest_is_refused(thread: Thread) -> None:
    with pytest.raises(PermissionDenied):
        save_draft(AnonymousUser(), thread=thread, body="Hello", sequence=0)


def test_save_draft_hidden_thread_is_not_found(
    member: Member, moderator: Member, staff_forum: Forum
) -> None:
    hidden = make_thread(staff_forum, author=moderator)

    with pytest.raises(Http404):
        save_draft(member, thread=hidden, body="Hello", sequence=0)


def test_save_draft_locked_thread_is_refused(member: Member, forum: Forum) -> None:
    locked = make_thread(forum, is_locked=True)

    with pytest.raises(PermissionDenied, match="locked"):
        save_draft(member, thread=locked, body="Hello", sequence=0)


def test_save_draft_needs_exactly_one_place(member: Member, thread: Thread) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        save_draft(member, body="Hello", sequence=0)
    with pytest.raises(ValueError, match="exactly one"):
        save_draft(member, thread=thread, forum=thread.forum, body="Hello", sequence=0)


def test_draft_rows_are_one_per_member_and_place(member: Member, thread: Thread) -> None:
    Draft.objects.create(member=member, thread=thread, body="a", sequence=1)

    with pytest.raises(IntegrityError):
        Draft.objects.create(member=member, thread=thread, body="b", sequence=1)


def test_draft_str_names_member_place_and_sequence(member: Member, thread: Thread) -> None:
    draft = save_draft(member, thread=thread, body="Hi", sequence=0)
    forum_draft = save_draft(member, forum=thread.forum, title="T", body="", sequence=0)

    assert str(draft) == f"Draft of {member.pk} in thread {thread.pk} (#1)"
    assert str(forum_draft) == f"Draft of {member.pk} in forum {thread.forum_id} (#1)"


# ---------------------------------------------------------------- posting empties the draft


def test_reply_empties_the_draft_on_commit(
    member: Member,
    thread: Thread,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    save_draft(member, thread=thread, body="My reply", sequence=0)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply_to_thread(member, thread, body="My reply", draft_sequence=1)
    assert Draft.objects.get().body == "My reply"  # not before the commit

    for callback in callbacks:
        callback()
    draft = Draft.objects.get()
    assert (draft.body, draft.sequence) == ("", 2)


def test_reply_keeps_a_draft_saved_later_by_another_window(
    member: Member,
    thread: Thread,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    save_draft(member, thread=thread, body="First reply", sequence=0)
    save_draft(member, thread=thread, body="Second reply, other window", sequence=1)

    with django_capture_on_commit_callbacks(execute=True):
        reply_to_thread(member, thread, body="First reply", draft_sequence=1)

    draft = Draft.objects.get()
    assert (draft.body, draft.sequence) == ("Second reply, other window", 2)


def test_reply_without_a_sequence_empties_the_draft(
    member: Member,
    thread: Thread,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    save_draft(member, thread=thread, body="Draft", sequence=0)

    with django_capture_on_commit_callbacks(execute=True):
        reply_to_thread(member, thread, body="Posted")

    assert Draft.objects.get().is_empty is True


def test_stale_window_cannot_bring_back_a_posted_draft(
    member: Member,
    thread: Thread,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    save_draft(member, thread=thread, body="Posted text", sequence=0)
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_thread(member, thread, body="Posted text", draft_sequence=1)

    with pytest.raises(DraftConflictError) as caught:
        save_draft(member, thread=thread, body="Posted text", sequence=1)

    assert (caught.value.sequence, caught.value.body) == (2, "")


def test_reply_leaves_an_empty_draft_alone(
    member: Member,
    thread: Thread,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    save_draft(member, thread=thread, body="x", sequence=0)
    save_draft(member, thread=thread, body="", sequence=1)

    with django_capture_on_commit_callbacks(execute=True):
        reply_to_thread(member, thread, body="Posted")

    assert Draft.objects.get().sequence == 2  # no new sequence: open windows stay valid


def test_create_thread_empties_the_forum_draft_on_commit(
    member: Member,
    forum: Forum,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    save_draft(member, forum=forum, title="Budget", body="The vote", sequence=0)

    with django_capture_on_commit_callbacks(execute=True):
        create_thread(member, forum, title="Budget", body="The vote", draft_sequence=1)

    draft = Draft.objects.get()
    assert (draft.title, draft.body, draft.sequence) == ("", "", 2)


def test_failed_reply_keeps_the_draft(
    member: Member,
    thread: Thread,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    save_draft(member, thread=thread, body="Keep me", sequence=0)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        reply_to_thread(member, thread, body="   ", draft_sequence=1)

    assert Draft.objects.get().body == "Keep me"


# ---------------------------------------------------------------- get_draft


def test_get_draft_returns_only_the_actors_own_draft(
    member: Member, other_member: Member, thread: Thread
) -> None:
    save_draft(other_member, thread=thread, body="Bob's words", sequence=0)

    assert get_draft(member, thread=thread) is None
    mine = save_draft(member, thread=thread, body="Alice's words", sequence=0)
    found = get_draft(member, thread=thread)
    assert found is not None
    assert (found.pk, found.body) == (mine.pk, "Alice's words")


def test_get_draft_guest_gets_none(thread: Thread) -> None:
    assert get_draft(AnonymousUser(), thread=thread) is None
    assert get_draft(AnonymousUser(), forum=thread.forum) is None


def test_get_draft_for_a_forum(member: Member, forum: Forum) -> None:
    save_draft(member, forum=forum, title="T", body="B", sequence=0)

    found = get_draft(member, forum=forum)

    assert found is not None
    assert (found.title, found.body) == ("T", "B")


def test_get_draft_in_a_thread_no_longer_visible_is_not_found(member: Member, forum: Forum) -> None:
    thread = make_thread(forum)
    save_draft(member, thread=thread, body="Secret plans", sequence=0)
    forum.visibility = "staff"
    forum.save(update_fields=["visibility"])
    thread.refresh_from_db()

    with pytest.raises(Http404):
        get_draft(member, thread=thread)
    with pytest.raises(Http404):
        get_draft(member, forum=forum)


def test_get_draft_needs_exactly_one_place(member: Member, thread: Thread) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        get_draft(member)


def test_save_draft_losing_the_race_to_create_is_a_conflict(
    monkeypatch: pytest.MonkeyPatch, member: Member, thread: Thread
) -> None:
    # Another window created the draft between this save's read and its insert.
    Draft.objects.create(member=member, thread=thread, body="Other window", sequence=1)
    real = Draft.objects.select_for_update
    monkeypatch.setattr(Draft.objects, "select_for_update", lambda: real().none())

    with pytest.raises(DraftConflictError) as caught:
        save_draft(member, thread=thread, body="Mine", sequence=0)

    assert (caught.value.body, caught.value.sequence) == ("Other window", 1)
    assert Draft.objects.get().body == "Other window"


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_saves_keep_exactly_one(forum: Forum) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    member = make_member(username="typist")
    thread = make_thread(forum)
    saved: list[str] = []
    refused: list[str] = []

    def window(n: int) -> None:
        try:
            save_draft(member, thread=thread, body=f"window {n}", sequence=0)
            saved.append(f"window {n}")
        except DraftConflictError:
            refused.append(f"window {n}")
        finally:
            connection.close()

    workers = [threading.Thread(target=window, args=(n,)) for n in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(saved) == 1
    assert len(refused) == 5
    draft = Draft.objects.get()
    assert (draft.body, draft.sequence) == (saved[0], 1)
