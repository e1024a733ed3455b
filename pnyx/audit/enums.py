from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class AuditTarget(models.TextChoices):
    """What kind of object an audited action was done to."""

    POST = "post", pgettext_lazy("audit target", "post")
    THREAD = "thread", pgettext_lazy("audit target", "thread")
    FORUM = "forum", pgettext_lazy("audit target", "forum")
    MEMBER = "member", pgettext_lazy("audit target", "member")
    GROUP = "group", pgettext_lazy("audit target", "group")
    REPORT = "report", pgettext_lazy("audit target", "report")
    SETTINGS = "settings", pgettext_lazy("audit target", "site settings")
    OTHER = "other", pgettext_lazy("audit target", "other")
