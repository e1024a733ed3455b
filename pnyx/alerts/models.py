"""Watching threads and forums, alerts, and each member's alert preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pnyx.alerts.enums import AlertKind, Delivery, Digest


class ThreadWatch(models.Model):
    """A member is told about every reply in ``thread``."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="thread_watches", on_delete=models.CASCADE
    )
    thread = models.ForeignKey("threads.Thread", related_name="watches", on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="thread_watch_once"),
        ]
        indexes = [
            # The fan-out walks a thread's watchers by member id, in batches.
            models.Index(fields=["thread", "member"], name="thread_watchers_idx"),
            models.Index(fields=["member", "-created_at"], name="thread_watch_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} watches thread {self.thread_id}"


class ForumWatch(models.Model):
    """A member is told about new threads in ``forum`` (and every post with ``every_post``)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="forum_watches", on_delete=models.CASCADE
    )
    forum = models.ForeignKey("forums.Forum", related_name="watches", on_delete=models.CASCADE)
    every_post = models.BooleanField(_("every post"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "forum"], name="forum_watch_once"),
        ]
        indexes = [
            models.Index(fields=["forum", "member"], name="forum_watchers_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} watches forum {self.forum_id}"


class Alert(models.Model):
    """Something a member should hear of. Post kinds point at the post (and disappear with
    it); the others carry their own link and text (reports, moderation, conversations)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="alerts", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=24, choices=AlertKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    post = models.ForeignKey(
        "threads.Post", related_name="+", on_delete=models.CASCADE, null=True, blank=True
    )
    thread = models.ForeignKey(
        "threads.Thread", related_name="+", on_delete=models.CASCADE, null=True, blank=True
    )
    # For kinds that are not about a post: what it is about (a conversation message, a
    # report), where it links to and what it says.
    object_id = models.BigIntegerField(null=True, blank=True)
    url = models.CharField(max_length=500, blank=True, default="")
    text = models.CharField(max_length=300, blank=True, default="")
    # Reactions are batched: one alert per post, counting the members who reacted.
    actor_count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One alert per member, kind and post: a retried job or a re-sent event adds
            # nothing, and an edit alerts only the newly mentioned.
            models.UniqueConstraint(
                fields=["member", "kind", "post"],
                condition=models.Q(post__isnull=False),
                name="alert_once_per_post",
            ),
            models.UniqueConstraint(
                fields=["member", "kind", "object_id"],
                condition=models.Q(object_id__isnull=False),
                name="alert_once_per_object",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "-created_at", "-id"], name="alert_member_recent_idx"),
            models.Index(
                fields=["member", "thread"],
                condition=models.Q(read_at__isnull=True),
                name="alert_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} alert for {self.member_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def default_kinds() -> dict[str, str]:
    return {kind.value: Delivery.SITE.value for kind in AlertKind}


class AlertPreferences(models.Model):
    """How a member wants to hear of things. Members without a row have the defaults."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        related_name="alert_preferences",
        on_delete=models.CASCADE,
    )
    # Per kind (AlertKind value): a Delivery value. Kinds missing are "site".
    kinds = models.JSONField(default=default_kinds)
    auto_watch = models.BooleanField(
        _("watch threads I start or reply to"),
        default=True,
    )
    digest = models.CharField(
        _("digest of watched threads"), max_length=8, choices=Digest.choices, default=Digest.NONE
    )

    def __str__(self) -> str:
        return f"Alert preferences of {self.member_id}"

    def delivery(self, kind: str) -> str:
        value = self.kinds.get(kind, Delivery.SITE.value)
        return value if value in Delivery.values else Delivery.SITE.value
