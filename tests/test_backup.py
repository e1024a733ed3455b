"""`pnyx manage backup` produces a restorable copy of the database and the uploads."""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from pnyx.testing.factories import make_forum, make_thread

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_holds_every_post_and_upload(tmp_path: Path) -> None:
    media = tmp_path / "media"
    (media / "avatars").mkdir(parents=True)
    (media / "avatars" / "1-00112233aabbccdd.webp").write_bytes(b"RIFF-test")
    thread = make_thread(make_forum(), title="Backed up", body="Keep me safe.")
    out = io.StringIO()
    if connection.vendor == "postgresql" and shutil.which("pg_dump") is None:
        with pytest.raises(CommandError, match="apt-get install postgresql-client"):
            call_command("backup", output=str(tmp_path / "backups"), stdout=out)
        pytest.skip("pg_dump is not installed here; the error above says what to do")

    with override_settings(MEDIA_ROOT=media):
        call_command("backup", output=str(tmp_path / "backups"), stdout=out)

    files = sorted((tmp_path / "backups").iterdir())
    assert "Backup done in" in out.getvalue()
    archive = next(f for f in files if f.name.startswith("media-"))
    with tarfile.open(archive) as tar:
        assert tar.getnames() == ["avatars/1-00112233aabbccdd.webp"]
    dump = next(f for f in files if f.name.startswith("pnyx-"))
    if connection.vendor == "sqlite":
        with sqlite3.connect(dump) as db:
            titles = [row[0] for row in db.execute("select title from threads_thread")]
            body = db.execute(
                "select source from threads_post where id = ?", (thread.first_post_id,)
            ).fetchone()[0]
        assert titles == ["Backed up"]
        assert body == "Keep me safe."
    else:
        pg_restore = shutil.which("pg_restore")
        if pg_restore is None:
            pytest.skip("pg_restore is not installed")
        restored = subprocess.run(  # noqa: S603
            [pg_restore, "--data-only", "--table=threads_post", "--file=-", str(dump)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert "Keep me safe." in restored.stdout
