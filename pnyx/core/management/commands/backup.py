"""A consistent backup of the database and the uploaded files, taken while the forum runs."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online snapshot; PostgreSQL: pg_dump -Fc) and the "
        "media directory into a folder (default: <data dir>/backups)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="folder for the backup files")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        output = Path(options["output"] or Path(settings.DATA_DIR) / "backups").resolve()
        output.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        if connection.vendor == "sqlite":
            database = self._backup_sqlite(output / f"pnyx-{stamp}.sqlite3")
        elif connection.vendor == "postgresql":
            database = self._backup_postgres(output / f"pnyx-{stamp}.pgdump")
        else:  # pragma: no cover - only the two supported engines exist
            raise CommandError(f"no backup method for {connection.vendor}")
        media = self._backup_media(output / f"media-{stamp}.tar.gz")
        size = sum(path.stat().st_size for path in (database, media))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup done in {time.monotonic() - started:.1f} s ({size / 1e6:.1f} MB):\n"
                f"  {database}\n  {media}"
            )
        )

    def _backup_sqlite(self, target: Path) -> Path:
        self.stdout.write("Copying the SQLite database (online backup, consistent snapshot)…")
        connection.ensure_connection()
        source = connection.connection
        with sqlite3.connect(target) as copy:

            def progress(status: int, remaining: int, total: int) -> None:
                if total:
                    self.stdout.write(f"  {total - remaining}/{total} pages", ending="\r")

            source.backup(copy, pages=1024, progress=progress)
        self.stdout.write("")
        return target

    def _backup_postgres(self, target: Path) -> Path:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError(
                "pg_dump is not installed; install the PostgreSQL client "
                "(Debian/Ubuntu: apt-get install postgresql-client) and run again."
            )
        db = settings.DATABASES["default"]
        self.stdout.write(f"Dumping PostgreSQL database {db['NAME']!r} with pg_dump -Fc…")
        env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
        command = [
            pg_dump, "--format=custom", f"--file={target}",
            f"--host={db['HOST']}", f"--port={db['PORT']}", f"--username={db['USER']}",
            str(db["NAME"]),
        ]  # fmt: skip
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        return target

    def _backup_media(self, target: Path) -> Path:
        media_root = Path(settings.MEDIA_ROOT)
        files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        )
        self.stdout.write(f"Archiving {len(files)} uploaded files…")
        with tarfile.open(target, "w:gz") as archive:
            for path in files:
                archive.add(path, arcname=str(path.relative_to(media_root)))
        return target
