"""The administrators' pages: groups, membership and each forum's permission matrix."""

from __future__ import annotations

import pytest
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.audit.models import AuditEntry
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.groups.models import ForumPermission, Group, Membership
from pnyx.groups.services import create_group, set_forum_permissions
from pnyx.testing.factories import make_forum

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(admin: Member) -> Client:
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def team(admin: Member) -> Group:
    return create_group(admin, title="Defence team")


def _permissions_url(forum: Forum) -> str:
    return f"/forums/{forum.pk}-{forum.slug}/permissions/"


def test_guests_are_sent_to_sign_in(guest_client: Client, forum: Forum) -> None:
    for url in ("/groups/", _permissions_url(forum)):
        response = guest_client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("client_name", ["member_client", "moderator_client"])
def test_members_and_moderators_are_refused(
    request: pytest.FixtureRequest, client_name: str, forum: Forum, team: Group
) -> None:
    client: Client = request.getfixturevalue(client_name)

    assert client.get("/groups/").status_code == 403
    assert client.get(f"/groups/{team.pk}/").status_code == 403
    assert client.get(_permissions_url(forum)).status_code == 403
    assert client.post("/groups/", {"title": "Sneaky"}).status_code == 403
    assert not Group.objects.filter(title="Sneaky").exists()


def test_a_hidden_forum_is_404_for_a_member(member_client: Client, staff_forum: Forum) -> None:
    assert member_client.get(_permissions_url(staff_forum)).status_code == 404


def test_an_administrator_lists_creates_and_edits_groups(
    admin_client: Client, forum: Forum
) -> None:
    page = admin_client.get("/groups/")
    assert page.status_code == 200
    for title in ("Guests", "Members", "Moderators", "Administrators", "Current Events"):
        assert title in page.content.decode()

    created = admin_client.post("/groups/", {"title": "Trusted", "description": "Old hands"})
    group = Group.objects.get(name="trusted")
    assert created.status_code == 302
    assert created["Location"] == f"/groups/{group.pk}/"

    admin_client.post(
        f"/groups/{group.pk}/", {"action": "update", "title": "Very trusted", "description": ""}
    )
    group.refresh_from_db()
    assert group.title == "Very trusted"


def test_a_refused_group_form_keeps_the_input(admin_client: Client, team: Group) -> None:
    response = admin_client.post("/groups/", {"title": "Defence team", "description": "Again"})

    assert response.status_code == 400
    assert "exists already" in response.content.decode()
    assert 'value="Again"' in response.content.decode()


def test_membership_is_added_and_removed_on_the_page(
    admin_client: Client, team: Group, member: Member
) -> None:
    admin_client.post(f"/groups/{team.pk}/", {"action": "add", "username": member.username})
    assert Membership.objects.filter(group=team, member=member).exists()
    assert member.username in admin_client.get(f"/groups/{team.pk}/").content.decode()

    missing = admin_client.post(f"/groups/{team.pk}/", {"action": "add", "username": "nobody"})
    assert missing.status_code == 400

    admin_client.post(f"/groups/{team.pk}/", {"action": "remove", "username": member.username})
    assert not Membership.objects.filter(group=team).exists()
    assert list(
        AuditEntry.objects.filter(target_id=team.pk).order_by("id").values_list("action", flat=True)
    ) == ["group.create", "group.add_member", "group.remove_member"]


def test_a_custom_group_is_deleted_a_builtin_is_not(admin_client: Client, team: Group) -> None:
    members = Group.objects.get(name="members")
    refused = admin_client.post(f"/groups/{members.pk}/", {"action": "delete"})
    assert refused.status_code == 400

    admin_client.post(f"/groups/{team.pk}/", {"action": "delete"})
    assert not Group.objects.filter(pk=team.pk).exists()


def test_the_matrix_shows_what_is_inherited_and_from_where(
    admin_client: Client, admin: Member, team: Group
) -> None:
    parent = make_forum(name="Defence")
    child = make_forum(parent=parent, name="Naval", visibility=Visibility.INHERIT)
    set_forum_permissions(admin, parent, team, {"reply": "never"})

    html = admin_client.get(_permissions_url(child)).content.decode()

    assert "never (from Defence)" in html
    assert "yes (from Defence)" in html  # Members' preset in the parent
    assert "yes (always)" in html  # Administrators


def test_the_matrix_form_sets_and_clears_settings(
    admin_client: Client, team: Group, member: Member
) -> None:
    private = make_forum(visibility=Visibility.PRIVATE)
    url = _permissions_url(private)

    response = admin_client.post(
        url, {f"p-{team.pk}-view": "yes", f"p-{team.pk}-read": "yes", f"p-{team.pk}-react": "never"}
    )
    assert response.status_code == 302
    assert set(
        ForumPermission.objects.filter(forum=private, group=team).values_list("permission", "value")
    ) == {("view", "yes"), ("read", "yes"), ("react", "never")}
    assert 'data-effective="never"' in admin_client.get(url).content.decode()

    admin_client.post(url, {f"p-{team.pk}-react": "inherit"})
    assert not ForumPermission.objects.filter(forum=private, permission="react").exists()
    assert AuditEntry.objects.filter(action="forum.permissions", forum_id=private.pk).count() == 2

    bad = admin_client.post(url, {f"p-{team.pk}-view": "maybe"})
    assert bad.status_code == 400


def test_a_forum_moderator_is_added_on_the_forum_page(
    admin_client: Client, member: Member, forum: Forum
) -> None:
    moderators_url = f"/forums/{forum.pk}-{forum.slug}/moderators/"

    admin_client.post(moderators_url, {"action": "add", "username": member.username})
    assert member.username in admin_client.get(_permissions_url(forum)).content.decode()
    assert ForumPermission.objects.filter(
        forum=forum, member=member, permission="moderate", value="yes"
    ).exists()

    admin_client.post(moderators_url, {"action": "remove", "username": member.username})
    assert not ForumPermission.objects.filter(member=member).exists()
