"""The job worker: ``pnyx worker`` (and the one ``pnyx serve`` starts) runs this.

Each of ``concurrency`` threads claims a ready job, runs it and records the outcome (see
``pnyx.jobs.services``); the first thread also takes back lost jobs and enqueues due
periodic jobs. SIGTERM or SIGINT lets the running jobs finish and stops; a second one stops
at once (the interrupted jobs run again when their lease expires).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from types import FrameType

from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks.base import DEFAULT_TASK_QUEUE_NAME, TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks.utils import normalize_json

from pnyx.core.jobs import periodic_jobs
from pnyx.jobs.services import (
    JobRow,
    claim_job,
    complete_job,
    enqueue_due_periodic_jobs,
    fail_job,
    period_start,
    recover_lost_jobs,
)

logger = logging.getLogger("pnyx.jobs")

# How long an idle thread waits before looking for a job again.
POLL_SECONDS = 1.0
# How often lost jobs are looked for.
RECOVER_SECONDS = 5.0


def run_job(job: JobRow) -> str:
    """Run a claimed job and record how it ended; returns its new status (READY when it
    will be retried). Exceptions from the job are recorded, never raised."""
    try:
        task = job.task
    except (ImportError, SuspiciousOperation) as error:
        # The code is gone (renamed or removed): no retry can help.
        fail_job(job, error, retry=False)
        logger.error("job %s: cannot load %s: %s", job.pk, job.task_path, error)
        return str(job.status)
    result = job.task_result
    backend = type(task.get_backend())
    task_started.send(sender=backend, task_result=result)
    try:
        if task.takes_context:
            value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
        else:
            value = task.call(*result.args, **result.kwargs)
        value = normalize_json(value)
    except Exception as error:
        if not fail_job(job, error):
            logger.warning("job %s failed after its lease expired (it ran again)", job.pk)
        elif job.status == TaskResultStatus.READY:
            logger.warning(
                "job %s (%s) failed on attempt %d, retry at %s: %r",
                job.pk,
                job.task_path,
                len(job.worker_ids),
                f"{job.run_after:%H:%M:%S}",
                error,
            )
        else:
            # Inside the except block, so the signal's log line carries the traceback.
            task_finished.send(sender=backend, task_result=job.task_result)
        return str(job.status)
    if complete_job(job, value):
        task_finished.send(sender=backend, task_result=job.task_result)
    else:
        logger.warning("job %s finished after its lease expired (it ran again)", job.pk)
    return str(job.status)


def run_pending_jobs(
    worker_id: str = "inline", *, queues: Sequence[str] = (DEFAULT_TASK_QUEUE_NAME,)
) -> int:
    """Run every job ready now, one after another, in this thread; returns how many ran.
    For tests and one-off commands (a job retried with no delay is run again)."""
    count = 0
    while (job := claim_job(worker_id, queues=queues)) is not None:
        run_job(job)
        count += 1
    return count


def _seconds(duration: timedelta) -> str:
    return f"{duration.total_seconds():g}"


def worker_name(index: int) -> str:
    """Unique across machines and processes; stored with each claim (64 characters at most)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{index}"


class Worker:
    def __init__(
        self,
        *,
        concurrency: int = 1,
        queues: Sequence[str] = (DEFAULT_TASK_QUEUE_NAME,),
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.concurrency = concurrency
        self.queues = tuple(queues)
        self.poll_seconds = poll_seconds
        self.stopping = threading.Event()
        self._next_recovery = 0.0
        self._next_periodic: datetime | None = None

    # ------------------------------------------------------------ process

    def run(self) -> None:
        """Run until SIGTERM or SIGINT (the main thread only waits)."""
        autodiscover_modules("tasks")
        schedule = (
            ", ".join(f"{p.name} every {_seconds(p.every)} s" for p in periodic_jobs()) or "none"
        )
        logger.info(
            "pnyx worker %s: %d thread(s), queues %s; periodic: %s",
            worker_name(0).rsplit(":", 1)[0],
            self.concurrency,
            ",".join(self.queues),
            schedule,
        )
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        threads = [
            threading.Thread(target=self.loop, args=(i,), name=f"job-{i}", daemon=True)
            for i in range(self.concurrency)
        ]
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            for thread in threads:
                thread.join(0.2)
        logger.info("pnyx worker stopped")

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping.is_set():
            logger.warning("pnyx worker: stopping now; interrupted jobs will run again")
            sys.exit(1)
        logger.info("pnyx worker: %s, stopping after the running jobs", signal.strsignal(signum))
        self.stopping.set()

    # ------------------------------------------------------------ thread

    def loop(self, index: int) -> None:
        name = worker_name(index)
        try:
            while not self.stopping.is_set():
                if not self.step(name, housekeeping=index == 0):
                    self.stopping.wait(self.poll_seconds)
        finally:
            connections.close_all()

    def step(self, name: str, *, housekeeping: bool = False) -> bool:
        """One turn of a thread: housekeeping if due, then claim and run one job. Returns
        whether a job ran. A database error is logged and the turn given up (the database
        may be restarting); the next turn reconnects."""
        close_old_connections()
        try:
            if housekeeping:
                self.housekeeping(timezone.now())
            job = claim_job(name, queues=self.queues)
        except DatabaseError as error:
            logger.warning("pnyx worker: database error, retrying: %s", error)
            connections.close_all()
            return False
        if job is None:
            return False
        run_job(job)
        return True

    def housekeeping(self, now: datetime) -> None:
        if time.monotonic() >= self._next_recovery:
            recover_lost_jobs(now)
            self._next_recovery = time.monotonic() + RECOVER_SECONDS
        if self._next_periodic is None or now >= self._next_periodic:
            jobs = periodic_jobs()
            enqueued = enqueue_due_periodic_jobs(now, jobs)
            if enqueued:
                logger.info("pnyx worker: enqueued periodic %s", ", ".join(enqueued))
            self._next_periodic = min(
                (period_start(now, p.every) + p.every for p in jobs),
                default=now + timedelta(hours=1),
            )
