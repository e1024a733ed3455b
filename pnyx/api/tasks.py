"""Background jobs of the JSON API."""

from __future__ import annotations

from datetime import timedelta

from pnyx.core.jobs import job, periodic


@periodic(every=timedelta(hours=1))
@job()
def clear_idempotency_keys() -> int:
    """Delete stored answers to Idempotency-Key requests past their 24 hours."""
    # Imported here: the API module loads django-ninja, which a worker needs only now.
    from pnyx.api.idempotency import clear_expired

    return clear_expired()
