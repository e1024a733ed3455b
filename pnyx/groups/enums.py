"""The names groups and per-forum permissions are known by (stable: the API uses them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BuiltinGroup(models.TextChoices):
    """The four groups every forum has. Guests are the readers who are not signed in, Members
    every signed-in member (nobody is added to either by hand); staff accounts are always
    Moderators and superusers always Administrators, whoever else is added."""

    GUESTS = "guests", _("Guests")
    MEMBERS = "members", _("Members")
    MODERATORS = "moderators", _("Moderators")
    ADMINISTRATORS = "administrators", _("Administrators")


#: Groups whose membership follows from the account (signed in or not): no member rows.
IMPLICIT_GROUPS = frozenset({BuiltinGroup.GUESTS.value, BuiltinGroup.MEMBERS.value})


class Permission(models.TextChoices):
    """What a group may do in a forum (each set per group and forum, inherited down)."""

    VIEW = "view", _("See the forum")
    READ = "read", _("Read its threads")
    START_THREAD = "start_thread", _("Start threads")
    REPLY = "reply", _("Reply")
    REACT = "react", _("React to posts")
    EDIT_OWN = "edit_own", _("Edit own posts")
    DELETE_OWN = "delete_own", _("Delete own posts")
    BYPASS_LIMITS = "bypass_limits", _("Bypass slow mode and flood limits")
    MODERATE = "moderate", _("Moderate")


PERMISSIONS: tuple[str, ...] = tuple(Permission.values)


class Setting(models.TextChoices):
    """XenForo's Yes / No / Never. No row at all means "inherit" (nothing anywhere: no)."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    NEVER = "never", _("Never")
