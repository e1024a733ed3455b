"""Keyboard only: a member reaches and uses React, Quote and Reply, and sees where focus is."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pnyx.posting.services import reply_to_thread
from pnyx.testing.factories import PASSWORD, make_forum, make_member, make_thread
from pnyx.threads.models import Post

pytestmark = pytest.mark.django_db(transaction=True)

FOCUS_VISIBLE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
}"""


def tab_to(page: Page, selector: str, *, limit: int = 120, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``; the focus
    must be visible on it."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {selector}"
            return
    raise AssertionError(f"{selector} is not reachable with the keyboard")


def test_keyboard_only_member_reacts_quotes_and_replies(page: Page, base_url: str) -> None:
    ana = make_member(username="ana")
    jonas = make_member(username="jonas")
    thread = make_thread(make_forum(), author=ana, body="Shipping insurance doubled.")
    second = reply_to_thread(ana, thread, body="Premiums fell back in May.")
    first_id = thread.first_post_id

    # Sign in with the keyboard.
    page.goto(f"{base_url}/accounts/login/")
    tab_to(page, "input[name=login]")
    page.keyboard.type(jonas.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/")

    page.goto(f"{base_url}{thread.get_absolute_url()}")
    tab_to(page, ".skip-link")
    expect(page.locator(".skip-link")).to_be_in_viewport()

    # React to the first post.
    tab_to(page, f"#post-{first_id} button[value=informative]")
    page.keyboard.press("Enter")
    informative = page.locator(f"#post-{first_id} button[value=informative]")
    expect(informative).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-reaction-score=ana]").first).to_have_text("1")

    # Quote the second post: the quote lands in the reply box, which takes the focus.
    tab_to(page, f"#post-{second.pk} a[data-quote-post]")
    page.keyboard.press("Enter")
    box = page.locator("#reply textarea[name=body]")
    expect(box).to_be_focused()
    expect(box).to_have_value(
        f'[quote="ana, post:{second.pk}"]\nPremiums fell back in May.\n[/quote]\n\n'
    )
    page.keyboard.type("Only for a month.")
    tab_to(page, "#reply button[data-submit]")
    page.keyboard.press("Enter")
    new_post = page.locator("article.post", has_text="Only for a month.")
    expect(new_post).to_be_focused()
    expect(new_post.locator("blockquote .quote-by")).to_have_text("ana said:")

    # Reply (without quoting) from a post's Reply link.
    tab_to(page, f"#post-{first_id} a[data-reply-link]", back=True)
    page.keyboard.press("Enter")
    expect(box).to_be_focused()
    page.keyboard.type("And the escorts?")
    tab_to(page, "#reply button[data-submit]")
    page.keyboard.press("Enter")
    expect(page.locator("article.post", has_text="And the escorts?")).to_be_focused()
    assert Post.objects.filter(thread=thread).count() == 4
