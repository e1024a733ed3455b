"""Who a member ignores. ``ignored_ids`` is what other apps use (thread pages, conversations,
mentions): it reads the shared cache, so a page asks it for nothing in the steady state; the
services drop the cached set when it changes."""

from __future__ import annotations

from django.core.cache import cache

from pnyx.accounts.models import Member
from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor
from pnyx.ignoring.models import Ignore

CACHE_SECONDS = 24 * 3600
EMPTY: frozenset[int] = frozenset()


def cache_key(member_id: int) -> str:
    return f"ignored:v1:{member_id}"


def ignored_ids(member_id: int | None) -> frozenset[int]:
    """The ids of the members ``member_id`` ignores (none for guests)."""
    if member_id is None:
        return EMPTY
    key = cache_key(member_id)
    cached = cache.get(key)
    if isinstance(cached, frozenset):
        return cached
    found = frozenset(
        Ignore.objects.filter(member_id=member_id).values_list("ignored_id", flat=True)
    )
    cache.set(key, found, timeout=CACHE_SECONDS)
    return found


def is_ignoring(member_id: int, other_id: int | None) -> bool:
    """Whether ``member_id`` ignores ``other_id``."""
    return other_id is not None and other_id in ignored_ids(member_id)


def list_ignored(actor: Actor | Access) -> list[Member]:
    """The members the actor ignores, by name."""
    access = access_of(actor)
    if not access.is_member or access.member_id is None:
        return []
    return list(
        Member.objects.filter(
            pk__in=Ignore.objects.filter(member_id=access.member_id).values("ignored_id")
        ).order_by("username")
    )
