"""Background jobs of search."""

from __future__ import annotations

from datetime import timedelta

from pnyx.core.jobs import job, periodic


@periodic(every=timedelta(hours=1))
@job()
def index_missing_posts() -> int:
    """Index the posts the index lacks: a process that died between a commit and its
    indexing, or posts written in bulk. Idempotent; at most 10,000 posts an hour."""
    from pnyx.search.indexing import find_drift, index_posts

    drift = find_drift()
    return index_posts(sorted({*drift.missing, *drift.stale}))
