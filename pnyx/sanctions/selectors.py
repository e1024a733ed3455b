"""Reads for the sanctions pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from pnyx.audit.models import AuditEntry
from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor
from pnyx.sanctions.enums import RestrictionKind
from pnyx.sanctions.heat import HEAT_ACTION
from pnyx.sanctions.models import Restriction
from pnyx.threads.models import Thread


def active(queryset: QuerySet[Restriction]) -> QuerySet[Restriction]:
    now = timezone.now()
    return queryset.filter(lifted_at__isnull=True).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )


def thread_reply_bans(thread: Thread) -> list[Restriction]:
    """The active reply bans of a thread, newest first (the caller checked moderation)."""
    return list(
        active(Restriction.objects.filter(thread=thread, kind=RestrictionKind.REPLY_BAN))
        .select_related("member", "created_by")
        .order_by("-id")[:200]
    )


def heated_threads(actor: Actor | Access, *, limit: int = 50) -> list[AuditEntry]:
    """The latest threads that went into slow mode by themselves, in forums ``actor``
    moderates: the moderators' notice until alerts exist."""
    access = access_of(actor)
    return list(
        AuditEntry.objects.filter(action=HEAT_ACTION, forum_id__in=access.grants.moderate).order_by(
            "-id"
        )[:limit]
    )
