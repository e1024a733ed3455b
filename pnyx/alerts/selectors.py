"""Reading alerts and watches, always as the reader may see them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, QuerySet

from pnyx.alerts.enums import POST_KINDS
from pnyx.alerts.models import Alert, AlertPreferences, ForumWatch, ThreadWatch
from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor
from pnyx.forums.models import Forum
from pnyx.threads.models import Thread

ALERTS_PER_PAGE = 30
# The unread count of each member is kept in the shared cache with the generation it was
# counted in: writes that touch a member's alerts delete their entry, and changes that may
# hide alerts from anyone (a post or thread deleted, a forum's visibility changed) move the
# generation, so every count is taken again at the member's next page.
GENERATION_KEY = "alerts:generation"
COUNT_TIMEOUT = 24 * 3600


def count_key(member_id: int) -> str:
    return f"alerts:unread:{member_id}"


def pending_key(member_id: int) -> str:
    """Set while the member may have unread alerts: reading a thread looks for alerts to
    mark read only then, so a member with none pays no query for it (pages and API)."""
    return f"alerts:pending:{member_id}"


def readable(access: Access, alerts: QuerySet[Alert]) -> QuerySet[Alert]:
    """Only the alerts ``access`` may see: post alerts in forums it reads."""
    return alerts.filter(
        Q(post__isnull=True, thread__isnull=True)
        | Q(thread__forum_id__in=sorted(access.grants.read))
    )


def unread_count(actor: Actor | Access) -> int:
    """The member's unread alerts (0 for guests), from the cache in the steady state."""
    access = access_of(actor)
    member_id = access.member_id
    if member_id is None or not access.is_member:
        return 0
    key = count_key(member_id)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY, 0)
    kept = found.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == generation:
        return int(kept[1])
    count = readable(
        access, Alert.objects.filter(member_id=member_id, read_at__isnull=True)
    ).count()
    cache.set(key, (generation, count), COUNT_TIMEOUT)
    return count


def may_have_unread(member_id: int) -> bool:
    """Whether the member may have unread alerts (no query: see ``pending_key``)."""
    return bool(cache.get(pending_key(member_id)))


@dataclass(frozen=True, slots=True)
class AlertPage:
    alerts: list[Alert]
    has_more: bool
    next_before: int | None


def list_alerts(
    actor: Actor | Access, *, before: int | None = None, limit: int = ALERTS_PER_PAGE
) -> AlertPage:
    """The member's alerts, newest first (``before``: an alert id, for the next page)."""
    access = access_of(actor)
    if access.member_id is None:
        return AlertPage([], False, None)
    alerts = readable(access, Alert.objects.filter(member_id=access.member_id))
    if before is not None:
        alerts = alerts.filter(id__lt=before)
    found = list(
        alerts.select_related("actor", "post", "thread").order_by("-created_at", "-id")[: limit + 1]
    )
    has_more = len(found) > limit
    found = found[:limit]
    return AlertPage(found, has_more, found[-1].pk if has_more and found else None)


def is_post_kind(kind: str) -> bool:
    return kind in POST_KINDS


def preferences_of(member_id: int) -> AlertPreferences:
    """The member's preferences (the defaults, unsaved, when they never changed them)."""
    found = AlertPreferences.objects.filter(member_id=member_id).first()
    return found if found is not None else AlertPreferences(member_id=member_id)


def is_watching_thread(actor: Actor | Access, thread: Thread) -> bool:
    member_id = access_of(actor).member_id
    if member_id is None:
        return False
    return ThreadWatch.objects.filter(member_id=member_id, thread_id=thread.pk).exists()


def forum_watch_of(actor: Actor | Access, forum: Forum) -> ForumWatch | None:
    member_id = access_of(actor).member_id
    if member_id is None:
        return None
    return ForumWatch.objects.filter(member_id=member_id, forum_id=forum.pk).first()


@dataclass(frozen=True, slots=True)
class Watched:
    threads: list[Thread]
    forums: list[ForumWatch]


def watched(actor: Actor | Access, *, limit: int = 200) -> Watched:
    """What the member watches, in forums they may still read (latest activity first)."""
    access = access_of(actor)
    if access.member_id is None:
        return Watched([], [])
    read = sorted(access.grants.read)
    threads = list(
        Thread.objects.filter(watches__member_id=access.member_id, forum_id__in=read)
        .select_related("forum", "last_poster")
        .order_by("-last_post_at", "-id")[:limit]
    )
    forums = list(
        ForumWatch.objects.filter(member_id=access.member_id, forum_id__in=read)
        .select_related("forum")
        .order_by("forum__name")
    )
    return Watched(threads, forums)


def get_alert(actor: Actor | Access, alert_id: int) -> Alert:
    """One of the member's alerts they may still read (Http404 otherwise)."""
    from django.http import Http404

    from pnyx.alerts.permissions import check_read_alert

    access = access_of(actor)
    alert = (
        Alert.objects.select_related("post", "thread").filter(pk=alert_id).first()
        if 0 < alert_id < 2**63
        else None
    )
    if alert is None:
        raise Http404
    check_read_alert(access, alert)
    return alert
