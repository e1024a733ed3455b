"""An administrator makes a member the moderator of one forum on its permissions page; the
member moderates that forum and cannot moderate another."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from pnyx.groups.services import ensure_builtin_groups
from pnyx.testing.factories import make_forum, make_member, make_thread
from pnyx.threads.models import Post

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_moderator_of_one_forum_cannot_moderate_another(
    page: Page, browser: Browser, base_url: str
) -> None:
    ensure_builtin_groups()
    rita = make_member(username="root_rita", is_superuser=True)
    dana = make_member(username="dana")
    ana = make_member(username="ana")
    defence = make_forum(name="Defence")
    elections = make_forum(name="Elections")
    in_defence = make_thread(defence, author=ana, body="Frigates are late again.")
    in_elections = make_thread(elections, author=ana, body="Turnout was 61 per cent.")
    assert in_defence.first_post_id is not None and in_elections.first_post_id is not None

    # The administrator names dana moderator of Defence, on the forum's permissions page.
    sign_in(page, base_url, rita)
    page.goto(f"{base_url}/groups/")
    page.get_by_role("link", name="Defence").click()
    expect(page.locator("h1")).to_have_text("Permissions of Defence")
    page.fill("#moderator-username", "dana")
    page.get_by_role("button", name="Add moderator").click()
    expect(page.locator(".forum-moderators")).to_contain_text("dana")

    context = browser.new_context()
    mod = context.new_page()
    sign_in(mod, base_url, dana)

    # In Defence she edits another member's post.
    mod.goto(f"{base_url}{in_defence.get_absolute_url()}")
    post = mod.locator(f"#post-{in_defence.first_post_id}")
    post.get_by_role("link", name="Edit").click()
    box = post.locator("textarea[name=body]")
    box.fill("Frigates are late again. [Edited by a moderator: source added.]")
    post.get_by_role("button", name="Save changes").click()
    expect(post.locator(".post-main > .post-body")).to_contain_text("Edited by a moderator")
    assert "moderator" in Post.objects.get(pk=in_defence.first_post_id).source

    # In Elections she is a member like any other: no Edit link, and the form is refused.
    mod.goto(f"{base_url}{in_elections.get_absolute_url()}")
    other = mod.locator(f"#post-{in_elections.first_post_id}")
    expect(other).to_be_visible()
    expect(other.get_by_role("link", name="Edit")).to_have_count(0)
    response = mod.goto(f"{base_url}/posts/{in_elections.first_post_id}/edit/")
    assert response is not None and response.status == 403
    # Nor may she manage permissions anywhere.
    response = mod.goto(f"{base_url}/forums/{defence.pk}-{defence.slug}/permissions/")
    assert response is not None and response.status == 403
    context.close()
    assert Post.objects.get(pk=in_elections.first_post_id).source == "Turnout was 61 per cent."
