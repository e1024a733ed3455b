"""The groups, forums and permissions endpoints of API v1."""

from __future__ import annotations

import pytest

from pnyx.accounts.models import Member
from pnyx.audit.models import AuditEntry
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.groups.models import ForumPermission, Group, Membership
from pnyx.groups.services import create_group
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import make_forum, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api(admin: Member) -> ApiClient:
    return ApiClient(make_token(admin))


@pytest.fixture
def team(admin: Member) -> Group:
    return create_group(admin, title="Defence team")


def test_anyone_lists_the_groups_with_their_stable_names(guest_api: ApiClient, team: Group) -> None:
    response = guest_api.get("/groups")

    assert response.status_code == 200
    names = [group["name"] for group in response.json()["groups"]]
    assert names == ["guests", "members", "moderators", "administrators", "defence-team"]
    members = response.json()["groups"][1]
    assert members["is_builtin"] is True
    assert members["member_count"] is None


def test_an_administrator_creates_a_group(admin_api: ApiClient) -> None:
    response = admin_api.post("/groups", {"title": "Trusted", "description": "Old hands"})

    assert response.status_code == 201
    assert response.json()["name"] == "trusted"
    assert Group.objects.filter(name="trusted", title="Trusted").exists()
    assert AuditEntry.objects.filter(action="group.create").count() == 1


@pytest.mark.parametrize(
    ("client", "status"),
    [("guest_api", 401), ("member_api", 403), ("moderator_api", 403)],
)
def test_only_administrators_create_groups(
    request: pytest.FixtureRequest, client: str, status: int
) -> None:
    api: ApiClient = request.getfixturevalue(client)

    response = api.post("/groups", {"title": "Trusted"})

    assert response.status_code == status
    assert not Group.objects.filter(name="trusted").exists()


def test_a_duplicate_or_builtin_name_is_refused(admin_api: ApiClient, team: Group) -> None:
    assert admin_api.post("/groups", {"title": "x", "name": "members"}).status_code == 422
    response = admin_api.post("/groups", {"title": "Defence team"})
    assert response.status_code == 422
    assert "name" in error_of(response)["fields"]


def test_put_membership_is_idempotent_and_audited(
    admin_api: ApiClient, team: Group, member: Member
) -> None:
    first = admin_api.put(f"/groups/{team.pk}/members/{member.username}")
    again = admin_api.put(f"/groups/{team.pk}/members/{member.username}")

    assert first.status_code == again.status_code == 200
    assert first.json()["changed"] is True
    assert again.json()["changed"] is False
    assert Membership.objects.filter(group=team, member=member).count() == 1
    assert AuditEntry.objects.filter(action="group.add_member", member_id=member.pk).count() == 1

    removed = admin_api.delete(f"/groups/{team.pk}/members/{member.username}")
    assert removed.json() == {
        "group_id": team.pk,
        "username": member.username,
        "is_member": False,
        "changed": True,
    }


def test_membership_of_implicit_groups_is_refused(admin_api: ApiClient, member: Member) -> None:
    members = Group.objects.get(name="members")

    response = admin_api.put(f"/groups/{members.pk}/members/{member.username}")

    assert response.status_code == 422


def test_membership_answers_404_for_missing_groups_and_members(
    admin_api: ApiClient, member_api: ApiClient, team: Group, member: Member
) -> None:
    assert admin_api.put(f"/groups/999999/members/{member.username}").status_code == 404
    assert admin_api.put(f"/groups/{team.pk}/members/nobody_here").status_code == 404
    assert member_api.put(f"/groups/{team.pk}/members/{member.username}").status_code == 403


def test_create_forum_under_a_parent_inherits(
    admin_api: ApiClient, forum: Forum, member_api: ApiClient
) -> None:
    response = admin_api.post(
        "/forums", {"name": "Naval warfare", "parent_id": forum.pk, "description": "Ships"}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["parent_id"] == forum.pk
    assert body["visibility"] == Visibility.INHERIT
    # Members read and post there, as in the parent.
    assert member_api.get(f"/forums/{body['id']}/threads").status_code == 200
    created = Forum.objects.get(pk=body["id"])
    assert created.category_id == forum.category_id
    assert created.description == "Ships"


def test_a_new_top_level_forum_is_private(
    admin_api: ApiClient, member_api: ApiClient, moderator_api: ApiClient, forum: Forum
) -> None:
    response = admin_api.post("/forums", {"name": "Back room", "parent_id": None})

    assert response.status_code == 201
    forum_id = response.json()["id"]
    assert member_api.get(f"/forums/{forum_id}/threads").status_code == 404
    assert moderator_api.get(f"/forums/{forum_id}/threads").status_code == 404
    assert admin_api.get(f"/forums/{forum_id}/threads").status_code == 200


def test_create_forum_hidden_parent_404_visible_parent_403(
    member_api: ApiClient, forum: Forum, staff_forum: Forum
) -> None:
    assert member_api.post("/forums", {"name": "X", "parent_id": staff_forum.pk}).status_code == (
        404
    )
    assert member_api.post("/forums", {"name": "X", "parent_id": forum.pk}).status_code == 403
    assert member_api.post("/forums", {"name": "X"}).status_code == 403


def test_set_forum_permissions_yes_no_never_and_inherit(
    admin_api: ApiClient, member_api: ApiClient, team: Group, member: Member
) -> None:
    private = make_forum(visibility=Visibility.PRIVATE)
    admin_api.put(f"/groups/{team.pk}/members/{member.username}")
    url = f"/forums/{private.pk}/permissions/{team.pk}"

    response = admin_api.send(
        "PUT", url, {"view": True, "read": True, "reply": False, "react": "never"}
    )

    assert response.status_code == 200
    settings = response.json()["permissions"]
    assert settings["view"] is True
    assert settings["reply"] is False
    assert settings["react"] == "never"
    assert settings["moderate"] is None
    assert member_api.get(f"/forums/{private.pk}/threads").status_code == 200

    response = admin_api.send("PUT", url, {"view": None})
    assert response.json()["permissions"]["view"] is None
    assert response.json()["permissions"]["read"] is True  # left out: unchanged
    assert member_api.get(f"/forums/{private.pk}/threads").status_code == 404
    assert set(
        ForumPermission.objects.filter(forum=private, group=team).values_list("permission", "value")
    ) == {("read", "yes"), ("reply", "no"), ("react", "never")}


def test_set_forum_permissions_refuses_other_values(admin_api: ApiClient, team: Group) -> None:
    forum = make_forum()
    url = f"/forums/{forum.pk}/permissions/{team.pk}"

    assert admin_api.send("PUT", url, {"view": "yes"}).status_code == 422
    assert admin_api.send("PUT", url, {"fly": True}).status_code == 422


def test_set_forum_permissions_404_where_hidden_403_where_visible(
    member_api: ApiClient, moderator_api: ApiClient, team: Group, staff_forum: Forum, forum: Forum
) -> None:
    assert (
        member_api.send(
            "PUT", f"/forums/{staff_forum.pk}/permissions/{team.pk}", {"view": True}
        ).status_code
        == 404
    )
    assert (
        member_api.send(
            "PUT", f"/forums/{forum.pk}/permissions/{team.pk}", {"view": True}
        ).status_code
        == 403
    )
    assert (
        moderator_api.send(
            "PUT", f"/forums/{staff_forum.pk}/permissions/{team.pk}", {"view": True}
        ).status_code
        == 403
    )
    assert not ForumPermission.objects.exists()
