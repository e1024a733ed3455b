"""Reads of reactions."""

from __future__ import annotations

from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor
from pnyx.core.prepared import PreparedInQuery
from pnyx.reactions.models import Reaction

_own_reactions: PreparedInQuery[tuple[int, str]] = PreparedInQuery(
    lambda member_id, post_ids: Reaction.objects.filter(
        member_id=member_id, post_id__in=post_ids
    ).values_list("post_id", "kind"),
    1,
    max_length=100,
)


def own_reactions(actor: Actor | Access, post_ids: list[int]) -> dict[int, set[str]]:
    """post id → the kinds the actor gave it, for posts the caller already showed it (one
    query; none for guests or no posts)."""
    member_id = access_of(actor).member_id
    mine: dict[int, set[str]] = {}
    if member_id is None or not post_ids:
        return mine
    for post_id, kind in _own_reactions.run(member_id, values=post_ids):
        mine.setdefault(post_id, set()).add(kind)
    return mine
