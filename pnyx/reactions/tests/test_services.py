"""Reactions: add, remove, toggle; post counts and Reaction scores stay exact."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import DjangoCaptureOnCommitCallbacks

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.reactions.enums import DEFAULT_WEIGHTS, ReactionKind
from pnyx.reactions.models import Reaction, ReactionWeight
from pnyx.reactions.services import (
    get_reaction_weights,
    recompute_reaction_scores,
    recount_post_reactions,
    set_reaction,
    set_reaction_weight,
    toggle_reaction,
)
from pnyx.testing.factories import first_post, make_member, make_post, make_thread
from pnyx.threads.models import Post, Thread

KINDS = [kind.value for kind in ReactionKind]


def _score(member: Member) -> int:
    member.refresh_from_db()
    return member.reaction_score


def _counts_in_db(post: Post) -> dict[str, int]:
    return dict(Counter(Reaction.objects.filter(post=post).values_list("kind", flat=True)))


def _stored_counts(post: Post) -> dict[str, int]:
    return dict(Post.objects.values_list("reaction_counts", flat=True).get(pk=post.pk))


@pytest.fixture
def post(thread: Thread) -> Post:
    """The opening post of ``thread``, written by other_member (bob)."""
    return first_post(thread)


# ---------------------------------------------------------------- set_reaction


def test_set_reaction_on_adds_one_reaction_and_counts_it(
    member: Member, other_member: Member, post: Post
) -> None:
    changed = set_reaction(member, post, "like", on=True)

    assert changed is True
    assert post.reaction_counts == {"like": 1}
    assert _stored_counts(post) == {"like": 1}
    assert list(Reaction.objects.values_list("post_id", "member_id", "kind")) == [
        (post.pk, member.pk, "like")
    ]
    assert _score(other_member) == 1


def test_set_reaction_on_twice_is_idempotent(
    member: Member, other_member: Member, post: Post
) -> None:
    set_reaction(member, post, "like", on=True)

    changed = set_reaction(member, post, "like", on=True)

    assert changed is False
    assert Reaction.objects.count() == 1
    assert post.reaction_counts == {"like": 1}
    assert _stored_counts(post) == {"like": 1}
    assert _score(other_member) == 1


def test_set_reaction_off_removes_and_is_idempotent(
    member: Member, other_member: Member, post: Post
) -> None:
    set_reaction(member, post, "agree", on=True)

    first = set_reaction(member, post, "agree", on=False)
    second = set_reaction(member, post, "agree", on=False)

    assert (first, second) == (True, False)
    assert Reaction.objects.count() == 0
    assert post.reaction_counts == {}
    assert _stored_counts(post) == {}
    assert _score(other_member) == 0


def test_set_reaction_off_without_a_reaction_changes_nothing(
    member: Member, other_member: Member, post: Post
) -> None:
    assert set_reaction(member, post, "funny", on=False) is False
    assert _stored_counts(post) == {}
    assert _score(other_member) == 0


def test_set_reaction_allows_several_kinds_from_one_member(
    member: Member, other_member: Member, post: Post
) -> None:
    for kind in KINDS:
        assert set_reaction(member, post, kind, on=True) is True

    expected = dict.fromkeys(KINDS, 1)
    assert post.reaction_counts == expected
    assert _stored_counts(post) == expected
    assert Reaction.objects.filter(member=member, post=post).count() == 5
    assert _score(other_member) == 4  # like, agree, informative, funny; disagree weighs 0


def test_set_reaction_counts_each_member_once_per_kind(
    member: Member, moderator: Member, other_member: Member, post: Post
) -> None:
    third = make_member()
    for reactor in (member, moderator, third):
        set_reaction(reactor, post, "like", on=True)
        set_reaction(reactor, post, "like", on=True)
    set_reaction(moderator, post, "disagree", on=True)

    assert post.reaction_counts == {"like": 3, "disagree": 1}
    assert _stored_counts(post) == {"like": 3, "disagree": 1}
    assert _score(other_member) == 3


@pytest.mark.parametrize(
    ("kind", "delta"),
    [("like", 1), ("agree", 1), ("disagree", 0), ("informative", 1), ("funny", 1)],
)
def test_set_reaction_moves_author_score_by_default_weight(
    member: Member, other_member: Member, post: Post, kind: str, delta: int
) -> None:
    set_reaction(member, post, kind, on=True)
    assert _score(other_member) == delta
    assert other_member.reaction_score == delta

    set_reaction(member, post, kind, on=False)
    assert _score(other_member) == 0


def test_set_reaction_leaves_the_reactor_score_alone(
    member: Member, other_member: Member, post: Post
) -> None:
    set_reaction(member, post, "like", on=True)

    assert _score(member) == 0
    assert _score(other_member) == 1


def test_set_reaction_to_own_post_is_permission_denied(other_member: Member, post: Post) -> None:
    with pytest.raises(PermissionDenied) as caught:
        set_reaction(other_member, post, "like", on=True)

    assert str(caught.value) == "You can't react to your own post."
    assert Reaction.objects.count() == 0
    assert _score(other_member) == 0


@pytest.mark.parametrize("persona", ["guest", "banned_member"])
def test_set_reaction_by_a_guest_is_permission_denied(
    request: pytest.FixtureRequest, persona: str, post: Post
) -> None:
    actor = request.getfixturevalue(persona)
    assert isinstance(actor, AnonymousUser | Member)

    with pytest.raises(PermissionDenied):
        set_reaction(actor, post, "like", on=True)
    with pytest.raises(PermissionDenied):
        toggle_reaction(actor, post, "like")

    assert Reaction.objects.count() == 0


def test_set_reaction_in_a_forum_the_actor_cannot_see_is_http404(
    member: Member, moderator: Member, staff_forum: Forum
) -> None:
    hidden = first_post(make_thread(staff_forum, author=moderator, title="Staff only"))

    with pytest.raises(Http404):
        set_reaction(member, hidden, "like", on=True)
    with pytest.raises(Http404):
        toggle_reaction(member, hidden, "like")

    assert Reaction.objects.count() == 0
    assert _score(moderator) == 0


def test_set_reaction_in_a_members_forum_is_http404_for_guests(
    guest: AnonymousUser, other_member: Member, members_forum: Forum
) -> None:
    hidden = first_post(make_thread(members_forum, author=other_member))

    with pytest.raises(Http404):
        set_reaction(guest, hidden, "like", on=True)


def test_set_reaction_unknown_kind_is_validation_error(
    member: Member, other_member: Member, post: Post
) -> None:
    with pytest.raises(ValidationError) as caught:
        set_reaction(member, post, "love", on=True)
    with pytest.raises(ValidationError):
        toggle_reaction(member, post, "love")

    assert caught.value.message_dict == {"kind": ["Unknown reaction."]}
    assert Reaction.objects.count() == 0
    assert _stored_counts(post) == {}
    assert _score(other_member) == 0


def test_set_reaction_on_a_reply_counts_for_the_reply_author(
    member: Member, moderator: Member, other_member: Member, thread: Thread
) -> None:
    reply = make_post(thread, author=moderator)

    set_reaction(member, reply, "informative", on=True)

    assert _stored_counts(reply) == {"informative": 1}
    assert _stored_counts(first_post(thread)) == {}
    assert (_score(moderator), _score(other_member)) == (1, 0)


# ---------------------------------------------------------------- toggle_reaction


def test_toggle_reaction_adds_then_removes(
    member: Member, other_member: Member, post: Post
) -> None:
    assert toggle_reaction(member, post, "funny") is True
    assert post.reaction_counts == {"funny": 1}
    assert _stored_counts(post) == {"funny": 1}
    assert _score(other_member) == 1

    assert toggle_reaction(member, post, "funny") is False
    assert post.reaction_counts == {}
    assert _stored_counts(post) == {}
    assert _score(other_member) == 0
    assert Reaction.objects.count() == 0


def test_toggle_reaction_only_touches_the_given_kind(
    member: Member, other_member: Member, post: Post
) -> None:
    toggle_reaction(member, post, "like")
    toggle_reaction(member, post, "agree")
    toggle_reaction(member, post, "like")

    assert _stored_counts(post) == {"agree": 1}
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["agree"]
    assert _score(other_member) == 1


def test_recount_post_reactions_rebuilds_counts_from_rows(
    member: Member, moderator: Member, post: Post
) -> None:
    set_reaction(member, post, "like", on=True)
    set_reaction(moderator, post, "like", on=True)
    set_reaction(moderator, post, "funny", on=True)
    Post.objects.filter(pk=post.pk).update(reaction_counts={"like": 99, "agree": 4})

    assert recount_post_reactions(post.pk) == {"like": 2, "funny": 1}
    assert _stored_counts(post) == {"like": 2, "funny": 1}


# ---------------------------------------------------------------- weights and scores


def test_get_reaction_weights_defaults_from_the_migrated_rows(db: None) -> None:
    assert get_reaction_weights() == {
        "like": 1,
        "agree": 1,
        "disagree": 0,
        "informative": 1,
        "funny": 1,
    }
    assert get_reaction_weights() == DEFAULT_WEIGHTS


def test_set_reaction_weight_recomputes_existing_scores_on_commit(
    member: Member,
    moderator: Member,
    other_member: Member,
    post: Post,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    third = make_member()
    set_reaction(member, post, "disagree", on=True)
    set_reaction(moderator, post, "disagree", on=True)
    set_reaction(third, post, "like", on=True)
    assert _score(other_member) == 1

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        set_reaction_weight("disagree", -1)

    assert len(callbacks) == 1
    assert ReactionWeight.objects.get(kind="disagree").weight == -1
    assert get_reaction_weights()["disagree"] == -1
    assert _score(other_member) == -1  # two disagrees at -1, one like at +1
    assert (_score(member), _score(moderator), _score(third)) == (0, 0, 0)

    # New reactions use the new weight straight away.
    fourth = make_member()
    set_reaction(fourth, post, "disagree", on=True)
    assert _score(other_member) == -2
    set_reaction(member, post, "disagree", on=False)
    assert _score(other_member) == -1


def test_set_reaction_weight_waits_for_the_commit(
    member: Member,
    other_member: Member,
    post: Post,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    set_reaction(member, post, "funny", on=True)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        set_reaction_weight("funny", 3)

    assert len(callbacks) == 1
    assert ReactionWeight.objects.get(kind="funny").weight == 3
    assert _score(other_member) == 1  # not yet recomputed
    callbacks[0]()
    assert _score(other_member) == 3


def test_set_reaction_weight_rejects_unknown_kind(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks, db: None
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        set_reaction_weight("love", 5)

    assert callbacks == []
    assert ReactionWeight.objects.count() == 5
    assert not ReactionWeight.objects.filter(kind="love").exists()


def test_recompute_reaction_scores_matches_a_hand_computation(
    member: Member,
    other_member: Member,
    moderator: Member,
    forum: Forum,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    carol, dave, erin = make_member(), make_member(), make_member()
    alice_post = first_post(make_thread(forum, author=member, title="Alice writes"))
    bob_post = first_post(make_thread(forum, author=other_member, title="Bob writes"))
    bob_reply = make_post(bob_post.thread, author=other_member)
    carol_post = first_post(make_thread(forum, author=carol, title="Carol writes"))
    with django_capture_on_commit_callbacks(execute=True):
        set_reaction_weight("funny", 2)
        set_reaction_weight("disagree", -3)

    # alice's post: like (bob), funny (dave), disagree (erin)         → 1 + 2 - 3 = 0
    set_reaction(other_member, alice_post, "like", on=True)
    set_reaction(dave, alice_post, "funny", on=True)
    set_reaction(erin, alice_post, "disagree", on=True)
    # bob's posts: like, agree, informative (alice); funny (carol);
    # disagree (dave) on the reply; like (erin) on the reply         → 1+1+1+2-3+1 = 3
    for kind in ("like", "agree", "informative"):
        set_reaction(member, bob_post, kind, on=True)
    set_reaction(carol, bob_post, "funny", on=True)
    set_reaction(dave, bob_reply, "disagree", on=True)
    set_reaction(erin, bob_reply, "like", on=True)
    # carol's post: disagree (alice, bob, moderator)                  → -9
    for reactor in (member, other_member, moderator):
        set_reaction(reactor, carol_post, "disagree", on=True)
    expected = {member: 0, other_member: 3, carol: -9, moderator: 0, dave: 0, erin: 0}
    assert {m: _score(m) for m in expected} == expected  # kept exact incrementally

    Member.objects.update(reaction_score=42)  # damage every score
    updated = recompute_reaction_scores()

    assert updated == Member.objects.count() == 6
    assert {m: _score(m) for m in expected} == expected


def test_recompute_reaction_scores_gives_zero_without_reactions(
    member: Member, other_member: Member
) -> None:
    Member.objects.filter(pk=member.pk).update(reaction_score=7)

    assert recompute_reaction_scores() == 2
    assert (_score(member), _score(other_member)) == (0, 0)


# ---------------------------------------------------------------- random sequences

OPERATIONS = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(KINDS), st.booleans()), max_size=25
)


@given(operations=OPERATIONS)
def test_set_reaction_random_sequence_matches_the_reaction_table(
    member: Member,
    moderator: Member,
    other_member: Member,
    thread: Thread,
    operations: list[tuple[int, str, bool]],
) -> None:
    reactors = [member, moderator, make_member()]
    target = make_post(thread, author=other_member)  # a fresh post per example
    present: set[tuple[int, str]] = set()

    for index, kind, on in operations:
        key = (index, kind)
        changed = set_reaction(reactors[index], target, kind, on=on)
        assert changed is ((key in present) is not on)
        if on:
            present.add(key)
        else:
            present.discard(key)

    target.refresh_from_db()
    rows = _counts_in_db(target)
    weights = get_reaction_weights()
    author_total = sum(
        weights[kind]
        for kind in Reaction.objects.filter(post__author=other_member).values_list(
            "kind", flat=True
        )
    )
    assert rows == dict(Counter(kind for _, kind in present))
    assert target.reaction_counts == rows
    assert _score(other_member) == author_total
    recompute_reaction_scores()
    assert _score(other_member) == author_total
