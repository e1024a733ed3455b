"""Signals other apps receive inside the transaction that deletes posts.

Counters another app owns (each post author's Reaction score, kept by the reactions app)
must change in the same transaction as the deletion, before the rows are gone, so these
are Django signals sent by the deleting service, not domain events (``pnyx.core.events``
are delivered after commit, for caches, alerts and indexes).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ``posting.services.delete_post``/``delete_thread`` with ``posts``: a queryset of
# the posts about to be deleted (still in the database).
posts_deleting = Signal()

# Sent by ``threads.services.mark_thread_read`` each time a member reads a page of a thread,
# with ``member_id``, ``thread_id`` and ``position`` (the last position read on that page):
# the alerts app marks the alerts of those posts read.
thread_read = Signal()
