"""Profile writes: display name, flags, avatar; and the first administrator."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from pnyx.accounts.models import Member
from pnyx.accounts.services import (
    AVATAR_MAX_BYTES,
    create_admin,
    remove_avatar,
    set_avatar,
    update_profile,
)
from pnyx.testing.factories import make_member

pytestmark = pytest.mark.django_db

TOO_LONG = "Keep the display name to 50 characters."
PICK_COUNTRY = "Pick a country from the list."
NOT_AN_IMAGE = "Upload a PNG, JPEG, GIF or WebP image."
STRONG_PASSWORD = "violet-kestrel-harbour-42"


# ---------------------------------------------------------------- helpers


def image_bytes(
    fmt: str = "PNG",
    size: tuple[int, int] = (64, 48),
    mode: str = "RGB",
    color: tuple[int, ...] | int = (200, 30, 30),
    **save_options: object,
) -> bytes:
    out = BytesIO()
    Image.new(mode, size, color).save(out, format=fmt, **save_options)
    return out.getvalue()


def upload(
    data: bytes, name: str = "photo.png", content_type: str = "image/png"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def avatar_name_pattern(member: Member) -> str:
    return rf"avatars/{member.pk}-[0-9a-f]{{16}}\.webp"


def stored_files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def media_root(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _profile(member: Member) -> tuple[str, str, str]:
    return member.display_name, member.country.code or "", member.location.code or ""


# ---------------------------------------------------------------- update_profile


def test_update_profile_saves_cleaned_values(member: Member) -> None:
    result = update_profile(
        member, member, display_name="  Alice   Liddell ", country="gb", location=""
    )
    assert result is member
    assert _profile(member) == ("Alice Liddell", "GB", "")
    member.refresh_from_db()
    assert _profile(member) == ("Alice Liddell", "GB", "")


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        pytest.param("\uff2a\uff4f\uff53\u00e9", "José", id="fullwidth-nfkc"),
        pytest.param("Jose\u0301", "José", id="combining-accent-composed"),
        pytest.param("\ufb01sh", "fish", id="ligature"),
        pytest.param("\u2460 Team", "1 Team", id="circled-digit"),
        pytest.param("\u212bngstr\u00f6m", "Ångström", id="angstrom-sign"),
        pytest.param("a\u200bb", "ab", id="zero-width-space"),
        pytest.param("evil\u202etxt.exe", "eviltxt.exe", id="rtl-override"),
        pytest.param("\u2066iso\u2069late", "isolate", id="bidi-isolates"),
        pytest.param("\ufeffbom", "bom", id="byte-order-mark"),
        pytest.param("bell\x07\x00null", "bellnull", id="c0-controls"),
        pytest.param("soft\u00adhyphen", "softhyphen", id="soft-hyphen"),
        pytest.param("a\u00a0\u00a0b", "a b", id="no-break-spaces"),
        pytest.param("a\u3000b", "a b", id="ideographic-space"),
        pytest.param("a\u2028b", "a b", id="line-separator"),
        pytest.param("   many    spaces   ", "many spaces", id="collapsed-and-stripped"),
        pytest.param("Ελένη Παπαδοπούλου", "Ελένη Παπαδοπούλου", id="greek"),
        pytest.param("李小龍", "李小龍", id="cjk"),
        pytest.param("\u200b\u200b", "", id="only-invisible"),
        pytest.param("", "", id="empty"),
    ],
)
def test_update_profile_normalises_display_name(member: Member, given: str, stored: str) -> None:
    update_profile(member, member, display_name=given, country="", location="")
    assert member.display_name == stored
    member.refresh_from_db()
    assert member.display_name == stored


@pytest.mark.parametrize("separator", ["\t", "\n", "\r\n", "\x0b", "\x0c", "\x85"])
def test_update_profile_collapses_whitespace_controls_to_one_space(
    member: Member, separator: str
) -> None:
    update_profile(member, member, display_name=f"Alice{separator}Liddell", country="", location="")
    assert member.display_name == "Alice Liddell"


def test_update_profile_accepts_fifty_characters(member: Member) -> None:
    update_profile(member, member, display_name="é" * 50, country="", location="")
    member.refresh_from_db()
    assert member.display_name == "é" * 50


def test_update_profile_counts_length_after_cleaning(member: Member) -> None:
    update_profile(
        member, member, display_name="a" * 50 + "\u200b\u200b   ", country="", location=""
    )
    member.refresh_from_db()
    assert member.display_name == "a" * 50


@pytest.mark.parametrize(
    "display_name",
    [
        pytest.param("a" * 51, id="51-ascii"),
        pytest.param("ж" * 51, id="51-cyrillic"),
        pytest.param("\ufdfa" * 3, id="nfkc-expands-to-54"),
    ],
)
def test_update_profile_refuses_display_name_over_fifty_characters(
    member: Member, display_name: str
) -> None:
    with pytest.raises(ValidationError) as exc_info:
        update_profile(member, member, display_name=display_name, country="PL", location="PL")
    assert exc_info.value.message_dict == {"display_name": [TOO_LONG]}
    assert _profile(member) == ("Alice Example", "FR", "DE")
    member.refresh_from_db()
    assert _profile(member) == ("Alice Example", "FR", "DE")


@pytest.mark.parametrize(
    ("country", "location", "stored"),
    [
        ("pl", "jp", ("PL", "JP")),
        ("Us", " de ", ("US", "DE")),
        ("PL", "", ("PL", "")),
        ("", "", ("", "")),
        ("", "BR", ("", "BR")),
    ],
)
def test_update_profile_stores_iso_codes_upper_case(
    member: Member, country: str, location: str, stored: tuple[str, str]
) -> None:
    update_profile(member, member, display_name="Alice", country=country, location=location)
    assert (member.country.code or "", member.location.code or "") == stored
    member.refresh_from_db()
    assert (member.country.code or "", member.location.code or "") == stored


def test_update_profile_country_exposes_name_and_flag(member: Member) -> None:
    update_profile(member, member, display_name="Alice", country="jp", location="")
    member.refresh_from_db()
    assert member.country.name == "Japan"
    assert member.country.flag == "/static/flags/jp.gif"
    assert not member.location


@pytest.mark.parametrize(
    ("country", "location", "field"),
    [
        ("XX", "", "country"),
        ("ZZZ", "", "country"),
        ("France", "", "country"),
        ("F", "", "country"),
        ("EU", "", "country"),
        ("", "XX", "location"),
        ("PL", "ZZZ", "location"),
    ],
)
def test_update_profile_refuses_unknown_country_codes(
    member: Member, country: str, location: str, field: str
) -> None:
    with pytest.raises(ValidationError) as exc_info:
        update_profile(
            member, member, display_name="Alice Example", country=country, location=location
        )
    assert exc_info.value.message_dict == {field: [PICK_COUNTRY]}
    member.refresh_from_db()
    assert _profile(member) == ("Alice Example", "FR", "DE")


def test_update_profile_refused_leaves_instance_unchanged(member: Member) -> None:
    with pytest.raises(ValidationError):
        update_profile(member, member, display_name="Changed", country="PL", location="XX")
    assert _profile(member) == ("Alice Example", "FR", "DE")


def test_update_profile_by_another_member_is_denied(member: Member, other_member: Member) -> None:
    with pytest.raises(PermissionDenied) as exc_info:
        update_profile(other_member, member, display_name="Hacked", country="RU", location="")
    assert str(exc_info.value) == "You can only change your own profile."
    member.refresh_from_db()
    assert _profile(member) == ("Alice Example", "FR", "DE")


@pytest.mark.parametrize("staff_fixture", ["moderator", "admin"])
def test_update_profile_by_staff_is_allowed(
    member: Member, staff_fixture: str, request: pytest.FixtureRequest
) -> None:
    staff: Member = request.getfixturevalue(staff_fixture)
    update_profile(staff, member, display_name="Renamed by staff", country="", location="IT")
    member.refresh_from_db()
    assert _profile(member) == ("Renamed by staff", "", "IT")


def test_update_profile_by_guest_is_denied(member: Member, guest: AnonymousUser) -> None:
    with pytest.raises(PermissionDenied) as exc_info:
        update_profile(guest, member, display_name="Anon", country="", location="")
    assert str(exc_info.value) == "Sign in first."
    member.refresh_from_db()
    assert member.display_name == "Alice Example"


def test_update_profile_by_deactivated_member_on_themselves_is_denied(
    banned_member: Member,
) -> None:
    with pytest.raises(PermissionDenied):
        update_profile(banned_member, banned_member, display_name="Back", country="", location="")
    banned_member.refresh_from_db()
    assert banned_member.display_name == ""


# ---------------------------------------------------------------- set_avatar


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        pytest.param(image_bytes("PNG"), "me.png", "image/png", id="png"),
        pytest.param(image_bytes("JPEG", size=(640, 480)), "me.jpg", "image/jpeg", id="jpeg"),
        pytest.param(image_bytes("GIF", mode="P", color=3), "me.gif", "image/gif", id="gif"),
        pytest.param(image_bytes("WEBP", size=(30, 90)), "me.webp", "image/webp", id="webp"),
        pytest.param(image_bytes("PNG", size=(1, 1)), "tiny.png", "image/png", id="1x1"),
    ],
)
def test_set_avatar_reencodes_to_square_webp(
    member: Member, media_root: Path, data: bytes, name: str, content_type: str
) -> None:
    result = set_avatar(member, member, upload(data, name, content_type))
    assert result is member
    assert re.fullmatch(avatar_name_pattern(member), member.avatar.name)
    saved_name = member.avatar.name
    member.refresh_from_db()
    assert member.avatar.name == saved_name
    assert stored_files(media_root) == [saved_name]
    with Image.open(media_root / saved_name) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (256, 256)
    assert member.avatar.url == f"/media/{saved_name}"


def test_set_avatar_crops_to_the_centre(member: Member, media_root: Path) -> None:
    # A wide image: red | green | blue thirds. The square crop keeps the green middle.
    source = Image.new("RGB", (300, 100), (255, 0, 0))
    source.paste((0, 255, 0), (100, 0, 200, 100))
    source.paste((0, 0, 255), (200, 0, 300, 100))
    out = BytesIO()
    source.save(out, format="PNG")
    set_avatar(member, member, upload(out.getvalue()))
    with Image.open(media_root / member.avatar.name) as stored:
        rgb = stored.convert("RGB")
    centre, left, right = (rgb.getpixel(xy) for xy in [(128, 128), (4, 128), (251, 128)])
    for pixel in (centre, left, right):
        assert isinstance(pixel, tuple)
        red, green, blue = pixel
        assert green > 200 and red < 60 and blue < 60


def test_set_avatar_drops_exif_metadata(member: Member, media_root: Path) -> None:
    exif = Image.Exif()
    exif[0x013B] = "Secret Photographer"  # Artist
    exif[0x010F] = "SpyCam"  # Make
    data = image_bytes("JPEG", size=(80, 80), exif=exif.tobytes())
    assert b"Secret Photographer" in data
    set_avatar(member, member, upload(data, "me.jpg", "image/jpeg"))
    stored_bytes = (media_root / member.avatar.name).read_bytes()
    assert b"Secret Photographer" not in stored_bytes
    assert b"SpyCam" not in stored_bytes
    with Image.open(media_root / member.avatar.name) as stored:
        assert "exif" not in stored.info


def test_set_avatar_applies_exif_orientation(member: Member, media_root: Path) -> None:
    # Top half red, bottom half blue; orientation 3 (rotated 180°) shows blue on top.
    source = Image.new("RGB", (100, 100), (255, 0, 0))
    source.paste((0, 0, 255), (0, 50, 100, 100))
    exif = Image.Exif()
    exif[0x0112] = 3
    out = BytesIO()
    source.save(out, format="JPEG", quality=95, exif=exif.tobytes())
    set_avatar(member, member, upload(out.getvalue(), "me.jpg", "image/jpeg"))
    with Image.open(media_root / member.avatar.name) as stored:
        top = stored.convert("RGB").getpixel((128, 20))
        bottom = stored.convert("RGB").getpixel((128, 235))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[2] > 200 and top[0] < 60
    assert bottom[0] > 200 and bottom[2] < 60


def test_set_avatar_keeps_transparency(member: Member, media_root: Path) -> None:
    data = image_bytes("PNG", mode="RGBA", color=(10, 20, 30, 0))
    set_avatar(member, member, upload(data))
    with Image.open(media_root / member.avatar.name) as stored:
        assert stored.mode == "RGBA"
        pixel = stored.getpixel((128, 128))
    assert isinstance(pixel, tuple)
    assert pixel[3] == 0


def test_set_avatar_accepts_exactly_five_megabytes(member: Member, media_root: Path) -> None:
    png = image_bytes("PNG")
    data = png + b"\0" * (AVATAR_MAX_BYTES - len(png))
    assert len(data) == 5 * 1024 * 1024
    set_avatar(member, member, upload(data))
    member.refresh_from_db()
    assert re.fullmatch(avatar_name_pattern(member), member.avatar.name)


def _svg() -> bytes:
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
        b'height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'
    )


def _truncated_png() -> bytes:
    source = Image.effect_noise((200, 200), 64).convert("RGB")
    out = BytesIO()
    source.save(out, format="PNG")
    data = out.getvalue()
    return data[: len(data) // 2]


def _bmp() -> bytes:
    return image_bytes("BMP")


def _oversized() -> bytes:
    png = image_bytes("PNG")
    return png + b"\0" * (AVATAR_MAX_BYTES + 1 - len(png))


def _too_many_pixels() -> bytes:
    return image_bytes("PNG", size=(8000, 5001), mode="1", color=0)


@pytest.mark.parametrize(
    ("make_data", "name", "content_type", "message"),
    [
        pytest.param(_svg, "me.svg", "image/svg+xml", NOT_AN_IMAGE, id="svg"),
        pytest.param(_svg, "me.png", "image/png", NOT_AN_IMAGE, id="svg-named-png"),
        pytest.param(lambda: b"just some text\n", "me.png", "image/png", NOT_AN_IMAGE, id="text"),
        pytest.param(lambda: b"", "me.png", "image/png", NOT_AN_IMAGE, id="empty"),
        pytest.param(_truncated_png, "me.png", "image/png", NOT_AN_IMAGE, id="truncated"),
        pytest.param(_bmp, "me.bmp", "image/bmp", NOT_AN_IMAGE, id="bmp-not-allowed"),
        pytest.param(
            _oversized, "big.png", "image/png", "The image is larger than 5 MB.", id="over-5mb"
        ),
        pytest.param(
            _too_many_pixels,
            "huge.png",
            "image/png",
            "The image has too many pixels.",
            id="over-40-megapixels",
        ),
    ],
)
def test_set_avatar_refuses_bad_uploads_and_changes_nothing(
    member: Member,
    media_root: Path,
    make_data: Callable[[], bytes],
    name: str,
    content_type: str,
    message: str,
) -> None:
    data = make_data()
    with pytest.raises(ValidationError) as exc_info:
        set_avatar(member, member, upload(data, name, content_type))
    assert exc_info.value.message_dict == {"avatar": [message]}
    assert not member.avatar
    member.refresh_from_db()
    assert member.avatar.name == ""
    assert stored_files(media_root) == []


def test_set_avatar_refused_upload_keeps_the_old_avatar(
    member: Member,
    media_root: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    set_avatar(member, member, upload(image_bytes()))
    old_name = member.avatar.name
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        set_avatar(member, member, upload(b"not an image"))
    assert callbacks == []
    assert member.avatar.name == old_name
    member.refresh_from_db()
    assert member.avatar.name == old_name
    assert stored_files(media_root) == [old_name]


def test_set_avatar_deletes_the_old_file_after_commit(
    member: Member,
    media_root: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    set_avatar(member, member, upload(image_bytes(color=(1, 2, 3))))
    old_name = member.avatar.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        set_avatar(member, member, upload(image_bytes(color=(4, 5, 6))))
    new_name = member.avatar.name
    assert new_name != old_name
    assert re.fullmatch(avatar_name_pattern(member), new_name)
    # Not before the transaction commits...
    assert stored_files(media_root) == sorted([old_name, new_name])
    assert len(callbacks) == 2  # delete the old file, then make cached guest pages stale
    callbacks[0]()
    # ...but then it goes.
    assert stored_files(media_root) == [new_name]
    member.refresh_from_db()
    assert member.avatar.name == new_name


def test_set_avatar_replacing_twice_keeps_only_the_latest_file(
    member: Member,
    media_root: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        set_avatar(member, member, upload(image_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        set_avatar(member, member, upload(image_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        set_avatar(member, member, upload(image_bytes()))
    member.refresh_from_db()
    assert stored_files(media_root) == [member.avatar.name]


def test_set_avatar_by_another_member_is_denied(
    member: Member, other_member: Member, media_root: Path
) -> None:
    with pytest.raises(PermissionDenied):
        set_avatar(other_member, member, upload(image_bytes()))
    member.refresh_from_db()
    assert member.avatar.name == ""
    assert stored_files(media_root) == []


def test_set_avatar_by_guest_is_denied(
    member: Member, guest: AnonymousUser, media_root: Path
) -> None:
    with pytest.raises(PermissionDenied):
        set_avatar(guest, member, upload(image_bytes()))
    assert stored_files(media_root) == []


def test_set_avatar_by_staff_is_allowed(
    member: Member, moderator: Member, media_root: Path
) -> None:
    set_avatar(moderator, member, upload(image_bytes()))
    member.refresh_from_db()
    assert re.fullmatch(avatar_name_pattern(member), member.avatar.name)
    moderator.refresh_from_db()
    assert moderator.avatar.name == ""


# ---------------------------------------------------------------- remove_avatar


def test_remove_avatar_clears_field_and_deletes_file_after_commit(
    member: Member,
    media_root: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    set_avatar(member, member, upload(image_bytes()))
    old_name = member.avatar.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = remove_avatar(member, member)
    assert result is member
    assert not member.avatar
    assert member.avatar.name == ""
    member.refresh_from_db()
    assert member.avatar.name == ""
    assert stored_files(media_root) == [old_name]
    assert len(callbacks) == 2  # delete the old file, then make cached guest pages stale
    callbacks[0]()
    assert stored_files(media_root) == []


def test_remove_avatar_without_avatar_does_nothing(
    member: Member,
    media_root: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        remove_avatar(member, member)
    assert callbacks == []
    member.refresh_from_db()
    assert member.avatar.name == ""


def test_remove_avatar_by_another_member_is_denied(
    member: Member,
    other_member: Member,
    media_root: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    set_avatar(member, member, upload(image_bytes()))
    name = member.avatar.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        remove_avatar(other_member, member)
    member.refresh_from_db()
    assert member.avatar.name == name
    assert stored_files(media_root) == [name]


def test_remove_avatar_by_staff_is_allowed(
    member: Member,
    moderator: Member,
    media_root: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    set_avatar(member, member, upload(image_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        remove_avatar(moderator, member)
    member.refresh_from_db()
    assert member.avatar.name == ""
    assert stored_files(media_root) == []


# ---------------------------------------------------------------- create_admin


def test_create_admin_creates_superuser_with_verified_primary_email() -> None:
    admin = create_admin(username="chief", email="chief@example.org", password=STRONG_PASSWORD)
    assert admin.pk is not None
    admin.refresh_from_db()
    assert admin.username == "chief"
    assert admin.email == "chief@example.org"
    assert admin.is_superuser is True
    assert admin.is_staff is True
    assert admin.is_active is True
    assert admin.check_password(STRONG_PASSWORD)
    addresses = list(EmailAddress.objects.filter(user=admin).values("email", "verified", "primary"))
    assert addresses == [{"email": "chief@example.org", "verified": True, "primary": True}]


def test_create_admin_can_sign_in_with_username_and_email(client: Client) -> None:
    create_admin(username="chief", email="chief@example.org", password=STRONG_PASSWORD)
    for login in ["chief", "CHIEF", "chief@example.org"]:
        response = client.post("/accounts/login/", {"login": login, "password": STRONG_PASSWORD})
        assert response.status_code == 302, login
        assert client.session["_auth_user_id"] == str(Member.objects.get(username="chief").pk)
        client.logout()


@pytest.mark.parametrize(
    ("username", "email", "password", "fields"),
    [
        pytest.param("bad name", "ok@example.org", STRONG_PASSWORD, {"username"}, id="space"),
        pytest.param("\u0430dmin2", "ok@example.org", STRONG_PASSWORD, {"username"}, id="cyrillic"),
        pytest.param("Admin", "ok@example.org", STRONG_PASSWORD, {"username"}, id="reserved"),
        pytest.param("", "ok@example.org", STRONG_PASSWORD, {"username"}, id="empty-username"),
        pytest.param("chief", "not-an-email", STRONG_PASSWORD, {"email"}, id="bad-email"),
        pytest.param("chief", "", STRONG_PASSWORD, {"email"}, id="empty-email"),
        pytest.param("chief", "ok@example.org", "short", {"password"}, id="short-password"),
        pytest.param("chief", "ok@example.org", "password123", {"password"}, id="common-password"),
        pytest.param("chief", "ok@example.org", "83920174651", {"password"}, id="numeric-password"),
        pytest.param("chief", "chief@example.org", "chief@example", {"password"}, id="similar"),
        pytest.param("-x-", "nope", "123", {"username", "email", "password"}, id="all-bad"),
    ],
)
def test_create_admin_refuses_bad_input_by_field(
    username: str, email: str, password: str, fields: set[str]
) -> None:
    with pytest.raises(ValidationError) as exc_info:
        create_admin(username=username, email=email, password=password)
    assert set(exc_info.value.message_dict) == fields
    assert Member.objects.count() == 0
    assert EmailAddress.objects.count() == 0


def test_create_admin_password_errors_are_the_validator_messages() -> None:
    with pytest.raises(ValidationError) as exc_info:
        create_admin(username="chief", email="chief@example.org", password="short")
    assert exc_info.value.message_dict == {
        "password": [
            "This password is too short. It must contain at least 8 characters.",
        ]
    }


@pytest.mark.parametrize("username", ["ALICE", "Alice", "alice"])
def test_create_admin_refuses_existing_username_in_any_case(member: Member, username: str) -> None:
    with pytest.raises(ValidationError) as exc_info:
        create_admin(username=username, email="new@example.org", password=STRONG_PASSWORD)
    assert set(exc_info.value.message_dict) == {"username"}
    assert "A member with that username already exists." in exc_info.value.message_dict["username"]
    assert list(Member.objects.values_list("username", flat=True)) == ["alice"]
    assert EmailAddress.objects.count() == 0


@pytest.mark.parametrize(
    ("username", "email", "field", "message"),
    [
        ("alice", "new@example.org", "username", "A member with that username already exists."),
        ("chief", "not-an-email", "email", "Enter a valid email address."),
    ],
)
def test_create_admin_reports_each_error_once(
    member: Member, username: str, email: str, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as exc_info:
        create_admin(username=username, email=email, password=STRONG_PASSWORD)
    assert exc_info.value.message_dict[field] == [message]


def test_create_admin_with_mixed_case_email_can_sign_in_by_email(client: Client) -> None:
    create_admin(username="chief", email="Chief.Admin@Example.ORG", password=STRONG_PASSWORD)
    response = client.post(
        "/accounts/login/", {"login": "Chief.Admin@Example.ORG", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("verified_elsewhere", [False, True])
def test_create_admin_refuses_an_email_already_in_use(verified_elsewhere: bool) -> None:
    existing = make_member(username="olduser", email="shared@example.org")
    if verified_elsewhere:
        EmailAddress.objects.create(
            user=existing, email="shared@example.org", verified=True, primary=True
        )
    with pytest.raises(ValidationError) as exc_info:
        create_admin(username="chief", email="shared@example.org", password=STRONG_PASSWORD)
    assert set(exc_info.value.message_dict) == {"email"}
    assert list(Member.objects.values_list("username", flat=True)) == ["olduser"]
