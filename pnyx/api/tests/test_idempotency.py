"""Idempotency-Key on POST: the same request again returns the first answer, nothing new."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from pnyx.accounts.models import Member
from pnyx.api.models import IdempotencyRecord
from pnyx.forums.models import Forum
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import make_member, make_thread, make_token
from pnyx.threads.models import Post, Thread

pytestmark = pytest.mark.django_db

KEY = {"Idempotency-Key": "0b8f6a1e-6c1f-4a39-9d55-5f1c1e0e2a77"}


def test_same_key_same_thread_request_returns_the_first_answer(
    member_api: ApiClient, forum: Forum
) -> None:
    payload = {"forum_id": forum.pk, "title": "Budget vote", "body": "The vote is on Friday."}
    first = member_api.post("/threads", payload, **KEY)
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first
    # Key order and whitespace do not make a different request.
    again = member_api.send(
        "POST",
        "/threads",
        raw=(
            '{ "body": "The vote is on Friday.", "title": "Budget vote", '
            f'"forum_id": {forum.pk} }}'
        ),
        **KEY,
    )
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Thread.objects.count() == 1
    assert Post.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_same_key_same_reply_returns_the_first_post(member_api: ApiClient, thread: Thread) -> None:
    first = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Agreed."}, **KEY)
    again = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Agreed."}, **KEY)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert Post.objects.filter(thread=thread).count() == 2


def test_same_key_different_request_is_409_and_creates_nothing(
    member_api: ApiClient, thread: Thread
) -> None:
    assert member_api.post(f"/threads/{thread.pk}/posts", {"body": "One"}, **KEY).status_code == 201
    different = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Two"}, **KEY)
    assert different.status_code == 409
    assert error_of(different) == {
        "code": "idempotency_key_reused",
        "message": (
            "This Idempotency-Key was already used for a different request; "
            "send a new key with a new request."
        ),
        "fields": {"Idempotency-Key": ["Already used for a different request."]},
    }
    other_path = member_api.post(
        "/threads", {"forum_id": thread.forum_id, "title": "t", "body": "One"}, **KEY
    )
    assert other_path.status_code == 409
    assert Post.objects.filter(thread=thread).count() == 2
    assert Thread.objects.count() == 1


def test_keys_are_per_member(member_api: ApiClient, other_member: Member, thread: Thread) -> None:
    moderator = make_member(username="third")
    third_api = ApiClient(make_token(moderator))
    a = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Same"}, **KEY)
    b = third_api.post(f"/threads/{thread.pk}/posts", {"body": "Same"}, **KEY)
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["id"] != b.json()["id"]
    assert IdempotencyRecord.objects.count() == 2


def test_failed_request_is_not_stored_and_can_be_resent(
    member_api: ApiClient, thread: Thread
) -> None:
    empty = member_api.post(f"/threads/{thread.pk}/posts", {"body": "   "}, **KEY)
    assert empty.status_code == 422
    assert IdempotencyRecord.objects.count() == 0
    fixed = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Now with text"}, **KEY)
    assert fixed.status_code == 201


def test_without_a_key_each_request_creates(member_api: ApiClient, thread: Thread) -> None:
    for _ in range(2):
        assert member_api.post(f"/threads/{thread.pk}/posts", {"body": "Echo"}).status_code == 201
    assert Post.objects.filter(thread=thread).count() == 3
    assert IdempotencyRecord.objects.count() == 0


def test_keys_expire_after_24_hours(member_api: ApiClient, thread: Thread) -> None:
    first = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Day one"}, **KEY)
    assert first.status_code == 201
    with time_machine.travel(timezone.now() + timedelta(hours=24, seconds=1)):
        # An expired key is free again: a different request with it is a new post.
        later = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Day two"}, **KEY)
    assert later.status_code == 201
    assert later.json()["id"] != first.json()["id"]
    record = IdempotencyRecord.objects.get()
    assert record.response_body["id"] == later.json()["id"]


def test_clear_idempotency_keys_command_deletes_only_expired(
    member_api: ApiClient, thread: Thread, capsys: pytest.CaptureFixture[str]
) -> None:
    member_api.post(f"/threads/{thread.pk}/posts", {"body": "Old"}, **KEY)
    member_api.post(
        f"/threads/{thread.pk}/posts", {"body": "New"}, **{"Idempotency-Key": "another-key-1"}
    )
    IdempotencyRecord.objects.filter(key=KEY["Idempotency-Key"]).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    call_command("clear_idempotency_keys")
    assert capsys.readouterr().out == "Deleted 1 expired idempotency record(s).\n"
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["another-key-1"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_create_one_post(forum: Forum) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    author = make_member(username="racer")
    thread = make_thread(forum, author=author)
    token = make_token(author)
    barrier = threading.Barrier(4)
    results: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait(timeout=10)
            response = ApiClient(token).post(f"/threads/{thread.pk}/posts", {"body": "Race"}, **KEY)
            results.append((response.status_code, response.json()["id"]))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=submit) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert [status for status, _ in results] == [201] * 4
    assert len({post_id for _, post_id in results}) == 1
    assert Post.objects.filter(thread=thread).count() == 2
    assert IdempotencyRecord.objects.count() == 1
