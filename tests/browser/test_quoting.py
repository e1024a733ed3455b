"""A member quotes a selected excerpt; without JavaScript, a whole post."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from pnyx.posting.services import create_thread, reply_to_thread
from pnyx.testing.factories import make_forum, make_member
from pnyx.threads.models import Post, Thread

from .helpers import select_text, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = (
    "GENEVA, Nov 23 (Meridian Wire) - Negotiators agreed on Sunday to resume talks on "
    "Monday. The minister said the ceasefire would be monitored by observers from three "
    "countries. Details of the monitoring mission were not released."
)


def test_member_quotes_a_selected_sentence(page: Page, browser: Browser, base_url: str) -> None:
    forum = make_forum(name="News & Current Events")
    ana = make_member(username="ana")
    jonas = make_member(username="jonas")

    sign_in(page, base_url, ana)
    page.goto(f"{base_url}{forum.get_absolute_url()}new-thread/")
    page.fill("input[name=title]", "Talks to resume in Geneva")
    page.fill("textarea[name=body]", ARTICLE)
    page.get_by_role("button", name="Post thread").click()
    thread = Thread.objects.get()
    opening = Post.objects.get(thread=thread, position=1)

    context = browser.new_context()
    other = context.new_page()
    sign_in(other, base_url, jonas)
    other.goto(f"{base_url}{thread.get_absolute_url()}")
    sentence = (
        "The minister said the ceasefire would be monitored by observers from three countries."
    )
    select_text(other, f"#post-{opening.pk} .post-body", sentence)
    other.get_by_role("button", name="Quote selection").click()
    box = other.locator("#reply textarea[name=body]")
    expect(box).to_have_value(f'[quote="ana, post:{opening.pk}"]\n{sentence}\n[/quote]\n\n')
    box.press("End")
    box.type("Which three countries?")
    other.evaluate("window.stillTheSamePage = true")
    other.get_by_role("button", name="Post reply").click()

    # The reply goes into the page without a reload, and the reply box is empty again.
    article = other.locator("article.post", has_text="Which three countries?")
    expect(article).to_be_visible()
    assert other.evaluate("window.stillTheSamePage") is True
    expect(box).to_have_value("")
    reply = Post.objects.get(thread=thread, position=2)
    expect(article).to_have_attribute("id", f"post-{reply.pk}")
    expect(article.locator("blockquote.quote .quote-by")).to_have_text("ana said:")
    expect(article.locator("blockquote.quote")).to_contain_text(sentence)
    expect(article).to_contain_text("Which three countries?")
    article.locator(".quote-by a").click()
    expect(other).to_have_url(f"{base_url}{thread.get_absolute_url()}#post-{opening.pk}")
    context.close()


def test_member_quotes_several_posts_at_once(page: Page, base_url: str) -> None:
    forum = make_forum()
    ana, jonas, kasia = (make_member(username=n) for n in ("ana", "jonas", "kasia"))
    thread = create_thread(ana, forum, title="Grain corridor", body="Ships resume on **Monday**.")
    second = reply_to_thread(jonas, thread, body="Insurers disagree.")
    reply_to_thread(ana, thread, body="Not quoted.")
    thread.refresh_from_db()

    sign_in(page, base_url, kasia)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    page.locator(f"#post-{thread.first_post_id}").get_by_role("button", name="+Quote").click()
    toggle = page.locator(f"#post-{second.pk}").get_by_role("button", name="+Quote")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("2 posts selected for quoting")).to_be_visible()

    # The selection survives a reload (sessionStorage) until it is used.
    page.reload()
    expect(page.get_by_text("2 posts selected for quoting")).to_be_visible()
    page.get_by_role("button", name="Insert quotes").click()
    box = page.locator("#reply textarea[name=body]")
    expect(box).to_have_value(
        f'[quote="ana, post:{thread.first_post_id}"]\nShips resume on **Monday**.\n[/quote]\n\n'
        f'[quote="jonas, post:{second.pk}"]\nInsurers disagree.\n[/quote]\n\n'
    )
    expect(page.locator(".multiquote-bar")).to_be_hidden()
    box.press("Control+End")
    box.type("Both matter.")
    page.get_by_role("button", name="Post reply").click()
    reply = page.locator("article.post", has_text="Both matter.")
    expect(reply.locator("blockquote .quote-by")).to_have_text(["ana said:", "jonas said:"])


def test_whole_post_quote_works_without_javascript(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any]
) -> None:
    forum = make_forum()
    ana = make_member(username="ana")
    jonas = make_member(username="jonas")
    thread = create_thread(ana, forum, title="Budget vote", body="The vote is on **Friday**.")
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base_url, jonas)
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    page.get_by_role("link", name="Quote").first.click()
    box = page.locator("textarea[name=body]")
    expect(box).to_have_value(
        f'[quote="ana, post:{thread.first_post_id}"]\nThe vote is on **Friday**.\n[/quote]\n\n'
    )
    box.press("Control+End")
    box.type("Thanks for the heads-up.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".composer-preview blockquote .quote-by")).to_have_text("ana said:")
    page.get_by_role("button", name="Post reply").click()
    reply = Post.objects.get(thread=thread, position=2)
    expect(page).to_have_url(f"{base_url}{thread.get_absolute_url()}#post-{reply.pk}")
    expect(page.locator(f"#post-{reply.pk} blockquote strong")).to_have_text("Friday")
    context.close()
