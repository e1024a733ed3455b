"""The audit log: one row per moderator or administrator action, never changed afterwards."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pnyx.audit.enums import AuditTarget


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("audit entries are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("audit entries are never deleted")


class AuditEntry(models.Model):
    """Who did what, to which object, when and why (with the state before and after where
    the action changes one).

    Names and labels are copied in when the entry is written, so the log still reads
    right after the member is renamed or deleted or the thread retitled. Entries can be
    added and read, never updated or deleted through the ORM (``save`` of an existing row
    and the queryset's ``update``/``delete`` raise); the admin shows them read-only.
    """

    created_at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("by (name then)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("object kind"), max_length=16, choices=AuditTarget.choices)
    target_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    target_label = models.CharField(_("object"), max_length=300, blank=True)
    forum_id = models.BigIntegerField(_("forum id"), null=True, blank=True)
    member_id = models.BigIntegerField(_("member concerned"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["actor", "-id"], name="audit_by_actor"),
            models.Index(fields=["member_id", "-id"], name="audit_by_member"),
            models.Index(fields=["action", "-id"], name="audit_by_action"),
            models.Index(fields=["forum_id", "-id"], name="audit_by_forum"),
            models.Index(fields=["target_type", "target_id"], name="audit_by_target"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name or '-'} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise TypeError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("audit entries are never deleted")
