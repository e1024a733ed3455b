from __future__ import annotations

from django.apps import AppConfig


class PostingConfig(AppConfig):
    name = "pnyx.posting"
    label = "posting"
