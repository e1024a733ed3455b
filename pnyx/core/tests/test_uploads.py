"""pnyx.core.uploads: checks before decoding, re-encoding, storing, deleting around backups
(SECURITY.md BOMB-01, BOMB-02, UP-02, UP-03)."""

from __future__ import annotations

import errno
import struct
import zlib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import RequestFactory
from PIL import Image
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from pnyx.core import uploads
from pnyx.core.uploads import (
    ImagePolicy,
    SizeLimitUploadHandler,
    backup_in_progress,
    check_daily_quota,
    delete_on_commit,
    reencode_image,
    save_file,
    sniff_image_type,
    upload_was_too_large,
)

POLICY = ImagePolicy(max_bytes=5 * 1024 * 1024, max_pixels=40_000_000, size=64)
NOT_AN_IMAGE = {"f": ["Upload a PNG, JPEG, GIF or WebP image."]}


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _image(fmt: str, size: tuple[int, int] = (40, 30), **options: object) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (10, 200, 30)).save(out, format=fmt, **options)
    return out.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header and one tiny IDAT: a few dozen bytes that claim any size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


def _upload(data: bytes, name: str = "x.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "image/png")


# ---------------------------------------------------------------- before decoding


def test_bomb01_pixel_bomb_is_refused_from_its_header_without_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """100,000 × 100,000 pixels claimed by 70 bytes: refused before a pixel is decoded."""
    data = _png_claiming(100_000, 100_000)
    assert len(data) < 100
    decoded: list[str] = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append("load"))
    with pytest.raises(ValidationError) as refused:
        reencode_image(_upload(data), POLICY, field="f")
    assert refused.value.message_dict == {"f": ["The image has too many pixels."]}
    assert decoded == []


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", "eps-named-png"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "pdf-named-png"),
        (b"SIMPLE  =                    T / FITS\n" + b" " * 2000, "fits-named-png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "svg"),
        (b"\xef\xbb\xbf  <?xml version='1.0'?><svg/>", "svg-with-bom"),
        (b"<html><script>alert(1)</script></html>", "html"),
        (_image("BMP"), "bmp"),
        (_image("TIFF"), "tiff"),
        (b"", "empty"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_bomb02_formats_outside_the_allow_list_never_reach_pillow(
    data: bytes, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[object] = []
    monkeypatch.setattr(Image, "open", lambda *a, **k: opened.append(a))
    with pytest.raises(ValidationError) as refused:
        reencode_image(_upload(data), POLICY, field="f")
    assert refused.value.message_dict == NOT_AN_IMAGE
    assert opened == []


def test_bomb02_a_gif_named_png_is_read_as_the_gif_it_is() -> None:
    out = reencode_image(_upload(_image("GIF"), "photo.png"), POLICY, field="f")
    assert sniff_image_type(out[:16]) == "image/webp"


def test_upload_size_is_checked_before_anything_is_read() -> None:
    class Unreadable(SimpleUploadedFile):
        def read(self, *args: object) -> bytes:
            raise AssertionError("read before the size was checked")

    big = Unreadable("x.png", b"", "image/png")
    big.size = POLICY.max_bytes + 1
    with pytest.raises(ValidationError) as refused:
        reencode_image(big, POLICY, field="f")
    assert refused.value.message_dict == {"f": ["The image is larger than 5 MB."]}


def test_up02_reencoded_image_has_no_metadata() -> None:
    exif = Image.Exif()
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPSLatitude
    exif[0x013B] = "Secret Photographer"
    data = _image("JPEG", (300, 200), exif=exif.tobytes(), icc_profile=b"ICC-PROFILE-BYTES")
    assert b"Secret Photographer" in data
    out = reencode_image(_upload(data, "me.jpg"), POLICY, field="f")
    assert b"Secret Photographer" not in out and b"ICC-PROFILE" not in out
    with Image.open(BytesIO(out)) as stored:
        assert (stored.format, stored.size) == ("WEBP", (64, 64))
        assert set(stored.info) <= {"loop", "background", "duration", "timestamp"}


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 8, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 12, "image/jpeg"),
        (b"GIF89a" + b"\0" * 10, "image/gif"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "image/webp"),
        (b"RIFF\0\0\0\0AVI LIST", None),
        (b"<svg", None),
        (b"", None),
    ],
)
def test_sniff_image_type_reads_the_bytes(head: bytes, expected: str | None) -> None:
    assert sniff_image_type(head) == expected


# ---------------------------------------------------------------- quota and request size


def test_up03_daily_quota_refuses_past_the_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "DAILY_UPLOADS", 2)
    check_daily_quota(7, 10, field="f")
    check_daily_quota(7, 10, field="f")
    with pytest.raises(ValidationError, match="reached today's upload limit"):
        check_daily_quota(7, 10, field="f")
    check_daily_quota(8, 10, field="f")  # another member's quota is their own


def test_up03_daily_quota_refuses_past_the_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "DAILY_UPLOAD_BYTES", 100)
    check_daily_quota(7, 60, field="f")
    with pytest.raises(ValidationError, match=r"2 files or 0 MB|upload limit"):
        check_daily_quota(7, 60, field="f")


def test_size_limit_handler_drops_an_oversized_file_as_it_arrives() -> None:
    request = RequestFactory().post("/")
    handler = SizeLimitUploadHandler(request)
    handler.new_file("avatar", "big.png", "image/png", None)
    chunk = b"x" * (64 * 1024)
    assert handler.receive_data_chunk(chunk, 0) == chunk
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(chunk, uploads.UPLOAD_MAX_BYTES - 10)
    assert upload_was_too_large(request, "avatar") is True
    assert upload_was_too_large(request, "other") is False


# ---------------------------------------------------------------- storing and deleting


def test_save_file_on_a_full_disk_leaves_no_partial_file(
    media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk used to leave a 0-byte file behind (the storage opens, then writes)."""

    class FullDisk(ContentFile[bytes]):
        def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(uploads, "ContentFile", FullDisk)
    with pytest.raises(ValidationError, match="could not be stored"):
        save_file(default_storage, "avatars/1-aa.webp", b"data", field="f")
    assert [p for p in media.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_deletions_wait_for_the_backups_running_then_happen(
    media: Path, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    save_file(default_storage, "avatars/1-aa.webp", b"a", field="f")
    save_file(default_storage, "avatars/1-bb.webp", b"b", field="f")
    with backup_in_progress(default_storage):
        with backup_in_progress(default_storage):  # two at once
            with django_capture_on_commit_callbacks(execute=True):
                delete_on_commit(default_storage, "avatars/1-aa.webp")
            assert (media / "avatars" / "1-aa.webp").exists()
        assert (media / "avatars" / "1-aa.webp").exists()  # one backup still runs
    assert not (media / "avatars" / "1-aa.webp").exists()
    assert (media / "avatars" / "1-bb.webp").exists()
    assert list((media / ".pnyx" / "deferred").iterdir()) == []
    with django_capture_on_commit_callbacks(execute=True):
        delete_on_commit(default_storage, "avatars/1-bb.webp")
    assert not (media / "avatars" / "1-bb.webp").exists()  # no backup: at once


def test_a_stale_backup_marker_does_not_keep_files_forever(media: Path) -> None:
    import os

    save_file(default_storage, "avatars/1-aa.webp", b"a", field="f")
    marker = media / ".pnyx" / "backups" / "999-dead"
    marker.parent.mkdir(parents=True)
    marker.touch()
    os.utime(marker, (0, 0))  # a backup that died long ago
    uploads.delete_file(default_storage, "avatars/1-aa.webp")
    assert not (media / "avatars" / "1-aa.webp").exists()
