"""Replies posted while a reader has the thread open are announced ("1 new reply — show
it") and load on click without a reload; unchanged threads answer the poll with 304."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Response, expect

from pnyx.posting.services import reply_to_thread
from pnyx.testing.factories import make_forum, make_member, make_thread

pytestmark = pytest.mark.django_db(transaction=True)


def test_new_replies_are_announced_and_shown_on_click(page: Page, base_url: str) -> None:
    ana = make_member(username="ana", country="KE")
    thread = make_thread(make_forum(), author=ana, title="Nairobi summit", replies=1)
    polls: list[int] = []

    def record(response: Response) -> None:
        if response.url.endswith(f"/threads/{thread.pk}/state/"):
            polls.append(response.status)

    page.on("response", record)
    page.add_init_script("window.PNYX_POLL_MS = 300")
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    page.evaluate("window.stillTheSamePage = true")
    page.wait_for_timeout(1000)
    assert polls and set(polls) == {304}  # nothing new: the cheap answer

    reply_to_thread(ana, thread, body="Delegations arrive tonight.")
    reply_to_thread(ana, thread, body="The agenda is out.")
    button = page.get_by_role("button", name="2 new replies — show them")
    expect(button).to_be_visible()
    assert 200 in polls
    button.click()

    expect(page.locator("article.post")).to_have_count(4)
    new = page.locator("article.post", has_text="Delegations arrive tonight.")
    expect(new).to_be_focused()
    expect(new.locator(".member-card")).to_contain_text("Kenya")
    expect(button).to_be_hidden()
    assert page.evaluate("window.stillTheSamePage") is True
