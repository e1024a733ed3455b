"""The forum index page: categories, forums, counts and latest posts, within a query budget."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from pnyx.accounts.models import Member
from pnyx.core.models import SiteSettings
from pnyx.core.site_settings import forget_site_settings
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Category, Forum
from pnyx.forums.tests.html_helpers import by_class, hrefs, links, one, parse, text
from pnyx.testing.factories import make_category, make_forum, make_member, make_post, make_thread

INDEX_MEMBER_BUDGET = 5


def _node(doc: Element, forum: Forum) -> Element:
    """The index row of ``forum`` (found by its title link)."""
    url = forum.get_absolute_url()
    for node in by_class(doc, "node", "li"):
        title = one(node, "node-title")
        if url in hrefs(title):
            return node
    raise AssertionError(f"no index row for {forum.name}")


def _stats(node: Element) -> dict[str, str]:
    stats = one(node, "node-stats", "dl")
    return {
        text(term): text(value)
        for term, value in zip(stats.iter("dt"), stats.iter("dd"), strict=True)
    }


@pytest.fixture
def world(db: None) -> Category:
    return make_category(name="World Affairs", position=1)


def test_forum_index_view_renders_names_counts_and_latest_post_link(
    guest_client: Client, world: Category, member: Member, other_member: Member
) -> None:
    europe = make_forum(category=world, name="Europe & Russia")
    quiet = make_forum(category=world, name="Quiet corner")
    make_thread(europe, author=other_member, title="An older thread")
    latest = make_thread(europe, author=other_member, title="Elections in Estonia")
    reply = make_post(latest, author=member)

    response = guest_client.get("/")

    assert response.status_code == 200
    doc = parse(response.content)
    section = one(doc, "category", "section")
    assert section.get("id") == f"category-{world.slug}"
    assert text(one(section, "category-title")) == "World Affairs"
    row = _node(doc, europe)
    assert links(one(row, "node-title")) == [(europe.get_absolute_url(), "Europe & Russia")]
    assert _stats(row) == {"Threads": "2", "Posts": "3"}
    last = one(row, "last-post")
    assert links(last) == [(f"/posts/{reply.pk}/", "Elections in Estonia")]
    assert "Alice Example" in text(last)
    quiet_row = _node(doc, quiet)
    assert _stats(quiet_row) == {"Threads": "0", "Posts": "0"}
    assert text(one(quiet_row, "node-last")) == "No posts yet"


def test_forum_index_view_lists_subforums_under_their_parent(
    guest_client: Client, world: Category
) -> None:
    parent = make_forum(category=world, name="Europe")
    balkans = make_forum(parent=parent, name="Balkans")
    make_forum(parent=parent, name="Desk", visibility=Visibility.STAFF)

    doc = parse(guest_client.get("/").content)

    row = _node(doc, parent)
    assert links(one(row, "subforums", "p")) == [(balkans.get_absolute_url(), "Balkans")]
    assert len(by_class(doc, "node", "li")) == 1


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        ("guest_client", ["News & Current Events"]),
        ("member_client", ["News & Current Events", "Members' Lounge"]),
        ("moderator_client", ["News & Current Events", "Members' Lounge", "Staff Room"]),
    ],
)
def test_forum_index_view_shows_only_forums_the_visitor_may_read(
    request: pytest.FixtureRequest,
    client_name: str,
    expected: list[str],
    forum: Forum,
    members_forum: Forum,
    staff_forum: Forum,
) -> None:
    client = request.getfixturevalue(client_name)
    assert isinstance(client, Client)

    doc = parse(client.get("/").content)

    names = [text(one(node, "node-title")) for node in by_class(doc, "node", "li")]
    assert names == expected
    # Every forum fixture has a category of its own: hidden forums take theirs along.
    assert len(by_class(doc, "category", "section")) == len(expected)


def test_forum_index_view_hidden_forum_names_never_reach_the_page(
    member_client: Client, staff_forum: Forum
) -> None:
    response = member_client.get("/")

    assert b"Staff Room" not in response.content
    assert staff_forum.get_absolute_url().encode() not in response.content


def test_forum_index_view_empty_offers_staff_a_category_link(
    member_client: Client, moderator_client: Client
) -> None:
    member_doc = parse(member_client.get("/").content)
    staff_doc = parse(moderator_client.get("/").content)

    assert text(one(member_doc, "empty", "p")) == "There are no forums yet."
    assert "/admin/forums/category/add/" not in hrefs(member_doc)
    assert ("/admin/forums/category/add/", "Create a category") in links(one(staff_doc, "empty"))


def test_forum_index_view_marks_itself_current_in_the_navigation(guest_client: Client) -> None:
    doc = parse(guest_client.get("/").content)

    nav = one(doc, "site-nav", "nav")
    current = [a.get("href") for a in nav.iter("a") if a.get("aria-current") == "page"]
    assert current == ["/"]


def test_forum_index_view_rejects_post(member_client: Client) -> None:
    assert member_client.post("/").status_code == 405


# ---------------------------------------------------------------- query budget


def _fill_index(count: int, start: int, category: Category) -> None:
    for n in range(start, start + count):
        forum = make_forum(category=category, name=f"Forum {n:02d}")
        make_forum(parent=forum, name=f"Sub {n:02d}")
        make_thread(forum, author=make_member(), title=f"Thread {n:02d}")


def _index_queries(client: Client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), len(by_class(parse(response.content), "node", "li"))


def test_forum_index_view_member_query_budget(
    member_client: Client,
    world: Category,
    forum: Forum,
    members_forum: Forum,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    _fill_index(3, 0, world)
    SiteSettings.objects.get_or_create(pk=1)
    forget_site_settings()

    with django_assert_max_num_queries(INDEX_MEMBER_BUDGET):
        response = member_client.get("/")

    assert response.status_code == 200


def test_forum_index_view_query_count_does_not_grow_with_forums(
    member_client: Client, world: Category
) -> None:
    _fill_index(5, 0, world)
    member_client.get("/")  # warm the caches

    five, rows_five = _index_queries(member_client)
    _fill_index(25, 5, world)
    thirty, rows_thirty = _index_queries(member_client)

    assert (rows_five, rows_thirty) == (5, 30)
    assert five == thirty
    assert thirty <= INDEX_MEMBER_BUDGET
