from __future__ import annotations

from playwright.sync_api import Page

from pnyx.accounts.models import Member
from pnyx.testing.factories import PASSWORD


def sign_in(page: Page, base_url: str, member: Member, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", member.username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def select_text(page: Page, selector: str, text: str) -> None:
    """Select ``text`` inside the first element matching ``selector``, as a mouse would."""
    page.eval_on_selector(
        selector,
        """(el, text) => {
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(text);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + text.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    return;
                }
            }
            throw new Error("text not found: " + text);
        }""",
        text,
    )
    box = page.locator(selector).first.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.up()
