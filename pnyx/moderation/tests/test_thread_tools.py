from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from pnyx.accounts.models import Member
from pnyx.audit.models import AuditEntry
from pnyx.core.access import Access, ForumGrants
from pnyx.core.events import Event, ThreadChanged
from pnyx.forums.models import Forum
from pnyx.moderation.models import ThreadClosing
from pnyx.moderation.permissions import check_move_thread
from pnyx.moderation.selectors import thread_closing
from pnyx.moderation.services import (
    close_due_threads,
    lock_thread,
    move_thread,
    pin_thread,
    rename_thread,
    set_thread_closing,
    update_thread,
)
from pnyx.moderation.tasks import close_due_threads as close_due_threads_job
from pnyx.posting.services import repair_counters
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import counters_snapshot, make_forum, make_member, make_thread
from pnyx.threads.models import Thread

pytestmark = pytest.mark.django_db


def _actions(thread: Thread) -> list[tuple[str, str, object, object]]:
    return [
        (entry.action, entry.actor_name, entry.before, entry.after)
        for entry in AuditEntry.objects.filter(target_type="thread", target_id=thread.pk).order_by(
            "pk"
        )
    ]


# ---------------------------------------------------------------- services


def test_lock_and_unlock_are_audited_and_published(
    moderator: Member,
    thread: Thread,
    published_events: list[Event],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        lock_thread(moderator, thread, reason="Flame war")
    thread.refresh_from_db()
    assert thread.is_locked is True
    assert published_events == [
        ThreadChanged(
            kind="updated", thread_id=thread.pk, forum_id=thread.forum_id, actor_id=moderator.pk
        )
    ]
    lock_thread(moderator, thread, locked=False)
    assert Thread.objects.get(pk=thread.pk).is_locked is False
    assert _actions(thread) == [
        ("thread.lock", "mod_mia", {"locked": False}, {"locked": True}),
        ("thread.unlock", "mod_mia", {"locked": True}, {"locked": False}),
    ]
    assert AuditEntry.objects.filter(action="thread.lock").get().reason == "Flame war"


def test_a_change_to_the_same_value_changes_and_logs_nothing(
    moderator: Member,
    thread: Thread,
    published_events: list[Event],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        update_thread(moderator, thread, locked=False, pinned=False, title=thread.title)
    assert published_events == []
    assert _actions(thread) == []


def test_pin_and_unpin(moderator: Member, thread: Thread) -> None:
    pin_thread(moderator, thread)
    assert Thread.objects.get(pk=thread.pk).is_pinned is True
    pin_thread(moderator, thread, pinned=False)
    assert Thread.objects.get(pk=thread.pk).is_pinned is False
    assert [a[0] for a in _actions(thread)] == ["thread.pin", "thread.unpin"]


def test_rename_changes_title_and_slug(moderator: Member, thread: Thread) -> None:
    old = thread.title
    renamed = rename_thread(moderator, thread, "  Ceasefire   talks in Geneva ")
    assert renamed.title == "Ceasefire talks in Geneva"
    stored = Thread.objects.get(pk=thread.pk)
    assert (stored.title, stored.slug) == ("Ceasefire talks in Geneva", "ceasefire-talks-in-geneva")
    assert _actions(thread) == [
        ("thread.rename", "mod_mia", {"title": old}, {"title": "Ceasefire talks in Geneva"})
    ]


def test_rename_refuses_a_blank_title(moderator: Member, thread: Thread) -> None:
    with pytest.raises(ValidationError):
        rename_thread(moderator, thread, "   ")
    assert Thread.objects.get(pk=thread.pk).title == thread.title


def test_move_keeps_both_forums_counters_exact(
    moderator: Member, forum: Forum, other_member: Member
) -> None:
    target = make_forum(name="Defence")
    moving = make_thread(forum, author=other_member, replies=2)
    staying = make_thread(forum, author=other_member, replies=1)
    make_thread(target, author=other_member)
    moved = move_thread(moderator, moving, target, reason="Off topic here")
    assert moved.forum_id == target.pk
    assert Thread.objects.get(pk=moving.pk).forum_id == target.pk
    forum.refresh_from_db()
    target.refresh_from_db()
    assert (forum.thread_count, forum.post_count, forum.last_thread_id) == (1, 2, staying.pk)
    assert (target.thread_count, target.post_count) == (2, 4)
    before = counters_snapshot()
    repair_counters()
    assert counters_snapshot() == before
    entry = AuditEntry.objects.get(action="thread.move")
    assert entry.before == {"forum_id": forum.pk, "forum": forum.name}
    assert entry.after == {"forum_id": target.pk, "forum": "Defence"}


def test_members_cannot_use_the_tools(member: Member, thread: Thread) -> None:
    calls: list[Callable[[], object]] = [
        lambda: lock_thread(member, thread),
        lambda: pin_thread(member, thread),
        lambda: rename_thread(member, thread, "Mine now"),
        lambda: set_thread_closing(member, thread, timezone.now() + timedelta(hours=1)),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert AuditEntry.objects.count() == 0


def test_a_hidden_thread_is_missing_to_a_member(
    member: Member, moderator: Member, staff_forum: Forum
) -> None:
    hidden = make_thread(staff_forum, author=moderator)
    with pytest.raises(Http404):
        lock_thread(member, hidden)


def test_moving_needs_both_forums_moderated_and_a_hidden_target_is_missing(
    moderator: Member, thread: Thread, staff_forum: Forum
) -> None:
    other = make_forum()
    facts = Access.for_actor(moderator).facts
    everything = frozenset({thread.forum_id, other.pk, staff_forum.pk})
    # A moderator of the thread's forum only, who cannot see the staff forum.
    local = Access(
        facts,
        ForumGrants(
            view=everything - {staff_forum.pk},
            read=everything - {staff_forum.pk},
            moderate=frozenset({thread.forum_id}),
        ),
        object(),
    )
    with pytest.raises(Http404):
        check_move_thread(local, thread, staff_forum)
    with pytest.raises(PermissionDenied):
        check_move_thread(local, thread, other)
    # A moderator of the other forum only may not take threads from this one.
    elsewhere = Access(
        facts,
        ForumGrants(view=everything, read=everything, moderate=frozenset({other.pk})),
        object(),
    )
    with pytest.raises(PermissionDenied):
        check_move_thread(elsewhere, thread, other)
    check_move_thread(Access.for_actor(moderator), thread, other)


def test_timed_close_locks_the_thread_when_due(
    moderator: Member,
    thread: Thread,
    published_events: list[Event],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    when = timezone.now() + timedelta(hours=2)
    set_thread_closing(moderator, thread, when, reason="Election night")
    assert thread_closing(thread) == when
    assert close_due_threads() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert close_due_threads(when + timedelta(seconds=1)) == 1
    thread.refresh_from_db()
    assert thread.is_locked is True
    assert thread_closing(thread) is None
    assert [e.kind for e in published_events if isinstance(e, ThreadChanged)] == ["updated"]
    assert [(a[0], a[1]) for a in _actions(thread)] == [
        ("thread.close_at", "mod_mia"),
        ("thread.timed_close", ""),
    ]
    assert close_due_threads(when + timedelta(minutes=5)) == 0


def test_the_periodic_job_closes_due_threads(moderator: Member, thread: Thread) -> None:
    set_thread_closing(moderator, thread, timezone.now() + timedelta(minutes=1))
    ThreadClosing.objects.filter(thread=thread).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    assert close_due_threads_job.call() == 1
    assert Thread.objects.get(pk=thread.pk).is_locked is True


def test_timed_close_can_be_removed_and_refuses_the_past(moderator: Member, thread: Thread) -> None:
    with pytest.raises(ValidationError):
        set_thread_closing(moderator, thread, timezone.now() - timedelta(minutes=1))
    set_thread_closing(moderator, thread, timezone.now() + timedelta(days=1))
    set_thread_closing(moderator, thread, None)
    assert thread_closing(thread) is None
    assert close_due_threads(timezone.now() + timedelta(days=2)) == 0
    assert Thread.objects.get(pk=thread.pk).is_locked is False


# ---------------------------------------------------------------- pages


def test_moderator_sees_the_tools_on_the_thread_page_and_members_do_not(
    moderator_client: Client, member_client: Client, thread: Thread
) -> None:
    page = moderator_client.get(thread.get_absolute_url())
    assert f'action="/moderation/threads/{thread.pk}/action/"' in page.content.decode()
    assert "moderation-tools" not in member_client.get(thread.get_absolute_url()).content.decode()


def test_lock_button_works_without_javascript(moderator_client: Client, thread: Thread) -> None:
    response = moderator_client.post(
        f"/moderation/threads/{thread.pk}/action/", {"action": "lock", "reason": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert Thread.objects.get(pk=thread.pk).is_locked is True
    page = moderator_client.get(thread.get_absolute_url()).content.decode()
    assert 'value="unlock"' in page
    assert "Thread locked." in page


def test_tools_page_refuses_members_and_hides_hidden_threads(
    member_client: Client, guest_client: Client, thread: Thread, staff_forum: Forum
) -> None:
    assert member_client.get(f"/moderation/threads/{thread.pk}/tools/").status_code == 403
    assert (
        member_client.post(f"/moderation/threads/{thread.pk}/action/", {"action": "lock"})
    ).status_code == 403
    hidden = make_thread(staff_forum, author=make_member(is_staff=True))
    assert member_client.get(f"/moderation/threads/{hidden.pk}/tools/").status_code == 404
    assert guest_client.get(f"/moderation/threads/{thread.pk}/tools/").status_code == 302
    assert Thread.objects.get(pk=thread.pk).is_locked is False


def test_tools_page_renames_moves_and_sets_a_timed_close(
    moderator_client: Client, thread: Thread
) -> None:
    target = make_forum(name="Diplomacy")
    url = f"/moderation/threads/{thread.pk}/tools/"
    page = moderator_client.get(url)
    assert page.status_code == 200
    assert "Diplomacy" in page.content.decode()
    when = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    response = moderator_client.post(
        url,
        {
            "title": "Geneva talks, day two",
            "forum": str(target.pk),
            "closes_at": when.strftime("%Y-%m-%dT%H:%M"),
            "reason": "tidy",
        },
    )
    assert response.status_code == 302
    stored = Thread.objects.get(pk=thread.pk)
    assert (stored.title, stored.forum_id) == ("Geneva talks, day two", target.pk)
    assert thread_closing(stored) == when
    assert response["Location"] == stored.get_absolute_url()


def test_tools_page_shows_errors(moderator_client: Client, thread: Thread) -> None:
    response = moderator_client.post(
        f"/moderation/threads/{thread.pk}/tools/",
        {"title": "Fine", "forum": str(thread.forum_id), "closes_at": "2001-01-01T10:00"},
    )
    assert response.status_code == 400
    assert "Choose a time in the future." in response.content.decode()
    assert Thread.objects.get(pk=thread.pk).title == thread.title


# ---------------------------------------------------------------- API


def test_api_patch_changes_several_fields(moderator_api: ApiClient, thread: Thread) -> None:
    target = make_forum(name="Elections")
    when = timezone.now() + timedelta(hours=3)
    response = moderator_api.patch(
        f"/threads/{thread.pk}",
        {
            "title": "Renamed by API",
            "forum_id": target.pk,
            "locked": True,
            "pinned": True,
            "closes_at": when.isoformat(),
            "reason": "cleanup",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["forum"]["id"], body["is_locked"], body["is_pinned"]) == (
        "Renamed by API",
        target.pk,
        True,
        True,
    )
    assert body["closes_at"] is not None
    stored = Thread.objects.get(pk=thread.pk)
    assert (stored.title, stored.forum_id, stored.is_locked, stored.is_pinned) == (
        "Renamed by API",
        target.pk,
        True,
        True,
    )
    response = moderator_api.patch(f"/threads/{thread.pk}", {"closes_at": None})
    assert response.status_code == 200
    assert response.json()["closes_at"] is None
    response = moderator_api.patch(f"/threads/{thread.pk}", {"slow_mode_seconds": 30})
    assert (response.status_code, response.json()["slow_mode_seconds"]) == (200, 30)
    assert Thread.objects.get(pk=thread.pk).slow_mode_seconds == 30
    response = moderator_api.patch(f"/threads/{thread.pk}", {"slow_mode_seconds": -1})
    assert response.status_code == 422
    assert Thread.objects.get(pk=thread.pk).slow_mode_seconds == 30


def test_api_patch_403_for_members_404_for_hidden(
    member_api: ApiClient, guest_api: ApiClient, thread: Thread, staff_forum: Forum
) -> None:
    response = member_api.patch(f"/threads/{thread.pk}", {"locked": True})
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"
    assert guest_api.patch(f"/threads/{thread.pk}", {"locked": True}).status_code == 401
    hidden = make_thread(staff_forum, author=make_member(is_staff=True))
    assert member_api.patch(f"/threads/{hidden.pk}", {"locked": True}).status_code == 404
    assert Thread.objects.get(pk=thread.pk).is_locked is False


def test_api_patch_validates(moderator_api: ApiClient, thread: Thread) -> None:
    assert moderator_api.patch(f"/threads/{thread.pk}", {"locked": "yes"}).status_code == 422
    assert moderator_api.patch(f"/threads/{thread.pk}", {"owner": 1}).status_code == 422
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    response = moderator_api.patch(f"/threads/{thread.pk}", {"closes_at": past})
    assert response.status_code == 422
    assert "closes_at" in error_of(response)["fields"]
    assert moderator_api.patch(f"/threads/{thread.pk}", {"forum_id": 999999}).status_code == 404


def test_api_read_still_answers_get(guest_api: ApiClient, thread: Thread) -> None:
    assert guest_api.get(f"/threads/{thread.pk}").status_code == 200
