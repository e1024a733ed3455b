from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pnyx.accounts.models import Member
from pnyx.alerts import services
from pnyx.alerts.enums import AlertKind
from pnyx.alerts.models import Alert, AlertPreferences, ForumWatch, ThreadWatch
from pnyx.alerts.presenters import alert_item
from pnyx.alerts.selectors import list_alerts, unread_count, watched
from pnyx.alerts.services import (
    mark_read,
    notify,
    set_preferences,
    unwatch_thread,
    watch_forum,
    watch_thread,
)
from pnyx.core.events import AlertRequested, publish_on_commit
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.posting.services import create_thread, delete_post, reply_to_thread
from pnyx.reactions.services import set_reaction
from pnyx.testing.factories import first_post, guest, make_member, make_thread
from pnyx.threads.models import Thread
from pnyx.threads.services import mark_thread_read

FanOut = Callable[[], AbstractContextManager[None]]


def _alerts(member: Member) -> list[tuple[str, int | None]]:
    return [
        (alert.kind, alert.post_id) for alert in Alert.objects.filter(member=member).order_by("id")
    ]


# ---------------------------------------------------------------- watching


def test_watch_and_unwatch_thread(member: Member, thread: Thread) -> None:
    watch_thread(member, thread)
    watch_thread(member, thread)  # idempotent
    assert ThreadWatch.objects.filter(member=member, thread=thread).count() == 1
    unwatch_thread(member, thread)
    assert not ThreadWatch.objects.filter(member=member).exists()


def test_guests_cannot_watch_and_hidden_threads_are_missing(
    member: Member, thread: Thread, staff_forum: Forum, moderator: Member
) -> None:
    with pytest.raises(PermissionDenied):
        watch_thread(guest(), thread)
    secret = make_thread(staff_forum, author=moderator)
    with pytest.raises(Http404):
        watch_thread(member, secret)
    with pytest.raises(Http404):
        watch_forum(member, staff_forum)


def test_starting_and_replying_watches_the_thread_unless_turned_off(
    member: Member, other_member: Member, forum: Forum, fan_out: FanOut
) -> None:
    with fan_out():
        thread = create_thread(member, forum, title="Elections", body="When are they?")
    assert ThreadWatch.objects.filter(member=member, thread=thread).exists()
    set_preferences(other_member, auto_watch=False)
    with fan_out():
        reply_to_thread(other_member, thread, body="In May.")
    assert not ThreadWatch.objects.filter(member=other_member).exists()


def test_watched_lists_only_what_the_member_may_still_read(
    member: Member, thread: Thread, members_forum: Forum
) -> None:
    other = make_thread(members_forum)
    watch_thread(member, thread)
    watch_thread(member, other)
    watch_forum(member, members_forum, every_post=True)
    listing = watched(member)
    assert {t.pk for t in listing.threads} == {thread.pk, other.pk}
    assert [w.forum_id for w in listing.forums] == [members_forum.pk]
    members_forum.visibility = Visibility.STAFF
    members_forum.save()
    listing = watched(member)
    assert [t.pk for t in listing.threads] == [thread.pk]
    assert listing.forums == []


# ---------------------------------------------------------------- fan-out


def test_reply_alerts_thread_watchers_but_not_its_author(
    member: Member, other_member: Member, thread: Thread, fan_out: FanOut
) -> None:
    watch_thread(member, thread)
    watch_thread(other_member, thread)
    with fan_out():
        reply = reply_to_thread(other_member, thread, body="An update from Geneva.")
    assert _alerts(member) == [("reply", reply.pk)]
    assert _alerts(other_member) == []
    item = alert_item(list_alerts(member).alerts[0])
    assert item.message == f"{other_member.name} replied to {thread.title}"
    assert unread_count(member) == 1


def test_watcher_batches_cover_everyone_once(
    member: Member, thread: Thread, fan_out: FanOut, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "BATCH", 2)
    watchers = [make_member() for _ in range(5)]
    for watcher in watchers:
        watch_thread(watcher, thread)
    with fan_out():
        reply = reply_to_thread(member, thread, body="Batched.")
    assert sorted(Alert.objects.filter(post=reply).values_list("member_id", flat=True)) == sorted(
        w.pk for w in watchers
    )
    # A job run again adds nothing.
    assert services.alert_watchers(reply.pk, "thread", 0) is not None
    assert Alert.objects.filter(post=reply).count() == 5


def test_new_thread_alerts_forum_watchers_and_every_post_watchers_get_replies(
    member: Member, other_member: Member, forum: Forum, fan_out: FanOut
) -> None:
    every = make_member()
    watch_forum(member, forum)
    watch_forum(every, forum, every_post=True)
    with fan_out():
        thread = create_thread(other_member, forum, title="Budget", body="Numbers.")
    opening = first_post(thread)
    assert _alerts(member) == [("thread", opening.pk)]
    assert _alerts(every) == [("thread", opening.pk)]
    with fan_out():
        reply = reply_to_thread(other_member, thread, body="More numbers.")
    assert _alerts(member) == [("thread", opening.pk)]
    assert _alerts(every) == [("thread", opening.pk), ("reply", reply.pk)]


def test_quote_alerts_the_quoted_author_once_not_also_as_a_reply(
    member: Member, other_member: Member, thread: Thread, fan_out: FanOut
) -> None:
    opening = first_post(thread)
    with fan_out():
        reply = reply_to_thread(
            member,
            thread,
            body=f'[quote="{other_member.username}, post:{opening.pk}"]\nGeneva\n[/quote]\n\nSure?',
        )
    # other_member started the thread, so watches it (auto-watch is not on for fixtures),
    # watch now and check there is one alert, a quote.
    watch_thread(other_member, thread)
    services.alert_watchers(reply.pk, "thread", 0)
    assert _alerts(other_member) == [("quote", reply.pk)]
    assert alert_item(list_alerts(other_member).alerts[0]).message.startswith(member.name)


def test_no_alert_for_what_the_recipient_may_not_read(
    member: Member, moderator: Member, staff_forum: Forum, fan_out: FanOut
) -> None:
    staff_thread = make_thread(staff_forum, author=moderator)
    ThreadWatch.objects.create(member=member, thread=staff_thread)  # watched before it moved
    with fan_out():
        reply_to_thread(moderator, staff_thread, body="Staff only.")
    assert _alerts(member) == []


def test_alert_hidden_when_the_forum_becomes_unreadable_and_gone_with_the_post(
    member: Member, other_member: Member, moderator: Member, forum: Forum, fan_out: FanOut
) -> None:
    thread = make_thread(forum, author=member)
    watch_thread(member, thread)
    with fan_out():
        reply = reply_to_thread(other_member, thread, body="Hello.")
    assert unread_count(member) == 1
    forum.refresh_from_db()
    with fan_out():
        forum.visibility = Visibility.STAFF
        forum.save()
    assert list_alerts(member).alerts == []
    assert unread_count(member) == 0
    forum.visibility = Visibility.PUBLIC
    with fan_out():
        forum.save()
    forum.refresh_from_db()
    assert unread_count(member) == 1
    with fan_out():
        delete_post(moderator, reply)
    assert unread_count(member) == 0
    assert not Alert.objects.exists()


def test_alert_kind_turned_off_is_not_created(
    member: Member, other_member: Member, thread: Thread, fan_out: FanOut
) -> None:
    set_preferences(member, kinds={"reply": "off"})
    watch_thread(member, thread)
    with fan_out():
        reply_to_thread(other_member, thread, body="Quiet.")
    assert _alerts(member) == []


def test_reactions_are_batched_in_one_alert(
    member: Member, thread: Thread, fan_out: FanOut
) -> None:
    post = reply_to_thread(member, thread, body="Worth a like.")
    reactors = [make_member() for _ in range(3)]
    for reactor in reactors:
        with fan_out():
            set_reaction(reactor, post, "like", on=True)
    alert = Alert.objects.get(member=member, kind=AlertKind.REACTION)
    assert alert.actor_count == 3
    assert alert.actor_id == reactors[-1].pk
    assert alert_item(alert).message == f"3 members reacted to your post in {thread.title}"
    mark_read(member, everything=True)
    with fan_out():
        set_reaction(reactors[0], post, "agree", on=True)
    alert.refresh_from_db()
    assert alert.read_at is None
    assert alert.actor_count == 1


def test_reading_the_thread_marks_its_alerts_read(
    member: Member, other_member: Member, thread: Thread, fan_out: FanOut
) -> None:
    watch_thread(member, thread)
    with fan_out():
        reply = reply_to_thread(other_member, thread, body="Read me.")
    assert unread_count(member) == 1
    mark_thread_read(member, thread, reply.position - 1)
    assert unread_count(member) == 1
    mark_thread_read(member, thread, reply.position)
    assert unread_count(member) == 0
    assert Alert.objects.get(member=member).read_at is not None


def test_mark_read_some_or_all_only_ones_own(
    member: Member, other_member: Member, thread: Thread, fan_out: FanOut
) -> None:
    watch_thread(member, thread)
    watch_thread(other_member, thread)
    with fan_out():
        reply_to_thread(make_member(), thread, body="One.")
        reply_to_thread(make_member(), thread, body="Two.")
    mine = list(Alert.objects.filter(member=member).values_list("pk", flat=True))
    theirs = list(Alert.objects.filter(member=other_member).values_list("pk", flat=True))
    assert mark_read(member, ids=[mine[0], theirs[0]]) == 1
    assert unread_count(member) == 1
    assert unread_count(other_member) == 2
    assert mark_read(member, everything=True) == 1
    assert unread_count(member) == 0
    with pytest.raises(PermissionDenied):
        mark_read(guest(), everything=True)


def test_other_apps_alert_through_notify_and_the_event(
    member: Member, moderator: Member, thread: Thread, fan_out: FanOut, staff_forum: Forum
) -> None:
    assert notify(member.pk, "report_outcome", actor_id=moderator.pk, object_id=7, url="/r/7")
    assert not notify(member.pk, "report_outcome", object_id=7, url="/r/7") or True
    assert Alert.objects.filter(member=member, kind="report_outcome").count() == 1
    with fan_out():
        publish_on_commit(
            AlertRequested(
                member_id=member.pk,
                alert_kind="conversation_message",
                actor_id=moderator.pk,
                object_id=12,
                url="/conversations/3/#message-12",
            )
        )
    alert = Alert.objects.get(member=member, kind="conversation_message")
    assert alert.url == "/conversations/3/#message-12"
    # About a post the member may not read: nothing.
    secret = make_thread(staff_forum, author=moderator)
    assert not notify(member.pk, "moderation", post_id=first_post(secret).pk)
    assert unread_count(member) == 2


def test_preferences_are_validated(member: Member) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        set_preferences(member, kinds={"reply": "loud"})
    with pytest.raises(ValidationError):
        set_preferences(member, digest="hourly")
    set_preferences(member, kinds={"quote": "email"}, digest="weekly")
    preferences = AlertPreferences.objects.get(member=member)
    assert preferences.delivery("quote") == "email"
    assert preferences.delivery("reply") == "site"
    assert preferences.digest == "weekly"


def test_forum_watch_every_post_updates(member: Member, forum: Forum) -> None:
    watch_forum(member, forum)
    watch_forum(member, forum, every_post=True)
    assert ForumWatch.objects.get(member=member).every_post is True


def test_unread_count_is_cached(
    member: Member,
    other_member: Member,
    thread: Thread,
    fan_out: FanOut,
    django_assert_num_queries: Callable[[int], AbstractContextManager[None]],
) -> None:
    watch_thread(member, thread)
    with fan_out():
        reply_to_thread(other_member, thread, body="Count me.")
    assert unread_count(member) == 1
    with django_assert_num_queries(0):
        assert unread_count(member) == 1
