from __future__ import annotations

from django.apps import AppConfig


class IgnoringConfig(AppConfig):
    name = "pnyx.ignoring"
    label = "ignoring"
    verbose_name = "Ignored members"
