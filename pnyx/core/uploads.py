"""Uploaded files: every check made before anything is decoded, re-encoding, storing and
deleting. Avatars use it today; attachments will.

* **Before decoding**: the request handler (``SizeLimitUploadHandler``) drops a file past
  ``UPLOAD_MAX_BYTES`` while it arrives, so it never fills the disk; ``reencode_image``
  checks the size, then the first bytes against the allowed formats (SVG, HTML and
  anything else are refused without reaching Pillow), then the pixel count from the header
  (a few-KB PNG claiming 100,000 × 100,000 is refused before a pixel is decoded), after
  counting the upload against the member's daily quota (``check_daily_quota``).
* **Re-encoding**: only the first frame is decoded, turned upright, cropped and written as
  WebP with no metadata (EXIF, GPS, XMP, ICC profile): nothing of the original file is kept.
* **Storing** (``save_file``): a write that fails (disk full) leaves no partial file.
* **Deleting** (``delete_on_commit``): a replaced file goes after the transaction commits,
  unless a backup is being taken (``backup_in_progress``): the backup's database snapshot
  may still name it, so it goes when the backup ends.
* **Serving** (``sniff_image_type``): the media view answers with the type the bytes show.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import IO
from urllib.parse import quote, unquote

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

# The largest file any upload field accepts; larger ones are dropped as they arrive.
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
# What one member may upload in a day (UTC), counted before decoding (refused files count).
DAILY_UPLOADS = 50
DAILY_UPLOAD_BYTES = 100 * 1024 * 1024

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG", "image/png"),
    (b"\xff\xd8\xff", "JPEG", "image/jpeg"),
    (b"GIF87a", "GIF", "image/gif"),
    (b"GIF89a", "GIF", "image/gif"),
)
SNIFF_BYTES = 16

# Kept under MEDIA_ROOT, never served nor backed up: the backups running now and the
# deletions they deferred.
STATE_DIR = ".pnyx"
_STALE_BACKUP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ImagePolicy:
    """What an image upload may be, and what it becomes."""

    max_bytes: int
    max_pixels: int
    size: int  # the stored image is a ``size`` × ``size`` square
    formats: tuple[str, ...] = ("PNG", "JPEG", "GIF", "WEBP")


def _format_of(head: bytes) -> tuple[str, str] | None:
    """(Pillow format, MIME type) the first bytes of a file show, for the allowed formats."""
    for signature, image_format, mime in _SIGNATURES:
        if head.startswith(signature):
            return image_format, mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP", "image/webp"
    return None


def sniff_image_type(head: bytes) -> str | None:
    """The MIME type of an image in an allowed format, from its first ``SNIFF_BYTES``."""
    found = _format_of(head)
    return found[1] if found is not None else None


# ---------------------------------------------------------------- before decoding


class SizeLimitUploadHandler(FileUploadHandler):
    """First of ``FILE_UPLOAD_HANDLERS``: a file past ``UPLOAD_MAX_BYTES`` is dropped while
    it arrives (never written to memory or disk) and its field is remembered, so the form
    can say why (``upload_was_too_large``)."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > UPLOAD_MAX_BYTES:
            if self.request is not None:
                refused = set(getattr(self.request, "pnyx_refused_uploads", ()))
                refused.add(str(self.field_name))
                self.request.pnyx_refused_uploads = refused  # type: ignore[attr-defined]
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def upload_was_too_large(request: HttpRequest, field: str) -> bool:
    return field in getattr(request, "pnyx_refused_uploads", ())


def too_large_message(max_bytes: int) -> str:
    return _("The image is larger than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)}


def check_daily_quota(member_id: int, size: int, *, field: str) -> None:
    """Count an upload of ``size`` bytes against the member's quota for today; refuse it
    (and anything more today) once past ``DAILY_UPLOADS`` files or ``DAILY_UPLOAD_BYTES``."""
    day = int(time.time() // 86400)
    over = False
    for unit, amount, limit in (("files", 1, DAILY_UPLOADS), ("bytes", size, DAILY_UPLOAD_BYTES)):
        key = f"uploads:{member_id}:{day}:{unit}"
        cache.add(key, 0, timeout=2 * 86400)
        try:
            total = cache.incr(key, amount)
        except ValueError:  # expired between add and incr
            cache.add(key, amount, timeout=2 * 86400)
            total = amount
        over = over or total > limit
    if over:
        raise ValidationError(
            {
                field: _(
                    "You have reached today's upload limit (%(files)d files or %(size)d MB "
                    "a day); try again tomorrow."
                )
                % {"files": DAILY_UPLOADS, "size": DAILY_UPLOAD_BYTES // (1024 * 1024)}
            }
        )


# ---------------------------------------------------------------- re-encoding


def reencode_image(upload: IO[bytes], policy: ImagePolicy, *, field: str) -> bytes:
    """The upload as a ``policy.size`` square WebP without metadata, or a ValidationError on
    ``field`` saying what is wrong. Size, format and pixel count are checked first."""
    # Imported here: Pillow costs every worker a few MiB, and uploads are rare.
    from PIL import Image, ImageOps, UnidentifiedImageError

    not_an_image = ValidationError({field: _("Upload a PNG, JPEG, GIF or WebP image.")})
    size = getattr(upload, "size", None)
    if size is None:
        size = upload.seek(0, os.SEEK_END)
    if size > policy.max_bytes:
        raise ValidationError({field: too_large_message(policy.max_bytes)})
    upload.seek(0)
    found = _format_of(upload.read(SNIFF_BYTES))
    if found is None or found[0] not in policy.formats:
        raise not_an_image
    upload.seek(0)
    too_many_pixels = ValidationError({field: _("The image has too many pixels.")})
    try:
        with Image.open(upload, formats=[found[0]]) as source:
            width, height = source.size
            if width * height > policy.max_pixels:
                raise too_many_pixels
            # JPEG decodes at a reduced scale when the result is small anyway (much faster).
            source.draft("RGB", (policy.size * 2, policy.size * 2))
            upright = ImageOps.exif_transpose(source)
            mode = "RGBA" if upright.mode in ("RGBA", "LA", "P", "PA") else "RGB"
            square = ImageOps.fit(
                upright.convert(mode), (policy.size, policy.size), Image.Resampling.LANCZOS
            )
            out = BytesIO()
            # No metadata is written (WebP takes it only when passed): no EXIF, XMP or ICC.
            square.save(out, format="WEBP", quality=85, method=4)
            return out.getvalue()
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise not_an_image from None
    except (ValueError, MemoryError):  # corrupt headers some decoders report this way
        raise not_an_image from None


# ---------------------------------------------------------------- storing and deleting


def new_name(prefix: str, extension: str) -> str:
    """A name nobody can guess or collide with: ``<prefix>-<random>.<extension>``."""
    return f"{prefix}-{secrets.token_hex(8)}.{extension}"


def save_file(storage: Storage, name: str, data: bytes, *, field: str) -> str:
    """Store ``data`` as ``name`` (the name it got is returned). A failed write (disk full)
    removes what it left and says so on ``field``."""
    try:
        return storage.save(name, ContentFile(data))
    except OSError:
        with contextlib.suppress(OSError):
            storage.delete(name)
        raise ValidationError(
            {
                field: _(
                    "The file could not be stored (the server's disk may be full). Nothing "
                    "was changed; try again later."
                )
            }
        ) from None


def delete_on_commit(storage: Storage, name: str) -> None:
    """Delete ``name`` once the current transaction commits (at once outside one)."""
    if name:
        transaction.on_commit(lambda: delete_file(storage, name))


def delete_file(storage: Storage, name: str) -> None:
    """Delete ``name`` now, or when the backups being taken have finished."""
    if not _backups_running():
        storage.delete(name)
        return
    deferred = _state_dir() / "deferred"
    deferred.mkdir(parents=True, exist_ok=True)
    (deferred / quote(name, safe="")).touch()
    # The backup may have ended since it was checked: then nobody else will do it.
    if not _backups_running():
        _delete_deferred(storage)


def _state_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / STATE_DIR


def _backups_running() -> bool:
    try:
        entries = list(os.scandir(_state_dir() / "backups"))
    except FileNotFoundError:
        return False
    now = time.time()
    return any(now - entry.stat().st_mtime < _STALE_BACKUP_SECONDS for entry in entries)


def _delete_deferred(storage: Storage) -> None:
    try:
        entries = list(os.scandir(_state_dir() / "deferred"))
    except FileNotFoundError:
        return
    for entry in entries:
        with contextlib.suppress(FileNotFoundError):
            storage.delete(unquote(entry.name))
            os.unlink(entry.path)


@contextlib.contextmanager
def backup_in_progress(storage: Storage) -> Iterator[None]:
    """While this lasts, replaced uploads are kept (a database snapshot taken inside it may
    still name them); they are deleted when the last backup running ends."""
    backups = _state_dir() / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    marker = backups / f"{os.getpid()}-{secrets.token_hex(4)}"
    marker.touch()
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)
        if not _backups_running():
            _delete_deferred(storage)


def is_private_path(name: str) -> bool:
    """True for the upload machinery's own files (never served, never backed up)."""
    return any(part.startswith(".") for part in Path(name).parts)
