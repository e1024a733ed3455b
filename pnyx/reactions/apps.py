from __future__ import annotations

from django.apps import AppConfig


class ReactionsConfig(AppConfig):
    name = "pnyx.reactions"
    label = "reactions"
