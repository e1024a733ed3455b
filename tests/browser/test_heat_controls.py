"""Heat controls in the browser: a moderator puts a thread in slow mode from its page, a
member's second post is refused with the wait and their text kept; a banned member sees the
reason and the end."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from pnyx.sanctions.services import ban_member
from pnyx.testing.factories import make_forum, make_member, make_thread
from pnyx.threads.models import Post

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [False, True])
def test_slow_mode_refuses_a_second_post(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any], javascript: bool
) -> None:
    forum = make_forum(name="Defence")
    thread = make_thread(forum, title="Frontline report", author=make_member())
    moderator = make_member(username="mod_heat", is_staff=True)
    member = make_member(username="hot_head")

    context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base_url, moderator)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    page.get_by_role("link", name="Heat controls (slow mode, reply bans)").click()
    page.fill("input[name=seconds]", "300")
    page.get_by_role("button", name="Set slow mode").click()
    expect(page.get_by_text("Slow mode is on.")).to_be_visible()
    context.close()

    context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base_url, member)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    expect(page.locator(".slow-mode")).to_contain_text("once every 300 seconds")
    page.fill("#reply textarea[name=body]", "My first point.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("article.post")).to_have_count(2)
    page.fill("#reply textarea[name=body]", "And a second one at once.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("This thread is in slow mode").first).to_be_visible()
    expect(page.locator("textarea[name=body]").first).to_have_value("And a second one at once.")
    assert Post.objects.filter(author=member).count() == 1
    context.close()


def test_a_banned_member_sees_the_reason(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any]
) -> None:
    forum = make_forum(name="Elections")
    thread = make_thread(forum, title="Polling day", author=make_member())
    member = make_member(username="spammy")
    ban_member(make_member(is_staff=True), member, reason="Posting adverts")
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, member)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Polling day")  # still reads
    page.fill("#reply textarea[name=body]", "Cheap watches here.")
    page.get_by_role("button", name="Post reply").click()
    expect(
        page.get_by_text(
            "You are banned from this forum. Reason: Posting adverts. This is permanent."
        )
    ).to_be_visible()
    assert not Post.objects.filter(author=member).exists()
    context.close()
