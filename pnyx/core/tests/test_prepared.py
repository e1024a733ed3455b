"""Prepared queries give exactly the rows their queryset gives, with SQL built once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pnyx.accounts.models import Member
from pnyx.core.prepared import PreparedInQuery, PreparedQuery
from pnyx.testing.factories import make_post
from pnyx.threads.models import Post, Thread

pytestmark = pytest.mark.django_db


def test_rows_are_those_of_the_queryset_with_the_values(thread: Thread, member: Member) -> None:
    for _ in range(4):
        make_post(thread, author=member)
    query: PreparedQuery[Post] = PreparedQuery(
        lambda thread_id, first, end: (
            Post.objects.filter(thread_id=thread_id, position__gte=first, position__lt=end)
            .select_related("author")
            .order_by("position")
        ),
        3,
    )
    for first, end in ((1, 3), (2, 5), (4, 99), (50, 60)):
        expected = list(
            Post.objects.filter(thread=thread, position__gte=first, position__lt=end)
            .select_related("author")
            .order_by("position")
        )
        with CaptureQueriesContext(connection) as queries:
            got = query.run(thread.pk, first, end)
            assert [post.author for post in got] == [post.author for post in expected]
        assert len(queries) == 1  # authors came with the posts
        assert got == expected
        assert [post.html for post in got] == [post.html for post in expected]


def test_sql_is_built_once_per_shape(thread: Thread, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[object, ...]] = []

    def build(thread_id: int, start: int, stop: int) -> object:
        built.append((start, stop))
        return Post.objects.filter(thread_id=thread_id).order_by("position")[start:stop]

    query: PreparedQuery[Post] = PreparedQuery(build, 1)  # type: ignore[arg-type]
    assert query.run(thread.pk, shape=(0, 1)) == [Post.objects.get(thread=thread, position=1)]
    query.run(thread.pk, shape=(0, 1))
    query.run(thread.pk + 1, shape=(0, 1))
    assert query.run(thread.pk, shape=(1, 2)) == []
    assert built == [(0, 1), (1, 2)]


def test_values_must_be_integers(thread: Thread) -> None:
    query: PreparedQuery[Thread] = PreparedQuery(lambda pk: Thread.objects.filter(pk=pk), 1)
    assert query.first(thread.pk) == thread
    assert query.first(thread.pk + 1000) is None
    for wrong in (str(thread.pk), None, thread, True, 1.0):
        with pytest.raises(TypeError):
            query.run(wrong)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        query.run(1, 2)


def test_a_marker_the_sql_does_not_hold_once_is_refused(db: None) -> None:
    # The value is compared twice: swapping one parameter would be wrong, so it refuses.
    twice: PreparedQuery[Thread] = PreparedQuery(
        lambda pk: Thread.objects.filter(pk=pk, reply_count=pk), 1
    )
    with pytest.raises(ValueError, match="appears 2 times"):
        twice.run(1)
    ignored: PreparedQuery[Thread] = PreparedQuery(lambda pk: Thread.objects.all(), 1)
    with pytest.raises(ValueError, match="appears 0 times"):
        ignored.run(1)


def test_in_lists_of_every_length(thread: Thread, member: Member) -> None:
    posts = [make_post(thread, author=member) for _ in range(3)]
    ids = [post.pk for post in posts]
    query: PreparedInQuery[tuple[int, int]] = PreparedInQuery(
        lambda author_id, post_ids: (
            Post.objects.filter(author_id=author_id, pk__in=post_ids)
            .order_by("pk")
            .values_list("pk", "position")
        ),
        1,
        max_length=2,
    )
    assert query.run(member.pk, values=[]) == []
    assert query.run(member.pk, values=ids[:1]) == [(ids[0], posts[0].position)]
    assert query.run(member.pk, values=ids[1:3]) == [(p.pk, p.position) for p in posts[1:3]]
    # Longer than max_length: the queryset as it is.
    assert query.run(member.pk, values=ids) == [(p.pk, p.position) for p in posts]
    assert query.run(member.pk + 1000, values=ids[:2]) == []


def test_ids_no_row_can_have_are_missing_rows(thread: Thread) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from pnyx.forums.selectors import get_forum
    from pnyx.threads.selectors import get_thread

    guest = AnonymousUser()
    assert get_thread(guest, thread.pk) == thread
    assert get_forum(guest, thread.forum_id) == thread.forum
    for wrong in (0, -1, 2**63, 2**70):
        with pytest.raises(Http404):
            get_thread(guest, wrong)
        with pytest.raises(Http404):
            get_forum(guest, wrong)


def test_queries_made_one_after_another_never_share_compiled_sql(thread: Thread) -> None:
    # Queries freed and made again (ids of Python objects are reused) keep their own SQL.
    for _ in range(30):
        one: PreparedQuery[Thread] = PreparedQuery(lambda pk: Thread.objects.filter(pk=pk), 1)
        assert one.run(thread.pk) == [thread]
        two: PreparedQuery[Thread] = PreparedQuery(
            lambda pk, forum_id: Thread.objects.filter(pk=pk, forum_id=forum_id), 2
        )
        assert two.run(thread.pk, thread.forum_id) == [thread]
        del one, two
