"""`pnyx worker` as real processes on SQLite and PostgreSQL: two workers never run one job
twice (nor one period of a periodic job), and the job of a worker killed with SIGKILL runs
again on another once its lease expires."""

from __future__ import annotations

import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from pnyx.testing.tasks import read_events
from tests.processes import JobDatabase, job_database, stop, wait_until

JOBS = 120


@pytest.fixture(params=["sqlite", "postgres"])
def jobs_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[JobDatabase]:
    # A short lease and no retry delay, so that a lost job comes back within seconds.
    with job_database(
        request.param, tmp_path, PNYX_JOB_TIMEOUT="2", PNYX_JOB_RETRY_DELAY="0"
    ) as database:
        yield database


def _started(log: Path) -> bool:
    return log.exists() and "pnyx worker " in log.read_text(encoding="utf-8", errors="replace")


def test_two_workers_never_run_one_job_twice(jobs_db: JobDatabase, tmp_path: Path) -> None:
    events = tmp_path / "events.log"
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    workers = [jobs_db.worker(log, "--concurrency", "2") for log in logs]
    try:
        wait_until(lambda: all(_started(log) for log in logs), 60, "both workers started", workers)
        jobs_db.enqueue("record", [(str(events), f"j{i}", 40) for i in range(JOBS)])
        wait_until(lambda: len(read_events(events)) >= JOBS, 120, "every job ran", workers)
        wait_until(
            lambda: all(status == "SUCCESSFUL" for _, status, _ in jobs_db.jobs()),
            30,
            "every job recorded as successful",
            workers,
        )
    finally:
        codes = [stop(worker) for worker in workers]
    assert codes == [0, 0]

    ran = read_events(events)
    assert sorted(label for label, _, _ in ran) == sorted(f"j{i}" for i in range(JOBS))
    assert {pid for _, _, pid in ran} == {worker.pid for worker in workers}
    rows = jobs_db.jobs()
    assert all(len(worker_ids) == 1 for _, _, worker_ids in rows)
    # Both workers started within the same hour and day: each periodic job was enqueued once.
    paths = [path for path, _, _ in rows]
    assert paths.count("pnyx.api.tasks.clear_idempotency_keys") == 1
    assert paths.count("pnyx.jobs.tasks.prune_finished_jobs") == 1
    assert paths.count("pnyx.testing.tasks.record") == JOBS


def test_the_job_of_a_killed_worker_runs_again_on_another(
    jobs_db: JobDatabase, tmp_path: Path
) -> None:
    events = tmp_path / "events.log"
    jobs_db.enqueue("wait_for_release", [(str(events), "k")])
    first = jobs_db.worker(tmp_path / "worker-a.log")
    try:
        wait_until(lambda: len(read_events(events)) == 1, 60, "the job started", [first])
    finally:
        stop(first, signal.SIGKILL)
    assert first.returncode == -signal.SIGKILL

    Path(f"{events}.k.release").touch()
    second = jobs_db.worker(tmp_path / "worker-b.log")
    try:
        wait_until(lambda: len(read_events(events)) == 3, 60, "the job ran again", [second])
        wait_until(
            lambda: (
                [s for p, s, _ in jobs_db.jobs() if p.endswith("wait_for_release")]
                == ["SUCCESSFUL"]
            ),
            30,
            "the job recorded as successful",
            [second],
        )
    finally:
        assert stop(second) == 0

    assert read_events(events) == [
        ("k", "start", first.pid),
        ("k", "start", second.pid),
        ("k", "done", second.pid),
    ]
    [worker_ids] = [ids for path, _, ids in jobs_db.jobs() if path.endswith("wait_for_release")]
    host = socket.gethostname()[:40]
    assert worker_ids == [f"{host}:{first.pid}:0", f"{host}:{second.pid}:0"]
