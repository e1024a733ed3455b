"""/media/: served with the type the bytes show, never sniffed (SECURITY.md UP-02)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from django.http import Http404
from django.test import Client, RequestFactory
from PIL import Image
from pytest_django import Settings

from pnyx.core import views

NAME = "avatars/12-0123456789abcdef.webp"

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings: Settings, tmp_path: Path) -> Path:
    (tmp_path / "avatars").mkdir()
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG")
    return out.getvalue()


def test_up02_media_type_comes_from_the_bytes_not_the_name(
    guest_client: Client, media_root: Path
) -> None:
    (media_root / NAME).write_bytes(_png())
    response = guest_client.get(f"/media/{NAME}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert response.getvalue() == _png()


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(document.cookie)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"%PDF-1.7\n",
        b"",
    ],
)
def test_up02_media_that_is_not_an_image_is_only_ever_a_download(
    guest_client: Client, media_root: Path, content: bytes
) -> None:
    (media_root / NAME).write_bytes(content)
    response = guest_client.get(f"/media/{NAME}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="12-0123456789abcdef.webp"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.getvalue() == content  # the whole file, from its first byte


def test_media_view_never_serves_the_upload_machinery(media_root: Path) -> None:
    (media_root / ".pnyx" / "deferred").mkdir(parents=True)
    (media_root / ".pnyx" / "deferred" / "x").write_bytes(b"")
    with pytest.raises(Http404):
        views.media(RequestFactory().get("/media/"), ".pnyx/deferred/x")
