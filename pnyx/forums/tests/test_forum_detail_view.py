"""A forum's page: its threads, pagination, canonical URLs, posting buttons, query budget."""

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
from pnyx.forums.models import Forum
from pnyx.forums.tests.html_helpers import by_class, hrefs, links, one, parse, text
from pnyx.testing.factories import make_forum, make_member, make_post, make_thread
from pnyx.threads.models import Thread

FORUM_MEMBER_BUDGET = 8


def _set_site(**values: int) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults=values)
    forget_site_settings()


def _rows(doc: Element) -> list[Element]:
    return by_class(doc, "thread-row", "li")


def _row_titles(doc: Element) -> list[str]:
    return [text(one(row, "thread-row-title")) for row in _rows(doc)]


def _main_text(content: bytes) -> str:
    main = parse(content).find(".//main")
    assert main is not None
    return text(main)


def _page_url(forum: Forum, page: int) -> str:
    return f"{forum.get_absolute_url()}page-{page}"


def test_forum_detail_view_renders_threads_with_counts_and_last_post_links(
    guest_client: Client, forum: Forum, member: Member, other_member: Member
) -> None:
    quiet = make_thread(forum, author=member, title="A quiet thread")
    busy = make_thread(forum, author=other_member, title="Talks to resume", replies=2)
    last = make_post(busy, author=member)
    busy.refresh_from_db()

    response = guest_client.get(forum.get_absolute_url())

    assert response.status_code == 200
    doc = parse(response.content)
    heading = doc.find(".//h1")
    assert heading is not None
    assert text(heading) == "News & Current Events"
    assert _row_titles(doc) == ["Talks to resume", "A quiet thread"]
    busy_row, quiet_row = _rows(doc)
    assert links(one(busy_row, "thread-row-title")) == [
        (f"/threads/{busy.pk}-talks-to-resume/", "Talks to resume")
    ]
    assert text(one(busy_row, "thread-row-meta")).startswith("Bob Other · ")
    stats = one(busy_row, "thread-row-stats")
    assert [text(dd) for dd in stats.iter("dd")] == ["3", "0"]
    last_cell = one(busy_row, "thread-row-last")
    assert hrefs(last_cell) == [f"/posts/{last.pk}/"]
    assert text(last_cell).endswith("Alice Example")
    assert hrefs(one(quiet_row, "thread-row-last")) == [f"/posts/{quiet.last_post_id}/"]
    assert busy.last_post_id == last.pk


def test_forum_detail_view_shows_pinned_and_locked_badges(
    guest_client: Client, forum: Forum, other_member: Member
) -> None:
    make_thread(forum, author=other_member, title="Rules", is_pinned=True, is_locked=True)

    doc = parse(guest_client.get(forum.get_absolute_url()).content)

    (row,) = _rows(doc)
    assert "is-pinned" in (row.get("class") or "").split()
    assert [text(b) for b in by_class(row, "badge")] == ["Pinned", "Locked"]


def test_forum_detail_view_empty_forum_says_so(guest_client: Client, forum: Forum) -> None:
    doc = parse(guest_client.get(forum.get_absolute_url()).content)

    assert text(one(doc, "empty", "li")) == "No threads here yet."
    assert by_class(doc, "pagination") == []


def test_forum_detail_view_hidden_forum_is_a_404_like_a_missing_one(
    guest_client: Client, staff_forum: Forum, members_forum: Forum
) -> None:
    missing = guest_client.get("/forums/999999-nowhere/")
    hidden = guest_client.get(members_forum.get_absolute_url())
    staff = guest_client.get(staff_forum.get_absolute_url())

    assert (missing.status_code, hidden.status_code, staff.status_code) == (404, 404, 404)
    assert _main_text(hidden.content) == _main_text(missing.content)
    assert b"Members' Lounge" not in hidden.content
    assert b"Members&#x27; Lounge" not in hidden.content


@pytest.mark.parametrize("suffix", ["wrong-slug/", "wrong-slug/page-2", "page-1", "page-2"])
def test_forum_detail_view_hidden_forum_never_redirects_to_reveal_its_slug(
    guest_client: Client, member_client: Client, staff_forum: Forum, suffix: str
) -> None:
    base = f"/forums/{staff_forum.pk}-"
    url = base + suffix if suffix.startswith("wrong") else staff_forum.get_absolute_url() + suffix

    assert guest_client.get(url).status_code == 404
    assert member_client.get(url).status_code == 404


def test_forum_detail_view_public_subforum_of_a_hidden_forum_is_a_404(
    guest_client: Client, member_client: Client, moderator_client: Client, staff_forum: Forum
) -> None:
    sub = make_forum(parent=staff_forum, name="Staff notes", visibility=Visibility.PUBLIC)

    assert guest_client.get(sub.get_absolute_url()).status_code == 404
    assert member_client.get(sub.get_absolute_url()).status_code == 404
    assert moderator_client.get(sub.get_absolute_url()).status_code == 200


def test_forum_detail_view_member_sees_members_forum(
    member_client: Client, members_forum: Forum
) -> None:
    assert member_client.get(members_forum.get_absolute_url()).status_code == 200


def test_forum_detail_view_wrong_slug_redirects_to_canonical(
    guest_client: Client, forum: Forum
) -> None:
    response = guest_client.get(f"/forums/{forum.pk}-old-name/")

    assert response.status_code == 302
    assert response["Location"] == f"/forums/{forum.pk}-{forum.slug}/"


def test_forum_detail_view_wrong_slug_redirect_keeps_the_page(
    guest_client: Client, forum: Forum, other_member: Member
) -> None:
    _set_site(threads_per_page=5)
    for n in range(6):
        make_thread(forum, author=other_member, title=f"Thread {n}")

    response = guest_client.get(f"/forums/{forum.pk}-old-name/page-2")

    assert response.status_code == 302
    assert response["Location"] == _page_url(forum, 2)


def test_forum_detail_view_page_1_url_redirects_to_bare_url(
    guest_client: Client, forum: Forum
) -> None:
    response = guest_client.get(_page_url(forum, 1))

    assert response.status_code == 302
    assert response["Location"] == forum.get_absolute_url()


def test_forum_detail_view_slug_containing_page_dash_renders(
    guest_client: Client, forum: Forum
) -> None:
    # An admin naming a forum "Front Page News" gets this slug prepopulated.
    Forum.objects.filter(pk=forum.pk).update(slug="front-page-news")
    forum.refresh_from_db()

    response = guest_client.get(forum.get_absolute_url())

    assert forum.get_absolute_url() == f"/forums/{forum.pk}-front-page-news/"
    assert response.status_code == 200


def test_forum_detail_view_page_beyond_the_last_is_404(
    guest_client: Client, forum: Forum, other_member: Member
) -> None:
    make_thread(forum, author=other_member)

    assert guest_client.get(_page_url(forum, 2)).status_code == 404


def test_forum_detail_view_rejects_post(member_client: Client, forum: Forum) -> None:
    assert member_client.post(forum.get_absolute_url()).status_code == 405


# ---------------------------------------------------------------- pagination


@pytest.fixture
def six_threads(forum: Forum, other_member: Member) -> list[Thread]:
    _set_site(threads_per_page=5)
    return [make_thread(forum, author=other_member, title=f"Thread {n}") for n in range(6)]


def test_forum_detail_view_has_pagination_links_when_more_than_one_page(
    guest_client: Client, forum: Forum, six_threads: list[Thread]
) -> None:
    first = parse(guest_client.get(forum.get_absolute_url()).content)
    second = parse(guest_client.get(_page_url(forum, 2)).content)

    bare, page_two = forum.get_absolute_url(), _page_url(forum, 2)
    navs = by_class(first, "pagination", "nav")
    assert len(navs) == 2  # above and below the list
    assert links(navs[0]) == [(bare, "1"), (page_two, "2"), (page_two, "Next →")]
    assert [a.get("aria-current") for a in navs[0].iter("a")] == ["page", None, None]
    assert _row_titles(first) == [f"Thread {n}" for n in (5, 4, 3, 2, 1)]
    assert links(by_class(second, "pagination", "nav")[0]) == [
        (bare, "← Previous"),
        (bare, "1"),
        (page_two, "2"),
    ]
    assert _row_titles(second) == ["Thread 0"]


def test_forum_detail_view_has_no_pagination_for_a_single_page(
    guest_client: Client, forum: Forum, other_member: Member
) -> None:
    _set_site(threads_per_page=5)
    for n in range(5):
        make_thread(forum, author=other_member, title=f"Thread {n}")

    doc = parse(guest_client.get(forum.get_absolute_url()).content)

    assert len(_rows(doc)) == 5
    assert by_class(doc, "pagination") == []


def test_forum_detail_view_page_title_names_the_page(
    guest_client: Client, forum: Forum, six_threads: list[Thread]
) -> None:
    doc = parse(guest_client.get(_page_url(forum, 2)).content)

    title = doc.find(".//title")
    assert title is not None
    assert text(title) == "News & Current Events — page 2 · Pnyx"


# ---------------------------------------------------------------- posting buttons


def test_forum_detail_view_member_gets_post_thread_button(
    member_client: Client, forum: Forum
) -> None:
    doc = parse(member_client.get(forum.get_absolute_url()).content)

    head = one(doc, "page-head-actions")
    assert links(head) == [(f"/forums/{forum.pk}-{forum.slug}/new-thread/", "Post thread")]


def test_forum_detail_view_moderator_gets_post_thread_button_in_staff_forum(
    moderator_client: Client, staff_forum: Forum
) -> None:
    doc = parse(moderator_client.get(staff_forum.get_absolute_url()).content)

    assert ("Post thread" in text(one(doc, "page-head-actions"))) is True


@pytest.mark.parametrize("persona", ["guest", "banned_member"])
def test_forum_detail_view_guest_gets_sign_in_to_post(
    request: pytest.FixtureRequest, persona: str, forum: Forum
) -> None:
    client = Client()
    if persona == "banned_member":
        banned = request.getfixturevalue("banned_member")
        assert isinstance(banned, Member)
        client.force_login(banned)  # an inactive account is not signed in

    doc = parse(client.get(forum.get_absolute_url()).content)

    head = one(doc, "page-head-actions")
    assert links(head) == [(f"/accounts/login/?next={forum.get_absolute_url()}", "Sign in to post")]
    assert "Post thread" not in text(doc)


# ---------------------------------------------------------------- sub-forums and marks


def test_forum_detail_view_lists_visible_subforums_with_latest_post(
    member_client: Client, forum: Forum, other_member: Member
) -> None:
    open_sub = make_forum(parent=forum, name="Balkans")
    make_forum(parent=forum, name="Staff desk", visibility=Visibility.STAFF)
    topic = make_thread(open_sub, author=other_member, title="Bridges")

    doc = parse(member_client.get(forum.get_absolute_url()).content)

    section = one(doc, "subforum-list", "section")
    assert links(section) == [
        (open_sub.get_absolute_url(), "Balkans"),
        (f"/posts/{topic.last_post_id}/", "Bridges"),
    ]
    assert b"Staff desk" not in member_client.get(forum.get_absolute_url()).content


def test_forum_detail_view_subforum_breadcrumbs_name_the_parent(
    guest_client: Client, forum: Forum
) -> None:
    sub = make_forum(parent=forum, name="Balkans")

    doc = parse(guest_client.get(sub.get_absolute_url()).content)

    crumbs = one(doc, "breadcrumbs", "nav")
    assert links(crumbs)[-1] == (forum.get_absolute_url(), "News & Current Events")


def test_forum_detail_view_marks_unread_threads_for_members_only(
    member_client: Client, guest_client: Client, forum: Forum, other_member: Member
) -> None:
    topic = make_thread(forum, author=other_member, title="Fresh")

    member_row = _rows(parse(member_client.get(forum.get_absolute_url()).content))[0]
    guest_row = _rows(parse(guest_client.get(forum.get_absolute_url()).content))[0]

    assert "is-unread" in (member_row.get("class") or "").split()
    assert one(member_row, "unread-link", "a").get("href") == (f"/threads/{topic.pk}-fresh/unread")
    assert "is-unread" not in (guest_row.get("class") or "").split()
    assert by_class(guest_row, "unread-link") == []


# ---------------------------------------------------------------- query budget


def _fill_forum(forum: Forum, count: int, start: int) -> None:
    for n in range(start, start + count):
        author = make_member()
        topic = make_thread(forum, author=author, title=f"Thread {n:02d}")
        make_post(topic, author=make_member())


def _forum_queries(client: Client, forum: Forum) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(forum.get_absolute_url())
    assert response.status_code == 200
    return len(ctx.captured_queries), len(_rows(parse(response.content)))


def test_forum_detail_view_member_query_budget(
    member_client: Client,
    forum: Forum,
    other_member: Member,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    _fill_forum(forum, 5, 0)
    make_thread(make_forum(parent=forum), author=other_member)
    SiteSettings.objects.get_or_create(pk=1)
    forget_site_settings()

    with django_assert_max_num_queries(FORUM_MEMBER_BUDGET):
        response = member_client.get(forum.get_absolute_url())

    assert response.status_code == 200


def test_forum_detail_view_query_count_is_the_same_for_5_and_30_threads(
    member_client: Client, forum: Forum, other_member: Member
) -> None:
    _set_site(threads_per_page=30)
    make_thread(make_forum(parent=forum), author=other_member)
    _fill_forum(forum, 5, 0)
    member_client.get(forum.get_absolute_url())  # warm the caches

    five, rows_five = _forum_queries(member_client, forum)
    _fill_forum(forum, 25, 5)
    thirty, rows_thirty = _forum_queries(member_client, forum)

    assert (rows_five, rows_thirty) == (5, 30)
    assert five == thirty
    assert thirty <= FORUM_MEMBER_BUDGET
