"""Posting too fast (SECURITY.md RL-03): the member is told to wait and keeps the text, with
and without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from pytest_django import Settings

from pnyx.testing.factories import make_member, make_thread
from pnyx.threads.models import Post

from .helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("rate_window_held")]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_rl_03_reply_past_the_limit_is_refused_with_the_text_kept(
    javascript: bool,
    browser: Browser,
    base_url: str,
    browser_context_args: dict[str, Any],
    settings: Settings,
) -> None:
    settings.PAGE_POST_RATE = (1, 60)
    member = make_member(username="quick")
    thread = make_thread(author=make_member(), title="Fast talkers")
    context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base_url, member)
    page.goto(f"{base_url}{thread.get_absolute_url()}")

    page.locator("#reply textarea[name=body]").fill("First, within the limit.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("article.post")).to_have_count(2)

    box = page.locator("textarea[name=body]")
    box.fill("Second, one too many.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("alert")).to_contain_text("You are doing that too often. Wait")
    expect(page.locator("textarea[name=body]")).to_have_value("Second, one too many.")
    assert Post.objects.filter(author=member).count() == 1
    context.close()
