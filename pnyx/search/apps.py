from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "pnyx.search"
    label = "search"

    def ready(self) -> None:
        from pnyx.core.events import MemberChanged, PostChanged, ThreadChanged, subscribe
        from pnyx.search import indexing

        # The index follows every change to posts and threads, after commit (a reply's
        # transaction never waits for it).
        subscribe(PostChanged, indexing.on_post_changed)
        subscribe(ThreadChanged, indexing.on_thread_changed)
        subscribe(MemberChanged, indexing.on_member_changed)
