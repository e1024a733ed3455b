"""Accessibility (axe-core in both themes), layout at 360 px, the theme switch, and the
page-weight budget, measured on the demo community in Chromium.

axe-core is vendored (tests/browser/vendor/axe.min.js, from the npm package, licence header
kept) and injected into each page; the context bypasses the page's CSP for that only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from pnyx.forums.models import Forum
from pnyx.groups.services import create_group, ensure_builtin_groups
from pnyx.posting.services import reply_to_thread
from pnyx.testing.factories import make_member
from pnyx.threads.models import Thread

from .helpers import demo_thread_of_twenty, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
# Bytes a browser loads for a 20-post thread page with its CSS and JavaScript (uncompressed,
# images excluded). The budget holds for the page as readers get it (guests: also the page the
# guest cache serves). A signed-in member's page carries 20 reaction forms (each with its CSRF
# token) and the composer on top, and is held to its own, measured ceiling.
PAGE_BUDGET = 100_000
MEMBER_PAGE_CEILING = PAGE_BUDGET


def _axe_problems(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(json.dumps(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _member_pages(news: Thread, reader_name: str) -> dict[str, str]:
    forum = Forum.objects.get(pk=news.forum_id)
    return {
        "index": "/",
        "forum": forum.get_absolute_url(),
        "thread": news.get_absolute_url(),
        "what's new": "/whats-new/",
        "profile": f"/members/{reader_name}/",
        "other profile": f"/members/{news.author.username if news.author else ''}/",
        "compose thread": f"{forum.get_absolute_url()}new-thread/",
        "compose reply": f"/threads/{news.pk}-{news.slug}/reply/?quote={news.first_post_id}",
        "edit": f"/posts/{news.last_post_id}/edit/",
        "settings": "/account/settings/",
        "email": "/accounts/email/",
        "two-factor": "/accounts/2fa/",
        "report a post": f"/posts/{news.first_post_id}/report/",
        "your reports": "/moderation/my-reports/",
    }


def test_axe_finds_no_serious_problems_in_either_theme(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any]
) -> None:
    reader = make_member(username="reader", country="GR", location="GR")
    news = demo_thread_of_twenty(reader)
    reply_to_thread(reader, news, body="My own reply, so that I may edit it.")
    news.refresh_from_db()
    member_pages = _member_pages(news, "reader")
    guest_pages = {"sign in": "/accounts/login/", "register": "/accounts/signup/",
                   "guest thread": news.get_absolute_url()}  # fmt: skip
    ensure_builtin_groups()
    rita = make_member(username="root_rita", is_superuser=True)
    team = create_group(rita, title="Defence team")
    forum = Forum.objects.get(pk=news.forum_id)
    admin_pages = {
        "groups": "/groups/",
        "group": f"/groups/{team.pk}/",
        "forum permissions": f"/forums/{forum.pk}-{forum.slug}/permissions/",
    }

    problems: list[str] = []
    backgrounds: dict[str, str] = {}
    for theme, system in (("light", "dark"), ("dark", "light")):
        # The chosen theme wins over the system setting.
        options = {**browser_context_args, "bypass_csp": True, "color_scheme": system}
        guest = browser.new_context(**options)
        guest.add_cookies([{"name": "pnyx_theme", "value": theme, "url": base_url}])
        page = guest.new_page()
        for name, path in guest_pages.items():
            page.goto(f"{base_url}{path}")
            problems += [f"{theme} {name}: {p}" for p in _axe_problems(page)]
        guest.close()

        member = browser.new_context(**options)
        member.add_cookies([{"name": "pnyx_theme", "value": theme, "url": base_url}])
        page = member.new_page()
        sign_in(page, base_url, reader)
        for name, path in member_pages.items():
            page.goto(f"{base_url}{path}")
            expect(page.locator("html")).to_have_attribute("data-theme", theme)
            problems += [f"{theme} {name}: {p}" for p in _axe_problems(page)]
        backgrounds[theme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        member.close()

        administrator = browser.new_context(**options)
        administrator.add_cookies([{"name": "pnyx_theme", "value": theme, "url": base_url}])
        page = administrator.new_page()
        sign_in(page, base_url, rita)
        for name, path in admin_pages.items():
            page.goto(f"{base_url}{path}")
            problems += [f"{theme} {name}: {p}" for p in _axe_problems(page)]
        administrator.close()

    assert problems == []
    assert backgrounds == {"light": "rgb(244, 245, 247)", "dark": "rgb(18, 22, 27)"}


def test_nothing_overflows_a_360_pixel_phone(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any]
) -> None:
    reader = make_member(username="reader", country="GR", location="GR")
    news = demo_thread_of_twenty(reader)
    reply_to_thread(
        reader,
        news,
        body=(
            "Source: https://example.org/a/very/long/path/without/any/breaks/"
            "that/goes/on/and/on/and/on/for/ever/and/ever/reportXYZ1234567890.pdf\n\n"
            "| country | 2022 | 2023 | 2024 | 2025 | change | note |\n"
            "|---|---|---|---|---|---|---|\n"
            "| Norway | 1,234,567 | 1,345,678 | 1,456,789 | 1,567,890 | +27 % | provisional |\n\n"
            "```\nthroughput_per_vessel = total_tonnage / number_of_transits_through_strait\n```"
        ),
    )
    news.refresh_from_db()
    pages = _member_pages(news, "reader")
    pages["last thread page"] = news.page_url(2)
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 360, "height": 740}},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    for path in ("/accounts/login/", "/accounts/signup/"):
        page.goto(f"{base_url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    sign_in(page, base_url, reader)

    too_wide = {}
    for name, path in pages.items():
        page.goto(f"{base_url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[name] = width
    assert too_wide == {}

    # On a phone the member card sits above the post, not beside it.
    page.goto(f"{base_url}{news.get_absolute_url()}")
    card = page.locator("article.post").first.locator(".member-card").bounding_box()
    text = page.locator("article.post").first.locator(".post-main").bounding_box()
    assert card is not None and text is not None
    assert card["y"] + card["height"] <= text["y"] + 1
    assert abs(card["x"] - text["x"]) < 2
    expect(page.get_by_role("navigation", name="Jump")).to_be_in_viewport()
    context.close()


def _weigh(page: Page, url: str, base_url: str) -> tuple[dict[str, int], list[str]]:
    responses: list[Response] = []

    def record(response: Response) -> None:
        responses.append(response)

    page.on("response", record)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)
    sizes: dict[str, int] = {}
    outside = [r.url for r in responses if not r.url.startswith(base_url)]
    for response in responses:
        kind = response.request.resource_type
        if kind in {"document", "stylesheet", "script", "fetch", "xhr", "font"}:
            sizes[f"{kind} {response.url.removeprefix(base_url)}"] = len(response.body())
    return sizes, outside


def test_thread_page_of_twenty_posts_weighs_under_100_kb_for_readers(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any]
) -> None:
    reader = make_member(username="reader", country="GR", location="GR")
    news = demo_thread_of_twenty(reader)
    url = f"{base_url}{news.get_absolute_url()}"

    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    guest_sizes, guest_outside = _weigh(page, url, base_url)
    expect(page.locator("article.post")).to_have_count(20)
    context.close()
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    sign_in(page, base_url, reader)
    # Routing every request turns the HTTP cache off: the member's page is weighed in full,
    # not with the stylesheet and script the sign-in pages already cached.
    page.route("**/*", lambda route: route.continue_())
    member_sizes, member_outside = _weigh(page, url, base_url)
    expect(page.locator("article.post")).to_have_count(20)
    context.close()

    report = {"guest": guest_sizes, "member": member_sizes}
    print("page weight (bytes, uncompressed):", json.dumps(report, indent=1))
    assert (guest_outside, member_outside) == ([], [])  # nothing from other sites
    assert sorted(k.split()[0] for k in member_sizes) == ["document", "script", "stylesheet"]
    assert sum(guest_sizes.values()) < PAGE_BUDGET, guest_sizes
    assert sum(member_sizes.values()) < MEMBER_PAGE_CEILING, member_sizes


def test_theme_switch_is_remembered_with_and_without_javascript(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any]
) -> None:
    news = demo_thread_of_twenty(make_member(username="reader"))
    path = news.get_absolute_url()
    for javascript in (True, False):
        context = browser.new_context(
            **browser_context_args, color_scheme="light", java_script_enabled=javascript
        )
        page = context.new_page()
        page.goto(f"{base_url}{path}")
        html = page.locator("html")
        expect(html).to_have_attribute("data-theme", "auto")
        page.evaluate("window.stillTheSamePage = true") if javascript else None
        switch = page.get_by_role("group", name="Theme")
        switch.get_by_role("button", name="Dark").click()
        expect(html).to_have_attribute("data-theme", "dark")
        expect(switch.get_by_role("button", name="Dark")).to_have_attribute("aria-pressed", "true")
        expect(page).to_have_url(f"{base_url}{path}")
        if javascript:
            assert page.evaluate("window.stillTheSamePage") is True  # no reload
        page.goto(f"{base_url}/")
        expect(html).to_have_attribute("data-theme", "dark")
        assert {c["name"]: c["value"] for c in context.cookies()}["pnyx_theme"] == "dark"
        page.get_by_role("group", name="Theme").get_by_role("button", name="System").click()
        expect(html).to_have_attribute("data-theme", "auto")
        page.reload()
        expect(html).to_have_attribute("data-theme", "auto")
        assert "pnyx_theme" not in {c["name"] for c in context.cookies()}
        context.close()
