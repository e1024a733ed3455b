from __future__ import annotations

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "pnyx.conversations"
    label = "conversations"
    verbose_name = "Conversations"
