"""Reacting updates the count and the Reaction score in place; again removes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pnyx.testing.factories import make_forum, make_member, make_thread

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_toggles_a_reaction(page: Page, base_url: str) -> None:
    author = make_member(username="ana")
    reader = make_member(username="jonas")
    thread = make_thread(make_forum(), author=author, body="A well-sourced analysis.")

    sign_in(page, base_url, reader)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    post = page.locator(f"#post-{thread.first_post_id}")
    score = post.locator("[data-reaction-score=ana]")
    expect(score).to_have_text("0")
    informative = post.get_by_role("button", name="Informative")
    informative.click()
    expect(informative).to_have_attribute("aria-pressed", "true")
    expect(informative.locator(".reaction-count")).to_have_text("1")
    expect(score).to_have_text("1")
    page.reload()
    expect(page.locator(f"#post-{thread.first_post_id} [data-reaction-score=ana]")).to_have_text(
        "1"
    )
    page.locator(f"#post-{thread.first_post_id}").get_by_role("button", name="Informative").click()
    expect(score).to_have_text("0")
    expect(
        page.locator(f"#post-{thread.first_post_id}").get_by_role("button", name="Informative")
    ).to_have_attribute("aria-pressed", "false")
