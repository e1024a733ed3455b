"""Writes on the job queue: claim a job, record how it ended, retry it with backoff, take
back the jobs of a worker that died, enqueue periodic jobs once per period, and retry failed
jobs for an administrator.

django-tasks-db stores the jobs (``DBTaskResult``) and claims them; it has no retries, no
lease and no schedule, so those are here. Every change to a claimed job is an UPDATE
conditional on the claim it belongs to (status RUNNING and the claim's ``started_at``): a
worker that outlived its lease cannot overwrite the outcome of the run that replaced it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from traceback import format_exception
from typing import Any
from uuid import UUID

from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from django_tasks.base import DEFAULT_TASK_QUEUE_NAME, TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from pnyx.core.actors import Actor
from pnyx.core.jobs import (
    PeriodicJob,
    max_attempts_of,
    periodic_jobs,
    retry_delay,
    timeout_of,
)
from pnyx.jobs.models import PeriodicJobRun
from pnyx.jobs.permissions import check_retry_jobs

logger = logging.getLogger("pnyx.jobs")

JobRow = DBTaskResult[Any, Any]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Finished jobs are kept this long for the admin, then deleted by prune_finished_jobs.
KEEP_SUCCESSFUL = timedelta(days=7)
KEEP_FAILED = timedelta(days=30)
# Lost jobs taken back per call (the next call takes the rest).
RECOVER_BATCH = 100


class JobLeaseExpiredError(Exception):
    """Recorded on a job whose worker claimed it and never finished it (killed, or slower
    than the job's timeout)."""


def claim_job(
    worker_id: str,
    *,
    queues: Sequence[str] = (DEFAULT_TASK_QUEUE_NAME,),
    backend: str = "default",
) -> JobRow | None:
    """Take the next ready job for ``worker_id``, or None. On PostgreSQL concurrent workers
    skip each other's locked rows; SQLite serialises the claim in a write transaction. The
    one claiming marks the job running and appends its id to ``worker_ids`` (the attempts)."""
    ready = DBTaskResult.objects.ready().filter(backend_name=backend, queue_name__in=queues)
    # An idle worker asks every second: a plain read first, so that on SQLite it takes the
    # write lock (which writers in requests would wait for) only when there is a job.
    if not ready.exists():
        return None
    with exclusive_transaction(ready.db):
        job = ready.get_locked()
        if job is not None:
            job.claim(worker_id)
    return job


def _claimed(job: JobRow) -> Any:
    return DBTaskResult.objects.filter(
        pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
    )


def _error_fields(error: BaseException) -> dict[str, str]:
    return {
        "exception_class_path": f"{type(error).__module__}.{type(error).__qualname__}",
        "traceback": "".join(format_exception(error)),
    }


def complete_job(job: JobRow, return_value: Any) -> bool:
    """Record a successful run; False when the claim was lost meanwhile (the lease expired
    and the job was taken back), which leaves the row to the run that replaced it."""
    now = timezone.now()
    updated = _claimed(job).update(
        status=TaskResultStatus.SUCCESSFUL,
        finished_at=now,
        return_value=return_value,
        exception_class_path="",
        traceback="",
    )
    if updated:
        job.status, job.finished_at, job.return_value = (
            TaskResultStatus.SUCCESSFUL,
            now,
            return_value,
        )
        job.exception_class_path = job.traceback = ""
    return bool(updated)


def fail_job(job: JobRow, error: BaseException, *, retry: bool = True) -> bool:
    """Record a failed run: the job is ready again after a backoff while it has attempts
    left (and ``retry``), failed otherwise. False when the claim was lost meanwhile."""
    now = timezone.now()
    attempts = len(job.worker_ids)
    fields: dict[str, Any] = _error_fields(error)
    try:
        can_retry = retry and attempts < max_attempts_of(job.task)
    except (ImportError, SuspiciousOperation):
        can_retry = False
    if can_retry:
        fields.update(status=TaskResultStatus.READY, run_after=now + retry_delay(attempts))
    else:
        fields.update(status=TaskResultStatus.FAILED, finished_at=now, return_value=None)
    updated = _claimed(job).update(**fields)
    if updated:
        for name, value in fields.items():
            setattr(job, name, value)
    return bool(updated)


def _timeout_of_path(job: JobRow) -> timedelta:
    try:
        return timeout_of(job.task)
    except (ImportError, SuspiciousOperation):
        return timeout_of(None)


def recover_lost_jobs(now: datetime | None = None) -> int:
    """Take back running jobs whose lease (claim time + timeout) has expired: their worker
    was killed or is stuck. Each runs again after its backoff, or is marked failed when it
    has used its attempts. Returns how many were taken back.

    Running jobs are few (one per busy worker thread, plus the lost ones), so each is
    checked against its own job's timeout here; taking one back is the same conditional
    UPDATE as recording a failure, so two workers recovering at once take it back once.
    """
    now = now or timezone.now()
    recovered = 0
    for job in DBTaskResult.objects.running().order_by("started_at")[:RECOVER_BATCH]:
        timeout = _timeout_of_path(job)
        if job.started_at is None or job.started_at + timeout >= now:
            continue
        worker = job.worker_ids[-1] if job.worker_ids else "?"
        error = JobLeaseExpiredError(
            f"worker {worker} claimed this job at {job.started_at:%Y-%m-%d %H:%M:%S} UTC and"
            f" did not finish it within {int(timeout.total_seconds())} s (stopped or killed)"
        )
        if fail_job(job, error):
            recovered += 1
            logger.warning(
                "job %s (%s) was lost by worker %s: %s",
                job.pk,
                job.task_path,
                worker,
                "it will run again" if job.status == TaskResultStatus.READY else "failed",
            )
    return recovered


def period_start(now: datetime, every: timedelta) -> datetime:
    """The start of the period ``now`` falls in; periods are aligned on the Unix epoch."""
    periods = math.floor((now - EPOCH) / every)
    return EPOCH + every * periods


def enqueue_due_periodic_jobs(
    now: datetime | None = None, jobs: Iterable[PeriodicJob] | None = None
) -> list[str]:
    """Enqueue each periodic job whose current period has not been enqueued yet; across any
    number of workers, one wins each period (a conditional UPDATE of its schedule row in the
    same transaction as the enqueue). Returns the names enqueued by this call."""
    now = now or timezone.now()
    jobs = list(periodic_jobs() if jobs is None else jobs)
    if not jobs:
        return []
    PeriodicJobRun.objects.bulk_create(
        [PeriodicJobRun(name=p.name, period_start=EPOCH) for p in jobs], ignore_conflicts=True
    )
    enqueued = []
    for periodic in jobs:
        start = period_start(now, periodic.every)
        with transaction.atomic():
            won = PeriodicJobRun.objects.filter(name=periodic.name, period_start__lt=start).update(
                period_start=start
            )
            if won:
                periodic.task.enqueue()
                enqueued.append(periodic.name)
    return enqueued


def retry_failed_jobs(actor: Actor, job_ids: Iterable[str | UUID]) -> int:
    """Make failed jobs ready to run again at once, with all their attempts (an
    administrator's retry). Jobs that are not failed are left alone; returns how many."""
    check_retry_jobs(actor)
    return (
        DBTaskResult.objects.failed()
        .filter(pk__in=list(job_ids))
        .update(
            status=TaskResultStatus.READY,
            run_after=timezone.now(),
            finished_at=None,
            worker_ids=[],
        )
    )


def prune_finished_jobs(now: datetime | None = None) -> int:
    """Delete successful jobs after a week and failed ones after 30 days."""
    now = now or timezone.now()
    successful, _ = (
        DBTaskResult.objects.successful().filter(finished_at__lt=now - KEEP_SUCCESSFUL).delete()
    )
    failed, _ = DBTaskResult.objects.failed().filter(finished_at__lt=now - KEEP_FAILED).delete()
    return successful + failed
