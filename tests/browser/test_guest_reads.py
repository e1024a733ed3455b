"""A guest reads: index, forum, a long thread across pages, Top/Bottom, a permalink, What's new."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pnyx.posting.services import reply_to_thread
from pnyx.testing.factories import make_forum, make_member, make_thread
from pnyx.threads.models import Post

pytestmark = pytest.mark.django_db(transaction=True)


def test_guest_reads_a_long_thread(page: Page, base_url: str) -> None:
    forum = make_forum(name="Conflicts & Security")
    author = make_member(username="ana", country="PT", location="BE")
    replier = make_member(username="jonas", country="NO")
    thread = make_thread(forum, author=author, title="Shipping lanes reopen after talks")
    for i in range(2, 46):
        reply_to_thread(replier if i % 2 else author, thread, body=f"Reply number {i}.")
    target = Post.objects.get(thread=thread, position=33)

    page.goto(f"{base_url}/")
    expect(page.get_by_role("link", name="What's new")).to_be_visible()
    page.get_by_role("link", name="Conflicts & Security").click()
    page.get_by_role("link", name="Shipping lanes reopen after talks").click()
    expect(page.locator("h1")).to_have_text("Shipping lanes reopen after talks")
    expect(page.locator("article.post")).to_have_count(20)
    expect(page.locator("article.post").first.locator(".member-card")).to_contain_text("Portugal")
    expect(page.locator("article.post").first.locator(".member-card")).to_contain_text("Belgium")

    page.get_by_role("link", name="Bottom ↓").click()
    expect(page).to_have_url(f"{base_url}/threads/{thread.pk}-{thread.slug}/#thread-bottom")
    page.locator(".pagination").last.get_by_role("link", name="2", exact=True).click()
    expect(page).to_have_url(f"{base_url}/threads/{thread.pk}-{thread.slug}/page-2")
    expect(page.locator("article.post").first).to_contain_text("Reply number 21.")
    page.get_by_role("link", name="Top ↑").first.click()
    assert page.evaluate("window.scrollY") == 0

    # The bar with What's new, Top and Bottom stays at hand however far one scrolls.
    jump = page.get_by_role("navigation", name="Jump")
    jump.get_by_role("link", name="Bottom", exact=True).click()
    expect(page.locator("footer.site-footer")).to_be_in_viewport()
    expect(jump).to_be_in_viewport()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="What's new")
    ).to_be_in_viewport()
    jump.get_by_role("link", name="Top", exact=True).click()
    expect(page.locator("h1")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0

    page.goto(f"{base_url}/posts/{target.pk}/")
    expect(page).to_have_url(
        f"{base_url}/threads/{thread.pk}-{thread.slug}/page-2#post-{target.pk}"
    )
    target_post = page.locator(f"#post-{target.pk}")
    expect(target_post).to_be_in_viewport()
    # The anchor stops below the sticky bar, not under it.
    bar = page.locator(".nav-bar").bounding_box()
    box = target_post.bounding_box()
    assert bar is not None and box is not None
    assert box["y"] >= bar["y"] + bar["height"] - 1

    page.get_by_role("link", name="What's new").click()
    expect(page.locator("h1")).to_have_text("What's new")
    expect(page.get_by_role("link", name="Shipping lanes reopen after talks")).to_be_visible()
