"""Tests for pnyx.core views (health check, media) and the security headers on every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
import pytest
from django.test import Client
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.core import views
from pnyx.forums.models import Forum
from pnyx.threads.models import Thread

AVATAR_NAME = "12-0123456789abcdef.webp"
AVATAR_BYTES = b"RIFF\x0c\x00\x00\x00WEBPVP8 "


def csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def html_elements(content: bytes) -> list[Element]:
    root: Element = html5lib.parseFragment(
        content.decode(), treebuilder="etree", namespaceHTMLElements=False
    )
    return [element for element in root.iter() if isinstance(element.tag, str)]


# ---------------------------------------------------------------- healthz


def test_healthz_reports_ok_when_database_answers(guest_client: Client) -> None:
    response = guest_client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": True}


class _BrokenConnection:
    def cursor(self) -> Any:
        raise OSError("database is down")


def test_healthz_reports_unavailable_when_database_fails(
    guest_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "connection", _BrokenConnection())

    response = guest_client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False}


def test_healthz_accepts_only_get(guest_client: Client) -> None:
    assert guest_client.post("/healthz").status_code == 405


# ---------------------------------------------------------------- media


@pytest.fixture
def media_root(settings: Settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    (root / "avatars").mkdir(parents=True)
    settings.MEDIA_ROOT = root
    return root


def test_media_serves_avatar_with_locked_down_headers(
    guest_client: Client, media_root: Path
) -> None:
    (media_root / "avatars" / AVATAR_NAME).write_bytes(AVATAR_BYTES)

    response = guest_client.get(f"/media/avatars/{AVATAR_NAME}")

    assert response.status_code == 200
    assert response.getvalue() == AVATAR_BYTES
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "sandbox" in csp_directives(response["Content-Security-Policy"])
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_media_missing_avatar_is_not_found(guest_client: Client, media_root: Path) -> None:
    assert guest_client.get("/media/avatars/13-0123456789abcdef.webp").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/avatars/../secret_key",
        "/media/avatars/%2e%2e/secret_key",
        "/media/avatars/..%2fsecret_key",
        "/media/secret_key",
        "/media/avatars/secret_key",
        "/media/avatars/evil.html",
        "/media/avatars/12-0123456789ABCDEF.webp",
        "/media/avatars/12-0123456789abcdef.png",
        "/media/avatars/12-0123456789abcdef.webp.html",
        "/media/avatars/12-0123456789abcde.webp",
        "/media/avatars/x-0123456789abcdef.webp",
        "/media/other/12-0123456789abcdef.webp",
        f"/media/avatars/{AVATAR_NAME}/../../secret_key",
        "/media/",
    ],
)
def test_media_serves_nothing_but_avatar_names(
    guest_client: Client, media_root: Path, path: str
) -> None:
    (media_root / "secret_key").write_text("top secret", encoding="utf-8")
    (media_root.parent / "secret_key").write_text("top secret", encoding="utf-8")
    (media_root / "avatars" / "secret_key").write_text("top secret", encoding="utf-8")
    (media_root / "avatars" / "evil.html").write_text("<script>x</script>", encoding="utf-8")
    (media_root / "avatars" / "12-0123456789ABCDEF.webp").write_bytes(AVATAR_BYTES)
    (media_root / "avatars" / "12-0123456789abcdef.png").write_bytes(AVATAR_BYTES)
    (media_root / "avatars" / "12-0123456789abcdef.webp.html").write_bytes(AVATAR_BYTES)

    response = guest_client.get(path)

    assert response.status_code == 404
    assert b"top secret" not in response.content


def test_media_accepts_only_get(guest_client: Client, media_root: Path) -> None:
    (media_root / "avatars" / AVATAR_NAME).write_bytes(AVATAR_BYTES)

    assert guest_client.post(f"/media/avatars/{AVATAR_NAME}").status_code == 405


# ---------------------------------------------------------------- security headers


def assert_page_csp(header: str) -> None:
    directives = csp_directives(header)
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]


def test_security_headers_on_guest_index(guest_client: Client) -> None:
    response = guest_client.get("/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert csp_directives(response["Content-Security-Policy"]) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "https:", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
    assert "Strict-Transport-Security" not in response  # the test site is http


@pytest.mark.parametrize("path", ["/", "/healthz", "/accounts/login/", "/api/v1/categories"])
def test_hsts_on_every_answer_of_an_https_site(
    settings: Settings, guest_client: Client, path: str
) -> None:
    # What PNYX_SITE_URL=https://… sets (pnyx.core.tests.test_security_settings); TLS may
    # end at a proxy that does not say so, so the header does not wait for is_secure().
    settings.HSTS_SECONDS = 31_536_000
    response = guest_client.get(path)
    assert response["Strict-Transport-Security"] == "max-age=31536000"


def _sign_in(member: Member) -> Any:
    from pnyx.testing.factories import PASSWORD

    client = Client()
    client.get("/accounts/login/")  # sets the CSRF cookie
    response = client.post("/accounts/login/", {"login": member.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("https", [False, True])
def test_session_and_csrf_cookies_flags(settings: Settings, member: Member, https: bool) -> None:
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = https  # as PNYX_SITE_URL sets
    client = _sign_in(member)
    session = client.cookies["sessionid"]
    assert (session["httponly"], session["samesite"], bool(session["secure"])) == (
        True,
        "Lax",
        https,
    )
    csrf = client.cookies["csrftoken"]
    assert (csrf["samesite"], bool(csrf["secure"])) == ("Lax", https)


def _page_paths(thread: Thread, forum: Forum, member: Member) -> list[str]:
    return [
        "/",
        forum.get_absolute_url(),
        thread.get_absolute_url(),
        "/whats-new/",
        f"/members/{member.username}/",
        "/account/settings/",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
    ]


@pytest.mark.parametrize("who", ["guest", "member"])
def test_security_headers_on_every_html_page(
    who: str,
    guest_client: Client,
    member_client: Client,
    thread: Thread,
    forum: Forum,
    member: Member,
) -> None:
    client = member_client if who == "member" else guest_client
    for path in _page_paths(thread, forum, member):
        response = client.get(path)
        assert response.status_code in {200, 302, 404}, path
        assert_page_csp(response["Content-Security-Policy"])
        assert response["X-Content-Type-Options"] == "nosniff", path


@pytest.mark.parametrize("who", ["guest", "member"])
def test_html_pages_need_no_inline_script_or_style(
    who: str,
    guest_client: Client,
    member_client: Client,
    thread: Thread,
    forum: Forum,
    member: Member,
) -> None:
    # The CSP forbids inline scripts, inline styles and event handler attributes, so any
    # of them on a page would be silently blocked by the browser.
    client = member_client if who == "member" else guest_client
    for path in _page_paths(thread, forum, member):
        response = client.get(path)
        if response.status_code == 302:
            continue
        elements = html_elements(response.content)
        inline_scripts = [e for e in elements if e.tag == "script" and not e.get("src")]
        style_blocks = [e for e in elements if e.tag == "style"]
        style_attributes = [e.tag for e in elements if "style" in e.attrib]
        handlers = [a for e in elements for a in e.attrib if a.lower().startswith("on")]
        assert (path, inline_scripts, style_blocks, style_attributes, handlers) == (
            path,
            [],
            [],
            [],
            [],
        )


def test_admin_login_csp_keeps_scripts_locked_down(guest_client: Client) -> None:
    # The admin has no sign-in form of its own: it sends to the site's (issue 9).
    response = guest_client.get("/admin/login/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    directives = csp_directives(response["Content-Security-Policy"])
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    inline_scripts = [
        e for e in html_elements(response.content) if e.tag == "script" and not e.get("src")
    ]
    assert inline_scripts == []


def test_admin_index_csp_keeps_scripts_locked_down(admin_client: Client) -> None:
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    directives = csp_directives(response["Content-Security-Policy"])
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]


def test_security_headers_on_json_responses(guest_client: Client) -> None:
    response = guest_client.get("/healthz")

    assert_page_csp(response["Content-Security-Policy"])
    assert response["X-Content-Type-Options"] == "nosniff"
