from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pnyx.reactions.enums import ReactionKind
from pnyx.threads.models import Post


class Reaction(models.Model):
    post = models.ForeignKey(Post, related_name="reactions", on_delete=models.CASCADE)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="reactions", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member", "kind"], name="reaction_once_per_kind"
            ),
        ]
        indexes = [models.Index(fields=["member", "post"], name="reaction_member_post_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} post {self.post_id}"


class ReactionWeight(models.Model):
    """How much one reaction of a kind adds to the post author's Reaction score."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=ReactionKind.choices, primary_key=True
    )
    weight = models.SmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(-10), MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("reaction weight")
        verbose_name_plural = _("reaction weights")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.weight}"
