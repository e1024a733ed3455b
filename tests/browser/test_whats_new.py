"""What's new marks a thread with unseen replies, leads to the first unread post, and stops
marking it once read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from pnyx.posting.services import reply_to_thread
from pnyx.testing.factories import make_forum, make_member, make_thread
from pnyx.threads.models import Post

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_whats_new_leads_to_the_first_unread_post(page: Page, base_url: str) -> None:
    forum = make_forum(name="Diplomacy")
    reader = make_member(username="reader")
    reader.read_cutoff = timezone.now() - timedelta(days=1)
    reader.save(update_fields=["read_cutoff"])
    ana = make_member(username="ana")
    thread = make_thread(forum, author=ana, title="Summit in Nairobi", replies=2)
    quiet = make_thread(forum, author=ana, title="Older news")

    sign_in(page, base_url, reader)
    page.goto(f"{base_url}{thread.get_absolute_url()}")  # read all three posts
    page.goto(f"{base_url}{quiet.get_absolute_url()}")
    first_unseen = reply_to_thread(ana, thread, body="Delegations arrive tonight.")
    reply_to_thread(ana, thread, body="Agenda published.")

    page.get_by_role("link", name="What's new").click()
    row = page.locator(".thread-row", has_text="Summit in Nairobi")
    expect(row.locator(".badge-new")).to_have_text("New")
    expect(page.locator(".thread-row", has_text="Older news").locator(".badge-new")).to_have_count(
        0
    )
    row.get_by_role("link", name="New unread posts in").click()

    expect(page).to_have_url(f"{base_url}{thread.get_absolute_url()}#post-{first_unseen.pk}")
    unseen = page.locator(f"#post-{first_unseen.pk}")
    expect(unseen).to_be_in_viewport()
    expect(unseen.locator(".badge-new")).to_have_text("New")
    assert Post.objects.filter(thread=thread).count() == 5

    page.get_by_role("link", name="What's new").click()
    expect(page.locator(".thread-row", has_text="Summit in Nairobi")).to_be_visible()
    expect(page.locator(".badge-new")).to_have_count(0)
