"""A member is quoted, sees the alert in the header and follows it to the post."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pnyx.alerts.models import Alert
from pnyx.jobs.worker import run_pending_jobs
from pnyx.posting.services import create_thread, reply_to_thread
from pnyx.testing.factories import make_forum, make_member

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_is_quoted_and_follows_the_alert_to_the_post(page: Page, base_url: str) -> None:
    forum = make_forum(name="News & Current Events")
    ana = make_member(username="ana")
    jonas = make_member(username="jonas")
    thread = create_thread(ana, forum, title="Talks to resume", body="Talks resume on Monday.")
    for _ in range(25):  # the quote lands on the second page
        reply_to_thread(ana, thread, body="Filler.")
    reply = reply_to_thread(
        jonas,
        thread,
        body=f'[quote="ana, post:{thread.first_post_id}"]\nTalks resume\n[/quote]\n\nWhere?',
    )
    run_pending_jobs("browser-test")  # what the worker does after the reply

    sign_in(page, base_url, ana)
    count = page.locator(".site-header .alert-count")
    expect(count).to_have_text("1")
    page.get_by_role("link", name="Alerts").first.click()
    alert = page.locator(".alert-item", has_text="jonas quoted your post in Talks to resume")
    expect(alert).to_be_visible()
    alert.get_by_role("link").first.click()
    expect(page).to_have_url(f"{base_url}{thread.page_url(2)}#post-{reply.pk}")
    expect(page.locator(f"#post-{reply.pk}")).to_contain_text("Where?")
    assert Alert.objects.get(member=ana).read_at is not None
    expect(page.locator(".site-header .alert-count")).to_have_count(0)
