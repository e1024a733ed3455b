"""Reads for the forum index, forum pages, What's new and read marks."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from pnyx.accounts.models import Member
from pnyx.core.models import SiteSettings
from pnyx.core.site_settings import forget_site_settings, get_site_settings
from pnyx.forums import selectors
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Category, Forum
from pnyx.forums.selectors import (
    CategoryEntry,
    ThreadListPage,
    forum_index,
    forum_threads_page,
    get_forum,
    read_marks,
    subforums,
    whats_new_page,
)
from pnyx.testing.factories import make_category, make_forum, make_member, make_post, make_thread
from pnyx.threads.models import Thread
from pnyx.threads.services import mark_all_read

Tree = list[tuple[str, list[tuple[str, list[str]]]]]


def _set_site(**values: int) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults=values)
    forget_site_settings()


def _tree(entries: list[CategoryEntry]) -> Tree:
    return [
        (
            entry.category.name,
            [(item.forum.name, [sub.name for sub in item.subforums]) for item in entry.forums],
        )
        for entry in entries
    ]


def _titles(page: ThreadListPage) -> list[str]:
    return [entry.thread.title for entry in page.entries]


def _set_position(model: type[Forum] | type[Category], pk: int, position: int) -> None:
    model.objects.filter(pk=pk).update(position=position)


def _fresh(thread: Thread) -> Thread:
    return Thread.objects.get(pk=thread.pk)


# ---------------------------------------------------------------- forum_index


@pytest.fixture
def index_tree(db: None) -> dict[str, Forum]:
    """Two categories out of creation order, forums and sub-forums out of creation order,
    and hidden forums in several places."""
    defence = make_category(name="Defence", position=2)
    world = make_category(name="World Affairs", position=1)
    staff_only = make_category(name="Back Office", position=0)
    make_category(name="Empty", position=3)
    europe = make_forum(category=world, name="Europe")
    asia = make_forum(category=world, name="Asia")
    _set_position(Forum, europe.pk, 2)
    _set_position(Forum, asia.pk, 1)
    baltics = make_forum(parent=europe, name="Baltics")
    balkans = make_forum(parent=europe, name="Balkans")
    _set_position(Forum, baltics.pk, 5)
    _set_position(Forum, balkans.pk, 4)
    members_sub = make_forum(parent=europe, name="Europe desk", visibility=Visibility.MEMBERS)
    _set_position(Forum, members_sub.pk, 6)
    navies = make_forum(category=defence, name="Navies")
    lounge = make_forum(category=defence, name="Lounge", visibility=Visibility.MEMBERS)
    _set_position(Forum, lounge.pk, 1)
    staff_room = make_forum(category=staff_only, name="Staff room", visibility=Visibility.STAFF)
    # Public in itself, but under a staff forum: hidden with its parent.
    staff_sub = make_forum(parent=staff_room, name="Staff notes")
    return {
        "europe": europe,
        "asia": asia,
        "navies": navies,
        "lounge": lounge,
        "staff_room": staff_room,
        "staff_sub": staff_sub,
    }


def test_forum_index_groups_public_forums_for_guests_in_position_order(
    guest: AnonymousUser, index_tree: dict[str, Forum]
) -> None:
    assert _tree(forum_index(guest)) == [
        ("World Affairs", [("Asia", []), ("Europe", ["Balkans", "Baltics"])]),
        ("Defence", [("Navies", [])]),
    ]


def test_forum_index_shows_members_forums_to_members_but_not_staff_ones(
    member: Member, index_tree: dict[str, Forum]
) -> None:
    assert _tree(forum_index(member)) == [
        ("World Affairs", [("Asia", []), ("Europe", ["Balkans", "Baltics", "Europe desk"])]),
        ("Defence", [("Navies", []), ("Lounge", [])]),
    ]


def test_forum_index_shows_staff_categories_to_moderators(
    moderator: Member, index_tree: dict[str, Forum]
) -> None:
    assert _tree(forum_index(moderator)) == [
        ("Back Office", [("Staff room", ["Staff notes"])]),
        ("World Affairs", [("Asia", []), ("Europe", ["Balkans", "Baltics", "Europe desk"])]),
        ("Defence", [("Navies", []), ("Lounge", [])]),
    ]


def test_forum_index_treats_inactive_members_as_guests(
    banned_member: Member, guest: AnonymousUser, index_tree: dict[str, Forum]
) -> None:
    assert _tree(forum_index(banned_member)) == _tree(forum_index(guest))


def test_forum_index_breaks_position_ties_by_creation_order(guest: AnonymousUser, db: None) -> None:
    first = make_category(name="First", position=1)
    second = make_category(name="Second", position=1)
    make_forum(category=second, name="B")
    make_forum(category=first, name="A2")
    make_forum(category=first, name="A1")

    assert _tree(forum_index(guest)) == [
        ("First", [("A2", []), ("A1", [])]),
        ("Second", [("B", [])]),
    ]


def test_forum_index_is_empty_without_forums(guest: AnonymousUser, db: None) -> None:
    make_category(name="Nothing here")

    assert forum_index(guest) == []


def test_forum_index_costs_one_query_with_latest_post_details(
    member: Member,
    other_member: Member,
    index_tree: dict[str, Forum],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    europe = index_tree["europe"]
    make_thread(europe, author=member, title="Older thread")
    latest = make_thread(europe, author=member, title="Elections in Estonia")
    reply = make_post(latest, author=other_member)

    with django_assert_num_queries(1):
        entries = forum_index(member)
        tree = _tree(entries)
        by_name = {item.forum.name: item.forum for entry in entries for item in entry.forums}
        europe_row = by_name["Europe"]
        last = (
            europe_row.thread_count,
            europe_row.post_count,
            europe_row.last_post_id,
            europe_row.last_thread.title if europe_row.last_thread else None,
            europe_row.last_poster.username if europe_row.last_poster else None,
            by_name["Asia"].last_thread,
        )

    assert tree[0][0] == "World Affairs"
    assert last == (2, 3, reply.pk, "Elections in Estonia", "bob", None)


def test_get_forum_raises_http404_for_missing_and_hidden_forums(
    guest: AnonymousUser, member: Member, staff_forum: Forum, members_forum: Forum
) -> None:
    with pytest.raises(Http404):
        get_forum(guest, 999_999)
    with pytest.raises(Http404):
        get_forum(guest, members_forum.pk)
    with pytest.raises(Http404):
        get_forum(member, staff_forum.pk)

    assert get_forum(member, members_forum.pk) == members_forum


def test_subforums_lists_only_visible_children_in_position_order(
    member: Member, moderator: Member, forum: Forum
) -> None:
    second = make_forum(parent=forum, name="Second")
    first = make_forum(parent=forum, name="First")
    _set_position(Forum, second.pk, 2)
    _set_position(Forum, first.pk, 1)
    hidden = make_forum(parent=forum, name="Hidden", visibility=Visibility.STAFF)
    _set_position(Forum, hidden.pk, 3)

    assert [f.name for f in subforums(member, forum)] == ["First", "Second"]
    assert [f.name for f in subforums(moderator, forum)] == ["First", "Second", "Hidden"]


# ---------------------------------------------------------------- forum_threads_page


@pytest.fixture
def busy_forum(forum: Forum, other_member: Member) -> dict[str, Thread]:
    """Seven threads (five a page): T2 bumped by a reply, T5 and T3 pinned."""
    _set_site(threads_per_page=5)
    threads = {f"T{n}": make_thread(forum, author=other_member, title=f"T{n}") for n in range(1, 8)}
    make_post(threads["T2"], author=other_member)
    for name in ("T5", "T3"):
        Thread.objects.filter(pk=threads[name].pk).update(is_pinned=True)
    forum.refresh_from_db()
    return threads


def test_forum_threads_page_lists_pinned_first_then_latest_activity(
    guest: AnonymousUser, forum: Forum, busy_forum: dict[str, Thread]
) -> None:
    first = forum_threads_page(guest, forum, 1)
    second = forum_threads_page(guest, forum, 2)

    assert _titles(first) == ["T5", "T3", "T2", "T7", "T6"]
    assert _titles(second) == ["T4", "T1"]
    assert [e.thread.is_pinned for e in first.entries] == [True, True, False, False, False]


def test_forum_threads_page_paginates_by_site_threads_per_page(
    guest: AnonymousUser, forum: Forum, busy_forum: dict[str, Thread]
) -> None:
    first = forum_threads_page(guest, forum, 1)
    second = forum_threads_page(guest, forum, 2)

    assert get_site_settings().threads_per_page == 5
    assert forum.thread_count == 7
    assert (first.number, first.page_count, first.has_next, first.has_previous) == (
        1,
        2,
        True,
        False,
    )
    assert first.pages == [1, 2]
    assert (second.number, second.page_count, second.has_next, second.has_previous) == (
        2,
        2,
        False,
        True,
    )


@pytest.mark.parametrize("number", [0, -1, 3, 100])
def test_forum_threads_page_out_of_range_raises_http404(
    guest: AnonymousUser, forum: Forum, busy_forum: dict[str, Thread], number: int
) -> None:
    with pytest.raises(Http404):
        forum_threads_page(guest, forum, number)


def test_forum_threads_page_of_an_empty_forum_has_one_empty_page(
    guest: AnonymousUser, forum: Forum
) -> None:
    page = forum_threads_page(guest, forum, 1)

    assert (page.entries, page.page_count, page.has_next, page.pages) == ([], 1, False, [1])
    with pytest.raises(Http404):
        forum_threads_page(guest, forum, 2)


def test_forum_threads_page_with_exactly_one_full_page_has_no_next(
    guest: AnonymousUser, forum: Forum, other_member: Member
) -> None:
    _set_site(threads_per_page=5)
    for n in range(5):
        make_thread(forum, author=other_member, title=f"Only {n}")
    forum.refresh_from_db()

    page = forum_threads_page(guest, forum, 1)

    assert (len(page.entries), page.page_count, page.has_next) == (5, 1, False)
    with pytest.raises(Http404):
        forum_threads_page(guest, forum, 2)


# ---------------------------------------------------------------- whats_new_page


@pytest.fixture
def news(forum: Forum, staff_forum: Forum, other_member: Member, moderator: Member) -> None:
    """Five public threads A..E, then a staff thread S; A gets the latest reply."""
    _set_site(threads_per_page=5)
    threads = [make_thread(forum, author=other_member, title=title) for title in "ABCDE"]
    make_thread(staff_forum, author=moderator, title="S")
    make_post(threads[0], author=other_member)


def test_whats_new_page_orders_by_newest_activity(guest: AnonymousUser, news: None) -> None:
    page = whats_new_page(guest, 1)

    assert _titles(page) == ["A", "E", "D", "C", "B"]


def test_whats_new_page_new_threads_orders_by_creation(guest: AnonymousUser, news: None) -> None:
    page = whats_new_page(guest, 1, new_threads=True)

    assert _titles(page) == ["E", "D", "C", "B", "A"]


def test_whats_new_page_hides_hidden_forums_from_guests(
    guest: AnonymousUser, banned_member: Member, member: Member, news: None
) -> None:
    for actor in (guest, banned_member, member):
        page = whats_new_page(actor, 1)
        assert "S" not in _titles(page)
        assert page.has_next is False
        with pytest.raises(Http404):
            whats_new_page(actor, 2)


def test_whats_new_page_shows_hidden_forums_to_moderators_and_pages_on(
    moderator: Member, news: None
) -> None:
    first = whats_new_page(moderator, 1)
    second = whats_new_page(moderator, 2)

    assert _titles(first) == ["A", "S", "E", "D", "C"]
    assert (first.number, first.page_count, first.has_next, first.has_previous) == (
        1,
        None,
        True,
        False,
    )
    assert _titles(second) == ["B"]
    assert (second.has_next, second.has_previous) == (False, True)
    assert _titles(whats_new_page(moderator, 1, new_threads=True)) == ["S", "E", "D", "C", "B"]
    with pytest.raises(Http404):
        whats_new_page(moderator, 3)


def test_whats_new_page_first_page_may_be_empty(guest: AnonymousUser, db: None) -> None:
    page = whats_new_page(guest, 1)

    assert (page.entries, page.has_next, page.number) == ([], False, 1)


@pytest.mark.parametrize("number", [0, -3, selectors.WHATS_NEW_MAX_PAGES + 1])
def test_whats_new_page_out_of_range_raises_http404(
    guest: AnonymousUser, news: None, number: int
) -> None:
    with pytest.raises(Http404):
        whats_new_page(guest, number)


def test_whats_new_page_stops_after_the_last_allowed_page(
    moderator: Member, news: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "WHATS_NEW_MAX_PAGES", 1)

    page = whats_new_page(moderator, 1)

    assert len(page.entries) == 5
    assert page.has_next is False
    with pytest.raises(Http404):
        whats_new_page(moderator, 2)


# ---------------------------------------------------------------- read_marks


def test_read_marks_guests_get_no_marks(
    guest: AnonymousUser, banned_member: Member, thread: Thread
) -> None:
    assert read_marks(guest, [thread]) == {}
    assert read_marks(banned_member, [thread]) == {}


def test_read_marks_empty_list_gives_no_marks(member: Member) -> None:
    assert read_marks(member, []) == {}


def test_read_marks_unread_only_for_activity_after_the_read_cutoff(
    member: Member, other_member: Member, forum: Forum
) -> None:
    old = make_thread(forum, author=other_member, title="Before the cutoff")
    bumped = make_thread(forum, author=other_member, title="Bumped later")
    mark_all_read(member)
    new = make_thread(forum, author=other_member, title="After the cutoff")
    make_post(bumped, author=other_member)
    threads = [_fresh(old), _fresh(bumped), _fresh(new)]

    assert read_marks(member, threads) == {old.pk: False, bumped.pk: True, new.pk: True}


def test_read_marks_read_after_visiting_every_page_and_unread_after_a_new_reply(
    member: Member, member_client: Client, other_member: Member, forum: Forum
) -> None:
    _set_site(posts_per_page=5)
    long = make_thread(forum, author=other_member, title="Long", replies=6)  # 7 posts
    assert read_marks(member, [_fresh(long)]) == {long.pk: True}

    assert member_client.get(long.get_absolute_url()).status_code == 200
    assert read_marks(member, [_fresh(long)]) == {long.pk: True}  # read up to 5 of 7

    assert member_client.get(long.page_url(2)).status_code == 200
    assert read_marks(member, [_fresh(long)]) == {long.pk: False}

    make_post(long, author=other_member)
    assert read_marks(member, [_fresh(long)]) == {long.pk: True}


def test_read_marks_are_per_member(
    member: Member, other_member: Member, forum: Forum, member_client: Client
) -> None:
    reader = make_member()
    topic = make_thread(forum, author=other_member, title="Topic")
    member_client.get(topic.get_absolute_url())

    assert read_marks(member, [_fresh(topic)]) == {topic.pk: False}
    assert read_marks(reader, [_fresh(topic)]) == {topic.pk: True}


def test_listing_entries_carry_read_marks(
    member: Member, member_client: Client, other_member: Member, forum: Forum
) -> None:
    seen = make_thread(forum, author=other_member, title="Seen")
    make_thread(forum, author=other_member, title="Unseen")
    member_client.get(seen.get_absolute_url())
    forum.refresh_from_db()

    listing = forum_threads_page(member, forum, 1)
    news = whats_new_page(member, 1)

    assert [(e.thread.title, e.is_unread) for e in listing.entries] == [
        ("Unseen", True),
        ("Seen", False),
    ]
    assert [(e.thread.title, e.is_unread) for e in news.entries] == [
        ("Unseen", True),
        ("Seen", False),
    ]
