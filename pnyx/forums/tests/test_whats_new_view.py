"""What's new: the navigation link, the two tabs, unread marks and "Mark all read"."""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import Element

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from pnyx.accounts.models import Member
from pnyx.core.models import SiteSettings
from pnyx.core.site_settings import forget_site_settings
from pnyx.forums.models import Forum
from pnyx.forums.tests.html_helpers import by_class, hrefs, links, one, parse, text
from pnyx.testing.factories import make_forum, make_member, make_post, make_thread
from pnyx.threads.models import Post, Thread
from pnyx.threads.services import mark_all_read

WHATS_NEW_MEMBER_BUDGET = 7


def _set_site(**values: int) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults=values)
    forget_site_settings()


def _rows(doc: Element) -> list[Element]:
    return by_class(doc, "thread-row", "li")


def _title_link(row: Element) -> Element:
    """The thread's own link in a row (not the "New" link before it)."""
    return list(one(row, "thread-row-title").iter("a"))[-1]


def _row_titles(doc: Element) -> list[str]:
    return [text(_title_link(row)) for row in _rows(doc)]


def _row(doc: Element, thread: Thread) -> Element:
    for row in _rows(doc):
        if _title_link(row).get("href") == thread.get_absolute_url():
            return row
    raise AssertionError(f"no row for {thread.title}")


def _unread_links(content: bytes) -> dict[str, str]:
    """thread title → its "New" link, for every row marked unread."""
    marks = {}
    for row in _rows(parse(content)):
        classes = (row.get("class") or "").split()
        unread = by_class(row, "unread-link", "a")
        assert ("is-unread" in classes) is bool(unread)
        if unread:
            assert text(unread[0]) == "New unread posts in"
            marks[text(_title_link(row))] = unread[0].get("href", "")
    return marks


def _post_at(thread: Thread, position: int) -> Post:
    return Post.objects.get(thread=thread, position=position)


# ---------------------------------------------------------------- navigation


PAGES: dict[str, Callable[[Forum, Thread], str]] = {
    "forum index": lambda forum, thread: "/",
    "forum page": lambda forum, thread: forum.get_absolute_url(),
    "thread page": lambda forum, thread: thread.get_absolute_url(),
    "what's new": lambda forum, thread: "/whats-new/",
    "new threads": lambda forum, thread: "/whats-new/threads/",
    "member page": lambda forum, thread: "/members/bob/",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_whats_new_link_is_in_the_navigation_of_every_page(
    guest_client: Client, forum: Forum, thread: Thread, page: str
) -> None:
    url = PAGES[page](forum, thread)

    response = guest_client.get(url)

    assert response.status_code == 200
    nav = one(parse(response.content), "site-nav", "nav")
    assert links(nav) == [("/", "Forums"), ("/whats-new/", "What's new"), ("/search/", "Search")]
    current = [a.get("href") for a in nav.iter("a") if a.get("aria-current") == "page"]
    expected = {"forum index": ["/"], "what's new": ["/whats-new/"], "new threads": ["/whats-new/"]}
    assert current == expected.get(page, [])


def test_whats_new_link_is_on_the_not_found_page(guest_client: Client, db: None) -> None:
    response = guest_client.get("/forums/424242-nowhere/")

    assert response.status_code == 404
    assert ("/whats-new/", "What's new") in links(one(parse(response.content), "site-nav"))


# ---------------------------------------------------------------- listing and tabs


@pytest.fixture
def listing(forum: Forum, staff_forum: Forum, other_member: Member, moderator: Member) -> Thread:
    """Threads Alpha then Beta in the public forum, Secret in the staff forum, then a reply
    to Alpha: newest activity is Alpha, newest thread is Secret."""
    alpha = make_thread(forum, author=other_member, title="Alpha")
    make_thread(forum, author=other_member, title="Beta")
    make_thread(staff_forum, author=moderator, title="Secret")
    make_post(alpha, author=other_member)
    return alpha


def test_whats_new_view_lists_latest_activity_with_forum_links(
    guest_client: Client, forum: Forum, listing: Thread
) -> None:
    response = guest_client.get("/whats-new/")

    assert response.status_code == 200
    doc = parse(response.content)
    assert _row_titles(doc) == ["Alpha", "Beta"]
    meta = one(_row(doc, listing), "thread-row-meta")
    assert (forum.get_absolute_url(), "News & Current Events") in links(meta)
    assert [text(dd) for dd in one(_row(doc, listing), "thread-row-stats").iter("dd")] == [
        "1",
        "0",
    ]
    assert hrefs(one(_row(doc, listing), "thread-row-last")) == [
        f"/posts/{_post_at(listing, 2).pk}/"
    ]
    assert b"Secret" not in response.content


def test_whats_new_view_shows_hidden_forum_threads_to_moderators(
    moderator_client: Client, listing: Thread
) -> None:
    doc = parse(moderator_client.get("/whats-new/").content)

    assert _row_titles(doc) == ["Alpha", "Secret", "Beta"]


def test_whats_new_view_has_new_posts_and_new_threads_tabs(
    moderator_client: Client, listing: Thread
) -> None:
    posts = parse(moderator_client.get("/whats-new/").content)
    threads = parse(moderator_client.get("/whats-new/threads/").content)

    for doc, current in ((posts, "/whats-new/"), (threads, "/whats-new/threads/")):
        tabs = one(doc, "tabs", "nav")
        assert links(tabs) == [("/whats-new/", "New posts"), ("/whats-new/threads/", "New threads")]
        assert [a.get("href") for a in tabs.iter("a") if a.get("aria-current") == "page"] == [
            current
        ]
    assert _row_titles(threads) == ["Secret", "Beta", "Alpha"]


def test_whats_new_view_is_not_indexed(guest_client: Client, db: None) -> None:
    doc = parse(guest_client.get("/whats-new/").content)

    robots = [m.get("content") for m in doc.iter("meta") if m.get("name") == "robots"]
    assert robots == ["noindex, follow"]


def test_whats_new_view_empty_says_nothing_new(guest_client: Client, db: None) -> None:
    doc = parse(guest_client.get("/whats-new/").content)

    assert text(one(doc, "empty", "li")) == "Nothing new yet."
    assert by_class(doc, "pagination") == []


def test_whats_new_view_paginates_both_tabs(
    guest_client: Client, forum: Forum, other_member: Member
) -> None:
    _set_site(threads_per_page=5)
    for n in range(6):
        make_thread(forum, author=other_member, title=f"Thread {n}")

    first = parse(guest_client.get("/whats-new/").content)
    second = parse(guest_client.get("/whats-new/page-2").content)
    threads_first = parse(guest_client.get("/whats-new/threads/").content)
    threads_second = parse(guest_client.get("/whats-new/threads/page-2").content)

    assert links(one(first, "pagination", "nav")) == [("/whats-new/page-2", "Next →")]
    assert _row_titles(first) == [f"Thread {n}" for n in (5, 4, 3, 2, 1)]
    assert links(one(second, "pagination", "nav")) == [("/whats-new/", "← Previous")]
    assert _row_titles(second) == ["Thread 0"]
    assert links(one(threads_first, "pagination", "nav")) == [
        ("/whats-new/threads/page-2", "Next →")
    ]
    assert links(one(threads_second, "pagination", "nav")) == [
        ("/whats-new/threads/", "← Previous")
    ]
    assert guest_client.get("/whats-new/page-3").status_code == 404
    assert guest_client.get("/whats-new/threads/page-3").status_code == 404


def test_whats_new_view_rejects_post(member_client: Client) -> None:
    assert member_client.post("/whats-new/").status_code == 405


# ---------------------------------------------------------------- unread marks


def test_whats_new_view_mark_all_read_button_only_for_members(
    member_client: Client, guest_client: Client
) -> None:
    member_doc = parse(member_client.get("/whats-new/").content)
    guest_doc = parse(guest_client.get("/whats-new/").content)

    forms = [f for f in member_doc.iter("form") if f.get("action") == "/whats-new/mark-read/"]
    assert len(forms) == 1
    assert forms[0].get("method") == "post"
    assert text(forms[0]) == "Mark all read"
    assert "Mark all read" not in text(guest_doc)


def test_whats_new_view_guest_sees_no_new_marks(guest_client: Client, thread: Thread) -> None:
    assert _unread_links(guest_client.get("/whats-new/").content) == {}


def test_whats_new_view_new_mark_leads_to_first_unread_post_then_disappears(
    member: Member, member_client: Client, forum: Forum, other_member: Member
) -> None:
    _set_site(posts_per_page=5)
    long = make_thread(forum, author=other_member, title="Long debate", replies=6)  # 7 posts
    unread_url = f"/threads/{long.pk}-long-debate/unread"
    assert _unread_links(member_client.get("/whats-new/").content) == {"Long debate": unread_url}

    member_client.get(long.get_absolute_url())  # reads posts 1-5
    assert _unread_links(member_client.get("/whats-new/").content) == {"Long debate": unread_url}

    response = member_client.get(unread_url)
    sixth = _post_at(long, 6)
    assert response.status_code == 302
    assert response["Location"] == f"/threads/{long.pk}-long-debate/page-2#post-{sixth.pk}"

    landing = member_client.get(response["Location"].split("#")[0])
    assert landing.status_code == 200
    assert f'id="post-{sixth.pk}"'.encode() in landing.content
    assert _unread_links(member_client.get("/whats-new/").content) == {}

    reply = make_post(long, author=other_member)
    assert _unread_links(member_client.get("/whats-new/").content) == {"Long debate": unread_url}
    again = member_client.get(unread_url)
    assert again["Location"] == f"/threads/{long.pk}-long-debate/page-2#post-{reply.pk}"


def test_whats_new_view_new_mark_of_a_never_opened_thread_leads_to_its_first_post(
    member_client: Client, thread: Thread
) -> None:
    response = member_client.get(f"/threads/{thread.pk}-{thread.slug}/unread")

    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{thread.first_post_id}"


def test_whats_new_view_new_mark_skips_posts_older_than_the_read_cutoff(
    member: Member, member_client: Client, forum: Forum, other_member: Member
) -> None:
    _set_site(posts_per_page=5)
    old = make_thread(forum, author=other_member, title="Old debate", replies=6)  # 7 posts
    mark_all_read(member)
    reply = make_post(old, author=other_member)  # post 8, the only unread one

    assert _unread_links(member_client.get("/whats-new/").content) == {
        "Old debate": f"/threads/{old.pk}-old-debate/unread"
    }
    response = member_client.get(f"/threads/{old.pk}-old-debate/unread")

    assert response["Location"] == f"/threads/{old.pk}-old-debate/page-2#post-{reply.pk}"


def test_whats_new_view_new_mark_of_a_page_dash_titled_thread_lands_on_a_page(
    member_client: Client, forum: Forum, other_member: Member
) -> None:
    topic = make_thread(forum, author=other_member, title="Front page-news")
    assert topic.slug == "front-page-news"
    location = member_client.get(f"/threads/{topic.pk}-front-page-news/unread")["Location"]
    assert location == f"/threads/{topic.pk}-front-page-news/#post-{topic.first_post_id}"

    landing = member_client.get(location.split("#")[0])

    assert landing.status_code == 200


# ---------------------------------------------------------------- mark all read


def test_whats_new_mark_read_clears_every_mark(
    member: Member, member_client: Client, forum: Forum, other_member: Member
) -> None:
    make_thread(forum, author=other_member, title="One")
    make_thread(forum, author=other_member, title="Two")
    before = member.read_cutoff
    assert set(_unread_links(member_client.get("/whats-new/").content)) == {"One", "Two"}

    response = member_client.post("/whats-new/mark-read/")

    assert response.status_code == 302
    assert response["Location"] == "/whats-new/"
    assert _unread_links(member_client.get("/whats-new/").content) == {}
    member.refresh_from_db()
    assert member.read_cutoff > before


def test_whats_new_mark_read_later_posts_are_unread_again(
    member_client: Client, forum: Forum, other_member: Member
) -> None:
    topic = make_thread(forum, author=other_member, title="Topic")
    member_client.post("/whats-new/mark-read/")

    make_post(topic, author=other_member)

    assert set(_unread_links(member_client.get("/whats-new/").content)) == {"Topic"}


def test_whats_new_mark_read_clears_partly_read_threads(
    member_client: Client, forum: Forum, other_member: Member
) -> None:
    topic = make_thread(forum, author=other_member, title="Partly read")
    member_client.get(topic.get_absolute_url())  # read post 1
    make_post(topic, author=other_member)  # post 2 unread
    assert set(_unread_links(member_client.get("/whats-new/").content)) == {"Partly read"}

    member_client.post("/whats-new/mark-read/")

    assert _unread_links(member_client.get("/whats-new/").content) == {}


def test_whats_new_mark_read_sends_guests_to_sign_in(guest_client: Client, db: None) -> None:
    response = guest_client.post("/whats-new/mark-read/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/whats-new/mark-read/"


def test_whats_new_mark_read_rejects_get(member: Member, member_client: Client) -> None:
    before = member.read_cutoff

    response = member_client.get("/whats-new/mark-read/")

    assert response.status_code == 405
    member.refresh_from_db()
    assert member.read_cutoff == before


# ---------------------------------------------------------------- query budget


def _fill_whats_new(count: int, start: int) -> None:
    forums = [make_forum(name=f"Forum {n}") for n in range(3)]
    for n in range(start, start + count):
        topic = make_thread(forums[n % 3], author=make_member(), title=f"Thread {n:02d}")
        make_post(topic, author=make_member())


def _whats_new_queries(client: Client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/whats-new/")
    assert response.status_code == 200
    return len(ctx.captured_queries), len(_rows(parse(response.content)))


def test_whats_new_view_member_query_budget(
    member_client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    _fill_whats_new(5, 0)
    SiteSettings.objects.get_or_create(pk=1)
    forget_site_settings()

    with django_assert_max_num_queries(WHATS_NEW_MEMBER_BUDGET):
        response = member_client.get("/whats-new/")

    assert response.status_code == 200


def test_whats_new_view_query_count_is_the_same_for_5_and_30_threads(
    member_client: Client,
) -> None:
    _set_site(threads_per_page=30)
    _fill_whats_new(5, 0)
    member_client.get("/whats-new/")  # warm the caches

    five, rows_five = _whats_new_queries(member_client)
    _fill_whats_new(25, 5)
    thirty, rows_thirty = _whats_new_queries(member_client)

    assert (rows_five, rows_thirty) == (5, 30)
    assert five == thirty
    assert thirty <= WHATS_NEW_MEMBER_BUDGET
