from __future__ import annotations

import atexit
import contextlib

from django.apps import AppConfig


class ThreadsConfig(AppConfig):
    name = "pnyx.threads"
    label = "threads"

    def ready(self) -> None:
        from pnyx.core.guest_cache import register_hit_handler
        from pnyx.threads.services import count_cached_thread_view

        # A thread page served from the guest cache still counts as a view.
        register_hit_handler("thread-view", count_cached_thread_view)
        atexit.register(_flush_views_at_exit)


def _flush_views_at_exit() -> None:
    """Best effort: write the views this process gathered before it goes."""
    from pnyx.threads.services import flush_thread_views

    with contextlib.suppress(Exception):
        flush_thread_views()
