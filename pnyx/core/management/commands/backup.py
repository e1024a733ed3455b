"""A consistent backup of the database and the uploaded files, taken while the forum runs.

Format: pnyx.core.backups. Restore with ``pnyx restore FILE``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from pnyx.core.backups import (
    DATABASE_MEMBERS,
    MEDIA_PREFIX,
    Manifest,
    StoredFile,
    forum_counts,
    libpq_environment,
    private_directory,
    sha256_of,
    write_archive,
)
from pnyx.core.uploads import backup_in_progress, is_private_path


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online snapshot; PostgreSQL: pg_dump of one snapshot) "
        "and the uploaded files into one archive, pnyx-backup-<time>.tar.gz, in a folder "
        "(default: <data dir>/backups). Restore it with `pnyx restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="folder for the backup file")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        output = private_directory(
            Path(options["output"] or Path(settings.DATA_DIR) / "backups").resolve()
        )
        engine = connection.vendor
        if engine not in DATABASE_MEMBERS:  # pragma: no cover - the two supported engines
            raise CommandError(f"no backup method for {engine}")
        stamp = timezone.now()
        target = output / f"pnyx-backup-{stamp:%Y%m%d-%H%M%S}.tar.gz"
        staging = Path(tempfile.mkdtemp(prefix=".pnyx-backup-", dir=output))
        try:
            # Replaced uploads are kept until the end: the snapshot may still name them.
            with backup_in_progress(default_storage), self._media_snapshot() as media:
                database = staging / DATABASE_MEMBERS[engine]
                if engine == "sqlite":
                    counts = self._backup_sqlite(database)
                else:
                    counts = self._backup_postgres(database)
                files = self._link_media(media)
                self.stdout.write(f"Checksumming the database and {len(files)} uploaded files…")
                manifest = Manifest(
                    engine=engine,
                    created_at=stamp.isoformat(timespec="seconds"),
                    counts=counts,
                    database=StoredFile(
                        database.name, database.stat().st_size, sha256_of(database)
                    ),
                    media=tuple(
                        StoredFile(name, path.stat().st_size, sha256_of(path))
                        for name, path in files.items()
                    ),
                )
                self.stdout.write(f"Writing {target.name}…")
                write_archive(target, manifest, database, files)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        size = target.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup done in {time.monotonic() - started:.1f} s ({size / 1e6:.1f} MB): "
                f"{target}\n  {counts['members']} members, {counts['threads']} threads, "
                f"{counts['posts']} posts, {len(files)} uploaded files.\n"
                f"  Restore with: pnyx restore {target}"
            )
        )

    def _backup_sqlite(self, target: Path) -> dict[str, int]:
        self.stdout.write("Copying the SQLite database (online backup, consistent snapshot)…")
        connection.ensure_connection()
        source = connection.connection
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        with contextlib.closing(sqlite3.connect(target)) as copy:
            # All pages in one step: one read transaction, so writers carrying on (WAL) never
            # make it start again, and what it copies is one moment of the database.
            source.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode=DELETE")
            return forum_counts(copy.cursor())

    def _backup_postgres(self, target: Path) -> dict[str, int]:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError(
                "pg_dump is not installed; install the PostgreSQL client "
                "(Debian/Ubuntu: apt-get install postgresql-client) and run again."
            )
        db = settings.DATABASES["default"]
        self.stdout.write(f"Dumping PostgreSQL database {db['NAME']!r} with pg_dump -Fc…")
        # The counts and the dump read one snapshot: exported by this transaction, which
        # stays open until pg_dump is done.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = forum_counts(cursor)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            command = [
                pg_dump, "--format=custom", f"--file={target}", f"--snapshot={snapshot}",
                "--no-owner", "--no-privileges",
            ]  # fmt: skip
            result = subprocess.run(  # noqa: S603 - pg_dump found on PATH, fixed arguments
                command, env=libpq_environment(db), capture_output=True, text=True, check=False
            )
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        return counts

    @contextlib.contextmanager
    def _media_snapshot(self) -> Iterator[Path]:
        """A folder beside the uploads for hard links to them, removed afterwards."""
        root = Path(settings.MEDIA_ROOT)
        holder = root / ".pnyx" / "snapshots"
        holder.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(dir=holder))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _link_media(self, snapshot: Path) -> dict[str, Path]:
        """Every uploaded file, linked (or copied) into ``snapshot`` so that nothing removed
        while the archive is written goes missing from it; archive name → file."""
        root = Path(settings.MEDIA_ROOT)
        self.stdout.write("Listing the uploaded files…")
        files: dict[str, Path] = {}
        if not root.exists():
            return files
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if is_private_path(relative) or not path.is_file() or path.is_symlink():
                continue
            link = snapshot / f"{len(files)}"
            try:
                os.link(path, link)
            except FileNotFoundError:
                continue  # an upload that never became anyone's (rolled back)
            except OSError:
                shutil.copyfile(path, link)
            files[f"{MEDIA_PREFIX}{relative}"] = link
        return files
