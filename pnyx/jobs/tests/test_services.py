"""The queue's writes: claiming, retries with backoff, leases, periodic runs, admin retries.

Workers as real processes (killed, or two at once) are in tests/test_worker.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.core.jobs import PeriodicJob
from pnyx.jobs.models import PeriodicJobRun
from pnyx.jobs.services import (
    JobRow,
    claim_job,
    complete_job,
    enqueue_due_periodic_jobs,
    period_start,
    prune_finished_jobs,
    recover_lost_jobs,
    retry_failed_jobs,
)
from pnyx.jobs.worker import run_job, run_pending_jobs
from pnyx.testing.tasks import (
    always_fail,
    fail_until,
    long_running,
    read_events,
    record,
    return_object,
    tick,
)

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _policy(settings: Settings) -> None:
    settings.JOB_MAX_ATTEMPTS = 5
    settings.JOB_TIMEOUT_SECONDS = 600
    settings.JOB_RETRY_DELAY_SECONDS = 30


@pytest.fixture
def log(tmp_path: Path) -> str:
    return str(tmp_path / "jobs.log")


def _row(task_id: str) -> JobRow:
    return DBTaskResult.objects.get(pk=task_id)


def test_claim_job_takes_the_oldest_ready_job_for_one_worker(log: str) -> None:
    with time_machine.travel(T0, tick=False):
        first = record.enqueue(log, "first")
    with time_machine.travel(T0 + timedelta(seconds=1), tick=False):
        record.enqueue(log, "second")
        record.using(run_after=T0 + timedelta(hours=1)).enqueue(log, "later")
        claimed = claim_job("w1")
    assert claimed is not None
    assert str(claimed.pk) == first.id
    row = _row(first.id)
    assert (row.status, row.worker_ids, row.started_at) == (
        TaskResultStatus.RUNNING,
        ["w1"],
        T0 + timedelta(seconds=1),
    )
    with time_machine.travel(T0 + timedelta(seconds=2), tick=False):
        second = claim_job("w2")
        assert second is not None
        assert second.args_kwargs["args"] == [log, "second"]
        assert claim_job("w3") is None  # "later" is not due, the others are taken


def test_claim_job_only_takes_its_queues(log: str, settings: Settings) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "mail"],
        }
    }
    record.using(queue_name="mail").enqueue(log, "elsewhere")
    assert claim_job("w1") is None
    claimed = claim_job("w1", queues=["mail"])
    assert claimed is not None
    assert claimed.queue_name == "mail"


def test_run_job_records_success_and_the_return_value(log: str) -> None:
    result = record.enqueue(log, "ok")
    assert run_pending_jobs("w1") == 1
    row = _row(result.id)
    assert (row.status, row.return_value, row.worker_ids) == (
        TaskResultStatus.SUCCESSFUL,
        "ok",
        ["w1"],
    )
    assert row.finished_at is not None
    assert [event[:2] for event in read_events(log)] == [("ok", "ran")]


def test_a_failed_job_is_retried_with_doubling_delays_then_succeeds(log: str) -> None:
    with time_machine.travel(T0, tick=False):
        result = fail_until.enqueue(log, "flaky", 2)
        job = claim_job("w1")
        assert job is not None
        assert run_job(job) == TaskResultStatus.READY
    row = _row(result.id)
    assert row.run_after == T0 + timedelta(seconds=30)
    assert row.exception_class_path == "builtins.ValueError"
    assert row.traceback.endswith("ValueError: flaky failure 1 of 2\n")
    assert row.finished_at is None

    with time_machine.travel(T0 + timedelta(seconds=29), tick=False):
        assert claim_job("w2") is None  # still waiting
    with time_machine.travel(T0 + timedelta(seconds=30), tick=False):
        job = claim_job("w2")
        assert job is not None
        assert run_job(job) == TaskResultStatus.READY
    assert _row(result.id).run_after == T0 + timedelta(seconds=90)  # 60 s after the 2nd run

    with time_machine.travel(T0 + timedelta(seconds=90), tick=False):
        job = claim_job("w3")
        assert job is not None
        assert run_job(job) == TaskResultStatus.SUCCESSFUL
    row = _row(result.id)
    assert (row.status, row.return_value, row.worker_ids) == (
        TaskResultStatus.SUCCESSFUL,
        3,
        ["w1", "w2", "w3"],
    )
    assert (row.exception_class_path, row.traceback) == ("", "")


def test_a_job_that_keeps_failing_is_marked_failed_after_its_attempts(
    log: str, settings: Settings
) -> None:
    settings.JOB_RETRY_DELAY_SECONDS = 0
    result = always_fail.enqueue(log, "doomed")  # max_attempts=2
    assert run_pending_jobs("w1") == 2
    row = _row(result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.RuntimeError"
    assert row.traceback.endswith("RuntimeError: doomed always fails\n")
    assert row.finished_at is not None
    assert len(read_events(log)) == 2


def test_a_job_whose_code_is_gone_fails_at_once(log: str) -> None:
    result = record.enqueue(log, "orphan")
    DBTaskResult.objects.filter(pk=result.id).update(task_path="pnyx.testing.tasks.removed")
    assert run_pending_jobs("w1") == 1
    row = _row(result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ImportError"
    assert read_events(log) == []


def test_a_return_value_that_is_not_json_is_recorded_as_an_error(settings: Settings) -> None:
    settings.JOB_MAX_ATTEMPTS = 1
    result = return_object.enqueue()
    run_pending_jobs("w1")
    row = _row(result.id)
    assert (row.status, row.exception_class_path) == (
        TaskResultStatus.FAILED,
        "builtins.TypeError",
    )


def test_a_lost_job_runs_again_once_its_lease_expires(log: str) -> None:
    with time_machine.travel(T0, tick=False):
        result = record.enqueue(log, "lost")
        assert claim_job("dead-worker") is not None
    with time_machine.travel(T0 + timedelta(seconds=600), tick=False):
        assert recover_lost_jobs() == 0  # claimed + timeout is not past yet
    with time_machine.travel(T0 + timedelta(seconds=601), tick=False):
        assert recover_lost_jobs() == 1
        row = _row(result.id)
        assert row.status == TaskResultStatus.READY
        assert row.run_after == T0 + timedelta(seconds=631)
        assert row.exception_class_path == "pnyx.jobs.services.JobLeaseExpiredError"
        assert "worker dead-worker claimed this job at 2026-03-02 10:00:00 UTC" in row.traceback
        assert "did not finish it within 600 s" in row.traceback
    with time_machine.travel(T0 + timedelta(seconds=631), tick=False):
        assert run_pending_jobs("w2") == 1
    row = _row(result.id)
    assert (row.status, row.worker_ids) == (TaskResultStatus.SUCCESSFUL, ["dead-worker", "w2"])


def test_a_job_with_a_longer_timeout_keeps_its_lease() -> None:
    with time_machine.travel(T0, tick=False):
        result = long_running.enqueue()
        assert claim_job("w1") is not None
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        assert recover_lost_jobs() == 0
    with time_machine.travel(T0 + timedelta(hours=2, seconds=1), tick=False):
        assert recover_lost_jobs() == 1
    assert _row(result.id).status == TaskResultStatus.READY


def test_a_job_lost_on_its_last_attempt_is_failed(log: str, settings: Settings) -> None:
    settings.JOB_RETRY_DELAY_SECONDS = 0
    result = always_fail.enqueue(log, "twice lost")  # max_attempts=2
    for attempt in range(2):
        with time_machine.travel(T0 + timedelta(hours=attempt), tick=False):
            assert claim_job(f"w{attempt}") is not None
        with time_machine.travel(T0 + timedelta(hours=attempt, seconds=601), tick=False):
            assert recover_lost_jobs() == 1
    row = _row(result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "pnyx.jobs.services.JobLeaseExpiredError"
    assert read_events(log) == []


def test_a_worker_that_outlived_its_lease_cannot_overwrite_the_new_run(log: str) -> None:
    with time_machine.travel(T0, tick=False):
        result = record.enqueue(log, "slow")
        stale = claim_job("slow-worker")
        assert stale is not None
    with time_machine.travel(T0 + timedelta(seconds=601), tick=False):
        assert recover_lost_jobs() == 1
    with time_machine.travel(T0 + timedelta(seconds=631), tick=False):
        fresh = claim_job("w2")
        assert fresh is not None
        assert complete_job(stale, "stale answer") is False
        assert _row(result.id).status == TaskResultStatus.RUNNING
        assert complete_job(fresh, "fresh answer") is True
    row = _row(result.id)
    assert (row.status, row.return_value) == (TaskResultStatus.SUCCESSFUL, "fresh answer")


def test_period_start_is_aligned_on_the_epoch() -> None:
    now = datetime(2026, 3, 2, 10, 7, 59, tzinfo=UTC)
    assert period_start(now, timedelta(minutes=5)) == datetime(2026, 3, 2, 10, 5, tzinfo=UTC)
    assert period_start(now, timedelta(hours=1)) == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert period_start(now, timedelta(days=1)) == datetime(2026, 3, 2, tzinfo=UTC)


def test_a_periodic_job_is_enqueued_once_per_period() -> None:
    every_five = [PeriodicJob(task=tick, every=timedelta(minutes=5))]
    name = "pnyx.testing.tasks.tick"
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        assert enqueue_due_periodic_jobs(jobs=every_five) == [name]
        assert enqueue_due_periodic_jobs(jobs=every_five) == []
    with time_machine.travel(T0 + timedelta(minutes=4, seconds=59), tick=False):
        assert enqueue_due_periodic_jobs(jobs=every_five) == []
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        assert enqueue_due_periodic_jobs(jobs=every_five) == [name]
    assert DBTaskResult.objects.filter(task_path=name).count() == 2
    assert PeriodicJobRun.objects.get(name=name).period_start == T0 + timedelta(minutes=5)
    assert enqueue_due_periodic_jobs(jobs=[]) == []


def test_an_administrator_retries_failed_jobs_with_fresh_attempts(
    log: str, admin: Member, settings: Settings
) -> None:
    settings.JOB_RETRY_DELAY_SECONDS = 0
    failed = always_fail.enqueue(log, "retry me")
    run_pending_jobs("w1")
    waiting = record.enqueue(log, "not failed")
    assert retry_failed_jobs(admin, [failed.id, waiting.id]) == 1
    row = _row(failed.id)
    assert (row.status, row.worker_ids, row.finished_at) == (TaskResultStatus.READY, [], None)
    assert row.run_after <= timezone.now()
    assert _row(waiting.id).worker_ids == []
    assert run_pending_jobs("w2") == 3  # waiting once, failed twice again
    assert _row(failed.id).status == TaskResultStatus.FAILED


@pytest.mark.parametrize("persona", ["member", "moderator"])
def test_only_administrators_retry_jobs(
    log: str, persona: str, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied, match="Only administrators may retry jobs"):
        retry_failed_jobs(actor, [])


def test_prune_finished_jobs_keeps_a_week_of_successes_and_a_month_of_failures(
    log: str, settings: Settings
) -> None:
    settings.JOB_MAX_ATTEMPTS = 1
    with time_machine.travel(T0, tick=False):
        ok = record.enqueue(log, "ok")
        bad = fail_until.enqueue(log, "bad", 1)
        run_pending_jobs("w1")
    with time_machine.travel(T0 + timedelta(days=7), tick=False):
        assert prune_finished_jobs() == 0
    with time_machine.travel(T0 + timedelta(days=7, seconds=1), tick=False):
        assert prune_finished_jobs() == 1
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [_row(bad.id).pk]
    with time_machine.travel(T0 + timedelta(days=30, seconds=1), tick=False):
        assert prune_finished_jobs() == 1
    assert not DBTaskResult.objects.filter(pk__in=[ok.id, bad.id]).exists()
