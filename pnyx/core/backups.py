"""The backup archive written by ``pnyx backup`` and read by ``pnyx restore``.

One gzip-compressed tar file, ``pnyx-backup-<UTC stamp>.tar.gz``, mode 0600:

* ``manifest.json`` first: format and version, the database engine, when it was taken, the
  forum's counts in the snapshot (members, threads, posts) and the size and SHA-256 of
  every other member;
* ``database.sqlite3`` (SQLite's online backup: one consistent snapshot) or
  ``database.pgdump`` (``pg_dump -Fc`` of an exported snapshot, the one the counts were
  read in);
* ``media/<name>`` for every uploaded file.

Reading trusts nothing: only the members the manifest lists, as regular files, under safe
relative names, of the sizes and checksums it gives (SECURITY.md BOMB-03).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, Protocol

FORMAT = "pnyx-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
MAX_MANIFEST_BYTES = 128 * 1024 * 1024
MAX_FILES = 1_000_000
_CHUNK = 1024 * 1024
# What reading a damaged or cut-short gzip tar can raise.
_READ_ERRORS = (tarfile.TarError, EOFError, OSError, ValueError, zlib.error)
_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,254}$")
# The rows whose counts a backup records and a restore checks.
COUNTED_TABLES = {
    "members": "accounts_member",
    "threads": "threads_thread",
    "posts": "threads_post",
}
# Connection settings pg_dump and pg_restore take from the environment (libpq).
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
}


class Cursor(Protocol):
    """A DB-API cursor (Django's, or sqlite3's on a backup file)."""

    def execute(self, sql: str, /) -> object: ...

    def fetchone(self) -> Any: ...


class BackupError(Exception):
    """What went wrong and what to do next, in one message."""


@dataclass(frozen=True)
class StoredFile:
    name: str  # inside the archive
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    counts: Mapping[str, int]
    database: StoredFile
    media: tuple[StoredFile, ...]

    def to_json(self) -> bytes:
        def stored(item: StoredFile) -> dict[str, Any]:
            return {"name": item.name, "size": item.size, "sha256": item.sha256}

        return json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "engine": self.engine,
                "created_at": self.created_at,
                "counts": dict(self.counts),
                "database": stored(self.database),
                "media": [stored(item) for item in self.media],
            },
            indent=1,
        ).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError("it is not a Pnyx backup (its manifest has another format).")
            if data.get("version") != VERSION:
                raise BackupError(
                    f"it is a version {data.get('version')!r} backup; this Pnyx reads version "
                    f"{VERSION}: restore it with the Pnyx release that made it."
                )
            engine = data["engine"]
            if engine not in DATABASE_MEMBERS:
                raise BackupError(f"it names an unknown database engine {engine!r}.")
            database = _stored(data["database"])
            if database.name != DATABASE_MEMBERS[engine]:
                raise BackupError("its manifest names the wrong database file.")
            media = tuple(_stored(item) for item in data["media"])
            counts = {key: _count(data["counts"][key]) for key in COUNTED_TABLES}
            created_at = str(data["created_at"])
        except BackupError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"its manifest is damaged ({type(exc).__name__}: {exc}).") from None
        if len(media) > MAX_FILES:
            raise BackupError(f"it lists more than {MAX_FILES} uploaded files.")
        names = [item.name for item in media]
        if len(set(names)) != len(names):
            raise BackupError("its manifest lists a file twice.")
        for name in names:
            if (
                not name.startswith(MEDIA_PREFIX)
                or safe_relative(name[len(MEDIA_PREFIX) :]) is None
            ):
                raise BackupError(f"it holds an unsafe file name {name!r}; nothing was restored.")
        return cls(engine, created_at, counts, database, media)

    @property
    def total_bytes(self) -> int:
        return self.database.size + sum(item.size for item in self.media)


def _count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"not a count: {value!r}")
    return value


def _stored(item: Mapping[str, Any]) -> StoredFile:
    name, size, digest = item["name"], item["size"], item["sha256"]
    if not isinstance(name, str) or type(size) is not int or size < 0:
        raise ValueError(f"bad entry {item!r}")
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ValueError(f"bad checksum in {item!r}")
    return StoredFile(name, size, digest)


def safe_relative(name: str) -> PurePosixPath | None:
    """``name`` as a path that stays inside the folder it is extracted to, or None: no
    absolute paths, ``..``, backslashes, hidden or oddly named parts."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return None
    path = PurePosixPath(name)
    if len(path.parts) > 16 or not all(_SAFE_PART.match(part) for part in path.parts):
        return None
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def forum_counts(cursor: Cursor) -> dict[str, int]:
    """Members, threads and posts in the database ``cursor`` reads."""
    counts = {}
    for key, table in COUNTED_TABLES.items():
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed table names
        counts[key] = int(cursor.fetchone()[0])
    return counts


def libpq_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """The environment pg_dump and pg_restore connect with (no password on a command
    line, where other users could read it)."""
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    for option, variable in _LIBPQ_OPTIONS.items():
        value = database.get("OPTIONS", {}).get(option)
        if value is not None:
            env[variable] = str(value)
    return env


def private_directory(path: Path) -> Path:
    """``path`` created if missing, and closed to other users."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


@contextlib.contextmanager
def private_writer(path: Path) -> Iterator[IO[bytes]]:
    """A new file only this user may read, written whole or not at all: it is written
    as ``<path>.partial``, flushed to disk and renamed."""
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_archive(
    target: Path, manifest: Manifest, database: Path, media: Mapping[str, Path]
) -> None:
    """The archive: manifest, database, then ``media`` (archive name → file)."""

    def info(name: str, size: int) -> tarfile.TarInfo:
        entry = tarfile.TarInfo(name)
        entry.size, entry.mode, entry.mtime = size, 0o600, int(time.time())
        return entry

    raw = manifest.to_json()
    with (
        private_writer(target) as handle,
        tarfile.open(fileobj=handle, mode="w:gz", compresslevel=1) as archive,
    ):
        archive.addfile(info(MANIFEST, len(raw)), io.BytesIO(raw))
        for name, path in [(manifest.database.name, database), *media.items()]:
            with path.open("rb") as source:
                archive.addfile(info(name, path.stat().st_size), source)


def read_manifest(path: Path) -> Manifest:
    """The manifest of the archive at ``path`` (its first member)."""
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            first = archive.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError("it does not start with a Pnyx backup manifest.")
            if first.size > MAX_MANIFEST_BYTES:
                raise BackupError("its manifest is too large to be one.")
            handle = archive.extractfile(first)
            if handle is None:  # pragma: no cover - isfile() was checked
                raise BackupError("its manifest cannot be read.")
            return Manifest.from_json(handle.read())
    except _READ_ERRORS as exc:
        raise BackupError(f"it cannot be read as a backup archive ({exc}).") from None


def _members(path: Path, manifest: Manifest) -> Iterator[tuple[StoredFile, IO[bytes]]]:
    """Every member after the manifest, checked against it (name, type, size), in order."""
    expected = {item.name: item for item in (manifest.database, *manifest.media)}
    seen: set[str] = set()
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            for index, member in enumerate(archive):
                if index == 0:
                    continue  # the manifest, read already
                item = expected.get(member.name)
                if item is None or member.name in seen:
                    raise BackupError(
                        f"it holds a file its manifest does not list ({member.name!r})."
                    )
                if not member.isfile():
                    raise BackupError(f"{member.name!r} is not a regular file in it.")
                if member.size != item.size:
                    raise BackupError(f"{member.name!r} does not have the size its manifest gives.")
                seen.add(member.name)
                handle = archive.extractfile(member)
                if handle is None:  # pragma: no cover - isfile() was checked
                    raise BackupError(f"{member.name!r} cannot be read.")
                yield item, handle
    except _READ_ERRORS as exc:
        raise BackupError(f"it is damaged or cut short ({exc}).") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            f"it is cut short: {len(missing)} file(s) are missing, first {missing[0]!r}."
        )


def _copy(item: StoredFile, source: IO[bytes], target: IO[bytes] | None) -> None:
    digest = hashlib.sha256()
    while True:
        try:
            chunk = source.read(_CHUNK)
        except _READ_ERRORS as exc:
            raise BackupError(f"it is damaged or cut short ({exc}).") from None
        if not chunk:
            break
        digest.update(chunk)
        if target is not None:
            try:
                target.write(chunk)
            except OSError as exc:
                raise BackupError(
                    f"{item.name!r} could not be written ({exc.strerror}); free some space "
                    "and run the restore again."
                ) from None
    if digest.hexdigest() != item.sha256:
        raise BackupError(f"{item.name!r} does not match its checksum: the archive is damaged.")


def verify_archive(
    path: Path, manifest: Manifest, progress: Callable[[int, int], None] | None = None
) -> None:
    """Read the whole archive and check every file against the manifest."""
    done = 0
    for item, handle in _members(path, manifest):
        _copy(item, handle, None)
        done += item.size
        if progress is not None:
            progress(done, manifest.total_bytes)


def extract_archive(path: Path, manifest: Manifest, into: Path) -> tuple[Path, Path]:
    """The database file and the media folder, written under ``into`` (checked again as
    they are written: the archive may have changed since it was verified)."""
    database = into / manifest.database.name
    media = into / "media"
    media.mkdir(mode=0o750)
    for item, handle in _members(path, manifest):
        if item.name == manifest.database.name:
            fd = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        else:
            relative = safe_relative(item.name[len(MEDIA_PREFIX) :])
            if relative is None:  # pragma: no cover - checked when the manifest was read
                raise BackupError(f"it holds an unsafe file name {item.name!r}.")
            target = media / relative
            for parent in reversed(target.relative_to(media).parents[:-1]):
                (media / parent).mkdir(mode=0o750, exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        with os.fdopen(fd, "wb") as out:
            _copy(item, handle, out)
    return database, media


def replace_directory(new: Path, current: Path) -> None:
    """Put ``new`` where ``current`` is; the old one is removed once the new one is in."""
    aside = current.with_name(f".{current.name}-replaced-{os.getpid()}")
    if current.exists():
        shutil.move(str(current), str(aside))
    try:
        shutil.move(str(new), str(current))
    except BaseException:
        if aside.exists():
            shutil.move(str(aside), str(current))
        raise
    shutil.rmtree(aside, ignore_errors=True)
