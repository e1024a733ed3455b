"""Helpers for tests that run `pnyx` as real processes: environments, a throw-away database
(SQLite in a directory, or a fresh PostgreSQL database next to the test run's), process
trees read from /proc, and waiting."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

PNYX = [sys.executable, "-m", "pnyx"]
JOBS_TABLE = "django_tasks_database_dbtaskresult"


def clean_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """This process's environment without any Pnyx or Django configuration, plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PNYX_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    env.update({"PNYX_DATA_DIR": str(data_dir), "PNYX_LOG_LEVEL": "INFO", **extra})
    return env


def run_pnyx(
    args: Sequence[str], env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [*PNYX, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def start_pnyx(args: Sequence[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [*PNYX, *args], env=env, stdout=output, stderr=subprocess.STDOUT
        )


def wait_until(
    condition: Callable[[], bool],
    timeout: float,
    what: str,
    processes: Sequence[subprocess.Popen[bytes]] = (),
) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` on timeout or when one of
    ``processes`` exits meanwhile."""
    deadline = time.monotonic() + timeout
    while not condition():
        for process in processes:
            if process.poll() is not None:
                raise AssertionError(f"{what}: process {process.pid} exited ({process.returncode})")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 60) -> int:
    """Signal a process and wait for it (killing it if it does not stop); its exit status."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
    return process.returncode


def process_state(pid: int) -> str | None:
    """The /proc state letter of a process, or None when there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def is_running(pid: int) -> bool:
    return process_state(pid) not in (None, "Z", "X")


def descendants(pid: int) -> dict[int, str]:
    """Every living process below ``pid``, with its command line."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError):
            stat = (entry / "stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] not in ("Z", "X"):
                parents[int(entry.name)] = int(fields[1])
    found: dict[int, str] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                with contextlib.suppress(OSError):
                    raw = Path(f"/proc/{child}/cmdline").read_bytes()
                    found[child] = raw.replace(b"\0", b" ").decode(errors="replace").strip()
                    frontier.append(child)
    return found


class JobDatabase:
    """A migrated database of its own that `pnyx` processes share with the test."""

    def __init__(self, vendor: str, directory: Path, env: dict[str, str], url: str = "") -> None:
        self.vendor = vendor
        self.directory = directory
        self.env = env
        self.url = url

    def enqueue(self, task: str, calls: Sequence[Sequence[Any]]) -> None:
        """Enqueue ``pnyx.testing.tasks.<task>`` once per argument list, in one process."""
        code = (
            "import json, sys\n"
            f"from pnyx.testing.tasks import {task} as job\n"
            f"for args in json.loads({json.dumps(json.dumps([list(c) for c in calls]))}):\n"
            "    job.enqueue(*args)\n"
        )
        result = run_pnyx(["manage", "shell", "-c", code], self.env)
        assert result.returncode == 0, result.stderr

    def jobs(self) -> list[tuple[str, str, list[str]]]:
        """(task path, status, worker ids) of every job, oldest first."""
        query = f"select task_path, status, worker_ids from {JOBS_TABLE} order by enqueued_at"  # noqa: S608
        if self.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(self.directory / "pnyx.sqlite3")) as db:
                rows = db.execute(query).fetchall()
            return [(path, status, json.loads(ids)) for path, status, ids in rows]
        with psycopg.connect(self.url) as db:
            return [(path, status, list(ids)) for path, status, ids in db.execute(query)]

    def worker(self, log: Path, *args: str) -> subprocess.Popen[bytes]:
        return start_pnyx(["worker", *args], self.env, log)


def _server_url(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, "", ""))


@contextlib.contextmanager
def job_database(vendor: str, directory: Path, **extra: str) -> Iterator[JobDatabase]:
    """A fresh, migrated database: SQLite in ``directory``, or a new PostgreSQL database on
    the server of this test run's DATABASE_URL (dropped afterwards)."""
    if vendor == "sqlite":
        env = clean_env(directory, **extra)
        database = JobDatabase(vendor, directory, env)
        migrate(env)
        yield database
        return
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        import pytest

        pytest.skip("PostgreSQL runs need DATABASE_URL=postgres://…")
    name = f"pnyx_jobs_{uuid.uuid4().hex[:10]}"
    admin_url = _server_url(base, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'create database "{name}"')
    url = _server_url(base, name)
    env = clean_env(directory, DATABASE_URL=url, **extra)
    try:
        migrate(env)
        yield JobDatabase(vendor, directory, env, url)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'drop database if exists "{name}" with (force)')


def migrate(env: dict[str, str]) -> None:
    result = run_pnyx(["manage", "migrate", "-v0"], env, timeout=300)
    assert result.returncode == 0, result.stderr
