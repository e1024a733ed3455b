"""Private conversations with JavaScript off: start a three-party conversation from the
header link, reply (with a quote), and a member who was not invited gets a 404."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from pnyx.conversations.models import Conversation, Message
from pnyx.testing.factories import make_member

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_three_party_conversation_without_javascript(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any]
) -> None:
    ana = make_member(username="ana", display_name="Ana")
    ben = make_member(username="ben", display_name="Ben")
    make_member(username="cleo", display_name="Cleo")
    outsider = make_member(username="dan")

    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, ana)
    page.goto(f"{base_url}/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Conversations").click()
    page.get_by_role("link", name="Start a conversation").click()
    page.fill("input[name=recipients]", "ben, cleo")
    page.fill("input[name=title]", "Election night")
    page.fill("textarea[name=body]", "Who watches the **results** with me?")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".composer-preview strong")).to_have_text("results")
    page.get_by_role("button", name="Start conversation").dblclick()
    expect(page.locator("h1")).to_have_text("Election night")
    assert Conversation.objects.count() == 1
    conversation = Conversation.objects.get()
    participants = page.locator(".conversation-participants li")
    expect(participants).to_have_text(["Ana", "Ben", "Cleo"])
    context.close()

    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, ben)
    page.goto(f"{base_url}/conversations/")
    row = page.locator(".conversation-row", has_text="Election night")
    expect(row.locator(".badge-new")).to_be_visible()
    row.get_by_role("link", name="Election night").click()
    expect(page.locator("article.post .post-body")).to_contain_text(
        "Who watches the results with me?"
    )
    first = Message.objects.get()
    page.locator(f"#message-{first.pk}").get_by_role("link", name="Quote").click()
    box = page.locator("textarea[name=body]")
    expect(box).to_have_value(
        f'[quote="ana, post:{first.pk}"]\nWho watches the **results** with me?\n[/quote]\n\n'
    )
    box.press("End")
    box.type("Count me in.")
    page.get_by_role("button", name="Send reply").dblclick()
    expect(page.locator("article.post")).to_have_count(2)
    assert Message.objects.count() == 2
    reply = Message.objects.latest("pk")
    expect(page.locator(f"#message-{reply.pk} .quote-by a")).to_have_text("ana")
    expect(page.locator(f"#message-{reply.pk} .post-body")).to_contain_text("Count me in.")
    context.close()

    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, outsider)
    answer = page.goto(f"{base_url}/conversations/{conversation.pk}/")
    assert answer is not None and answer.status == 404
    expect(page.get_by_text("Election night")).to_have_count(0)
    context.close()
