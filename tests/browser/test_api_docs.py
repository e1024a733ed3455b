"""The API reference page (/api/v1/docs) works in Chromium under the site's strict CSP,
from local files only, and its "Try it out" sends the token, never the session cookie."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, expect

from pnyx.testing.factories import make_forum, make_member, make_thread

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_render_under_csp_from_local_assets(page: Page, base_url: str) -> None:
    make_thread(make_forum(name="World News"), author=make_member(username="ana"))
    problems: list[str] = []
    hosts: set[str] = set()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(message.text)

    def on_request(request: Request) -> None:
        hosts.add(request.url.split("/")[2])

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", on_request)

    page.goto(f"{base_url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Pnyx API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    # GET and PATCH share the address: two summaries show it.
    expect(page.get_by_text("/api/v1/threads/{thread_id}", exact=True).first).to_be_visible()
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()

    # Try one read as a guest from the page itself.
    page.get_by_text("/api/v1/categories", exact=True).click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".responses-wrapper .live-responses-table")).to_contain_text("200")
    expect(page.locator(".responses-wrapper .live-responses-table")).to_contain_text("World News")

    assert problems == []
    assert hosts == {base_url.split("/")[2]}


def test_api_docs_response_headers(page: Page, base_url: str) -> None:
    response: Any = page.goto(f"{base_url}/api/v1/docs")
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "unsafe" not in csp
