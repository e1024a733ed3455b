"""A member reports a post, a moderator resolves the case from the queue, the reporter reads
the outcome; a moderator locks a thread from its page. Without JavaScript: these are forms
that post and redirect."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from pnyx.moderation.models import ReportReason
from pnyx.testing.factories import first_post, make_forum, make_member, make_thread
from pnyx.threads.models import Thread

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def no_js(browser: Browser, base_url: str, browser_context_args: dict[str, Any]) -> Page:
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    return context.new_page()


def test_report_then_resolve_then_the_reporter_sees_the_outcome(
    page: Page, no_js: Page, base_url: str
) -> None:
    # Transactional tests start from empty tables: the reasons the migration adds are gone.
    ReportReason.objects.get_or_create(key="misinformation", defaults={"label": "Misinformation"})
    author = make_member(username="ana")
    reporter = make_member(username="jonas")
    moderator = make_member(username="mod_mia", is_staff=True)
    thread = make_thread(make_forum(), author=author, body="The treaty was signed in 1850.")
    post = first_post(thread)

    sign_in(page, base_url, reporter)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    page.locator(f"#post-{post.pk}").get_by_role("link", name="Report").click()
    page.get_by_label("Misinformation").check()
    page.get_by_label("Note for the moderators").fill("It was 1815.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("The moderators have not decided yet.")).to_be_visible()
    case_url = page.url

    sign_in(no_js, base_url, moderator)
    no_js.goto(f"{base_url}/moderation/reports/")
    case = no_js.locator(".report-case").first
    expect(case).to_contain_text("The treaty was signed in 1850.")
    expect(case).to_contain_text("It was 1815.")
    case.get_by_label("action taken").check()
    case.get_by_label("Note (the reporters see it)").fill("Corrected the date.")
    case.get_by_role("button", name="Resolve").click()
    expect(no_js.get_by_text("Case resolved.")).to_be_visible()
    expect(no_js.get_by_text("No open reports in the forums you moderate.")).to_be_visible()

    page.goto(case_url)
    expect(page.get_by_text("action taken")).to_be_visible()
    expect(page.get_by_text("Corrected the date.")).to_be_visible()


def test_moderator_locks_a_thread_without_javascript(no_js: Page, base_url: str) -> None:
    moderator = make_member(username="mod_mia", is_staff=True)
    thread = make_thread(make_forum(), author=make_member(), body="Heated.")
    sign_in(no_js, base_url, moderator)
    no_js.goto(f"{base_url}{thread.get_absolute_url()}")
    no_js.get_by_role("button", name="Lock").click()
    expect(no_js.get_by_text("Thread locked.")).to_be_visible()
    expect(no_js.get_by_role("button", name="Unlock")).to_be_visible()
    assert Thread.objects.get(pk=thread.pk).is_locked
