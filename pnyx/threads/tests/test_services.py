from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.posting.services import repair_counters, reply_to_thread
from pnyx.reactions.services import set_reaction
from pnyx.testing.factories import first_post, make_member, make_thread
from pnyx.threads import services
from pnyx.threads.models import Thread, ThreadRead
from pnyx.threads.services import (
    count_cached_thread_view,
    count_thread_view,
    flush_thread_views,
    mark_all_read,
    mark_thread_read,
)

pytestmark = pytest.mark.django_db


def test_mark_thread_read_creates_then_only_moves_forward(member: Member, thread: Thread) -> None:
    mark_thread_read(member, thread, 5)
    mark_thread_read(member, thread, 3, previous=5)
    assert ThreadRead.objects.get(member=member, thread=thread).last_read_position == 5
    mark_thread_read(member, thread, 9, previous=5)
    assert ThreadRead.objects.get(member=member, thread=thread).last_read_position == 9


def test_mark_thread_read_second_create_keeps_one_row(member: Member, thread: Thread) -> None:
    mark_thread_read(member, thread, 2)
    mark_thread_read(member, thread, 2)
    assert ThreadRead.objects.filter(member=member, thread=thread).count() == 1


def test_mark_thread_read_ignores_guests(thread: Thread) -> None:
    mark_thread_read(AnonymousUser(), thread, 3)
    assert ThreadRead.objects.count() == 0


def test_count_thread_view_shows_views_not_yet_written(
    thread: Thread, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "VIEW_FLUSH_SECONDS", 3600.0)
    shown = [count_thread_view(thread) for _ in range(12)]
    assert shown == list(range(1, 13))
    thread.refresh_from_db()
    assert thread.view_count == 0


def test_flush_thread_views_writes_each_thread_once_and_forgets(
    forum: Forum, thread: Thread, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "VIEW_FLUSH_SECONDS", 3600.0)
    other = make_thread(forum)
    for _ in range(3):
        count_thread_view(thread)
    count_thread_view(other)
    assert flush_thread_views() == 2
    assert flush_thread_views() == 0
    thread.refresh_from_db()
    other.refresh_from_db()
    assert (thread.view_count, other.view_count) == (3, 1)


def test_count_thread_view_writes_once_the_interval_has_passed(
    thread: Thread, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "VIEW_FLUSH_SECONDS", 0.0)
    assert count_thread_view(thread) == 1
    thread.refresh_from_db()
    assert thread.view_count == 1


def test_count_cached_thread_view_reports_whether_it_wrote(
    thread: Thread, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "VIEW_FLUSH_SECONDS", 3600.0)
    assert count_cached_thread_view(thread.pk) is False
    monkeypatch.setattr(services, "VIEW_FLUSH_SECONDS", 0.0)
    assert count_cached_thread_view(thread.pk) is True
    thread.refresh_from_db()
    assert thread.view_count == 2


def test_mark_all_read_moves_the_cutoff(member: Member) -> None:
    before = member.read_cutoff
    mark_all_read(member)
    member.refresh_from_db()
    assert member.read_cutoff > before


def test_repair_counters_restores_every_counter(
    member: Member, other_member: Member, forum: Forum
) -> None:
    thread = make_thread(forum, author=member)
    reply = reply_to_thread(other_member, thread, body="Reply")
    set_reaction(member, reply, "like", on=True)
    set_reaction(member, reply, "agree", on=True)
    make_thread(make_forum_in(forum), author=other_member)
    Thread.objects.update(reply_count=99, last_post_id=None)
    Forum.objects.update(thread_count=0, post_count=0, last_thread=None)
    Member.objects.update(post_count=0, reaction_score=-5)
    type(reply).objects.filter(pk=reply.pk).update(reaction_counts={"funny": 7})

    result = repair_counters()

    thread.refresh_from_db()
    forum.refresh_from_db()
    other_member.refresh_from_db()
    member.refresh_from_db()
    reply.refresh_from_db()
    assert result["threads"] == 2
    assert thread.reply_count == 1
    assert thread.last_post_id == reply.pk
    assert thread.last_poster_id == other_member.pk
    assert (forum.thread_count, forum.post_count, forum.last_thread_id) == (1, 2, thread.pk)
    assert (member.post_count, member.reaction_score) == (1, 0)
    assert (other_member.post_count, other_member.reaction_score) == (2, 2)
    assert reply.reaction_counts == {"like": 1, "agree": 1}


def make_forum_in(forum: Forum) -> Forum:
    from pnyx.testing.factories import make_forum

    return make_forum(category=forum.category)


def test_repair_counters_empty_forum_gets_zero(forum: Forum) -> None:
    Forum.objects.update(thread_count=3, post_count=4)
    repair_counters()
    forum.refresh_from_db()
    assert (forum.thread_count, forum.post_count, forum.last_thread_id) == (0, 0, None)


def test_first_post_helper_matches_thread(thread: Thread) -> None:
    assert first_post(thread).pk == thread.first_post_id
    assert make_member().post_count == 0
