"""Groups, memberships, forums and per-forum permissions in API v1 (administrators; the
group list is public). The same selectors and services as the pages (pnyx.groups)."""

from __future__ import annotations

import re
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.params import functions as param

from pnyx.accounts.selectors import get_member
from pnyx.api.auth import caller_of
from pnyx.api.errors import errors
from pnyx.api.schemas import MAX_ID, NOT_BLANK, Input, OptionalJsonInt
from pnyx.groups.enums import PERMISSIONS, Setting
from pnyx.groups.selectors import GroupRow, get_forum_for, get_group, list_groups
from pnyx.groups.services import (
    SettingValue,
    add_member,
    create_forum,
    create_group,
    remove_member,
    set_forum_permissions,
)

router = Router(tags=["groups"])

_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{1,30}$")
READ_ERRORS = errors(401, 404, 422, 503)
WRITE_ERRORS = errors(400, 401, 403, 404, 411, 413, 415, 422, 429, 503)


def _id(description: str) -> int:
    result: int = param.Path(..., ge=1, le=MAX_ID, description=description)
    return result


class GroupOut(Schema):
    id: int
    name: str = Field(description="Stable: guests, members, moderators, administrators, …")
    title: str
    description: str
    is_builtin: bool
    member_count: int | None = Field(
        description="Members put in the group; null for guests and members (implicit)."
    )


class GroupsOut(Schema):
    groups: list[GroupOut]


def _group_out(row: GroupRow) -> GroupOut:
    return GroupOut(
        id=row.id,
        name=row.name,
        title=row.title,
        description=row.description,
        is_builtin=row.is_builtin,
        member_count=row.member_count,
    )


class NewGroupIn(Input):
    title: str = Field(..., max_length=100, json_schema_extra={"pattern": NOT_BLANK})
    name: str = Field(
        "",
        max_length=50,
        description="Stable name (letters, digits, hyphens); made from the title when empty.",
    )
    description: str = Field("", max_length=300)


class MembershipOut(Schema):
    group_id: int
    username: str
    is_member: bool
    changed: bool = Field(description="False when nothing had to change.")


class NewForumIn(Input):
    name: str = Field(..., max_length=100, json_schema_extra={"pattern": NOT_BLANK})
    parent_id: OptionalJsonInt = Field(
        None,
        ge=1,
        le=MAX_ID,
        description=(
            "The forum to put it under (it inherits each group's permissions from it); "
            "null: a top-level forum, private until a group is given access."
        ),
    )
    description: str = Field("", max_length=300)


class ForumCreatedOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    parent_id: int | None
    visibility: str
    url: str


PermissionValue = bool | Literal["never"] | None


class PermissionsIn(Input):
    """Each permission: true = yes, false = no, "never" = never, null = inherit. Names left
    out stay as they are."""

    view: PermissionValue = None
    read: PermissionValue = None
    start_thread: PermissionValue = None
    reply: PermissionValue = None
    react: PermissionValue = None
    edit_own: PermissionValue = None
    delete_own: PermissionValue = None
    bypass_limits: PermissionValue = None
    moderate: PermissionValue = None


class PermissionsOut(Schema):
    forum_id: int
    group_id: int
    permissions: dict[str, PermissionValue] = Field(
        description="The group's explicit settings in this forum (null: inherited)."
    )


_TO_SETTING: dict[PermissionValue, SettingValue] = {
    True: Setting.YES.value,
    False: Setting.NO.value,
    "never": Setting.NEVER.value,
    None: None,
}
_FROM_SETTING: dict[SettingValue, PermissionValue] = {
    Setting.YES.value: True,
    Setting.NO.value: False,
    Setting.NEVER.value: "never",
    None: None,
}


@router.get(
    "/groups",
    response={200: GroupsOut, **READ_ERRORS},
    operation_id="list_groups",
    summary="Every group, the built-in ones first",
)
def list_groups_endpoint(request: HttpRequest) -> GroupsOut:
    return GroupsOut(groups=[_group_out(row) for row in list_groups()])


@router.post(
    "/groups",
    response={201: GroupOut, **WRITE_ERRORS},
    operation_id="create_group",
    summary="Create a custom group (administrators)",
)
def create_group_endpoint(request: HttpRequest, payload: NewGroupIn) -> Status[GroupOut]:
    actor = caller_of(request).actor
    group = create_group(
        actor, title=payload.title, name=payload.name, description=payload.description
    )
    row = GroupRow(group.pk, group.name, group.title, group.description, False, 0)
    return Status(201, _group_out(row))


def _membership(request: HttpRequest, group_id: int, username: str, *, on: bool) -> MembershipOut:
    actor = caller_of(request).actor
    if not _USERNAME.match(username):
        raise Http404
    group = get_group(group_id)
    member = get_member(username)
    change = add_member if on else remove_member
    changed = change(actor, group, member)
    return MembershipOut(group_id=group.pk, username=member.username, is_member=on, changed=changed)


@router.put(
    "/groups/{group_id}/members/{username}",
    response={200: MembershipOut, **WRITE_ERRORS},
    operation_id="add_group_member",
    summary="Put a member in a group (administrators; idempotent)",
)
def add_group_member(
    request: HttpRequest, username: str, group_id: int = _id("A group id.")
) -> MembershipOut:
    return _membership(request, group_id, username, on=True)


@router.delete(
    "/groups/{group_id}/members/{username}",
    response={200: MembershipOut, **WRITE_ERRORS},
    operation_id="remove_group_member",
    summary="Take a member out of a group (administrators; idempotent)",
)
def remove_group_member(
    request: HttpRequest, username: str, group_id: int = _id("A group id.")
) -> MembershipOut:
    return _membership(request, group_id, username, on=False)


@router.post(
    "/forums",
    response={201: ForumCreatedOut, **WRITE_ERRORS},
    operation_id="create_forum",
    summary="Create a forum (administrators)",
    tags=["forums"],
)
def create_forum_endpoint(request: HttpRequest, payload: NewForumIn) -> Status[ForumCreatedOut]:
    actor = caller_of(request).actor
    parent = get_forum_for(actor, payload.parent_id) if payload.parent_id is not None else None
    forum = create_forum(actor, name=payload.name, parent=parent, description=payload.description)
    return Status(
        201,
        ForumCreatedOut(
            id=forum.pk,
            name=forum.name,
            slug=forum.slug,
            description=forum.description,
            parent_id=forum.parent_id,
            visibility=forum.visibility,
            url=forum.get_absolute_url(),
        ),
    )


@router.put(
    "/forums/{forum_id}/permissions/{group_id}",
    response={200: PermissionsOut, **WRITE_ERRORS},
    operation_id="set_forum_permissions",
    summary="Set a group's permissions in a forum (administrators)",
    tags=["forums"],
)
def set_forum_permissions_endpoint(
    request: HttpRequest,
    payload: PermissionsIn,
    forum_id: int = _id("A forum id."),
    group_id: int = _id("A group id."),
) -> PermissionsOut:
    actor = caller_of(request).actor
    forum = get_forum_for(actor, forum_id)
    group = get_group(group_id)
    given = {name: _TO_SETTING[getattr(payload, name)] for name in payload.model_fields_set}
    result = set_forum_permissions(actor, forum, group, given)
    return PermissionsOut(
        forum_id=forum.pk,
        group_id=group.pk,
        permissions={name: _FROM_SETTING[result[name]] for name in PERMISSIONS},
    )
