"""The gate every new post passes: called by posting's services (threads and replies), so
page forms, the API and scripts obey the same limits.

``admit_post`` raises ``RateLimitError`` (429 with ``Retry-After``, its message shown on the
page) when the member must wait, and returns an ``Admission`` the service releases when the
post is not saved after all, so a failed post does not cost the member a slot.
"""

from __future__ import annotations

from dataclasses import dataclass

from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor
from pnyx.sanctions.flood import FloodPass, take_flood_pass
from pnyx.sanctions.permissions import bypasses_limits


@dataclass
class Admission:
    """What admitting a post took (flood slots); ``release`` gives it back."""

    flood: FloodPass | None = None

    def release(self) -> None:
        if self.flood is not None:
            self.flood.release()


def admit_post(actor: Actor | Access, *, forum_id: int) -> Admission:
    """Admit one new post by ``actor`` (already allowed to post there) in ``forum_id``, or
    raise RateLimitError when the member must wait first."""
    access = access_of(actor)
    if access.member_id is None or bypasses_limits(access, forum_id):
        return Admission()
    return Admission(flood=take_flood_pass(access.member_id))
