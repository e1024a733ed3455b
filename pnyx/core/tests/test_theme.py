"""The theme switch: a cookie, set by a GET form without JavaScript (no CSRF token, so guest
pages stay the same for every guest) and rendered as data-theme on <html>."""

from __future__ import annotations

import pytest
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.threads.models import Thread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_sets_the_cookie_and_goes_back(guest_client: Client, theme: str) -> None:
    response = guest_client.get(f"/theme/?set={theme}&next=/whats-new/%3Fa%3D1")

    assert response.status_code == 303
    assert response["Location"] == "/whats-new/?a=1"
    assert response["Cache-Control"] == "no-store"
    cookie = response.cookies["pnyx_theme"]
    assert cookie.value == theme
    assert cookie["max-age"] == 31536000
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert cookie["httponly"] == ""


def test_theme_auto_removes_the_cookie(guest_client: Client) -> None:
    guest_client.cookies["pnyx_theme"] = "dark"

    response = guest_client.get("/theme/?set=auto&next=/")

    assert response.cookies["pnyx_theme"].value == ""
    assert response.cookies["pnyx_theme"]["max-age"] == 0


@pytest.mark.parametrize("value", ["", "purple", "DARK"])
def test_theme_refuses_unknown_values(guest_client: Client, value: str) -> None:
    response = guest_client.get(f"/theme/?set={value}&next=/")

    assert response.status_code == 400
    assert "pnyx_theme" not in response.cookies


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.test",
        "//evil.test",
        "/\\evil.test",
        "\\/\\/evil.test",
        "/%2F%2Fevil.test",
        "https:evil.test",
        "java%0ascript:alert(1)",
        "http://pnyx.test@evil.test",
        "/forum/../..//evil.test",
        "/%0d%0aSet-Cookie:x=1",
        "",
    ],
)
def test_theme_never_redirects_off_the_site(guest_client: Client, next_url: str) -> None:
    from urllib.parse import quote

    response = guest_client.get(f"/theme/?set=dark&next={quote(next_url, safe='')}")

    assert response.status_code == 303
    assert response["Location"] == "/"


def test_theme_accepts_only_get(guest_client: Client) -> None:
    assert guest_client.post("/theme/", {"set": "dark"}).status_code == 405


@pytest.mark.parametrize(("cookie", "rendered"), [("dark", "dark"), ("light", "light"),
                                                  ("auto", "auto"), ("<x>", "auto")])  # fmt: skip
def test_pages_render_the_theme_from_the_cookie(
    guest_client: Client, db: None, cookie: str, rendered: str
) -> None:
    guest_client.cookies["pnyx_theme"] = cookie

    html = guest_client.get("/").content.decode()

    assert f'<html lang="en" data-theme="{rendered}">' in html
    scheme = "light dark" if rendered == "auto" else rendered
    assert f'<meta name="color-scheme" content="{scheme}">' in html
    pressed = {"auto": "System", "light": "Light", "dark": "Dark"}[rendered]
    assert f'aria-pressed="true">{pressed}</button>' in html


def test_theme_form_works_without_a_csrf_token(guest_client: Client, db: None) -> None:
    html = guest_client.get("/").content.decode()

    form = html[html.index('<form class="theme-form"') :]
    form = form[: form.index("</form>")]
    assert 'method="get" action="/theme/"' in form
    assert '<input type="hidden" name="next" value="/">' in form
    assert "csrfmiddlewaretoken" not in form


def test_guest_pages_are_the_same_for_every_guest(
    forum: Forum, thread: Thread, member: Member
) -> None:
    # The guest page cache stores one copy per URL and theme: nothing in a guest page may
    # differ between two guests (no CSRF token, no per-request ids).
    paths = ["/", forum.get_absolute_url(), "/whats-new/", f"/members/{member.username}/"]
    for path in paths:
        first, second = Client().get(path), Client().get(path)
        assert first.status_code == 200, path
        assert first.content == second.content, path
        assert b"csrfmiddlewaretoken" not in first.content, path
    page = Client().get(thread.get_absolute_url()).content
    assert b"csrfmiddlewaretoken" not in page
