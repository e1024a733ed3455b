"""The rules ask the Access for per-forum grants: with a policy that grants actions forum by
forum (as issue 11's groups will), each rule refuses exactly what is not granted."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.exceptions import PermissionDenied

from pnyx.accounts.models import Member
from pnyx.core import access as access_module
from pnyx.core.access import EMPTY, ActorFacts, ForumGrants
from pnyx.forums.models import Forum
from pnyx.forums.permissions import (
    VisibilityPolicy,
    can_read_forum,
    check_read_forum,
    check_start_thread,
)
from pnyx.forums.selectors import forum_threads_page
from pnyx.posting.services import delete_post, delete_thread, reply_to_thread
from pnyx.reactions.permissions import can_react_to_post, check_react_to_post
from pnyx.testing.factories import first_post, make_forum, make_thread
from pnyx.threads.models import Post, Thread
from pnyx.threads.permissions import (
    can_delete_post,
    can_delete_thread,
    can_edit_post,
    can_moderate_thread,
    can_reply_thread,
    can_view_post_history,
    check_delete_post,
    check_delete_thread,
    check_edit_post,
    check_moderate_thread,
    check_reply_thread,
)

pytestmark = pytest.mark.django_db


class _GrantsByMember:
    """A policy with grants set per member id; anyone else is granted as usual (so test data
    is still made through the services)."""

    def __init__(self) -> None:
        self.by_member: dict[int | None, ForumGrants] = {}
        self.stamp = object()

    def grants(self, facts: ActorFacts) -> ForumGrants:
        found = self.by_member.get(facts.member_id)
        return VisibilityPolicy().grants(facts) if found is None else found

    def generation(self) -> object:
        return self.stamp


@pytest.fixture
def policy(monkeypatch: pytest.MonkeyPatch) -> Iterator[_GrantsByMember]:
    policy = _GrantsByMember()
    monkeypatch.setattr(access_module, "_policy", policy)
    yield policy


def _grant(policy: _GrantsByMember, member: Member, **sets: frozenset[int]) -> None:
    every = frozenset().union(*sets.values())
    values = {"view": every, "read": every, **sets}
    policy.by_member[member.pk] = ForumGrants(**values)
    policy.stamp = object()


def _refusal(check: Callable[..., None], *args: object) -> str:
    """The reason ``check`` gives for refusing (it must refuse)."""
    with pytest.raises(PermissionDenied) as caught:
        check(*args)
    return str(caught.value)


@pytest.fixture
def two_forums(db: None) -> tuple[Forum, Forum]:
    return make_forum(name="Defence"), make_forum(name="Economy")


def test_reading_without_reply_grant_refuses_the_reply_with_its_reason(
    policy: _GrantsByMember, member: Member, thread: Thread
) -> None:
    _grant(policy, member, read=frozenset({thread.forum_id}))

    assert _refusal(check_reply_thread, member, thread) == "You can't reply in this forum."
    assert can_reply_thread(member, thread) is False


def test_moderators_of_one_forum_reply_to_its_locked_threads_only(
    policy: _GrantsByMember, member: Member, other_member: Member, two_forums: tuple[Forum, Forum]
) -> None:
    defence, economy = two_forums
    locked_here = make_thread(defence, author=other_member, is_locked=True)
    locked_there = make_thread(economy, author=other_member, is_locked=True)
    both = frozenset({defence.pk, economy.pk})
    _grant(policy, member, reply=both, moderate=frozenset({defence.pk}))

    check_reply_thread(member, locked_here)  # no exception
    check_moderate_thread(member, locked_here)
    assert can_moderate_thread(member, locked_there) is False
    assert (
        _refusal(check_reply_thread, member, locked_there)
        == "This thread is locked: it takes no new replies."
    )
    assert _refusal(check_moderate_thread, member, locked_there) == "Only moderators can do that."


def test_a_reply_racing_a_lock_goes_through_for_the_forums_moderators_only(
    policy: _GrantsByMember, member: Member, other_member: Member, two_forums: tuple[Forum, Forum]
) -> None:
    # The page saw the threads open; they were locked before the reply claimed its place.
    defence, economy = two_forums
    here = make_thread(defence, author=other_member)
    there = make_thread(economy, author=other_member)
    Thread.objects.filter(pk__in=[here.pk, there.pk]).update(is_locked=True)
    both = frozenset({defence.pk, economy.pk})
    _grant(policy, member, reply=both, moderate=frozenset({defence.pk}))

    assert reply_to_thread(member, here, body="Moderator's note").position == 2
    with pytest.raises(
        PermissionDenied, match=r"^This thread is locked: it takes no new replies\.$"
    ):
        reply_to_thread(member, there, body="Not mine to moderate")
    assert Post.objects.filter(thread=there).count() == 1


def test_moderators_of_one_forum_delete_posts_and_threads_there_only(
    policy: _GrantsByMember, member: Member, other_member: Member, two_forums: tuple[Forum, Forum]
) -> None:
    defence, economy = two_forums
    here = make_thread(defence, author=other_member, replies=1)
    there = make_thread(economy, author=other_member, replies=1)
    _grant(
        policy, member, read=frozenset({defence.pk, economy.pk}), moderate=frozenset({defence.pk})
    )
    reply_here = Post.objects.select_related("thread").get(thread=here, position=2)
    reply_there = Post.objects.select_related("thread").get(thread=there, position=2)

    assert (can_delete_post(member, reply_here), can_delete_thread(member, here)) == (True, True)
    assert (can_delete_post(member, reply_there), can_delete_thread(member, there)) == (
        False,
        False,
    )
    refused = "Only moderators can delete posts and threads."
    assert _refusal(check_delete_post, member, reply_there) == refused
    assert _refusal(check_delete_thread, member, there) == refused
    with pytest.raises(PermissionDenied):
        delete_post(member, reply_there)
    with pytest.raises(PermissionDenied):
        delete_thread(member, there)

    delete_post(member, reply_here)
    delete_thread(member, here)
    assert not Thread.objects.filter(pk=here.pk).exists()
    assert Post.objects.filter(thread=there).count() == 2


def test_moderators_of_one_forum_edit_and_see_history_of_others_posts_there_only(
    policy: _GrantsByMember, member: Member, other_member: Member, two_forums: tuple[Forum, Forum]
) -> None:
    defence, economy = two_forums
    here = first_post(make_thread(defence, author=other_member))
    there = first_post(make_thread(economy, author=other_member))
    _grant(
        policy, member, read=frozenset({defence.pk, economy.pk}), moderate=frozenset({defence.pk})
    )

    assert can_edit_post(member, here) is True
    assert can_view_post_history(member, here) is True
    assert can_edit_post(member, there) is False
    assert can_view_post_history(member, there) is False
    assert _refusal(check_edit_post, member, there) == "You can only edit your own posts."


def test_editing_own_posts_needs_the_edit_own_grant(
    policy: _GrantsByMember, member: Member, two_forums: tuple[Forum, Forum]
) -> None:
    defence, economy = two_forums
    policy.by_member[member.pk] = ForumGrants(
        view=frozenset({defence.pk, economy.pk}),
        read=frozenset({defence.pk, economy.pk}),
        start_thread=frozenset({defence.pk, economy.pk}),
        edit_own=frozenset({defence.pk}),
    )
    policy.stamp = object()
    own_here = first_post(make_thread(defence, author=member))
    own_there = first_post(make_thread(economy, author=member))

    check_edit_post(member, own_here)  # no exception
    assert _refusal(check_edit_post, member, own_there) == "You can't edit posts in this forum."
    assert can_view_post_history(member, own_there) is True  # their own, edited or not


def test_reacting_needs_the_react_grant(
    policy: _GrantsByMember, member: Member, thread: Thread
) -> None:
    post = first_post(thread)
    _grant(policy, member, read=frozenset({thread.forum_id}))

    assert _refusal(check_react_to_post, member, post) == "You can't react to posts in this forum."

    _grant(policy, member, react=frozenset({thread.forum_id}))
    assert can_react_to_post(member, post) is True


def test_starting_threads_needs_the_start_thread_grant(
    policy: _GrantsByMember, member: Member, forum: Forum
) -> None:
    _grant(policy, member, read=frozenset({forum.pk}))

    assert _refusal(check_start_thread, member, forum) == "You can't start threads in this forum."


def test_a_forum_seen_but_not_readable_refuses_its_thread_list(
    policy: _GrantsByMember, member: Member, thread: Thread
) -> None:
    forum = thread.forum
    policy.by_member[member.pk] = ForumGrants(view=frozenset({forum.pk}), read=EMPTY)
    policy.stamp = object()

    assert can_read_forum(member, forum) is False
    assert _refusal(check_read_forum, member, forum) == "You can't read the threads of this forum."
    with pytest.raises(PermissionDenied):
        forum_threads_page(member, forum, 1)
