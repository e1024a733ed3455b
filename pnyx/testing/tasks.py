"""Jobs for tests: each leaves its trace in a log file named by its first argument, so a test
sees what ran, how often and in which process, also when workers are separate processes.

Every line is ``LABEL EVENT PID``, appended with one ``write`` (atomic for short lines).
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

from pnyx.core.jobs import job


def log_event(log: str, label: str, event: str) -> None:
    with Path(log).open("a", encoding="utf-8") as file:
        file.write(f"{label} {event} {os.getpid()}\n")


def read_events(log: str | Path) -> list[tuple[str, str, int]]:
    path = Path(log)
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        label, event, pid = line.split(" ")
        rows.append((label, event, int(pid)))
    return rows


@job()
def record(log: str, label: str, sleep_ms: int = 0) -> str:
    """Note that it ran (after sleeping ``sleep_ms``)."""
    time.sleep(sleep_ms / 1000)
    log_event(log, label, "ran")
    return label


@job()
def fail_until(log: str, label: str, failures: int) -> int:
    """Fail its first ``failures`` runs (counted in the log), then succeed."""
    runs = sum(1 for row in read_events(log) if row[0] == label) + 1
    log_event(log, label, "ran")
    if runs <= failures:
        raise ValueError(f"{label} failure {runs} of {failures}")
    return runs


@job(max_attempts=2)
def always_fail(log: str, label: str) -> None:
    log_event(log, label, "ran")
    raise RuntimeError(f"{label} always fails")


@job()
def wait_for_release(log: str, label: str) -> str:
    """Start, then wait (at most a minute) until a file ``LOG.LABEL.release`` exists."""
    log_event(log, label, "start")
    release = Path(f"{log}.{label}.release")
    deadline = time.monotonic() + 60
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    log_event(log, label, "done")
    return label


@job()
def return_object() -> object:
    """Returns what cannot be stored as JSON."""
    return object()


@job(timeout=timedelta(hours=2))
def long_running() -> None:
    """Declares a lease longer than the default."""


@job()
def tick() -> None:
    """Does nothing: the schedule tests make it periodic."""


@job()
def noop(object_id: int) -> None:
    """Takes an id and does nothing: the job bench/enqueue_cost.py enqueues."""
