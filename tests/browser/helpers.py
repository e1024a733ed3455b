from __future__ import annotations

from playwright.sync_api import Page

from pnyx.accounts.models import Member
from pnyx.demo import content
from pnyx.demo.builder import build_demo
from pnyx.posting.services import reply_to_thread
from pnyx.reactions.services import set_reaction
from pnyx.testing.factories import PASSWORD
from pnyx.threads.models import Post, Thread


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


def demo_thread_of_twenty(reader: Member) -> Thread:
    """The demo community, with its news thread grown to 20 posts (the demo's own texts,
    every third reply quoting an earlier post) and some of the reader's reactions: a
    realistic first page of a long thread."""
    build_demo(progress=lambda _: None)
    news = Thread.objects.get(title=content.NEWS_THREAD["title"])
    members = list(Member.objects.filter(username__in=[m["username"] for m in content.MEMBERS]))
    bodies = [post["body"] for thread in content.THREADS for post in thread["posts"][1:]]
    n = 0
    while news.post_total < 20:
        author = members[n % len(members)]
        body = bodies[n % len(bodies)]
        if n % 3 == 0:
            earlier = Post.objects.filter(thread=news).order_by("-position").first()
            assert earlier is not None and earlier.author is not None
            excerpt = earlier.source.split(". ")[0].strip()
            header = f'[quote="{earlier.author.username}, post:{earlier.pk}"]'
            body = f"{header}\n{excerpt}\n[/quote]\n\n{body}"
        reply_to_thread(author, news, body=body)
        news.refresh_from_db()
        n += 1
    for post in Post.objects.filter(thread=news, position__lte=20)[::3]:
        set_reaction(reader, post, "informative", on=True)
    return news
