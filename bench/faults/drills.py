"""The drills of ``python -m bench.faults`` (see the package's docstring)."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.procs import BenchError
from tests.processes import clean_env, descendants, run_pnyx, start_pnyx, wait_until

SEED = """
import json
from pnyx.testing.factories import make_forum, make_member, make_thread, make_token
member = make_member(username="ledger")
thread = make_thread(make_forum(), author=member, title="Ledger")
print(json.dumps({"thread": thread.pk, "post": thread.first_post_id, "token": make_token(member)}))
"""

# Every ledger post by its key, with the SHA-256 of its stored text, and whether
# repair_counters finds anything to change.
INSPECT = """
import hashlib, io, json, re
from django.core.management import call_command
from pnyx.testing.factories import counters_snapshot
from pnyx.threads.models import Post
before = counters_snapshot()
call_command("repair_counters", stdout=io.StringIO())
keys = {}
for source in Post.objects.values_list("source", flat=True):
    found = re.match(r"ledger (\\S+) ", source)
    if found:
        keys.setdefault(found.group(1), []).append(hashlib.sha256(source.encode()).hexdigest())
print(json.dumps({"keys": keys, "counters_exact": counters_snapshot() == before}))
"""

# The ledger writes far faster than a member may: the API write limits are off.
UNLIMITED = {"PNYX_API_WRITE_RATE": "off", "PNYX_API_ADDRESS_WRITE_RATE": "off"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _last_json(output: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


class Forum:
    """A data directory with a migrated SQLite forum, and `pnyx serve` on a loopback port."""

    # A migrated data directory with the static files collected, copied for each forum
    # (migrating and collecting once saves every drill most of its start-up).
    template: Path | None = None

    def __init__(self, root: Path, name: str, **env: str) -> None:
        self.data_dir = root / name
        if Forum.template is not None:
            shutil.copytree(Forum.template, self.data_dir)
        else:
            self.data_dir.mkdir(parents=True)
        self.env = clean_env(self.data_dir, **UNLIMITED, **env)
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.seed: dict[str, Any] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str, timeout: float = 300) -> str:
        result = run_pnyx(["manage", *args], self.env, timeout=timeout)
        if result.returncode != 0:
            raise BenchError(f"pnyx manage {args[0]} failed: {result.stderr[-2000:]}")
        return result.stdout

    def prepare(self) -> None:
        if Forum.template is None:
            self.manage("migrate", "--no-input")
        self.seed = _last_json(self.manage("shell", "-c", SEED))

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as answer:  # noqa: S310
                return bool(answer.status == 200)
        except OSError:
            return False

    def start(self) -> float:
        STARTED.append(self)
        log = self.data_dir / f"serve-{self.port}.log"
        self.process = start_pnyx(
            ["serve", "--port", str(self.port), "--workers", "2"], self.env, log
        )
        wait_until(self.healthy, 120, "pnyx serve answered /healthz", [self.process])
        return time.monotonic()

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def web_workers(self) -> list[int]:
        if self.process is None:
            return []
        tree = descendants(self.process.pid)
        mains = [pid for pid, cmd in tree.items() if "-m granian" in cmd]
        return sorted(pid for pid in tree if any(_parent(pid) == main for main in mains))

    def inspect(self) -> dict[str, Any]:
        return _last_json(self.manage("shell", "-c", INSPECT))


# Every forum started, so that main() stops each one whatever a drill raised.
STARTED: list[Forum] = []


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


@dataclass
class Write:
    key: str
    body: str
    sha256: str
    post_id: int | None = None
    acknowledged_at: float | None = None
    last_error: str = ""


@dataclass
class Ledger:
    """The ledger client of SECURITY.md C.0, writing replies to one thread."""

    forum: Forum
    writes: dict[str, Write] = field(default_factory=dict)
    server_errors: int = 0
    connection_errors: int = 0
    retries: int = 0
    error_seconds: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def new_write(self) -> Write:
        key = secrets.token_hex(12)
        body = f"ledger {key} {secrets.token_urlsafe(48)}"
        write = Write(key, body, hashlib.sha256(body.encode()).hexdigest())
        with self.lock:
            self.writes[key] = write
        return write

    def send(self, write: Write) -> int | None:
        """One attempt; the post id when acknowledged."""
        thread = self.forum.seed["thread"]
        request = urllib.request.Request(  # noqa: S310 - loopback
            f"{self.forum.base}/api/v1/threads/{thread}/posts",
            data=json.dumps({"body": write.body}).encode(),
            headers={
                "Authorization": f"Bearer {self.forum.seed['token']}",
                "Content-Type": "application/json",
                "Idempotency-Key": write.key,
            },
            method="POST",
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310
                status, payload = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        except OSError as error:
            write.last_error = f"{type(error).__name__}: {error}"
            with self.lock:
                self.connection_errors += 1
                self.error_seconds.append(time.monotonic() - started)
            return None
        if status in (200, 201):
            post_id = int(json.loads(payload)["id"])
            with self.lock:
                if write.post_id is None:
                    write.post_id, write.acknowledged_at = post_id, time.monotonic()
            return post_id
        write.last_error = f"{status}: {payload[:200]!r}"
        with self.lock:
            self.server_errors += status >= 500
            self.error_seconds.append(time.monotonic() - started)
        return None

    def write_until(self, stop: threading.Event, writers: int = 4) -> list[threading.Thread]:
        def loop() -> None:
            while not stop.is_set():
                if self.send(self.new_write()) is None:
                    time.sleep(0.2)  # the server is away: do not pile up new writes

        threads = [threading.Thread(target=loop, daemon=True) for _ in range(writers)]
        for thread in threads:
            thread.start()
        return threads

    def settle(self, timeout: float = 300) -> None:
        """Send every unacknowledged write again, with its key, until it is acknowledged."""
        wait_until(self.forum.healthy, timeout, "the forum answers again after the fault")
        deadline = time.monotonic() + timeout
        for write in list(self.writes.values()):
            while write.post_id is None:
                if time.monotonic() > deadline:
                    raise BenchError(
                        f"write {write.key} was never acknowledged (last: {write.last_error})"
                    )
                self.retries += 1
                if self.send(write) is None:
                    time.sleep(0.2)

    def first_ack_after(self, moment: float) -> float | None:
        times = [w.acknowledged_at for w in self.writes.values() if w.acknowledged_at]
        later = [t for t in times if t >= moment]
        return min(later) - moment if later else None


@dataclass
class Result:
    name: str
    figures: dict[str, Any]
    problems: list[str]


def check_ledger(ledger: Ledger, found: dict[str, Any], keys: set[str] | None = None) -> list[str]:
    """L1–L3 for ``keys`` (default: every write of the ledger)."""
    problems: list[str] = []
    stored: dict[str, list[str]] = found["keys"]
    for key in keys if keys is not None else set(ledger.writes):
        write = ledger.writes[key]
        hashes = stored.get(key, [])
        if len(hashes) != 1:
            problems.append(f"{key}: {len(hashes)} posts (want exactly 1)")
        elif hashes[0] != write.sha256:
            problems.append(f"{key}: stored text differs from what was sent")
    duplicates = [key for key, hashes in stored.items() if len(hashes) > 1]
    if duplicates:
        problems.append(f"{len(duplicates)} keys stored more than once")
    if not found["counters_exact"]:
        problems.append("repair_counters changed stored counters")
    return problems


def _figures(ledger: Ledger, found: dict[str, Any], fault_end: float | None) -> dict[str, Any]:
    recovery = ledger.first_ack_after(fault_end) if fault_end is not None else None
    errors = sorted(ledger.error_seconds)
    return {
        "acknowledged": len(ledger.writes),
        "present": sum(1 for k in ledger.writes if len(found["keys"].get(k, [])) == 1),
        "duplicates": sum(1 for hashes in found["keys"].values() if len(hashes) > 1),
        "5xx": ledger.server_errors,
        "connection errors": ledger.connection_errors,
        "retries": ledger.retries,
        "error p95 s": round(errors[int(len(errors) * 0.95)] if errors else 0.0, 3),
        "recovery s": None if recovery is None else round(recovery, 2),
    }


# ---------------------------------------------------------------- drills


Drill = Callable[[Path, bool], Result]


def drill_sigkill_worker(root: Path, quick: bool) -> Result:
    """F1: kill -9 a web worker every 2 s while the ledger writes; granian replaces it."""
    forum = Forum(root, "sigkill")
    forum.prepare()
    forum.start()
    ledger = Ledger(forum)
    stop = threading.Event()
    threads = ledger.write_until(stop)
    kills = 0
    try:
        for _ in range(3 if quick else 15):
            time.sleep(2)
            workers = forum.web_workers()
            if workers:
                os.kill(workers[kills % len(workers)], signal.SIGKILL)
                kills += 1
        fault_end = time.monotonic()
        time.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    ledger.settle()
    found = forum.inspect()
    forum.stop()
    figures = {"workers killed": kills, **_figures(ledger, found, fault_end)}
    problems = check_ledger(ledger, found)
    if ledger.server_errors:
        problems.append(f"{ledger.server_errors} answers were 5xx")
    return Result("sigkill-worker", figures, problems)


def drill_restart(root: Path, quick: bool) -> Result:
    """F3: stop `pnyx serve` with SIGTERM under load and start it again."""
    forum = Forum(root, "restart")
    forum.prepare()
    forum.start()
    ledger = Ledger(forum)
    stop = threading.Event()
    threads = ledger.write_until(stop)
    rounds = 1 if quick else 3
    try:
        for _ in range(rounds):
            time.sleep(2)
            forum.stop(signal.SIGTERM)
            fault_end = forum.start()
        time.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    ledger.settle()
    found = forum.inspect()
    forum.stop()
    problems = check_ledger(ledger, found)
    if ledger.server_errors:
        problems.append(f"{ledger.server_errors} answers were 5xx")
    return Result("restart", {"restarts": rounds, **_figures(ledger, found, fault_end)}, problems)


def drill_double_submit(root: Path, quick: bool) -> Result:
    """F11: the same key sent by 10 clients at once gives one post and one answer."""
    forum = Forum(root, "double")
    forum.prepare()
    forum.start()
    ledger = Ledger(forum)
    rounds = 3 if quick else 20
    answers: list[set[int | None]] = []
    for _ in range(rounds):
        write = ledger.new_write()
        ids: list[int | None] = []
        barrier = threading.Barrier(10)

        def submit(
            write: Write = write, ids: list[int | None] = ids, barrier: threading.Barrier = barrier
        ) -> None:
            barrier.wait()
            ids.append(ledger.send(write))

        threads = [threading.Thread(target=submit) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        answers.append(set(ids))
    ledger.settle()
    found = forum.inspect()
    forum.stop()
    problems = check_ledger(ledger, found)
    split = [a for a in answers if len(a - {None}) != 1]
    if split:
        problems.append(f"{len(split)} keys answered with more than one post id")
    return Result(
        "double-submit", {"keys sent 10 times": rounds, **_figures(ledger, found, None)}, problems
    )


def drill_concurrent_edit(root: Path, quick: bool) -> Result:
    """F12: two edits of one post from the same revision: one saves, the other gets 409 and
    the text it sent is not lost (it is the client's; the post keeps the winner's)."""
    forum = Forum(root, "edit")
    forum.prepare()
    forum.start()
    post = forum.seed["post"]
    texts = {"a": "Edited by window A.", "b": "Edited by window B."}
    statuses: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def edit(name: str) -> None:
        request = urllib.request.Request(  # noqa: S310 - loopback
            f"{forum.base}/api/v1/posts/{post}",
            data=json.dumps({"body": texts[name], "revision": 0}).encode(),
            headers={
                "Authorization": f"Bearer {forum.seed['token']}",
                "Content-Type": "application/json",
            },
            method="PATCH",
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310
                statuses[name] = answer.status
        except urllib.error.HTTPError as error:
            statuses[name] = error.code

    threads = [threading.Thread(target=edit, args=(name,)) for name in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    code = (
        "import json; from pnyx.threads.models import Post, PostRevision; "
        f"p = Post.objects.get(pk={post}); "
        "print(json.dumps({'source': p.source, 'history': list(PostRevision.objects"
        f".filter(post_id={post}).values_list('previous_source', flat=True))}}))"
    )
    state = _last_json(forum.manage("shell", "-c", code))
    forum.stop()
    problems: list[str] = []
    if sorted(statuses.values()) != [200, 409]:
        problems.append(f"answers were {statuses} (want one 200 and one 409)")
    winner = next((n for n, s in statuses.items() if s == 200), None)
    if winner is None or state["source"] != texts[winner]:
        problems.append("the post does not hold the saved edit")
    if len(state["history"]) != 1:
        problems.append(f"{len(state['history'])} revisions kept (want the original, once)")
    return Result(
        "concurrent-edit", {"answers": statuses, "revisions": len(state["history"])}, problems
    )


def drill_redis_down(root: Path, quick: bool) -> Result:
    """F9: Redis (the cache, rate limits, guest pages) stops under load and comes back."""
    from pnyx.testing.redis import REDIS_SERVER, PrivateRedis

    if REDIS_SERVER is None:
        return Result("redis-down", {"skipped": "redis-server is not installed"}, [])
    redis_dir = Path(tempfile.mkdtemp(prefix="pnyx-faults-redis-"))
    server = PrivateRedis(redis_dir)
    server.start()
    forum = Forum(root, "redis", REDIS_URL=server.url)
    forum.prepare()
    forum.start()
    ledger = Ledger(forum)
    stop = threading.Event()
    threads = ledger.write_until(stop)
    outage = 3 if quick else 30
    try:
        time.sleep(2)
        server.stop()
        time.sleep(outage)
        server.start()
        fault_end = time.monotonic()
        time.sleep(3)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    ledger.settle()
    found = forum.inspect()
    forum.stop()
    server.stop()
    problems = check_ledger(ledger, found)
    if ledger.server_errors:
        problems.append(f"{ledger.server_errors} answers were 5xx while Redis was away")
    return Result(
        "redis-down", {"outage s": outage, **_figures(ledger, found, fault_end)}, problems
    )


def drill_backup_restore(root: Path, quick: bool) -> Result:
    """F15: `pnyx backup` while the ledger writes, then `pnyx restore` into a fresh forum:
    every write acknowledged before the backup began is there, exactly once."""
    forum = Forum(root, "backup")
    forum.prepare()
    forum.start()
    ledger = Ledger(forum)
    stop = threading.Event()
    threads = ledger.write_until(stop)
    try:
        wanted = 10 if quick else 200
        deadline = time.monotonic() + 120
        while sum(w.post_id is not None for w in list(ledger.writes.values())) < wanted:
            if time.monotonic() > deadline:
                raise BenchError(f"fewer than {wanted} writes acknowledged in 120 s")
            time.sleep(0.2)
        began = time.monotonic()
        before = {
            k for k, w in ledger.writes.items() if w.acknowledged_at and w.acknowledged_at < began
        }
        result = run_pnyx(["backup", "--output", str(root / "backups")], forum.env, timeout=600)
        if result.returncode != 0:
            raise BenchError(f"pnyx backup failed: {result.stderr[-2000:]}")
        time.sleep(1)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    ledger.settle()
    forum.stop()
    (archive,) = (root / "backups").glob("pnyx-backup-*.tar.gz")
    restored = Forum(root, "restored")
    started = time.monotonic()
    answer = run_pnyx(["restore", str(archive)], restored.env, timeout=600)
    took = time.monotonic() - started
    if answer.returncode != 0:
        raise BenchError(f"pnyx restore failed: {answer.stderr[-2000:]}")
    found = restored.inspect()
    problems = check_ledger(ledger, found, before)
    # Whatever came after the snapshot's moment is either wholly there or absent.
    for key, hashes in found["keys"].items():
        write = ledger.writes.get(key)
        if write is None or hashes != [write.sha256]:
            problems.append(f"{key}: restored, but not as it was sent")
    figures = {
        "acknowledged before the backup": len(before),
        "acknowledged in all": len(ledger.writes),
        "in the restored forum": len(found["keys"]),
        "restore s": round(took, 1),
    }
    return Result("backup-restore", figures, problems)


DRILLS: dict[str, Drill] = {
    "sigkill-worker": drill_sigkill_worker,
    "restart": drill_restart,
    "double-submit": drill_double_submit,
    "concurrent-edit": drill_concurrent_edit,
    "redis-down": drill_redis_down,
    "backup-restore": drill_backup_restore,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the reduced run for CI")
    parser.add_argument("--only", default="", help="comma-separated drill names")
    parser.add_argument("--keep", action="store_true", help="keep the data directories")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or list(DRILLS)
    unknown = sorted(set(names) - set(DRILLS))
    if unknown:
        parser.error(f"unknown drills {unknown}; known: {', '.join(DRILLS)}")
    root = Path(tempfile.mkdtemp(prefix="pnyx-faults-"))
    failed = 0
    started = time.monotonic()
    print("== preparing a migrated data directory", flush=True)
    template = Forum(root, "template")
    template.manage("migrate", "--no-input")
    template.manage("collectstatic", "--no-input")
    Forum.template = template.data_dir
    for name in names:
        print(f"== {name}", flush=True)
        try:
            result = DRILLS[name](root / name, args.quick)
        except (BenchError, AssertionError, subprocess.SubprocessError, OSError) as exc:
            result = Result(name, {}, [f"the drill could not run: {exc}"])
        finally:
            while STARTED:
                STARTED.pop().stop()
        for key, value in result.figures.items():
            print(f"   {key}: {value}")
        if result.problems:
            failed += 1
            for problem in result.problems[:20]:
                print(f"   FAIL {problem}")
        else:
            print("   ok: every acknowledged write present exactly once, counters exact")
    took = time.monotonic() - started
    print(f"\n{len(names) - failed} of {len(names)} drills passed in {took:.0f} s")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
