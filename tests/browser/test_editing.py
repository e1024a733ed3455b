"""Editing a post in place keeps its history, which its author and staff can read."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from pnyx.testing.factories import make_forum, make_member, make_thread
from pnyx.threads.models import Post, PostRevision

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_editing_keeps_history_visible_to_those_allowed(
    page: Page, browser: Browser, base_url: str
) -> None:
    ana = make_member(username="ana")
    mia = make_member(username="mod_mia", is_staff=True)
    jonas = make_member(username="jonas")
    thread = make_thread(make_forum(), author=ana, body="Turnout was 61 per cent.")
    post_id = thread.first_post_id
    assert post_id is not None

    sign_in(page, base_url, ana)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    page.evaluate("window.stillTheSamePage = true")
    article = page.locator(f"#post-{post_id}")
    article.get_by_role("link", name="Edit").click()
    box = article.locator("textarea[name=body]")
    expect(box).to_be_focused()
    expect(box).to_have_value("Turnout was 61 per cent.")
    article.get_by_role("button", name="Cancel").click()
    expect(article.locator("textarea")).to_have_count(0)
    expect(article.locator(".post-main > .post-body")).to_have_text("Turnout was 61 per cent.")

    article.get_by_role("link", name="Edit").click()
    box.fill("Turnout was **64** per cent (corrected figure).")
    article.get_by_role("button", name="Preview").click()
    expect(article.locator(".composer-preview strong")).to_have_text("64")
    expect(article.locator(".composer-preview")).to_be_visible()
    article.get_by_role("button", name="Save changes").click()
    expect(article.locator(".post-main > .post-body")).to_have_text(
        "Turnout was 64 per cent (corrected figure)."
    )
    expect(article.locator(".post-edited")).to_contain_text("Last edited")
    assert page.evaluate("window.stillTheSamePage") is True
    assert Post.objects.get(pk=post_id).revision == 1
    assert PostRevision.objects.get(post_id=post_id).previous_source == "Turnout was 61 per cent."
    assert Post.objects.get(pk=post_id).source == "Turnout was **64** per cent (corrected figure)."

    article.get_by_role("link", name="History").click()
    expect(page.locator("h1")).to_have_text("Edit history of post #1")
    expect(page.locator(".revision-source").first).to_have_text(
        "Turnout was **64** per cent (corrected figure)."
    )
    expect(page.locator(".revision-source").nth(1)).to_have_text("Turnout was 61 per cent.")

    # Another member sees that it was edited, but not the history.
    context = browser.new_context()
    other = context.new_page()
    sign_in(other, base_url, jonas)
    other.goto(f"{base_url}{thread.get_absolute_url()}")
    theirs = other.locator(f"#post-{post_id}")
    expect(theirs.locator(".post-edited")).to_contain_text("Last edited")
    expect(theirs.get_by_role("link", name="History")).to_have_count(0)
    expect(theirs.get_by_role("link", name="Edit")).to_have_count(0)
    response = other.goto(f"{base_url}/posts/{post_id}/history/")
    assert response is not None and response.status == 403
    context.close()

    # Staff do see it.
    context = browser.new_context()
    staff = context.new_page()
    sign_in(staff, base_url, mia)
    staff.goto(f"{base_url}{thread.get_absolute_url()}")
    staff.locator(f"#post-{post_id}").get_by_role("link", name="History").click()
    expect(staff.locator(".revision-source").nth(1)).to_have_text("Turnout was 61 per cent.")
    context.close()
