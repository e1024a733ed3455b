"""The `pnyx` command as an administrator uses it: real processes, a throw-away data directory."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from pnyx.testing.tasks import read_events
from tests.processes import (
    clean_env,
    descendants,
    is_running,
    migrate,
    run_pnyx,
    start_pnyx,
    stop,
    wait_until,
)

PNYX = [sys.executable, "-m", "pnyx"]


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PNYX_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    env.update({"PNYX_DATA_DIR": str(data_dir), **extra})
    return env


def _run(
    args: list[str], env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [*PNYX, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "mysql://db/pnyx", "DATABASE_URL must start with postgres://"),
        ("DATABASE_URL", "postgres://127.0.0.1:99999/x", "DATABASE_URL is malformed"),
        ("DATABASE_URL", "postgres://127.0.0.1/", "DATABASE_URL must name one database"),
        ("PNYX_DEBUG", "maybe", "PNYX_DEBUG='maybe' is not a boolean"),
        ("PNYX_SECRET_KEY", "short", "PNYX_SECRET_KEY must be at least 32 characters"),
        ("REDIS_URL", "http://cache", "REDIS_URL must start with redis://"),
        ("PNYX_EMAIL_PORT", "smtp", "PNYX_EMAIL_PORT='smtp' is not a whole number"),
        ("PNYX_LOG_LEVEL", "loud", "PNYX_LOG_LEVEL='LOUD' is not a level"),
    ],
)
def test_serve_refuses_invalid_configuration_in_one_line(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    env = _env(tmp_path, **{variable: value, "PNYX_EMAIL_HOST": "mail.example.org"})
    result = _run(["serve", "--port", "8999"], env, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pnyx: configuration error: ")
    assert message in lines[0]


def test_serve_reports_an_unreachable_database(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = _env(tmp_path, DATABASE_URL=f"postgres://nobody@127.0.0.1:{port}/pnyx?pool=false")
    result = _run(["serve"], env, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("pnyx: cannot reach the database (")
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_rejects_a_bad_port(tmp_path: Path) -> None:
    result = _run(["serve", "--port", "70000"], _env(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == "pnyx: --port must be between 1 and 65535."


def test_createadmin_from_a_password_file(tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text("a sturdy passphrase for tests\n", encoding="utf-8")
    env = _env(tmp_path / "data")
    result = _run(
        ["createadmin", "--username", "chief", "--email", "chief@example.org",
         "--password-file", str(secret)],
        env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "administrator 'chief' created" in result.stdout
    with sqlite3.connect(tmp_path / "data" / "pnyx.sqlite3") as db:
        row = db.execute(
            "select is_superuser, is_staff, email from accounts_member where username='chief'"
        ).fetchone()
    assert row == (1, 1, "chief@example.org")

    again = _run(
        ["createadmin", "--username", "CHIEF", "--email", "c2@example.org",
         "--password-file", str(secret)],
        env,
    )  # fmt: skip
    assert again.returncode == 2
    assert "no administrator created: username:" in again.stderr


def test_createadmin_without_terminal_needs_a_password_file(tmp_path: Path) -> None:
    result = _run(
        ["createadmin", "--username", "chief", "--email", "c@example.org"], _env(tmp_path)
    )
    assert result.returncode == 2
    assert "pass --password-file FILE" in result.stderr


def test_manage_runs_django_commands(tmp_path: Path) -> None:
    result = _run(["manage", "check"], _env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_demo_fills_once_and_the_second_run_changes_nothing(tmp_path: Path) -> None:
    env = _env(tmp_path)
    first = _run(["demo"], env, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "Demo community ready in" in first.stdout
    db_path = tmp_path / "pnyx.sqlite3"

    def counts() -> tuple[int, ...]:
        with sqlite3.connect(db_path) as db:
            return tuple(
                db.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608
                for table in (
                    "accounts_member", "forums_forum", "threads_thread", "threads_post",
                    "reactions_reaction",
                )
            )  # fmt: skip

    before = counts()
    second = _run(["demo"], env, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "nothing changed" in second.stdout
    assert counts() == before
    members, _forums, threads, posts, reactions = before
    assert members == 12
    assert threads == 60
    assert posts > 150
    assert reactions > 100


def test_serve_starts_a_working_forum(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = _env(tmp_path)
    server = subprocess.Popen(  # noqa: S603
        [*PNYX, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.3)
        output = server.stdout.read() if server.stdout and server.poll() is not None else ""
        assert '"status": "ok"' in body, output
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            page = r.read().decode()
            assert r.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert "What&#x27;s new" in page or "What's new" in page
        css = page.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css.startswith("/static/core/pnyx.") and css.endswith(".css")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{css}", timeout=5) as r:
            assert r.status == 200
            assert "immutable" in r.headers["Cache-Control"]
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_token_create_list_revoke(tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text("a sturdy passphrase for tests\n", encoding="utf-8")
    env = _env(tmp_path / "data")
    created = _run(
        ["createadmin", "--username", "chief", "--email", "chief@example.org",
         "--password-file", str(secret)],
        env,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr

    none = _run(["token", "list", "chief"], env)
    assert (none.returncode, none.stdout, none.stderr) == (
        0,
        "",
        "pnyx: chief has no API tokens.\n",
    )
    unnamed = _run(["token", "create", "chief", "--name", " "], env)
    assert unnamed.returncode == 2
    assert unnamed.stderr == (
        "pnyx: no token created: Give the token a name, e.g. the script that uses it.\n"
    )

    made = _run(["token", "create", "chief", "--name", "news bot"], env)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert token.startswith("pnyx_") and len(token.split("_", 2)[2]) == 43
    public_id = token.split("_")[1]
    assert made.stderr.startswith(f"pnyx: token {public_id} (news bot) created for chief.")
    with sqlite3.connect(tmp_path / "data" / "pnyx.sqlite3") as db:
        row = db.execute("select name, secret_hash from accounts_apitoken").fetchone()
    assert row[0] == "news bot"
    assert token.split("_", 2)[2] not in row[1]

    listed = _run(["token", "list", "chief"], env)
    assert listed.returncode == 0
    assert listed.stdout.startswith(f"{public_id}  active ")
    assert listed.stdout.rstrip().endswith("never used        news bot")

    revoked = _run(["token", "revoke", public_id], env)
    assert revoked.returncode == 0
    assert revoked.stdout == f"pnyx: token {public_id} (news bot) of chief revoked.\n"
    assert f"{public_id}  revoked " in _run(["token", "list", "chief"], env).stdout


def test_token_errors_say_what_to_do(tmp_path: Path) -> None:
    env = _env(tmp_path)
    unknown_member = _run(["token", "create", "nobody"], env)
    assert unknown_member.returncode == 2
    assert unknown_member.stderr == "pnyx: no active member 'nobody'.\n"
    unknown_token = _run(["token", "revoke", "abcdef123456"], env)
    assert unknown_token.returncode == 2
    assert unknown_token.stderr == (
        "pnyx: no token 'abcdef123456'; 'pnyx token list USERNAME' shows ids.\n"
    )
    empty = _run(["token", "list", "nobody"], env)
    assert empty.returncode == 2


# ---------------------------------------------------------------- serve supervises (issues 9, 10)


class Served:
    """A running `pnyx serve` on a free port, its output in a file."""

    def __init__(self, data_dir: Path, args: Sequence[str], started: list[Served]) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.env = clean_env(data_dir)
        self.log = data_dir / f"serve-{self.port}.log"
        self.process = start_pnyx(["serve", "--port", str(self.port), *args], self.env, self.log)
        started.append(self)
        wait_until(self.healthy, 120, "pnyx serve answered /healthz", [self.process])

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as r:
                return bool(r.status == 200)
        except OSError:
            return False

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Signal serve and wait for it; a timeout fails with serve's output."""
        try:
            return stop(self.process, sig)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"pnyx serve did not stop:\n{self.output()[-3000:]}") from None

    def children(self, marker: str) -> list[int]:
        """Processes below serve whose command line contains ``marker``."""
        return sorted(pid for pid, cmd in descendants(self.process.pid).items() if marker in cmd)

    def job_worker(self) -> int:
        [pid] = self.children("-m pnyx worker")
        return pid

    def web_workers(self) -> list[int]:
        [main] = [
            pid
            for pid, cmd in descendants(self.process.pid).items()
            if "granian" in cmd and _parent(pid) == self.process.pid
        ]
        return sorted(descendants(main))


def _parent(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


@pytest.fixture(scope="module")
def served_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated data directory for the serve tests (each starts its own server)."""
    data_dir = tmp_path_factory.mktemp("served")
    migrate(clean_env(data_dir))
    return data_dir


@pytest.fixture
def serve(served_dir: Path) -> Iterator[Callable[..., Served]]:
    """Start `pnyx serve ARGS…`; whatever a test leaves running is killed afterwards (its
    children follow: they get SIGTERM when serve dies)."""
    started: list[Served] = []
    yield lambda *args: Served(served_dir, args, started)
    for served in started:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait()


def _enqueue_record(served: Served, events: Path, label: str) -> None:
    code = f"from pnyx.testing.tasks import record; record.enqueue({str(events)!r}, {label!r})"
    result = run_pnyx(["manage", "shell", "-c", code], served.env)
    assert result.returncode == 0, result.stderr


def test_serve_runs_jobs_and_restarts_its_killed_job_worker(
    serve: Callable[..., Served], tmp_path: Path
) -> None:
    served = serve("--workers", "1")
    events = tmp_path / "events.log"
    try:
        worker = served.job_worker()
        _enqueue_record(served, events, "first")
        wait_until(lambda: len(read_events(events)) == 1, 30, "the job ran", [served.process])
        assert read_events(events) == [("first", "ran", worker)]

        os.kill(worker, signal.SIGKILL)
        wait_until(
            lambda: served.children("-m pnyx worker") not in ([], [worker]),
            30,
            "a new job worker",
            [served.process],
        )
        restarted = served.job_worker()
        _enqueue_record(served, events, "second")
        wait_until(lambda: len(read_events(events)) == 2, 30, "the job ran", [served.process])
        assert read_events(events)[1] == ("second", "ran", restarted)
        assert served.healthy()
    finally:
        assert served.stop() == 0
    output = served.output()
    assert f"pnyx: job worker started (pid {worker})" in output
    assert "pnyx: job worker stopped (killed by SIGKILL); restarting in 1 s" in output
    assert f"pnyx: job worker started (pid {restarted})" in output


def test_serve_keeps_answering_while_a_killed_web_worker_is_replaced(
    serve: Callable[..., Served],
) -> None:
    served = serve("--workers", "2")
    try:
        wait_until(lambda: len(served.web_workers()) == 2, 30, "two web workers")
        before = served.web_workers()
        os.kill(before[0], signal.SIGKILL)
        killed_at = time.monotonic()
        answers: list[tuple[float, bool]] = []
        while time.monotonic() < killed_at + 3:
            answers.append((time.monotonic() - killed_at, served.healthy()))
            time.sleep(0.05)
        # Connections opened in the instant of the kill may be refused (the kernel was
        # still handing some to the dying worker's socket); from then on, with one worker
        # fewer until granian replaces it (after a second), every request is answered.
        refused = [round(elapsed, 3) for elapsed, ok in answers if not ok]
        assert [elapsed for elapsed in refused if elapsed > 0.5] == [], refused
        assert len(answers) - len(refused) > 20
        wait_until(
            lambda: len(served.web_workers()) == 2 and served.web_workers() != before,
            30,
            "the killed web worker replaced",
            [served.process],
        )
        assert before[1] in served.web_workers()
        assert served.process.poll() is None
    finally:
        assert served.stop() == 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_every_process_it_started(
    serve: Callable[..., Served], sig: signal.Signals
) -> None:
    served = serve("--workers", "2")
    wait_until(lambda: len(served.web_workers()) == 2, 30, "two web workers")
    started = descendants(served.process.pid)
    assert len(started) == 4  # granian, its two workers, the job worker
    assert served.stop(sig) == 0
    assert [pid for pid in started if is_running(pid)] == []
    output = served.output()
    assert f"pnyx: {sig.name} received, stopping…" in output
    assert output.rstrip().endswith("pnyx: stopped")


def test_a_killed_serve_leaves_no_orphans(serve: Callable[..., Served]) -> None:
    served = serve("--workers", "1")
    started = descendants(served.process.pid)
    assert len(started) == 3
    assert served.stop(signal.SIGKILL) == -signal.SIGKILL
    wait_until(
        lambda: not any(is_running(pid) for pid in started), 30, "every child gone by itself"
    )


def test_serve_no_worker_starts_no_job_worker(serve: Callable[..., Served]) -> None:
    served = serve("--workers", "1", "--no-worker")
    try:
        assert served.children("pnyx worker") == []
        assert len(served.children("granian")) == 2
    finally:
        assert served.stop() == 0
    assert "1 worker(s), no job worker (--no-worker)); Ctrl+C stops." in served.output()


def test_worker_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    result = _run(["worker"], _env(tmp_path))
    assert (result.returncode, result.stderr) == (
        2,
        "pnyx: the database has unapplied migrations: run 'pnyx manage migrate' (or start"
        " 'pnyx serve', which applies them) first.\n",
    )


def test_worker_rejects_a_bad_concurrency(tmp_path: Path) -> None:
    result = _run(["worker", "--concurrency", "0"], _env(tmp_path))
    assert (result.returncode, result.stderr) == (
        2,
        "pnyx: --concurrency must be between 1 and 64.\n",
    )
