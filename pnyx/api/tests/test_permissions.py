"""Who may do what through the API: every endpoint × guest, member, other member (the
author), moderator, and forums a caller cannot see. Allowed, 401/403 and 404 asserted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.reactions.models import Reaction
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import first_post, make_member, make_thread
from pnyx.threads.models import Post, Thread

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

PERSONAS = ["guest", "member", "other_member", "moderator"]


@dataclass
class World:
    public: Thread  # by other_member, in the public forum
    locked: Thread  # by other_member, locked
    members_only: Thread  # by the moderator, in the members' forum
    staff_only: Thread  # by the moderator, in the staff forum
    forum: Forum
    members_forum: Forum
    staff_forum: Forum


@pytest.fixture
def world(
    forum: Forum,
    members_forum: Forum,
    staff_forum: Forum,
    thread: Thread,
    moderator: Member,
    other_member: Member,
) -> World:
    return World(
        public=thread,
        locked=make_thread(forum, author=other_member, title="Locked", is_locked=True),
        members_only=make_thread(members_forum, author=moderator, title="Lounge talk"),
        staff_only=make_thread(staff_forum, author=moderator, title="Staff notes"),
        forum=forum,
        members_forum=members_forum,
        staff_forum=staff_forum,
    )


def api_as(request: pytest.FixtureRequest, persona: str) -> ApiClient:
    client: ApiClient = request.getfixturevalue(f"{persona}_api")
    return client


def assert_status(response: Response, expected: int) -> None:
    assert response.status_code == expected, response.content
    if expected >= 400:
        error = error_of(response)
        if expected == 404:
            assert error == {"code": "not_found", "message": "Not found.", "fields": {}}
        if expected == 401:
            assert error["code"] in {"authentication_required", "invalid_token"}
            assert response["WWW-Authenticate"].startswith("Bearer")


# ---------------------------------------------------------------- reads

VISIBLE = {
    # persona → which of (public, members_only, staff_only) it may read
    "guest": (True, False, False),
    "member": (True, True, False),
    "other_member": (True, True, False),
    "moderator": (True, True, True),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_categories_list_only_visible_forums(
    request: pytest.FixtureRequest, persona: str, world: World
) -> None:
    response = api_as(request, persona).get("/categories")
    assert_status(response, 200)
    seen = {f["id"] for c in response.json()["categories"] for f in c["forums"]}
    forums = (world.forum.pk, world.members_forum.pk, world.staff_forum.pk)
    assert seen == {pk for pk, ok in zip(forums, VISIBLE[persona], strict=True) if ok}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", [0, 1, 2])
def test_forum_threads_hidden_forum_is_404(
    request: pytest.FixtureRequest, persona: str, which: int, world: World
) -> None:
    forum = (world.forum, world.members_forum, world.staff_forum)[which]
    response = api_as(request, persona).get(f"/forums/{forum.pk}/threads")
    assert_status(response, 200 if VISIBLE[persona][which] else 404)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", [0, 1, 2])
def test_read_thread_hidden_thread_is_404(
    request: pytest.FixtureRequest, persona: str, which: int, world: World
) -> None:
    thread = (world.public, world.members_only, world.staff_only)[which]
    response = api_as(request, persona).get(f"/threads/{thread.pk}")
    assert_status(response, 200 if VISIBLE[persona][which] else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_missing_and_hidden_answer_the_same(
    request: pytest.FixtureRequest, persona: str, world: World
) -> None:
    api = api_as(request, persona)
    missing = api.get("/threads/999999")
    assert_status(missing, 404)
    if persona != "moderator":
        hidden = api.get(f"/threads/{world.staff_only.pk}")
        assert hidden.content == missing.content
        assert hidden.status_code == missing.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_whats_new_lists_only_visible_threads(
    request: pytest.FixtureRequest, persona: str, world: World
) -> None:
    response = api_as(request, persona).get("/whats-new")
    assert_status(response, 200)
    seen = {t["id"] for t in response.json()["threads"]}
    expected = {world.public.pk, world.locked.pk}
    if VISIBLE[persona][1]:
        expected.add(world.members_only.pk)
    if VISIBLE[persona][2]:
        expected.add(world.staff_only.pk)
    assert seen == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_member_profile_is_public_and_inactive_is_404(
    request: pytest.FixtureRequest, persona: str, other_member: Member, banned_member: Member
) -> None:
    api = api_as(request, persona)
    assert_status(api.get("/members/bob"), 200)
    assert_status(api.get(f"/members/{banned_member.username}"), 404)
    assert_status(api.get("/members/nobody-here"), 404)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("guest", 401), ("member", 200), ("other_member", 200), ("moderator", 200)],
)
def test_me_needs_a_token(request: pytest.FixtureRequest, persona: str, status: int) -> None:
    response = api_as(request, persona).get("/me")
    assert_status(response, status)
    if status == 200:
        member: Member = request.getfixturevalue(persona)
        assert response.json()["username"] == member.username


# ---------------------------------------------------------------- start a thread

START = {
    # persona → expected status in (public, members, staff) forums
    "guest": (401, 404, 404),
    "member": (201, 201, 404),
    "other_member": (201, 201, 404),
    "moderator": (201, 201, 201),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", [0, 1, 2])
def test_start_thread_matrix(
    request: pytest.FixtureRequest, persona: str, which: int, world: World
) -> None:
    forum = (world.forum, world.members_forum, world.staff_forum)[which]
    before = Thread.objects.count()
    response = api_as(request, persona).post(
        "/threads", {"forum_id": forum.pk, "title": "Matrix", "body": "Text."}
    )
    expected = START[persona][which]
    assert_status(response, expected)
    assert Thread.objects.count() == before + (1 if expected == 201 else 0)


# ---------------------------------------------------------------- reply

REPLY = {
    # persona → (public, locked, members, staff)
    "guest": (401, 401, 404, 404),
    "member": (201, 403, 201, 404),
    "other_member": (201, 403, 201, 404),
    "moderator": (201, 201, 201, 201),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", [0, 1, 2, 3])
def test_reply_matrix(
    request: pytest.FixtureRequest, persona: str, which: int, world: World
) -> None:
    thread = (world.public, world.locked, world.members_only, world.staff_only)[which]
    before = Post.objects.count()
    response = api_as(request, persona).post(f"/threads/{thread.pk}/posts", {"body": "Reply."})
    expected = REPLY[persona][which]
    assert_status(response, expected)
    assert Post.objects.count() == before + (1 if expected == 201 else 0)
    if expected == 403:
        assert error_of(response) == {
            "code": "forbidden",
            "message": "This thread is locked: it takes no new replies.",
            "fields": {},
        }


# ---------------------------------------------------------------- edit

EDIT = {
    # persona → (bob's public post, bob's post in a locked thread, moderator's staff post)
    "guest": (401, 401, 404),
    "member": (403, 403, 404),
    "other_member": (200, 403, 404),
    "moderator": (200, 200, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", [0, 1, 2])
def test_edit_matrix(
    request: pytest.FixtureRequest, persona: str, which: int, world: World
) -> None:
    thread = (world.public, world.locked, world.staff_only)[which]
    post = first_post(thread)
    response = api_as(request, persona).patch(f"/posts/{post.pk}", {"body": "Edited text."})
    expected = EDIT[persona][which]
    assert_status(response, expected)
    post.refresh_from_db()
    assert (post.source == "Edited text.") is (expected == 200)
    assert post.revision == (1 if expected == 200 else 0)


def test_edit_after_the_window_is_403_for_the_author_not_staff(
    other_member_api: ApiClient, moderator_api: ApiClient, world: World
) -> None:
    post = first_post(world.public)
    Post.objects.filter(pk=post.pk).update(created_at=post.created_at.replace(year=2000))
    response = other_member_api.patch(f"/posts/{post.pk}", {"body": "Too late."})
    assert_status(response, 403)
    assert error_of(response)["message"] == "The time allowed for editing this post has passed."
    assert_status(moderator_api.patch(f"/posts/{post.pk}", {"body": "Staff fix."}), 200)


# ---------------------------------------------------------------- react

REACT = {
    # persona → (bob's public post, moderator's members post, moderator's staff post)
    "guest": (401, 404, 404),
    "member": (200, 200, 404),
    "other_member": (403, 200, 404),
    "moderator": (200, 403, 403),
}


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", [0, 1, 2])
def test_react_matrix(
    request: pytest.FixtureRequest, method: str, persona: str, which: int, world: World
) -> None:
    thread = (world.public, world.members_only, world.staff_only)[which]
    post = first_post(thread)
    response = api_as(request, persona).send(method, f"/posts/{post.pk}/reactions/like")
    expected = REACT[persona][which]
    assert_status(response, expected)
    present = Reaction.objects.filter(post=post).exists()
    assert present is (expected == 200 and method == "PUT")
    if expected == 403:
        assert error_of(response)["message"] == "You can't react to your own post."


# ---------------------------------------------------------------- deactivated and revoked


def test_token_of_a_deactivated_member_is_401(forum: Forum) -> None:
    from pnyx.testing.factories import make_token

    member = make_member(username="leaver")
    api = ApiClient(make_token(member))
    assert_status(api.get("/me"), 200)
    Member.objects.filter(pk=member.pk).update(is_active=False)
    response = api.post("/threads", {"forum_id": forum.pk, "title": "x", "body": "y"})
    assert_status(response, 401)
    assert error_of(response)["code"] == "invalid_token"
    assert Thread.objects.count() == 0
