"""Background jobs: how features declare them, enqueue them and schedule them.

A job is a module-level function in an app's ``tasks.py``, declared with :func:`job`. It takes
ids (never model instances: the row may have changed by the time it runs), is idempotent
(it may run more than once: after a retry, or when its worker was killed) and delegates to a
service::

    @job()
    def send_reply_alerts(post_id: int) -> None:
        alerts.services.send_reply_alerts(post_id)

    # in a service, inside its transaction:
    enqueue_on_commit(send_reply_alerts, post.pk)

Periodic jobs take no arguments and are declared with :func:`periodic` on top of :func:`job`;
the worker imports every installed app's ``tasks`` module and runs each once per period,
across all workers. How jobs are run (retries, leases, the admin) is ``pnyx.jobs``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Field
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks.base import DEFAULT_TASK_PRIORITY, DEFAULT_TASK_QUEUE_NAME, Task
from django_tasks_db import DatabaseBackend
from typing_extensions import ParamSpec

P = ParamSpec("P")
T = TypeVar("T")

# What a job's arguments may be: ids, versions, checksums, names.
JobArgument = int | str | bool | None
_ARGUMENT_TYPES = (int, str, bool, type(None))
# Retries wait JOB_RETRY_DELAY_SECONDS, then twice as long each time, never more than this.
MAX_RETRY_DELAY = timedelta(hours=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Job(Task[P, T]):
    """A task with Pnyx's run policy (``None`` means the deploy-time setting)."""

    max_attempts: int | None = None
    """Runs before the job is marked failed; the first run counts (PNYX_JOB_MAX_ATTEMPTS)."""

    timeout: timedelta | None = None
    """After this long a claimed, unfinished job is taken as lost and runs again
    (PNYX_JOB_TIMEOUT). Set it above the longest time the job may honestly take."""


def job(
    *,
    max_attempts: int | None = None,
    timeout: timedelta | None = None,
    priority: int = DEFAULT_TASK_PRIORITY,
    queue_name: str = DEFAULT_TASK_QUEUE_NAME,
) -> Callable[[Callable[P, T]], Job[P, T]]:
    """Declare a module-level function as a job."""
    if max_attempts is not None and max_attempts < 1:
        raise ValueError("max_attempts must be at least 1.")
    if timeout is not None and timeout <= timedelta(0):
        raise ValueError("timeout must be positive.")

    def declare(function: Callable[P, T]) -> Job[P, T]:
        return Job(
            func=function,
            priority=priority,
            queue_name=queue_name,
            backend=DEFAULT_TASK_BACKEND_ALIAS,
            max_attempts=max_attempts,
            timeout=timeout,
        )

    return declare


def max_attempts_of(task: Task[Any, Any]) -> int:
    declared = task.max_attempts if isinstance(task, Job) else None
    return declared or int(settings.JOB_MAX_ATTEMPTS)


def timeout_of(task: Task[Any, Any] | None) -> timedelta:
    declared = task.timeout if isinstance(task, Job) else None
    return declared or timedelta(seconds=int(settings.JOB_TIMEOUT_SECONDS))


def retry_delay(attempts: int) -> timedelta:
    """How long a job waits after its ``attempts``-th run failed: the base delay, doubled
    for each further attempt, at most an hour."""
    base = timedelta(seconds=int(settings.JOB_RETRY_DELAY_SECONDS))
    # 2**12 times even the smallest base delay (1 s) is past the hour: stop doubling there.
    doubled: timedelta = base * 2 ** min(max(attempts - 1, 0), 12)
    return min(doubled, MAX_RETRY_DELAY)


def enqueue_on_commit(task: Task[..., Any], *args: JobArgument) -> None:
    """Run ``task(*args)`` in the background once the current transaction commits.

    With the database backend (the default) the job's row is written inside the caller's
    transaction: workers see it exactly when the write commits, and it disappears with a
    rollback, so a committed write never loses its job and a rolled-back one never runs it.
    Any other backend is handed the job by ``transaction.on_commit``. Outside a transaction
    the job is enqueued at once.
    """
    for argument in args:
        if not isinstance(argument, _ARGUMENT_TYPES):
            raise TypeError(
                f"{task.name} was given a {type(argument).__name__}: jobs take ids and other "
                "plain values (int, str, bool, None), never objects."
            )
    if isinstance(task.get_backend(), DatabaseBackend):
        # Written through the caller's connection, so inside the caller's transaction.
        _insert_job(task, args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args), robust=True)


class _JobInsert:
    """The INSERT of one job row, built once per database vendor from the fields of
    django-tasks-db's model, as the posting services build a reply's statements.

    ``Task.enqueue`` would have the ORM compile the statement on every call and build the
    job's result object twice to send ``task_enqueued``, which nothing in Pnyx listens to:
    four fifths of its cost (docs/performance.md, "Background jobs"). The row is the same
    (a test compares the two), and the task was validated by the backend when declared.
    """

    # The columns given on each call, in this order; every other column takes its default.
    GIVEN = (
        "id",
        "enqueued_at",
        "args_kwargs",
        "priority",
        "task_path",
        "queue_name",
        "run_after",
        "backend_name",
    )

    def __init__(self) -> None:
        self._built: dict[str, tuple[str, tuple[Field[Any, Any], ...], list[Any]]] = {}

    def _statement(self) -> tuple[str, tuple[Field[Any, Any], ...], list[Any]]:
        """The INSERT, the fields given on each call, and the other columns' defaults
        already prepared for the database (they never change)."""
        built = self._built.get(connection.vendor)
        if built is None:
            from django_tasks_db.models import DBTaskResult

            db = connections[DEFAULT_DB_ALIAS]
            q = db.ops.quote_name
            by_name = {field.attname: field for field in DBTaskResult._meta.concrete_fields}
            given = tuple(by_name.pop(name) for name in self.GIVEN)
            defaults = tuple(by_name.values())
            columns = ", ".join(q(field.column) for field in (*given, *defaults))
            values = ", ".join(["%s"] * (len(given) + len(defaults)))
            table = q(DBTaskResult._meta.db_table)
            # Only identifiers quoted by the backend go into the string.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({values})"  # noqa: S608
            prepared = [field.get_db_prep_save(field.get_default(), db) for field in defaults]
            built = self._built[connection.vendor] = (sql, given, prepared)
        return built

    def __call__(self, task: Task[..., Any], args: tuple[JobArgument, ...]) -> str:
        from django_tasks_db.models import get_date_max

        sql, given, defaults = self._statement()
        # The connection itself, not the proxy (each field reads it several times).
        db = connections[DEFAULT_DB_ALIAS]
        job_id = uuid.uuid4()
        values = (
            job_id,
            timezone.now(),
            {"args": list(args), "kwargs": {}},
            task.priority,
            task.module_path,
            task.queue_name,
            task.run_after or get_date_max(),
            task.backend,
        )
        params = [
            field.get_db_prep_save(value, db) for field, value in zip(given, values, strict=True)
        ]
        with db.cursor() as cursor:
            cursor.execute(sql, params + defaults)
        return str(job_id)


_insert_job = _JobInsert()


@dataclass(frozen=True)
class PeriodicJob:
    task: Task[[], Any]
    every: timedelta

    @property
    def name(self) -> str:
        return self.task.module_path


_periodic: dict[str, PeriodicJob] = {}


def periodic(*, every: timedelta) -> Callable[[Job[[], T]], Job[[], T]]:
    """Run a job (without arguments) once per ``every``, periods aligned on the Unix epoch
    (hourly on the hour, daily at midnight UTC), by whichever worker comes first."""
    if every < timedelta(seconds=1):
        raise ValueError("every must be at least one second.")

    def register(task: Job[[], T]) -> Job[[], T]:
        if not isinstance(task, Task):
            raise TypeError("@periodic goes on top of @job().")
        _periodic[task.module_path] = PeriodicJob(task=task, every=every)
        return task

    return register


def periodic_jobs() -> list[PeriodicJob]:
    """Every periodic job declared in the modules imported so far (the worker imports each
    installed app's ``tasks`` module first), by name."""
    return [_periodic[name] for name in sorted(_periodic)]
