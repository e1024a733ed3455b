from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class RestrictionKind(models.TextChoices):
    """What a restriction stops: replying to one thread, posting anywhere, or acting at all."""

    REPLY_BAN = "reply_ban", pgettext_lazy("restriction", "reply ban")
    POSTING = "posting", pgettext_lazy("restriction", "posting restriction")
    BAN = "ban", pgettext_lazy("restriction", "ban")
