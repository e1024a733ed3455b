"""The job queue's own upkeep."""

from __future__ import annotations

from datetime import timedelta

from pnyx.core.jobs import job, periodic
from pnyx.jobs import services


@periodic(every=timedelta(days=1))
@job()
def prune_finished_jobs() -> int:
    """Delete successful jobs after a week and failed ones after 30 days."""
    return services.prune_finished_jobs()
