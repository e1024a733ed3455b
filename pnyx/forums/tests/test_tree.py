"""The forum tree: every ancestor counts, at any depth; it is read once and stays current."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import find, given
from hypothesis import strategies as st
from pytest_django import DjangoCaptureOnCommitCallbacks

from pnyx.core.content_version import bump_content_version, current_content_version
from pnyx.core.events import ContentRebuilt, Event, ForumChanged, subscribe, unsubscribe
from pnyx.forums import tree as tree_module
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.forums.tree import (
    STAMP_KEY,
    ForumTree,
    current_forum_tree,
    forget_forum_tree,
    held_forum_tree,
)
from pnyx.testing.factories import make_forum

PUBLIC, MEMBERS, STAFF = Visibility.PUBLIC.value, Visibility.MEMBERS.value, Visibility.STAFF.value
GUESTS = frozenset({PUBLIC})
MEMBERS_TIER = frozenset({PUBLIC, MEMBERS})


def _queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def test_three_levels_every_ancestor_counts() -> None:
    # 1 staff > 2 public > 3 public; 4 public > 5 members > 6 public > 7 public
    tree = ForumTree(
        [
            (1, None, STAFF),
            (2, 1, PUBLIC),
            (3, 2, PUBLIC),
            (4, None, PUBLIC),
            (5, 4, MEMBERS),
            (6, 5, PUBLIC),
            (7, 6, PUBLIC),
        ]
    )

    assert tree.reachable(GUESTS) == {4}
    assert tree.reachable(MEMBERS_TIER) == {4, 5, 6, 7}
    assert tree.reachable(frozenset({PUBLIC, MEMBERS, STAFF})) == {1, 2, 3, 4, 5, 6, 7}
    assert tree.lineage(7) == (7, 6, 5, 4)


def test_a_forum_in_a_cycle_or_under_a_missing_parent_is_unreachable() -> None:
    tree = ForumTree(
        [(1, 2, PUBLIC), (2, 1, PUBLIC), (3, 3, PUBLIC), (4, 99, PUBLIC), (5, None, PUBLIC)]
    )

    assert tree.lineage(1) is None
    assert tree.lineage(3) is None
    assert tree.lineage(4) is None
    assert tree.lineage(404) is None
    assert tree.reachable(GUESTS) == {5}


@st.composite
def _forests(draw: st.DrawFn) -> list[tuple[int, int | None, str]]:
    """Forests of up to 25 forums, each parent made before its children."""
    size = draw(st.integers(min_value=0, max_value=25))
    rows: list[tuple[int, int | None, str]] = []
    for forum_id in range(1, size + 1):
        parent = None
        if forum_id > 1:
            parent = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=forum_id - 1)))
        rows.append((forum_id, parent, draw(st.sampled_from([PUBLIC, MEMBERS, STAFF]))))
    return rows


@given(_forests(), st.sampled_from([GUESTS, MEMBERS_TIER]))
def test_reachable_forums_are_exactly_those_whose_whole_chain_is_readable(
    rows: list[tuple[int, int | None, str]], tier: frozenset[str]
) -> None:
    parents = {forum_id: parent for forum_id, parent, _ in rows}
    visibility = {forum_id: seen for forum_id, _, seen in rows}

    def readable(forum_id: int | None) -> bool:
        while forum_id is not None:
            if visibility[forum_id] not in tier:
                return False
            forum_id = parents[forum_id]
        return True

    assert ForumTree(rows).reachable(tier) == {f for f in parents if readable(f)}


@pytest.mark.django_db
def test_the_tree_is_read_once_while_nothing_changes(forum: Forum) -> None:
    forget_forum_tree()

    assert _queries(current_forum_tree) == 1
    assert _queries(current_forum_tree) == 0
    assert held_forum_tree() is current_forum_tree()


@pytest.mark.django_db
def test_a_write_elsewhere_costs_a_cache_read_not_a_query(forum: Forum) -> None:
    held = current_forum_tree()

    bump_content_version()  # a reply somewhere: the content version moves, the forums do not

    assert _queries(current_forum_tree) == 0
    assert current_forum_tree() is held


@pytest.mark.django_db
def test_a_forum_change_published_by_another_process_is_read_at_the_next_check(
    forum: Forum,
) -> None:
    held = current_forum_tree()
    # Another process saved a forum and committed: a new stamp, then a new content version.
    Forum.objects.filter(pk=forum.pk).update(visibility=Visibility.STAFF)  # no signal here
    cache.set(STAMP_KEY, "another process", timeout=None)
    bump_content_version()

    assert _queries(current_forum_tree) == 1
    assert current_forum_tree() is not held
    assert current_forum_tree().reachable(GUESTS) == frozenset()


@pytest.mark.django_db
def test_saving_a_forum_drops_the_tree_here_at_once_and_publishes_on_commit(
    forum: Forum, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    current_forum_tree()
    stamp = cache.get(STAMP_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        forum.visibility = Visibility.MEMBERS
        forum.save()
        assert held_forum_tree() is None
        assert current_forum_tree().reachable(GUESTS) == frozenset()

    assert cache.get(STAMP_KEY) not in (None, stamp)


@pytest.mark.django_db
def test_saving_counters_alone_keeps_the_tree_and_publishes_nothing(
    forum: Forum,
    published_events: list[Event],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    held = current_forum_tree()

    with django_capture_on_commit_callbacks(execute=True):
        forum.thread_count = 5
        forum.save(update_fields=["thread_count", "post_count"])

    assert held_forum_tree() is held
    assert published_events == []


@pytest.mark.django_db
def test_every_forum_save_and_deletion_publishes_forum_changed(
    forum: Forum,
    published_events: list[Event],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    category_id = forum.category_id
    with django_capture_on_commit_callbacks(execute=True):
        child = make_forum(parent=forum, category=forum.category)
    with django_capture_on_commit_callbacks(execute=True):
        forum.name = "Renamed"
        forum.save(update_fields=["name"])  # guests see names: the guest cache must hear
    child_id = child.pk
    with django_capture_on_commit_callbacks(execute=True):
        child.delete()

    assert published_events == [
        ForumChanged(kind="created", forum_id=child_id, category_id=category_id),
        ForumChanged(kind="updated", forum_id=forum.pk, category_id=category_id),
        ForumChanged(kind="deleted", forum_id=child_id, category_id=category_id),
    ]


@pytest.mark.django_db
def test_a_process_that_looked_between_the_subscribers_reads_the_tree_again(
    forum: Forum, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    # The guest cache's subscriber moves the content version before the tree's writes the
    # new stamp. Another process checking in that moment finds the old stamp and keeps its
    # tree under the new version: the tree's subscriber must move the version again.
    old_tree = current_forum_tree()
    old_stamp = cache.get(STAMP_KEY)
    between: list[tuple[object, str]] = []

    def look(event: Event) -> None:
        between.append((cache.get(STAMP_KEY), current_content_version()))

    subscribe(Event, look)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            forum.visibility = Visibility.STAFF
            forum.save()
    finally:
        unsubscribe(Event, look)
    [(stamp_seen, version_seen)] = between
    assert stamp_seen == old_stamp
    # What that other process holds now; its next check must read the forums again.
    tree_module._held = tree_module._Held(version_seen, old_stamp, old_tree)

    assert current_content_version() != version_seen
    assert _queries(current_forum_tree) == 1
    assert current_forum_tree().reachable(GUESTS) == frozenset()


@pytest.mark.django_db
def test_a_bulk_rebuild_makes_every_process_read_the_tree_again(forum: Forum) -> None:
    from pnyx.core.events import deliver

    current_forum_tree()
    stamp = cache.get(STAMP_KEY)
    Forum.objects.filter(pk=forum.pk).update(visibility=Visibility.MEMBERS)  # no signal

    deliver(ContentRebuilt(kind="seed"))

    assert cache.get(STAMP_KEY) not in (None, stamp)
    assert current_forum_tree().reachable(GUESTS) == frozenset()


@pytest.mark.django_db
def test_when_the_stores_fail_the_tree_is_read_every_time(
    forum: Forum, monkeypatch: pytest.MonkeyPatch
) -> None:
    current_forum_tree()

    def fail() -> str:
        raise ConnectionError("version store down")

    monkeypatch.setattr(tree_module, "current_content_version", fail)

    assert _queries(current_forum_tree) == 1
    assert _queries(current_forum_tree) == 1


@pytest.mark.django_db
def test_a_missing_stamp_is_made_and_shared(forum: Forum) -> None:
    forget_forum_tree()
    cache.delete(STAMP_KEY)

    current_forum_tree()
    made = cache.get(STAMP_KEY)
    bump_content_version()

    assert isinstance(made, str)
    assert _queries(current_forum_tree) == 0


def test_the_forests_drawn_reach_three_levels_and_more() -> None:
    # The property above is only worth something if the forests it draws nest deeply.
    def deep(rows: list[tuple[int, int | None, str]]) -> bool:
        tree = ForumTree(rows)
        return any(len(tree.lineage(forum_id) or ()) >= 4 for forum_id, _, _ in rows)

    assert deep(find(_forests(), deep)) is True


@pytest.mark.django_db
def test_a_forum_made_in_this_process_is_in_the_next_tree(forum: Forum) -> None:
    current_forum_tree()
    child = make_forum(parent=forum)

    assert child.pk in current_forum_tree().reachable(GUESTS)
