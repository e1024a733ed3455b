"""Search benchmark: p50/p95 of the search selectors on a seeded forum, on one engine.

    python -m bench.search --posts 100000                       # SQLite (a fresh file)
    python -m bench.search --posts 100000 --database-url postgres://postgres@127.0.0.1/db

The database is created empty (SQLite: a temporary file; PostgreSQL: the named database is
dropped and created again), migrated, seeded with ``seed_bench`` (bulk rows, no events),
indexed with ``reindex`` (timed: posts per second), then each kind of query runs
``--runs`` times with words drawn from the indexed posts (so every query has hits):

* two-word: two words of one post; phrase: two adjacent words of one post, quoted;
* filtered: two words, in the forum (and sub-forums) of the post they came from;
* in-thread: a word of a post of the longest thread, in that thread;
* thread page: a guest reading page 1 of a thread, through Django's test client, for
  side-by-side figures from the same run.

Server time is the wall time of one selector call (engine query and the rows it shows);
"app CPU" is this process's CPU time over the call (on SQLite that includes the engine, which
runs in-process; on PostgreSQL the database's CPU is the difference to the wall time, at
most). Prints a JSON report (--json FILE writes it too).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _measure(fn: Callable[[], object], runs: int) -> dict[str, float]:
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        cpu = time.process_time()
        wall = time.perf_counter()
        fn()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return {
        "p50_ms": round(_percentile(walls, 0.5), 2),
        "p95_ms": round(_percentile(walls, 0.95), 2),
        "app_cpu_mean_ms": round(statistics.fmean(cpus), 2),
    }


def _prepare_database(url: str | None) -> None:
    if url:
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", admin, "-qc", sql], check=True)
        os.environ["DATABASE_URL"] = url
    os.environ.setdefault("PNYX_DATA_DIR", tempfile.mkdtemp(prefix="pnyx-bench-search-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "pnyx.config.settings_test"


def run(posts: int, runs: int, url: str | None) -> dict[str, Any]:
    _prepare_database(url)
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from pnyx.core.access import Access
    from pnyx.demo.bench_seed import seed_bench
    from pnyx.search.backends import get_backend
    from pnyx.search.indexing import reindex
    from pnyx.search.models import SearchDocument
    from pnyx.search.query import words_of
    from pnyx.search.selectors import search_posts, search_thread
    from pnyx.search.stopwords import ENGLISH
    from pnyx.threads.models import Thread

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    seed_bench(posts=posts, progress=lambda _: None)
    seeded = time.monotonic() - started
    started = time.monotonic()
    indexed = reindex(batch=1000)
    index_seconds = time.monotonic() - started
    size = get_backend().index_size()

    rng = random.Random(13)
    guest = Access.for_actor(AnonymousUser())
    samples = list(
        SearchDocument.objects.filter(forum_id__in=guest.grants.read)
        .order_by("?")
        .values_list("body", "forum_id", "thread_id")[:500]
    )

    def words(body: str) -> list[str]:
        return [w for w in words_of(body) if w not in ENGLISH and len(w) > 3]

    def two_word() -> None:
        body = rng.choice(samples)[0]
        ws = words(body) or ["news", "talks"]
        search_posts(guest, " ".join(rng.sample(ws, min(2, len(ws)))))

    def phrase() -> None:
        ws = words_of(rng.choice(samples)[0])
        at = rng.randrange(max(1, len(ws) - 1))
        search_posts(guest, '"' + " ".join(ws[at : at + 2]) + '"')

    def filtered() -> None:
        body, forum_id, _ = rng.choice(samples)
        ws = words(body) or ["news", "talks"]
        search_posts(guest, " ".join(rng.sample(ws, min(2, len(ws)))), forum_id=forum_id)

    readable = Thread.objects.filter(forum_id__in=guest.grants.read)
    longest = readable.order_by("-reply_count").first()
    if longest is None:
        raise SystemExit("The seeded forum has no thread a guest may read.")
    thread_words = [
        w
        for body in SearchDocument.objects.filter(thread_id=longest.pk).values_list(
            "body", flat=True
        )[:200]
        for w in words(body)
    ]

    def in_thread() -> None:
        search_thread(guest, longest, rng.choice(thread_words))

    client = Client()
    thread = readable.order_by("-reply_count")[5]

    def thread_page() -> None:
        if client.get(thread.get_absolute_url()).status_code != 200:
            raise SystemExit("The thread page did not answer 200.")

    for fn in (two_word, phrase, filtered, in_thread, thread_page):
        fn()  # warm up: statements prepared, caches filled
    return {
        "engine": connection.vendor,
        "posts": posts,
        "seed_seconds": round(seeded, 1),
        "indexed_posts": indexed,
        "index_seconds": round(index_seconds, 1),
        "index_posts_per_second": round(indexed / index_seconds) if index_seconds else None,
        "index_bytes": size,
        "index_mib_per_million_posts": round(size / 1_048_576 * 1_000_000 / posts, 1),
        "runs": runs,
        "two_word": _measure(two_word, runs),
        "phrase": _measure(phrase, runs),
        "filtered_one_forum": _measure(filtered, runs),
        "in_thread": _measure(in_thread, runs),
        "guest_thread_page": _measure(thread_page, runs),
        "longest_thread_posts": longest.reply_count + 1,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="PostgreSQL (dropped, recreated)")
    parser.add_argument("--json", default=None, help="Also write the report here.")
    args = parser.parse_args(argv)
    report = run(args.posts, args.runs, args.database_url)
    text = json.dumps(report, indent=1)
    print(text)
    if args.json:
        with open(args.json, "w") as out:
            out.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
