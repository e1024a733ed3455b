"""Search journeys: from the header to the right post, inside one long thread, and the
similar threads shown while a new thread is written."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pnyx.posting.services import reply_to_thread
from pnyx.testing.factories import make_forum, make_member, make_thread
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_from_the_header_opens_the_post(page: Page, base_url: str) -> None:
    forum = make_forum(name="World")
    author = make_member(username="ines")
    thread = make_thread(forum, author=author, title="Port strike enters second week")
    for i in range(2, 30):
        body = "Dockers mention the gantry cranes." if i == 27 else f"Reply number {i}."
        post = reply_to_thread(author, thread, body=body)
        if i == 27:
            target = post

    page.goto(f"{base_url}/")
    page.get_by_role("search").get_by_role("searchbox", name="Search the forums").fill("crane")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}/search/?q=crane")
    result = page.locator(".search-result")
    expect(result).to_have_count(1)
    expect(result.locator("mark")).to_have_text("cranes")
    result.get_by_role("link", name="Port strike enters second week").click()
    expect(page).to_have_url(
        f"{base_url}/threads/{thread.pk}-{thread.slug}/page-2#post-{target.pk}"
    )
    expect(page.locator(f"#post-{target.pk}")).to_be_in_viewport()


def test_search_inside_a_long_thread_and_jump(page: Page, base_url: str) -> None:
    forum = make_forum(name="Economy")
    author = make_member(username="odile")
    thread = make_thread(forum, author=author, title="Inflation live thread")
    other = make_thread(forum, author=author, title="Unrelated", body="Lighthouse keepers.")
    assert other
    targets = []
    for i in range(2, 50):
        body = "A lighthouse appears." if i in (5, 44) else f"Reply number {i}."
        post = reply_to_thread(author, thread, body=body)
        if i in (5, 44):
            targets.append(post)

    page.goto(f"{base_url}/threads/{thread.pk}-{thread.slug}/")
    page.get_by_role("searchbox", name="Search this thread").fill("lighthouse")
    page.get_by_role("search").filter(
        has=page.get_by_role("searchbox", name="Search this thread")
    ).get_by_role("button", name="Search").click()
    results = page.locator(".search-result")
    expect(results).to_have_count(2)  # not the other thread's
    expect(results.nth(0)).to_contain_text("post #5")
    expect(results.nth(1)).to_contain_text("post #44")
    results.nth(1).get_by_role("link", name="page 3").click()
    expect(page).to_have_url(
        f"{base_url}/threads/{thread.pk}-{thread.slug}/page-3#post-{targets[1].pk}"
    )
    expect(page.locator(f"#post-{targets[1].pk}")).to_be_in_viewport()


def test_similar_threads_appear_while_typing_a_title(page: Page, base_url: str) -> None:
    forum = make_forum(name="Europe")
    member = make_member(username="piet")
    make_thread(forum, author=member, title="Floods close the Rhine to shipping")
    for n in range(5):
        make_thread(forum, author=member, title=f"Budget talks, day {n}")
    sign_in(page, base_url, member)
    page.goto(f"{base_url}/forums/{forum.pk}-{forum.slug}/new-thread/")
    page.get_by_label("Title").fill("Rhine floods worsen")
    similar = page.locator("#similar-threads")
    expect(similar).to_contain_text("Already being discussed?")
    expect(similar.get_by_role("link", name="Floods close the Rhine to shipping")).to_be_visible()
    expect(similar).not_to_contain_text("Budget talks")
