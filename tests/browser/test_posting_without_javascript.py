"""Posting with JavaScript off: errors keep the text, preview works, drafts save with a
button and come back, one post per click, editing works."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from pnyx.posting.models import Draft
from pnyx.testing.factories import make_forum, make_member
from pnyx.threads.models import Post, Thread

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_start_thread_and_reply_with_javascript_off(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any]
) -> None:
    forum = make_forum(name="Economy & Trade")
    member = make_member(username="ana")
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, member)

    page.goto(f"{base_url}{forum.get_absolute_url()}")
    page.get_by_role("link", name="Post thread").click()
    page.fill("input[name=title]", "   ")  # passes the browser's check, not the server's
    page.fill("textarea[name=body]", "Tariffs rise again; **exporters** brace.")
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_text("Give the thread a title.")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value(
        "Tariffs rise again; **exporters** brace."
    )
    assert Thread.objects.count() == 0

    page.fill("input[name=title]", "Tariffs rise again")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".composer-preview strong")).to_have_text("exporters")
    page.get_by_role("button", name="Post thread").dblclick()
    expect(page.locator("h1")).to_have_text("Tariffs rise again")
    assert Thread.objects.count() == 1

    thread = Thread.objects.get()
    page.fill("textarea[name=body]", "Follow-up with numbers: exports fell 4 per cent.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.goto(f"{base_url}/")
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    box = page.locator("#reply textarea[name=body]")
    expect(box).to_have_value("Follow-up with numbers: exports fell 4 per cent.")
    expect(page.locator("#reply .draft-status")).to_contain_text("Your draft was restored")

    page.get_by_role("button", name="Post reply").dblclick()
    expect(page.locator("article.post")).to_have_count(2)
    assert Post.objects.count() == 2
    assert Draft.objects.get(member=member, thread=thread).is_empty is True
    expect(page.locator("#reply textarea[name=body]")).to_have_value("")

    reply = Post.objects.get(position=2)
    page.locator(f"#post-{reply.pk}").get_by_role("link", name="Edit").click()
    expect(page.locator("h1")).to_have_text("Edit post #2")
    page.fill("textarea[name=body]", "Follow-up with numbers: exports fell 5 per cent.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(f"#post-{reply.pk} .post-main > .post-body")).to_have_text(
        "Follow-up with numbers: exports fell 5 per cent."
    )
    context.close()
