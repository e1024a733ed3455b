from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """What a member is writing: a reply in a thread, or a new thread in a forum.

    One row per member and place. Every save raises ``sequence``; a save based on an
    older sequence is refused (another window saved meanwhile), so two windows never
    silently overwrite each other. Posting empties the row and raises the sequence
    once more instead of deleting it, so a late save from a stale window is refused
    too. A row with no title and no body is "no draft".
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="drafts", on_delete=models.CASCADE
    )
    thread = models.ForeignKey(
        "threads.Thread", related_name="+", on_delete=models.CASCADE, null=True, blank=True
    )
    forum = models.ForeignKey(
        "forums.Forum", related_name="+", on_delete=models.CASCADE, null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=200, blank=True, default="")
    body = models.TextField(_("body"), blank=True, default="")
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "thread"],
                condition=models.Q(thread__isnull=False),
                name="draft_member_thread_unique",
            ),
            models.UniqueConstraint(
                fields=["member", "forum"],
                condition=models.Q(forum__isnull=False),
                name="draft_member_forum_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False, forum__isnull=True)
                | models.Q(thread__isnull=True, forum__isnull=False),
                name="draft_one_place",
            ),
        ]

    def __str__(self) -> str:
        place = f"thread {self.thread_id}" if self.thread_id else f"forum {self.forum_id}"
        return f"Draft of {self.member_id} in {place} (#{self.sequence})"

    @property
    def is_empty(self) -> bool:
        return not self.title and not self.body
