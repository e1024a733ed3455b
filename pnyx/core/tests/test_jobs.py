"""The public job API: declaring jobs, enqueueing them with a transaction, periodic jobs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from pnyx.core import jobs
from pnyx.core.jobs import (
    Job,
    enqueue_on_commit,
    job,
    max_attempts_of,
    periodic,
    periodic_jobs,
    retry_delay,
    timeout_of,
)
from pnyx.testing.tasks import always_fail, long_running, record, tick

pytestmark = pytest.mark.django_db


def test_enqueue_on_commit_writes_the_job_with_the_transaction(tmp_path: Path) -> None:
    log = str(tmp_path / "log")
    with transaction.atomic():
        enqueue_on_commit(record, log, "kept", 5)
    job_row = DBTaskResult.objects.get()
    assert job_row.task_path == "pnyx.testing.tasks.record"
    assert job_row.args_kwargs == {"args": [log, "kept", 5], "kwargs": {}}
    assert job_row.status == TaskResultStatus.READY
    assert job_row.worker_ids == []


def test_enqueue_on_commit_writes_the_row_the_backend_would_write(tmp_path: Path) -> None:
    """The fast INSERT and django-tasks-db's own enqueue agree on every column."""
    later = timezone.now() + timedelta(hours=1)
    for task in (record, record.using(priority=5, run_after=later)):
        DBTaskResult.objects.all().delete()
        enqueue_on_commit(task, "log", "same", 3)
        library = DBTaskResult.objects.get(pk=task.enqueue("log", "same", 3).id)
        fast = DBTaskResult.objects.exclude(pk=library.pk).get()
        ignored = {"id", "enqueued_at"}
        columns = [
            f.attname for f in DBTaskResult._meta.concrete_fields if f.attname not in ignored
        ]
        assert {c: getattr(fast, c) for c in columns} == {c: getattr(library, c) for c in columns}
        assert fast.enqueued_at <= library.enqueued_at
    assert fast.run_after == later
    assert fast.priority == 5


def test_enqueue_on_commit_is_rolled_back_with_the_write(tmp_path: Path) -> None:
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        enqueue_on_commit(record, str(tmp_path / "log"), "lost")
        _ = 1 / 0
    assert DBTaskResult.objects.count() == 0


@pytest.mark.parametrize("argument", [object(), [1, 2], {"id": 1}, 1.5, b"bytes"])
def test_enqueue_on_commit_refuses_anything_but_plain_values(argument: object) -> None:
    with pytest.raises(TypeError, match=r"^record was given a \w+: jobs take ids"):
        enqueue_on_commit(record, "log", argument)  # type: ignore[arg-type]
    assert DBTaskResult.objects.count() == 0


def test_enqueue_on_commit_hands_other_backends_the_job_after_commit(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        backend = task_backends["default"]
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            enqueue_on_commit(record, "log", "later")
            assert backend.results == []  # type: ignore[attr-defined]
        assert len(callbacks) == 1
        [result] = backend.results  # type: ignore[attr-defined]
        assert result.args == ["log", "later"]
        assert result.task.module_path == "pnyx.testing.tasks.record"
    assert DBTaskResult.objects.count() == 0


def test_retry_delay_doubles_from_the_setting_up_to_an_hour(settings: Settings) -> None:
    settings.JOB_RETRY_DELAY_SECONDS = 30
    delays = [retry_delay(attempts) for attempts in (1, 2, 3, 4, 7, 8, 50)]
    assert delays == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
        timedelta(seconds=240),
        timedelta(seconds=1920),
        timedelta(hours=1),
        timedelta(hours=1),
    ]
    settings.JOB_RETRY_DELAY_SECONDS = 0
    assert retry_delay(3) == timedelta(0)


def test_a_job_declares_its_own_attempts_and_timeout_or_takes_the_settings(
    settings: Settings,
) -> None:
    settings.JOB_MAX_ATTEMPTS = 4
    settings.JOB_TIMEOUT_SECONDS = 90
    assert isinstance(record, Job)
    assert (max_attempts_of(record), timeout_of(record)) == (4, timedelta(seconds=90))
    assert max_attempts_of(always_fail) == 2
    assert timeout_of(long_running) == timedelta(hours=2)
    assert timeout_of(None) == timedelta(seconds=90)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_attempts": 0}, "max_attempts must be at least 1"),
        ({"timeout": timedelta(0)}, "timeout must be positive"),
    ],
)
def test_job_refuses_a_policy_that_cannot_work(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        job(**options)  # type: ignore[arg-type]


def test_periodic_registers_a_job_by_its_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "_periodic", {})
    assert periodic(every=timedelta(minutes=5))(tick) is tick
    [declared] = periodic_jobs()
    assert (declared.name, declared.every, declared.task) == (
        "pnyx.testing.tasks.tick",
        timedelta(minutes=5),
        tick,
    )
    with pytest.raises(TypeError, match=r"@periodic goes on top of @job\(\)"):
        periodic(every=timedelta(minutes=5))(print)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="every must be at least one second"):
        periodic(every=timedelta(milliseconds=10))


def test_the_periodic_jobs_of_every_installed_app() -> None:
    autodiscover_modules("tasks")
    assert [(p.name, p.every) for p in periodic_jobs()] == [
        ("pnyx.api.tasks.clear_idempotency_keys", timedelta(hours=1)),
        ("pnyx.jobs.tasks.prune_finished_jobs", timedelta(days=1)),
        ("pnyx.moderation.tasks.close_due_threads", timedelta(minutes=1)),
        ("pnyx.search.tasks.index_missing_posts", timedelta(hours=1)),
    ]
