from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    INFORMATIVE = "informative", _("Informative")
    FUNNY = "funny", _("Funny")


DEFAULT_WEIGHTS: dict[str, int] = {
    ReactionKind.LIKE: 1,
    ReactionKind.AGREE: 1,
    ReactionKind.DISAGREE: 0,
    ReactionKind.INFORMATIVE: 1,
    ReactionKind.FUNNY: 1,
}

# Shown on buttons and counts; plain symbols that need no emoji font.
SYMBOLS: dict[str, str] = {
    ReactionKind.LIKE: "♥",
    ReactionKind.AGREE: "✓",
    ReactionKind.DISAGREE: "✗",
    ReactionKind.INFORMATIVE: "ℹ",
    ReactionKind.FUNNY: "☺",
}
