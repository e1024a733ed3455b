"""Restore drills (SECURITY.md C.1 F15): a forum is written, backed up with `pnyx backup`
(once while replies keep arriving), restored with `pnyx restore` into a fresh data
directory or database, and the restored forum is checked: every post there, counters
exactly what `repair_counters` computes, uploads byte for byte.

Real processes, as an administrator runs them, on the engine the suite runs on (SQLite,
or PostgreSQL when DATABASE_URL is set: the drill makes and drops its own databases).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, LiteralString
from urllib.parse import urlsplit, urlunsplit

import pytest

PNYX = [sys.executable, "-m", "pnyx"]
DATABASE_URL = os.environ.get("DATABASE_URL", "")

SETUP = "import django; django.setup()\n"

# A small forum written through the services: threads, replies, reactions and an avatar.
SEED = (
    SETUP
    + """
from io import BytesIO
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pnyx.accounts.services import set_avatar
from pnyx.reactions.services import set_reaction
from pnyx.testing.factories import make_forum, make_member, make_thread
forums = [make_forum(), make_forum()]
members = [make_member() for _ in range(4)]
for n in range(6):
    thread = make_thread(
        forums[n % 2], author=members[n % 4], replies=5, reply_author=members[(n + 1) % 4]
    )
    for post in thread.posts.all()[:3]:
        set_reaction(members[(n + 2) % 4], post, "like", on=True)
out = BytesIO()
Image.new("RGB", (64, 64), (200, 30, 30)).save(out, format="PNG")
set_avatar(members[0], members[0], SimpleUploadedFile("a.png", out.getvalue(), "image/png"))
"""
)

# What a drill compares: every post, the avatars, and whether repair_counters changes anything.
INSPECT = (
    SETUP
    + """
import hashlib, io, json
from django.conf import settings
from django.core.management import call_command
from pnyx.accounts.models import Member
from pnyx.testing.factories import counters_snapshot
from pnyx.threads.models import Post
before = counters_snapshot()
call_command("repair_counters", stdout=io.StringIO())
avatars = {}
for member in Member.objects.exclude(avatar=""):
    data = (settings.MEDIA_ROOT / member.avatar.name).read_bytes()
    avatars[member.username] = [member.avatar.name, hashlib.sha256(data).hexdigest()]
print(json.dumps({
    "posts": sorted([pk, source] for pk, source in Post.objects.values_list("pk", "source")),
    "counters_exact": counters_snapshot() == before,
    "avatars": avatars,
}))
"""
)

# Replies to one thread until told to stop, writing each acknowledged post's id to a ledger.
WRITER = (
    SETUP
    + """
import pathlib, sys
from pnyx.forums.models import Forum
from pnyx.posting.services import create_thread, reply_to_thread
from pnyx.testing.factories import make_member
from pnyx.sanctions.flood import pace_limits_suspended
suspended = pace_limits_suspended()  # a writer as fast as the database, not a member
suspended.__enter__()
ledger, stop = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
author = make_member(username="ledger_writer")
forum = Forum.objects.filter(visibility="public").order_by("pk").first()
thread = create_thread(author, forum, title="Ledger thread", body="Ledger start.")
with ledger.open("a") as out:
    n = 0
    while not stop.exists():
        post = reply_to_thread(author, thread, body=f"Ledger reply {n}.")
        out.write(f"{post.pk}\\n")
        out.flush()
        n += 1
"""
)


@dataclass
class Forum:
    """Where one forum lives: its data directory and, on PostgreSQL, its database."""

    data_dir: Path
    database_url: str

    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PNYX_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
        }
        env.update(
            {"PNYX_DATA_DIR": str(self.data_dir), "DJANGO_SETTINGS_MODULE": "pnyx.config.settings"}
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def pnyx(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter and module
            [*PNYX, *args], env=self.env(), capture_output=True, text=True, timeout=timeout,
            check=False,
        )  # fmt: skip

    def python(self, code: str, *args: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", code, *args], env=self.env(), capture_output=True, text=True,
            timeout=180, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    def inspect(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.python(INSPECT).strip().splitlines()[-1])
        return result


def _database_url(name: str) -> str:
    parts = urlsplit(DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(statement: LiteralString, database: str) -> None:
    """``statement`` with ``{}`` as the database's name, run on the maintenance database."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(_database_url("postgres"), autocommit=True) as db:
        db.execute(sql.SQL(statement).format(sql.Identifier(database)))


@pytest.fixture
def make_forum(tmp_path: Path) -> Iterator[Callable[[str], Forum]]:
    """Fresh forums for the drill: data directories, and databases dropped afterwards."""
    made: list[str] = []
    base = urlsplit(DATABASE_URL).path.lstrip("/") if DATABASE_URL else ""

    def fresh(name: str) -> Forum:
        url = ""
        if DATABASE_URL:
            if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
                pytest.skip("pg_dump/pg_restore (postgresql-client) are not installed")
            database = f"{base}_drill_{secrets.token_hex(4)}_{name}"
            _admin("CREATE DATABASE {}", database)
            made.append(database)
            url = _database_url(database)
        return Forum(tmp_path / name, url)

    yield fresh
    for database in made:
        _admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", database)


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_restore_drill_brings_back_every_post_counter_and_upload(
    make_forum: Callable[[str], Forum], tmp_path: Path
) -> None:
    source = make_forum("source")
    _ok(source.pnyx("manage", "migrate"))
    source.python(SEED)
    written = source.inspect()
    assert written["counters_exact"] is True
    output = _ok(source.pnyx("backup", "--output", str(tmp_path / "backups")))
    (archive,) = (tmp_path / "backups").glob("pnyx-backup-*.tar.gz")
    assert f"Restore with: pnyx restore {archive}" in output

    target = make_forum("target")
    restored_output = _ok(target.pnyx("restore", str(archive)))
    posts = len(written["posts"])
    assert "every checksum matches" in restored_output
    assert f"threads, {posts} posts and 1 uploaded files" in restored_output
    restored = target.inspect()
    assert restored == written  # every post, exact counters, the avatar byte for byte

    # A second restore over the restored forum needs --force, and then works.
    refused = target.pnyx("restore", str(archive))
    assert refused.returncode == 2
    assert "this forum is not empty" in refused.stderr
    assert "--force" in refused.stderr
    _ok(target.pnyx("restore", str(archive), "--force"))
    assert target.inspect() == written


def test_restore_drill_of_a_backup_taken_while_replies_keep_arriving(
    make_forum: Callable[[str], Forum], tmp_path: Path
) -> None:
    source = make_forum("source")
    _ok(source.pnyx("manage", "migrate"))
    source.python(SEED)
    ledger, stop = tmp_path / "ledger", tmp_path / "stop"
    writer = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", WRITER, str(ledger), str(stop)],
        env=source.env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while len(_acknowledged(ledger)) < 20:
            assert writer.poll() is None, writer.stderr.read() if writer.stderr else ""
            assert time.monotonic() < deadline, "the writer wrote nothing"
            time.sleep(0.05)
        before_backup = _acknowledged(ledger)
        _ok(source.pnyx("backup", "--output", str(tmp_path / "backups")))
        after_backup = _acknowledged(ledger)
        time.sleep(0.3)
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
    assert len(after_backup) > len(before_backup)  # replies did arrive during the backup
    (archive,) = (tmp_path / "backups").glob("pnyx-backup-*.tar.gz")

    target = make_forum("target")
    _ok(target.pnyx("restore", str(archive)))
    restored = target.inspect()
    everything = source.inspect()
    restored_posts = dict(restored["posts"])
    all_posts = dict(everything["posts"])
    # One consistent moment: whatever was acknowledged before the backup began is there,
    # each post as it was written, and the counters agree with the rows exactly.
    assert before_backup <= set(restored_posts)
    assert all(all_posts[pk] == text for pk, text in restored_posts.items())
    assert restored["counters_exact"] is True
    acknowledged = sorted(_acknowledged(ledger))
    ledger_posts = sorted(set(restored_posts) & set(acknowledged))
    assert ledger_posts == acknowledged[: len(ledger_posts)]  # a prefix: nothing skipped


def _acknowledged(ledger: Path) -> set[int]:
    if not ledger.exists():
        return set()
    return {int(line) for line in ledger.read_text().split()}
