"""Domain events: delivered after commit to every subscriber, never after a rollback."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from pnyx.accounts.models import Member
from pnyx.core import content_version
from pnyx.core.content_version import current_content_version, on_guest_visible_change
from pnyx.core.events import (
    Event,
    PostChanged,
    ReactionChanged,
    SettingsChanged,
    ThreadChanged,
    deliver,
    publish_on_commit,
    subscribe,
    unsubscribe,
)
from pnyx.posting.services import reply_to_thread
from pnyx.threads.models import Post, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_version_file(settings: Settings, tmp_path: Path) -> None:
    # The content version lives in the data directory, which parallel test processes share.
    settings.DATA_DIR = tmp_path


def _post_event(post_id: int = 1) -> PostChanged:
    return PostChanged(
        kind="created", post_id=post_id, thread_id=2, forum_id=3, member_id=4, actor_id=4
    )


@pytest.fixture
def seen() -> Iterator[list[tuple[str, Event]]]:
    """(subscriber, event) pairs: one subscriber of PostChanged, one of every Event."""
    calls: list[tuple[str, Event]] = []

    def on_post(event: PostChanged) -> None:
        calls.append(("post", event))

    def on_any(event: Event) -> None:
        calls.append(("any", event))

    subscribe(PostChanged, on_post)
    subscribe(Event, on_any)
    yield calls
    unsubscribe(PostChanged, on_post)
    unsubscribe(Event, on_any)


def test_events_are_frozen_and_carry_ids_only() -> None:
    event = _post_event()
    with pytest.raises(AttributeError):
        event.post_id = 9  # type: ignore[misc]
    assert {name: type(value) for name, value in vars_of(event).items()} == {
        "actor_id": int, "kind": str, "post_id": int, "thread_id": int, "forum_id": int,
        "member_id": int,
    }  # fmt: skip
    assert hash(event) == hash(_post_event())


def vars_of(event: Event) -> dict[str, object]:
    return {field.name: getattr(event, field.name) for field in dataclasses.fields(event)}


def test_deliver_reaches_subscribers_of_the_type_and_of_its_bases(
    seen: list[tuple[str, Event]],
) -> None:
    post_event, thread_event = _post_event(), ThreadChanged(kind="created", thread_id=1, forum_id=2)
    deliver(post_event)
    deliver(thread_event)
    assert seen == [("any", post_event), ("post", post_event), ("any", thread_event)]


def test_subscribing_twice_delivers_once(seen: list[tuple[str, Event]]) -> None:
    def on_settings(event: SettingsChanged) -> None:
        seen.append(("settings", event))

    subscribe(SettingsChanged, on_settings)
    subscribe(SettingsChanged, on_settings)
    event = SettingsChanged(kind="site")
    deliver(event)
    unsubscribe(SettingsChanged, on_settings)
    deliver(event)
    assert seen == [("any", event), ("settings", event), ("any", event)]


def test_a_failing_subscriber_is_logged_and_the_others_still_run(
    seen: list[tuple[str, Event]], caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: Event) -> None:
        raise RuntimeError("subscriber down")

    subscribe(PostChanged, broken)
    try:
        deliver(_post_event())
    finally:
        unsubscribe(PostChanged, broken)
    assert [who for who, _event in seen] == ["any", "post"]
    assert "subscriber" in caplog.text
    assert "subscriber down" in caplog.text


def test_publish_on_commit_delivers_only_when_the_transaction_commits(
    seen: list[tuple[str, Event]],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_on_commit(_post_event())
        assert seen == []
    assert seen == []
    for callback in callbacks:
        callback()
    assert [who for who, _event in seen] == ["any", "post"]


def test_a_rolled_back_transaction_publishes_nothing(
    thread: Thread,
    member: Member,
    published_events: list[Event],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    before = current_content_version()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            reply_to_thread(member, thread, body="Never committed.")
            raise RuntimeError("roll back")
        assert not Post.objects.filter(source="Never committed.").exists()
    assert published_events == []
    assert current_content_version() == before


def test_a_committed_reply_publishes_one_post_event(
    thread: Thread,
    member: Member,
    published_events: list[Event],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post = reply_to_thread(member, thread, body="Committed.")
    assert published_events == [
        PostChanged(
            kind="created",
            post_id=post.pk,
            thread_id=thread.pk,
            forum_id=thread.forum_id,
            member_id=member.pk,
            actor_id=member.pk,
        )
    ]


@pytest.mark.django_db(transaction=True)
def test_real_commit_and_rollback(thread: Thread, member: Member) -> None:
    """Without pytest-django's wrapping transaction: the database's own commit decides."""
    delivered: list[Event] = []
    subscribe(Event, delivered.append)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            reply_to_thread(member, thread, body="Rolled back for real.")
            raise RuntimeError("roll back")
        assert delivered == []
        post = reply_to_thread(member, thread, body="Committed for real.")
        assert [type(event) for event in delivered] == [PostChanged]
        assert delivered[0].post_id == post.pk  # type: ignore[attr-defined]
    finally:
        unsubscribe(Event, delivered.append)


def test_guest_cache_subscriber_bumps_for_guest_visible_events_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bumps: list[None] = []
    monkeypatch.setattr(content_version, "bump_content_version", lambda: bumps.append(None))

    class Private(ReactionChanged):
        guest_visible = False

    on_guest_visible_change(
        ReactionChanged(kind="added", post_id=1, thread_id=2, member_id=3, reaction="like")
    )
    assert len(bumps) == 1
    on_guest_visible_change(
        Private(kind="added", post_id=1, thread_id=2, member_id=3, reaction="like")
    )
    assert len(bumps) == 1


def test_the_guest_cache_is_subscribed_at_start_up() -> None:
    before = current_content_version()
    deliver(SettingsChanged(kind="site"))
    assert current_content_version() != before
