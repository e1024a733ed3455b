"""Background jobs of the moderation tools."""

from __future__ import annotations

from datetime import timedelta

from pnyx.core.jobs import job, periodic


@periodic(every=timedelta(minutes=1))
@job()
def close_due_threads() -> int:
    """Lock the threads whose timed close has come."""
    from pnyx.moderation.services import close_due_threads as close

    return close()
