from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from pnyx.accounts.models import Member
from pnyx.alerts.models import Alert, ForumWatch, ThreadWatch
from pnyx.alerts.services import watch_thread
from pnyx.forums.models import Forum
from pnyx.posting.services import reply_to_thread
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import make_thread
from pnyx.threads.models import Thread

FanOut = Callable[[], AbstractContextManager[None]]


def test_watch_and_unwatch_thread_and_forum(
    member: Member, member_api: ApiClient, thread: Thread, forum: Forum
) -> None:
    response = member_api.put(f"/threads/{thread.pk}/watch")
    assert response.status_code == 200
    assert response.json()["watching"] is True
    assert ThreadWatch.objects.filter(member=member, thread=thread).exists()
    assert member_api.delete(f"/threads/{thread.pk}/watch").json()["watching"] is False
    assert not ThreadWatch.objects.exists()
    response = member_api.send("PUT", f"/forums/{forum.pk}/watch", {"every_post": True})
    assert response.status_code == 200, response.content
    assert response.json() == {"watching": True, "every_post": True}
    assert ForumWatch.objects.get(member=member).every_post
    assert member_api.delete(f"/forums/{forum.pk}/watch").status_code == 200
    assert not ForumWatch.objects.exists()


def test_watch_errors(
    guest_api: ApiClient,
    member_api: ApiClient,
    thread: Thread,
    staff_forum: Forum,
    moderator: Member,
) -> None:
    assert guest_api.put(f"/threads/{thread.pk}/watch").status_code == 401
    secret = make_thread(staff_forum, author=moderator)
    assert member_api.put(f"/threads/{secret.pk}/watch").status_code == 404
    assert member_api.put(f"/forums/{staff_forum.pk}/watch").status_code == 404
    assert member_api.put("/threads/999999/watch").status_code == 404


def test_list_and_mark_alerts(
    member: Member, member_api: ApiClient, other_member: Member, thread: Thread, fan_out: FanOut
) -> None:
    watch_thread(member, thread)
    with fan_out():
        first = reply_to_thread(other_member, thread, body="One.")
        second = reply_to_thread(other_member, thread, body="Two.")
    body = member_api.get("/alerts").json()
    assert body["unread"] == 2
    assert [a["post_id"] for a in body["alerts"]] == [second.pk, first.pk]
    alert = body["alerts"][0]
    assert alert["kind"] == "reply"
    assert alert["thread_id"] == thread.pk
    assert alert["actor"]["username"] == other_member.username
    assert alert["read"] is False
    assert alert["url"].endswith(f"#post-{second.pk}")
    marked = member_api.post("/alerts/read", {"ids": [alert["id"]]}).json()
    assert marked == {"marked": 1, "unread": 1}
    assert member_api.post("/alerts/read", {"all": True}).json() == {"marked": 1, "unread": 0}
    assert member_api.post("/alerts/read", {}).json() == {"marked": 0, "unread": 0}
    assert Alert.objects.filter(read_at__isnull=True).count() == 0


def test_alerts_need_a_member(guest_api: ApiClient) -> None:
    assert guest_api.get("/alerts").status_code == 401
    assert guest_api.post("/alerts/read", {"all": True}).status_code == 401
    assert guest_api.get("/me/alert-preferences").status_code == 401


def test_alert_preferences(member_api: ApiClient) -> None:
    body = member_api.get("/me/alert-preferences").json()
    assert body["kinds"]["reply"] == "site"
    assert body["digest"] == "none"
    assert body["auto_watch"] is True
    response = member_api.send(
        "PUT",
        "/me/alert-preferences",
        {"kinds": {"mention": "email", "reaction": "off"}, "digest": "weekly"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["kinds"]["mention"] == "email"
    assert body["kinds"]["reaction"] == "off"
    assert body["kinds"]["reply"] == "site"
    assert body["digest"] == "weekly"
    bad = member_api.send("PUT", "/me/alert-preferences", {"kinds": {"reply": "loud"}})
    assert bad.status_code == 422
    assert error_of(bad)["code"]
