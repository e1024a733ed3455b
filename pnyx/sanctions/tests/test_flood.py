"""Flood limits: a minimum interval between a member's posts and a cap per hour, enforced
in posting's services, so page forms, the API and scripts all obey them."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from pnyx.core.models import SiteSettings
from pnyx.core.ratelimit import RateLimitError
from pnyx.posting.services import create_thread, reply_to_thread
from pnyx.sanctions.flood import take_flood_pass
from pnyx.testing.api import error_of
from pnyx.threads.models import Post, Thread

if TYPE_CHECKING:
    from pnyx.accounts.models import Member
    from pnyx.forums.models import Forum
    from pnyx.testing.api import ApiClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("flood_limits")]


def _limits(interval: int, per_hour: int) -> None:
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"post_interval_seconds": interval, "posts_per_hour": per_hour}
    )


def test_a_second_reply_within_the_interval_is_refused_with_the_wait(
    member: Member, thread: Thread
) -> None:
    _limits(30, 0)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        reply_to_thread(member, thread, body="First.")
        traveller.shift(timedelta(seconds=10))
        with pytest.raises(RateLimitError) as refused:
            reply_to_thread(member, thread, body="Second.")
        assert refused.value.retry_after == 20
        assert refused.value.message == (
            "You are posting too fast. You can post again in 20 seconds."
        )
        traveller.shift(timedelta(seconds=20))
        reply_to_thread(member, thread, body="Third.")
    posts = Post.objects.filter(author=member).order_by("position")
    assert list(posts.values_list("source", flat=True)) == ["First.", "Third."]


def test_new_threads_count_as_posts(member: Member, forum: Forum, thread: Thread) -> None:
    _limits(60, 0)
    create_thread(member, forum, title="One", body="Body.")
    with pytest.raises(RateLimitError):
        create_thread(member, forum, title="Two", body="Body.")
    with pytest.raises(RateLimitError):
        reply_to_thread(member, thread, body="And a reply.")
    assert Thread.objects.filter(author=member).count() == 1


def test_the_hourly_cap_counts_an_hour_from_the_first_post(member: Member, thread: Thread) -> None:
    _limits(0, 3)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for n in range(3):
            reply_to_thread(member, thread, body=f"Reply {n}.")
            traveller.shift(timedelta(minutes=10))
        with pytest.raises(RateLimitError) as refused:
            reply_to_thread(member, thread, body="Too many.")
        assert refused.value.retry_after == 30 * 60
        assert "3 posts in the last hour" in refused.value.message
        assert "30 minutes" in refused.value.message
        traveller.shift(timedelta(minutes=30, seconds=1))
        reply_to_thread(member, thread, body="A new hour.")
    assert Post.objects.filter(author=member).count() == 4


def test_limits_are_per_member(member: Member, thread: Thread) -> None:
    from pnyx.testing.factories import make_member

    _limits(60, 1)
    reply_to_thread(member, thread, body="Mine.")
    reply_to_thread(make_member(), thread, body="Theirs.")
    with pytest.raises(RateLimitError):
        reply_to_thread(member, thread, body="Mine again.")


def test_moderators_of_the_forum_bypass_the_limits(moderator: Member, thread: Thread) -> None:
    _limits(60, 2)
    for n in range(4):
        reply_to_thread(moderator, thread, body=f"Moderator note {n}.")
    assert Post.objects.filter(author=moderator).count() == 4


def test_zero_turns_the_limits_off(member: Member, thread: Thread) -> None:
    _limits(0, 0)
    for n in range(5):
        reply_to_thread(member, thread, body=f"Reply {n}.")
    assert Post.objects.filter(author=member).count() == 5


def test_a_refused_post_costs_no_slot_and_a_resent_form_returns_its_post(
    member: Member, thread: Thread
) -> None:
    _limits(60, 2)
    first = reply_to_thread(member, thread, body="Once.", idempotency_key="k" * 20)
    # The same form again (a double click) is not a flood: it answers with its post.
    again = reply_to_thread(member, thread, body="Once.", idempotency_key="k" * 20)
    assert again.pk == first.pk
    with pytest.raises(RateLimitError):
        reply_to_thread(member, thread, body="Other text.", idempotency_key="j" * 20)
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        # Two refused attempts took nothing from the hour: one more post fits.
        reply_to_thread(member, thread, body="Second.")
    assert Post.objects.filter(author=member).count() == 2


def test_a_post_that_fails_after_the_gate_gives_its_slot_back(
    member: Member, thread: Thread, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pnyx.posting.services import replies

    _limits(60, 0)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(replies, "save_new_post", broken)
    with pytest.raises(RuntimeError):
        reply_to_thread(member, thread, body="Lost.")
    monkeypatch.undo()
    from pnyx.sanctions import flood

    monkeypatch.setattr(flood, "LIMITS_APPLY", True)
    reply_to_thread(member, thread, body="Saved.")
    assert list(Post.objects.filter(author=member).values_list("source", flat=True)) == ["Saved."]


def test_concurrent_posts_pass_exactly_once(member: Member) -> None:
    _limits(60, 0)
    SiteSettings.objects.get(pk=1)  # the settings are read once, before the race
    from pnyx.core.site_settings import get_site_settings

    get_site_settings()
    passed: list[int] = []
    refused: list[int] = []
    start = threading.Barrier(8)

    def attempt(n: int) -> None:
        start.wait()
        try:
            take_flood_pass(member.pk)
        except RateLimitError:
            refused.append(n)
        else:
            passed.append(n)

    workers = [threading.Thread(target=attempt, args=(n,)) for n in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(passed) == 1
    assert len(refused) == 7


def test_eight_fast_replies_through_the_page_form_post_one(
    member_client: Client, member: Member, thread: Thread
) -> None:
    _limits(5, 60)
    url = f"/threads/{thread.pk}-{thread.slug}/reply/"
    answers = [
        member_client.post(url, {"body": f"Reply number {n}", "idempotency_key": f"{n:020d}"})
        for n in range(8)
    ]
    assert [answer.status_code for answer in answers] == [302] + [429] * 7
    refused = answers[1]
    assert refused["Retry-After"] == "5"
    html = refused.content.decode()
    assert "You are posting too fast. You can post again in 5 seconds." in html
    assert "Reply number 1" in html  # the text is kept in the form
    assert Post.objects.filter(author=member).count() == 1


def test_the_api_answers_429_with_retry_after(member_api: ApiClient, thread: Thread) -> None:
    _limits(30, 0)
    first = member_api.post(f"/threads/{thread.pk}/posts", {"body": "First."})
    assert first.status_code == 201
    second = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Second."})
    assert second.status_code == 429
    assert second["Retry-After"] in {"29", "30"}
    error = error_of(second)
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("You are posting too fast.")
