"""One turn of a worker thread, in this process (tests/test_worker.py runs real processes)."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import OperationalError
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pnyx.core import jobs
from pnyx.core.jobs import periodic
from pnyx.jobs import worker as worker_module
from pnyx.jobs.worker import Worker, worker_name
from pnyx.testing.tasks import record, tick

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 10, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker turn starts by dropping stale connections; here the connection holds the
    test's transaction (outside autocommit, which Django takes for unusable)."""
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)


def test_worker_name_is_unique_per_machine_process_and_thread() -> None:
    name = worker_name(3)
    assert name == f"{socket.gethostname()[:40]}:{os.getpid()}:3"
    assert len(name) <= 64


def test_a_step_runs_one_job(tmp_path: Path) -> None:
    first = record.enqueue(str(tmp_path / "log"), "a")
    record.enqueue(str(tmp_path / "log"), "b")
    worker = Worker()
    assert worker.step("w1") is True
    assert DBTaskResult.objects.get(pk=first.id).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert worker.step("w1") is True
    assert worker.step("w1") is False


def test_housekeeping_enqueues_periodic_jobs_once_per_period(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jobs, "_periodic", {})
    periodic(every=timedelta(minutes=5))(tick)
    worker = Worker()
    with time_machine.travel(T0, tick=False):
        assert worker.step("w1", housekeeping=True) is True  # enqueued, then ran
        assert worker._next_periodic == datetime(2026, 3, 2, 10, 5, tzinfo=UTC)
        assert worker.step("w1", housekeeping=True) is False
    with time_machine.travel(T0 + timedelta(minutes=4), tick=False):
        assert worker.step("w1", housekeeping=True) is True
    rows = DBTaskResult.objects.filter(task_path="pnyx.testing.tasks.tick")
    assert [row.status for row in rows] == [TaskResultStatus.SUCCESSFUL] * 2


def test_a_database_error_gives_up_the_turn(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def unreachable(*args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(worker_module, "claim_job", unreachable)
    assert Worker().step("w1") is False
    assert "database error, retrying: server closed the connection unexpectedly" in caplog.text
