"""Reads of the moderation tools. Each takes the actor and shows only what it may see."""

from __future__ import annotations

from datetime import datetime

from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor
from pnyx.forums.models import Forum
from pnyx.moderation.models import ThreadClosing
from pnyx.threads.models import Thread


def thread_closing(thread: Thread) -> datetime | None:
    """When the thread locks itself (None: it does not)."""
    return ThreadClosing.objects.filter(thread=thread).values_list("closes_at", flat=True).first()


def move_targets(actor: Actor | Access, thread: Thread) -> list[Forum]:
    """The forums ``actor`` may move ``thread`` to: those it moderates, but the thread's."""
    moderated = access_of(actor).grants.moderate - {thread.forum_id}
    return list(
        Forum.objects.filter(pk__in=sorted(moderated))
        .select_related("category")
        .order_by("category__position", "category__pk", "position", "pk")
    )
