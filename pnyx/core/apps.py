from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pnyx.core"
    label = "core"
    verbose_name = "Pnyx"

    def ready(self) -> None:
        from pnyx.core.content_version import on_guest_visible_change
        from pnyx.core.events import Event, subscribe

        # The first subscriber: every change guests can see makes cached guest pages stale.
        subscribe(Event, on_guest_visible_change)
