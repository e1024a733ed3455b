"""Bring back a forum from a ``pnyx backup`` archive (format: pnyx.core.backups).

Stop the server first. The archive is checked whole (format, names, sizes, checksums)
before anything is changed; a forum that is not empty is only replaced with ``--force``.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections

from pnyx.core.backups import (
    COUNTED_TABLES,
    BackupError,
    Manifest,
    extract_archive,
    forum_counts,
    libpq_environment,
    read_manifest,
    replace_directory,
    verify_archive,
)
from pnyx.core.site_settings import forget_site_settings
from pnyx.core.uploads import is_private_path

_ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from a `pnyx backup` archive. Stop the "
        "server first. A forum that is not empty is replaced only with --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", metavar="FILE", help="a pnyx-backup-….tar.gz file")
        parser.add_argument(
            "--force", action="store_true", help="replace a forum that is not empty"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        path = Path(options["archive"]).expanduser().resolve()
        if not path.is_file():
            raise CommandError(f"{path} is not a file; give the path of a pnyx-backup-….tar.gz.")
        manifest = self._check(path)
        self._refuse_to_overwrite(force=options["force"])
        data_dir = Path(settings.DATA_DIR)
        free = shutil.disk_usage(data_dir).free
        if free < manifest.total_bytes * 2:
            raise CommandError(
                f"{data_dir} has {free / 1e6:.0f} MB free; restoring needs about "
                f"{manifest.total_bytes * 2 / 1e6:.0f} MB. Free some space and run again."
            )
        staging = Path(tempfile.mkdtemp(prefix=".pnyx-restore-", dir=data_dir))
        try:
            self.stdout.write("Unpacking the archive…")
            try:
                database, media = extract_archive(path, manifest, staging)
            except BackupError as exc:
                raise CommandError(f"{path.name}: {exc}") from None
            if manifest.engine == "sqlite":
                self._restore_sqlite(database)
            else:
                self._restore_postgres(database)
            self.stdout.write(f"Restoring {len(manifest.media)} uploaded files…")
            try:
                replace_directory(media, Path(settings.MEDIA_ROOT))
            except OSError as exc:
                raise CommandError(
                    f"the database was restored but the uploaded files were not ({exc}); "
                    "fix the cause and run the restore again with --force."
                ) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self.stdout.write("Applying database migrations (for a backup made by an older Pnyx)…")
        call_command("migrate", interactive=False, verbosity=0)
        forget_site_settings()  # cached pages and settings were the old forum's
        with connection.cursor() as cursor:
            counts = forum_counts(cursor)
        if counts != dict(manifest.counts):
            raise CommandError(
                f"the restored forum has {self._describe(counts)} but the backup recorded "
                f"{self._describe(manifest.counts)}; run the restore again with --force."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored in {time.monotonic() - started:.1f} s: {self._describe(counts)} "
                f"and {len(manifest.media)} uploaded files, as they were at "
                f"{manifest.created_at}. Start the forum again (pnyx serve)."
            )
        )

    def _check(self, path: Path) -> Manifest:
        self.stdout.write(f"Checking {path.name}…")
        try:
            manifest = read_manifest(path)
        except BackupError as exc:
            raise CommandError(f"{path.name}: {exc} Nothing was changed.") from None
        here = connection.vendor
        if manifest.engine != here:
            raise CommandError(
                f"{path.name} is a backup of a {_ENGINE_NAMES[manifest.engine]} forum, and "
                f"this forum uses {_ENGINE_NAMES.get(here, here)}: "
                + (
                    "unset DATABASE_URL to restore it into PNYX_DATA_DIR."
                    if manifest.engine == "sqlite"
                    else "set DATABASE_URL to the (new, empty) PostgreSQL database to restore "
                    "it into."
                )
            )
        total = manifest.total_bytes

        def progress(done: int, of: int) -> None:
            self.stdout.write(f"  {done / 1e6:.1f} of {of / 1e6:.1f} MB checked", ending="\r")

        try:
            verify_archive(path, manifest, progress if self.stdout.isatty() else None)
        except BackupError as exc:
            raise CommandError(f"{path.name}: {exc} Nothing was changed.") from None
        self.stdout.write(
            f"  {self._describe(manifest.counts)} and {len(manifest.media)} uploaded files "
            f"from {manifest.created_at}; {total / 1e6:.1f} MB, every checksum matches."
        )
        return manifest

    def _refuse_to_overwrite(self, *, force: bool) -> None:
        tables = set(connection.introspection.table_names())
        counts = dict.fromkeys(COUNTED_TABLES, 0)
        if set(COUNTED_TABLES.values()) <= tables:
            with connection.cursor() as cursor:
                counts = forum_counts(cursor)
        media = Path(settings.MEDIA_ROOT)
        uploads = (
            sum(
                1
                for path in media.rglob("*")
                if path.is_file() and not is_private_path(path.relative_to(media).as_posix())
            )
            if media.exists()
            else 0
        )
        if not any(counts.values()) and not uploads:
            return
        what = f"{self._describe(counts)} and {uploads} uploaded files"
        if not force:
            raise CommandError(
                f"this forum is not empty ({what}). Back it up first (pnyx backup), then run "
                "the restore again with --force to replace it."
            )
        self.stdout.write(self.style.WARNING(f"Replacing this forum ({what}) (--force)."))

    def _restore_sqlite(self, database: Path) -> None:
        self.stdout.write("Checking the database file…")
        try:
            with contextlib.closing(sqlite3.connect(database)) as db:
                verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            verdict = str(exc)
        if verdict != "ok":
            raise CommandError(f"the database in the archive is damaged ({verdict}).")
        target = Path(settings.DATABASES["default"]["NAME"])
        self.stdout.write(f"Restoring the database into {target}…")
        connections.close_all()
        for suffix in ("-wal", "-shm", "-journal"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        database.replace(target)
        target.chmod(0o600)

    def _restore_postgres(self, database: Path) -> None:
        pg_restore = shutil.which("pg_restore")
        if pg_restore is None:
            raise CommandError(
                "pg_restore is not installed; install the PostgreSQL client "
                "(Debian/Ubuntu: apt-get install postgresql-client) and run again."
            )
        db = settings.DATABASES["default"]
        self.stdout.write(f"Restoring PostgreSQL database {db['NAME']!r} with pg_restore…")
        connections.close_all()
        command = [
            pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
            "--single-transaction", "--exit-on-error", f"--dbname={db['NAME']}", str(database),
        ]  # fmt: skip
        result = subprocess.run(  # noqa: S603 - pg_restore found on PATH, fixed arguments
            command, env=libpq_environment(db), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise CommandError(
                f"pg_restore failed, and changed nothing (one transaction): {result.stderr.strip()}"
            )

    @staticmethod
    def _describe(counts: Any) -> str:
        return f"{counts['members']} members, {counts['threads']} threads, {counts['posts']} posts"
