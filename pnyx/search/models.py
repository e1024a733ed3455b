"""The search index: one document per post, kept in step with the posts by the indexing
subscribers (``pnyx.search.indexing``).

The table holds what searching filters on (forum, thread, author, time, first post or not)
and the text that is searched (the thread's title, on the first post only, and the post's
text without markup). The engine's own index sits beside it and is not a Django field: on
SQLite an FTS5 external-content table ``search_fts`` kept in step by triggers on this table,
on PostgreSQL a ``vector`` (tsvector) column with a GIN index, written by the backend
(``pnyx.search.backends``). Both are created by the migration for the engine in use.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    # Deleting a post (or its thread) deletes its document in the same transaction.
    post = models.OneToOneField(
        "threads.Post", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    thread_id = models.BigIntegerField()
    forum_id = models.BigIntegerField()
    author_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField()
    is_first = models.BooleanField()
    # The post's revision when indexed: a late writer never replaces a newer text.
    revision = models.PositiveIntegerField()
    title = models.TextField()
    body = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["thread_id", "post"], name="search_doc_thread_idx"),
            models.Index(fields=["forum_id", "-created_at"], name="search_doc_forum_idx"),
            models.Index(fields=["author_id", "-created_at"], name="search_doc_author_idx"),
            models.Index(fields=["-created_at"], name="search_doc_created_idx"),
        ]

    def __str__(self) -> str:
        return f"Search document of post {self.post_id}"


class SearchIndexState(models.Model):
    """One row: how far a running (or interrupted) ``pnyx manage reindex`` got."""

    reindex_cursor = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"Reindex at post {self.reindex_cursor}"
