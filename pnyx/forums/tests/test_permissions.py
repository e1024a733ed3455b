"""Who may see and post in which forum: the visibility matrix and its nesting rule."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pnyx.accounts.models import Member
from pnyx.core.actors import Actor
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.forums.permissions import (
    can_start_thread,
    can_view_forum,
    check_start_thread,
    check_view_forum,
    readable_visibilities,
    visible_forums,
)
from pnyx.testing.factories import make_forum

PERSONAS = ["guest", "member", "moderator", "admin", "banned_member"]
FORUMS = ["forum", "members_forum", "staff_forum"]

# persona → the forum fixtures it may read. An inactive account reads like a guest.
CAN_SEE: dict[str, set[str]] = {
    "guest": {"forum"},
    "banned_member": {"forum"},
    "member": {"forum", "members_forum"},
    "moderator": {"forum", "members_forum", "staff_forum"},
    "admin": {"forum", "members_forum", "staff_forum"},
}
CAN_POST: dict[str, set[str]] = {
    "guest": set(),
    "banned_member": set(),
    "member": {"forum", "members_forum"},
    "moderator": {"forum", "members_forum", "staff_forum"},
    "admin": {"forum", "members_forum", "staff_forum"},
}


def _actor(request: pytest.FixtureRequest, persona: str) -> Actor:
    actor = request.getfixturevalue(persona)
    assert isinstance(actor, Member | AnonymousUser)
    return actor


@pytest.fixture
def forums(forum: Forum, members_forum: Forum, staff_forum: Forum) -> dict[str, Forum]:
    return {"forum": forum, "members_forum": members_forum, "staff_forum": staff_forum}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("guest", [Visibility.PUBLIC]),
        ("banned_member", [Visibility.PUBLIC]),
        ("member", [Visibility.PUBLIC, Visibility.MEMBERS]),
        ("moderator", [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STAFF]),
        ("admin", [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STAFF]),
    ],
)
@pytest.mark.django_db
def test_readable_visibilities_per_persona(
    request: pytest.FixtureRequest, persona: str, expected: list[str]
) -> None:
    assert readable_visibilities(_actor(request, persona)) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_visible_forums_returns_exactly_the_readable_forums(
    request: pytest.FixtureRequest, persona: str, forums: dict[str, Forum]
) -> None:
    actor = _actor(request, persona)

    visible = set(visible_forums(actor).values_list("pk", flat=True))

    assert visible == {forums[name].pk for name in CAN_SEE[persona]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_visible_forums_narrows_a_given_queryset(
    request: pytest.FixtureRequest, persona: str, forums: dict[str, Forum]
) -> None:
    actor = _actor(request, persona)
    only_two = Forum.objects.filter(pk__in=[forums["forum"].pk, forums["staff_forum"].pk])

    visible = set(visible_forums(actor, only_two).values_list("pk", flat=True))

    expected = {forums[n].pk for n in ("forum", "staff_forum") if n in CAN_SEE[persona]}
    assert visible == expected


@pytest.mark.parametrize("forum_name", FORUMS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_can_view_forum_follows_the_visibility_matrix(
    request: pytest.FixtureRequest, persona: str, forum_name: str, forums: dict[str, Forum]
) -> None:
    actor = _actor(request, persona)

    assert can_view_forum(actor, forums[forum_name]) is (forum_name in CAN_SEE[persona])


@pytest.mark.parametrize("forum_name", FORUMS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_check_view_forum_raises_http404_never_403_for_hidden_forums(
    request: pytest.FixtureRequest, persona: str, forum_name: str, forums: dict[str, Forum]
) -> None:
    actor = _actor(request, persona)
    target = forums[forum_name]

    if forum_name in CAN_SEE[persona]:
        check_view_forum(actor, target)  # no exception
    else:
        with pytest.raises(Http404) as caught:
            check_view_forum(actor, target)
        assert not isinstance(caught.value, PermissionDenied)


@pytest.mark.parametrize("forum_name", FORUMS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_can_start_thread_only_for_active_members_where_they_can_see(
    request: pytest.FixtureRequest, persona: str, forum_name: str, forums: dict[str, Forum]
) -> None:
    actor = _actor(request, persona)

    assert can_start_thread(actor, forums[forum_name]) is (forum_name in CAN_POST[persona])


@pytest.mark.parametrize("persona", ["guest", "banned_member"])
def test_check_start_thread_raises_permission_denied_for_guests_on_a_visible_forum(
    request: pytest.FixtureRequest, persona: str, forum: Forum
) -> None:
    actor = _actor(request, persona)

    with pytest.raises(PermissionDenied) as caught:
        check_start_thread(actor, forum)

    assert str(caught.value) == "Sign in to start a thread."


@pytest.mark.parametrize(
    ("persona", "forum_name"),
    [
        ("guest", "members_forum"),
        ("guest", "staff_forum"),
        ("banned_member", "members_forum"),
        ("member", "staff_forum"),
    ],
)
def test_check_start_thread_raises_http404_for_a_hidden_forum(
    request: pytest.FixtureRequest, persona: str, forum_name: str, forums: dict[str, Forum]
) -> None:
    actor = _actor(request, persona)

    with pytest.raises(Http404):
        check_start_thread(actor, forums[forum_name])


@pytest.mark.parametrize("persona", ["member", "moderator", "admin"])
def test_check_start_thread_passes_for_members_on_every_forum_they_can_see(
    request: pytest.FixtureRequest, persona: str, forums: dict[str, Forum]
) -> None:
    actor = _actor(request, persona)

    for name in CAN_SEE[persona]:
        check_start_thread(actor, forums[name])  # no exception


@pytest.mark.parametrize(
    ("persona", "sees_it"),
    [
        ("guest", False),
        ("banned_member", False),
        ("member", False),
        ("moderator", True),
        ("admin", True),
    ],
)
def test_public_subforum_of_a_staff_forum_is_hidden_like_its_parent(
    request: pytest.FixtureRequest, persona: str, sees_it: bool, staff_forum: Forum
) -> None:
    subforum = make_forum(parent=staff_forum, name="Staff notes", visibility=Visibility.PUBLIC)
    subforum = Forum.objects.get(pk=subforum.pk)  # fresh: parent not cached
    actor = _actor(request, persona)

    assert subforum.visibility == Visibility.PUBLIC
    assert can_view_forum(actor, subforum) is sees_it
    assert visible_forums(actor).filter(pk=subforum.pk).exists() is sees_it
    assert can_start_thread(actor, subforum) is sees_it
    if sees_it:
        check_view_forum(actor, subforum)  # no exception
    else:
        with pytest.raises(Http404):
            check_view_forum(actor, subforum)
        with pytest.raises(Http404):
            check_start_thread(actor, subforum)


@pytest.mark.parametrize(
    ("persona", "sees_it"),
    [("guest", False), ("banned_member", False), ("member", True), ("moderator", True)],
)
def test_public_subforum_of_a_members_forum_is_hidden_from_guests(
    request: pytest.FixtureRequest, persona: str, sees_it: bool, members_forum: Forum
) -> None:
    subforum = make_forum(parent=members_forum, name="Open corner")
    actor = _actor(request, persona)

    assert can_view_forum(actor, subforum) is sees_it
    assert visible_forums(actor).filter(pk=subforum.pk).exists() is sees_it


@pytest.mark.parametrize(
    ("persona", "sees_it"),
    [("guest", False), ("banned_member", False), ("member", True), ("admin", True)],
)
def test_members_subforum_of_a_public_forum_needs_membership(
    request: pytest.FixtureRequest, persona: str, sees_it: bool, forum: Forum
) -> None:
    subforum = make_forum(parent=forum, name="Members' corner", visibility=Visibility.MEMBERS)
    actor = _actor(request, persona)

    assert can_view_forum(actor, subforum) is sees_it
    assert visible_forums(actor).filter(pk=subforum.pk).exists() is sees_it


@pytest.mark.parametrize("persona", PERSONAS)
def test_visible_forums_agrees_with_can_view_forum_for_every_combination(
    request: pytest.FixtureRequest, persona: str, forums: dict[str, Forum]
) -> None:
    for parent in list(forums.values()):
        for visibility in Visibility.values:
            make_forum(parent=parent, visibility=visibility)
    actor = _actor(request, persona)

    visible = set(visible_forums(actor).values_list("pk", flat=True))
    everything = Forum.objects.select_related("parent")

    assert visible == {f.pk for f in everything if can_view_forum(actor, f)}
    assert Forum.objects.count() == 3 + 3 * len(Visibility.values)
