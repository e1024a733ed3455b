"""The index follows every change at once: new posts, edits, moves, renames, deletions."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from pnyx.accounts.models import Member
from pnyx.core.events import ThreadChanged, publish_on_commit
from pnyx.forums.models import Forum
from pnyx.posting.services import delete_post, delete_thread, edit_post
from pnyx.search.backends import Filters, get_backend
from pnyx.search.indexing import find_drift, index_posts, reindex
from pnyx.search.models import SearchDocument, SearchIndexState
from pnyx.search.query import parse_query
from pnyx.testing.factories import make_forum, make_post, make_thread
from pnyx.threads.models import Post

Indexed = Callable[..., AbstractContextManager[Any]]


def found(q: str, *forums: int) -> list[int]:
    return [
        hit.post_id
        for hit in get_backend().search(
            parse_query(q), Filters(forum_ids=frozenset(forums)), sort="date", offset=0, limit=50
        )
    ]


@pytest.mark.django_db
def test_edit_replaces_the_text(forum: Forum, member: Member, indexed: Indexed) -> None:
    with indexed():
        thread = make_thread(forum, author=member, title="Budget", body="Taxes rise.")
        post = make_post(thread, author=member, body="Old words about tariffs.")
    assert found("tariffs", forum.pk) == [post.pk]
    with indexed():
        edit_post(member, post, body="New words about subsidies.")
    assert found("tariffs", forum.pk) == []
    assert found("subsidies", forum.pk) == [post.pk]
    assert find_drift().clean


@pytest.mark.django_db
def test_move_and_rename_follow_the_thread(
    forum: Forum, member: Member, admin: Member, indexed: Indexed
) -> None:
    other = make_forum()
    with indexed():
        thread = make_thread(forum, author=member, title="Floods in Valencia", body="Rain.")
        reply = make_post(thread, author=member, body="More rain today.")
    with indexed():
        thread.forum = other
        thread.title = "Storms in Valencia"
        thread.save()
        publish_on_commit(ThreadChanged(kind="updated", thread_id=thread.pk, forum_id=other.pk))
    assert found("rain", forum.pk) == []
    assert set(found("rain", other.pk)) == {reply.pk, thread.first_post_id}
    assert found("floods", other.pk) == []
    assert found("storms", other.pk) == [thread.first_post_id]
    assert find_drift().clean


@pytest.mark.django_db
def test_deletions_leave_nothing_behind(
    forum: Forum, member: Member, admin: Member, indexed: Indexed
) -> None:
    with indexed():
        thread = make_thread(forum, author=member, title="Volcano", body="Ash cloud.")
        reply = make_post(thread, author=member, body="Flights cancelled by the ash.")
    assert len(found("ash", forum.pk)) == 2
    with indexed():
        delete_post(admin, reply)
    assert found("ash", forum.pk) == [thread.first_post_id]
    with indexed():
        delete_thread(admin, thread)
    assert found("ash", forum.pk) == []
    assert SearchDocument.objects.count() == 0
    assert get_backend().engine_ok()


@pytest.mark.django_db
def test_reindex_is_idempotent_and_resumable(forum: Forum, member: Member) -> None:
    # Written without the subscribers (as a bulk import would): the index lacks them.
    thread = make_thread(forum, author=member, title="Harvest", body="Wheat prices fall.")
    posts = [make_post(thread, author=member, body=f"Reply {n} on grain.") for n in range(5)]
    drift = find_drift()
    assert sorted(drift.missing) == sorted(Post.objects.values_list("pk", flat=True))
    seen: list[tuple[int, int]] = []
    assert reindex(batch=2, progress=lambda done, total, _: seen.append((done, total))) == 6
    assert seen == [(2, 6), (4, 6), (6, 6)]
    assert find_drift().clean
    assert reindex() == 6  # again: the same index
    assert SearchDocument.objects.count() == 6
    assert len(found("grain", forum.pk)) == 5
    # An interrupted run resumes after the last post it finished.
    SearchIndexState.objects.filter(pk=1).update(reindex_cursor=posts[2].pk)
    SearchDocument.objects.filter(post_id=posts[4].pk).delete()
    assert reindex(resume=True) == 2
    assert find_drift().clean


@pytest.mark.django_db
def test_drift_reports_stale_documents(forum: Forum, member: Member, indexed: Indexed) -> None:
    with indexed():
        thread = make_thread(forum, author=member, title="Strike", body="Trains stop.")
    other = make_forum()
    post_id = Post.objects.get(thread=thread, position=1).pk
    Post.objects.filter(pk=post_id).update(revision=3)
    SearchDocument.objects.filter(post_id=post_id).update(forum_id=other.pk)
    drift = find_drift()
    assert drift.stale == [post_id]
    index_posts(drift.stale)
    assert find_drift().clean


@pytest.mark.django_db
def test_an_older_revision_never_replaces_a_newer(
    forum: Forum, member: Member, indexed: Indexed
) -> None:
    with indexed():
        thread = make_thread(forum, author=member, title="Summit", body="First text.")
    from pnyx.search.backends.base import Row

    post_id = Post.objects.get(thread=thread, position=1).pk
    get_backend().upsert([Row(post_id=post_id, revision=0, title="x", body="y")])
    SearchDocument.objects.filter(post_id=post_id).update(revision=5)
    get_backend().upsert([Row(post_id=post_id, revision=4, title="x", body="z")])
    assert SearchDocument.objects.get(post_id=post_id).body == "y"
