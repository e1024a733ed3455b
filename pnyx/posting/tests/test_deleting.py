"""Deleting posts, threads and members keeps every counter exact (as repair_counters finds it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pnyx.accounts.models import Member
from pnyx.accounts.services import delete_member
from pnyx.forums.models import Forum
from pnyx.posting.services import delete_post, delete_thread, repair_counters, reply_to_thread
from pnyx.reactions.models import Reaction
from pnyx.reactions.services import set_reaction
from pnyx.testing.factories import counters_snapshot, make_member, make_thread
from pnyx.threads.models import Post, PostQuote, Thread, ThreadRead
from pnyx.threads.services import mark_thread_read

pytestmark = pytest.mark.django_db


def assert_counters_exact() -> None:
    before = counters_snapshot()
    repair_counters()
    assert counters_snapshot() == before


def positions(thread: Thread) -> list[int]:
    return list(
        Post.objects.filter(thread=thread).order_by("position").values_list("position", flat=True)
    )


def test_delete_post_in_the_middle_keeps_counters_positions_and_read_marks(
    thread: Thread, member: Member, other_member: Member, moderator: Member
) -> None:
    replies = [reply_to_thread(member, thread, body=f"Reply {n}") for n in range(1, 4)]
    quoting = reply_to_thread(
        other_member,
        thread,
        body=f'[quote="{member.username}, post:{replies[1].pk}"]\nReply 2\n[/quote]\n\nYes.',
    )
    set_reaction(other_member, replies[1], "like", on=True)
    mark_thread_read(moderator, thread, 4)  # read up to the third reply
    assert PostQuote.objects.filter(quoted_post=replies[1]).count() == 1

    delete_post(moderator, replies[1])

    assert not Post.objects.filter(pk=replies[1].pk).exists()
    assert positions(thread) == [1, 2, 3, 4]
    assert Post.objects.get(pk=replies[2].pk).position == 3
    assert Post.objects.get(pk=quoting.pk).position == 4
    assert ThreadRead.objects.get(member=moderator, thread=thread).last_read_position == 3
    assert PostQuote.objects.filter(quoted_post_id=replies[1].pk).count() == 0
    thread.refresh_from_db()
    member.refresh_from_db()
    assert (thread.reply_count, thread.last_post_id) == (3, quoting.pk)
    assert (member.post_count, member.reaction_score) == (2, 0)
    assert_counters_exact()


@pytest.mark.parametrize("position", [2, 3, 4, 5])
def test_delete_post_at_any_position_leaves_positions_without_a_gap(
    position: int, thread: Thread, member: Member, moderator: Member
) -> None:
    thread = make_thread(thread.forum, author=member, replies=4)
    ids = list(Post.objects.filter(thread=thread).order_by("position").values_list("pk", flat=True))
    delete_post(moderator, Post.objects.get(thread=thread, position=position))
    kept = [pk for pk in ids if pk != ids[position - 1]]
    assert list(
        Post.objects.filter(thread=thread).order_by("position").values_list("pk", "position")
    ) == [(pk, n) for n, pk in enumerate(kept, start=1)]
    assert_counters_exact()


def test_delete_last_post_moves_the_thread_and_forum_last_post_back(
    thread: Thread, member: Member, moderator: Member, forum: Forum
) -> None:
    earlier = reply_to_thread(member, thread, body="Earlier")
    last = reply_to_thread(member, thread, body="Last")
    delete_post(moderator, last)
    thread.refresh_from_db()
    forum.refresh_from_db()
    assert (thread.last_post_id, thread.last_poster_id, thread.last_post_at) == (
        earlier.pk, member.pk, earlier.created_at,
    )  # fmt: skip
    assert (forum.last_post_id, forum.post_count) == (earlier.pk, 2)
    assert_counters_exact()


def test_delete_first_post_deletes_the_thread(
    thread: Thread, moderator: Member, forum: Forum
) -> None:
    first = Post.objects.get(thread=thread, position=1)
    delete_post(moderator, first)
    assert not Thread.objects.filter(pk=thread.pk).exists()
    forum.refresh_from_db()
    assert (forum.thread_count, forum.post_count, forum.last_post_id) == (0, 0, None)
    assert_counters_exact()


def test_delete_thread_keeps_forum_member_and_reaction_counters_exact(
    forum: Forum, member: Member, other_member: Member, moderator: Member
) -> None:
    older = make_thread(forum, author=member, replies=2, reply_author=other_member)
    newer = make_thread(forum, author=other_member, replies=1, reply_author=member)
    for post in Post.objects.filter(thread=newer):
        set_reaction(moderator, post, "like", on=True)
    set_reaction(other_member, Post.objects.get(thread=older, position=1), "agree", on=True)

    delete_thread(moderator, newer)

    assert not Post.objects.filter(thread_id=newer.pk).exists()
    assert not Reaction.objects.filter(post__thread_id=newer.pk).exists()
    forum.refresh_from_db()
    older.refresh_from_db()
    assert (forum.thread_count, forum.post_count) == (1, 3)
    assert (forum.last_thread_id, forum.last_post_id) == (older.pk, older.last_post_id)
    assert Member.objects.get(pk=member.pk).post_count == 1
    assert Member.objects.get(pk=other_member.pk).post_count == 2
    assert_counters_exact()


def test_delete_member_takes_back_their_reactions_and_keeps_their_posts(
    thread: Thread, member: Member, other_member: Member, moderator: Member
) -> None:
    mine = reply_to_thread(member, thread, body="Mine")
    theirs = reply_to_thread(other_member, thread, body="Theirs")
    set_reaction(member, theirs, "like", on=True)
    set_reaction(other_member, mine, "agree", on=True)

    delete_member(moderator, member)

    assert not Member.objects.filter(pk=member.pk).exists()
    assert Post.objects.get(pk=mine.pk).author_id is None
    assert Post.objects.get(pk=theirs.pk).reaction_counts == {}
    assert Member.objects.get(pk=other_member.pk).reaction_score == 0
    thread.refresh_from_db()
    assert thread.reply_count == 2
    assert_counters_exact()


@pytest.mark.parametrize("who", ["member", "guest"])
def test_deleting_is_refused_to_non_staff_and_changes_nothing(
    who: str, thread: Thread, member: Member, other_member: Member, guest: object
) -> None:
    actor = member if who == "member" else guest
    reply = reply_to_thread(member, thread, body="Stays")
    before = counters_snapshot()
    with pytest.raises(PermissionDenied):
        delete_post(actor, reply)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        delete_thread(actor, thread)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        delete_member(actor, other_member)  # type: ignore[arg-type]
    assert counters_snapshot() == before
    assert Post.objects.filter(pk=reply.pk).exists()


def test_deleting_a_superuser_needs_a_superuser(admin: Member, moderator: Member) -> None:
    with pytest.raises(PermissionDenied):
        delete_member(moderator, admin)
    other_admin = make_member(is_superuser=True)
    delete_member(other_admin, admin)
    assert not Member.objects.filter(pk=admin.pk).exists()


def test_deleting_twice_changes_nothing_more(
    thread: Thread, member: Member, moderator: Member
) -> None:
    reply = reply_to_thread(member, thread, body="Once")
    delete_post(moderator, reply)
    delete_post(moderator, reply)
    stale = Thread.objects.get(pk=thread.pk)
    delete_thread(moderator, stale)
    delete_thread(moderator, stale)
    delete_member(moderator, member)
    delete_member(moderator, member)
    assert_counters_exact()


@hypothesis_settings(max_examples=25)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("reply"), st.integers(0, 2), st.integers(0, 1)),
            st.tuples(st.just("delete"), st.integers(0, 30), st.integers(0, 1)),
            st.tuples(st.just("react"), st.integers(0, 30), st.integers(0, 2)),
        ),
        max_size=12,
    )
)
def test_any_mix_of_replies_reactions_and_deletions_keeps_counters_exact(
    operations: list[tuple[str, int, int]],
) -> None:
    staff = make_member(is_staff=True)
    people = [make_member() for _ in range(3)]
    forum = Forum.objects.first() or make_thread().forum
    threads = [make_thread(forum, author=people[0]), make_thread(forum, author=people[1])]
    for op, a, b in operations:
        posts = list(Post.objects.filter(thread__in=threads).order_by("pk"))
        if op == "reply":
            live = [t for t in threads if Thread.objects.filter(pk=t.pk).exists()]
            if live:
                reply_to_thread(people[a], live[b % len(live)], body=f"Reply {a}{b}")
        elif op == "delete" and posts:
            delete_post(staff, posts[a % len(posts)])
        elif op == "react" and posts:
            post = posts[a % len(posts)]
            if post.author_id != people[b].pk:
                set_reaction(people[b], post, "like", on=True)
    for thread in Thread.objects.filter(pk__in=[t.pk for t in threads]):
        assert positions(thread) == list(range(1, thread.reply_count + 2))
    assert_counters_exact()
