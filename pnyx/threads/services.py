"""Writes about threads as they are read: read positions and view counts.

Deleting posts and threads and repairing counters write forums' and reactions' counters
too, so they live with posting's one write path for counters (``pnyx.posting.services``)."""

from __future__ import annotations

import threading
import time

from django.db.models import Case, F, Value, When
from django.utils import timezone

from pnyx.core.actors import Actor, is_member
from pnyx.threads.models import Thread, ThreadRead
from pnyx.threads.signals import thread_read

VIEW_FLUSH_SECONDS = 1.0

_views_lock = threading.Lock()
_pending_views: dict[int, int] = {}
_last_flush = time.monotonic()


def mark_thread_read(
    actor: Actor, thread: Thread, position: int, *, previous: int | None = None
) -> None:
    """Record that ``actor`` has read ``thread`` up to ``position`` (never moves back).

    ``previous`` is the position already known (from the page's read lookup), which saves
    a query; None means no record exists yet.
    """
    if not is_member(actor):
        return
    thread_read.send(sender=ThreadRead, member_id=actor.pk, thread_id=thread.pk, position=position)
    now = timezone.now()
    if previous is not None:
        if position > previous:
            ThreadRead.objects.filter(
                member=actor, thread=thread, last_read_position__lt=position
            ).update(last_read_position=position, read_at=now)
        return
    # One statement, no savepoint; if another tab created the row meanwhile, its
    # position stands until the next page view moves it on.
    ThreadRead.objects.bulk_create(
        [ThreadRead(member=actor, thread=thread, last_read_position=position, read_at=now)],
        ignore_conflicts=True,
    )


def count_thread_view(thread: Thread) -> int:
    """Count a view; returns the count to show (the stored count plus this process's
    views not yet written)."""
    return thread.view_count + record_thread_view(thread.pk)


def record_thread_view(thread_id: int) -> int:
    """Count a view of a thread in this process; returns the views of it not yet written.

    Views are added up in memory and written with one UPDATE per thread at most every
    VIEW_FLUSH_SECONDS, so reading a thread costs no write and no cache round trip (cached
    guest pages count their views through this too). A crash loses at most that many
    seconds of views; the count is a popularity hint, not a ledger.
    """
    global _last_flush
    with _views_lock:
        pending = _pending_views.get(thread_id, 0) + 1
        _pending_views[thread_id] = pending
        due = time.monotonic() - _last_flush >= VIEW_FLUSH_SECONDS
        if due:
            _last_flush = time.monotonic()
    if due:
        flush_thread_views()
    return pending


def count_cached_thread_view(thread_id: int) -> bool:
    """The guest cache's hit handler for thread pages; True when it wrote to the database."""
    with _views_lock:
        due = time.monotonic() - _last_flush >= VIEW_FLUSH_SECONDS
    record_thread_view(thread_id)
    return due


def flush_thread_views() -> int:
    """Write the views gathered in this process; returns how many threads were updated."""
    with _views_lock:
        pending = dict(_pending_views)
        _pending_views.clear()
    items = sorted(pending.items())
    for start in range(0, len(items), 500):
        chunk = items[start : start + 500]
        Thread.objects.filter(pk__in=[thread_id for thread_id, _ in chunk]).update(
            view_count=F("view_count")
            + Case(*(When(pk=thread_id, then=Value(n)) for thread_id, n in chunk), default=0)
        )
    return len(items)


def mark_all_read(actor: Actor) -> None:
    if not is_member(actor):
        return
    actor.read_cutoff = timezone.now()
    actor.save(update_fields=["read_cutoff"])
