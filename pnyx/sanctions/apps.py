from __future__ import annotations

from django.apps import AppConfig


class SanctionsConfig(AppConfig):
    name = "pnyx.sanctions"
    label = "sanctions"
