"""Never lose what a member typed: drafts save while typing and come back after the page is
closed, survive going offline, never let a stale window overwrite them; a double click on
Post makes one post."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from pnyx.accounts.models import Member
from pnyx.posting.models import Draft
from pnyx.testing.factories import make_forum, make_member, make_thread
from pnyx.threads.models import Post, Thread

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LONG = (
    "The communiqué leaves three questions open. First, who pays for the escorts once "
    "the pilot ends? Second, how are war-risk premiums shared? Third, what happens when "
    "a flag state leaves the framework halfway through a voyage? "
) * 8


def _signed_in(browser: Browser, base_url: str, member: Member) -> tuple[BrowserContext, Page]:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, base_url, member)
    return context, page


def test_draft_comes_back_after_the_page_is_closed(browser: Browser, base_url: str) -> None:
    ana = make_member(username="ana")
    thread = make_thread(make_forum(), title="Red Sea shipping")

    context, page = _signed_in(browser, base_url, ana)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    box = page.locator("#reply textarea[name=body]")
    box.fill(LONG)
    expect(page.locator("#reply .draft-status")).to_contain_text("Draft saved")
    context.close()  # the page is gone, as after a crash

    context, page = _signed_in(browser, base_url, ana)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    expect(page.locator("#reply textarea[name=body]")).to_have_value(LONG)
    expect(page.locator("#reply .draft-status")).to_contain_text("Your draft was restored")
    context.close()


def test_new_thread_draft_comes_back(browser: Browser, base_url: str) -> None:
    ana = make_member(username="ana")
    forum = make_forum(name="Economy")

    context, page = _signed_in(browser, base_url, ana)
    page.goto(f"{base_url}{forum.get_absolute_url()}new-thread/")
    page.fill("input[name=title]", "Tariff talks")
    page.fill("textarea[name=body]", "Notes so far.")
    expect(page.locator(".draft-status")).to_contain_text("Draft saved")
    page.goto(f"{base_url}/")
    page.goto(f"{base_url}{forum.get_absolute_url()}new-thread/")
    expect(page.locator("input[name=title]")).to_have_value("Tariff talks")
    expect(page.locator("textarea[name=body]")).to_have_value("Notes so far.")
    page.get_by_role("button", name="Post thread").click()
    expect(page.locator("h1")).to_have_text("Tariff talks")
    assert Draft.objects.get(member=ana, forum=forum).is_empty is True
    page.goto(f"{base_url}{forum.get_absolute_url()}new-thread/")
    expect(page.locator("input[name=title]")).to_have_value("")
    expect(page.locator("textarea[name=body]")).to_have_value("")
    context.close()


def test_offline_text_is_kept_and_saved_when_back_online(browser: Browser, base_url: str) -> None:
    ana = make_member(username="ana")
    thread = make_thread(make_forum())

    context, page = _signed_in(browser, base_url, ana)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    box = page.locator("#reply textarea[name=body]")
    status = page.locator("#reply .draft-status")
    box.fill("Written online.")
    expect(status).to_contain_text("Draft saved")

    context.set_offline(True)
    box.fill("Written online. Written on the train, offline.")
    expect(status).to_contain_text("Not saved")
    assert Draft.objects.get(member=ana).body == "Written online."
    stored = page.evaluate("Object.values(localStorage).join('')")
    assert "Written on the train, offline." in stored

    context.set_offline(False)
    expect(status).to_contain_text("Draft saved")
    assert Draft.objects.get(member=ana).body == "Written online. Written on the train, offline."
    context.close()


def test_a_stale_window_gets_a_conflict_notice_not_an_overwrite(
    browser: Browser, base_url: str
) -> None:
    ana = make_member(username="ana")
    thread = make_thread(make_forum())
    context, first = _signed_in(browser, base_url, ana)
    second = context.new_page()
    first.goto(f"{base_url}{thread.get_absolute_url()}")
    second.goto(f"{base_url}{thread.get_absolute_url()}")

    first.locator("#reply textarea[name=body]").fill("From the first window.")
    expect(first.locator("#reply .draft-status")).to_contain_text("Draft saved")
    second.locator("#reply textarea[name=body]").fill("From the second window.")

    notice = second.locator(".draft-conflict")
    expect(notice).to_contain_text("another window")
    expect(notice.locator("pre")).to_have_text("From the first window.")
    assert Draft.objects.get(member=ana).body == "From the first window."
    notice.get_by_role("button", name="Keep my text").click()
    expect(second.locator("#reply .draft-status")).to_contain_text("Draft saved")
    assert Draft.objects.get(member=ana).body == "From the second window."
    context.close()


def test_double_click_on_post_makes_one_post_and_empties_the_draft(
    page: Page, base_url: str
) -> None:
    ana = make_member(username="ana")
    thread = make_thread(make_forum())

    sign_in(page, base_url, ana)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    page.locator("#reply textarea[name=body]").fill("Only once, please.")
    expect(page.locator("#reply .draft-status")).to_contain_text("Draft saved")
    page.get_by_role("button", name="Post reply").dblclick()

    expect(page.locator("article.post", has_text="Only once, please.")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert Post.objects.filter(thread=thread, source="Only once, please.").count() == 1
    assert Draft.objects.get(member=ana).is_empty is True
    assert Thread.objects.get(pk=thread.pk).reply_count == 1

    # The next reply gets a fresh key and its own draft sequence.
    page.locator("#reply textarea[name=body]").fill("A second thought.")
    expect(page.locator("#reply .draft-status")).to_contain_text("Draft saved")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("article.post", has_text="A second thought.")).to_have_count(1)
    page.reload()
    expect(page.locator("article.post")).to_have_count(3)
    expect(page.locator("#reply textarea[name=body]")).to_have_value("")
