"""Keeping the index in step with the posts.

Subscribers of the domain events (registered in ``SearchConfig.ready``) index a post when
it is created or edited, follow a thread's moves and title changes, and forget deleted
posts, after the change commits: a reply's transaction never waits for the index, and a
rolled-back change never reaches it. Deleting a post deletes its document in the same
transaction (a foreign key), so a deleted post is never found even for a moment.

Every write here is idempotent (an upsert that never replaces a newer revision), so
``reindex`` may run while the forum runs, and again after a crash; ``find_drift`` reports
what differs between the posts and the index (``pnyx manage search_check``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from pnyx.core.events import MemberChanged, PostChanged, ThreadChanged
from pnyx.search.backends import get_backend
from pnyx.search.backends.base import Row, clean_title, text_of_html
from pnyx.search.models import SearchDocument, SearchIndexState
from pnyx.threads.models import Post, Thread

BATCH = 500


def rows_for(post_ids: Iterable[int]) -> list[Row]:
    """What to index for these posts (the ones that still exist)."""
    posts = Post.objects.filter(pk__in=list(post_ids)).values_list(
        "pk", "revision", "html", "position", "thread__title"
    )
    return [
        Row(
            post_id=pk,
            revision=revision,
            title=clean_title(title) if position == 1 else "",
            body=text_of_html(html),
        )
        for pk, revision, html, position, title in posts
    ]


def index_posts(post_ids: Sequence[int]) -> int:
    """Index (or re-index) these posts; the ones that no longer exist are dropped."""
    backend = get_backend()
    done = 0
    for start in range(0, len(post_ids), BATCH):
        chunk = post_ids[start : start + BATCH]
        rows = rows_for(chunk)
        with transaction.atomic():
            backend.upsert(rows)
            gone = set(chunk) - {row.post_id for row in rows}
            if gone:
                backend.delete_posts(sorted(gone))
        done += len(rows)
    return done


def index_thread(thread_id: int) -> None:
    """A thread moved or was renamed: its documents take its forum, its first its title."""
    with transaction.atomic():
        forum_id = Thread.objects.filter(pk=thread_id).values_list("forum_id", flat=True).first()
        if forum_id is None:
            SearchDocument.objects.filter(thread_id=thread_id).delete()
            return
        SearchDocument.objects.filter(thread_id=thread_id).exclude(forum_id=forum_id).update(
            forum_id=forum_id
        )
    first = Post.objects.filter(thread_id=thread_id, position=1).values_list("pk", flat=True)
    index_posts(list(first))


def on_post_changed(event: PostChanged) -> None:
    if event.kind == "deleted":
        get_backend().delete_posts([event.post_id])
    else:
        index_posts([event.post_id])


def on_thread_changed(event: ThreadChanged) -> None:
    if event.kind == "deleted":
        SearchDocument.objects.filter(thread_id=event.thread_id).delete()
    elif event.kind == "updated":
        index_thread(event.thread_id)


def on_member_changed(event: MemberChanged) -> None:
    if event.kind == "deleted":
        SearchDocument.objects.filter(author_id=event.member_id).update(author_id=None)


# ---------------------------------------------------------------- rebuilding


def reindex(
    *,
    resume: bool = False,
    batch: int = BATCH,
    progress: Callable[[int, int, int], object] | None = None,
) -> int:
    """Index every post, in id order, one batch per transaction. The last post id done is
    kept (``SearchIndexState``), so ``resume=True`` carries on after an interruption.
    Returns the number of posts written. Safe while the forum runs: the subscribers keep
    indexing, and neither ever replaces a newer revision with an older one."""
    state, _ = SearchIndexState.objects.get_or_create(pk=1)
    after = state.reindex_cursor if resume and state.reindex_cursor else 0
    last = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    total = Post.objects.count()
    done_before = Post.objects.filter(pk__lte=after).count() if after else 0
    written = 0
    while True:
        ids = list(
            Post.objects.filter(pk__gt=after, pk__lte=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            break
        rows = rows_for(ids)
        with transaction.atomic():
            get_backend().upsert(rows)
            SearchIndexState.objects.filter(pk=1).update(reindex_cursor=ids[-1])
        written += len(rows)
        after = ids[-1]
        if progress is not None:
            progress(done_before + written, total, after)
    SearchIndexState.objects.filter(pk=1).update(reindex_cursor=None)
    return written


@dataclass(frozen=True, slots=True)
class Drift:
    missing: list[int]  # posts without a document
    stale: list[int]  # documents that differ from their post (text, forum, author, title)
    engine_ok: bool  # the engine's own index agrees with the documents

    @property
    def clean(self) -> bool:
        return not self.missing and not self.stale and self.engine_ok


def find_drift(limit: int = 10_000) -> Drift:
    """Posts the index lacks or has out of date (at most ``limit`` of each)."""
    missing = list(
        Post.objects.filter(~Exists(SearchDocument.objects.filter(post_id=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.post_id FROM search_searchdocument d"
            " JOIN threads_post p ON p.id = d.post_id"
            " JOIN threads_thread t ON t.id = p.thread_id"
            " WHERE d.revision <> p.revision OR d.forum_id <> t.forum_id"
            " OR d.thread_id <> p.thread_id OR (d.is_first <> (p.position = 1))"
            " OR (d.author_id IS NULL) <> (p.author_id IS NULL) OR d.author_id <> p.author_id"
            " OR (p.position = 1 AND d.title <> t.title)"
            " ORDER BY d.post_id LIMIT %s",
            [limit],
        )
        stale = [row[0] for row in cursor.fetchall()]
    return Drift(missing=missing, stale=stale, engine_ok=get_backend().engine_ok())
