"""The heat trigger: a thread replied to faster than the site's threshold goes into slow
mode by itself for a set time, and its moderators are told.

Every reply counts on its thread in the shared cache (one atomic ``incr`` in a fixed window,
no query). The reply that passes the threshold (``heat_posts_per_minute`` ×
``heat_window_minutes`` replies in the window) turns slow mode on, in its own transaction:
the thread row, an audit log entry by the system (the moderators' notice until alerts exist:
the sanctions page lists threads that heated up) and ``ThreadChanged`` so cached pages show
it. A thread already in slow mode is left as it is (a moderator's setting wins).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Q

from pnyx.audit.enums import AuditTarget
from pnyx.audit.services import record_action
from pnyx.core.events import ThreadChanged, publish_on_commit
from pnyx.core.site_settings import get_site_settings
from pnyx.sanctions.flood import pace_limits_apply
from pnyx.threads.models import Thread

HEAT_ACTION = "thread.slow_mode.heat"


def note_reply(thread: Thread, forum_id: int, now: datetime) -> bool:
    """Count a reply to ``thread`` (inside the reply's transaction); True when it turned slow
    mode on."""
    if not pace_limits_apply():
        return False
    settings = get_site_settings()
    per_minute = int(settings.heat_posts_per_minute)
    if not per_minute:
        return False
    window = int(settings.heat_window_minutes) * 60
    threshold = per_minute * int(settings.heat_window_minutes)
    key = f"sanctions:heat:{thread.pk}:{window}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        return False
    if count != threshold + 1:  # only the reply that passes the threshold acts
        return False
    return heat_up(thread, forum_id, now, replies=count, window_minutes=window // 60)


def heat_up(
    thread: Thread, forum_id: int, now: datetime, *, replies: int, window_minutes: int
) -> bool:
    settings = get_site_settings()
    seconds = int(settings.heat_slow_mode_seconds)
    until = now + timedelta(minutes=int(settings.heat_slow_mode_minutes))
    changed = (
        Thread.objects.filter(pk=thread.pk)
        .filter(Q(slow_mode_seconds=0) | Q(slow_mode_until__lte=now))
        .update(slow_mode_seconds=seconds, slow_mode_until=until)
    )
    if not changed:
        return False
    before = {"slow_mode_seconds": thread.slow_mode_seconds, "slow_mode_until": None}
    thread.slow_mode_seconds, thread.slow_mode_until = seconds, until
    record_action(
        None,
        HEAT_ACTION,
        target_type=AuditTarget.THREAD,
        target_id=thread.pk,
        target_label=thread.title,
        forum_id=forum_id,
        reason=(
            f"{replies} replies in {window_minutes} minutes passed the heat threshold: "
            f"slow mode on by itself."
        ),
        before=before,
        after={"slow_mode_seconds": seconds, "slow_mode_until": until},
    )
    publish_on_commit(ThreadChanged(kind="updated", thread_id=thread.pk, forum_id=forum_id))
    return True
