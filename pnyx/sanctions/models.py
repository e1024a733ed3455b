"""Restrictions on members: reply bans (one thread), posting restrictions and bans."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pnyx.sanctions.enums import RestrictionKind


class Restriction(models.Model):
    """One restriction on one member: a reply ban in ``thread``, or (no thread) a posting
    restriction or a ban. Active from ``created_at`` until ``ends_at`` (None: permanent)
    unless lifted. The posting gate reads a member's active rows in one indexed query."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        related_name="+",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RestrictionKind.choices)
    thread = models.ForeignKey(
        "threads.Thread",
        verbose_name=_("thread"),
        related_name="+",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("restriction")
        verbose_name_plural = _("restrictions")
        indexes = [
            # The gate's lookup: a member's rows not lifted (few), then thread and end.
            models.Index(
                fields=["member", "thread"],
                condition=models.Q(lifted_at__isnull=True),
                name="restriction_active_idx",
            ),
            models.Index(fields=["thread", "-id"], name="restriction_thread_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=RestrictionKind.REPLY_BAN, thread__isnull=False)
                | (~models.Q(kind=RestrictionKind.REPLY_BAN) & models.Q(thread__isnull=True)),
                name="restriction_thread_iff_reply_ban",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of member {self.member_id}"

    def is_active(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > now)
