"""The Access: built once per actor, kept while current, and the one thing rules ask."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils.functional import SimpleLazyObject

from pnyx.accounts.models import Member
from pnyx.core import access as access_module
from pnyx.core.access import (
    GUEST,
    Access,
    ActorFacts,
    ForumGrants,
    access_of,
    can_from,
    forum_policy,
)
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.forums.permissions import can_start_thread, can_view_forum, check_view_forum
from pnyx.reactions.permissions import can_react_to_post
from pnyx.testing.factories import first_post, make_forum, make_member
from pnyx.threads.models import Thread
from pnyx.threads.permissions import (
    can_edit_post,
    can_reply_thread,
    can_view_post_history,
    check_reply_thread,
)

pytestmark = pytest.mark.django_db


def _queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def test_access_for_a_guest_reads_public_forums_only(
    forum: Forum, members_forum: Forum, staff_forum: Forum
) -> None:
    access = Access.for_actor(AnonymousUser())

    assert access.facts == GUEST
    assert access.member_id is None
    assert access.is_member is False
    assert access.grants.read == frozenset({forum.pk})
    assert access.grants.view == frozenset({forum.pk})
    assert access.grants.reply == frozenset()
    assert access.grants.moderate == frozenset()


def test_access_for_staff_moderates_every_forum(
    moderator: Member, forum: Forum, members_forum: Forum, staff_forum: Forum
) -> None:
    access = Access.for_actor(moderator)

    everything = frozenset({forum.pk, members_forum.pk, staff_forum.pk})
    assert access.facts == ActorFacts(member_id=moderator.pk, is_member=True, is_staff=True)
    assert access.grants.read == everything
    assert access.grants.reply == everything
    assert access.grants.moderate == everything


def test_access_of_keeps_the_access_on_the_actor_and_checks_cost_no_queries(
    member: Member, thread: Thread
) -> None:
    built = access_of(member)
    post = first_post(thread)

    assert access_of(member) is built
    assert access_of(built) is built
    assert _queries(lambda: [can_reply_thread(member, thread) for _ in range(50)]) == 0
    assert _queries(lambda: can_edit_post(member, post)) == 0


def test_access_of_builds_a_new_access_when_the_actor_changes(
    member: Member, staff_forum: Forum
) -> None:
    # PRIV-04: a promotion or demotion counts at the next check, not at the next sign-in.
    before = access_of(member)
    assert can_view_forum(member, staff_forum) is False

    member.is_staff = True
    promoted = access_of(member)
    assert promoted is not before
    assert can_view_forum(member, staff_forum) is True

    member.is_staff = False
    member.is_active = False
    assert access_of(member).facts == GUEST
    assert can_view_forum(member, staff_forum) is False


def test_access_of_builds_a_new_access_when_a_forum_changes(member: Member, forum: Forum) -> None:
    assert can_view_forum(member, forum) is True
    kept = access_of(member)

    forum.visibility = Visibility.STAFF
    forum.save()

    assert access_of(member) is not kept
    assert can_view_forum(member, forum) is False
    with pytest.raises(Http404):
        check_view_forum(member, forum)


def test_a_new_forum_is_seen_by_the_next_check(member: Member, forum: Forum) -> None:
    access_of(member)
    added = make_forum(parent=forum, name="Fresh")

    assert can_view_forum(member, added) is True
    assert can_start_thread(member, added) is True


def test_every_rule_takes_the_access_or_the_actor_alike(
    member: Member, other_member: Member, moderator: Member, thread: Thread
) -> None:
    post = first_post(thread)
    rules: list[Callable[[Member | Access], bool]] = [
        lambda actor: can_reply_thread(actor, thread),
        lambda actor: can_edit_post(actor, post),
        lambda actor: can_view_post_history(actor, post),
        lambda actor: can_react_to_post(actor, post),
    ]
    answers = {
        "member": [True, False, False, True],
        "author": [True, True, True, False],
        "moderator": [True, True, True, True],
    }
    for name, actor in [("member", member), ("author", other_member), ("moderator", moderator)]:
        access = Access.for_actor(actor)
        assert [rule(actor) for rule in rules] == answers[name], name
        assert [rule(access) for rule in rules] == answers[name], name


def test_can_from_turns_a_check_into_a_boolean_and_keeps_other_errors() -> None:
    def check_thing(actor: str, value: int) -> None:
        if value == 1:
            raise PermissionDenied("no")
        if value == 2:
            raise Http404
        if value == 3:
            raise ValueError("a bug, not a refusal")

    can_thing = can_from(check_thing)

    assert can_thing.__name__ == "can_thing"
    assert can_thing("alice", 0) is True
    assert can_thing("alice", 1) is False
    assert can_thing("alice", 2) is False
    with pytest.raises(ValueError, match="a bug, not a refusal"):
        can_thing("alice", 3)


def test_check_raises_the_translated_reason_and_can_answers_false(
    guest: AnonymousUser, thread: Thread
) -> None:
    with pytest.raises(PermissionDenied) as caught:
        check_reply_thread(guest, thread)

    assert str(caught.value) == "Sign in to reply."
    assert can_reply_thread(guest, thread) is False


class _FixedPolicy:
    def __init__(self, grants: ForumGrants) -> None:
        self.fixed = grants
        self.built = 0
        self.stamp = object()

    def grants(self, facts: ActorFacts) -> ForumGrants:
        self.built += 1
        return self.fixed

    def generation(self) -> object:
        return self.stamp


@pytest.fixture
def fixed_policy(monkeypatch: pytest.MonkeyPatch) -> Iterator[_FixedPolicy]:
    policy = _FixedPolicy(ForumGrants())
    monkeypatch.setattr(access_module, "_policy", policy)
    yield policy


def test_an_access_is_built_once_per_actor_while_the_policy_generation_holds(
    fixed_policy: _FixedPolicy, member: Member
) -> None:
    for _ in range(10):
        access_of(member)
    assert fixed_policy.built == 1

    fixed_policy.stamp = object()  # the forum data changed
    access_of(member)
    assert fixed_policy.built == 2


def test_the_policy_alone_decides_the_grants(
    fixed_policy: _FixedPolicy, member: Member, staff_forum: Forum, forum: Forum
) -> None:
    # What issue 11's group policy will rely on: rules ask the grants, not visibility tiers.
    fixed_policy.fixed = ForumGrants(view=frozenset({staff_forum.pk}))

    assert can_view_forum(member, staff_forum) is True
    assert can_view_forum(member, forum) is False


def test_without_a_registered_policy_access_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access_module, "_policy", None)

    with pytest.raises(ImproperlyConfigured, match="No forum policy"):
        forum_policy()
    with pytest.raises(ImproperlyConfigured):
        Access.for_actor(AnonymousUser())


def test_members_and_guests_are_told_apart_by_is_self(member: Member, guest: AnonymousUser) -> None:
    assert access_of(member).is_self(member.pk) is True
    assert access_of(member).is_self(make_member().pk) is False
    assert access_of(member).is_self(None) is False
    assert access_of(guest).is_self(None) is False


def test_request_user_and_the_member_behind_it_share_one_access(member: Member) -> None:
    lazy = SimpleLazyObject(lambda: member)

    assert access_of(lazy) is access_of(member)  # type: ignore[arg-type]
