"""The job rows themselves are django-tasks-db's (``DBTaskResult``); Pnyx adds the schedule."""

from __future__ import annotations

from django.db import models


class PeriodicJobRun(models.Model):
    """When a periodic job was last enqueued: one row per job, moved forward by the one
    worker that wins the period (an UPDATE conditional on the old value)."""

    name = models.CharField(primary_key=True, max_length=200)
    period_start = models.DateTimeField(
        help_text="Start of the last period for which the job was enqueued."
    )

    class Meta:
        verbose_name = "periodic job"

    def __str__(self) -> str:
        return self.name
