from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotencyRecord(models.Model):
    """The first answer to a POST sent with an ``Idempotency-Key`` header.

    The same member sending the same key with the same request within the retention
    time gets this answer again and nothing new is created; the same key with a
    different request is refused. Only successful answers are kept, so a request that
    failed can be corrected and sent again with its key.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    key = models.CharField(max_length=128)
    method_path = models.CharField(max_length=300)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "key"], name="idempotency_member_key_unique")
        ]
        indexes = [
            models.Index(fields=["member", "created_at"], name="idempotency_member_age_idx"),
            models.Index(fields=["created_at"], name="idempotency_age_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.key} → {self.status_code}"
