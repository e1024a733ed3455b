"""Writing groups, memberships, forums and per-forum permissions. Each action checks its
rule first, writes in one transaction, records itself in the audit log and publishes
``PermissionsChanged`` (so every process reads the settings again and the guest cache is
stale at once)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pnyx.accounts.models import Member
from pnyx.audit.enums import AuditTarget
from pnyx.audit.services import record_action
from pnyx.core.access import Access
from pnyx.core.actors import Actor
from pnyx.core.events import PermissionsChanged, publish_on_commit
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Category, Forum
from pnyx.groups.enums import IMPLICIT_GROUPS, PERMISSIONS, BuiltinGroup, Setting
from pnyx.groups.models import ForumPermission, Group, Membership
from pnyx.groups.permissions import check_manage_forum, check_manage_groups
from pnyx.groups.policy import forget_settings

#: What a permission may be set to; None removes the setting (inherit).
SettingValue = str | None

_BUILTIN_TITLES = {choice.value: str(choice.label) for choice in BuiltinGroup}


def _actor_id(actor: Actor | Access) -> int | None:
    if isinstance(actor, Access):
        return actor.member_id
    return actor.pk if actor.is_authenticated else None


def _audit_actor(actor: Actor | Access) -> Actor | None:
    if isinstance(actor, Access):
        return Member.objects.filter(pk=actor.member_id).first() if actor.member_id else None
    return actor


def _changed(event: PermissionsChanged) -> None:
    """This process reads the settings again at its next check (later in this transaction
    too); every process does once the change commits (``on_permissions_changed``)."""
    forget_settings()
    publish_on_commit(event)


def builtin_group(name: str) -> Group:
    """The built-in group ``name`` (made again if a test flushed the table)."""
    group, _created = Group.objects.get_or_create(
        name=name,
        defaults={"title": _BUILTIN_TITLES[name], "is_builtin": True},
    )
    return group


def ensure_builtin_groups() -> list[Group]:
    return [builtin_group(name) for name in BuiltinGroup.values]


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("A group needs a title.")})
    if len(title) > 100:
        raise ValidationError({"title": _("At most 100 characters.")})
    return title


def _clean_description(description: str) -> str:
    description = " ".join(description.split())
    if len(description) > 300:
        raise ValidationError({"description": _("At most 300 characters.")})
    return description


def create_group(
    actor: Actor | Access, *, title: str, name: str = "", description: str = ""
) -> Group:
    """A custom group. ``name`` (stable, for the API) is made from the title when empty."""
    check_manage_groups(actor)
    title = _clean_title(title)
    description = _clean_description(description)
    name = slugify(name or title)[:50]
    if not name:
        raise ValidationError({"name": _("Give the group a name made of letters or digits.")})
    if name in BuiltinGroup.values or Group.objects.filter(name=name).exists():
        raise ValidationError({"name": _("A group with this name exists already.")})
    with transaction.atomic():
        try:
            with transaction.atomic():
                group = Group.objects.create(name=name, title=title, description=description)
        except IntegrityError:
            raise ValidationError({"name": _("A group with this name exists already.")}) from None
        record_action(
            _audit_actor(actor),
            "group.create",
            target_type=AuditTarget.GROUP,
            target_id=group.pk,
            target_label=group.title,
            after={"name": name, "title": title, "description": description},
        )
        _changed(PermissionsChanged(kind="group", group_id=group.pk, actor_id=_actor_id(actor)))
    return group


def update_group(
    actor: Actor | Access, group: Group, *, title: str, description: str = ""
) -> Group:
    """Change a group's title and description (its name stays: the API knows it)."""
    check_manage_groups(actor)
    title = _clean_title(title)
    description = _clean_description(description)
    before = {"title": group.title, "description": group.description}
    with transaction.atomic():
        group.title = title
        group.description = description
        group.save(update_fields=["title", "description"])
        record_action(
            _audit_actor(actor),
            "group.update",
            target_type=AuditTarget.GROUP,
            target_id=group.pk,
            target_label=group.title,
            before=before,
            after={"title": title, "description": description},
        )
        _changed(PermissionsChanged(kind="group", group_id=group.pk, actor_id=_actor_id(actor)))
    return group


def delete_group(actor: Actor | Access, group: Group) -> None:
    """Delete a custom group with its memberships and settings (never a built-in one)."""
    check_manage_groups(actor)
    if group.is_builtin or group.name in BuiltinGroup.values:
        raise ValidationError(_("Built-in groups cannot be deleted."))
    with transaction.atomic():
        group_id = group.pk
        record_action(
            _audit_actor(actor),
            "group.delete",
            target_type=AuditTarget.GROUP,
            target_id=group_id,
            target_label=group.title,
            before={"name": group.name, "title": group.title},
        )
        group.delete()
        _changed(PermissionsChanged(kind="group", group_id=group_id, actor_id=_actor_id(actor)))


def _check_explicit(group: Group) -> None:
    if group.name in IMPLICIT_GROUPS:
        raise ValidationError(
            _("Nobody is added to %(group)s by hand: it follows from signing in.")
            % {"group": group.title}
        )


def add_member(actor: Actor | Access, group: Group, member: Member) -> bool:
    """Put ``member`` in ``group``; False when they were in it already (nothing changes)."""
    check_manage_groups(actor)
    _check_explicit(group)
    with transaction.atomic():
        if Membership.objects.filter(group=group, member=member).exists():
            return False
        try:
            with transaction.atomic():
                Membership.objects.create(group=group, member=member, added_at=timezone.now())
        except IntegrityError:  # added at the same moment by someone else
            return False
        record_action(
            _audit_actor(actor),
            "group.add_member",
            target_type=AuditTarget.GROUP,
            target_id=group.pk,
            target_label=group.title,
            member_id=member.pk,
            after={"member": member.username},
        )
        _changed(
            PermissionsChanged(
                kind="membership",
                group_id=group.pk,
                member_id=member.pk,
                actor_id=_actor_id(actor),
            )
        )
    return True


def remove_member(actor: Actor | Access, group: Group, member: Member) -> bool:
    """Take ``member`` out of ``group``; False when they were not in it."""
    check_manage_groups(actor)
    _check_explicit(group)
    with transaction.atomic():
        deleted, _rows = Membership.objects.filter(group=group, member=member).delete()
        if not deleted:
            return False
        record_action(
            _audit_actor(actor),
            "group.remove_member",
            target_type=AuditTarget.GROUP,
            target_id=group.pk,
            target_label=group.title,
            member_id=member.pk,
            before={"member": member.username},
        )
        _changed(
            PermissionsChanged(
                kind="membership",
                group_id=group.pk,
                member_id=member.pk,
                actor_id=_actor_id(actor),
            )
        )
    return True


def _clean_settings(settings: Mapping[str, SettingValue]) -> dict[str, SettingValue]:
    unknown = sorted(set(settings) - set(PERMISSIONS))
    if unknown:
        raise ValidationError(
            {name: _("Not a permission.") for name in unknown},
        )
    cleaned: dict[str, SettingValue] = {}
    for name, value in settings.items():
        if value is not None and value not in Setting.values:
            raise ValidationError({name: _("Yes, no, never or inherit.")})
        cleaned[name] = value
    return cleaned


def _set(
    actor: Actor | Access,
    forum: Forum,
    settings: Mapping[str, SettingValue],
    *,
    group: Group | None = None,
    member: Member | None = None,
) -> dict[str, SettingValue]:
    check_manage_forum(actor, forum)
    cleaned = _clean_settings(settings)
    who: dict[str, Any] = {"group": group} if group is not None else {"member": member}
    with transaction.atomic():
        rows = ForumPermission.objects.select_for_update().filter(forum=forum, **who)
        current: dict[str, SettingValue] = {row.permission: row.value for row in rows}
        before = {name: current.get(name) for name in cleaned}
        after = dict(before)
        for name, value in cleaned.items():
            if current.get(name) == value:
                continue
            after[name] = value
            if value is None:
                ForumPermission.objects.filter(forum=forum, permission=name, **who).delete()
            elif name in current:
                ForumPermission.objects.filter(forum=forum, permission=name, **who).update(
                    value=value
                )
            else:
                ForumPermission.objects.create(forum=forum, permission=name, value=value, **who)
        if after != before:
            record_action(
                _audit_actor(actor),
                "forum.permissions" if group is not None else "forum.member_permissions",
                target_type=AuditTarget.FORUM,
                target_id=forum.pk,
                target_label=forum.name,
                forum_id=forum.pk,
                member_id=member.pk if member is not None else None,
                before={"group": group.name if group else None, **before},
                after={"group": group.name if group else None, **after},
            )
            _changed(
                PermissionsChanged(
                    kind="forum_permissions",
                    forum_id=forum.pk,
                    group_id=group.pk if group is not None else None,
                    member_id=member.pk if member is not None else None,
                    actor_id=_actor_id(actor),
                )
            )
        current.update(after)
    return {name: current.get(name) for name in PERMISSIONS}


def set_forum_permissions(
    actor: Actor | Access, forum: Forum, group: Group, settings: Mapping[str, SettingValue]
) -> dict[str, SettingValue]:
    """Set ``group``'s permissions in ``forum``: each name to ``yes``/``no``/``never``, or
    None to inherit; names left out stay as they are. Returns every permission's explicit
    setting there afterwards."""
    return _set(actor, forum, settings, group=group)


def set_forum_moderator(
    actor: Actor | Access, forum: Forum, member: Member, moderates: bool
) -> None:
    """Make ``member`` a moderator of ``forum`` (and its subforums) only, or stop it."""
    _set(actor, forum, {"moderate": Setting.YES.value if moderates else None}, member=member)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:90] or "forum"
    slug = base
    n = 1
    while Forum.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_forum(
    actor: Actor | Access,
    *,
    name: str,
    parent: Forum | None = None,
    description: str = "",
    category: Category | None = None,
    visibility: str | None = None,
) -> Forum:
    """A new forum, under ``parent`` (in its category) or at the top of ``category`` (the
    first category when none is given). Under a parent it inherits each group's
    permissions unless ``visibility`` says otherwise; at the top it is private (nobody but
    administrators) until a group is given access."""
    if parent is not None:
        check_manage_forum(actor, parent)
    else:
        check_manage_groups(actor)
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise ValidationError({"name": _("A forum needs a name of at most 100 characters.")})
    description = " ".join(description.split())
    if len(description) > 300:
        raise ValidationError({"description": _("At most 300 characters.")})
    if visibility is None:
        visibility = Visibility.INHERIT if parent is not None else Visibility.PRIVATE
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Not a visibility.")})
    if parent is not None:
        category = parent.category
    elif category is None:
        category = Category.objects.order_by("position", "id").first()
        if category is None:
            category, _made = Category.objects.get_or_create(
                slug="forums", defaults={"name": _("Forums")}
            )
    with transaction.atomic():
        forum = Forum(
            category=category,
            parent=parent,
            name=name,
            slug=_unique_slug(name),
            description=description,
            visibility=visibility,
        )
        forum.full_clean()
        forum.save()  # publishes ForumChanged (pnyx.forums.tree.forum_saved)
        record_action(
            _audit_actor(actor),
            "forum.create",
            target_type=AuditTarget.FORUM,
            target_id=forum.pk,
            target_label=forum.name,
            forum_id=forum.pk,
            after={
                "name": name,
                "parent_id": parent.pk if parent else None,
                "description": description,
                "visibility": visibility,
            },
        )
    return forum
