from __future__ import annotations

from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "pnyx.alerts"
    label = "alerts"

    def ready(self) -> None:
        from pnyx.alerts.services import (
            on_alert_requested,
            on_content_hidden,
            on_conversation_message,
            on_post_changed,
            on_reaction_changed,
            on_thread_read,
        )
        from pnyx.core.events import (
            AlertRequested,
            ConversationMessagePosted,
            ForumChanged,
            PostChanged,
            ReactionChanged,
            ThreadChanged,
            subscribe,
        )
        from pnyx.threads.signals import thread_read

        # The fan-out runs in jobs (pnyx.alerts.tasks); the subscribers only enqueue them.
        subscribe(PostChanged, on_post_changed)
        subscribe(ReactionChanged, on_reaction_changed)
        subscribe(AlertRequested, on_alert_requested)
        subscribe(ConversationMessagePosted, on_conversation_message)
        # Alerts that may have become unreadable: counts are taken again.
        subscribe(ThreadChanged, on_content_hidden)
        subscribe(ForumChanged, on_content_hidden)
        # Reading a thread marks the alerts of the posts read.
        thread_read.connect(on_thread_read, dispatch_uid="alerts-thread-read")
