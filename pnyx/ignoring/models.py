"""A member ignores another: their posts are collapsed for them, their conversations (and,
through ``selectors.ignored_ids``, their mentions) do not reach them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Ignore(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    ignored = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("ignored member")
        verbose_name_plural = _("ignored members")
        constraints = [
            models.UniqueConstraint(fields=["member", "ignored"], name="ignore_once"),
            models.CheckConstraint(
                condition=~models.Q(member=models.F("ignored")), name="ignore_not_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} ignores {self.ignored_id}"
