"""Two checkouts measured side by side in one run: the member thread page and a reply through
the page form, each timed in process (wall-clock and CPU time of the Python process, and of
the PostgreSQL server process on PostgreSQL), on SQLite and on PostgreSQL.

    python -m bench.sidebyside --before DIR --after DIR [--posts 10000] [--rounds 3]

Each checkout needs its own ``.venv`` (``scripts/test`` or ``scripts/start`` makes it). For a
change that is already on main, make the "before" checkout with
``git worktree add /tmp/before COMMIT`` and a venv there. Both checkouts get the same seeded
forum (``seed_bench``) in fresh databases; the rounds alternate before, after, before, after…
so that a busy machine's drift falls on both alike. CPU time is what a loaded machine runs
out of and is the steadier figure; the report gives medians over all rounds.

The child program only uses what both checkouts have (the settings, ``seed_bench``, the test
client and the page form's HTML), so it also measures commits from before this script.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.stack import clean_env, pg_admin_url, pg_drop, pg_recreate

# Runs inside a checkout (cwd) with its venv's Python. Prints one JSON line.
CHILD = r"""
import json, os, re, statistics, sys, time
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.test import Client

call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from pnyx.demo.bench_seed import seed_bench
from pnyx.accounts.models import Member
from pnyx.threads.models import Thread

posts, requests = int(sys.argv[1]), int(sys.argv[2])
seed_bench(posts=posts, progress=lambda _: None)
thread = Thread.objects.order_by("-reply_count", "pk").first()
member = Member.objects.filter(is_active=True, is_staff=False).order_by("pk").first()
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(member)
page = thread.get_absolute_url()
reply_url = page + "reply/"

backend = None
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

def server_cpu():
    if backend is None:
        return 0.0
    return int(Path(f"/proc/{backend}/schedstat").read_text().split()[0]) / 1e9

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')

def timed(call):
    wall, cpu, server = time.perf_counter(), time.process_time(), server_cpu()
    response = call()
    result = (time.perf_counter() - wall, time.process_time() - cpu, server_cpu() - server)
    return response, result

def read_page():
    response, result = timed(lambda: client.get(page))
    assert response.status_code == 200, response.status_code
    return result

n = [0]
def reply():
    form = client.get(reply_url).content.decode()
    block = form[form.index('action="' + reply_url):]
    fields = dict(HIDDEN.findall(block[: block.index("</form>")]))
    n[0] += 1
    fields["body"] = f"Side by side reply {n[0]}: a sentence of ordinary length with *emphasis*."
    response, result = timed(lambda: client.post(reply_url, fields))
    assert response.status_code in (302, 303), (response.status_code, response.content[:300])
    return result

for _ in range(20):
    read_page(); reply()
pages, replies = [], []
for _ in range(requests):
    pages.append(read_page())
    replies.append(reply())

def med(rows, i):
    return statistics.median(r[i] for r in rows) * 1e3

print(json.dumps({
    "engine": connection.vendor,
    "page_ms": med(pages, 0), "page_cpu_ms": med(pages, 1), "page_server_ms": med(pages, 2),
    "reply_ms": med(replies, 0), "reply_cpu_ms": med(replies, 1),
    "reply_server_ms": med(replies, 2),
}))
"""

DATABASE = "pnyx_bench_sidebyside"
RATES_OFF = dict.fromkeys(
    (
        "PNYX_PAGE_POST_RATE",
        "PNYX_PAGE_REACTION_RATE",
        "PNYX_PAGE_DRAFT_RATE",
        "PNYX_PAGE_PREVIEW_RATE",
        "PNYX_PAGE_ADDRESS_WRITE_RATE",
        "PNYX_API_WRITE_RATE",
        "PNYX_API_ADDRESS_WRITE_RATE",
    ),
    "off",
)
KEYS = ("page_ms", "page_cpu_ms", "page_server_ms", "reply_ms", "reply_cpu_ms", "reply_server_ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sidebyside", description=__doc__)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="pages and replies per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    options = parser.parse_args(argv)
    checkouts = {"before": options.before.resolve(), "after": options.after.resolve()}
    for name, path in checkouts.items():
        if not (path / ".venv/bin/python").exists():
            parser.error(f"--{name} {path}: no .venv there (run scripts/test there once)")
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    for engine in options.engines.split(","):
        for round_number in range(options.rounds):
            for name, path in checkouts.items():
                print(f"{engine}, round {round_number + 1}/{options.rounds}: {name}…", flush=True)
                row = run_child(path, engine, options)
                results.setdefault((engine, name), []).append(row)
    report(results)
    print(f"load average after the run: {os.getloadavg()[0]:.1f}")
    return 0


def run_child(checkout: Path, engine: str, options: argparse.Namespace) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="pnyx-sidebyside-") as directory:
        extra = {"PNYX_DATA_DIR": directory, "PNYX_LOG_LEVEL": "WARNING", **RATES_OFF}
        if engine == "postgres":
            pg_recreate(options.pg_url, DATABASE)
            extra["DATABASE_URL"] = pg_admin_url(options.pg_url, DATABASE)
        try:
            completed = subprocess.run(
                [
                    str(checkout / ".venv/bin/python"),
                    "-c",
                    CHILD,
                    str(options.posts),
                    str(options.requests),
                ],
                cwd=checkout,
                env=clean_env(extra),
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            if engine == "postgres":
                pg_drop(options.pg_url, DATABASE)
    if completed.returncode != 0:
        raise SystemExit(f"{checkout} on {engine} failed:\n{completed.stderr[-3000:]}")
    row: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return {key: float(row[key]) for key in KEYS}


def report(results: dict[tuple[str, str], list[dict[str, float]]]) -> None:
    print(
        f"\n{'engine':<9} {'checkout':<7}"
        + "".join(f" {key.replace('_ms', ''):>14}" for key in KEYS)
        + "   (ms, medians of the rounds' medians)"
    )
    engines = sorted({engine for engine, _ in results})
    for engine in engines:
        rows = {name: results[(engine, name)] for name in ("before", "after")}
        medians = {
            name: {key: statistics.median(r[key] for r in runs) for key in KEYS}
            for name, runs in rows.items()
        }
        for name in ("before", "after"):
            line = "".join(f" {medians[name][key]:>14.2f}" for key in KEYS)
            print(f"{engine:<9} {name:<7}{line}")
        ratio = "".join(
            f" {medians['after'][key] / medians['before'][key]:>14.2f}"
            if medians["before"][key]
            else f" {'–':>14}"
            for key in KEYS
        )
        print(f"{engine:<9} {'after/before':<7}{ratio}")
        after = rows["after"]
        spread = "".join(
            f" {min(r[key] for r in after):>6.2f}–{max(r[key] for r in after):<7.2f}"
            for key in KEYS
        )
        print(f"{engine:<9} {'after range':<7}{spread}")


if __name__ == "__main__":
    sys.exit(main())
