"""Who the sanctions rules apply to, and who may apply them. Each rule is written once."""

from __future__ import annotations

from pnyx.core.access import EMPTY, Access, access_of
from pnyx.core.actors import Actor


def bypasses_limits(actor: Actor | Access, forum_id: int) -> bool:
    """Whether flood limits and slow mode spare ``actor`` in ``forum_id``: its moderators,
    and members granted ``bypass_limits`` there (per-group permissions, issue 11; read
    from the grants when the policy provides them)."""
    access = access_of(actor)
    grants = access.grants
    return forum_id in grants.moderate or forum_id in getattr(grants, "bypass_limits", EMPTY)
