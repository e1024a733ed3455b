"""The alert fan-out (issue 12): a reply in a thread with N watchers against one in an
unwatched thread (the request must not pay for the watchers: the fan-out is a job), then
how long one worker takes from that reply to its last watcher's alert, and alerts per second.

    python -m bench.alerts_fanout [--pg-url URL] [--watchers 10000] [--replies 100]

Each engine runs in a child process of its own on a fresh database (a SQLite file in a
temporary directory; a new PostgreSQL database, dropped afterwards). Reply times are medians
of wall-clock time, interleaved watched/unwatched; the fan-out is run by one in-process
worker thread (``run_pending_jobs``), as ``pnyx worker --concurrency 1`` would.
docs/performance.md records a run.
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
from typing import Any

from bench.stack import clean_env, pg_admin_url, pg_connect, pg_drop, pg_recreate

DATABASE = "pnyx_bench_alerts"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.alerts_fanout", description=__doc__)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--watchers", type=int, default=10_000)
    parser.add_argument("--replies", type=int, default=100)
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        print(json.dumps(measure(options.watchers, options.replies)))
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="pnyx-alerts-") as directory:
        results.append(child("sqlite", options, {"PNYX_DATA_DIR": directory}))
    try:
        with pg_connect(options.pg_url):
            pass
    except Exception as error:
        print(f"PostgreSQL skipped: not reachable at {options.pg_url} ({error})")
    else:
        pg_recreate(options.pg_url, DATABASE)
        try:
            with tempfile.TemporaryDirectory(prefix="pnyx-alerts-") as directory:
                url = pg_admin_url(options.pg_url, DATABASE)
                env = {"PNYX_DATA_DIR": directory, "DATABASE_URL": url}
                results.append(child("postgres", options, env))
        finally:
            pg_drop(options.pg_url, DATABASE)
    print(f"{options.watchers} watchers; {options.replies} replies of each kind")
    print(
        f"{'engine':<10} {'unwatched ms':>12} {'watched ms':>10} {'diff':>7}"
        f" {'reply→last alert s':>18} {'alerts/s':>9}"
    )
    for row in results:
        diff = row["watched_ms"] / row["unwatched_ms"] - 1
        print(
            f"{row['engine']:<10} {row['unwatched_ms']:>12.2f} {row['watched_ms']:>10.2f}"
            f" {diff:>+7.1%} {row['fan_out_s']:>18.2f} {row['alerts_per_s']:>9.0f}"
        )
    print(f"load average after the run: {os.getloadavg()[0]:.1f}")
    return 0


def child(engine: str, options: argparse.Namespace, extra: dict[str, str]) -> dict[str, Any]:
    env = clean_env({**extra, "PNYX_LOG_LEVEL": "WARNING"})
    argv = [sys.executable, "-m", "bench.alerts_fanout", "--child", engine]
    argv += ["--watchers", str(options.watchers), "--replies", str(options.replies)]
    completed = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{engine} run failed:\n{completed.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def measure(watchers: int, replies: int) -> dict[str, Any]:
    """In the child: set up Django on the configured database and time both things."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from pnyx.accounts.models import Member
    from pnyx.alerts.models import Alert, AlertPreferences, ThreadWatch
    from pnyx.jobs.worker import run_pending_jobs
    from pnyx.posting.services import reply_to_thread
    from pnyx.testing.factories import make_member, make_thread

    call_command("migrate", verbosity=0)
    author = make_member(username="bench_author")
    # The author does not watch what they reply to: both threads stay as set up.
    AlertPreferences.objects.create(member=author, auto_watch=False)
    watched = make_thread(author=author, title="Watched by everybody")
    unwatched = make_thread(author=author, title="Watched by nobody")
    unusable = make_password(None)
    members = Member.objects.bulk_create(
        [
            Member(username=f"watcher{i}", email=f"watcher{i}@example.org", password=unusable)
            for i in range(watchers)
        ],
        batch_size=1000,
    )
    if connection.vendor == "sqlite":  # bulk_create gives no ids there before Django 5.x
        members = list(Member.objects.filter(username__startswith="watcher"))
    ThreadWatch.objects.bulk_create(
        [ThreadWatch(member=member, thread=watched) for member in members], batch_size=1000
    )
    body = "A reply of ordinary length, with a [link](https://example.org) and *emphasis*. " * 4

    def reply(thread: Any) -> float:
        started = time.perf_counter()
        reply_to_thread(author, thread, body=body)  # commits; the subscribers run
        return time.perf_counter() - started

    for _ in range(20):  # warm up: prepared statements, caches
        reply(watched)
        reply(unwatched)
    alone: list[float] = []
    watched_times: list[float] = []
    for _ in range(replies):  # interleaved, so that drift affects both alike
        alone.append(reply(unwatched))
        watched_times.append(reply(watched))
    # The replies above left their fan-outs queued: drop them, then time one.
    DBTaskResult.objects.all().delete()
    Alert.objects.all().delete()
    started = time.perf_counter()
    reply_to_thread(author, watched, body=body)
    run_pending_jobs("bench")
    fan_out = time.perf_counter() - started
    alerts = Alert.objects.count()
    if alerts != watchers:
        raise SystemExit(f"expected {watchers} alerts, found {alerts}")
    return {
        "engine": connection.vendor,
        "unwatched_ms": statistics.median(alone) * 1e3,
        "watched_ms": statistics.median(watched_times) * 1e3,
        "fan_out_s": fan_out,
        "alerts_per_s": alerts / fan_out,
        "watchers": watchers,
        "replies": replies,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }


if __name__ == "__main__":
    sys.exit(main())
