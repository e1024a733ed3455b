"""The kinds of alerts and how a member wants each delivered."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    REPLY = "reply", _("Replies in threads you watch")
    THREAD = "thread", _("New threads in forums you watch")
    QUOTE = "quote", _("Quotes of your posts")
    MENTION = "mention", _("Mentions of you")
    REACTION = "reaction", _("Reactions to your posts")
    REPORT_OUTCOME = "report_outcome", _("Outcomes of your reports")
    MODERATION = "moderation", _("Moderator actions on your content")
    CONVERSATION_MESSAGE = "conversation_message", _("Conversation messages")


class Delivery(models.TextChoices):
    SITE = "site", _("On the site")
    EMAIL = "email", _("On the site and by email")
    OFF = "off", _("Off")


class Digest(models.TextChoices):
    NONE = "none", _("No digest")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


# Kinds about a post: they link to it and are shown only while the recipient may read it.
POST_KINDS = frozenset(
    {AlertKind.REPLY, AlertKind.THREAD, AlertKind.QUOTE, AlertKind.MENTION, AlertKind.REACTION}
)
