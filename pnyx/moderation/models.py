"""What moderation keeps beside the threads and posts it acts on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreadClosing(models.Model):
    """A timed close: the thread locks itself at ``closes_at`` (the periodic job
    ``close_due_threads`` does it, as the system, and writes the audit log)."""

    thread = models.OneToOneField(
        "threads.Thread",
        verbose_name=_("thread"),
        related_name="closing",
        on_delete=models.CASCADE,
    )
    closes_at = models.DateTimeField(_("closes at"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("timed close")
        verbose_name_plural = _("timed closes")
        indexes = [models.Index(fields=["closes_at"], name="thread_closing_due")]

    def __str__(self) -> str:
        return f"Thread {self.thread_id} closes at {self.closes_at:%Y-%m-%d %H:%M}"
