"""The `pnyx` command as an administrator uses it: real processes, a throw-away data directory."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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
