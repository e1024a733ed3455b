"""Avatar files on disk: exactly one per member with an avatar, whatever runs at once, and
nothing left behind by a failure (a probe left 305 files for 2 avatars)."""

from __future__ import annotations

import errno
import threading
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from PIL import Image
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from pnyx.accounts.models import Member
from pnyx.accounts.services import remove_avatar, set_avatar
from pnyx.core import uploads
from pnyx.testing.factories import make_member


@pytest.fixture
def media_root(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _png(shade: int = 10) -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", (32, 32), (shade, 90, 200)).save(out, format="PNG")
    return SimpleUploadedFile("a.png", out.getvalue(), "image/png")


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _avatars() -> list[str]:
    return sorted(
        str(name) for name in Member.objects.exclude(avatar="").values_list("avatar", flat=True)
    )


@pytest.mark.django_db
def test_avatar_changes_from_two_stale_copies_of_the_member_leave_one_file(
    member: Member,
    media_root: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """Two requests load the member, then each changes the avatar: the second used to
    delete the file it had loaded (none) instead of the one the first had just set."""
    first, second = Member.objects.get(pk=member.pk), Member.objects.get(pk=member.pk)
    with django_capture_on_commit_callbacks(execute=True):
        set_avatar(first, first, _png(1))
    with django_capture_on_commit_callbacks(execute=True):
        set_avatar(second, second, _png(2))
    assert _files(media_root) == _avatars() == [second.avatar.name]
    stale = Member.objects.get(pk=member.pk)
    stale.avatar = ""  # as loaded before the change
    with django_capture_on_commit_callbacks(execute=True):
        remove_avatar(stale, stale)
    assert _files(media_root) == _avatars() == []


@pytest.mark.django_db
def test_avatar_row_failure_deletes_the_new_file(
    member: Member, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(Member, "save", fail)
    with pytest.raises(RuntimeError, match="database went away"):
        set_avatar(member, member, _png())
    assert _files(media_root) == []
    assert member.avatar.name in ("", None)


@pytest.mark.django_db
def test_avatar_on_a_full_disk_is_refused_and_leaves_no_file(
    member: Member, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full used to leave a 0-byte orphan upload."""

    class FullDisk(ContentFile[bytes]):
        def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(uploads, "ContentFile", FullDisk)
    with pytest.raises(ValidationError) as refused:
        set_avatar(member, member, _png())
    assert refused.value.message_dict == {
        "avatar": [
            "The file could not be stored (the server's disk may be full). Nothing was "
            "changed; try again later."
        ]
    }
    assert _files(media_root) == []
    member.refresh_from_db()
    assert member.avatar.name == ""


@pytest.mark.django_db
def test_up03_avatar_changes_are_limited_per_day(
    member: Member, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "DAILY_UPLOADS", 3)
    for shade in range(3):
        set_avatar(member, member, _png(shade))
    with pytest.raises(ValidationError) as refused:
        set_avatar(member, member, _png(9))
    assert list(refused.value.message_dict) == ["avatar"]
    assert "today's upload limit" in refused.value.message_dict["avatar"][0]


@pytest.mark.django_db(transaction=True)
def test_concurrent_avatar_changes_leave_exactly_the_avatars_in_use(media_root: Path) -> None:
    """Eight threads per member change two members' avatars at once (PostgreSQL: truly
    concurrent transactions; SQLite serialises them). Every replaced file is deleted."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite serialises writers)")
    members = [make_member(), make_member()]
    start = threading.Barrier(16)
    errors: list[BaseException] = []

    def change(member_id: int, shade: int) -> None:
        try:
            member = Member.objects.get(pk=member_id)
            upload = _png(shade)
            start.wait()
            for _ in range(3):
                set_avatar(member, member, upload)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change, args=(members[n % 2].pk, n)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(_avatars()) == 2
    assert _files(media_root) == _avatars()
