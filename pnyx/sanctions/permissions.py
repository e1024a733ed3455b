"""Who the sanctions rules apply to, and who may apply them. Each rule is written once."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pnyx.core.access import EMPTY, Access, access_of
from pnyx.core.actors import Actor


def bypasses_limits(actor: Actor | Access, forum_id: int) -> bool:
    """Whether flood limits and slow mode spare ``actor`` in ``forum_id``: its moderators,
    and members granted ``bypass_limits`` there (per-group permissions, issue 11; read
    from the grants when the policy provides them)."""
    access = access_of(actor)
    grants = access.grants
    return forum_id in grants.moderate or forum_id in getattr(grants, "bypass_limits", EMPTY)


def check_ban_member(actor: Actor | Access, member_id: int, member_is_staff: bool) -> None:
    """Bans are site-wide: staff only, and never on staff."""
    access = access_of(actor)
    if not access.is_staff:
        raise PermissionDenied(_("Only staff may ban members."))
    if member_is_staff or access.is_self(member_id):
        raise PermissionDenied(_("Staff accounts cannot be banned."))
