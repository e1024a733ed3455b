"""What enqueueing a background job adds to a write: the cost of N enqueues inside one
transaction, and of a reply with and without a job enqueued in its transaction (wall-clock
time, and CPU time: this process's and, for PostgreSQL, its server process's, which is what
a busy machine runs out of), on SQLite (the default file database, WAL) and on PostgreSQL.

    python -m bench.enqueue_cost [--pg-url URL] [--replies 300] [--enqueues 1000]

Each engine runs in a child process of its own (Django is set up once per process) on a
fresh database: a SQLite file in a temporary directory, a new PostgreSQL database (dropped
afterwards). Times are medians of wall-clock time on this machine; docs/performance.md
records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.stack import clean_env, pg_admin_url, pg_connect, pg_drop, pg_recreate

DATABASE = "pnyx_bench_enqueue"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.enqueue_cost", description=__doc__)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--replies", type=int, default=300)
    parser.add_argument("--enqueues", type=int, default=1000)
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        print(json.dumps(measure(options.replies, options.enqueues)))
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="pnyx-enqueue-") as directory:
        results.append(child("sqlite", options, {"PNYX_DATA_DIR": directory}))
    try:
        with pg_connect(options.pg_url):
            pass
    except Exception as error:
        print(f"PostgreSQL skipped: not reachable at {options.pg_url} ({error})")
    else:
        pg_recreate(options.pg_url, DATABASE)
        try:
            with tempfile.TemporaryDirectory(prefix="pnyx-enqueue-") as directory:
                url = pg_admin_url(options.pg_url, DATABASE)
                env = {"PNYX_DATA_DIR": directory, "DATABASE_URL": url}
                results.append(child("postgres", options, env))
        finally:
            pg_drop(options.pg_url, DATABASE)
    print(f"each enqueue timed in transactions of {options.enqueues}; replies: {options.replies}")
    print(
        f"{'engine':<10} {'enqueue µs':>10} {'library µs':>10} {'reply ms':>9} {'+ 1 job':>8}"
        f" {'Python CPU ms':>14} {'+ 1 job':>8} {'server CPU ms':>14} {'+ 1 job':>8}"
    )
    for row in results:
        print(
            f"{row['engine']:<10} {row['enqueue_us']:>10.1f} {row['library_enqueue_us']:>10.1f}"
            f" {row['reply_ms']:>9.2f} {row['reply_job_ms'] - row['reply_ms']:>+8.2f}"
            f" {row['reply_cpu_ms']:>14.2f} {row['reply_job_cpu_ms'] - row['reply_cpu_ms']:>+8.2f}"
            f" {row['reply_server_ms']:>14.2f}"
            f" {row['reply_job_server_ms'] - row['reply_server_ms']:>+8.2f}"
        )
    print(f"load average after the run: {os.getloadavg()[0]:.1f}")
    return 0


def child(engine: str, options: argparse.Namespace, extra: dict[str, str]) -> dict[str, Any]:
    env = clean_env({**extra, "PNYX_LOG_LEVEL": "WARNING"})
    argv = [sys.executable, "-m", "bench.enqueue_cost", "--child", engine]
    argv += ["--replies", str(options.replies), "--enqueues", str(options.enqueues)]
    completed = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{engine} run failed:\n{completed.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def measure(replies: int, enqueues: int) -> dict[str, Any]:
    """In the child: set up Django on the configured database and time the three things."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from pnyx.core.jobs import enqueue_on_commit
    from pnyx.posting.services import reply_to_thread
    from pnyx.sanctions.flood import pace_limits_suspended
    from pnyx.testing.factories import make_member, make_thread
    from pnyx.testing.tasks import noop

    call_command("migrate", verbosity=0)
    member = make_member(username="bench_enqueue")
    thread = make_thread(author=member)
    body = "A reply of ordinary length, with a [link](https://example.org) and *emphasis*. " * 4

    backend_pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_pid = cursor.fetchone()[0]

    def server_cpu() -> float:
        """CPU seconds the PostgreSQL backend serving us has used (0 for SQLite, which runs
        in this process); schedstat counts nanoseconds, unlike the 10 ms ticks of stat."""
        if backend_pid is None:
            return 0.0
        return int(Path(f"/proc/{backend_pid}/schedstat").read_text().split()[0]) / 1e9

    def reply(with_job: bool) -> tuple[float, float, float]:
        """Wall-clock time, CPU time of this process, and of the database server's."""
        started, cpu, server = time.perf_counter(), time.process_time(), server_cpu()
        with transaction.atomic(), pace_limits_suspended():  # replies as fast as it can
            post = reply_to_thread(member, thread, body=body)
            if with_job:
                enqueue_on_commit(noop, post.pk)
        wall = time.perf_counter() - started
        return wall, time.process_time() - cpu, server_cpu() - server

    for _ in range(30):  # warm up: prepared statements, caches
        reply(True)
    alone: list[tuple[float, float, float]] = []
    with_job: list[tuple[float, float, float]] = []
    for _ in range(replies):  # interleaved, so that drift affects both alike
        alone.append(reply(False))
        with_job.append(reply(True))

    def per_enqueue(enqueue: Callable[[int], object]) -> float:
        batches = []
        for _ in range(5):
            started = time.perf_counter()
            with transaction.atomic():
                for object_id in range(enqueues):
                    enqueue(object_id)
            batches.append((time.perf_counter() - started) / enqueues)
        return statistics.median(batches) * 1e6

    return {
        "engine": connection.vendor,
        "enqueue_us": per_enqueue(lambda object_id: enqueue_on_commit(noop, object_id)),
        # django-tasks-db's own enqueue, for comparison (what enqueue_on_commit replaced).
        "library_enqueue_us": per_enqueue(noop.enqueue),
        "reply_ms": statistics.median(wall for wall, _, _ in alone) * 1e3,
        "reply_job_ms": statistics.median(wall for wall, _, _ in with_job) * 1e3,
        "reply_cpu_ms": statistics.median(cpu for _, cpu, _ in alone) * 1e3,
        "reply_job_cpu_ms": statistics.median(cpu for _, cpu, _ in with_job) * 1e3,
        "reply_server_ms": statistics.median(server for _, _, server in alone) * 1e3,
        "reply_job_server_ms": statistics.median(server for _, _, server in with_job) * 1e3,
        "replies": replies,
        "enqueues": enqueues,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }


if __name__ == "__main__":
    sys.exit(main())
