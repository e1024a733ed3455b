from __future__ import annotations

from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "pnyx.forums"
    label = "forums"
