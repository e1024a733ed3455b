from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.test import Client

from pnyx.accounts.models import Member
from pnyx.alerts.models import Alert, AlertPreferences, ForumWatch, ThreadWatch
from pnyx.alerts.services import watch_thread
from pnyx.forums.models import Forum
from pnyx.posting.services import reply_to_thread
from pnyx.testing.factories import make_member, make_thread
from pnyx.threads.models import Thread

FanOut = Callable[[], AbstractContextManager[None]]


def test_watch_and_unwatch_a_thread_without_javascript(
    member: Member, member_client: Client, thread: Thread
) -> None:
    page = member_client.get(thread.get_absolute_url())
    assert b"Watch thread" in page.content
    response = member_client.post(
        f"/watch/thread/{thread.pk}/", {"action": "watch", "next": thread.get_absolute_url()}
    )
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert ThreadWatch.objects.filter(member=member, thread=thread).exists()
    assert b"Unwatch thread" in member_client.get(thread.get_absolute_url()).content
    member_client.post(f"/watch/thread/{thread.pk}/", {"action": "unwatch"})
    assert not ThreadWatch.objects.filter(member=member).exists()


def test_watch_forum_page_and_watched_list(
    member: Member, member_client: Client, forum: Forum, thread: Thread
) -> None:
    assert b"Watch forum" in member_client.get(forum.get_absolute_url()).content
    member_client.post(f"/watch/forum/{forum.pk}/", {"action": "watch", "every_post": "1"})
    assert ForumWatch.objects.get(member=member, forum=forum).every_post
    watch_thread(member, thread)
    page = member_client.get("/watched/")
    assert page.status_code == 200
    assert thread.title.encode() in page.content
    assert forum.name.replace("&", "&amp;").encode() in page.content


def test_watching_needs_sign_in_and_hidden_things_are_missing(
    guest_client: Client,
    member_client: Client,
    thread: Thread,
    staff_forum: Forum,
    moderator: Member,
) -> None:
    response = guest_client.post(f"/watch/thread/{thread.pk}/", {"action": "watch"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert b"Watch thread" not in guest_client.get(thread.get_absolute_url()).content
    secret = make_thread(staff_forum, author=moderator)
    assert member_client.post(f"/watch/thread/{secret.pk}/").status_code == 404
    assert member_client.post(f"/watch/forum/{staff_forum.pk}/").status_code == 404
    assert guest_client.get("/alerts/").status_code == 302


def test_alert_centre_follow_and_mark_all_read(
    member: Member,
    member_client: Client,
    other_member: Member,
    thread: Thread,
    fan_out: FanOut,
) -> None:
    watch_thread(member, thread)
    with fan_out():
        reply = reply_to_thread(other_member, thread, body="Follow me.")
        reply_to_thread(other_member, thread, body="And me.")
    page = member_client.get("/")
    assert b'class="badge alert-count"' in page.content
    centre = member_client.get("/alerts/")
    assert f"{other_member.name} replied to".encode() in centre.content
    alert = Alert.objects.get(member=member, post=reply)
    follow = member_client.get(f"/alerts/{alert.pk}/")
    assert follow.status_code == 302
    assert follow["Location"].endswith(f"#post-{reply.pk}")
    alert.refresh_from_db()
    assert alert.read_at is not None
    member_client.post("/alerts/read/", {"all": "1"})
    assert not Alert.objects.filter(member=member, read_at__isnull=True).exists()
    assert b'class="badge alert-count"' not in member_client.get("/").content


def test_someone_elses_alert_is_missing(
    member: Member, other_member_client: Client, thread: Thread, fan_out: FanOut
) -> None:
    watch_thread(member, thread)
    with fan_out():
        reply_to_thread(make_member(), thread, body="Mine.")
    alert = Alert.objects.get(member=member)
    assert other_member_client.get(f"/alerts/{alert.pk}/").status_code == 404
    other_member_client.post("/alerts/read/", {"id": str(alert.pk)})
    alert.refresh_from_db()
    assert alert.read_at is None


def test_reading_the_thread_page_marks_the_alert_read(
    member: Member, member_client: Client, other_member: Member, thread: Thread, fan_out: FanOut
) -> None:
    watch_thread(member, thread)
    with fan_out():
        reply_to_thread(other_member, thread, body="Read on the page.")
    member_client.get("/")  # the count is cached
    member_client.get(thread.get_absolute_url())
    assert Alert.objects.get(member=member).read_at is not None


def test_preferences_page(member: Member, member_client: Client) -> None:
    assert member_client.get("/account/alerts/").status_code == 200
    data: dict[str, Any] = {"kind-reply": "off", "kind-quote": "email", "digest": "daily"}
    response = member_client.post("/account/alerts/", data)
    assert response.status_code == 302
    preferences = AlertPreferences.objects.get(member=member)
    assert preferences.delivery("reply") == "off"
    assert preferences.delivery("quote") == "email"
    assert preferences.digest == "daily"
    assert preferences.auto_watch is False  # unticked box
    bad = member_client.post("/account/alerts/", {"kind-reply": "loud"})
    assert bad.status_code == 400


def test_header_count_costs_no_query_in_the_steady_state(
    member: Member,
    member_client: Client,
    other_member: Member,
    thread: Thread,
    fan_out: FanOut,
    django_assert_num_queries: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    watch_thread(member, thread)
    with fan_out():
        reply_to_thread(other_member, thread, body="Count.")
    member_client.get("/")  # counted once, then cached
    with CaptureQueriesContext(connection) as context:
        page = member_client.get("/")
    assert b'class="badge alert-count"' in page.content
    assert not any("alerts_alert" in query["sql"] for query in context.captured_queries)
