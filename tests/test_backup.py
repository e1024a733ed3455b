"""`pnyx backup` writes one archive holding a consistent database snapshot and the uploads;
`pnyx restore` refuses anything it cannot trust before it changes anything."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import stat
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from pnyx.accounts.models import Member
from pnyx.accounts.services import set_avatar
from pnyx.core import backups
from pnyx.core.backups import BackupError, Manifest, StoredFile, read_manifest, verify_archive
from pnyx.core.management.commands import backup as backup_command
from pnyx.testing.factories import make_forum, make_member, make_thread

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def _needs_pg_dump() -> None:
    if connection.vendor == "postgresql" and shutil.which("pg_dump") is None:
        with pytest.raises(CommandError, match="apt-get install postgresql-client"):
            call_command("backup", stdout=io.StringIO())
        pytest.skip("pg_dump is not installed here; the error above says what to do")


def _backup(output: Path) -> tuple[Path, str]:
    _needs_pg_dump()
    out = io.StringIO()
    call_command("backup", output=str(output), stdout=out)
    (archive,) = output.glob("pnyx-backup-*.tar.gz")
    return archive, out.getvalue()


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]


def _avatar_in_dump(dump: bytes, member: Member, tmp_path: Path) -> str:
    """The avatar the member's row names in the archived database."""
    path = tmp_path / "dump"
    path.write_bytes(dump)
    if connection.vendor == "sqlite":
        with sqlite3.connect(path) as db:
            row = db.execute("select avatar from accounts_member where id = ?", (member.pk,))
            return str(row.fetchone()[0])
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        pytest.skip("pg_restore is not installed")
    text = subprocess.run(  # noqa: S603
        [pg_restore, "--data-only", "--table=accounts_member", "--file=-", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return next(
        part
        for line in text.splitlines()
        for part in line.split("\t")
        if part.startswith("avatars/")
    )


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (9, 9, 9)).save(out, format="PNG")
    return SimpleUploadedFile("a.png", out.getvalue(), "image/png")


# ---------------------------------------------------------------- backup


def test_backup_holds_every_post_and_upload_with_checksums(media: Path, tmp_path: Path) -> None:
    (media / "avatars").mkdir(parents=True)
    (media / "avatars" / "1-00112233aabbccdd.webp").write_bytes(b"RIFF-test")
    (media / ".pnyx" / "deferred").mkdir(parents=True)  # the machinery's own: not backed up
    make_thread(make_forum(), title="Backed up", body="Keep me safe.")

    archive, output = _backup(tmp_path / "backups")

    assert "Backup done in" in output
    assert f"Restore with: pnyx restore {archive}" in output
    members = _members(archive)
    database = backups.DATABASE_MEMBERS[connection.vendor]
    assert list(members) == ["manifest.json", database, "media/avatars/1-00112233aabbccdd.webp"]
    manifest = Manifest.from_json(members["manifest.json"])
    assert manifest.engine == connection.vendor
    assert manifest.counts == {"members": 1, "threads": 1, "posts": 1}
    assert manifest.media == (
        StoredFile(
            "media/avatars/1-00112233aabbccdd.webp", 9, hashlib.sha256(b"RIFF-test").hexdigest()
        ),
    )
    verify_archive(archive, manifest)  # every checksum matches
    if connection.vendor == "sqlite":
        path = tmp_path / "copy.sqlite3"
        path.write_bytes(members[database])
        with sqlite3.connect(path) as db:
            assert [row[0] for row in db.execute("select source from threads_post")] == [
                "Keep me safe."
            ]


def test_backup_archive_and_folder_are_private(media: Path, tmp_path: Path) -> None:
    """SQLite files and backups used to be world-readable (0644)."""
    archive, _output = _backup(tmp_path / "backups")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(archive.parent.stat().st_mode) == 0o700
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]  # no leftovers


def test_backup_during_an_avatar_change_keeps_the_avatar_its_snapshot_names(
    media: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """The snapshot names avatar A; the member changes to B before the files are archived.
    A used to be deleted at once, so the backup lacked the avatar its database names."""
    member = make_member()
    set_avatar(member, member, _png())
    first = member.avatar.name
    engine_method = {"sqlite": "_backup_sqlite", "postgresql": "_backup_postgres"}[
        connection.vendor
    ]
    original: Callable[..., dict[str, int]] = getattr(backup_command.Command, engine_method)

    def snapshot_then_change(self: Any, target: Path) -> dict[str, int]:
        counts = original(self, target)
        set_avatar(member, member, _png())  # commits; on_commit deletes the old file
        return counts

    monkeypatch.setattr(backup_command.Command, engine_method, snapshot_then_change)
    archive, _output = _backup(tmp_path / "backups")

    members = _members(archive)
    database = members[backups.DATABASE_MEMBERS[connection.vendor]]
    assert _avatar_in_dump(database, member, tmp_path) == first
    assert f"media/{first}" in members
    # Once the backup is over the replaced file goes: only the current avatar is left.
    member.refresh_from_db()
    assert member.avatar.name != first
    left = sorted(str(p.relative_to(media)) for p in (media / "avatars").iterdir())
    assert left == [member.avatar.name]


# ---------------------------------------------------------------- restore refuses


def _archive(tmp_path: Path, **changes: Any) -> Path:
    """A small valid archive of this engine; ``changes`` alter its manifest or members."""
    database = tmp_path / "db"
    database.write_bytes(b"database bytes")
    avatar = tmp_path / "avatar"
    avatar.write_bytes(b"RIFF-avatar")
    files = changes.pop("files", {"media/avatars/1-a.webp": avatar})
    engine = changes.pop("engine", connection.vendor)
    manifest = Manifest(
        engine=engine,
        created_at="2026-01-01T00:00:00+00:00",
        counts={"members": 1, "threads": 2, "posts": 3},
        database=StoredFile(backups.DATABASE_MEMBERS[engine], 14, backups.sha256_of(database)),
        media=tuple(
            StoredFile(name, path.stat().st_size, backups.sha256_of(path))
            for name, path in changes.pop("listed", files).items()
        ),
    )
    target = tmp_path / "pnyx-backup-test.tar.gz"
    backups.write_archive(target, manifest, database, files)
    return target


def _rewrite(
    archive: Path, change: Callable[[tarfile.TarFile, list[tarfile.TarInfo]], None]
) -> None:
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else b"") for m in tar]  # type: ignore[union-attr]
    with tarfile.open(archive, "w:gz") as out:
        infos = []
        for info, data in members:
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
            infos.append(info)
        change(out, infos)


def _restore(archive: Path, *, force: bool = False) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), force=force, stdout=out)
    return out.getvalue()


def test_restore_refuses_an_archive_whose_checksum_does_not_match(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    raw = bytearray(archive.read_bytes())
    manifest = read_manifest(archive)
    # Rewrite it with one byte of the avatar changed, the manifest unchanged.
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar]  # type: ignore[union-attr]
    with tarfile.open(archive, "w:gz") as out:
        for info, data in members:
            if info.name.startswith("media/"):
                data = data.replace(b"avatar", b"AVATAR")
            out.addfile(info, io.BytesIO(data))
    assert bytes(raw) != archive.read_bytes()
    with pytest.raises(BackupError, match="does not match its checksum"):
        verify_archive(archive, manifest)
    with pytest.raises(CommandError, match=r"does not match its checksum.*Nothing was changed"):
        _restore(archive)


@pytest.mark.parametrize(
    "name",
    ["media/../../etc/passwd", "/etc/passwd", "media/avatars/..\\x", "media/.pnyx/x", "media/"],
)
def test_bomb03_restore_refuses_unsafe_names(tmp_path: Path, name: str) -> None:
    evil = tmp_path / "evil"
    evil.write_bytes(b"x")
    archive = _archive(tmp_path, files={name: evil})
    with pytest.raises(CommandError, match="unsafe file name"):
        _restore(archive)


def test_bomb03_restore_refuses_links_and_files_the_manifest_does_not_list(tmp_path: Path) -> None:
    archive = _archive(tmp_path)

    def add_symlink(out: tarfile.TarFile, infos: list[tarfile.TarInfo]) -> None:
        link = tarfile.TarInfo("media/avatars/1-a.webp")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        out.addfile(link)

    _rewrite(archive, add_symlink)
    with pytest.raises(CommandError, match="holds a file its manifest does not list"):
        _restore(archive)

    extra = tmp_path / "extra"
    extra.write_bytes(b"x")
    archive = _archive(tmp_path, files={"media/a": extra}, listed={})
    with pytest.raises(CommandError, match="holds a file its manifest does not list"):
        _restore(archive)


def test_restore_refuses_a_cut_short_archive(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        CommandError, match=r"(damaged|cut short|cannot be read).*Nothing was changed"
    ):
        _restore(archive)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a tar at all", "cannot be read as a backup archive"),
        (None, "does not start with a Pnyx backup manifest"),
    ],
)
def test_restore_refuses_what_is_not_a_backup(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    archive = tmp_path / "x.tar.gz"
    if content is None:
        with tarfile.open(archive, "w:gz") as out:
            out.addfile(tarfile.TarInfo("other.txt"), io.BytesIO(b""))
    else:
        archive.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        _restore(archive)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "tarball"}, "not a Pnyx backup"),
        ({"version": 9}, "version 9 backup; this Pnyx reads version 1"),
        ({"counts": {"members": -1, "threads": 0, "posts": 0}}, "manifest is damaged"),
    ],
)
def test_restore_refuses_a_manifest_it_does_not_know(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    archive = _archive(tmp_path)
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar]  # type: ignore[union-attr]
    with tarfile.open(archive, "w:gz") as out:
        for info, data in members:
            if info.name == "manifest.json":
                data = json.dumps({**json.loads(data), **change}).encode()
                info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match=message):
        _restore(archive)


def test_restore_refuses_a_backup_of_the_other_engine(tmp_path: Path) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = _archive(tmp_path, engine=other)
    with pytest.raises(CommandError, match=r"is a backup of a \w+ forum, and this forum uses"):
        _restore(archive)


def test_restore_refuses_to_replace_a_forum_that_is_not_empty(tmp_path: Path, media: Path) -> None:
    make_thread(make_forum())
    archive = _archive(tmp_path)
    with pytest.raises(
        CommandError,
        match=r"this forum is not empty \(1 members, 1 threads, 1 posts and 0 uploaded files\)"
        r".*pnyx backup.*--force",
    ):
        _restore(archive)


def test_restore_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a file; give the path"):
        _restore(tmp_path / "nothing.tar.gz")


def test_restore_command_is_also_pnyx_restore() -> None:
    from pnyx.cli import build_parser

    args = build_parser().parse_args(["restore", "x.tar.gz", "--force"])
    assert (args.file, args.force, args.func.__name__) == ("x.tar.gz", True, "cmd_restore")
    args = build_parser().parse_args(["backup", "--output", "dir"])
    assert (args.output, args.func.__name__) == ("dir", "cmd_backup")


def test_safe_relative_allows_only_plain_nested_names() -> None:
    assert str(backups.safe_relative("avatars/1-ab.webp")) == "avatars/1-ab.webp"
    for bad in ["", "..", "a/../b", "/a", "a\\b", ".hidden", "a/.b", "a\x00b", "-x"]:
        assert backups.safe_relative(bad) is None, bad
