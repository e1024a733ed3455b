"""Reading groups, memberships and a forum's permission matrix (pages and the API)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404

from pnyx.accounts.models import Member
from pnyx.core.access import Access
from pnyx.core.actors import Actor
from pnyx.forums.models import Forum
from pnyx.forums.permissions import check_view_forum
from pnyx.forums.tree import current_forum_tree
from pnyx.groups.enums import IMPLICIT_GROUPS, PERMISSIONS, Permission, Setting
from pnyx.groups.models import ForumPermission, Group, Membership
from pnyx.groups.permissions import check_manage_forum, check_manage_groups
from pnyx.groups.policy import ADMINISTRATORS, PRESETS, Subject, current_settings


@dataclass(frozen=True, slots=True)
class GroupRow:
    id: int
    name: str
    title: str
    description: str
    is_builtin: bool
    member_count: int | None  # None: membership follows from signing in (guests, members)


def list_groups() -> list[GroupRow]:
    """Every group, built-in first (their names are stable: guests, members, …)."""
    return [
        GroupRow(
            id=group.pk,
            name=group.name,
            title=group.title,
            description=group.description,
            is_builtin=group.is_builtin,
            member_count=None if group.name in IMPLICIT_GROUPS else group.member_count,
        )
        for group in Group.objects.annotate(member_count=Count("memberships")).order_by(
            "-is_builtin", "id"
        )
    ]


def get_group(group_id: int) -> Group:
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        raise Http404
    return group


def group_members(actor: Actor | Access, group: Group) -> list[Member]:
    """The members put in ``group`` by hand, by name (administrators only)."""
    check_manage_groups(actor)
    return [
        membership.member
        for membership in Membership.objects.filter(group=group)
        .select_related("member")
        .order_by("member__username")
    ]


@dataclass(frozen=True, slots=True)
class Cell:
    """One group's one permission in one forum."""

    permission: str
    own: str | None  # set at this forum (None: inherit)
    effective: str | None  # what decides for the group here: yes / no / never / None
    source: str  # where that comes from: "here", "preset", a forum name, or ""


@dataclass(frozen=True, slots=True)
class MatrixRow:
    group: GroupRow
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class ForumMatrix:
    forum: Forum
    permissions: tuple[tuple[str, str], ...]  # (name, label)
    rows: tuple[MatrixRow, ...]
    moderators: tuple[Member, ...]  # members who moderate this forum by their own setting


def _source(forum: Forum, names: dict[int, str], link: int, from_row: bool, builtin: bool) -> str:
    if link == forum.pk:
        return "here" if from_row or not builtin else "preset"
    return names.get(link, "")


def forum_matrix(actor: Actor | Access, forum: Forum) -> ForumMatrix:
    """Groups × permissions in ``forum``: each group's own setting here and what decides
    for it (inherited from which forum, or the visibility preset)."""
    check_manage_forum(actor, forum)
    tree = current_forum_tree()
    settings = current_settings()
    chain = tree.lineage(forum.pk) or (forum.pk,)
    names = dict(Forum.objects.filter(pk__in=chain).values_list("pk", "name"))
    rows: list[MatrixRow] = []
    for group in list_groups():
        subject: Subject = settings.subject_of_group(group.id)
        own_rows = settings.rows.get((subject, forum.pk), {})
        cells: list[Cell] = []
        for name in PERMISSIONS:
            effective: str | None = None
            source = ""
            if group.name == ADMINISTRATORS:
                effective, source = Setting.YES.value, "administrators"
            else:
                for link in chain:
                    row = settings.rows.get((subject, link), {}).get(name)
                    value = row
                    builtin = isinstance(subject, str)
                    if value is None and builtin:
                        preset = PRESETS.get(tree.visibilities.get(link, ""), {}).get(str(subject))
                        value = preset[name] if preset is not None else None
                    if value is None:
                        continue
                    if effective is None:
                        effective = value
                        source = _source(forum, names, link, row is not None, builtin)
                    if value == Setting.NEVER:
                        effective = value
                        source = _source(forum, names, link, row is not None, builtin)
                        break
            cells.append(Cell(name, own_rows.get(name), effective, source))
        rows.append(MatrixRow(group, tuple(cells)))
    moderators = tuple(
        Member.objects.filter(
            pk__in=ForumPermission.objects.filter(
                forum=forum, member__isnull=False, permission=Permission.MODERATE, value="yes"
            ).values("member_id")
        ).order_by("username")
    )
    return ForumMatrix(
        forum=forum,
        permissions=tuple((choice.value, str(choice.label)) for choice in Permission),
        rows=tuple(rows),
        moderators=moderators,
    )


def get_forum_for(actor: Actor | Access, forum_id: int) -> Forum:
    """A forum the actor can see, else 404."""
    forum = Forum.objects.filter(pk=forum_id).first()
    if forum is None:
        raise Http404
    check_view_forum(actor, forum)
    return forum


@dataclass(frozen=True, slots=True)
class ForumLink:
    id: int
    name: str
    slug: str
    depth: int
    visibility: str

    @property
    def indent(self) -> str:
        return "— " * self.depth


def managed_forums(actor: Actor | Access) -> list[ForumLink]:
    """Every forum the actor may manage, as a tree (parents first, children indented)."""
    check_manage_groups(actor)
    tree = current_forum_tree()
    forums = list(Forum.objects.order_by("category__position", "category_id", "position", "id"))
    children: dict[int | None, list[Forum]] = {}
    for forum in forums:
        children.setdefault(forum.parent_id, []).append(forum)
    found: list[ForumLink] = []

    def walk(parent: int | None, depth: int) -> None:
        for forum in children.get(parent, []):
            if tree.lineage(forum.pk) is None:
                continue
            found.append(ForumLink(forum.pk, forum.name, forum.slug, depth, forum.visibility))
            walk(forum.pk, depth + 1)

    walk(None, 0)
    return found
