"""Who may manage groups, memberships, forums and their permissions: administrators (the
Administrators group, which superusers are always in). Each rule is written once here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from pnyx.core.access import Access, access_of, can_from
from pnyx.core.actors import Actor
from pnyx.forums.models import Forum
from pnyx.forums.permissions import check_view_forum
from pnyx.groups.policy import ADMINISTRATORS, current_settings

_SIGN_IN = gettext_lazy("Sign in first.")
_ADMINISTRATORS_ONLY = gettext_lazy("Only administrators can manage groups and permissions.")


def is_administrator(actor: Actor | Access) -> bool:
    """In the Administrators group (superusers always are). No query once the settings are
    held (the Access has read them)."""
    access = access_of(actor)
    if not access.is_member:
        return False
    return access.is_superuser or ADMINISTRATORS in current_settings().subjects(access.facts)


def check_manage_groups(actor: Actor | Access, _obj: object = None) -> None:
    """Create and change groups and their members."""
    access = access_of(actor)
    if not access.is_member:
        raise PermissionDenied(_SIGN_IN)
    if not is_administrator(access):
        raise PermissionDenied(_ADMINISTRATORS_ONLY)


def check_manage_forum(actor: Actor | Access, forum: Forum) -> None:
    """Set a forum's permissions and moderators, or add a forum under it. A forum the actor
    cannot see is missing (404)."""
    access = access_of(actor)
    check_view_forum(access, forum)
    check_manage_groups(access)


can_manage_groups = can_from(check_manage_groups)
can_manage_forum = can_from(check_manage_forum)
