"""The account settings page: /account/settings/ (profile and avatar forms)."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.testing.factories import make_thread

pytestmark = pytest.mark.django_db

URL = "/account/settings/"


@pytest.fixture
def media_root(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(size: tuple[int, int] = (120, 80), color: tuple[int, int, int] = (0, 90, 200)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def stored_files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _profile(member: Member) -> tuple[str, str, str]:
    return member.display_name, member.country.code or "", member.location.code or ""


def _messages(html: str) -> list[str]:
    return re.findall(r'<p class="message message-\w+">(.*?)</p>', html)


# ---------------------------------------------------------------- access


def test_account_settings_guest_is_sent_to_login(guest_client: Client) -> None:
    response = guest_client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/account/settings/"


def test_account_settings_guest_post_changes_nothing(guest_client: Client, member: Member) -> None:
    response = guest_client.post(
        URL, {"section": "profile", "display_name": "Guest", "country": "", "location": ""}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    member.refresh_from_db()
    assert _profile(member) == ("Alice Example", "FR", "DE")


# ---------------------------------------------------------------- GET


def test_account_settings_shows_forms_with_current_values(member_client: Client) -> None:
    response = member_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Account settings</h1>" in html
    assert '<input type="hidden" name="section" value="profile">' in html
    assert '<input type="hidden" name="section" value="avatar">' in html
    assert re.search(r'<input type="text" name="display_name" value="Alice Example"', html)
    country = html.split('<select name="country"', 1)[1].split("</select>", 1)[0]
    location = html.split('<select name="location"', 1)[1].split("</select>", 1)[0]
    assert '<option value="FR" selected>France</option>' in country
    assert re.findall(r'<option value="(\w*)" selected>', country) == ["FR"]
    assert '<option value="DE" selected>Germany</option>' in location
    assert re.findall(r'<option value="(\w*)" selected>', location) == ["DE"]
    assert '<option value="">— not shown —</option>' in country
    assert 'type="file" name="avatar" accept="image/png,image/jpeg,image/gif,image/webp"' in html
    assert '<input type="checkbox" name="remove" id="id_remove">' in html
    assert 'enctype="multipart/form-data"' in html
    assert "Your email address: alice@example.org" in html


def test_account_settings_escapes_display_name_value(member: Member, member_client: Client) -> None:
    Member.objects.filter(pk=member.pk).update(display_name='"><img src=x onerror=alert(1)>')
    html = member_client.get(URL).content.decode()
    assert 'value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"' in html
    assert "<img src=x" not in html


def test_account_settings_put_is_not_allowed(member_client: Client) -> None:
    assert member_client.put(URL).status_code == 405


# ---------------------------------------------------------------- profile section


def test_account_settings_profile_post_saves_and_redirects(
    member: Member, member_client: Client
) -> None:
    response = member_client.post(
        URL,
        {
            "section": "profile",
            "display_name": "  Alice \u200b  Liddell ",
            "country": "JP",
            "location": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == URL
    member.refresh_from_db()
    assert _profile(member) == ("Alice Liddell", "JP", "")
    page = member_client.get(URL).content.decode()
    assert _messages(page) == ["Your profile was saved."]
    assert 'name="display_name" value="Alice Liddell"' in page
    assert '<option value="JP" selected>Japan</option>' in page


def test_account_settings_post_without_section_is_the_profile_form(
    member: Member, member_client: Client
) -> None:
    response = member_client.post(
        URL, {"display_name": "No Section", "country": "IT", "location": "ES"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert _profile(member) == ("No Section", "IT", "ES")


@pytest.mark.parametrize(
    ("field", "value"),
    [("country", "XX"), ("country", "ZZZ"), ("location", "XX"), ("country", "fr")],
)
def test_account_settings_invalid_country_is_400_and_saves_nothing(
    member: Member, member_client: Client, field: str, value: str
) -> None:
    data = {"section": "profile", "display_name": "Changed", "country": "PL", "location": "PL"}
    data[field] = value
    response = member_client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        f'<ul class="errorlist" id="id_{field}_error"><li>Select a valid choice. '
        f"{value} is not one of the available choices.</li></ul>"
    ) in html
    assert 'name="display_name" value="Changed"' in html
    assert _messages(html) == []
    member.refresh_from_db()
    assert _profile(member) == ("Alice Example", "FR", "DE")


def test_account_settings_display_name_over_fifty_characters_is_400(
    member: Member, member_client: Client
) -> None:
    response = member_client.post(
        URL, {"section": "profile", "display_name": "a" * 51, "country": "", "location": ""}
    )
    assert response.status_code == 400
    assert "Ensure this value has at most 50 characters (it has 51)." in response.content.decode()
    member.refresh_from_db()
    assert _profile(member) == ("Alice Example", "FR", "DE")


def test_account_settings_display_name_expanding_past_fifty_shows_service_error(
    member: Member, member_client: Client
) -> None:
    # Three characters in the form, 54 after NFKC normalisation.
    response = member_client.post(
        URL, {"section": "profile", "display_name": "\ufdfa" * 3, "country": "", "location": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        '<ul class="errorlist" id="id_display_name_error">'
        "<li>Keep the display name to 50 characters.</li></ul>"
    ) in html
    member.refresh_from_db()
    assert _profile(member) == ("Alice Example", "FR", "DE")


def test_account_settings_profile_changes_only_the_signed_in_member(
    member: Member, other_member: Member, other_member_client: Client
) -> None:
    other_member_client.post(
        URL, {"section": "profile", "display_name": "Bobby", "country": "", "location": ""}
    )
    member.refresh_from_db()
    other_member.refresh_from_db()
    assert _profile(member) == ("Alice Example", "FR", "DE")
    assert _profile(other_member) == ("Bobby", "", "")


def test_account_settings_new_flags_show_on_the_thread_member_card(
    member: Member, member_client: Client, guest_client: Client, forum: Forum
) -> None:
    thread = make_thread(forum, author=member, title="Flags on cards")
    before = guest_client.get(thread.get_absolute_url()).content.decode()
    assert 'height="11">France</span>' in before
    assert 'height="11">Brazil</span>' not in before
    member_client.post(
        URL,
        {"section": "profile", "display_name": "Alice Abroad", "country": "BR", "location": "NZ"},
    )
    after = guest_client.get(thread.get_absolute_url()).content.decode()
    assert '<img src="/static/flags/br.gif" alt="" width="16" height="11">' in after
    assert 'height="11">Brazil</span>' in after
    assert 'height="11">New Zealand</span>' in after
    assert 'height="11">France</span>' not in after
    assert 'height="11">Germany</span>' not in after
    assert ">Alice Abroad</a>" in after


# ---------------------------------------------------------------- avatar section


def test_account_settings_avatar_upload_saves_webp(
    member: Member, member_client: Client, media_root: Path
) -> None:
    response = member_client.post(
        URL,
        {"section": "avatar", "avatar": SimpleUploadedFile("me.png", png(), "image/png")},
    )
    assert response.status_code == 302
    assert response["Location"] == URL
    member.refresh_from_db()
    assert re.fullmatch(rf"avatars/{member.pk}-[0-9a-f]{{16}}\.webp", member.avatar.name)
    assert stored_files(media_root) == [member.avatar.name]
    with Image.open(media_root / member.avatar.name) as stored:
        assert (stored.format, stored.size) == ("WEBP", (256, 256))
    page = member_client.get(URL).content.decode()
    assert _messages(page) == ["Your avatar was updated."]
    assert f'src="/media/{member.avatar.name}"' in page


def test_account_settings_uploaded_avatar_is_served(
    member: Member, member_client: Client, guest_client: Client, media_root: Path
) -> None:
    member_client.post(
        URL, {"section": "avatar", "avatar": SimpleUploadedFile("me.png", png(), "image/png")}
    )
    member.refresh_from_db()
    response = guest_client.get(f"/media/{member.avatar.name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.getvalue() == (media_root / member.avatar.name).read_bytes()


def test_account_settings_avatar_replace_deletes_old_file(
    member: Member,
    member_client: Client,
    media_root: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            URL, {"section": "avatar", "avatar": SimpleUploadedFile("a.png", png(), "image/png")}
        )
    member.refresh_from_db()
    first = member.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            URL, {"section": "avatar", "avatar": SimpleUploadedFile("b.png", png(), "image/png")}
        )
    member.refresh_from_db()
    assert member.avatar.name != first
    assert stored_files(media_root) == [member.avatar.name]


def test_account_settings_avatar_remove(
    member: Member,
    member_client: Client,
    media_root: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    member_client.post(
        URL, {"section": "avatar", "avatar": SimpleUploadedFile("a.png", png(), "image/png")}
    )
    member.refresh_from_db()
    assert member.avatar
    member_client.get(URL)  # shows (and so uses up) the upload's message
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(URL, {"section": "avatar", "remove": "on"})
    assert response.status_code == 302
    assert response["Location"] == URL
    member.refresh_from_db()
    assert member.avatar.name == ""
    assert stored_files(media_root) == []
    page = member_client.get(URL).content.decode()
    assert _messages(page) == ["Your avatar was updated."]
    assert '<div class="avatar-preview"><span class="avatar avatar-m avatar-initials' in page


def test_account_settings_avatar_remove_wins_over_a_new_file(
    member: Member, member_client: Client, media_root: Path
) -> None:
    response = member_client.post(
        URL,
        {
            "section": "avatar",
            "remove": "on",
            "avatar": SimpleUploadedFile("a.png", png(), "image/png"),
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.avatar.name == ""
    assert stored_files(media_root) == []


def test_account_settings_avatar_without_file_asks_for_one(
    member: Member, member_client: Client, media_root: Path
) -> None:
    response = member_client.post(URL, {"section": "avatar"})
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        '<ul class="errorlist" id="id_avatar_error"><li>Choose an image to upload.</li></ul>'
    ) in html
    assert _messages(html) == []
    member.refresh_from_db()
    assert member.avatar.name == ""


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        pytest.param(
            "notes.png",
            b"this is not an image",
            "image/png",
            "Upload a PNG, JPEG, GIF or WebP image.",
            id="text-named-png",
        ),
        pytest.param(
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
            "Upload a PNG, JPEG, GIF or WebP image.",
            id="svg",
        ),
        pytest.param(
            "huge.png",
            png() + b"\0" * (5 * 1024 * 1024),
            "image/png",
            "The image is larger than 5 MB.",
            id="over-5mb",
        ),
    ],
)
def test_account_settings_bad_avatar_is_400_and_saves_nothing(
    member: Member,
    member_client: Client,
    media_root: Path,
    name: str,
    content: bytes,
    content_type: str,
    message: str,
) -> None:
    response = member_client.post(
        URL, {"section": "avatar", "avatar": SimpleUploadedFile(name, content, content_type)}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f'<ul class="errorlist" id="id_avatar_error"><li>{message}</li></ul>' in html
    assert _messages(html) == []
    member.refresh_from_db()
    assert member.avatar.name == ""
    assert stored_files(media_root) == []


def test_account_settings_bad_avatar_keeps_the_previous_one(
    member: Member, member_client: Client, media_root: Path
) -> None:
    member_client.post(
        URL, {"section": "avatar", "avatar": SimpleUploadedFile("a.png", png(), "image/png")}
    )
    member.refresh_from_db()
    previous = member.avatar.name
    response = member_client.post(
        URL,
        {"section": "avatar", "avatar": SimpleUploadedFile("b.png", b"garbage", "image/png")},
    )
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.avatar.name == previous
    assert stored_files(media_root) == [previous]


def test_account_settings_avatar_section_leaves_profile_alone(
    member: Member, member_client: Client, media_root: Path
) -> None:
    member_client.post(
        URL,
        {
            "section": "avatar",
            "avatar": SimpleUploadedFile("a.png", png(), "image/png"),
            "display_name": "Sneaky",
            "country": "",
        },
    )
    member.refresh_from_db()
    assert _profile(member) == ("Alice Example", "FR", "DE")
